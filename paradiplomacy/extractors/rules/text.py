"""Regular-expression building blocks shared by the rules: word alternations, name words, spans."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

SP = r"[^\S\n]+"  # spaces within a line: no rule crosses a line break
CAP = r"[A-ZÄÖÜА-ЯЁ][\w’'-]*"  # a capitalised word (names are written so in all three languages)
DETERMINERS = {"The", "A", "An", "This", "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer"}


class Mention(NamedTuple):
    start: int
    end: int
    label: str
    canonical: str | None = None
    rank: int = 0  # lower wins between equally long overlapping candidates


def alternation(items: Iterable[str]) -> str:
    """One non-capturing group; longest first ("Vice Mayor" beats "Mayor"); spaces match runs."""
    fragments = sorted(set(items), key=len, reverse=True)
    return "(?:" + "|".join(fragment.replace(" ", SP) for fragment in fragments) + ")"


def word(pattern: str) -> str:
    """A pattern that starts and ends at word boundaries (also for Cyrillic: `str` patterns are Unicode)."""
    return rf"(?<![\w-]){pattern}(?![\w])"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners and trailing possessives and punctuation (guidelines 2.1)."""
    while True:
        head = text[start:end].split(" ", 1)
        if len(head) == 2 and head[0] in DETERMINERS:
            start += len(head[0]) + 1
            continue
        break
    for suffix in ("'s", "’s", "'", "’", ".", ",", "-", ":", ";"):
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with some spans blanked out (same length, so offsets hold) for the next rules to ignore."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def compile_word(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(word(pattern), flags)
