"""The results object on disk: rounded, key-sorted JSON that is byte-stable, checked against its schema."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

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


def dumps(results: dict[str, Any]) -> str:
    """Validate, then serialise: sorted keys, rounded floats, UTF-8 kept readable, trailing newline."""
    data = rounded(results)
    found = problems(data)
    if found:
        raise ValueError("results do not match results.schema.json: " + "; ".join(found[:5]))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def write(results: dict[str, Any], path: Path) -> None:
    """Atomically: a failed write (full disk, read-only folder) leaves the previous file as it was."""
    from paradiplomacy.safeio import write_text

    write_text(path, dumps(results), what="results")


def read(path: Path) -> dict[str, Any]:
    """A results file written by `evaluate` or `agree`; anything else: InputError saying what is wrong."""
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes
    from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json

    raw = read_bytes(path, limits.FILE_BYTES.value, what="results file", option=limits.FILE_BYTES.env)
    try:
        data, repeated = parse_json(decode_utf8(raw), integral_floats=False)
    except FormatError as error:
        where = f"{error.location}: " if error.location else ""
        raise InputError(f"{path}: not a results file: {where}{error.message}") from None
    if repeated:
        raise InputError(f"{path}: not a results file: {repeated[0].pointer}: {repeated[0].message}")
    found = problems(data)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise InputError(f"{path}: not a results file: " + "; ".join(found[:3]) + more)
    return dict(data)
