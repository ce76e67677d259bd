"""Bytes to a JSON value, with every way that can fail turned into a located format finding.

Stricter than `json.loads`: a byte-order mark, `NaN`/`Infinity` and repeated keys are refused, because each
makes one file mean different things to different JSON readers (a repeated key silently loses a value).
Nesting deeper than `limits.DEPTH` and strings holding lone surrogates (`"\\ud800"`, which no UTF-8 file
can hold) are refused too, so nothing downstream recurses without bound or fails to print. A number with a
zero fraction (`12.0`, `1e2`) is the integer it equals, so offsets written that way get every offset check.
"""

from __future__ import annotations

import json
import math
import re
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


def _number(text: str) -> int | float:
    """`12.0` and `1.2e1` are the integer 12 (JSON has one number type); `1e400` is refused, not infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is too large")
    return int(value) if value.is_integer() else value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is too large")
    return value


def structure_problem(value: Any, *, strings: bool = True) -> tuple[str, str] | None:
    """(JSON pointer, message) for the first nesting beyond the limit, over-long list or lone surrogate.

    A fast pass over the containers decides; only when it finds something does a second pass build the
    pointer. `strings=False` skips the surrogate check, for a caller that knows there are none (its text
    has no `\\uD800`-`\\uDFFF` escape, or encodes as UTF-8).
    """
    from paradiplomacy import limits

    depth_limit, items_limit = limits.DEPTH.value, limits.MENTIONS.value
    if within_limits(value, depth_limit, items_limit, strings):
        return None
    return _locate(value, depth_limit, items_limit)


def within_limits(value: Any, depth_limit: int, items_limit: int, strings: bool = True) -> bool:
    """No nesting deeper than `depth_limit` (the value itself is level 1), no list longer than
    `items_limit`, and (with `strings`) no lone surrogate in a key or string: the fast pass of
    `structure_problem`. It walks the containers level by level, so a level's depth is checked once."""
    kind = type(value)
    if kind is not dict and kind is not list:
        return not (strings and kind is str and not encodable(value))
    level: list[Any] = [value]
    depth = 1
    while level:
        if depth > depth_limit:
            return False
        following: list[Any] = []
        for item in level:
            if type(item) is dict:
                if strings and not all(map(encodable, item)):
                    return False
                children: Any = item.values()
            else:
                if len(item) > items_limit:
                    return False
                children = item
            if not strings:
                following += [child for child in children if type(child) in _CONTAINERS]
                continue
            for child in children:
                kind = type(child)
                if kind is dict or kind is list:
                    following.append(child)
                elif kind is str and not encodable(child):
                    return False
        level = following
        depth += 1
    return True


_CONTAINERS = (dict, list)


def _locate(value: Any, depth_limit: int, items_limit: int) -> tuple[str, str] | None:
    from paradiplomacy import limits

    deep = f"nested more than {depth_limit} levels deep; {limits.DEPTH.hint()}"
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, dict):
            if depth > depth_limit:
                return json_pointer(path), deep
            for key, child in item.items():
                if not encodable(key):
                    return json_pointer(
                        path
                    ), f"key {_escaped(key)} holds a lone surrogate (not Unicode text)"
                if isinstance(child, (dict, list, str)):
                    stack.append((child, depth + 1, (*path, key)))
        elif isinstance(item, list):
            if depth > depth_limit:
                return json_pointer(path), deep
            if len(item) > items_limit:
                return json_pointer(path), f"a list of {len(item):,} items; {limits.MENTIONS.hint()}"
            for index, child in enumerate(item):
                if isinstance(child, (dict, list, str)):
                    stack.append((child, depth + 1, (*path, index)))
        elif isinstance(item, str) and not encodable(item):
            return json_pointer(path), f"string {_escaped(item)} holds a lone surrogate (not Unicode text)"
    return None


def encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(text: str) -> str:
    shown = text if len(text) <= 40 else text[:40] + "..."
    return ascii(shown)


def parse_json(text: str, *, integral_floats: bool = True) -> tuple[Any, list[Finding]]:
    """The value and its repeated-key findings; raises FormatError when `text` is not one JSON value.

    `integral_floats=False` keeps `1.0` a float (a results file written back byte for byte); infinities are
    refused either way.
    """
    repeated: list[tuple[dict[str, Any], list[str]]] = []

    def collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            repeated.append((obj, sorted(key for key, count in counts.items() if count > 1)))
        return obj

    try:
        value = json.loads(
            text,
            object_pairs_hook=collect,
            parse_constant=_refuse_constant,
            parse_float=_number if integral_floats else _finite,
        )
    except json.JSONDecodeError as error:
        raise FormatError(f"line {error.lineno} column {error.colno}", f"not JSON: {error.msg}") from None
    except ValueError as error:  # NaN, Infinity, or an integer too long to convert
        if "integer string conversion" in str(error):
            raise FormatError(
                "", "not JSON this validator can read: a number with more than 4,300 digits"
            ) from None
        raise FormatError("", f"not JSON: {error}") from None
    except RecursionError:
        from paradiplomacy import limits

        raise FormatError(
            "", f"not JSON this validator can read: nested too deeply; {limits.DEPTH.hint()}"
        ) from None
    problem = structure_problem(value, strings=bool(_SURROGATE_ESCAPE.search(text)))
    if problem is not None:
        raise FormatError(problem[0], problem[1])
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
