"""Upgrading annotation and prediction files of an older schema version to the current one (1.2.0).

What changed in 1.2 that an old file can express differently, and how it is rewritten:

- a one-sided proposal of a joint action was `verbal_agreement` + `proposed`; 1.2 calls it `proposal` +
  `proposed` (a verbal agreement is now always agreed by both sides);
- `schema_version` becomes 1.2.0.

Everything else in 1.2 (`belongs_to`, `date_basis`, `institution_partnership`) is an addition an old file
simply does not use, so every old fact survives: `downgrade_agreement` maps each rewritten agreement back,
and the round-trip test checks that no fact is lost. Files are replaced atomically (temporary file in the
same folder, then `os.replace`): a failed run leaves every file as it was.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.errors import InputError
from paradiplomacy.safeio import write_text

# Versions this module upgrades from: 1.0.x and 1.1.x.
_OLD = re.compile(r"^1\.[01]\.[0-9]+$")
# (old type, status) -> new type, for the same status.
RENAMED_TYPES = {("verbal_agreement", "proposed"): "proposal"}
_RESTORED = {(new, status): old for (old, status), new in RENAMED_TYPES.items()}


@dataclass
class Outcome:
    path: Path
    status: str  # "migrated", "current"
    changes: list[str] = field(default_factory=list)


def upgrade_agreement(agreement: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The 1.2 form of one agreement and a note of what changed (None if nothing)."""
    key = (agreement.get("type"), agreement.get("status"))
    new_type = RENAMED_TYPES.get(key) if all(isinstance(k, str) for k in key) else None  # type: ignore[arg-type]
    if new_type is None:
        return agreement, None
    return {**agreement, "type": new_type}, f"type {key[0]!r} with status {key[1]!r} -> {new_type!r}"


def downgrade_agreement(agreement: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `upgrade_agreement` for the facts an old file can hold (used to prove losslessness)."""
    old_type = _RESTORED.get((agreement.get("type"), agreement.get("status")))  # type: ignore[arg-type]
    return agreement if old_type is None else {**agreement, "type": old_type}


def upgrade_agreements(agreements: Any, where: str) -> tuple[Any, list[str]]:
    if not isinstance(agreements, list):
        return agreements, []
    upgraded, notes = [], []
    for index, agreement in enumerate(agreements):
        if isinstance(agreement, dict):
            agreement, note = upgrade_agreement(agreement)
            if note:
                notes.append(f"{where}/agreements/{index}: {note}")
        upgraded.append(agreement)
    return upgraded, notes


def upgrade_annotation(record: dict[str, Any], source: str) -> tuple[dict[str, Any], list[str]]:
    """The record in the current version; InputError for a version this module cannot upgrade."""
    found = record.get("schema_version")
    current = vocabulary.version()
    if found == current:
        return record, []
    if not isinstance(found, str) or not _OLD.match(found):
        raise InputError(
            f"{source}: /schema_version: cannot migrate from {found!r} (known: 1.0.x and 1.1.x to {current})"
        )
    upgraded = copy.deepcopy(record)
    upgraded["schema_version"] = current
    upgraded["agreements"], notes = upgrade_agreements(record.get("agreements"), "")
    return upgraded, [f"/schema_version: {found} -> {current}", *notes]


def upgrade_prediction(record: dict[str, Any], line: int) -> tuple[dict[str, Any], list[str]]:
    """One JSON Lines prediction record; prediction records carry no version, so only renames apply."""
    if "agreements" not in record:
        return record, []
    agreements, notes = upgrade_agreements(record["agreements"], f"line {line}")
    return ({**record, "agreements": agreements} if notes else record), notes


def _annotation_text(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def _read(path: Path) -> str:
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    data = read_bytes(path, limits.FILE_BYTES.value, what="file to migrate", option=limits.FILE_BYTES.env)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start}); not migrated") from None


def plan_annotation(path: Path) -> tuple[str | None, Outcome]:
    try:
        record = _loads(_read(path))
    except ValueError as error:
        raise InputError(f"{path}: not JSON ({error}); run `paradiplomacy validate {path}`") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}: expected a JSON object; run `paradiplomacy validate {path}`")
    upgraded, changes = upgrade_annotation(record, str(path))
    if not changes:
        return None, Outcome(path, "current")
    return _annotation_text(upgraded), Outcome(path, "migrated", changes)


def _loads(text: str) -> Any:
    """`json.loads` (values kept exactly: migrating is lossless), bounded in nesting, refusing surrogates."""
    from paradiplomacy.validation.jsontext import structure_problem

    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    problem = structure_problem(value)
    if problem is not None:
        raise ValueError(f"{problem[0] or '/'}: {problem[1]}")
    return value


def plan_predictions(path: Path) -> tuple[str | None, Outcome]:
    lines = _read(path).splitlines(keepends=True)
    changes: list[str] = []
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            out.append(line)
            continue
        try:
            record = _loads(line)
        except ValueError as error:
            raise InputError(f"{path}:{number}: not JSON ({error}); nothing was migrated") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object; nothing was migrated")
        upgraded, notes = upgrade_prediction(record, number)
        changes += notes
        ending = "\n" if line.endswith("\n") else ""
        out.append(json.dumps(upgraded, ensure_ascii=False) + ending if notes else line)
    if not changes:
        return None, Outcome(path, "current")
    return "".join(out), Outcome(path, "migrated", changes)


def files_to_migrate(paths: Iterable[Path]) -> list[Path]:
    """Annotation JSON files (a folder: its *.json, not agreement.json) and prediction *.jsonl files."""
    from paradiplomacy.corpus import annotation_files

    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            candidates = [*annotation_files(path), *sorted(path.glob("*.jsonl"))]
        elif path.is_file():
            candidates = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for candidate in candidates:
            found.setdefault(os.path.realpath(candidate), candidate)
    return sorted(found.values(), key=str)


def migrate(paths: Iterable[Path], *, dry_run: bool = False) -> list[Outcome]:
    """Plan every file first, then write: a file that cannot be migrated stops the run before any write."""
    planned = [
        plan_predictions(path) if path.suffix == ".jsonl" else plan_annotation(path)
        for path in files_to_migrate(paths)
    ]
    if not dry_run:
        for text, outcome in planned:
            if text is not None:
                write_text(outcome.path, text, what="migrated file")
    return [outcome for _, outcome in planned]
