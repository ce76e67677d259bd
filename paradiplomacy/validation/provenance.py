"""What validation needs from a seeds folder's `provenance.json`, read in bounded memory.

A provenance file records where each seed came from: about half a kilobyte of JSON a document, some two
kilobytes once parsed into Python objects, which at 100,000 documents was most of `validate`'s memory.
Validation compares only two facts of an entry with the seed and the annotation, its `sha256` and its
`language`, so only those are kept (`Recorded`, about a tenth of the size).

The file is read in chunks by a small reader of the two outer levels (`{"documents": {doc_id: entry, ...}}`)
that parses each entry with the standard library's own scanner, so the whole text is never held. It vouches
only for a file the strict reader (`jsontext.parse_json` with the structure limits) accepts: anything it does
not expect (bad UTF-8, a byte-order mark, malformed JSON, nesting or a list beyond the limits, a number the
strict reader refuses, `documents` missing, repeated or not an object, a file over the size limit) makes it
give up, and the strict reader reads the whole file and words the problem. So every verdict and message is
the strict reader's; this module only saves memory on the files that have no problem.
"""

from __future__ import annotations

import codecs
import json
import json.decoder
import json.scanner
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from paradiplomacy.validation import jsontext

CHUNK = 1 << 20  # bytes read at a time (more while one item is longer)
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json.decoder skips it
_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


class Recorded(NamedTuple):
    """An entry's recorded seed hash and language; None where the entry has no such string."""

    sha256: str | bytes | None  # 64 lowercase hex digits are kept as their 32 bytes
    language: str | None

    def sha256_text(self) -> str | None:
        return self.sha256.hex() if isinstance(self.sha256, bytes) else self.sha256


def recorded(entry: Any) -> Recorded | None:
    """The part of one provenance entry validation reads; None for an entry that is not an object."""
    if not isinstance(entry, dict):
        return None
    sha256, language = entry.get("sha256"), entry.get("language")
    if isinstance(sha256, str) and _HEX_SHA256.fullmatch(sha256):
        sha256 = bytes.fromhex(sha256)
    elif not isinstance(sha256, str):
        sha256 = None
    return Recorded(sha256, sys.intern(language) if isinstance(language, str) else None)


def compact(documents: Mapping[str, Any]) -> dict[str, Recorded]:
    """`recorded` of every entry that is an object (the others are skipped by validation anyway)."""
    kept = {}
    for doc_id, entry in documents.items():
        facts = recorded(entry)
        if facts is not None:
            kept[doc_id] = facts
    return kept


class _Incomplete(Exception):
    """The item runs past the text read so far."""


class _GiveUp(Exception):
    """Something the strict reader must judge and word."""


