"""Writes that never leave a half-written file and never replace what they must not.

Single files go through the package's one writer, `paradiplomacy.safeio.write_bytes`. This module adds two
writes it has no need for elsewhere, both from complete temporary files (`safeio.temporary_beside`): a new
seed, created with `os.link`, which fails if the name exists, so two runs can never both believe they wrote
it; and `write_all`, several files as one step: every temporary file is complete before the first rename, so
a failure while writing leaves every old file intact.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError


def json_text(value: Any) -> str:
    """The repository's JSON style: two-space indent, UTF-8 characters kept, one final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _temporary(path: Path, data: bytes) -> Path:
    from paradiplomacy.safeio import temporary_beside

    path.parent.mkdir(parents=True, exist_ok=True)
    return temporary_beside(path.parent, data)


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
