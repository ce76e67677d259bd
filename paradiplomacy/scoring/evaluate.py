"""`evaluate`: score one system's predictions against the gold, every layer from per-document counts.

Per-document counts are kept in the results so that the bootstrap (here) and the paired permutation test
(`compare`) can resample or swap documents without re-reading predictions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paradiplomacy.corpus import Document
from paradiplomacy.extractors.base import LAYERS
from paradiplomacy.scoring import agreements, entities, sectors
from paradiplomacy.scoring.breakdown import add_language_intervals, label_metrics, write_label_intervals
from paradiplomacy.scoring.entities import (
    MultisetMatch,
    RawIndex,
    finished_index,
    raw_index,
    viewed_index,
)
from paradiplomacy.scoring.fold import (
    LABEL_TEXT,
    TALLY_LAYERS,
    Fold,
    Layout,
    PerDocument,
    Row,
    as_tally,
    document_row,
    scheme_counts,
)
from paradiplomacy.scoring.fold import (
    MENTION_FIELDS as ROW_MENTION_FIELDS,
)
from paradiplomacy.scoring.fold import (
    TALLY_FIELDS as ROW_TALLY_FIELDS,
)
from paradiplomacy.scoring.mentions import (
    SCHEME_DEFINITIONS,
    SCHEMES,
    Counts,
    count_document_all,
)
from paradiplomacy.scoring.pairs import mention_pairs
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.signature import settings, signature
from paradiplomacy.scoring.subsets import EntityView, Scope, not_attempted
from paradiplomacy.scoring.text_match import count_by_text_and_label, normalise
from paradiplomacy.scoring.uncertainty import Columns, bootstrap_cis, statistic

MENTION_FIELDS = list(ROW_MENTION_FIELDS)  # a headline's `fields`, as JSON reads them back
TALLY_FIELDS = list(ROW_TALLY_FIELDS)
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


def missing_warnings(documents: Mapping[str, Any], records: Mapping[str, Any]) -> list[str]:
    """A warning for each document (doc_id -> document or header) without a record, in doc-id order."""
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
    whole_gold = whole_gold or documents
    scorer = DocumentScorer(raw_index(whole_gold), scope, joint_sides=joint_sides, details=details)
    fold = Fold([d.doc_id for d in documents], [d.language for d in documents], scorer.layout)
    errors: dict[str, dict[str, Any]] | None = {} if details else None
    for position, document in enumerate(documents):
        row, found = scorer.score(document, records.get(document.doc_id, {}))
        fold.put(position, row)
        if errors is not None:
            errors[document.doc_id] = found
    config = {**settings(documents, bootstrap=bootstrap, seed=seed, gold=whole_gold), **scope.settings()}
    results = assemble(
        fold, config, system=system, warnings=warnings, scope=scope, joint_sides=joint_sides, errors=errors
    )
    # Plain dictionaries for callers of the API (json.dump, equality, editing); `evaluate --predictions`
    # keeps the made-when-read `PerDocument` of `assemble` instead (`stream.py`).
    per_document = results["per_document"]
    results["per_document"] = dict(zip(per_document, per_document.entries(list(per_document)), strict=True))
    return results


class DocumentScorer:
    """Scores one document at a time against the canonical index of the whole gold (`fold.Row` and errors).

    Everything a document's score depends on besides the document and its prediction is here, so documents
    can be scored in any order, or in other processes, with the same result.
    """

    def __init__(
        self, index: RawIndex, scope: Scope, *, joint_sides: bool = False, details: bool = True
    ) -> None:
        self.view = scope.entity_view()
        self.index = finished_index(index)
        # Entities are matched in the scored label space; agreements always in ours (their parties' labels).
        self.entity_index = finished_index(viewed_index(index, self.view)) if self.view else self.index
        self.joint_sides = joint_sides
        self.details = details
        self.layout = Layout(sectors=_sector_names())

    def score(self, document: Document, record: Mapping[str, Any]) -> tuple[Row, dict[str, Any]]:
        found = _score_document(
            document, record, self.index, self.entity_index, self.view, self.joint_sides, self.details
        )
        predicted = record.get("entities", [])
        row = document_row(
            self.layout,
            found.mentions,
            found.mentions_by_label,
            {
                "mentions_text": found.text,
                "entities": found.entities.tally,
                "agreement_types": found.types.tally,
                "agreements": found.agreements.tally,
            },
            found.text_by_label,
            sectors.document_counts(document.sectors, record.get("sectors", [])),
            entities=len(predicted),
            with_offsets=sum("start" in e for e in predicted),
        )
        return row, found.errors


def assemble(
    fold: Fold,
    config: dict[str, Any],
    *,
    system: str | None,
    warnings: list[str],
    scope: Scope,
    joint_sides: bool = False,
    errors: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The results object from the rows of every scored document (`fold`), the settings and the warnings."""
    offsets_apply = fold.offsets_apply
    if 0 < fold.with_offsets < fold.entities:
        warnings.append(
            f"{fold.entities - fold.with_offsets} of {fold.entities} predicted entities have no offsets; "
            "they take part in the text-based scores only"
        )
    layout = fold.layout
    headline = _headline_counts(fold, offsets_apply)
    sector_totals = fold.total(layout.sector_columns)
    documents = fold.doc_ids
    results: dict[str, Any] = {
        "schema_version": config["schema"],
        "signature": signature(config),
        "settings": config,
        "system": system,
        "warnings": warnings,
        "corpus": {
            "documents": list(documents),
            "languages": {lang: fold.languages.count(lang) for lang in _languages(fold.languages)},
        },
        "headline": {
            name: _headline(kind, fields, matrix) for name, (kind, fields, matrix, _) in headline.items()
        },
        "mentions": _mentions_layer(fold, offsets_apply),
        "mentions_text": _tally_layer(fold, "mentions_text", by_label=True),
        "entities": _tally_layer(fold, "entities"),
        "agreement_types": _tally_layer(fold, "agreement_types"),
        "agreements": {
            **_tally_layer(fold, "agreements"),
            "definition": agreements.PARTY_MATCHING
            + ("; either annotation set's links read both" if joint_sides else ""),
        },
        "sectors": sectors.score_counts(sector_totals.reshape(-1, 3)),
        "per_document": PerDocument(
            fold, {name: columns for name, (_, _, _, columns) in headline.items()}, offsets_apply, errors
        ),
    }
    # One chunked draw of resample weights serves the headline and the per-label intervals; each language
    # draws its own over its documents. Never a resamples x documents matrix (`uncertainty.bootstrap_cis`).
    metrics: dict[Any, tuple[Any, Any]] = {
        ("headline", name): (statistic(kind), columns) for name, (kind, _, _, columns) in headline.items()
    }
    metrics.update(label_metrics(results, fold))
    bootstrap, seed = config["bootstrap"], config["seed"]
    found = bootstrap_cis(metrics, bootstrap, seed)
    for name in headline:
        interval = found.pop(("headline", name))
        results["headline"][name]["ci"] = list(interval) if interval else None
    write_label_intervals(results, found)
    add_language_intervals(
        results,
        fold.languages,
        {name: matrix for name, (_, _, matrix, _) in headline.items()},
        bootstrap=bootstrap,
        seed=seed,
    )
    if scope.layers is not None and len(scope.layers) < len(LAYERS):
        not_attempted(results, scope.layers, f"not attempted by {system or 'the system'}")
    return results


