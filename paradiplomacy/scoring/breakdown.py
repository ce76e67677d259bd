"""95% bootstrap intervals for the per-label and per-language scores, beside their point estimates.

A per-label F1 resamples all documents (the label's counts summed over the drawn documents), with the same
resample weights as the headline F1s. A per-language F1 resamples only that language's documents, with weights
drawn for their number from the same seed: a language's score is a statement about its own documents.
Each interval is stored as `ci` in the entry it belongs to, null where no resample was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paradiplomacy.scoring.fold import LABEL_TEXT, TALLY_LAYERS, Fold
from paradiplomacy.scoring.mentions import SCHEMES
from paradiplomacy.scoring.uncertainty import Columns, Statistic, bootstrap_cis, statistic

Metrics = dict[Any, tuple[Statistic, np.ndarray | Columns]]  # key -> (statistic, per-document counts)


def label_metrics(results: dict[str, Any], fold: Fold) -> Metrics:
    """Every per-label entry's per-document counts (`Columns` of the label's block in `fold`), keyed by its
    entry's path in `results`.

    Per-label intervals resample all documents with the headline weights, so `evaluate` draws them once for
    the headline and these together (`uncertainty.bootstrap_cis`, chunked: never resamples x documents).
    """
    metrics: Metrics = {}
    mentions = results.get("mentions")
    if isinstance(mentions, dict) and mentions.get("applicable"):
        for label in mentions.get("by_label", {}):
            for scheme in SCHEMES:
                columns = Columns(fold.labels[label], fold.layout.scheme(scheme))
                metrics[("mentions", label, scheme)] = (statistic(f"mentions:{scheme}"), columns)
    text = results.get("mentions_text")
    if isinstance(text, dict):
        for label in text.get("by_label", {}):
            metrics[("mentions_text", label)] = (statistic("prf"), Columns(fold.labels[label], LABEL_TEXT))
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
