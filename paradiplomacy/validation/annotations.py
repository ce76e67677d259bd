"""Validate annotation files level by level: format, schema and vocabulary, then consistency with the seed.

Every problem of every file is collected; nothing stops at the first. A file that is not a JSON object gets
no further checks, since each would only restate that.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import annotation_files
from paradiplomacy.errors import InputError
from paradiplomacy.guidelines import AGREEMENT_FILE
from paradiplomacy.problems import Problem, sorted_problems
from paradiplomacy.schemas import ANNOTATION
from paradiplomacy.validation.drafts import draft_findings
from paradiplomacy.validation.findings import Finding, json_type, show, to_problems
from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json
from paradiplomacy.validation.ontology import version_findings
from paradiplomacy.validation.references import reference_findings
from paradiplomacy.validation.report import Report, summary
from paradiplomacy.validation.schema import schema_findings
from paradiplomacy.validation.seeds import SeedStore, seed_findings
from paradiplomacy.validation.spans import entity_findings, evidence_findings
from paradiplomacy.workers import map_chunks


def expand(paths: Sequence[Path]) -> tuple[list[str], list[Path]]:
    """Files to check (sorted, as strings: a tenth of the memory of Paths at 100,000 files) and files skipped
    by name; a folder stands for its `*.json` files (not recursive)."""
    chosen: dict[str, Path] = {}
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = annotation_files(path)
            for real, candidate in zip(_real_paths(path, candidates), candidates, strict=True):
                chosen.setdefault(real, candidate)
        else:
            chosen.setdefault(os.path.realpath(path), path)  # a symlink loop is not an error here
            if path.name == AGREEMENT_FILE:
                skipped.append(path)
    return sorted(str(p) for p in chosen.values() if p.name != AGREEMENT_FILE), skipped


def _real_paths(folder: Path, files: Sequence[Path]) -> list[str]:
    """`os.path.realpath` of each file of `folder`, resolving the folder once: a file that is not a
    symlink (one listing of the folder tells) lies in the resolved folder under its own name."""
    real = os.path.realpath(folder)
    try:
        with os.scandir(folder) as entries:
            links = {entry.name for entry in entries if entry.is_symlink()}
    except OSError:
        return [os.path.realpath(file) for file in files]
    return [os.path.realpath(file) if file.name in links else os.path.join(real, file.name) for file in files]


def validate_paths(paths: Sequence[Path], seeds: Path | None = None, workers: int = 1) -> Report:
    """Every problem of every file; `workers` processes share the files (the report is the same for any)."""
    files, skipped = expand(paths)
    report = Report(files=list(files), skipped=[str(s) for s in skipped])
    problems: list[Problem] = []
    store_problems: list[Problem] = []
    _STORES.clear()  # a run reads the seeds afresh, also when the files are checked in this process
    try:
        for found, of_stores in map_chunks(partial(_validate_chunk, seeds=seeds), files, workers):
            problems += found
            store_problems += of_stores
    finally:
        _STORES.clear()
    store_problems = list(dict.fromkeys(store_problems))  # each worker reads the provenance file too
    report.problems = sorted_problems([*problems, *store_problems])
    report.files += sorted({p.file for p in store_problems} - set(report.files))
    return report


# One SeedStore per process and seeds folder, so a provenance file is read once per process, not per chunk.
_STORES: dict[Path | None, SeedStore] = {}


def _validate_chunk(files: Sequence[str], seeds: Path | None) -> tuple[list[Problem], list[Problem]]:
    """The problems of some files, and those of provenance files first met in this chunk."""
    store = _STORES.setdefault(seeds, SeedStore(seeds))
    before = len(store.problems)
    problems = [problem for name in files for problem in validate_file(Path(name), store)]
    return problems, store.problems[before:]


# A command refusing an invalid corpus shows this many problems, then points to `paradiplomacy validate`.
MAX_PROBLEMS_SHOWN = 20


def require_valid(annotations: Path, seeds: Path, workers: int = 1) -> None:
    """For commands that read a corpus (build, evaluate, stats): its problems, not a half-made result."""
    report = validate_paths([annotations], seeds, workers)
    if report.valid:
        return
    shown = [str(problem) for problem in report.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(report.problems) - len(shown)
    tail = [f"... and {more} more (run `paradiplomacy validate {annotations}`)"] if more > 0 else []
    raise InputError("\n".join([f"{annotations}: not a valid corpus ({summary(report)})", *shown, *tail]))


def _read(path: Path) -> bytes:
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    return read_bytes(path, limits.FILE_BYTES.value, what="annotation file", option=limits.FILE_BYTES.env)


def validate_file(path: Path, store: SeedStore) -> list[Problem]:
    name = str(path)
    try:
        record, repeated = parse_json(decode_utf8(_read(path)))
    except FormatError as error:
        return [Problem(name, error.location, "format", error.message)]
    except InputError as error:
        return [Problem(name, "", "format", str(error).removeprefix(f"{path}: "))]
    if not isinstance(record, dict):
        return [
            Problem(name, "", "format", f"expected a JSON object, got {json_type(record)} {show(record)}")
        ]
    return to_problems([*repeated, *record_findings(record, path, store)], name)


def record_findings(record: dict[str, Any], path: Path, store: SeedStore) -> list[Finding]:
    """All findings for a parsed annotation object that claims to be `path`."""
    structural = version_findings(record) + schema_findings(record, ANNOTATION)
    consistency = reference_findings(record) + draft_findings(record)
    seed, text = seed_findings(record, path, store)
    consistency += seed
    if text is not None:
        consistency += _text_findings(record, text)
    return structural + _not_echoing(consistency, structural)


def _not_echoing(findings: list[Finding], structural: list[Finding]) -> list[Finding]:
    """Drop consistency findings on a member the schema already flagged: fixing that one fixes both."""
    flagged = {f.pointer for f in structural}
    return [f for f in findings if not any(f.pointer == p or f.pointer.startswith(p + "/") for p in flagged)]


def _text_findings(record: dict[str, Any], text: str) -> list[Finding]:
    entities = record.get("entities")
    agreements = record.get("agreements")
    return [
        *entity_findings(entities if isinstance(entities, list) else [], text),
        *evidence_findings(agreements if isinstance(agreements, list) else [], text),
    ]
