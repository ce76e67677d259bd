"""Write a file atomically: the package's one writer (`paradiplomacy.safeio`), so a failed run leaves the old
file intact, a reader never sees half a report, and a device such as /dev/stdout is written, not replaced."""

from __future__ import annotations

from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    from paradiplomacy.safeio import write_text

    write_text(path, text, what="report")
