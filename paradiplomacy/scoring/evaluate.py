"""`evaluate`: score one system's predictions against the gold, every layer from per-document counts.

Per-document counts are kept in the results so that the bootstrap (here) and the paired permutation test
(`compare`) can resample or swap documents without re-reading predictions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paradiplomacy.corpus import Document
from paradiplomacy.extractors.base import LAYERS
from paradiplomacy.scoring import agreements, entities, sectors
from paradiplomacy.scoring.breakdown import (
    add_language_intervals,
    document_label_counts,
    label_metrics,
    write_label_intervals,
)
from paradiplomacy.scoring.entities import MultisetMatch
from paradiplomacy.scoring.mentions import (
    SCHEME_DEFINITIONS,
    SCHEMES,
    Counts,
    count_document,
    count_document_by_label,
)
from paradiplomacy.scoring.pairs import mention_pairs
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.signature import settings, signature
from paradiplomacy.scoring.subsets import EntityView, Scope, not_attempted
from paradiplomacy.scoring.text_match import count_by_text, normalise
from paradiplomacy.scoring.uncertainty import bootstrap_cis, statistic

MENTION_FIELDS = ["correct", "incorrect", "partial", "missed", "spurious"]
TALLY_FIELDS = ["tp", "fp", "fn"]
NO_OFFSETS = "the predictions give no offsets (start/end) for any entity; they are scored by text only"

Predictions = Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]]


@dataclass
class DocumentScore:
    """Everything one document contributes: counts per layer and the errors behind them."""

    doc_id: str
    language: str
    mentions: dict[str, Counts]
    mentions_by_label: dict[str, dict[str, Counts]]
    text: Tally
    text_by_label: dict[str, Tally]
    entities: MultisetMatch
    types: MultisetMatch
    agreements: MultisetMatch
    errors: dict[str, Any] = field(default_factory=dict)


def evaluate(
    predictions: Predictions,
    documents: Iterable[Document] | Mapping[str, Document] | None = None,
    *,
    bootstrap: int = 1000,
    seed: int = 12345,
    system: str | None = None,
    source: str = "<predictions>",
) -> dict[str, Any]:
    """The results object: every layer's metrics with counts, CIs for headline F1s, errors, and a signature.

    `predictions` maps doc_id -> prediction, or is an iterable of records with `doc_id`; `documents` defaults
    to the gold that ships with the package. A document without a prediction is scored as empty and warned of.
    """
    gold = _documents(documents)
    by_id = {document.doc_id: document for document in gold}
    records = _check(predictions, by_id, source)
    warnings = missing_warnings(by_id, records)
    return score(gold, records, bootstrap=bootstrap, seed=seed, system=system, warnings=warnings)


def missing_warnings(documents: Mapping[str, Document], records: Mapping[str, Any]) -> list[str]:
    return [
        f"{doc_id}: no prediction; scored as empty" for doc_id in sorted(documents) if doc_id not in records
    ]


def _documents(documents: Iterable[Document] | Mapping[str, Document] | None) -> list[Document]:
    if documents is None:
        from paradiplomacy.corpus import load_corpus

        documents = load_corpus()
    values = documents.values() if isinstance(documents, Mapping) else documents
    return sorted(values, key=lambda d: d.doc_id)


def _check(
    predictions: Predictions, documents: Mapping[str, Document], source: str
) -> dict[str, dict[str, Any]]:
    from paradiplomacy.predictions import check_predictions

    records: list[Any]
    if isinstance(predictions, Mapping):
        records = [{"doc_id": doc_id, **dict(record)} for doc_id, record in predictions.items()]
    else:
        records = list(predictions)
    return check_predictions(records, documents, source)


def score(
    documents: list[Document],
    records: Mapping[str, Mapping[str, Any]],
    *,
    bootstrap: int,
    seed: int,
    system: str | None,
    warnings: list[str],
    scope: Scope | None = None,
    whole_gold: list[Document] | None = None,
    joint_sides: bool = False,
    details: bool = True,
) -> dict[str, Any]:
    """Score checked prediction records (doc_id -> record) against `documents` (sorted by doc_id).

    `details=False` leaves each document's errors out of `per_document` (its counts stay: `compare` needs
    them), for runs too large to read them inline; `commands/evaluate.py` can write them to a file instead.

    `scope` restricts labels, maps them into a coarser space and marks layers not attempted (`subsets.py`);
    `whole_gold`, when `documents` is a language subset of it, names the gold hashed and indexed.
    `joint_sides` is for `agree` only: a GOV link made in either annotation set reads the parties of both.
    """
    scope = scope or Scope()
    view = scope.entity_view()
    whole_gold = whole_gold or documents
    index = entities.canonical_index(whole_gold)
    # Entities are matched in the scored label space; agreements always in ours (their parties' labels).
    entity_index = entities.canonical_index(view.documents(whole_gold)) if view else index
    predicted = [records.get(d.doc_id, {}) for d in documents]
    all_entities = [e for record in predicted for e in record.get("entities", [])]
    with_offsets = sum("start" in e for e in all_entities)
    offsets_apply = with_offsets > 0 or not all_entities
    if 0 < with_offsets < len(all_entities):
        warnings.append(
            f"{len(all_entities) - with_offsets} of {len(all_entities)} predicted entities have no offsets; "
            "they take part in the text-based scores only"
        )
    scores = [
        _score_document(d, r, index, entity_index, view, joint_sides, details)
        for d, r in zip(documents, predicted, strict=True)
    ]
    sector_rows = sectors.per_document_counts(
        [d.sectors for d in documents], [r.get("sectors", []) for r in predicted]
    )

    config = {**settings(documents, bootstrap=bootstrap, seed=seed, gold=whole_gold), **scope.settings()}
    headline = _headline_counts(scores, sector_rows, offsets_apply)
    results: dict[str, Any] = {
        "schema_version": config["schema"],
        "signature": signature(config),
        "settings": config,
        "system": system,
        "warnings": warnings,
        "corpus": {
            "documents": [d.doc_id for d in documents],
            "languages": {lang: sum(d.language == lang for d in documents) for lang in _languages(documents)},
        },
        "headline": {
            name: _headline(kind, fields, matrix) for name, (kind, fields, matrix) in headline.items()
        },
        "mentions": _mentions_layer(scores, offsets_apply),
        "mentions_text": _tally_layer(
            [s.text for s in scores], scores, by_label=[s.text_by_label for s in scores]
        ),
        "entities": _tally_layer([s.entities.tally for s in scores], scores),
        "agreement_types": _tally_layer([s.types.tally for s in scores], scores),
        "agreements": {
            **_tally_layer([s.agreements.tally for s in scores], scores),
            "definition": agreements.PARTY_MATCHING
            + ("; either annotation set's links read both" if joint_sides else ""),
        },
        "sectors": sectors.score_sectors(
            [d.sectors for d in documents], [r.get("sectors", []) for r in predicted]
        ),
        "per_document": {
            s.doc_id: {
                "language": s.language,
                "counts": {name: [int(x) for x in matrix[i]] for name, (_, _, matrix) in headline.items()},
                "by_label": document_label_counts(s, offsets_apply),
                **({"errors": s.errors} if details else {}),
            }
            for i, s in enumerate(scores)
        },
    }
    # One chunked draw of resample weights serves the headline and the per-label intervals; each language
    # draws its own over its documents. Never a resamples x documents matrix (`uncertainty.bootstrap_cis`).
    metrics: dict[Any, tuple[Any, np.ndarray]] = {
        ("headline", name): (statistic(kind), matrix) for name, (kind, _, matrix) in headline.items()
    }
    metrics.update(label_metrics(results, scores))
    found = bootstrap_cis(metrics, bootstrap, seed)
    for name in headline:
        interval = found.pop(("headline", name))
        results["headline"][name]["ci"] = list(interval) if interval else None
    write_label_intervals(results, found)
    add_language_intervals(
        results,
        [s.language for s in scores],
        {name: matrix for name, (_, _, matrix) in headline.items()},
        bootstrap=bootstrap,
        seed=seed,
    )
    if scope.layers is not None and len(scope.layers) < len(LAYERS):
        not_attempted(results, scope.layers, f"not attempted by {system or 'the system'}")
    return results


def _languages(documents: list[Document]) -> list[str]:
    from paradiplomacy.vocabulary import languages

    present = {d.language for d in documents}
    return [lang for lang in languages() if lang in present]


def _score_document(
    document: Document,
    record: Mapping[str, Any],
    index: entities.CanonicalIndex,
    entity_index: entities.CanonicalIndex,
    view: EntityView | None,
    joint_sides: bool = False,
    details: bool = True,
) -> DocumentScore:
    gold_mentions = view(document.entities) if view else document.entities
    raw_entities = list(record.get("entities", []))
    predicted_entities = view(raw_entities) if view else raw_entities
    offset_mentions = [e for e in predicted_entities if "start" in e]
    predicted_agreements = list(record.get("agreements", []))
    text_by_label = {
        label: count_by_text(
            [g for g in gold_mentions if g["label"] == label],
            [p for p in predicted_entities if p["label"] == label],
        )
        for label in sorted({m["label"] for m in [*gold_mentions, *predicted_entities]})
    }
    gold_pairs = {(e["canonical"], e["label"]) for e in gold_mentions}
    entity_match = entities.match_multisets(
        gold_pairs,
        entities.predicted_entities(predicted_entities, entity_index, gold_pairs),  # this document's first
    )
    types = agreements.match_types(document, predicted_agreements)
    full = agreements.match_full(document, predicted_agreements, index, raw_entities, joint_sides=joint_sides)
    predicted_sectors = set(record.get("sectors", []))
    errors = (
        {}
        if not details
        else {
            "mentions": {"pairs": mention_pairs(gold_mentions, offset_mentions)},
            "mentions_text": _text_errors(gold_mentions, predicted_entities),
            "entities": {
                "missed": [{"canonical": c, "label": lab} for c, lab in entity_match.missed],
                "spurious": [{"canonical": c, "label": lab} for c, lab in entity_match.spurious],
            },
            "agreements": {"missed": full.missed, "spurious": full.spurious},
            "sectors": {
                "missed": sorted(set(document.sectors) - predicted_sectors),
                "spurious": sorted(predicted_sectors - set(document.sectors)),
            },
        }
    )
    return DocumentScore(
        doc_id=document.doc_id,
        language=document.language,
        mentions=count_document(gold_mentions, offset_mentions),
        mentions_by_label=count_document_by_label(gold_mentions, offset_mentions),
        text=count_by_text(gold_mentions, predicted_entities),
        text_by_label=text_by_label,
        entities=entity_match,
        types=types,
        agreements=full,
        errors=errors,
    )


def _text_errors(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> dict[str, list[dict[str, str]]]:
    found = entities.match_multisets(
        ((normalise(g["text"]), g["label"]) for g in gold),
        ((normalise(p["text"]), p["label"]) for p in predicted),
    )
    return {
        "false_negatives": [{"text": t, "label": lab} for t, lab in found.missed],
        "false_positives": [{"text": t, "label": lab} for t, lab in found.spurious],
    }


HeadlineCounts = dict[str, tuple[str, list[str], np.ndarray]]


def _headline_counts(
    scores: list[DocumentScore], sector_rows: np.ndarray, offsets_apply: bool
) -> HeadlineCounts:
    """Name -> (metric kind, count fields, per-document count matrix) for every headline F1."""

    def matrix(rows: list[list[int]], width: int) -> np.ndarray:
        return np.array(rows, dtype=np.int64).reshape(len(rows), width)

    headline: HeadlineCounts = {}
    if offsets_apply:
        for scheme in SCHEMES:
            rows = [[getattr(s.mentions[scheme], f) for f in MENTION_FIELDS] for s in scores]
            headline[f"mentions.{scheme}"] = (f"mentions:{scheme}", MENTION_FIELDS, matrix(rows, 5))
    for name, pick in (
        ("mentions_text", lambda s: s.text),
        ("entities", lambda s: s.entities.tally),
        ("agreement_types", lambda s: s.types.tally),
        ("agreements", lambda s: s.agreements.tally),
    ):
        headline[name] = ("prf", TALLY_FIELDS, matrix([pick(s).as_list() for s in scores], 3))
    headline["sectors.micro"] = ("prf", TALLY_FIELDS, sectors.micro_counts(sector_rows))
    sector_fields = [f"{sector}.{f}" for sector in _sector_names() for f in TALLY_FIELDS]
    headline["sectors.macro"] = ("macro_prf", sector_fields, sector_rows)
    return headline


def _sector_names() -> tuple[str, ...]:
    from paradiplomacy.vocabulary import sectors as names

    return names()


def _headline(kind: str, fields: list[str], per_document: np.ndarray) -> dict[str, Any]:
    """The headline entry; its `ci` is filled in by `score` (one bootstrap for all)."""
    stat = statistic(kind)
    total = per_document.sum(axis=0) if per_document.size else np.zeros(len(fields), dtype=np.int64)
    return {"kind": kind, "fields": fields, "f1": float(stat(total[None])[0]), "ci": None}


def _mentions_layer(scores: list[DocumentScore], offsets_apply: bool) -> dict[str, Any]:
    if not offsets_apply:
        return {"applicable": False, "reason": NO_OFFSETS}
    by_label: dict[str, dict[str, Counts]] = {}
    by_language: dict[str, dict[str, Counts]] = {}
    for s in scores:
        for label, counts in s.mentions_by_label.items():
            by_label[label] = _add_schemes(by_label.get(label), counts)
        by_language[s.language] = _add_schemes(by_language.get(s.language), s.mentions)
    micro = _add_schemes(None, {})
    for s in scores:
        micro = _add_schemes(micro, s.mentions)

    def render(counts: dict[str, Counts]) -> dict[str, Any]:
        return {scheme: counts[scheme].as_dict(scheme) for scheme in SCHEMES}

    return {
        "applicable": True,
        "reason": None,
        "definitions": dict(SCHEME_DEFINITIONS),
        "micro": render(micro),
        "by_label": {
            label: render(c) for label, c in sorted(by_label.items(), key=lambda x: _label_order(x[0]))
        },
        "by_language": {lang: render(c) for lang, c in by_language.items()},
    }


def _label_order(label: str) -> int:
    """Vocabulary order for our labels; a coarser space's labels (`--label-space`) in their order after."""
    from paradiplomacy.labelmaps import space_labels

    order = [*space_labels(None), *space_labels("ontonotes"), *space_labels("conll")]
    return order.index(label) if label in order else len(order)


