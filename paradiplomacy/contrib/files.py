"""Writes that never leave a half-written file and never replace what they must not.

Every file is written to a temporary file in the target's folder and then renamed over the target
(`os.replace`, atomic on POSIX). A new seed is created with `os.link`, which fails if the name exists, so two
runs can never both believe they wrote it. `write_all` writes several files as one step: every temporary file
is complete before the first rename, so a failure while writing leaves every old file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError


def json_text(value: Any) -> str:
    """The repository's JSON style: two-space indent, UTF-8 characters kept, one final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (if any) is untouched.

    The package's one writer (`paradiplomacy.safeio`): it also follows a symlink and writes a device such as
    /dev/stdout in place instead of replacing it.
    """
    from paradiplomacy.safeio import write_bytes

    write_bytes(path, data)


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`, atomically, failing (InputError) if it exists: never overwrites."""
    if path.exists():
        raise InputError(f"{path}: already exists; it is never overwritten")
    try:
        temporary = _temporary(path, data)
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror}); nothing was changed") from None
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise InputError(f"{path}: already exists; it is never overwritten") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror}); nothing was changed") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file, or (when a temporary file cannot be written) none of them."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _temporary(path, data)
    except OSError as error:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise InputError(f"cannot write ({error.strerror}); nothing was changed") from None
    for path, temporary in temporaries.items():
        os.replace(temporary, path)
