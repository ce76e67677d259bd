"""`evaluate`: score one system's predictions against the gold, every layer from per-document counts.

Per-document counts are kept in the results so that the bootstrap (here) and the paired permutation test
(`compare`) can resample or swap documents without re-reading predictions.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from paradiplomacy.corpus import Document
from paradiplomacy.scoring import agreements, entities, sectors
from paradiplomacy.scoring.entities import MultisetMatch
from paradiplomacy.scoring.mentions import (
    SCHEME_DEFINITIONS,
    SCHEMES,
    Counts,
    align,
    count_document,
    count_document_by_label,
)
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.signature import settings, signature
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


def missing_warnings(documents: Iterable[str], records: Container[str]) -> list[str]:
    """One warning per document id of `documents` (a mapping's keys will do) without a record."""
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
    details: bool = True,
    joint_sides: bool = False,
) -> dict[str, Any]:
    """Score checked prediction records (doc_id -> record) against `documents` (sorted by doc_id).

    `details=False` leaves each document's errors out of `per_document` (its counts stay: `compare` needs
    them), for runs too large to read them inline; `commands/evaluate.py` can write them to a file instead.
    `joint_sides` is for `agree` only: a GOV link made in either annotation set reads the parties of both.
    """
    predicted = [records.get(d.doc_id, {}) for d in documents]
    all_entities = [e for record in predicted for e in record.get("entities", [])]
    return score_pairs(
        zip(documents, predicted, strict=True),
        index=entities.canonical_index(documents),
        config=settings(documents, bootstrap=bootstrap, seed=seed),
        entity_offsets=(sum("start" in e for e in all_entities), len(all_entities)),
        system=system,
        warnings=warnings,
        details=details,
        joint_sides=joint_sides,
    )


def score_pairs(
    pairs: Iterable[tuple[Document, Mapping[str, Any]]],
    *,
    index: entities.CanonicalIndex,
    config: dict[str, Any],
    entity_offsets: tuple[int, int],
    system: str | None,
    warnings: list[str],
    details: bool = True,
    joint_sides: bool = False,
) -> dict[str, Any]:
    """`score` over (document, prediction) pairs read one at a time: each is scored and dropped, so a large
    corpus is never held whole. What needs the whole gold comes in: the canonical `index`, the settings
    (`config`, with the gold hash) and (predicted entities with offsets, all predicted entities)."""
    with_offsets, total = entity_offsets
    offsets_apply = with_offsets > 0 or not total
    if 0 < with_offsets < total:
        warnings.append(
            f"{total - with_offsets} of {total} predicted entities have no offsets; "
            "they take part in the text-based scores only"
        )
    folded = _Folded()
    kept: list[_Kept] = []
    rows: list[list[int]] = []
    gold_sectors: list[list[str]] = []
    predicted_sectors: list[list[str]] = []
    for document, record in pairs:
        scored = _score_document(document, record, index, details, joint_sides)
        folded.add(scored)
        rows.append(_row(scored))
        kept.append(_Kept(scored.doc_id, scored.language, scored.errors))
        gold_sectors.append(list(document.sectors))
        predicted_sectors.append(list(record.get("sectors", [])))
    sector_rows = sectors.per_document_counts(gold_sectors, predicted_sectors)
    bootstrap, seed = config["bootstrap"], config["seed"]
    headline = _headline_counts(np.array(rows, dtype=np.int32).reshape(len(rows), ROW_WIDTH), sector_rows,
                                offsets_apply)  # fmt: skip
    del rows
    intervals = bootstrap_cis(
        {name: (statistic(kind), matrix) for name, (kind, _, matrix) in headline.items()}, bootstrap, seed
    )
    results: dict[str, Any] = {
        "schema_version": config["schema"],
        "signature": signature(config),
        "settings": config,
        "system": system,
        "warnings": warnings,
        "corpus": {
            "documents": [k.doc_id for k in kept],
            "languages": {lang: sum(k.language == lang for k in kept) for lang in _languages(kept)},
        },
        "headline": {
            name: _headline(kind, fields, matrix, intervals[name])
            for name, (kind, fields, matrix) in headline.items()
        },
        "mentions": _mentions_layer(folded, offsets_apply),
        "mentions_text": _tally_layer(folded, "mentions_text", by_label=True),
        "entities": _tally_layer(folded, "entities"),
        "agreement_types": _tally_layer(folded, "agreement_types"),
        "agreements": {
            **_tally_layer(folded, "agreements"),
            "definition": agreements.PARTY_MATCHING
            + ("; either annotation set's links read both" if joint_sides else ""),
        },
        "sectors": sectors.score_sectors(gold_sectors, predicted_sectors),
        "per_document": _per_document(kept, headline, details),
    }
    return results


