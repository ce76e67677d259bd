"""Agreement between two annotation sets on every attribute, each with a bootstrap interval over documents.

Entity attributes are compared on mention pairs with the same boundaries (labels, canonicals, GPE country and
level, DATE values, `belongs_to`). Agreements are first paired within each document: a maximum-weight
one-to-one matching on the characters their evidence spans share (a pair must share at least one; equal type
and equal sides break ties). Every agreement attribute is then compared on the pairs. Document sectors get
Cohen's kappa and mean Jaccard.

Each measure keeps per-document count rows, so the bootstrap resamples documents and recomputes the measure
from summed rows (`uncertainty.resample_weights`, the same seeded draw as the headline F1s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paradiplomacy.corpus import Document
from paradiplomacy.scoring.agreements import side, side_map
from paradiplomacy.scoring.text_match import normalise
from paradiplomacy.scoring.uncertainty import LEVEL, resample_weights
from paradiplomacy.vocabulary import agreement_types, sectors

Row = list[float]


def _ratio(rows: np.ndarray) -> np.ndarray:
    out = np.full(rows.shape[0], np.nan)
    np.divide(rows[:, 0], rows[:, 1], out=out, where=rows[:, 1] > 0)
    return out


def _f1(rows: np.ndarray) -> np.ndarray:
    tp, fp, fn = rows[:, 0], rows[:, 1], rows[:, 2]
    denominator = 2 * tp + fp + fn
    out = np.full(rows.shape[0], np.nan)
    np.divide(2 * tp, denominator, out=out, where=denominator > 0)
    return out


def _kappa(rows: np.ndarray) -> np.ndarray:
    """Cohen's kappa of binary decisions from [both yes, reference only, other only, both no] counts."""
    yes_yes, ref_only, other_only, no_no = (rows[:, i] for i in range(4))
    total = yes_yes + ref_only + other_only + no_no
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (yes_yes + no_no) / total
        chance = (
            (yes_yes + ref_only) * (yes_yes + other_only) + (other_only + no_no) * (ref_only + no_no)
        ) / (total * total)
        kappa = (observed - chance) / (1 - chance)
    return np.where((total > 0) & (chance < 1), kappa, np.nan)


STATISTICS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], list[str]]] = {
    "f1": (_f1, ["tp", "fp", "fn"]),
    "accuracy": (_ratio, ["agree", "compared"]),
    "mean": (_ratio, ["sum", "compared"]),
    "dice": (_ratio, ["twice_shared_characters", "evidence_characters"]),
    "kappa": (_kappa, ["both", "reference_only", "other_only", "neither"]),
}


@dataclass
class Measure:
    name: str
    label: str
    kind: str
    definition: str
    rows: list[Row] = field(default_factory=list)
    not_attempted: str | None = None  # why the measure is n/a: a set never annotates the attribute

    def result(self, weights: np.ndarray) -> dict[str, Any]:
        stat, fields = STATISTICS[self.kind]
        if self.not_attempted:
            return {
                "label": self.label,
                "kind": self.kind,
                "definition": self.definition,
                "value": None,
                "ci": None,
                "counts": None,
                "reason": self.not_attempted,
            }
        matrix = np.array(self.rows, dtype=float).reshape(len(self.rows), len(fields))
        total = matrix.sum(axis=0)
        value = float(stat(total[None])[0])
        interval = None
        if weights.size and matrix.shape[0]:
            values = stat(weights @ matrix)
            values = values[~np.isnan(values)]
            if values.size:
                low, high = np.percentile(values, [100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2])
                interval = [float(low), float(high)]
        return {
            "label": self.label,
            "kind": self.kind,
            "definition": self.definition,
            "value": None if np.isnan(value) else value,
            "ci": interval,
            "counts": {
                f: float(x) if self.kind == "mean" and f == "sum" else int(x)
                for f, x in zip(fields, total, strict=True)
            },
            "reason": None,
        }


# ---------------------------------------------------------------- pairing agreements


