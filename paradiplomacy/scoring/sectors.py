"""Document sectors as multi-label classification: precision, recall, F1 micro, macro and per sector.

Computed with numpy from the (documents, sectors) indicator matrices, in scikit-learn's definitions
(`precision_recall_fscore_support`, zero_division=0), which the tests keep as the reference: importing
scikit-learn alone would take most of the start-up of `evaluate` on a small corpus.
Macro averages run over the sectors that occur in the gold or the predictions: averaging in the
vocabulary's never-seen sectors as zeros would make even the gold score below 1 against itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paradiplomacy.vocabulary import sectors


def per_document_counts(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> np.ndarray:
    """(documents, 3 * sectors) matrix of [tp, fp, fn] per sector (`document_counts` of each document)."""
    rows = [document_counts(g, p) for g, p in zip(gold, predicted, strict=True)]
    return np.array(rows, dtype=np.int32).reshape(len(rows), 3 * len(sectors()))


def micro_counts(per_document: np.ndarray) -> np.ndarray:
    """(documents, 3): [tp, fp, fn] summed over sectors."""
    return per_document.reshape(per_document.shape[0], -1, 3).sum(axis=1)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.zeros(np.shape(numerator), dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's precision, recall and F1 (F from the counts, as it computes it), 0 where undefined."""
    tp, fp, fn = (np.asarray(x, dtype=np.int64) for x in (tp, fp, fn))
    return _divide(tp, tp + fp), _divide(tp, tp + fn), _divide(2 * tp, 2 * tp + fp + fn)


def document_counts(gold: Sequence[str], predicted: Sequence[str]) -> list[int]:
    """One document's [tp, fp, fn] per sector in vocabulary order; a repeated sector counts once, one
    outside the vocabulary not at all. Plain Python: `evaluate` calls it once per document."""
    gold_set, predicted_set = set(gold), set(predicted)
    row: list[int] = []
    for name in sectors():
        in_gold, in_predicted = name in gold_set, name in predicted_set
        row += [
            int(in_gold and in_predicted),
            int(in_predicted and not in_gold),
            int(in_gold and not in_predicted),
        ]
    return row


def score_sectors(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Micro, macro and per-sector precision, recall, F1 and support (scikit-learn's, zero_division=0)."""
    return score_counts(per_document_counts(gold, predicted).sum(axis=0, dtype=np.int64))


def score_counts(totals: np.ndarray) -> dict[str, Any]:
    """`score_sectors` from the corpus's [tp, fp, fn] per sector (rows in vocabulary order)."""
    totals = np.asarray(totals).astype(np.int64).reshape(-1, 3)
    tp, fp, fn = totals[:, 0], totals[:, 1], totals[:, 2]
    support, predicted_count = tp + fn, tp + fp
    names = sectors()
    occurring = [i for i in range(len(names)) if support[i] or predicted_count[i]]
    result: dict[str, Any] = {}
    if not occurring:
        result["micro"] = result["macro"] = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    else:
        p, r, f = _prf(tp[occurring].sum(), fp[occurring].sum(), fn[occurring].sum())
        result["micro"] = {"precision": float(p), "recall": float(r), "f1": float(f)}
        p, r, f = _prf(tp[occurring], fp[occurring], fn[occurring])
        result["macro"] = {"precision": float(p.mean()), "recall": float(r.mean()), "f1": float(f.mean())}
    p, r, f = _prf(tp, fp, fn)
    result["by_sector"] = {
        name: {
            "precision": float(p[i]),
            "recall": float(r[i]),
            "f1": float(f[i]),
            "support": int(support[i]),
            "predicted": int(predicted_count[i]),
        }
        for i, name in enumerate(names)
        if support[i] or predicted_count[i]
    }
    result["counts"] = {"tp": int(tp.sum()), "fp": int(fp.sum()), "fn": int(fn.sum())}
    result["macro_over"] = [names[i] for i in occurring]
    return result