@dataclass(frozen=True)
class _Kept:
    """What a document leaves behind once its counts are folded in and its row of counts stored."""

    doc_id: str
    language: str
    errors: dict[str, Any]


# A document's counts as one row of ints: the five mention counts per scheme, then [tp, fp, fn] per layer.
TALLY_LAYERS = ("mentions_text", "entities", "agreement_types", "agreements")
ROW_WIDTH = len(SCHEMES) * len(MENTION_FIELDS) + len(TALLY_LAYERS) * len(TALLY_FIELDS)


def _tallies(s: DocumentScore) -> dict[str, Tally]:
    return {
        "mentions_text": s.text,
        "entities": s.entities.tally,
        "agreement_types": s.types.tally,
        "agreements": s.agreements.tally,
    }


def _row(s: DocumentScore) -> list[int]:
    row = [getattr(s.mentions[scheme], f) for scheme in SCHEMES for f in MENTION_FIELDS]
    for tally in _tallies(s).values():
        row += tally.as_list()
    return row


class _Folded:
    """Sums over the documents scored so far, per language and per label: the layers' tables."""

    def __init__(self) -> None:
        self.mentions_micro = _add_schemes(None, {})
        self.mentions_by_label: dict[str, dict[str, Counts]] = {}
        self.mentions_by_language: dict[str, dict[str, Counts]] = {}
        self.micro = {layer: Tally() for layer in TALLY_LAYERS}
        self.by_language: dict[str, dict[str, Tally]] = {layer: {} for layer in TALLY_LAYERS}
        self.text_by_label: dict[str, Tally] = {}

    def add(self, s: DocumentScore) -> None:
        self.mentions_micro = _add_schemes(self.mentions_micro, s.mentions)
        for label, counts in s.mentions_by_label.items():
            self.mentions_by_label[label] = _add_schemes(self.mentions_by_label.get(label), counts)
        language = s.language
        self.mentions_by_language[language] = _add_schemes(
            self.mentions_by_language.get(language), s.mentions
        )
        for layer, tally in _tallies(s).items():
            self.micro[layer] += tally
            languages = self.by_language[layer]
            languages[language] = languages.get(language, Tally()) + tally
        for label, tally in s.text_by_label.items():
            self.text_by_label[label] = self.text_by_label.get(label, Tally()) + tally


def _per_document(kept: list[_Kept], headline: HeadlineCounts, details: bool) -> dict[str, Any]:
    rows = {name: matrix.tolist() for name, (_, _, matrix) in headline.items()}
    entries: dict[str, Any] = {}
    for i, k in enumerate(kept):
        entry: dict[str, Any] = {"language": k.language, "counts": {name: rows[name][i] for name in rows}}
        if details:
            entry["errors"] = k.errors
        entries[k.doc_id] = entry
    return entries


def _languages(kept: list[_Kept]) -> list[str]:
    from paradiplomacy.vocabulary import languages

    present = {k.language for k in kept}
    return [lang for lang in languages() if lang in present]


def _score_document(
    document: Document,
    record: Mapping[str, Any],
    index: entities.CanonicalIndex,
    details: bool = True,
    joint_sides: bool = False,
) -> DocumentScore:
    gold_mentions = document.entities
    predicted_entities = list(record.get("entities", []))
    offset_mentions = [e for e in predicted_entities if "start" in e]
    predicted_agreements = list(record.get("agreements", []))
    text_by_label = {
        label: count_by_text(
            [g for g in gold_mentions if g["label"] == label],
            [p for p in predicted_entities if p["label"] == label],
        )
        for label in sorted({m["label"] for m in [*gold_mentions, *predicted_entities]})
    }
    entity_match = entities.match_entities(document, predicted_entities, index)
    types = agreements.match_types(document, predicted_agreements)
    full = agreements.match_full(
        document, predicted_agreements, index, predicted_entities, joint_sides=joint_sides
    )
    if details:
        errors = _errors(document, predicted_entities, offset_mentions, entity_match, full, record)
    else:  # only the counts are kept: a large run holds one of these per document
        errors = {}
        entity_match, types, full = (MultisetMatch(m.tally, [], []) for m in (entity_match, types, full))
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