class _Stream:
    """The text of a file, decoded chunk by chunk; `text[pos:]` is what is still to be parsed."""

    def __init__(self, path: Path, limit: int, chunk: int) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115 (closed by `close`)
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.limit, self.chunk, self.read = limit, chunk, 0
        self.text, self.pos, self.eof = "", 0, False
        decoder = json.JSONDecoder(parse_float=jsontext._number, parse_constant=jsontext._refuse_constant)
        make_scanner: Any = json.scanner.make_scanner  # typeshed types it as the class it is a factory of
        self.scan: Callable[[str, int], tuple[Any, int]] = make_scanner(decoder)

    def close(self) -> None:
        self.handle.close()

    def more(self, wanted: int) -> None:
        """Read on (at least `wanted` more bytes, unless the file ends); give up at the end of the file."""
        if self.eof:
            raise _GiveUp
        data = self.handle.read(max(self.chunk, wanted))
        self.read += len(data)
        if self.read > self.limit:
            raise _GiveUp
        try:
            fresh = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise _GiveUp from None
        self.eof = not data
        self.text = self.text[self.pos :] + fresh
        self.pos = 0

    def attempt(self, step: Callable[[str, int], tuple[Any, int]]) -> Any:
        """`step(text, pos)` -> (result, new pos), retried with more text until it succeeds or the file ends.

        An item cut at the end of the text read so far can fail in two ways: it runs past the end
        (`_Incomplete`), or a cut number reads as a shorter one followed by a stray character (`-0.` is
        `-0` then `.`). So any failure before the end of the file is retried with more text; at the end
        of the file a failure is final.
        """
        wanted = 0
        while True:
            try:
                result, self.pos = step(self.text, self.pos)
                return result
            except _Incomplete:
                pass
            except _GiveUp:
                if self.eof:
                    raise
            wanted = max(2 * wanted, len(self.text) - self.pos)  # an item longer than a chunk: grow
            self.more(wanted)

    # ---- steps: each consumes one item or raises _Incomplete / _GiveUp

    @staticmethod
    def _char(text: str, at: int) -> tuple[str, int]:
        """The next character after whitespace."""
        at = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]  # always matches
        if at >= len(text):
            raise _Incomplete
        return text[at], at + 1

    def opening(self, text: str, at: int) -> tuple[bool, int]:
        """`{` then either `}` (True: empty) or the start of the first key (False)."""
        char, at = self._char(text, at)
        if char != "{":
            raise _GiveUp
        char, after = self._char(text, at)
        if char == "}":
            return True, after
        return False, at

    def key(self, text: str, at: int) -> tuple[str, int]:
        """`"key" :`"""
        char, at = self._char(text, at)
        if char != '"':
            raise _GiveUp
        try:
            key, at = json.decoder.scanstring(text, at, True)  # type: ignore[attr-defined]  # not in typeshed
        except json.JSONDecodeError:
            raise _Incomplete from None
        if not jsontext.encodable(key):
            raise _GiveUp
        char, at = self._char(text, at)
        if char != ":":
            raise _GiveUp
        return key, at

    def value(self, text: str, at: int) -> tuple[tuple[Any, bool], int]:
        """A value, then `,` or `}`: the value and whether the object ends after it."""
        at = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]  # always matches
        try:
            value, at = self.scan(text, at)
        except (StopIteration, json.JSONDecodeError):
            raise _Incomplete from None
        except (ValueError, RecursionError):  # a number or constant the strict reader refuses
            raise _GiveUp from None
        last, at = self.closing(text, at)
        return (value, last), at

    def closing(self, text: str, at: int) -> tuple[bool, int]:
        """`,` (False: a member follows) or `}` (True: the object ends)."""
        char, at = self._char(text, at)
        if char not in ",}":
            raise _GiveUp
        return char == "}", at

    def rest_is_blank(self) -> bool:
        while True:
            if self.text[self.pos :].strip(" \t\n\r"):
                return False
            self.pos = len(self.text)
            if self.eof:
                return True
            self.more(0)


def _fine(value: Any, depth: int) -> bool:
    """Within the strict reader's limits, for a value nested `depth` levels below the top."""
    from paradiplomacy import limits

    return jsontext.within_limits(value, limits.DEPTH.value - depth, limits.MENTIONS.value)


def _outer_levels_allowed() -> bool:
    """The top object and `documents` are themselves within the depth limit (it can be set that low)."""
    from paradiplomacy import limits

    return limits.DEPTH.value >= 2


def read_recorded(path: Path, limit: int, chunk: int = CHUNK) -> dict[str, Recorded] | None:
    """The recorded facts by doc_id, or None where the strict reader must read the file (see above)."""
    if not _outer_levels_allowed():
        return None
    try:
        stream = _Stream(path, limit, chunk)
    except OSError:
        return None
    try:
        return _documents(stream)
    except (_GiveUp, OSError):
        return None
    finally:
        stream.close()


def _documents(stream: _Stream) -> dict[str, Recorded] | None:
    found: dict[str, Recorded] | None = None
    if stream.attempt(stream.opening):
        raise _GiveUp  # `{}`: no documents
    done = False
    while not done:
        key = stream.attempt(stream.key)
        if key != "documents":
            value, done = stream.attempt(stream.value)
            if not _fine(value, 1):
                raise _GiveUp
            continue
        if found is not None:
            raise _GiveUp  # a repeated key: the strict reader keeps the last, and says nothing
        found = {}
        empty = stream.attempt(stream.opening)
        while not empty:
            doc_id = stream.attempt(stream.key)
            entry, empty = stream.attempt(stream.value)
            if not _fine(entry, 2):
                raise _GiveUp
            facts = recorded(entry)
            if facts is None:
                found.pop(doc_id, None)  # a later entry replaces an earlier one, as in a JSON object
            else:
                found[doc_id] = facts
        done = stream.attempt(stream.closing)
    if found is None or not stream.rest_is_blank():
        raise _GiveUp
    return found
