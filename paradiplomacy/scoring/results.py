"""The results object on disk: rounded, key-sorted JSON that is byte-stable, checked against its schema."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, TextIO

from paradiplomacy.errors import InputError

RESULTS_SCHEMA = "results.schema.json"
DECIMALS = 6
# What results record about the source of the predictions rather than the scores: absent for a predictions
# file; `timing` is measured, so it differs between runs of the same system.
SOURCE_KEYS = ("extractor", "timing", "attempts")
MEASURED_KEYS = ("timing",)


def scores_only(results: dict[str, Any]) -> dict[str, Any]:
    """The results without what they record about the source: equal for equal predictions."""
    return {key: value for key, value in results.items() if key not in SOURCE_KEYS}


def rounded(value: Any) -> Any:
    """Floats to 6 decimals (NaN and infinities to null) everywhere in a JSON-like value.

    A dict or list that nothing in changes is returned as it is, not copied: the per-document counts of a
    large run are most of the results and hold no floats.
    """
    if isinstance(value, float):
        return round(value, DECIMALS) if math.isfinite(value) else None
    if isinstance(value, dict):
        items = {str(k): rounded(v) for k, v in value.items()}
        same = type(value) is dict and all(type(k) is str and items[k] is v for k, v in value.items())
        return value if same else items
    if isinstance(value, (list, tuple)):
        if type(value) is list and all(type(v) is int or type(v) is str for v in value):
            return value
        return [rounded(v) for v in value]
    return value


def problems(results: Any) -> list[str]:
    """Every schema violation, as 'JSON pointer: message'."""
    from paradiplomacy.problems import json_pointer
    from paradiplomacy.schemas import validator
    from paradiplomacy.validation.schema import quick_validator

    if quick_validator(RESULTS_SCHEMA).is_valid(results):
        return []  # the compiled validator's "valid" (the pure-Python one words what is wrong)
    errors = sorted(
        validator(RESULTS_SCHEMA).iter_errors(results), key=lambda e: list(map(str, e.absolute_path))
    )
    return [f"{json_pointer(e.absolute_path) or '/'}: {e.message}" for e in errors]


def checked(results: dict[str, Any]) -> dict[str, Any]:
    """Rounded and validated against results.schema.json: what `dump` and `dumps` serialise."""
    data = rounded(results)
    found = problems(data)
    if found:
        raise ValueError("results do not match results.schema.json: " + "; ".join(found[:5]))
    return dict(data)


def dump(data: dict[str, Any], handle: TextIO) -> None:
    """Serialise `checked` results piece by piece: sorted keys, UTF-8 kept readable, trailing newline.

    The same text as `dumps`, written as it is produced, so a large run never holds the text whole.
    """
    json.dump(data, handle, sort_keys=True, ensure_ascii=False, indent=2)
    handle.write("\n")


def dumps(results: dict[str, Any]) -> str:
    """Validate, then serialise: sorted keys, rounded floats, UTF-8 kept readable, trailing newline."""
    return json.dumps(checked(results), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def write(results: dict[str, Any], path: Path, data: dict[str, Any] | None = None) -> None:
    """`data`: `checked(results)` when the caller has it already (validating is not free)."""
    data = data if data is not None else checked(results)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            dump(data, handle)
    except OSError as error:
        raise InputError(f"{path}: cannot write results ({error.strerror})") from None


def read(path: Path) -> dict[str, Any]:
    """A results file written by `evaluate` or `agree`; anything else: InputError saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not a results file: line {error.lineno}: {error.msg}") from None
    found = problems(data)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise InputError(f"{path}: not a results file: " + "; ".join(found[:3]) + more)
    return dict(data)