def _errors(
    document: Document,
    predicted_entities: list[dict[str, Any]],
    offset_mentions: list[dict[str, Any]],
    entity_match: MultisetMatch,
    full: MultisetMatch,
    record: Mapping[str, Any],
) -> dict[str, Any]:
    """The errors behind one document's counts, for people reading the results."""
    gold_mentions = document.entities
    predicted_sectors = set(record.get("sectors", []))
    return {
        "mentions": _mention_errors(gold_mentions, offset_mentions),
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


def _mention(entity: Mapping[str, Any]) -> dict[str, Any]:
    return {"text": entity["text"], "start": entity["start"], "end": entity["end"], "label": entity["label"]}


def _mention_errors(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """False negatives and positives under `strict`: unpaired spans, and both sides of each imperfect pair."""
    alignment = align(gold, predicted)
    negatives = [{**_mention(gold[i]), "error": "missed"} for i in alignment.missed]
    positives = [{**_mention(predicted[j]), "error": "spurious"} for j in alignment.spurious]
    for i, j in alignment.pairs:
        g, p = gold[i], predicted[j]
        if (g["start"], g["end"], g["label"]) != (p["start"], p["end"], p["label"]):
            negatives.append({**_mention(g), "error": "mismatched"})
            positives.append({**_mention(p), "error": "mismatched"})
    key = lambda m: (m["start"], m["end"], m["label"])  # noqa: E731
    return {"false_negatives": sorted(negatives, key=key), "false_positives": sorted(positives, key=key)}


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


def _headline_counts(rows: np.ndarray, sector_rows: np.ndarray, offsets_apply: bool) -> HeadlineCounts:
    """Name -> (metric kind, count fields, per-document count matrix) for every headline F1; `rows` holds
    each document's `_row`."""
    headline: HeadlineCounts = {}
    column = 0
    for scheme in SCHEMES:
        if offsets_apply:
            matrix = rows[:, column : column + len(MENTION_FIELDS)]
            headline[f"mentions.{scheme}"] = (f"mentions:{scheme}", MENTION_FIELDS, matrix)
        column += len(MENTION_FIELDS)
    for name in TALLY_LAYERS:
        headline[name] = ("prf", TALLY_FIELDS, rows[:, column : column + len(TALLY_FIELDS)])
        column += len(TALLY_FIELDS)
    headline["sectors.micro"] = ("prf", TALLY_FIELDS, sectors.micro_counts(sector_rows))
    sector_fields = [f"{sector}.{f}" for sector in _sector_names() for f in TALLY_FIELDS]
    headline["sectors.macro"] = ("macro_prf", sector_fields, sector_rows)
    return headline


def _sector_names() -> tuple[str, ...]:
    from paradiplomacy.vocabulary import sectors as names

    return names()


def _headline(
    kind: str, fields: list[str], per_document: np.ndarray, interval: tuple[float, float] | None
) -> dict[str, Any]:
    stat = statistic(kind)
    total = per_document.sum(axis=0, dtype=np.int64) if per_document.size else np.zeros(len(fields), np.int64)
    return {
        "kind": kind,
        "fields": fields,
        "f1": float(stat(total[None])[0]),
        "ci": list(interval) if interval else None,
    }


def _mentions_layer(folded: _Folded, offsets_apply: bool) -> dict[str, Any]:
    if not offsets_apply:
        return {"applicable": False, "reason": NO_OFFSETS}

    def render(counts: dict[str, Counts]) -> dict[str, Any]:
        return {scheme: counts[scheme].as_dict(scheme) for scheme in SCHEMES}

    by_label = folded.mentions_by_label
    return {
        "applicable": True,
        "reason": None,
        "definitions": dict(SCHEME_DEFINITIONS),
        "micro": render(folded.mentions_micro),
        "by_label": {
            label: render(c) for label, c in sorted(by_label.items(), key=lambda x: _label_order(x[0]))
        },
        "by_language": {lang: render(c) for lang, c in folded.mentions_by_language.items()},
    }


def _label_order(label: str) -> int:
    from paradiplomacy.vocabulary import entity_labels

    return entity_labels().index(label)


def _add_schemes(total: dict[str, Counts] | None, counts: dict[str, Counts]) -> dict[str, Counts]:
    total = total or {scheme: Counts() for scheme in SCHEMES}
    return {scheme: total[scheme] + counts.get(scheme, Counts()) for scheme in SCHEMES}


def _tally_dict(tally: Tally) -> dict[str, Any]:
    return tally.as_dict()


def _tally_layer(folded: _Folded, layer: str, by_label: bool = False) -> dict[str, Any]:
    """Micro over the corpus and per language; per label where the layer has labels."""
    result: dict[str, Any] = {
        "micro": _tally_dict(folded.micro[layer]),
        "by_language": {lang: _tally_dict(t) for lang, t in folded.by_language[layer].items()},
    }
    if by_label:
        labels = folded.text_by_label
        result["by_label"] = {
            lab: _tally_dict(t) for lab, t in sorted(labels.items(), key=lambda x: _label_order(x[0]))
        }
    return result
