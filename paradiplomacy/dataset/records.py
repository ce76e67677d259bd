"""Rows of the two configurations, with label names (the parquet writer encodes them as ClassLabel ids)."""

from __future__ import annotations

from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.dataset.tokens import token_row

# Typed attributes that only some labels carry; null elsewhere, so every entity has the same struct.
OPTIONAL_ENTITY_FIELDS = ("country", "level", "value", "amount", "currency", "belongs_to")


def entity_record(entity: dict[str, Any]) -> dict[str, Any]:
    record = {key: entity[key] for key in ("id", "start", "end", "label", "text", "canonical")}
    record.update({key: entity.get(key) for key in OPTIONAL_ENTITY_FIELDS})
    if record["amount"] is not None:
        record["amount"] = float(record["amount"])
    return record


def agreement_record(agreement: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": agreement["id"],
        "type": agreement["type"],
        "status": agreement["status"],
        "parties": list(agreement["parties"]),
        "signatories": list(agreement.get("signatories", [])),
        "date": agreement.get("date"),
        "date_basis": agreement.get("date_basis"),
        "sectors": list(agreement["sectors"]),
        "evidence": [list(span) for span in agreement["evidence"]],
    }


def document_record(document: Document, seed_sha256: str) -> dict[str, Any]:
    """The `default` row: text, entities, agreements, sectors and the text's provenance."""
    provenance = document.provenance
    return {
        "doc_id": document.doc_id,
        "language": document.language,
        "text": document.text,
        "entities": [entity_record(entity) for entity in document.entities],
        "agreements": [agreement_record(agreement) for agreement in document.agreements],
        "sectors": list(document.sectors),
        "title": provenance.get("title"),
        "outlet": provenance.get("outlet"),
        "published": provenance.get("published"),
        "seed_sha256": seed_sha256,
    }


def tokens_record(document: Document) -> dict[str, Any]:
    return token_row(document.doc_id, document.language, document.text, document.entities)