def _characters(spans: Iterable[Sequence[int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def pair_agreements(
    reference: Sequence[Mapping[str, Any]],
    other: Sequence[Mapping[str, Any]],
    ref_sides: Callable[[Mapping[str, Any]], frozenset[str]],
    other_sides: Callable[[Mapping[str, Any]], frozenset[str]],
) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one pairs (i, j) of agreements that share evidence characters."""
    from scipy.optimize import linear_sum_assignment

    if not reference or not other:
        return []
    chars_a = [_characters(a["evidence"]) for a in reference]
    chars_b = [_characters(b["evidence"]) for b in other]
    weight = np.zeros((len(reference), len(other)))
    for i, a in enumerate(reference):
        for j, b in enumerate(other):
            shared = len(chars_a[i] & chars_b[j])
            if shared:
                bonus = (a["type"] == b["type"]) + (ref_sides(a) == other_sides(b))
                weight[i, j] = shared + 0.5 * bonus
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0)


# ---------------------------------------------------------------- one document


def _names(document: Document) -> dict[str, str]:
    return {e["id"]: e["canonical"] for e in document.entities}


def _sides_of(document: Document, sides: Mapping[str, str]) -> Callable[[Mapping[str, Any]], frozenset[str]]:
    names = _names(document)
    return lambda a: frozenset(normalise(side(names[p], sides)) for p in a["parties"])


def joint_sides(reference: Document, other: Document) -> dict[str, str]:
    """GOV -> GPE links of both sets (the reference's first): a link either annotator made credits both."""
    return {**side_map(other.entities), **side_map(reference.entities)}


def _canonicals(document: Document, ids: Iterable[str]) -> frozenset[str]:
    names = _names(document)
    return frozenset(normalise(names[i]) for i in ids)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def _presence_counts(reference: set[str], other: set[str], vocabulary: Sequence[str]) -> Row:
    both = sum(t in reference and t in other for t in vocabulary)
    ref_only = sum(t in reference and t not in other for t in vocabulary)
    other_only = sum(t in other and t not in reference for t in vocabulary)
    return [both, ref_only, other_only, len(vocabulary) - both - ref_only - other_only]


ENTITY_ATTRIBUTES = (
    ("mention_labels", "Mention labels (same boundaries)", "label"),
    ("canonical_names", "Canonical names (same boundaries)", "canonical"),
    ("gpe_country_level", "GPE country and level (same boundaries, both GPE)", "country_level"),
    ("date_values", "DATE values (same boundaries, both DATE)", "value"),
    ("belongs_to", "belongs_to of GOV and ROLE (same boundaries and label)", "belongs_to"),
)


def _entity_rows(
    reference: Document, other: Document, differences: list[dict[str, Any]] | None = None
) -> dict[str, Row]:
    """[agree, compared] per attribute over mention pairs with equal boundaries; misses to `differences`."""
    by_span = {(e["start"], e["end"]): e for e in other.entities}
    shown = {
        "label": lambda e: e["label"],
        "canonical": lambda e: e["canonical"],
        "country_level": lambda e: f"{e.get('country')} {e.get('level')}",
        "value": lambda e: e.get("value"),
        "belongs_to": lambda e: e.get("belongs_to"),
    }
    counts = {name: [0.0, 0.0] for name, _, _ in ENTITY_ATTRIBUTES}
    for a in reference.entities:
        b = by_span.get((a["start"], a["end"]))
        if b is None:
            continue
        checks: dict[str, bool | None] = {
            "label": a["label"] == b["label"],
            "canonical": normalise(a["canonical"]) == normalise(b["canonical"]),
            "country_level": (
                (a.get("country"), a.get("level")) == (b.get("country"), b.get("level"))
                if a["label"] == b["label"] == "GPE"
                else None
            ),
            "value": a.get("value") == b.get("value") if a["label"] == b["label"] == "DATE" else None,
            "belongs_to": (
                normalise(a.get("belongs_to") or "") == normalise(b.get("belongs_to") or "")
                if a["label"] == b["label"] and a["label"] in ("GOV", "ROLE")
                else None
            ),
        }
        for name, _, key in ENTITY_ATTRIBUTES:
            verdict = checks[key]
            if verdict is not None:
                counts[name][0] += verdict
                counts[name][1] += 1
                if not verdict and differences is not None:
                    differences.append(
                        {
                            "doc_id": reference.doc_id,
                            "reference": a["id"],
                            "other": b["id"],
                            "attribute": name,
                            "reference_value": shown[key](a),
                            "other_value": shown[key](b),
                            "agreement": f"{a['id']} {a['label']} {a['text']!r} [{a['start']}, {a['end']})",
                        }
                    )
    return counts


AGREEMENT_ATTRIBUTES = (
    ("agreement_type", "Agreement type", "accuracy"),
    ("agreement_status", "Agreement status", "accuracy"),
    ("parties_sides", "Parties (as sides: GOV = its belongs_to GPE)", "accuracy"),
    ("parties_entities", "Parties (exact entities)", "accuracy"),
    ("signatories", "Signatories", "accuracy"),
    ("date", "Agreement date", "accuracy"),
    ("date_basis", "Agreement date basis", "accuracy"),
    ("agreement_sectors", "Sectors per agreement (mean Jaccard)", "mean"),
    ("evidence", "Evidence overlap (character F1 over paired agreements)", "dice"),
)


@dataclass
class DocumentComparison:
    entity_rows: dict[str, Row]
    detection: Row
    attribute_rows: dict[str, Row]
    type_pairs: list[tuple[str, str]]
    status_pairs: list[tuple[str, str]]
    sectors: Row
    types_present: Row
    sector_jaccard: float
    differences: list[dict[str, Any]]


def compare_document(reference: Document, other: Document) -> DocumentComparison:
    sides = joint_sides(reference, other)
    ref_sides, other_sides = _sides_of(reference, sides), _sides_of(other, sides)
    pairs = pair_agreements(reference.agreements, other.agreements, ref_sides, other_sides)
    rows = {name: [0.0, 0.0] for name, _, _ in AGREEMENT_ATTRIBUTES}
    evidence = [0.0, 0.0]
    differences: list[dict[str, Any]] = []
    for i, j in pairs:
        a, b = reference.agreements[i], other.agreements[j]
        values = {
            "agreement_type": (a["type"], b["type"]),
            "agreement_status": (a["status"], b["status"]),
            "parties_sides": (sorted(ref_sides(a)), sorted(other_sides(b))),
            "parties_entities": (
                sorted(_canonicals(reference, a["parties"])),
                sorted(_canonicals(other, b["parties"])),
            ),
            "signatories": (
                sorted(_canonicals(reference, a.get("signatories", []))),
                sorted(_canonicals(other, b.get("signatories", []))),
            ),
            "date": (a.get("date"), b.get("date")),
            "date_basis": (a.get("date_basis"), b.get("date_basis")),
        }
        for name, (x, y) in values.items():
            rows[name][0] += x == y
            rows[name][1] += 1
            if x != y:
                differences.append(_difference(reference, a, b, name, x, y))
        jaccard = _jaccard(a["sectors"], b["sectors"])
        rows["agreement_sectors"][0] += jaccard
        rows["agreement_sectors"][1] += 1
        if jaccard < 1:
            differences.append(
                _difference(reference, a, b, "agreement_sectors", sorted(a["sectors"]), sorted(b["sectors"]))
            )
        chars_a, chars_b = _characters(a["evidence"]), _characters(b["evidence"])
        evidence[0] += 2 * len(chars_a & chars_b)
        evidence[1] += len(chars_a) + len(chars_b)
        if chars_a != chars_b:
            differences.append(_difference(reference, a, b, "evidence", a["evidence"], b["evidence"]))
    rows["evidence"] = evidence
    paired_a, paired_b = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, a in enumerate(reference.agreements):
        if i not in paired_a:
            differences.append(_unpaired(reference, a, "only in reference"))
    for j, b in enumerate(other.agreements):
        if j not in paired_b:
            differences.append(_unpaired(other, b, "only in other"))
    detection = [len(pairs), len(other.agreements) - len(pairs), len(reference.agreements) - len(pairs)]
    types = agreement_types()
    return DocumentComparison(
        entity_rows=_entity_rows(reference, other, differences),
        detection=[float(x) for x in detection],
        attribute_rows=rows,
        type_pairs=[(reference.agreements[i]["type"], other.agreements[j]["type"]) for i, j in pairs],
        status_pairs=[(reference.agreements[i]["status"], other.agreements[j]["status"]) for i, j in pairs],
        sectors=_presence_counts(set(reference.sectors), set(other.sectors), sectors()),
        types_present=_presence_counts(
            {a["type"] for a in reference.agreements}, {b["type"] for b in other.agreements}, types
        ),
        sector_jaccard=_jaccard(reference.sectors, other.sectors),
        differences=differences,
    )


def _describe(document: Document, agreement: Mapping[str, Any]) -> str:
    names = _names(document)
    parties = ", ".join(names[p] for p in agreement["parties"])
    return f"{agreement['id']} {agreement['type']}/{agreement['status']} ({parties})"


def _difference(
    reference: Document, a: Mapping[str, Any], b: Mapping[str, Any], attribute: str, x: Any, y: Any
) -> dict[str, Any]:
    return {
        "doc_id": reference.doc_id,
        "reference": a["id"],
        "other": b["id"],
        "attribute": attribute,
        "reference_value": x,
        "other_value": y,
        "agreement": _describe(reference, a),
    }


def _unpaired(document: Document, agreement: Mapping[str, Any], where: str) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "reference": agreement["id"] if where == "only in reference" else None,
        "other": agreement["id"] if where == "only in other" else None,
        "attribute": where,
        "reference_value": None,
        "other_value": None,
        "agreement": _describe(document, agreement),
    }


# ---------------------------------------------------------------- the corpus


def _cohen(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired labels; None where it is undefined (no pairs, or one label throughout)."""
    from sklearn.metrics import cohen_kappa_score

    if not pairs or len({x for p in pairs for x in p}) < 2:
        return None
    return float(cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs]))


# Attributes added by ontology 1.2: a set annotated under older guidelines never has them (n/a, not 0).
_ADDED_IN_1_2 = {
    "belongs_to": lambda d: any("belongs_to" in e for e in d.entities),
    "date_basis": lambda d: any("date_basis" in a for a in d.agreements),
}


def _not_attempted(name: str, sets: Mapping[str, Sequence[Document]]) -> str | None:
    uses = _ADDED_IN_1_2.get(name)
    if uses is None:
        return None
    lacking = [label for label, documents in sets.items() if not any(uses(d) for d in documents)]
    if not lacking:
        return None
    verb = "annotates" if len(lacking) == 1 else "annotate"
    return f"{' and '.join(lacking)} never {verb} {name} (added in guidelines 1.2)"


def attribute_agreement(
    reference: Sequence[Document],
    other: Sequence[Document],
    *,
    bootstrap: int,
    seed: int,
    names: tuple[str, str] = ("reference", "other"),
) -> dict[str, Any]:
    """Every attribute's agreement with its 95% bootstrap interval over documents, and the differences."""
    compared = [compare_document(a, b) for a, b in zip(reference, other, strict=True)]
    sets = {names[0]: reference, names[1]: other}
    measures: list[Measure] = []
    for name, label, _ in ENTITY_ATTRIBUTES:
        measure = Measure(name, label, "accuracy", "share of mention pairs with equal boundaries that agree")
        measure.rows = [c.entity_rows[name] for c in compared]
        measure.not_attempted = _not_attempted(name, sets)
        measures.append(measure)
    detection = Measure(
        "agreements_paired",
        "Agreements found (paired by shared evidence)",
        "f1",
        "one-to-one pairs of agreements sharing evidence characters, max weight; F1 of pairs",
    )
    detection.rows = [c.detection for c in compared]
    measures.append(detection)
    for name, label, kind in AGREEMENT_ATTRIBUTES:
        definition = {
            "accuracy": "share of paired agreements with equal values (both absent counts as equal)",
            "mean": "mean over paired agreements (two empty sets agree fully)",
            "dice": "2 × shared evidence characters / all evidence characters, summed over pairs",
        }[kind]
        measure = Measure(name, label, kind, definition)
        measure.rows = [c.attribute_rows[name] for c in compared]
        measure.not_attempted = _not_attempted(name, sets)
        measures.append(measure)
    for name, label, pick in (
        ("document_sectors_kappa", "Document sectors (Cohen's κ)", lambda c: c.sectors),
        (
            "agreement_types_kappa",
            "Agreement types present per document (Cohen's κ)",
            lambda c: c.types_present,
        ),
    ):
        measure = Measure(name, label, "kappa", "one yes/no decision per (document, term)")
        measure.rows = [pick(c) for c in compared]
        measures.append(measure)
    jaccard = Measure(
        "document_sectors_jaccard", "Document sectors (mean Jaccard)", "mean", "mean over documents"
    )
    jaccard.rows = [[c.sector_jaccard, 1.0] for c in compared]
    measures.append(jaccard)
    weights = resample_weights(len(compared), bootstrap, seed) if compared and bootstrap else np.zeros((0, 0))
    return {
        "measures": {m.name: m.result(weights) for m in measures},
        "paired_kappa": {
            "agreement_type": _cohen([p for c in compared for p in c.type_pairs]),
            "agreement_status": _cohen([p for c in compared for p in c.status_pairs]),
        },
        "differences": [
            d for c in compared for d in c.differences if not _not_attempted(d["attribute"], sets)
        ],
    }
