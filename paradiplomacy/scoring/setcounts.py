"""True positives, false positives and false negatives of a (multi)set comparison, and their P/R/F1.

One type for every layer scored by set or multiset matching: mentions by text, entities, agreements.
"""

from __future__ import annotations

from dataclasses import dataclass


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 with 0 for an undefined ratio (scikit-learn's zero_division=0)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


@dataclass(frozen=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_list(self) -> list[int]:
        return [self.tp, self.fp, self.fn]

    def metrics(self) -> dict[str, float]:
        return prf(self.tp, self.fp, self.fn)

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, **self.metrics()}
