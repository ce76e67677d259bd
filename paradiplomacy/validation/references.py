"""Checks inside one annotation that need no seed text: ids, references, sectors and dates.

Each check looks only at values of the type the schema demands and passes over the rest, which the schema
has reported: a wrong type never crashes a check and never produces a second, derived complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.problems import json_pointer
from paradiplomacy.validation.dates import date_problem
from paradiplomacy.validation.findings import Finding, show
from paradiplomacy.validation.ontology import ontology_findings

_LEVEL = "consistency"
_ROLES = (("parties", "party"), ("signatories", "signatory"))


def _items(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    return value if isinstance(value, list) else []


def _objects(record: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    return [(index, item) for index, item in enumerate(_items(record, key)) if isinstance(item, dict)]


def reference_findings(record: dict[str, Any]) -> list[Finding]:
    return [
        *unique_id_findings(record, "entities"),
        *unique_id_findings(record, "agreements"),
        *role_findings(record),
        *sector_findings(record),
        *date_findings(record),
        *ontology_findings(record),
    ]


def unique_id_findings(record: dict[str, Any], key: str) -> list[Finding]:
    ids = [item.get("id") for item in _items(record, key) if isinstance(item, dict)]
    named = [ident for ident in ids if isinstance(ident, str)]
    if len(set(named)) == len(named):
        return []  # the usual case, decided without building pointers
    first: dict[str, int] = {}  # id -> index of the item that uses it first (pointers made only if needed)
    findings = []
    for index, item in _objects(record, key):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            used_by = json_pointer([key, first[ident]])
            findings.append(
                Finding(
                    _LEVEL, json_pointer([key, index, "id"]), f"id {ident!r} is already used by {used_by}"
                )
            )
        else:
            first[ident] = index
    return findings


@cache
def _role_labels(role: str) -> tuple[str, ...]:
    """`vocabulary.agreement_role_labels`, checked against the vocabulary once, not once per agreement."""
    return vocabulary.agreement_role_labels(role)


def role_findings(record: dict[str, Any]) -> list[Finding]:
    """Parties name GPE/GOV/ORG mentions and signatories PER mentions of this file (guidelines §3)."""
    if not isinstance(record.get("entities"), list):
        return []  # nothing to refer to: the schema has reported the entities
    agreements = _objects(record, "agreements")
    if not agreements:
        return []
    # The first entity of each id, as the id is resolved (later ones repeat an id, a finding of their own).
    entities: dict[str, dict[str, Any]] = {
        entity["id"]: entity
        for entity in reversed(_items(record, "entities"))
        if isinstance(entity, dict) and isinstance(entity.get("id"), str)
    }
    findings = []
    for index, agreement in agreements:
        for key, role in _ROLES:
            allowed = _role_labels(role)
            for number, ident in enumerate(_items(agreement, key)):
                if isinstance(ident, str):
                    message = _role_problem(ident, entities, allowed, key)
                    if message:
                        findings.append(
                            Finding(_LEVEL, json_pointer(["agreements", index, key, number]), message)
                        )
    return findings


def _role_problem(ident: str, entities: dict[str, dict[str, Any]], allowed: Sequence[str], key: str) -> str:
    if ident not in entities:
        return f"{ident!r} is not the id of an entity in this file"
    label = entities[ident].get("label")
    if not isinstance(label, str) or label in allowed or label not in vocabulary.entity_labels():
        return ""  # a bad label is the schema's to report
    quoted = entities[ident].get("text")
    return f"{ident!r} is a {label} mention ({show(quoted)}); {key} must be {' or '.join(allowed)} mentions"


def sector_findings(record: dict[str, Any]) -> list[Finding]:
    """Document sectors include every agreement's sectors (guidelines §4)."""
    document = {s for s in _items(record, "sectors") if isinstance(s, str)}
    if not isinstance(record.get("sectors"), list):
        return []
    findings = []
    for index, agreement in _objects(record, "agreements"):
        for number, sector in enumerate(_items(agreement, "sectors")):
            if isinstance(sector, str) and sector in vocabulary.sectors() and sector not in document:
                message = f"{sector!r} is not among the document's sectors (/sectors), which must include it"
                findings.append(
                    Finding(_LEVEL, json_pointer(["agreements", index, "sectors", number]), message)
                )
    return findings


def date_findings(record: dict[str, Any]) -> list[Finding]:
    """Entity `value`s and agreement `date`s are real calendar dates."""
    findings = []
    for key, member in (("entities", "value"), ("agreements", "date")):
        for index, item in _objects(record, key):
            value = item.get(member)
            problem = date_problem(value) if isinstance(value, str) else None
            if problem:
                findings.append(Finding(_LEVEL, json_pointer([key, index, member]), problem))
    return findings
