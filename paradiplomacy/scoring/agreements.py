"""Agreements: their types as a multiset per document, and full matches of type, status and parties.

Full matching compares (type, status, frozenset of party *sides*) for equality. Equality is transitive,
so the multiset intersection is already a maximum one-to-one matching: no bipartite matching is needed.
Parties meet the gold through `entities.resolve`, as entity names do, and then become sides: a government
body and the place it governs are two names for one side (ontology 1.2), so a GOV party counts as the GPE
its `belongs_to` names. "Government of Moscow" and "Moscow" are the same party; "Minsk Office of the BelCCI"
(an ORG) and "Minsk" are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from paradiplomacy.corpus import Document
from paradiplomacy.scoring.entities import (
    PARTY_LABELS,
    CanonicalIndex,
    MultisetMatch,
    match_multisets,
    resolve,
)
from paradiplomacy.scoring.text_match import normalise

PARTY_MATCHING = (
    "parties as sides: a GOV party counts as the GPE its belongs_to names (the gold's link, or the "
    "prediction's own), so a government body and its place match each other; other parties by canonical"
)


def side_map(entities: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Normalised canonical and text of each GOV with `belongs_to` -> that GPE's name."""
    sides: dict[str, str] = {}
    for entity in entities:
        target = entity.get("belongs_to")
        if entity.get("label") == "GOV" and isinstance(target, str) and target:
            for name in (entity.get("canonical"), entity.get("text")):
                if isinstance(name, str) and name:
                    sides.setdefault(normalise(name), target)
    return sides


def side(name: str, sides: Mapping[str, str]) -> str:
    return sides.get(normalise(name), name)


class AgreementKey(NamedTuple):
    type: str
    status: str
    parties: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "status": self.status, "parties": sorted(self.parties)}


def gold_agreements(document: Document, sides: Mapping[str, str] | None = None) -> list[AgreementKey]:
    canonical = {entity["id"]: entity["canonical"] for entity in document.entities}
    sides = side_map(document.entities) if sides is None else sides
    return [
        AgreementKey(a["type"], a["status"], frozenset(side(canonical[p], sides) for p in a["parties"]))
        for a in document.agreements
    ]


def predicted_party(
    name: str, index: CanonicalIndex, gold_sides: Mapping[str, str], own_sides: Mapping[str, str]
) -> str:
    """A predicted party's side: its own GOV link first, then the gold canonical it names and its link."""
    return side(resolve(side(name, own_sides), index, PARTY_LABELS), gold_sides)


def predicted_agreements(
    agreements: Iterable[Mapping[str, Any]],
    index: CanonicalIndex,
    gold_sides: Mapping[str, str] | None = None,
    own_sides: Mapping[str, str] | None = None,
) -> list[AgreementKey]:
    gold_sides, own_sides = gold_sides or {}, own_sides or {}
    return [
        AgreementKey(
            a["type"],
            a["status"],
            frozenset(predicted_party(p, index, gold_sides, own_sides) for p in a["parties"]),
        )
        for a in agreements
    ]


def match_types(document: Document, agreements: Iterable[Mapping[str, Any]]) -> MultisetMatch:
    return match_multisets((a["type"] for a in document.agreements), (a["type"] for a in agreements))


def match_full(
    document: Document,
    agreements: Iterable[Mapping[str, Any]],
    index: CanonicalIndex,
    predicted_entities: Iterable[Mapping[str, Any]] = (),
    *,
    joint_sides: bool = False,
) -> MultisetMatch:
    """`joint_sides` (for two annotation sets, never for a system): either set's GOV links read both sets."""
    own = side_map(predicted_entities)
    gold_sides = {**own, **side_map(document.entities)} if joint_sides else side_map(document.entities)
    predicted = predicted_agreements(agreements, index, gold_sides, own)
    found = match_multisets(gold_agreements(document, gold_sides), predicted)
    return MultisetMatch(
        found.tally, [k.as_dict() for k in found.missed], [k.as_dict() for k in found.spurious]
    )
