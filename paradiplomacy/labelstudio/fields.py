"""The annotation format as Label Studio controls, derived from the annotation schema and the vocabularies.

Entities and agreements are regions over the text. Each of their other properties becomes a per-region
control: a `Choices` where the schema names a vocabulary (one choice, or several for an array), a relation
where it names other entities by id (`parties`, `signatories`), a `TextArea` otherwise. Properties the schema
allows on one entity label only (GPE `country`, DATE `value`) show for regions of that label only. Document
properties that are lists of vocabulary terms (`sectors`) become document-level choices; the document's other
properties travel unchanged in the task's data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from paradiplomacy import schemas, vocabulary

TEXT = "text"  # the Text object's name, and the task data key holding the seed
ENTITY = "entity"
AGREEMENT = "agreement"
AGREEMENT_LABEL = "Agreement"
# A second or later evidence span of an agreement is its own region, linked from the agreement's first one.
EVIDENCE_RELATION = "evidence"
# Members held by the region itself, not by a per-region control.
_REGION_MEMBERS = {ENTITY: ("id", "start", "end", "label", "text"), AGREEMENT: ("id", "evidence")}
_OWNER_DEFS = {ENTITY: "entity", AGREEMENT: "agreement"}
_LISTS = {ENTITY: "entities", AGREEMENT: "agreements"}


@dataclass(frozen=True)
class Field:
    """One property of an entity or agreement and the control that holds it."""

    owner: str  # ENTITY or AGREEMENT
    name: str  # the property's name in the annotation file
    kind: str  # "choice", "choices", "link", "links" or "text"
    options: tuple[str, ...] = ()  # vocabulary terms, for choice(s)
    only_for: str | None = None  # the one entity label the property belongs to, if any
    required: bool = False

    @property
    def control(self) -> str:
        """The control's name in the labeling configuration, or the relation label for links."""
        return self.name if self.kind in ("link", "links") else f"{self.owner}_{self.name}"

    def encode(self, value: Any) -> str:
        """A value as the text a `TextArea` shows: strings as they are, anything else as JSON."""
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def decode(self, text: str) -> Any:
        """The inverse of `encode`: JSON where it parses to a value the schema accepts here, else the text."""
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        if isinstance(parsed, str) or not property_validator(self.owner, self.name).is_valid(parsed):
            return text
        return parsed


def annotation_schema() -> dict[str, Any]:
    return schemas.load(schemas.ANNOTATION)


def _vocabulary_key(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref", "")
    if ref.startswith("vocabulary.schema.json#/$defs/"):
        return str(ref.rsplit("/", 1)[1])
    return None


def _entity_id_pattern() -> str:
    return str(annotation_schema()["$defs"]["entity"]["properties"]["id"]["pattern"])


def _only_for(owner_def: dict[str, Any]) -> dict[str, str]:
    """Property -> the label it belongs to: `if label == X ... else property: false` in the schema."""
    owners: dict[str, str] = {}
    for rule in owner_def.get("allOf", []):
        label = rule.get("if", {}).get("properties", {}).get("label", {}).get("const")
        forbidden = rule.get("else", {}).get("properties", {})
        for name, allowed in forbidden.items():
            if label and allowed is False:
                owners[name] = label
    return owners


def _field(owner: str, name: str, node: dict[str, Any], required: bool, only_for: str | None) -> Field:
    link = _entity_id_pattern()
    key = _vocabulary_key(node)
    if key:
        return Field(owner, name, "choice", vocabulary.vocabulary(key).names, only_for, required)
    items: dict[str, Any] = node["items"] if isinstance(node.get("items"), dict) else {}
    if node.get("type") == "array" and _vocabulary_key(items):
        names = vocabulary.vocabulary(str(_vocabulary_key(items))).names
        return Field(owner, name, "choices", names, only_for, required)
    if node.get("type") == "string" and node.get("pattern") == link:
        return Field(owner, name, "link", (), only_for, required)
    if node.get("type") == "array" and items.get("pattern") == link:
        return Field(owner, name, "links", (), only_for, required)
    return Field(owner, name, "text", (), only_for, required)


@cache
def region_fields(owner: str) -> tuple[Field, ...]:
    """The per-region fields of entities or agreements, in the schema's order."""
    definition = annotation_schema()["$defs"][_OWNER_DEFS[owner]]
    required = set(definition.get("required", []))
    belongs = _only_for(definition)
    return tuple(
        _field(owner, name, node, name in required, belongs.get(name))
        for name, node in definition["properties"].items()
        if name not in _REGION_MEMBERS[owner]
    )


def all_region_fields() -> tuple[Field, ...]:
    return region_fields(ENTITY) + region_fields(AGREEMENT)


@cache
def document_choices() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Top-level properties that are lists of vocabulary terms (`sectors`), with their terms."""
    found = []
    for name, node in annotation_schema()["properties"].items():
        items: dict[str, Any] = node["items"] if isinstance(node.get("items"), dict) else {}
        key = _vocabulary_key(items) if node.get("type") == "array" else None
        if key:
            found.append((name, vocabulary.vocabulary(key).names))
    return tuple(found)


def region_lists() -> dict[str, str]:
    """Region owner -> the annotation's list of them (`entity` -> `entities`)."""
    return dict(_LISTS)


def frame_properties() -> tuple[str, ...]:
    """Top-level properties carried unchanged in the task data (doc_id, language, annotation record, ...)."""
    held = set(_LISTS.values()) | {name for name, _ in document_choices()}
    return tuple(name for name in annotation_schema()["properties"] if name not in held)


def relation_labels() -> tuple[str, ...]:
    labels = [f.name for f in all_region_fields() if f.kind in ("link", "links")]
    return (*dict.fromkeys(labels), EVIDENCE_RELATION)


def member_order(owner: str) -> tuple[str, ...]:
    return tuple(annotation_schema()["$defs"][_OWNER_DEFS[owner]]["properties"])


@cache
def property_validator(owner: str, name: str) -> Draft202012Validator:
    base = annotation_schema()["$id"]
    pointer = f"{base}#/$defs/{_OWNER_DEFS[owner]}/properties/{name}"
    return Draft202012Validator({"$ref": pointer}, registry=schemas.registry())
