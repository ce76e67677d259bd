"""Checks added with ontology 1.2: the schema version, `belongs_to` links, type/status pairs, date bases.

Like the other consistency checks, each looks only at values of the type the schema demands and leaves the
rest to the schema's own findings.
"""

from __future__ import annotations

from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.problems import json_pointer
from paradiplomacy.validation.findings import Finding, show

_LEVEL = "consistency"
BELONGS_TO = vocabulary.BELONGS_TO_LABELS


def migrate_hint(found: str) -> str:
    """What to do with a file of another schema version: one sentence a contributor can act on."""
    expected = vocabulary.version()
    return (
        f"schema_version {show(found)} is not {expected}, the version this validator expects; "
        f"run `paradiplomacy migrate FILE_OR_FOLDER` to upgrade it in place"
    )


def version_findings(record: dict[str, Any]) -> list[Finding]:
    """A file of an older (or newer) schema version names the expected one and how to migrate."""
    found = record.get("schema_version")
    if not isinstance(found, str) or found == vocabulary.version():
        return []
    return [Finding("schema", "/schema_version", migrate_hint(found))]


def _objects(record: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = record.get(key)
    items = value if isinstance(value, list) else []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def belongs_to_findings(record: dict[str, Any]) -> list[Finding]:
    """`belongs_to` names the canonical of a GPE mention in the same file (guidelines 1.2, §2.3)."""
    entities = _objects(record, "entities")
    if not any("belongs_to" in entity for _, entity in entities):
        return []  # both checks below are about a belongs_to member
    places = {
        e["canonical"] for _, e in entities if e.get("label") == "GPE" and isinstance(e.get("canonical"), str)
    }
    findings = []
    for index, entity in entities:
        target = entity.get("belongs_to")
        label = entity.get("label")
        if "belongs_to" in entity and label in vocabulary.entity_labels() and label not in BELONGS_TO:
            allowed = " or ".join(BELONGS_TO)
            findings.append(
                Finding(
                    _LEVEL,
                    json_pointer(["entities", index, "belongs_to"]),
                    f"a {label} mention has no belongs_to; only {allowed} mentions link to a GPE",
                )
            )
        elif isinstance(target, str) and target and target not in places:
            known = ", ".join(sorted(places)) or "none"
            findings.append(
                Finding(
                    _LEVEL,
                    json_pointer(["entities", index, "belongs_to"]),
                    f"{show(target)} is not the canonical of a GPE mention in this file (GPEs: {known})",
                )
            )
    return findings


def agreement_findings(record: dict[str, Any]) -> list[Finding]:
    """The status is one the type admits, and a date basis comes with a date."""
    admitted = vocabulary.statuses_by_type()
    findings = []
    for index, agreement in _objects(record, "agreements"):
        kind, status = agreement.get("type"), agreement.get("status")
        allowed = admitted.get(kind) if isinstance(kind, str) else None
        if allowed and status in vocabulary.agreement_statuses() and status not in allowed:
            hint = (
                " (a one-sided proposal of a joint action is type 'proposal')" if status == "proposed" else ""
            )
            findings.append(
                Finding(
                    _LEVEL,
                    json_pointer(["agreements", index, "status"]),
                    f"{show(status)} is not a status of type {show(kind)} "
                    f"(it admits {', '.join(allowed)}){hint}",
                )
            )
        if "date_basis" in agreement and agreement.get("date") is None:
            findings.append(
                Finding(
                    _LEVEL, json_pointer(["agreements", index, "date_basis"]), "a date_basis without a date"
                )
            )
    return findings


def ontology_findings(record: dict[str, Any]) -> list[Finding]:
    return [*belongs_to_findings(record), *agreement_findings(record)]


def prediction_version_findings(record: dict[str, Any]) -> list[Finding]:
    """Prediction records carry no version; the one schema-1.0 form 1.2 renamed names itself and the fix."""
    from paradiplomacy.migration import RENAMED_TYPES

    findings = []
    for index, agreement in _objects(record, "agreements"):
        key = (agreement.get("type"), agreement.get("status"))
        new = RENAMED_TYPES.get(key) if all(isinstance(k, str) for k in key) else None  # type: ignore[arg-type]
        if new:
            findings.append(
                Finding(
                    "schema",
                    json_pointer(["agreements", index, "type"]),
                    f"{show(key[0])} with status {show(key[1])} is the schema 1.0 form; schema "
                    f"{vocabulary.version()}, which this validator expects, calls it {show(new)}: "
                    "run `paradiplomacy migrate FILE` to upgrade the file in place",
                )
            )
    return findings
