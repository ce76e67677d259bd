"""95% bootstrap intervals for the per-label and per-language scores, beside their point estimates.

A per-label F1 resamples all documents (the label's counts summed over the drawn documents), with the same
resample weights as the headline F1s. A per-language F1 resamples only that language's documents, with weights
drawn for their number from the same seed: a language's score is a statement about its own documents.
Each interval is stored as `ci` in the entry it belongs to, null where no resample was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from paradiplomacy.scoring.mentions import SCHEMES, Counts
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.uncertainty import Statistic, bootstrap_cis, statistic

MENTION_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
TALLY_LAYERS = ("mentions_text", "entities", "agreement_types", "agreements")


class Scored(Protocol):
    """What a document's score offers here (`evaluate.DocumentScore`)."""

    language: str
    mentions: dict[str, Counts]
    mentions_by_label: dict[str, dict[str, Counts]]
    text_by_label: dict[str, Tally]


Metrics = dict[Any, tuple[Statistic, np.ndarray]]  # key -> (statistic, documents x count columns)


def _mention_row(counts: Counts | None) -> list[int]:
    counts = counts or Counts()
    return [getattr(counts, field) for field in MENTION_FIELDS]


def label_metrics(results: dict[str, Any], scores: Sequence[Scored]) -> Metrics:
    """Every per-label entry's per-document count matrix, keyed by its entry's path in `results`.

    Per-label intervals resample all documents with the headline weights, so `evaluate` draws them once for
    the headline and these together (`uncertainty.bootstrap_cis`, chunked: never resamples x documents).
    """
    metrics: Metrics = {}
    mentions = results.get("mentions")
    if isinstance(mentions, dict) and mentions.get("applicable"):
        labels = list(mentions.get("by_label", {}))
        width = len(SCHEMES) * len(MENTION_FIELDS)
        empty = [0] * width
        rows = []
        for s in scores:
            row = []
            for label in labels:
                schemes = s.mentions_by_label.get(label)
                row += (
                    [x for scheme in SCHEMES for x in _mention_row(schemes.get(scheme))] if schemes else empty
                )
            rows.append(row)
        shape = (len(scores), len(labels), len(SCHEMES), len(MENTION_FIELDS))
        counts = np.array(rows, dtype=np.int64).reshape(shape)
        for j, label in enumerate(labels):
            for k, scheme in enumerate(SCHEMES):
                metrics[("mentions", label, scheme)] = (statistic(f"mentions:{scheme}"), counts[:, j, k])
    text = results.get("mentions_text")
    if isinstance(text, dict):
        labels = list(text.get("by_label", {}))
        zero = Tally()
        rows = [[x for label in labels for x in s.text_by_label.get(label, zero).as_list()] for s in scores]
        text_counts = np.array(rows, dtype=np.int64).reshape(len(scores), len(labels), 3)
        for j, label in enumerate(labels):
            metrics[("mentions_text", label)] = (statistic("prf"), text_counts[:, j])
    return metrics


def write_label_intervals(results: dict[str, Any], found: dict[Any, tuple[float, float] | None]) -> None:
    """Store the intervals `label_metrics`' keys got as `ci` in their entries."""
    for key, interval in found.items():
        if key[0] == "mentions":
            results["mentions"]["by_label"][key[1]][key[2]]["ci"] = list(interval) if interval else None
        elif key[0] == "mentions_text":
            results["mentions_text"]["by_label"][key[1]]["ci"] = list(interval) if interval else None


def add_language_intervals(
    results: dict[str, Any],
    languages: Sequence[str],
    per_document: Mapping[str, np.ndarray],
    *,
    bootstrap: int,
    seed: int,
) -> None:
    """Write `ci` into every by_language entry of the mention and tally layers of `results`.

    `languages` is each document's language; `per_document` maps a headline name (`mentions.SCHEME` and
    the tally layers) to its documents x counts matrix. A language resamples only its own documents, with
    weights drawn for their number from the same seed, in chunks.
    """
    codes = np.array(languages, dtype=object)
    for language in dict.fromkeys(languages):
        picked = np.flatnonzero(codes == language)
        metrics: Metrics = {}
        mentions = results.get("mentions")
        if isinstance(mentions, dict) and mentions.get("applicable") and language in mentions["by_language"]:
            for scheme in SCHEMES:
                rows = per_document[f"mentions.{scheme}"][picked]
                metrics[("mentions", scheme)] = (statistic(f"mentions:{scheme}"), rows)
        for name in TALLY_LAYERS:
            layer = results.get(name)
            if isinstance(layer, dict) and language in layer.get("by_language", {}):
                metrics[(name,)] = (statistic("prf"), per_document[name][picked])
        found = bootstrap_cis(metrics, bootstrap, seed)
        for key, interval in found.items():
            value = list(interval) if interval else None
            if key[0] == "mentions":
                results["mentions"]["by_language"][language][key[1]]["ci"] = value
            else:
                results[key[0]]["by_language"][language]["ci"] = value


def document_label_counts(score: Scored, offsets_apply: bool) -> dict[str, dict[str, list[int]]]:
    """Label -> metric -> this document's count vector, for the labelled layers (`mentions.strict` with
    offsets, `mentions_text` always), so `compare --by label` can pair documents label by label."""
    out: dict[str, dict[str, list[int]]] = {}
    if offsets_apply:
        for label, schemes in score.mentions_by_label.items():
            out[label] = {"mentions.strict": _mention_row(schemes.get("strict"))}
    for label, tally in score.text_by_label.items():
        out.setdefault(label, {})["mentions_text"] = tally.as_list()
    return out
