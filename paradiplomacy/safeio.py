"""The one way the package writes and reads files: atomic writes, bounded reads, failures as one clear line.

A write goes to a temporary file beside its target (same folder, so same file system), is flushed and
fsync'ed, then renamed over the target with `os.replace`. A run that fails anywhere (full disk, read-only
folder, a string that cannot be encoded, an interrupt) leaves the previous file byte-identical and no
temporary file behind.

A read never takes memory proportional to a hostile input: `read_bytes` stops at a stated limit (a FIFO or
`/dev/zero` has no size to check beforehand), and `iter_lines` hands out lines no longer than a limit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from paradiplomacy.errors import InputError

_TEMP_PREFIX = ".paradiplomacy-tmp-"


def describe_os_error(error: OSError) -> str:
    """`No space left on device` etc., without the errno number and path Python adds."""
    return error.strerror or type(error).__name__


def write_bytes(path: Path, data: bytes, *, what: str = "file") -> None:
    """Atomically replace `path` with `data` (creating missing folders); InputError naming it on failure."""
    write_chunks(path, [data], what=what)


def write_chunks(path: Path, chunks: Iterable[bytes], *, what: str = "file") -> None:
    """`write_bytes` of data made piece by piece (a large results file is never held whole). An exception
    raised while the chunks are made leaves no temporary file and the previous file unchanged."""
    with replacing(path, what=what) as stream:
        for chunk in chunks:
            stream.write(chunk)


@contextlib.contextmanager
def replacing(path: Path, *, what: str = "file") -> Iterator[IO[bytes]]:
    """A binary stream whose bytes atomically replace `path` when the block ends without an exception.

    The bytes go to a temporary file beside `path`, which is fsync'ed and renamed into place at the end; an
    exception in the block (or a failed write: InputError naming `path`) removes it and leaves the previous
    file as it was. A device or FIFO (/dev/stdout) cannot be replaced, so it is written to directly.
    """
    shown = Path(path)
    if shown.is_dir():
        raise InputError(f"{shown}: is a folder; give a file name to write the {what} to")
    # A symlink is followed (the link stays a link).
    path = Path(os.path.realpath(shown))
    if path.exists() and not path.is_file():
        try:
            with open(path, "wb") as device:
                yield device
        except OSError as error:
            raise InputError(f"{shown}: cannot write the {what} ({describe_os_error(error)})") from None
        return
    folder = path.parent
    if not folder.is_dir():
        ensure_folder(folder, what=what)
    temporary: str | None = None
    try:
        with _temporary(folder) as (stream, temporary):
            yield stream
        _keep_mode(path, temporary)
        os.replace(temporary, path)
        temporary = None
        _fsync_folder(folder)
    except OSError as error:
        raise InputError(
            f"{shown}: cannot write the {what} ({describe_os_error(error)}); the previous file is unchanged"
        ) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def temporary_beside(folder: Path, data: bytes | Iterable[bytes]) -> Path:
    """A complete, fsync'ed temporary file holding `data` (bytes, or chunks of them) in `folder`, to be
    renamed or linked into place.

    On failure (OSError, or any exception while the chunks are made) nothing is left behind; the caller owns
    the file once this returns.
    """
    with _temporary(folder) as (stream, name):
        for chunk in [data] if isinstance(data, bytes) else data:
            stream.write(chunk)
    return Path(name)


@contextlib.contextmanager
def _temporary(folder: Path) -> Iterator[tuple[IO[bytes], str]]:
    """A new temporary file in `folder` and its name: fsync'ed and closed when the block ends, removed when
    the block raises (the one temporary-file writer of `replacing` and `temporary_beside`)."""
    handle, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream, name
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def write_text(path: Path, text: str, *, what: str = "file") -> None:
    """`write_bytes` of UTF-8 text; text that cannot be encoded (a lone surrogate) writes nothing."""
    write_pieces(path, [text], what=what)


def write_pieces(path: Path, pieces: Iterable[str], *, what: str = "file") -> None:
    """`write_text` of text made piece by piece (`write_chunks`)."""
    write_chunks(path, _encoded(path, pieces, what), what=what)


def _encoded(path: Path, pieces: Iterable[str], what: str) -> Iterator[bytes]:
    offset = 0
    for text in pieces:
        try:
            yield text.encode("utf-8")
        except UnicodeEncodeError as error:
            bad = text[error.start : error.end]
            raise InputError(
                f"{path}: cannot write the {what}: character {bad!r} at position {offset + error.start} is "
                "not encodable as UTF-8 (a lone surrogate); nothing was written"
            ) from None
        offset += len(text)


def _keep_mode(path: Path, temporary: str) -> None:
    """A replaced file keeps its permissions; a new one gets the usual 0666 minus the umask."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot open a folder, which is fine."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def read_bytes(path: Path, limit: int, *, what: str = "file", option: str = "") -> bytes:
    """At most `limit` bytes of `path`; a longer file (or an endless device) is an InputError."""
    try:
        with open(path, "rb") as stream:
            # A regular file's size bounds the read: asking for limit + 1 bytes would make Python allocate
            # the whole limit (64 MiB) for every small file. A size of 0 (a device, /proc) says nothing.
            size = os.fstat(stream.fileno()).st_size
            wanted = min(size, limit) + 1 if size else limit + 1
            data = stream.read(wanted)
            if size and len(data) == wanted:  # the file grew since fstat: read on, up to the limit
                data += stream.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read the {what} ({describe_os_error(error)})") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than the limit of {limit:,} bytes for a {what}{_raise(option)}")
    return data


def _raise(option: str) -> str:
    return f" (raise it with {option})" if option else ""


class LineTooLong(Exception):
    """A line longer than the limit; `number` is its line number (from 1)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def iter_lines(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """Lines (newline stripped) of at most `limit` bytes each; raises LineTooLong without reading the rest."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        elif len(line) > limit:
            raise LineTooLong(number)
        if len(line) > limit:
            raise LineTooLong(number)
        yield line


def is_temporary(name: str) -> bool:
    """A leftover of an interrupted write (never a user's file): safe for the build to ignore."""
    return name.startswith(_TEMP_PREFIX)


def ensure_folder(path: Path, *, what: str) -> None:
    """Create `path` (and parents) as a folder, or InputError naming it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"{path}: exists and is not a folder; cannot write the {what} there") from None
    except OSError as error:
        raise InputError(f"{path}: cannot create the folder ({describe_os_error(error)})") from None
