"""Annotation files as Label Studio tasks: one task per document, its annotation as pre-annotations.

A task's `data` holds the seed text, the doc id and, under `paradiplomacy`, every document property that has
no control (schema version, language, seed hash, annotation record, draft status), so that `import
labelstudio` rebuilds the file exactly. Region ids are the entity and agreement ids (`E3`, `A1`; a further
evidence span of `A1` is `A1_2`), so relations and per-region values point at recognisable regions.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from paradiplomacy import schemas
from paradiplomacy.labelstudio.fields import (
    AGREEMENT,
    AGREEMENT_LABEL,
    ENTITY,
    EVIDENCE_RELATION,
    TEXT,
    Field,
    document_choices,
    frame_properties,
    region_fields,
)

DATA_KEY = "paradiplomacy"
# The sha256 of the pre-annotation's layers: Label Studio's JSON export gives predictions as ids only, so this
# is how `import` tells an accepted pre-annotation from an edited one.
LAYERS_KEY = "paradiplomacy_preannotation_sha256"
GOLD_MODEL = "paradiplomacy gold"
DRAFT_MODEL = "paradiplomacy draft"


def _span(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _region(region_id: str, control: str, label: str, start: int, end: int, text: str) -> dict[str, Any]:
    value = _span(start, end, text) | {"labels": [label]}
    return {"id": region_id, "from_name": control, "to_name": TEXT, "type": "labels", "value": value}


def _relation(source: str, target: str, label: str) -> dict[str, Any]:
    return {"type": "relation", "from_id": source, "to_id": target, "direction": "right", "labels": [label]}


def _field_results(field: Field, item: dict[str, Any], region_id: str, start: int, end: int) -> list[Any]:
    if field.name not in item:
        return []
    value = item[field.name]
    place = {"id": region_id, "from_name": field.control, "to_name": TEXT}
    span = {"start": start, "end": end}
    if field.kind == "choice":
        return [place | {"type": "choices", "value": span | {"choices": [value]}}]
    if field.kind == "choices":
        return [place | {"type": "choices", "value": span | {"choices": list(value)}}]
    if field.kind == "link":
        return [_relation(region_id, value, field.name)]
    if field.kind == "links":
        return [_relation(region_id, target, field.name) for target in value]
    return [place | {"type": "textarea", "value": span | {"text": [field.encode(value)]}}]


def _relations_last(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in results if r["type"] != "relation"] + [r for r in results if r["type"] == "relation"]


def evidence_region_id(agreement_id: str, number: int) -> str:
    return agreement_id if number == 0 else f"{agreement_id}_{number + 1}"


def results(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The record's layers as Label Studio results: regions, their values, relations, document choices."""
    out: list[dict[str, Any]] = []
    for entity in record.get("entities", []):
        ident, start, end = entity["id"], entity["start"], entity["end"]
        out.append(_region(ident, ENTITY, entity["label"], start, end, text))
        for field in region_fields(ENTITY):
            out.extend(_field_results(field, entity, ident, start, end))
    for agreement in record.get("agreements", []):
        head = agreement["id"]
        spans = agreement.get("evidence", [])
        for number, (start, end) in enumerate(spans):
            out.append(
                _region(evidence_region_id(head, number), AGREEMENT, AGREEMENT_LABEL, start, end, text)
            )
        first_start, first_end = spans[0] if spans else (0, 0)
        for field in region_fields(AGREEMENT):
            out.extend(_field_results(field, agreement, head, first_start, first_end))
        for number in range(1, len(spans)):
            out.append(_relation(head, evidence_region_id(head, number), EVIDENCE_RELATION))
    for name, _ in document_choices():
        if record.get(name):
            value = {"choices": list(record[name])}
            out.append(
                {
                    "id": f"document_{name}",
                    "from_name": name,
                    "to_name": TEXT,
                    "type": "choices",
                    "value": value,
                }
            )
    return _relations_last(out)


def layers_sha256(record: dict[str, Any]) -> str:
    """A fingerprint of what Label Studio shows of a record: everything but the frame."""
    layers = {name: value for name, value in record.items() if name not in frame_properties()}
    canonical = json.dumps(layers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def task(record: dict[str, Any], text: str, *, draft: bool) -> dict[str, Any]:
    """One task: the text and the document's own properties as data, the annotation as a prediction."""
    frame = {name: record[name] for name in frame_properties() if name in record}
    data = {TEXT: text, "doc_id": record.get("doc_id"), DATA_KEY: frame, LAYERS_KEY: layers_sha256(record)}
    prediction = {"model_version": DRAFT_MODEL if draft else GOLD_MODEL, "result": results(record, text)}
    return {"data": data, "predictions": [prediction]}


def bare_task(doc_id: str, language: str, text: str) -> dict[str, Any]:
    """A task for a seed with no annotation yet: nothing to pre-annotate with, the frame of a new file."""
    frame = {
        "schema_version": schemas.load(schemas.ANNOTATION)["version"],
        "doc_id": doc_id,
        "language": language,
        "seed_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    return {"data": {TEXT: text, "doc_id": doc_id, DATA_KEY: frame}}
