"""Paragraphs published twice: verbatim, or nearly (a changed comma, a re-typed quote), as in seed 001.

A paragraph is a line of the extracted text. Short lines (a dateline, "Photo: ...") repeat legitimately and
are not compared. Near-verbatim means a difflib similarity of at least `NEAR`, after case folding and
whitespace collapsing; the comparison is quadratic in paragraphs, so the number compared is bounded.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from paradiplomacy.errors import InputError

MIN_LENGTH = 40  # characters; shorter lines are not compared
NEAR = 0.9
MAX_PARAGRAPHS = 2000
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Repeat:
    index: int  # the repeated paragraph (0-based line number)
    original: int  # the earlier paragraph it repeats
    similarity: float  # 1.0 for verbatim

    @property
    def kind(self) -> str:
        return "verbatim" if self.similarity == 1.0 else f"near-verbatim ({self.similarity:.0%} similar)"


def _normal(line: str) -> str:
    return _SPACE.sub(" ", line).strip().casefold()


def find_repeats(text: str) -> list[Repeat]:
    lines = text.split("\n")
    if len(lines) > MAX_PARAGRAPHS:
        raise InputError(f"{len(lines)} paragraphs; an article has at most {MAX_PARAGRAPHS}")
    seen: list[tuple[int, str]] = []
    repeats = []
    for index, line in enumerate(lines):
        normal = _normal(line)
        if len(normal) < MIN_LENGTH:
            continue
        best: tuple[float, int] | None = None
        for earlier, other in seen:
            if normal == other:
                best = (1.0, earlier)
                break
            matcher = difflib.SequenceMatcher(None, other, normal, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR:
                ratio = matcher.ratio()
                if ratio >= NEAR and (best is None or ratio > best[0]):
                    best = (ratio, earlier)
        if best is not None:
            repeats.append(Repeat(index, best[1], best[0]))
        else:
            seen.append((index, normal))
    return repeats


def drop_repeats(text: str, repeats: list[Repeat]) -> str:
    dropped = {repeat.index for repeat in repeats}
    return "\n".join(line for index, line in enumerate(text.split("\n")) if index not in dropped)


def describe(text: str, repeats: list[Repeat]) -> list[str]:
    lines = text.split("\n")
    return [
        f"paragraph {r.index + 1} repeats paragraph {r.original + 1} {r.kind}: {lines[r.index][:60]!r}"
        for r in repeats
    ]
