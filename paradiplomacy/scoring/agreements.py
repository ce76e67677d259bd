"""Agreements: their types as a multiset per document, and full matches of type, status and parties.

Full matching compares (type, status, frozenset of party canonicals) for equality. Equality is transitive,
so the multiset intersection is already a maximum one-to-one matching: no bipartite matching is needed.
Parties meet the gold through `entities.resolve`, as entity names do.
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


class AgreementKey(NamedTuple):
    type: str
    status: str
    parties: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "status": self.status, "parties": sorted(self.parties)}


def gold_agreements(document: Document) -> list[AgreementKey]:
    canonical = {entity["id"]: entity["canonical"] for entity in document.entities}
    return [
        AgreementKey(a["type"], a["status"], frozenset(canonical[p] for p in a["parties"]))
        for a in document.agreements
    ]


def predicted_agreements(
    agreements: Iterable[Mapping[str, Any]], index: CanonicalIndex
) -> list[AgreementKey]:
    return [
        AgreementKey(a["type"], a["status"], frozenset(resolve(p, index, PARTY_LABELS) for p in a["parties"]))
        for a in agreements
    ]


def match_types(document: Document, agreements: Iterable[Mapping[str, Any]]) -> MultisetMatch:
    return match_multisets((a["type"] for a in document.agreements), (a["type"] for a in agreements))


def match_full(
    document: Document, agreements: Iterable[Mapping[str, Any]], index: CanonicalIndex
) -> MultisetMatch:
    found = match_multisets(gold_agreements(document), predicted_agreements(agreements, index))
    return MultisetMatch(
        found.tally, [k.as_dict() for k in found.missed], [k.as_dict() for k in found.spurious]
    )