def _languages(codes: Sequence[str]) -> list[str]:
    from paradiplomacy.vocabulary import languages

    present = set(codes)
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
    text, text_by_label = count_by_text_and_label(gold_mentions, predicted_entities)
    mention_counts, mention_counts_by_label = count_document_all(gold_mentions, offset_mentions)
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
        mentions=mention_counts,
        mentions_by_label=mention_counts_by_label,
        text=text,
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


# name -> (metric kind, count fields, per-document count matrix, the same as columns for the bootstrap)
HeadlineCounts = dict[str, tuple[str, list[str], np.ndarray, Columns]]


def _headline_counts(fold: Fold, offsets_apply: bool) -> HeadlineCounts:
    """Name -> (metric kind, count fields, per-document counts) for every headline F1."""
    layout = fold.layout
    headline: HeadlineCounts = {}

    def columns(where: slice) -> tuple[np.ndarray, Columns]:
        return fold.column(where), Columns(fold.headline, where)

    if offsets_apply:
        for scheme in SCHEMES:
            headline[f"mentions.{scheme}"] = (
                f"mentions:{scheme}",
                MENTION_FIELDS,
                *columns(layout.scheme(scheme)),
            )
    for name in TALLY_LAYERS:
        headline[name] = ("prf", TALLY_FIELDS, *columns(layout.tally(name)))
    micro = sectors.micro_counts(fold.column(layout.sector_columns))
    headline["sectors.micro"] = ("prf", TALLY_FIELDS, micro, Columns(micro, slice(0, 3)))
    sector_fields = [f"{sector}.{f}" for sector in layout.sectors for f in TALLY_FIELDS]
    headline["sectors.macro"] = ("macro_prf", sector_fields, *columns(layout.sector_columns))
    return headline


