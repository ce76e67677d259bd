"""`export labelstudio` and `import labelstudio`: files in, files out, all-or-nothing.

Import reads Label Studio's JSON export (a list of tasks, each with its `annotations`), takes each task's
submitted annotation (the ground-truth one if marked, else the latest), rebuilds the annotation record, checks
it with the validator against its seed, and writes nothing unless every task is sound.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paradiplomacy.contrib.files import json_text, write_all
from paradiplomacy.contrib.repository import Repository
from paradiplomacy.corpus import annotation_files
from paradiplomacy.errors import InputError
from paradiplomacy.labelstudio.config import labeling_config
from paradiplomacy.labelstudio.fields import TEXT
from paradiplomacy.labelstudio.reading import Reader, assemble
from paradiplomacy.labelstudio.tasks import DATA_KEY, LAYERS_KEY, bare_task, layers_sha256, task
from paradiplomacy.validation.drafts import STATUS, is_draft

CONFIG_FILE = "config.xml"
TASKS_FILE = "tasks.json"
MAX_EXPORT_BYTES = 256 * 1024 * 1024


# --- export ----------------------------------------------------------------------------------------------


def _read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(
            f"{path}: not readable as JSON ({error}); run `paradiplomacy validate {path}`"
        ) from None
    if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
        raise InputError(f"{path}: not an annotation file (no doc_id); run `paradiplomacy validate {path}`")
    return record


def export_tasks(repository: Repository, doc_ids: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One task per annotation file (gold or draft), plus one bare task per seed without an annotation."""
    records = {}
    for path in annotation_files(repository.annotations) if repository.annotations.is_dir() else []:
        record = _read_record(path)
        records[record["doc_id"]] = record
    provenance = repository.provenance()["documents"]
    seeds = sorted(p.stem for p in repository.seeds.glob("*.txt"))
    wanted = list(doc_ids) or sorted(set(records) | set(seeds))
    tasks = []
    for doc_id in wanted:
        text = repository.seed_text(doc_id)
        if doc_id in records:
            tasks.append(task(records[doc_id], text, draft=is_draft(records[doc_id])))
        else:
            language = (provenance.get(doc_id) or {}).get("language")
            if not isinstance(language, str):
                raise InputError(
                    f"{repository.provenance_file}: {doc_id!r} has no language; "
                    "add the article with `paradiplomacy add`"
                )
            tasks.append(bare_task(doc_id, language, text))
    return tasks


def write_export(repository: Repository, out: Path, doc_ids: Sequence[str] = ()) -> list[Path]:
    tasks = export_tasks(repository, doc_ids)
    files = {
        out / CONFIG_FILE: labeling_config().encode("utf-8"),
        out / TASKS_FILE: json_text(tasks).encode("utf-8"),
    }
    write_all(files)
    return list(files)


# --- import ----------------------------------------------------------------------------------------------


@dataclass
class Imported:
    path: Path
    record: dict[str, Any]
    note: str


@dataclass
class ImportResult:
    written: list[Imported] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_export(path: Path) -> list[Any]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if size > MAX_EXPORT_BYTES:
        raise InputError(
            f"{path}: {size} bytes, more than the {MAX_EXPORT_BYTES} a Label Studio export may have"
        )
    from paradiplomacy.safeio import read_bytes  # bounded where stat says 0 too (/dev/zero, a FIFO)
    from paradiplomacy.validation.jsontext import structure_problem

    data = read_bytes(path, MAX_EXPORT_BYTES, what="Label Studio export")
    try:
        value = json.loads(data.decode("utf-8"))
        problem = structure_problem(value)
        if problem is not None:
            raise InputError(f"{path}: {problem[0] or '/'}: {problem[1]}")
    except RecursionError:
        raise InputError(f"{path}: not JSON this reader can take: nested too deeply") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except ValueError as error:
        raise InputError(
            f"{path}: not JSON ({error}); export the project from Label Studio as JSON"
        ) from None
    if isinstance(value, dict):
        value = [value]  # a single task
    if not isinstance(value, list):
        raise InputError(f"{path}: expected Label Studio's JSON export, a list of tasks")
    return value


