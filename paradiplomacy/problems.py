"""One problem found in an input file, with where it is and how serious a layer it breaks.

Shared by `paradiplomacy validate`, the prediction reader and anything else that checks files, so that every
tool reports a problem the same way: file, location, message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# The order a reader fixes things in: a file that is not JSON has no schema errors worth reading yet.
LEVELS = ("format", "schema", "vocabulary", "consistency")

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    level: str
    message: str

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown problem level {self.level!r} (expected one of {', '.join(LEVELS)})")

    def __str__(self) -> str:
        if self.location:
            return printable(f"{self.file}: {self.location}: {self.message}")
        return printable(f"{self.file}: {self.message}")


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(32), *range(0x7F, 0xA0)]}
_CONTROL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def printable(text: str) -> str:
    """One line on any terminal: control characters (newlines and escapes in hostile keys) shown escaped."""
    if text.isprintable():
        return text
    return text.translate(_CONTROL)


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer; `~` and `/` inside keys are escaped so the pointer can be followed back."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    # "/entities/10" sorts after "/entities/9"; "line 10" after "line 9".
    return tuple((1, int(piece)) if piece.isdigit() else (0, piece) for piece in _DIGITS.split(text))


def sort_key(problem: Problem) -> tuple[object, ...]:
    return (LEVELS.index(problem.level), problem.file, _natural(problem.location), problem.message)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Grouped by level (format first), then by file and location in natural order; duplicates dropped."""
    return sorted(set(problems), key=sort_key)
