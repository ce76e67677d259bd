"""Write a file atomically: a temporary file beside the target, then `os.replace`, so a failed run leaves the
old file intact and a reader never sees half a report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from paradiplomacy.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: no such folder {directory}; create it first")
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({error.strerror})") from None


def _mode(path: Path) -> int:
    """The target's permissions if it exists, else what a plain open() would give (0o666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
