"""The gold corpus as Python objects: seed texts joined with their annotations and provenance."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.resources import annotations_dir

PROVENANCE_FILE = "provenance.json"


@dataclass(frozen=True)
class Document:
    doc_id: str
    language: str
    text: str
    entities: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    sectors: list[str]
    provenance: dict[str, Any] = field(default_factory=dict)
    annotation: dict[str, Any] = field(default_factory=dict)

    def entity(self, entity_id: str) -> dict[str, Any]:
        for entity in self.entities:
            if entity["id"] == entity_id:
                return entity
        raise KeyError(entity_id)


def default_seeds_dir(annotations: Path) -> Path:
    """Seeds sit in `../seeds` from the annotation folder (a second pass in a subfolder looks two up)."""
    for candidate in (annotations.parent / "seeds", annotations.parent.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return annotations.parent / "seeds"


def _read(path: Path, what: str) -> bytes:
    from paradiplomacy import limits
    from paradiplomacy.safeio import read_bytes

    return read_bytes(path, limits.FILE_BYTES.value, what=what, option=limits.FILE_BYTES.env)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(_read(path, "seed file")).hexdigest()


def read_text(path: Path) -> str:
    """A seed exactly as stored: UTF-8, no newline translation, no normalisation."""
    if not path.is_file() and not path.exists():
        raise InputError(f"{path}: seed file not found")
    try:
        return _read(path, "seed file").decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None


def read_json(path: Path, what: str) -> Any:
    """A JSON file through the validator's strict reader (bounded size and depth, integral floats as ints)."""
    from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json

    try:
        value, _ = parse_json(decode_utf8(_read(path, what)))
    except FormatError as error:
        where = f"{error.location}: " if error.location else ""
        raise InputError(f"{path}: not a valid {what}: {where}{error.message}") from None
    return value


def load_provenance(seeds: Path) -> dict[str, dict[str, Any]]:
    path = seeds / PROVENANCE_FILE
    if not path.is_file():
        return {}
    try:
        return dict(read_json(path, "provenance file")["documents"])
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a provenance file ({error})") from None


def annotation_files(annotations: Path) -> list[Path]:
    from paradiplomacy import limits

    files = sorted(p for p in annotations.glob("*.json") if p.name != "agreement.json")
    if len(files) > limits.DOCUMENTS.value:
        raise InputError(f"{annotations}: {len(files):,} annotation files; {limits.DOCUMENTS.hint()}")
    return files


def iter_documents(annotations: Path | None = None, seeds: Path | None = None) -> Iterator[Document]:
    """Documents in doc-id order. Assumes a valid corpus: run `paradiplomacy validate` to check one."""
    annotations = annotations or annotations_dir()
    seeds = seeds or default_seeds_dir(annotations)
    provenance = load_provenance(seeds)
    for path in annotation_files(annotations):
        yield read_document(path, seeds, provenance)


def read_document(path: Path, seeds: Path, provenance: dict[str, dict[str, Any]]) -> Document:
    """One annotation file joined with its seed text and provenance entry (see `iter_documents`)."""
    return _joined(path, read_json(path, "annotation file"), seeds, provenance)


def read_valid_document(path: Path, seeds: Path) -> Document:
    """`read_document` of a validated file (`read_valid_record`), without provenance: scoring does not read
    it."""
    return _joined(path, read_valid_record(path), seeds, {})


def read_valid_record(path: Path) -> Any:
    """An annotation file already validated (`validate`), read with the plain JSON parser: several times
    faster than the validator's strict one, and alike on a valid file (12.0 is the integer 12 in both)."""
    import json

    from paradiplomacy.validation.jsontext import _number

    try:
        return json.loads(_read(path, "annotation file"), parse_float=_number)
    except (ValueError, RecursionError):
        raise InputError(f"{path}: not an annotation file; run `paradiplomacy validate {path}`") from None


def _joined(path: Path, record: Any, seeds: Path, provenance: dict[str, dict[str, Any]]) -> Document:
    try:
        doc_id = record["doc_id"]
        return Document(
            doc_id=doc_id,
            language=record["language"],
            text=read_text(seeds / f"{doc_id}.txt"),
            entities=record["entities"],
            agreements=record["agreements"],
            sectors=record["sectors"],
            provenance=provenance.get(doc_id, {}),
            annotation=record.get("annotation", {}),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise InputError(
            f"{path}: not an annotation file (missing or wrong {error}); run `paradiplomacy validate {path}`"
        ) from None


def load_corpus(annotations: Path | None = None, seeds: Path | None = None) -> list[Document]:
    return list(iter_documents(annotations, seeds))