def annotator_name(annotation: dict[str, Any]) -> str | None:
    """Who submitted the annotation, as far as the export says (`completed_by`: an id or a user object)."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        for key in ("email", "username"):
            if isinstance(who.get(key), str) and who[key]:
                return str(who[key])
        names = " ".join(str(who[k]) for k in ("first_name", "last_name") if who.get(k))
        if names:
            return names
        who = who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"labelstudio-user-{who}"
    if isinstance(who, str) and who:
        return who
    return None


def _submitted(annotations: Any) -> list[dict[str, Any]]:
    if not isinstance(annotations, list):
        return []
    return [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]


def _chosen(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    truth = [a for a in annotations if a.get("ground_truth")]
    pool = truth or annotations
    return max(
        pool, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), str(a.get("id") or ""))
    )


def _record_annotation(
    record: dict[str, Any], frame: dict[str, Any], unchanged: bool, annotator: str, guidelines: str | None
) -> str:
    """Who reviewed: a draft becomes gold under its reviewer; an edited gold names its new annotator."""
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    entry: dict[str, Any] = {}
    if "annotation" not in frame and not is_draft(frame):
        if guidelines:
            entry["guidelines_version"] = guidelines
        entry |= {
            "annotators": [annotator],
            "method": "single",
            "notes": f"Annotated in Label Studio by {annotator} on {today}.",
        }
        record["annotation"] = entry
        return f"new annotation (annotator {annotator})"
    if is_draft(frame):
        made_by = ", ".join(map(str, (frame.get("annotation") or {}).get("annotators") or ["a machine"]))
        record.pop(STATUS, None)
        if guidelines:
            entry["guidelines_version"] = guidelines
        entry |= {
            "annotators": [annotator],
            "method": "single",
            "notes": f"Reviewed in Label Studio by {annotator} on {today} "
            f"from a machine-made draft by {made_by}.",
        }
        record["annotation"] = entry
        return f"reviewed draft, now gold (annotator {annotator})"
    if unchanged:
        return "unchanged"
    entry = dict(record.get("annotation") or {})
    annotators = list(entry.get("annotators") or [])
    if annotator not in annotators:
        annotators.append(annotator)
    entry["annotators"] = annotators
    note = f"Revised in Label Studio by {annotator} on {today}."
    entry["notes"] = f"{entry['notes']} {note}" if entry.get("notes") else note
    record["annotation"] = entry
    return f"revised (annotator {annotator} recorded)"


def _task_where(path: Path, number: int, task_value: dict[str, Any], doc_id: Any) -> str:
    ident = task_value.get("id")
    name = f"task {ident}" if ident is not None else f"task #{number}"
    return f"{path}: {name}" + (f" (doc {doc_id})" if isinstance(doc_id, str) else "")


def read_task(
    path: Path, number: int, value: Any, repository: Repository, annotator: str | None
) -> Imported | str:
    """The annotation file a task gives, or (a string) why the task is skipped."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
        raise InputError(f"{path}: task #{number}: not a Label Studio task (no 'data' object)")
    data = value["data"]
    frame = data.get(DATA_KEY)
    where = _task_where(path, number, value, data.get("doc_id"))
    if not isinstance(frame, dict) or not isinstance(frame.get("doc_id"), str):
        raise InputError(
            f"{where}: its data has no '{DATA_KEY}' object, so it was not made by `paradiplomacy export "
            "labelstudio` (another project or configuration); import tasks exported by paradiplomacy"
        )
    doc_id = frame["doc_id"]
    text = repository.seed_text(doc_id)
    if data.get(TEXT) != text:
        raise InputError(
            f"{where}: the task's text differs from {repository.seed_file(doc_id)}; seeds never change"
        )
    submitted = _submitted(value.get("annotations"))
    if not submitted:
        return f"{where}: no submitted annotation; nothing imported"
    chosen = _chosen(submitted)
    where = f"{where} annotation {chosen.get('id')}" if chosen.get("id") is not None else where
    layers = Reader(where, text).read(chosen.get("result"))
    record = assemble(frame, layers)
    unchanged = data.get(LAYERS_KEY) == layers_sha256(layers)
    who = annotator or annotator_name(chosen) or "labelstudio-user"
    note = _record_annotation(record, frame, unchanged, who, repository.guidelines_version())
    return Imported(repository.annotation_file(doc_id), record, note)


def _problems(imported: Imported, where: str, repository: Repository) -> list[str]:
    from paradiplomacy.validation.annotations import record_findings
    from paradiplomacy.validation.seeds import SeedStore

    findings = record_findings(imported.record, imported.path, SeedStore(repository.seeds))
    return [f"{where}: {f.pointer or '/'}: {f.message}" for f in findings]


def import_export(path: Path, repository: Repository, annotator: str | None = None) -> ImportResult:
    """Read every task, validate every record, then write them all; any problem writes nothing."""
    tasks = load_export(path)
    result = ImportResult()
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, value in enumerate(tasks):
        outcome = read_task(path, number, value, repository, annotator)
        if isinstance(outcome, str):
            result.skipped.append(outcome)
            continue
        doc_id = outcome.record["doc_id"]
        if doc_id in seen:
            raise InputError(f"{path}: tasks #{seen[doc_id]} and #{number} are both doc {doc_id}; keep one")
        seen[doc_id] = number
        problems += _problems(outcome, _task_where(path, number, value, doc_id), repository)
        result.written.append(outcome)
    if problems:
        shown = problems[:40] + ([f"... and {len(problems) - 40} more"] if len(problems) > 40 else [])
        raise InputError(
            "\n".join(
                [f"{path}: {len(problems)} problems; nothing was written. Fix them in Label Studio:", *shown]
            )
        )
    if not result.written:
        raise InputError(f"{path}: no task has a submitted annotation; nothing to import")
    repository.annotations.mkdir(parents=True, exist_ok=True)
    write_all({item.path: json_text(item.record).encode("utf-8") for item in result.written})
    return result
