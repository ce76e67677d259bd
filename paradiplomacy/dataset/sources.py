"""Reads the build's inputs (seeds, provenance, annotation files) and refuses what the dataset cannot carry.

The validator (`paradiplomacy validate`) is the full check; this module checks what the build relies on, so a
broken input stops the build with one message naming the file and the place, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paradiplomacy import schemas
from paradiplomacy.corpus import Document, annotation_files, load_provenance, read_text, sha256_file
from paradiplomacy.errors import InputError

MAX_PROBLEMS_SHOWN = 20


def load_documents(annotations: Path, seeds: Path) -> list[Document]:
    """Every annotated document, in file-name order, checked against its seed and provenance."""
    if not annotations.is_dir():
        raise InputError(f"{annotations}: annotation folder not found")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: seeds folder not found")
    paths = annotation_files(annotations)
    if not paths:
        raise InputError(f"{annotations}: no annotation files (*.json)")
    _run_validator(annotations, seeds)
    provenance = load_provenance(seeds)
    return [_document(path, seeds, provenance) for path in paths]


def _run_validator(annotations: Path, seeds: Path) -> None:
    """The full `paradiplomacy validate` check; its problems, not a half-built dataset, are the answer."""
    from paradiplomacy.validation.annotations import validate_paths
    from paradiplomacy.validation.report import summary

    report = validate_paths([annotations], seeds)
    if not report.valid:
        shown = [str(problem) for problem in report.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(report.problems) - len(shown)
        tail = [f"... and {more} more (run `paradiplomacy validate {annotations}`)"] if more > 0 else []
        raise InputError("\n".join([f"{annotations}: not a valid corpus ({summary(report)})", *shown, *tail]))


def seed_sha256(document: Document, seeds: Path) -> str:
    return sha256_file(seeds / f"{document.doc_id}.txt")


def _document(path: Path, seeds: Path, provenance: dict[str, dict[str, Any]]) -> Document:
    record = _read_json(path)
    _check_schema(path, record)
    doc_id = record["doc_id"]
    if path.stem != doc_id:
        raise InputError(f"{path}: /doc_id is '{doc_id}' but the file is named for '{path.stem}'")
    seed = seeds / f"{doc_id}.txt"
    if not seed.is_file():
        raise InputError(f"{path}: /doc_id '{doc_id}' matches no seed ({seed} not found)")
    text = read_text(seed)
    _check_seed_hash(path, record, seed, provenance.get(doc_id))
    _check_entities(path, record["entities"], text)
    _check_references(path, record)
    return Document(
        doc_id=doc_id,
        language=record["language"],
        text=text,
        entities=record["entities"],
        agreements=record["agreements"],
        sectors=record["sectors"],
        provenance=provenance.get(doc_id, {}),
        annotation=record.get("annotation", {}),
    )


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None


def _check_schema(path: Path, record: Any) -> None:
    errors = sorted(schemas.validator(schemas.ANNOTATION).iter_errors(record), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        pointer = "/" + "/".join(str(part) for part in first.absolute_path)
        more = f" (and {len(errors) - 1} more; run `paradiplomacy validate`)" if len(errors) > 1 else ""
        raise InputError(f"{path}: {pointer}: {first.message}{more}")


def _check_seed_hash(
    path: Path, record: dict[str, Any], seed: Path, provenance: dict[str, Any] | None
) -> None:
    actual = sha256_file(seed)
    expected = record.get("seed_sha256") or (provenance or {}).get("sha256")
    if expected and expected != actual:
        raise InputError(
            f"{path}: seed {seed} has sha256 {actual}, the annotation/provenance expects {expected}"
        )


def _check_entities(path: Path, entities: list[dict[str, Any]], text: str) -> None:
    for index, entity in enumerate(entities):
        start, end = entity["start"], entity["end"]
        if not 0 <= start < end <= len(text):
            raise InputError(f"{path}: /entities/{index}: span [{start}, {end}) is empty or outside the text")
        if text[start:end] != entity["text"]:
            raise InputError(
                f"{path}: /entities/{index}/text is {entity['text']!r}, the seed has {text[start:end]!r}"
            )


def _check_references(path: Path, record: dict[str, Any]) -> None:
    ids = {entity["id"] for entity in record["entities"]}
    for index, agreement in enumerate(record["agreements"]):
        for role in ("parties", "signatories"):
            for position, entity_id in enumerate(agreement.get(role, [])):
                if entity_id not in ids:
                    raise InputError(
                        f"{path}: /agreements/{index}/{role}/{position}: no entity '{entity_id}'"
                    )
