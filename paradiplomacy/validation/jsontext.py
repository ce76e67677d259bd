"""Bytes to a JSON value, with every way that can fail turned into a located format finding.

Stricter than `json.loads`: a byte-order mark, `NaN`/`Infinity` and repeated keys are refused, because each
makes one file mean different things to different JSON readers (a repeated key silently loses a value).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from paradiplomacy.problems import json_pointer
from paradiplomacy.validation.findings import Finding

_BOM = "\ufeff"


class FormatError(Exception):
    """The bytes are not a JSON document; `location` is "" or "line L column C"."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def decode_utf8(data: bytes, offset: int = 0) -> str:
    """`offset` is where `data` starts in its file, so that the bad byte is named by its place in the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise FormatError(
            "", f"not UTF-8: byte {offset + error.start} (0x{bad:02x}) {error.reason}"
        ) from None
    if text.startswith(_BOM):
        raise FormatError("", "starts with a UTF-8 byte-order mark; save the file without one")
    return text


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str) -> tuple[Any, list[Finding]]:
    """The value and its repeated-key findings; raises FormatError when `text` is not one JSON value."""
    repeated: list[tuple[dict[str, Any], list[str]]] = []

    def collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            repeated.append((obj, sorted(key for key, count in counts.items() if count > 1)))
        return obj

    try:
        value = json.loads(text, object_pairs_hook=collect, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise FormatError(f"line {error.lineno} column {error.colno}", f"not JSON: {error.msg}") from None
    except ValueError as error:  # NaN, Infinity, or an integer too long to convert
        raise FormatError("", f"not JSON: {error}") from None
    except RecursionError:
        raise FormatError("", "not JSON this validator can read: nested too deeply") from None
    return value, _repeated_key_findings(value, repeated)


def _repeated_key_findings(value: Any, repeated: list[tuple[dict[str, Any], list[str]]]) -> list[Finding]:
    if not repeated:
        return []
    wanted = {id(obj): keys for obj, keys in repeated}
    findings = []
    for pointer, obj in _objects(value, []):
        for key in wanted.get(id(obj), []):
            findings.append(
                Finding(
                    "format",
                    json_pointer([*pointer, key]),
                    f"key {key!r} appears more than once; JSON keeps only the last",
                )
            )
    return findings


def _objects(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], dict[str, Any]]]:
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _objects(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, [*path, index])
