"""Anchor the names a model returns to character offsets in the document, so the offset layer is scored too.

Rule (also in eval/README.md): names are taken in the order the model lists them (the prompt asks for text
order). Each name takes an occurrence of itself in the text that
1. is a whole word sequence (no letter or digit glued on either side: "Vitebsk" is not found in "Vitebsker"),
2. overlaps no occurrence already taken by an earlier name, and
3. is the first such occurrence at or after the end of the previous anchored name, else the first anywhere;
so the k-th listing of the same name takes the k-th free occurrence. The search is exact (case-sensitive)
first; only when no exact occurrence is free, it is repeated on normalised text (NFKC, case-folded, runs of
white space as one space, typographic apostrophes, quotes and dashes as ASCII), and the entity's `text`
becomes the document's own spelling. A name with no free occurrence stays without offsets: it is scored by
text only, never placed at a guessed position.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

Span = tuple[int, int]
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                              "–": "-", "—": "-", "‑": "-"})  # fmt: skip


def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char.translate(_TYPOGRAPHIC)).casefold()


class Folded:
    """A normalised copy of a text with, for each of its characters, the index of the original one."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            if char.isspace():
                if chars and chars[-1] == " ":
                    continue
                piece = " "
            else:
                piece = _fold(char)
            chars.extend(piece)
            origin.extend([index] * len(piece))
        self.text = "".join(chars)
        self.origin = origin

    def spans(self, name: str) -> list[Span]:
        needle = " ".join(fold(name).split())
        found = []
        start = self.text.find(needle) if needle else -1
        while start >= 0:
            found.append((self.origin[start], self.origin[start + len(needle) - 1] + 1))
            start = self.text.find(needle, start + 1)
        return found


def fold(text: str) -> str:
    return "".join(_fold(char) for char in text)


def _exact(text: str, name: str) -> list[Span]:
    found = []
    start = text.find(name) if name else -1
    while start >= 0:
        found.append((start, start + len(name)))
        start = text.find(name, start + 1)
    return found


def _whole(text: str, span: Span) -> bool:
    start, end = span
    glued_before = start > 0 and text[start].isalnum() and text[start - 1].isalnum()
    glued_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return end > start and not glued_before and not glued_after


def anchor(text: str, names: Sequence[str]) -> list[Span | None]:
    """One span (or None) per name, by the rule in the module docstring."""
    taken: list[Span] = []
    cursor = 0
    folded: Folded | None = None
    result: list[Span | None] = []
    for name in names:
        span = _choose(_exact(text, name), text, taken, cursor)
        if span is None:
            folded = folded or Folded(text)
            span = _choose(folded.spans(name), text, taken, cursor)
        if span is not None:
            taken.append(span)
            cursor = span[1]
        result.append(span)
    return result


def _choose(candidates: list[Span], text: str, taken: list[Span], cursor: int) -> Span | None:
    free = [
        span
        for span in candidates
        if _whole(text, span) and all(span[1] <= t[0] or t[1] <= span[0] for t in taken)
    ]
    return next((span for span in free if span[0] >= cursor), free[0] if free else None)