def _add_schemes(total: dict[str, Counts] | None, counts: dict[str, Counts]) -> dict[str, Counts]:
    total = total or {scheme: Counts() for scheme in SCHEMES}
    return {scheme: total[scheme] + counts.get(scheme, Counts()) for scheme in SCHEMES}


def _tally_dict(tally: Tally) -> dict[str, Any]:
    return tally.as_dict()


def _tally_layer(
    tallies: list[Tally], scores: list[DocumentScore], by_label: list[dict[str, Tally]] | None = None
) -> dict[str, Any]:
    """Micro over the corpus and per language; per label where the layer has labels."""
    languages: dict[str, Tally] = {}
    for tally, s in zip(tallies, scores, strict=True):
        languages[s.language] = languages.get(s.language, Tally()) + tally
    layer: dict[str, Any] = {
        "micro": _tally_dict(sum(tallies, Tally())),
        "by_language": {lang: _tally_dict(t) for lang, t in languages.items()},
    }
    if by_label is not None:
        labels: dict[str, Tally] = {}
        for document in by_label:
            for label, tally in document.items():
                labels[label] = labels.get(label, Tally()) + tally
        layer["by_label"] = {
            lab: _tally_dict(t) for lab, t in sorted(labels.items(), key=lambda x: _label_order(x[0]))
        }
    return layer
