"""A problem before it is tied to a file, and the small helpers every check uses to word one."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from paradiplomacy.problems import Problem

_SHOWN = 60
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


@dataclass(frozen=True)
class Finding:
    level: str
    pointer: str  # JSON pointer inside the checked value; "" for the value itself
    message: str


def to_problems(findings: Iterable[Finding], file: str, locate: Callable[[str], str] = str) -> list[Problem]:
    """Findings as problems of `file`; `locate` turns a pointer into a location ("line 3: /doc_id")."""
    return [Problem(file, locate(f.pointer), f.level, f.message) for f in findings]


def show(value: Any) -> str:
    """A value as a reader recognises it: strings quoted (Cyrillic kept readable), long ones shortened."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def is_index(value: Any) -> bool:
    """A non-negative JSON integer (booleans are not numbers here, though Python says they are)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
