"""Scoring mentions without offsets, as most LLM extractors give them: by normalised text and label.

Per document, gold and predicted mentions are multisets of (normalised text, label); true positives are the
size of their intersection, so a name predicted twice but annotated once earns one match and one false
positive, and the order of mentions never matters. Offsets, where present, are ignored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from paradiplomacy.scoring.setcounts import Tally

Key = tuple[str, str]  # (normalised text, label)


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed and stripped: "МОСКВЫ" = "москвы", "Straße" = "STRASSE",
    a non-breaking space = a space. NFKC again after folding, since folding can leave a string that is not
    NFKC (the Unicode "NFKC_Casefold" closure).

    Cached (bounded): a document's mentions are normalised for the text scores, each label's text scores,
    the canonical-name lookup and the error listing, and names recur across documents."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def keys(mentions: Sequence[Mapping[str, Any]], side: str) -> list[Key]:
    try:
        return [(normalise(m["text"]), m["label"]) for m in mentions]
    except KeyError as error:
        raise ValueError(f"{side} mention without {error}: text matching needs 'text' and 'label'") from None


def count_by_text(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> Tally:
    """One document's counts: true positives are the multiset intersection of (normalised text, label)."""
    gold_keys, pred_keys = keys(gold, "gold"), keys(predicted, "predicted")
    matched = sum((Counter(gold_keys) & Counter(pred_keys)).values())
    return Tally(matched, len(pred_keys) - matched, len(gold_keys) - matched)


def count_by_text_and_label(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> tuple[Tally, dict[str, Tally]]:
    """`count_by_text` of the document, and of each label's mentions alone (labels sorted), from one count
    of the keys: a key holds its label, so a label's matches are the matches of its keys."""
    gold_counts, pred_counts = Counter(keys(gold, "gold")), Counter(keys(predicted, "predicted"))
    totals: dict[str, list[int]] = {}  # label -> [matched, predicted, gold]
    for (_, label), count in pred_counts.items():
        totals.setdefault(label, [0, 0, 0])[1] += count
    for key, count in gold_counts.items():
        entry = totals.setdefault(key[1], [0, 0, 0])
        entry[2] += count
        entry[0] += min(count, pred_counts.get(key, 0))
    by_label = {label: Tally(m, p - m, g - m) for label, (m, p, g) in sorted(totals.items())}
    matched = sum(m for m, _, _ in totals.values())
    return Tally(matched, len(predicted) - matched, len(gold) - matched), by_label


def unmatched_by_text(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> tuple[list[int], list[int]]:
    """Indices of the false negatives (gold) and false positives (predicted), for error listings. Of equal
    keys the first ones in list order are the matched ones, so the listing is deterministic."""
    gold_keys, pred_keys = keys(gold, "gold"), keys(predicted, "predicted")
    available = Counter(pred_keys) & Counter(gold_keys)
    return unmatched(gold_keys, available.copy()), unmatched(pred_keys, available)


def unmatched(side_keys: list[Key], available: Counter[Key]) -> list[int]:
    """Indices left once each key has used up its `available` matches, in order."""
    left = []
    for index, key in enumerate(side_keys):
        if available[key] > 0:
            available[key] -= 1
        else:
            left.append(index)
    return left
