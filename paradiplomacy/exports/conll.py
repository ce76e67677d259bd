"""CoNLL BIO, from the token view: `token<TAB>start<TAB>end<TAB>tag`, one block per paragraph.

The token comes first and the IOB2 tag last, as CoNLL-2003 readers expect; the middle columns are the token's
code-point offsets into the seed, so spans map back to the gold exactly. Each block opens with
`# doc_id = ...` and `# paragraph = N` comments (CoNLL-U style, which the `conllu` library reads); a blank
line ends it. A paragraph is a line of the seed; a mention never crosses one.
"""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.corpus import Document
from paradiplomacy.dataset.tokens import token_row
from paradiplomacy.safeio import write_bytes

COLUMNS = ("form", "start", "end", "ner")


def conll_text(documents: list[Document]) -> str:
    lines: list[str] = []
    for document in documents:
        row = token_row(document.doc_id, document.language, document.text, document.entities)
        block: list[str] = []
        paragraph = 0
        previous_end = 0
        for form, start, end, tag in zip(
            row["tokens"], row["start"], row["end"], row["ner_tags"], strict=True
        ):
            newline = "\n" in document.text[previous_end:start]
            if block and newline and not tag.startswith("I-"):
                lines += [*block, ""]
                block = []
            if not block:
                paragraph += 1
                block = [
                    f"# doc_id = {document.doc_id}",
                    f"# language = {document.language}",
                    f"# paragraph = {paragraph}",
                ]
            block.append("\t".join([form, str(start), str(end), tag]))
            previous_end = end
        if block:
            lines += [*block, ""]
    return "\n".join(lines) + ("\n" if lines else "")


def write_conll(documents: list[Document], out: Path) -> list[str]:
    text = conll_text(documents)
    write_bytes(out, text.encode("utf-8"), what="CoNLL export")
    tokens = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    return [f"{out}: {len(documents)} documents, {tokens} tokens"]
