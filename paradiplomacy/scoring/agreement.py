"""Inter-annotator agreement: one annotation set scored as predictions against another, plus Cohen's kappa.

Set B becomes predictions with offsets and canonicals, and its agreements name their parties by the
canonicals of the entities they reference, so every `evaluate` metric applies with set A as reference.
Document-level decisions (sectors; agreement types present) are also compared with chance-corrected kappa.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.errors import InputError
from paradiplomacy.vocabulary import agreement_types, sectors


def as_prediction(document: Document) -> dict[str, Any]:
    canonical = {entity["id"]: entity["canonical"] for entity in document.entities}
    return {
        "doc_id": document.doc_id,
        "entities": [
            {k: e[k] for k in ("label", "text", "start", "end", "canonical", "belongs_to") if k in e}
            for e in document.entities
        ],
        "agreements": [
            {
                "type": a["type"],
                "status": a["status"],
                "parties": [canonical[p] for p in a["parties"]],
                "sectors": list(a["sectors"]),
            }
            for a in document.agreements
        ],
        "sectors": list(document.sectors),
    }


def kappa(reference: Sequence[int], other: Sequence[int]) -> dict[str, Any]:
    """Cohen's kappa of paired binary decisions; null, with the reason, where chance agreement is total."""
    from sklearn.metrics import cohen_kappa_score

    decisions = len(reference)
    if not decisions:
        return {"kappa": None, "decisions": 0, "reason": "no decisions to compare"}
    if len(set(reference) | set(other)) < 2:
        return {
            "kappa": None,
            "decisions": decisions,
            "reason": "both annotators made the same single decision",
        }
    return {"kappa": float(cohen_kappa_score(reference, other)), "decisions": decisions, "reason": None}


def presence(documents: Sequence[Document], vocabulary: Sequence[str], values: Any) -> list[int]:
    """One 0/1 decision per (document, term), documents in order, terms in vocabulary order."""
    return [int(term in values(d)) for d in documents for term in vocabulary]


def jaccard(reference: Sequence[Document], other: Sequence[Document]) -> float:
    """Mean over documents of |A ∩ B| / |A ∪ B| of sectors; two empty sets agree fully."""
    scores = []
    for a, b in zip(reference, other, strict=True):
        union = set(a.sectors) | set(b.sectors)
        scores.append(len(set(a.sectors) & set(b.sectors)) / len(union) if union else 1.0)
    return sum(scores) / len(scores) if scores else 0.0


def check_same_documents(
    reference: Sequence[Document], other: Sequence[Document], names: tuple[str, str]
) -> None:
    ids_a, ids_b = {d.doc_id for d in reference}, {d.doc_id for d in other}
    if ids_a != ids_b:
        only_a, only_b = sorted(ids_a - ids_b), sorted(ids_b - ids_a)
        parts = [
            f"only in {names[0]}: {', '.join(only_a)}" if only_a else "",
            f"only in {names[1]}: {', '.join(only_b)}" if only_b else "",
        ]
        raise InputError(
            f"{names[0]} and {names[1]} annotate different documents ({'; '.join(p for p in parts if p)})"
        )
    texts = {d.doc_id: d.text for d in reference}
    changed = [d.doc_id for d in other if texts[d.doc_id] != d.text]
    if changed:
        raise InputError(
            f"{names[0]} and {names[1]} annotate different texts for: {', '.join(sorted(changed))}"
        )


def agree(
    reference: Sequence[Document],
    other: Sequence[Document],
    *,
    names: tuple[str, str] = ("A", "B"),
    bootstrap: int = 1000,
    seed: int = 12345,
) -> dict[str, Any]:
    """Results as `evaluate` gives them with `reference` as gold, plus an `agreement` block of kappas."""
    from paradiplomacy.scoring.evaluate import score

    check_same_documents(reference, other, names)
    gold = sorted(reference, key=lambda d: d.doc_id)
    by_id = {d.doc_id: d for d in other}
    paired = [by_id[d.doc_id] for d in gold]
    results = score(
        gold,
        {d.doc_id: as_prediction(d) for d in paired},
        bootstrap=bootstrap,
        seed=seed,
        system=f"{names[1]} against {names[0]}",
        warnings=[],
        joint_sides=True,
    )
    from paradiplomacy.scoring.attributes import attribute_agreement

    types = agreement_types()
    results["agreement"] = {
        "attributes": attribute_agreement(gold, paired, bootstrap=bootstrap, seed=seed, names=names),
        "reference": names[0],
        "other": names[1],
        "sectors": {
            **kappa(
                presence(gold, sectors(), lambda d: d.sectors),
                presence(paired, sectors(), lambda d: d.sectors),
            ),
            "jaccard": jaccard(gold, paired),
        },
        "agreement_types": kappa(
            presence(gold, types, lambda d: {a["type"] for a in d.agreements}),
            presence(paired, types, lambda d: {a["type"] for a in d.agreements}),
        ),
    }
    return results
