"""Write a file atomically: the package's one writer (`paradiplomacy.safeio`), so a failed run leaves the old
file intact, a reader never sees half a report, and a device such as /dev/stdout is written, not replaced."""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    from paradiplomacy.safeio import write_text

    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():  # a report goes where the user said; a mistyped folder is not created
        raise InputError(f"{path}: no such folder {directory}; create it first")
    write_text(path, text, what="report")