def _sector_names() -> tuple[str, ...]:
    from paradiplomacy.vocabulary import sectors as names

    return names()


def _headline(kind: str, fields: list[str], per_document: np.ndarray) -> dict[str, Any]:
    """The headline entry; its `ci` is filled in by `score` (one bootstrap for all)."""
    stat = statistic(kind)
    total = per_document.sum(axis=0) if per_document.size else np.zeros(len(fields))
    return {"kind": kind, "fields": fields, "f1": float(stat(total[None])[0]), "ci": None}


def _mentions_layer(fold: Fold, offsets_apply: bool) -> dict[str, Any]:
    if not offsets_apply:
        return {"applicable": False, "reason": NO_OFFSETS}
    mentions = fold.layout.mentions

    def render(total: np.ndarray) -> dict[str, Any]:
        counts = scheme_counts(total, fold.layout)
        return {scheme: counts[scheme].as_dict(scheme) for scheme in SCHEMES}

    return {
        "applicable": True,
        "reason": None,
        "definitions": dict(SCHEME_DEFINITIONS),
        "micro": render(fold.total(mentions)),
        "by_label": {
            label: render(fold.labels[label][:, mentions].sum(axis=0))
            for label in sorted(fold.mention_labels(), key=_label_order)
        },
        "by_language": {
            lang: render(fold.headline[positions, mentions].sum(axis=0))
            for lang, positions in fold.language_positions.items()
        },
    }


def _label_order(label: str) -> int:
    """Vocabulary order for our labels; a coarser space's labels (`--label-space`) in their order after."""
    from paradiplomacy.labelmaps import space_labels

    order = [*space_labels(None), *space_labels("ontonotes"), *space_labels("conll")]
    return order.index(label) if label in order else len(order)


def _tally_layer(fold: Fold, layer: str, by_label: bool = False) -> dict[str, Any]:
    """Micro over the corpus and per language; per label where the layer has labels (text only)."""
    columns = fold.layout.tally(layer)
    out: dict[str, Any] = {
        "micro": as_tally(fold.total(columns)).as_dict(),
        "by_language": {
            lang: as_tally(fold.headline[positions, columns].sum(axis=0)).as_dict()
            for lang, positions in fold.language_positions.items()
        },
    }
    if by_label:
        out["by_label"] = {
            label: as_tally(fold.labels[label][:, LABEL_TEXT].sum(axis=0)).as_dict()
            for label in sorted(fold.text_labels(), key=_label_order)
        }
    return out
