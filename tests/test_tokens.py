"""The tokenizer of the `tokens` configuration and the lossless span <-> BIO round trip over the gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_dataset_corpus import annotation_records, source_corpus

from paradiplomacy.dataset.features import bio_tags
from paradiplomacy.dataset.tokens import Span, bio_to_spans, misaligned, spans_to_bio, token_row, tokenize
from paradiplomacy.errors import InputError


def _texts(text: str) -> list[str]:
    return [token.text for token in tokenize(text)]


def test_words_keep_cyrillic_umlauts_and_eszett_whole() -> None:
    assert _texts("Bürgermeisters Straße вице-мэр Шэньчжэня") == [
        "Bürgermeisters", "Straße", "вице", "-", "мэр", "Шэньчжэня",
    ]  # fmt: skip


def test_punctuation_is_one_token_each_so_possessives_split() -> None:
    assert _texts("Shanghai's “Road Map”, Kurlenko’s") == [
        "Shanghai", "'", "s", "“", "Road", "Map", "”", ",", "Kurlenko", "’", "s",
    ]  # fmt: skip


def test_digits_and_letters_split_and_nbsp_separates() -> None:
    assert _texts("$2 billion 2018г 6\u00a0марта 1,267.7") == [
        "$", "2", "billion", "2018", "г", "6", "марта", "1", ",", "267", ".", "7",
    ]  # fmt: skip


def test_combining_marks_stay_inside_their_word() -> None:
    assert _texts("Моска\u0301 x") == ["Моска\u0301", "x"]


def test_offsets_are_code_points_into_the_text() -> None:
    text = "Шэньчжэнь — city"
    assert all(text[t.start : t.end] == t.text for t in tokenize(text))


def test_a_boundary_inside_a_token_is_reported_and_refused() -> None:
    text = "Minskers met"
    spans = [Span(0, 5, "GPE")]
    assert misaligned(tokenize(text), spans) == spans
    with pytest.raises(InputError, match=r"doc: mention boundaries fall inside a token.*\[0, 5\) 'Minsk'"):
        token_row("doc", "en", text, [{"start": 0, "end": 5, "label": "GPE"}])


def test_overlapping_mentions_are_refused() -> None:
    entities = [{"start": 0, "end": 12, "label": "GPE"}, {"start": 6, "end": 12, "label": "GPE"}]
    with pytest.raises(InputError, match="overlaps"):
        token_row("doc", "en", "Minsk Oblast", entities)


def test_stray_inside_tag_starts_a_span() -> None:
    tokens = tokenize("a b c")
    assert bio_to_spans(tokens, ["I-PER", "I-PER", "B-GPE"]) == [Span(0, 3, "PER"), Span(4, 5, "GPE")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return source_corpus(tmp_path_factory.mktemp("tokens"))


def test_gold_spans_round_trip_through_bio(corpus: tuple[Path, Path]) -> None:
    annotations, seeds = corpus
    cut: list[str] = []
    for record in annotation_records(annotations):
        text = (seeds / f"{record['doc_id']}.txt").read_bytes().decode("utf-8")
        tokens = tokenize(text)
        spans = sorted(Span(e["start"], e["end"], e["label"]) for e in record["entities"])
        cut += [
            f"{record['doc_id']} [{s.start}, {s.end}) {text[s.start : s.end]!r}"
            for s in misaligned(tokens, spans)
        ]
        if not cut:
            tags = spans_to_bio(tokens, spans)
            assert set(tags) <= set(bio_tags())
            assert bio_to_spans(tokens, tags) == spans
    assert cut == [], "mentions whose boundaries fall inside a token:\n" + "\n".join(cut)


_WORDS = st.lists(
    st.sampled_from(["Minsk", "Шэньчжэнь", "'s", "2018", "ß", ",", "“", "Groß-Stadt"]), max_size=12
)


@given(_WORDS, st.data())
def test_any_token_aligned_spans_round_trip(words: list[str], data: st.DataObject) -> None:
    tokens = tokenize(" ".join(words))
    spans, i = [], 0
    while i < len(tokens):
        length = data.draw(st.integers(0, 3))
        if length and i + length <= len(tokens):
            label = data.draw(st.sampled_from(["GPE", "PER", "DATE"]))
            spans.append(Span(tokens[i].start, tokens[i + length - 1].end, label))
            i += length
        else:
            i += 1
    assert bio_to_spans(tokens, spans_to_bio(tokens, spans)) == spans
