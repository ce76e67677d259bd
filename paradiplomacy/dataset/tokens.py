"""Word tokens and BIO tags derived deterministically from the character-offset gold.

The tokenizer, documented in the card: a token is a run of letters (any script, with combining marks, so
Cyrillic, ß and umlauts stay inside words), a run of decimal digits, or any other single non-space character.
Letters and digits split from each other ("2018г" -> "2018", "г") and every punctuation mark is its own token
("Shanghai's" -> "Shanghai", "'", "s"), so the guidelines' span boundaries fall between tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from paradiplomacy.errors import InputError

_TOKEN = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+|\d+|\S")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    label: str


def tokenize(text: str) -> list[Token]:
    return [Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]


def misaligned(tokens: Sequence[Token], spans: Iterable[Span]) -> list[Span]:
    """Spans whose start or end falls inside a token, or that cover no token: BIO cannot carry them."""
    return _misaligned([t.start for t in tokens], [t.end for t in tokens], spans)


def spans_to_bio(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """One tag per token; the spans must be aligned (see `misaligned`) and must not overlap."""
    return _bio([t.start for t in tokens], [t.end for t in tokens], spans)


def _misaligned(starts: Sequence[int], ends: Sequence[int], spans: Iterable[Span]) -> list[Span]:
    start_set, end_set = set(starts), set(ends)
    return [span for span in spans if span.start not in start_set or span.end not in end_set]


def _bio(starts: Sequence[int], ends: Sequence[int], spans: Iterable[Span]) -> list[str]:
    tags = ["O"] * len(starts)
    index_of_start = {start: i for i, start in enumerate(starts)}
    for span in sorted(spans, key=lambda s: s.start):
        i = index_of_start[span.start]
        if tags[i] != "O":
            raise ValueError(f"span [{span.start}, {span.end}) overlaps another span")
        tags[i] = f"B-{span.label}"
        inside = f"I-{span.label}"
        i += 1
        while i < len(tags) and ends[i] <= span.end:
            if tags[i] != "O":
                raise ValueError(f"span [{span.start}, {span.end}) overlaps another span")
            tags[i] = inside
            i += 1
    return tags


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    """The inverse of `spans_to_bio`; an `I-` tag that continues nothing starts a span (the IOB2 repair)."""
    spans: list[Span] = []
    current: list[Any] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        kind, _, label = tag.partition("-")
        if current is not None and (kind != "I" or label != current[2]):
            spans.append(Span(*current))
            current = None
        if kind == "B" or (kind == "I" and current is None):
            current = [token.start, token.end, label]
        elif kind == "I" and current is not None:
            current[1] = token.end
    if current is not None:
        spans.append(Span(*current))
    return spans


def document_spans(entities: Iterable[dict[str, Any]]) -> list[Span]:
    return [Span(entity["start"], entity["end"], entity["label"]) for entity in entities]


def token_row(doc_id: str, language: str, text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    """The `tokens` configuration's row; refuses a mention that the tokenizer would cut."""
    matches = list(_TOKEN.finditer(text))  # three lists, not a Token per token: this is most of a build
    starts, ends = [m.start() for m in matches], [m.end() for m in matches]
    spans = document_spans(entities)
    bad = _misaligned(starts, ends, spans)
    if bad:
        where = ", ".join(f"[{s.start}, {s.end}) {text[s.start : s.end]!r}" for s in bad)
        raise InputError(f"{doc_id}: mention boundaries fall inside a token, BIO cannot carry them: {where}")
    try:
        tags = _bio(starts, ends, spans)
    except ValueError as error:
        raise InputError(f"{doc_id}: {error}") from None
    return {
        "doc_id": doc_id,
        "language": language,
        "tokens": [m.group() for m in matches],
        "start": starts,
        "end": ends,
        "ner_tags": tags,
    }
