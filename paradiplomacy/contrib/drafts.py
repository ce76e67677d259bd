"""A prediction turned into a draft annotation file: machine-made, marked `status: draft`, for review.

What a prediction lacks, the draft leaves for the reviewer rather than inventing it: GPE country and level are
absent (the validator lists them), a DATE's value is the extractor's canonical form if that is an ISO date and
null otherwise, and an agreement's evidence is the sentence of its first party's mention. Predicted entities
without offsets are placed at the first free occurrence of their text; parties that name no predicted entity
are dropped, and an agreement left without parties is dropped, each with a note.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from paradiplomacy import schemas, vocabulary
from paradiplomacy.labelstudio.fields import ENTITY, property_validator
from paradiplomacy.validation.drafts import STATUS, draft_status

_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _sentence(text: str, start: int, end: int) -> list[int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    right = (
        found.start() + 1
        if found and text[found.start()] != "\n"
        else (found.start() if found else len(text))
    )
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return [left, right]


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or e <= start for s, e in taken)


def _placed(entities: Sequence[dict[str, Any]], text: str, notes: list[str]) -> list[dict[str, Any]]:
    taken: list[tuple[int, int]] = []
    placed = []
    with_offsets = [e for e in entities if isinstance(e.get("start"), int)]
    without = [e for e in entities if not isinstance(e.get("start"), int)]
    for entity in sorted(with_offsets, key=lambda e: (e["start"], -e["end"])):
        start, end = entity["start"], entity["end"]
        if 0 <= start < end <= len(text) and _free(taken, start, end):
            taken.append((start, end))
            placed.append(entity | {"text": text[start:end]})
        else:
            notes.append(
                f"dropped {entity['label']} {entity.get('text')!r} at [{start}, {end}): overlaps another"
            )
    for entity in without:
        quoted = entity["text"]
        for match in re.finditer(re.escape(quoted), text):
            if _free(taken, match.start(), match.end()):
                taken.append((match.start(), match.end()))
                placed.append(entity | {"start": match.start(), "end": match.end()})
                break
        else:
            notes.append(f"dropped {entity['label']} {quoted!r}: not found in the text")
    return sorted(placed, key=lambda e: (e["start"], e["end"]))


def _entity(number: int, predicted: dict[str, Any]) -> dict[str, Any]:
    canonical = predicted.get("canonical") or predicted["text"]
    entity: dict[str, Any] = {
        "id": f"E{number}",
        "start": predicted["start"],
        "end": predicted["end"],
        "label": predicted["label"],
        "text": predicted["text"],
        "canonical": canonical,
    }
    if predicted["label"] == "DATE":
        entity["value"] = canonical if property_validator(ENTITY, "value").is_valid(canonical) else None
    return entity


def _party(name: str, entities: list[dict[str, Any]], allowed: Sequence[str]) -> str | None:
    wanted = name.casefold()
    for entity in entities:
        if entity["label"] in allowed and wanted in (
            entity["text"].casefold(),
            entity["canonical"].casefold(),
        ):
            return str(entity["id"])
    return None


def _agreements(
    predicted: Sequence[dict[str, Any]], entities: list[dict[str, Any]], text: str, notes: list[str]
) -> list[dict[str, Any]]:
    allowed = vocabulary.agreement_role_labels("party")
    by_id = {e["id"]: e for e in entities}
    out: list[dict[str, Any]] = []
    for item in predicted:
        parties = list(
            dict.fromkeys(p for p in (_party(n, entities, allowed) for n in item.get("parties", [])) if p)
        )
        if not parties:
            notes.append(
                f"dropped a {item['type']} agreement: none of its parties {item.get('parties')} is a mention"
            )
            continue
        first = min((by_id[p] for p in parties), key=lambda e: e["start"])
        agreement: dict[str, Any] = {
            "id": f"A{len(out) + 1}",
            "type": item["type"],
            "status": item["status"],
            "parties": parties,
            "sectors": list(item.get("sectors", [])),
            "evidence": [_sentence(text, first["start"], first["end"])],
        }
        if "date" in item:
            agreement["date"] = item["date"]
        out.append(agreement)
    return out


def draft_record(
    prediction: dict[str, Any], doc_id: str, language: str, text: str, made_by: str, notes_text: str
) -> tuple[dict[str, Any], list[str]]:
    """The draft annotation for one document, and notes on what was dropped."""
    notes: list[str] = []
    entities = [
        _entity(n, e) for n, e in enumerate(_placed(prediction.get("entities", []), text, notes), start=1)
    ]
    agreements = _agreements(prediction.get("agreements", []), entities, text, notes)
    sectors = list(
        dict.fromkeys([*prediction.get("sectors", []), *(s for a in agreements for s in a["sectors"])])
    )
    record = {
        "schema_version": schemas.load(schemas.ANNOTATION)["version"],
        "doc_id": doc_id,
        "language": language,
        "seed_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "entities": entities,
        "agreements": agreements,
        "sectors": sectors,
        "annotation": {"annotators": [made_by], "notes": notes_text},
        STATUS: draft_status(),
    }
    return record, notes
