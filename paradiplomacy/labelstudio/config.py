"""The Label Studio labeling configuration (XML), generated from the schema and the vocabularies."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from paradiplomacy import vocabulary
from paradiplomacy.labelstudio.fields import (
    AGREEMENT,
    AGREEMENT_LABEL,
    ENTITY,
    TEXT,
    Field,
    document_choices,
    region_fields,
    relation_labels,
)

_VOCABULARY_OF = {ENTITY: "entity_label"}


def _hints(names: tuple[str, ...]) -> dict[str, str]:
    """Each term's definition, wherever a vocabulary defines it (shown as the control's tooltip)."""
    hints: dict[str, str] = {}
    for key in vocabulary.NAMES:
        for term in vocabulary.vocabulary(key).terms:
            if term.name in names:
                hints.setdefault(term.name, term.definition)
    return hints


def _title(field: Field) -> str:
    only = f" ({field.only_for} only)" if field.only_for else ""
    return f"{field.owner} {field.name}{only}"


def _control(parent: ET.Element, field: Field) -> None:
    """A header and the control, in a view shown only for regions the field belongs to."""
    visibility = {"visibleWhen": "region-selected", "whenTagName": field.owner}
    if field.only_for:
        visibility["whenLabelValue"] = field.only_for
    box = ET.SubElement(parent, "View", visibility)
    ET.SubElement(box, "Header", value=_title(field), size="6")
    attributes = {"name": field.control, "toName": TEXT, "perRegion": "true"} | visibility
    if field.kind == "text":
        attributes |= {"editable": "true", "maxSubmissions": "1", "rows": "1", "placeholder": field.name}
        ET.SubElement(box, "TextArea", attributes)
        return
    attributes["choice"] = "multiple" if field.kind == "choices" else "single"
    attributes["showInline"] = "true"
    choices = ET.SubElement(box, "Choices", attributes)
    hints = _hints(field.options)
    for option in field.options:
        ET.SubElement(choices, "Choice", {"value": option, "hint": hints.get(option, option)})


def labeling_config() -> str:
    """The configuration as XML text: entity labels, the agreement label, relations, per-region controls."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$doc_id")
    entity_labels = ET.SubElement(view, "Labels", name=ENTITY, toName=TEXT)
    for term in vocabulary.vocabulary(_VOCABULARY_OF[ENTITY]).terms:
        ET.SubElement(entity_labels, "Label", value=term.name, hint=term.definition)
    agreement_labels = ET.SubElement(view, "Labels", name=AGREEMENT, toName=TEXT)
    ET.SubElement(
        agreement_labels,
        "Label",
        value=AGREEMENT_LABEL,
        background="#888888",
        hint="A span of evidence for one agreement; link its parties and signatories with relations.",
    )
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    relations = ET.SubElement(view, "Relations")
    for label in relation_labels():
        ET.SubElement(relations, "Relation", value=label)
    for owner in (ENTITY, AGREEMENT):
        panel = ET.SubElement(view, "View")
        for field in region_fields(owner):
            if field.kind not in ("link", "links"):
                _control(panel, field)
    for name, options in document_choices():
        ET.SubElement(view, "Header", value=f"document {name}")
        choices = ET.SubElement(view, "Choices", name=name, toName=TEXT, choice="multiple", showInline="true")
        hints = _hints(options)
        for option in options:
            ET.SubElement(choices, "Choice", {"value": option, "hint": hints.get(option, option)})
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"
