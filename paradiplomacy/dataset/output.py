"""Replace the dataset folder as a whole, never deleting what the build did not write.

The build writes every file into a fresh folder beside `--out`, then swaps the two with renames, so a failed
or interrupted build leaves the previous folder exactly as it was. A manifest (`.paradiplomacy-build.json`)
lists the files a build wrote; a later build replaces only a folder it owns:
- a new or empty folder;
- a folder with a manifest, holding nothing but the files it lists (and dot-entries, such as a Hub clone's
  `.git` and `.gitattributes`, which are carried over untouched);
- a folder without a manifest holding only files the build itself produces (a folder from before manifests).
Anything else (a checkout's `.`, a folder with a user's notes) is refused with the names of the foreign files.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from paradiplomacy.errors import InputError
from paradiplomacy.safeio import describe_os_error, ensure_folder, is_temporary

MANIFEST = ".paradiplomacy-build.json"
_SHOWN = 5


def manifest_bytes(files: dict[str, bytes]) -> bytes:
    """Deterministic: the sorted relative paths, so an unchanged build writes an identical manifest."""
    body = {"written_by": "paradiplomacy build", "files": sorted(files)}
    return (json.dumps(body, indent=2) + "\n").encode("utf-8")


def _entries(out: Path) -> tuple[set[str], set[str]]:
    """Plain files (relative POSIX paths, dot-entries excluded) and top-level dot-entries of `out`."""
    files: set[str] = set()
    dots: set[str] = set()
    for root, folders, names in os.walk(out):
        base = Path(root).relative_to(out)
        for name in list(folders):
            if name.startswith("."):
                folders.remove(name)
                if base == Path("."):
                    dots.add(name)
        for name in names:
            if name.startswith("."):
                if base == Path(".") and not is_temporary(name):
                    dots.add(name)
                continue
            files.add((base / name).as_posix())
    return files, dots


def _manifest(out: Path) -> set[str] | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {str(item) for item in listed}
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(
            f"{path}: the build manifest is unreadable; the folder cannot be proven to be the build's own, "
            "so nothing was changed (move the folder aside and build again)"
        ) from None


def owned(out: Path, produced: set[str]) -> set[str]:
    """The files of `out` the build may replace; InputError when `out` holds anything else."""
    if not out.exists() and not out.is_symlink():
        return set()
    if not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; give --out a new or dataset folder")
    present, _ = _entries(out)
    listed = _manifest(out)
    allowed = listed if listed is not None else produced
    foreign = sorted(present - allowed)
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
        why = "files the last build did not write" if listed is not None else "not a dataset folder"
        raise InputError(
            f"{out}: refusing to build here: {why} ({shown}); the build replaces its output folder as a "
            "whole and never deletes what it did not write. Give --out a new or empty folder, or move those "
            "files away"
        )
    return present


def replace(files: dict[str, bytes], out: Path) -> list[str]:
    """Write `files` as the folder `out`; returns the relative paths written or removed (sorted)."""
    shown, out = out, Path(os.path.realpath(out))  # a symlinked --out: replace the folder it points to
    previous = owned(shown, set(files))
    touched = sorted(
        [name for name, data in files.items() if not _same(out / name, data)] + sorted(previous - set(files))
    )
    if not touched and _same(out / MANIFEST, manifest_bytes(files)):
        return []
    parent = out.parent
    ensure_folder(parent, what="dataset")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    except OSError as error:
        raise InputError(f"{parent}: cannot create the build folder ({describe_os_error(error)})") from None
    try:
        populate(staging, {**files, MANIFEST: manifest_bytes(files)})
        _swap(staging, out)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise InputError(
                f"{shown}: cannot write the dataset ({describe_os_error(error)}); the previous folder is unchanged"
            ) from None
        raise
    return touched


def populate(folder: Path, files: dict[str, bytes]) -> None:
    """Plain writes into a folder nobody else sees yet; each file is fsync'ed before the swap."""
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(path, 0o644)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    os.chmod(staging, out.stat().st_mode & 0o7777)
    retired = staging.with_name(staging.name.replace(".building-", ".previous-"))
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    _, dots = _entries(retired)
    for name in sorted(dots - {MANIFEST}):
        os.rename(retired / name, out / name)
    _discard(retired)


def _discard(retired: Path) -> None:
    """The previous folder now holds only files the build owned (checked before the swap)."""
    with contextlib.suppress(OSError):
        shutil.rmtree(retired)


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
