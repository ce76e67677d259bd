"""`compare --by language` and `--by label`: the paired permutation test within one language's documents, or
on one entity label's counts, with the same test and settings as the corpus-wide comparison.

A language's comparison pairs only that language's documents (its attainable p is bounded by their number).
A label's comparison pairs every document on that label's counts alone (`per_document/DOC/by_label`, by
`evaluate`): `mentions.strict` where the predictions had offsets, and `mentions_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from paradiplomacy.scoring.uncertainty import min_attainable_p, paired_permutation_test, statistic

LABEL_METRICS = {"mentions.strict": ("mentions:strict", 5), "mentions_text": ("prf", 3)}

Rows = Callable[[Mapping[str, Any], str], list[int] | None]


def _block(
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    documents: Sequence[str],
    metrics: Mapping[str, tuple[str, int, Rows]],
    resamples: int,
    seed: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (kind, width, rows) in metrics.items():
        rows_a = [rows(a["per_document"][d], name) for d in documents]
        rows_b = [rows(b["per_document"][d], name) for d in documents]
        if any(r is None for r in rows_a) or any(r is None for r in rows_b):
            continue
        matrix_a = np.array(rows_a, dtype=np.int64).reshape(-1, width)
        matrix_b = np.array(rows_b, dtype=np.int64).reshape(-1, width)
        stat = statistic(kind)
        test = paired_permutation_test(matrix_a, matrix_b, stat, resamples=resamples, seed=seed)
        out[name] = {
            "a": float(stat(matrix_a.sum(axis=0)[None])[0]),
            "b": float(stat(matrix_b.sum(axis=0)[None])[0]),
            **asdict(test),
        }
    n = len(documents)
    return {
        "documents": n,
        "min_p_value": min_attainable_p(n),
        "can_reach_0_05": min_attainable_p(n) < 0.05,
        "metrics": out,
    }


def _headline_metrics(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, tuple[str, int, Rows]]:
    def rows(entry: Mapping[str, Any], name: str) -> list[int] | None:
        found = (entry.get("counts") or {}).get(name)
        return list(found) if found is not None else None

    return {
        name: (h["kind"], len(h["fields"]), rows)
        for name, h in a["headline"].items()
        if isinstance(h, dict)
        and isinstance(b["headline"].get(name), dict)
        and b["headline"][name]["kind"] == h["kind"]
    }


def by_language(
    a: Mapping[str, Any], b: Mapping[str, Any], *, resamples: int = 10_000, seed: int = 12345
) -> dict[str, Any]:
    languages: dict[str, list[str]] = {}
    for doc_id in sorted(a["per_document"]):
        languages.setdefault(a["per_document"][doc_id]["language"], []).append(doc_id)
    metrics = _headline_metrics(a, b)
    return {lang: _block(a, b, docs, metrics, resamples, seed) for lang, docs in languages.items()}


def by_label(
    a: Mapping[str, Any], b: Mapping[str, Any], *, resamples: int = 10_000, seed: int = 12345
) -> dict[str, Any]:
    """Label -> comparison block; empty where a results file predates per-label counts."""
    documents = sorted(a["per_document"])
    labels: set[str] = set()
    for results in (a, b):
        for entry in results["per_document"].values():
            if "by_label" not in entry:
                return {}
            labels |= set(entry["by_label"])
    out = {}
    for label in labels:

        def rows(entry: Mapping[str, Any], name: str, label: str = label) -> list[int] | None:
            if name not in _layers_with_counts(a, b):
                return None
            found = entry["by_label"].get(label, {}).get(name)
            return list(found) if found is not None else [0] * LABEL_METRICS[name][1]

        metrics = {name: (kind, width, rows) for name, (kind, width) in LABEL_METRICS.items()}
        out[label] = _block(a, b, documents, metrics, resamples, seed)
    return out


def _layers_with_counts(a: Mapping[str, Any], b: Mapping[str, Any]) -> set[str]:
    """The labelled metrics both files scored (mentions with offsets can be n/a for either)."""
    blocks = {"mentions.strict": "mentions", "mentions_text": "mentions_text"}
    found = set(LABEL_METRICS)
    for results in (a, b):
        for name, block in blocks.items():
            layer = results.get(block)
            if not isinstance(layer, dict) or layer.get("applicable") is False:
                found.discard(name)
    return found
