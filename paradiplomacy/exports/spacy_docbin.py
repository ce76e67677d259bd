"""spaCy `DocBin`: one `Doc` per document, its text the seed's, mentions as `doc.ents`, sectors as `doc.cats`.

Tokens are the token view's (`paradiplomacy.dataset.tokens`), whose boundaries every mention respects, so no
span is lost to a tokenizer disagreement; whitespace other than a single space becomes whitespace tokens, as
spaCy itself represents it, so `doc.text` is exactly the seed. `doc.user_data` holds doc_id and language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.corpus import Document
from paradiplomacy.dataset.tokens import tokenize
from paradiplomacy.errors import InputError
from paradiplomacy.safeio import write_bytes


def words_and_spaces(text: str) -> tuple[list[str], list[bool], list[int]]:
    """spaCy's (words, spaces) for `text`, and each word's start offset."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    position = 0
    for token in tokenize(text):
        gap = text[position : token.start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            if words and gap.startswith(" ") and len(gap) > 1:
                spaces[-1] = True
                gap, position = gap[1:], position + 1
            words.append(gap)
            spaces.append(False)
            starts.append(position)
        words.append(token.text)
        spaces.append(False)
        starts.append(token.start)
        position = token.end
    if position < len(text):
        words.append(text[position:])
        spaces.append(False)
        starts.append(position)
    return words, spaces, starts


def to_doc(document: Document, vocab: Any) -> Any:
    from spacy.tokens import Doc

    words, spaces, _ = words_and_spaces(document.text)
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != document.text:
        raise InputError(f"{document.doc_id}: the spaCy Doc's text differs from the seed's (please report)")
    spans = []
    for entity in document.entities:
        span = doc.char_span(entity["start"], entity["end"], label=entity["label"], alignment_mode="strict")
        if span is None:
            raise InputError(
                f"{document.doc_id}: {entity['id']} [{entity['start']}, {entity['end']}) "
                "is not on token boundaries"
            )
        spans.append(span)
    doc.ents = spans
    doc.cats = {sector: float(sector in document.sectors) for sector in vocabulary.sectors()}
    doc.user_data["doc_id"] = document.doc_id
    doc.user_data["language"] = document.language
    return doc


def write_docbin(documents: list[Document], out: Path) -> list[str]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise InputError("export spacy needs spaCy: pip install 'paradiplomacy[spacy]'") from None
    nlp = spacy.blank("xx")
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for document in documents:
        docbin.add(to_doc(document, nlp.vocab))
    write_bytes(out, docbin.to_bytes(), what="spaCy DocBin")
    mentions = sum(len(d.entities) for d in documents)
    return [
        f"{out}: {len(documents)} documents, {mentions} entity spans, {len(vocabulary.sectors())} categories"
    ]
