"""95% bootstrap intervals for the per-label and per-language scores, beside their point estimates.

A per-label F1 resamples all documents (the label's counts summed over the drawn documents), with the same
resample weights as the headline F1s. A per-language F1 resamples only that language's documents, with weights
drawn for their number from the same seed: a language's score is a statement about its own documents.
Each interval is stored as `ci` in the entry it belongs to, null where no resample was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from paradiplomacy.scoring.mentions import SCHEMES, Counts
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.uncertainty import LEVEL, bootstrap_ci, resample_weights, statistic

MENTION_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")


class Scored(Protocol):
    """What a document's score offers here (`evaluate.DocumentScore`)."""

    language: str
    mentions: dict[str, Counts]
    mentions_by_label: dict[str, dict[str, Counts]]
    text_by_label: dict[str, Tally]


def _interval(rows: list[list[int]], kind: str, weights: np.ndarray) -> list[float] | None:
    if not weights.size or not rows:
        return None
    found = bootstrap_ci(np.array(rows, dtype=np.int64), statistic(kind), weights)
    return list(found) if found else None


def _intervals(
    blocks: list[list[list[int]]], kinds: list[str], weights: np.ndarray
) -> list[list[float] | None]:
    """`_interval` for many count matrices over the same documents, with one matrix product for all."""
    if not weights.size or not blocks or not blocks[0]:
        return [None] * len(kinds)
    widths = [len(block[0]) for block in blocks]
    stacked = np.concatenate([np.array(block, dtype=np.int64) for block in blocks], axis=1)
    resampled = weights @ stacked
    out: list[list[float] | None] = []
    start = 0
    for width, kind in zip(widths, kinds, strict=True):
        values = statistic(kind)(resampled[:, start : start + width])
        low, high = np.percentile(values, [100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2])
        out.append([float(low), float(high)])
        start += width
    return out


def _mention_row(counts: Counts | None) -> list[int]:
    counts = counts or Counts()
    return [getattr(counts, field) for field in MENTION_FIELDS]


def add_intervals(
    results: dict[str, Any],
    scores: Sequence[Scored],
    tallies: dict[str, Callable[[Any], Tally]],
    weights: np.ndarray,
    *,
    bootstrap: int,
    seed: int,
) -> None:
    """Write `ci` into every by_label and by_language entry of the mention and tally layers of `results`.

    `tallies` maps a tally layer's name to the function giving one document's Tally for it."""
    by_language = _language_weights(scores, bootstrap, seed)
    mentions = results.get("mentions")
    if isinstance(mentions, dict) and mentions.get("applicable"):
        entries = [
            (entry, label, scheme)
            for label, entry in mentions.get("by_label", {}).items()
            for scheme in SCHEMES
        ]
        blocks = [
            [_mention_row(s.mentions_by_label.get(label, {}).get(scheme)) for s in scores]
            for _, label, scheme in entries
            if weights.size  # no resamples: every interval is null, no need to gather counts
        ]
        found = _intervals(blocks, [f"mentions:{scheme}" for _, _, scheme in entries], weights)
        for (entry, _, scheme), interval in zip(entries, found, strict=True):
            entry[scheme]["ci"] = interval
        for language, entry in mentions.get("by_language", {}).items():
            picked, language_weights = by_language[language]
            for scheme in SCHEMES:
                rows = [_mention_row(scores[i].mentions.get(scheme)) for i in picked]
                entry[scheme]["ci"] = _interval(rows, f"mentions:{scheme}", language_weights)
    for name, pick in tallies.items():
        layer = results.get(name)
        if not isinstance(layer, dict):
            continue
        for language, entry in layer.get("by_language", {}).items():
            picked, language_weights = by_language[language]
            entry["ci"] = _interval([pick(scores[i]).as_list() for i in picked], "prf", language_weights)
    text = results.get("mentions_text")
    if isinstance(text, dict):
        for label, entry in text.get("by_label", {}).items():
            rows = [s.text_by_label.get(label, Tally()).as_list() for s in scores]
            entry["ci"] = _interval(rows, "prf", weights)


def _language_weights(
    scores: Sequence[Scored], bootstrap: int, seed: int
) -> dict[str, tuple[list[int], np.ndarray]]:
    """Language -> (indices of its documents, resample weights over them)."""
    out: dict[str, tuple[list[int], np.ndarray]] = {}
    for language in dict.fromkeys(s.language for s in scores):
        picked = [i for i, s in enumerate(scores) if s.language == language]
        weights = resample_weights(len(picked), bootstrap, seed) if bootstrap else np.zeros((0, 0))
        out[language] = (picked, weights)
    return out


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
