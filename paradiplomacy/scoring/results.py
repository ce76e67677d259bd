"""The results object on disk: rounded, key-sorted JSON that is byte-stable, checked against its schema."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
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


# Per-document entries are checked and written this many at a time: a results file of 100,000 documents is
# never held whole, as objects or as text.
_BATCH = 1000
_PER_DOCUMENT = "per_document"


def dumps(results: dict[str, Any]) -> str:
    """Validate, then serialise: sorted keys, rounded floats, UTF-8 kept readable, trailing newline."""
    return "".join(iter_dumps(results))


def iter_dumps(results: dict[str, Any]) -> Iterator[str]:
    """`dumps` in pieces: indented JSON, except that each document of `per_document` is one line.

    `per_document` may be any mapping (`fold.PerDocument` makes its entries when read); its entries are
    checked against the schema a batch at a time, everything else at once, before the first piece is given.
    An invalid entry raises ValueError when it is reached, so a writer must not keep what it has written.
    """
    per_document = results.get(_PER_DOCUMENT)
    if per_document is None:
        data = rounded(results)
        _check(data)
        yield json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
        return
    head = rounded({**results, _PER_DOCUMENT: {}})
    _check(head)
    text = json.dumps(head, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    marker = f'\n  "{_PER_DOCUMENT}": {{}}'  # a newline in a string is written \n: only indentation has one
    before, after = text.split(marker, 1)
    if not per_document:
        yield text
        return
    yield before + marker[:-1] + "\n"
    doc_ids = sorted(per_document)
    for start in range(0, len(doc_ids), _BATCH):
        chosen = doc_ids[start : start + _BATCH]
        made = (
            per_document.entries(chosen)
            if hasattr(per_document, "entries")
            else map(per_document.get, chosen)
        )
        batch = {doc_id: _entry(entry) for doc_id, entry in zip(chosen, made, strict=True)}
        _check_entries(head, batch)
        last = start + _BATCH >= len(doc_ids)
        yield "".join(
            f"    {json.dumps(doc_id, ensure_ascii=False)}: "
            f"{json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
            f"{'' if last and doc_id == doc_ids[-1] else ','}\n"
            for doc_id, entry in batch.items()
        )
    yield "  }" + after


def details_line(doc_id: str, errors: dict[str, Any]) -> str:
    """One line of an `evaluate --details FILE` file: a document's errors, apart from the results."""
    return json.dumps({"doc_id": doc_id, "errors": errors}, ensure_ascii=False) + "\n"


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A per-document entry rounded; without errors it holds only whole counts and needs no walk."""
    return rounded(entry) if "errors" in entry else entry


def _check(data: Any) -> None:
    found = problems(data)
    if found:
        raise ValueError("results do not match results.schema.json: " + "; ".join(found[:5]))


def _check_entries(head: dict[str, Any], entries: dict[str, Any]) -> None:
    from paradiplomacy.validation.schema import quick_validator_at

    if not quick_validator_at(RESULTS_SCHEMA, "properties", _PER_DOCUMENT).is_valid(entries):
        _check({**head, _PER_DOCUMENT: entries})  # the pure-Python validator words what is wrong


def write(results: dict[str, Any], path: Path) -> None:
    """Atomically: a failed write (full disk, read-only folder) leaves the previous file as it was."""
    from paradiplomacy.safeio import write_pieces

    write_pieces(path, iter_dumps(results), what="results")


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
