"""Sector scores: computed with numpy, checked against scikit-learn's precision_recall_fscore_support."""

from __future__ import annotations

import random

import pytest
from sklearn.metrics import precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from paradiplomacy.scoring.sectors import per_document_counts, score_sectors
from paradiplomacy.vocabulary import sectors


def reference(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, object]:
    """The same result object the harness computed with scikit-learn before it stopped importing it."""
    binariser = MultiLabelBinarizer(classes=list(sectors()))
    binariser.fit([])
    y_true, y_pred = binariser.transform(gold), binariser.transform(predicted)
    names = sectors()
    occurring = [i for i in range(len(names)) if y_true[:, i].any() or y_pred[:, i].any()]
    result: dict[str, object] = {}
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
        name: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
               "support": int(support[i]), "predicted": int(predicted_count[i])}
        for i, name in enumerate(names)
        if support[i] or predicted_count[i]
    }  # fmt: skip
    tp, fp, fn = (y_true & y_pred).sum(), ((1 - y_true) & y_pred).sum(), (y_true & (1 - y_pred)).sum()
    result["counts"] = {"tp": int(tp), "fp": int(fp), "fn": int(fn)}
    result["macro_over"] = [names[i] for i in occurring]
    return result


def flat(value: object, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flat(item, f"{prefix}/{key}").items()}
    return {prefix: value}


def random_labels(rng: random.Random, documents: int, most: int) -> list[list[str]]:
    names = list(sectors())
    return [rng.sample(names, rng.randint(0, most)) for _ in range(documents)]


@pytest.mark.parametrize("seed", range(40))
def test_scores_equal_scikit_learn(seed: int) -> None:
    rng = random.Random(seed)
    documents = rng.choice([1, 2, 5, 30, 200])  # scikit-learn refuses 0 documents
    gold = random_labels(rng, documents, rng.choice([0, 1, 3, 8]))
    predicted = random_labels(rng, documents, rng.choice([0, 1, 3, 8]))
    ours, theirs = flat(score_sectors(gold, predicted)), flat(reference(gold, predicted))
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        expected = pytest.approx(value, rel=1e-12, abs=1e-15) if isinstance(value, float) else value
        assert ours[key] == expected, key


def test_a_repeated_predicted_sector_counts_once() -> None:
    counts = per_document_counts([["trade"]], [["trade", "trade"]])
    assert counts.reshape(-1, 3).sum(axis=0).tolist() == [1, 0, 0]
    assert score_sectors([["trade"]], [["trade", "trade"]])["counts"] == {"tp": 1, "fp": 0, "fn": 0}


def test_no_documents_scores_zero_without_failing() -> None:
    result = score_sectors([], [])
    assert result["micro"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["counts"] == {"tp": 0, "fp": 0, "fn": 0} and result["by_sector"] == {}
