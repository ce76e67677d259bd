"""Document sectors as multi-label classification, scored with scikit-learn.

Macro averages run over the sectors that occur in the gold or the predictions: averaging in the
vocabulary's never-seen sectors as zeros would make even the gold score below 1 against itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paradiplomacy.vocabulary import sectors


def _binarise(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.preprocessing import MultiLabelBinarizer

    binariser = MultiLabelBinarizer(classes=list(sectors()))
    binariser.fit([])
    return binariser.transform(gold), binariser.transform(predicted)


def per_document_counts(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> np.ndarray:
    """(documents, 3 * sectors) matrix of [tp, fp, fn] per sector, the input of micro and macro bootstraps."""
    y_true, y_pred = _binarise(gold, predicted)
    tp = y_true & y_pred
    fp = (1 - y_true) & y_pred
    fn = y_true & (1 - y_pred)
    return np.stack([tp, fp, fn], axis=2).reshape(len(gold), -1).astype(np.int64)


def micro_counts(per_document: np.ndarray) -> np.ndarray:
    """(documents, 3): [tp, fp, fn] summed over sectors."""
    return per_document.reshape(per_document.shape[0], -1, 3).sum(axis=1)


def score_sectors(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Micro, macro and per-sector precision, recall, F1 and support (scikit-learn, zero_division=0)."""
    from sklearn.metrics import precision_recall_fscore_support

    y_true, y_pred = _binarise(gold, predicted)
    names = sectors()
    occurring = [i for i in range(len(names)) if y_true[:, i].any() or y_pred[:, i].any()]
    result: dict[str, Any] = {}
    for average in ("micro", "macro"):
        if not occurring:
            result[average] = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
            continue
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=occurring, average=average, zero_division=0
        )
        result[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    p, r, f, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(range(len(names))), average=None, zero_division=0
    )
    predicted_count = y_pred.sum(axis=0)
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
    total = micro_counts(per_document_counts(gold, predicted)).sum(axis=0)
    result["counts"] = {"tp": int(total[0]), "fp": int(total[1]), "fn": int(total[2])}
    result["macro_over"] = [names[i] for i in occurring]
    return result
