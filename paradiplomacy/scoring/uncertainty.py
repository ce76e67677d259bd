"""Uncertainty over documents: bootstrap confidence intervals and exact paired permutation tests.

Every headline metric is a function of count vectors summed over documents, so resampling or swapping
documents is a matter of re-summing rows; the metric's *kind* names that function so `compare` can
recompute it from the per-document counts stored in a results file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import numpy as np

Key = TypeVar("Key")
Statistic = Callable[[np.ndarray], np.ndarray]  # (rows, k) summed counts -> (rows,) F1

EXACT_MAX_DOCUMENTS = 20
LEVEL = 0.95
_CHUNK = 1 << 16
_WEIGHT_CELLS = 1 << 21  # resample weights held at once: 16 MiB of int64


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.zeros(np.broadcast(numerator, denominator).shape, dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _prf_f1(rows: np.ndarray) -> np.ndarray:
    tp, fp, fn = rows[:, 0], rows[:, 1], rows[:, 2]
    return _ratio(2.0 * tp, 2.0 * tp + fp + fn)


def _macro_f1(rows: np.ndarray) -> np.ndarray:
    """Mean F1 over the classes that occur (in gold or prediction); each row is [tp, fp, fn] per class."""
    triples = rows.reshape(rows.shape[0], -1, 3)
    tp, fp, fn = triples[..., 0], triples[..., 1], triples[..., 2]
    present = (tp + fp + fn) > 0
    f1 = _ratio(2.0 * tp, 2.0 * tp + fp + fn)
    return _ratio((f1 * present).sum(axis=1), present.sum(axis=1).astype(float))


def _mention_f1(rows: np.ndarray) -> np.ndarray:
    """SemEval-2013 (nervaluate) F1 from [correct, incorrect, partial, missed, spurious], partial as half."""
    correct, incorrect, partial, missed, spurious = (rows[:, i].astype(float) for i in range(5))
    matched = correct + 0.5 * partial
    precision = _ratio(matched, correct + incorrect + partial + spurious)
    recall = _ratio(matched, correct + incorrect + partial + missed)
    return _ratio(2 * precision * recall, precision + recall)


def statistic(kind: str) -> Statistic:
    """Vectorised F1 of summed count rows: `prf` [tp, fp, fn], `macro_prf` [tp, fp, fn]*k, `mentions:SCHEME`.

    The mention schemes differ only in how `count_document` fills the five counts, so one formula serves all.
    """
    if kind == "prf":
        return _prf_f1
    if kind == "macro_prf":
        return _macro_f1
    if kind.startswith("mentions:"):
        return _mention_f1
    raise ValueError(f"unknown metric kind {kind!r}")


def resample_weight_chunks(n_documents: int, resamples: int, seed: int) -> Iterator[np.ndarray]:
    """The rows of `resample_weights`, a few at a time: about `_WEIGHT_CELLS` counts in memory at once.

    Drawing rows in chunks from one generator gives the same numbers as drawing them all at once, so the
    intervals do not depend on the chunk size (a test checks so).
    """
    rng = np.random.default_rng(seed)
    rows = max(1, _WEIGHT_CELLS // max(n_documents, 1))
    for start in range(0, resamples, rows):
        size = min(rows, resamples - start)
        draws = rng.integers(0, n_documents, size=(size, n_documents))
        draws += (np.arange(size, dtype=draws.dtype) * n_documents)[:, None]
        yield np.bincount(draws.ravel(), minlength=size * n_documents).reshape(size, n_documents)


def resample_weights(n_documents: int, resamples: int, seed: int) -> np.ndarray:
    """How often each document is drawn in each bootstrap resample: a (resamples, n_documents) matrix."""
    chunks = list(resample_weight_chunks(n_documents, resamples, seed))
    if not chunks:
        return np.zeros((resamples, n_documents), dtype=np.int64)
    return np.concatenate(chunks).astype(np.int64)


def bootstrap_ci(
    per_document: np.ndarray, stat: Statistic, weights: np.ndarray
) -> tuple[float, float] | None:
    """95% percentile interval of `stat` over resampled documents; None without resamples or documents."""
    if not len(weights) or not per_document.shape[0]:
        return None
    return _percentiles(stat(weights @ per_document))


def _percentiles(values: np.ndarray) -> tuple[float, float]:
    low, high = np.percentile(values, [100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2])
    return float(low), float(high)


@dataclass(frozen=True)
class Columns:
    """Some columns of a (documents, k) count matrix: metrics on the same matrix share one product per chunk
    of resample weights, and the matrix is never copied (a large run's counts are most of its memory)."""

    matrix: np.ndarray
    columns: slice


def bootstrap_cis(
    metrics: Mapping[Key, tuple[Statistic, np.ndarray | Columns]], resamples: int, seed: int
) -> dict[Key, tuple[float, float] | None]:
    """`bootstrap_ci` of every metric over the same resamples (`resample_weights(n, resamples, seed)`).

    A metric's counts are a (documents, k) matrix, or `Columns` of a larger one. The weights are drawn in
    chunks and never held whole (resamples x documents), and each chunk meets each count matrix in one
    float64 matrix product (BLAS; exact, since every sum of counts stays far below 2**53), so the result
    equals `bootstrap_ci` metric by metric.
    """
    names = list(metrics)
    if not names:
        return {}
    # Each distinct matrix once, as float64 (a float64 matrix as it is), with the columns each metric reads.
    matrices: dict[int, np.ndarray] = {}
    where: dict[Key, tuple[int, slice]] = {}
    for name in names:
        counts = metrics[name][1]
        if isinstance(counts, Columns):
            source, columns = counts.matrix, counts.columns
        else:
            source = counts.reshape(counts.shape[0], -1)
            columns = slice(0, source.shape[1])
        if id(source) not in matrices:
            matrices[id(source)] = source if source.dtype == np.float64 else source.astype(np.float64)
        where[name] = (id(source), columns)
    documents = next(iter(matrices.values())).shape[0]
    if not resamples or not documents:
        return dict.fromkeys(names)
    values: dict[Key, list[np.ndarray]] = {name: [] for name in names}
    for weights in resample_weight_chunks(documents, resamples, seed):
        drawn = weights.astype(np.float64)
        sums = {key: drawn @ matrix for key, matrix in matrices.items()}
        for name in names:
            key, columns = where[name]
            values[name].append(metrics[name][0](sums[key][:, columns]))
    return {name: _percentiles(np.concatenate(values[name])) for name in names}


@dataclass(frozen=True)
class PermutationTest:
    difference: float  # stat(b) - stat(a) on the real pairing
    p_value: float
    exact: bool
    permutations: int
    min_p_value: float  # the smallest p this test can give with this many documents
    seed: int | None


def min_attainable_p(n_documents: int) -> float:
    """Two-sided: the observed assignment and its mirror image always count, so 2 / 2^n at best."""
    return min(1.0, 2.0 / 2**n_documents) if n_documents else 1.0


def paired_permutation_test(
    a: np.ndarray, b: np.ndarray, stat: Statistic, *, resamples: int = 10_000, seed: int = 12345
) -> PermutationTest:
    """Two-sided paired test: swap systems' per-document counts (a sign flip of each document's difference).

    Exact over all 2^n assignments when n <= 20; otherwise a seeded Monte Carlo estimate, (k + 1) / (R + 1).
    """
    n = a.shape[0]
    observed = float(stat(b.sum(axis=0)[None])[0] - stat(a.sum(axis=0)[None])[0])
    exact = n <= EXACT_MAX_DOCUMENTS
    total = 2**n if exact else resamples
    rng = None if exact else np.random.default_rng(seed)
    hits = 0
    for start in range(0, total, _CHUNK):
        size = min(_CHUNK, total - start)
        if rng is None:
            flips = (np.arange(start, start + size)[:, None] >> np.arange(n)) & 1
        else:
            flips = rng.integers(0, 2, size=(size, n))
        # A flipped document gives its counts to the other system.
        b_side = flips @ a + (1 - flips) @ b
        a_side = flips @ b + (1 - flips) @ a
        hits += int(np.sum(np.abs(stat(b_side) - stat(a_side)) >= abs(observed) - 1e-12))
    if exact:
        return PermutationTest(observed, hits / total, True, total, min_attainable_p(n), None)
    return PermutationTest(observed, (hits + 1) / (total + 1), False, total, min_attainable_p(n), seed)


# Counts beyond this cannot come from a real corpus, and would overflow the sums of a permutation test.
MAX_COUNT = 10**12


def _counts(results: dict[str, Any], name: str, documents: list[str], width: int, label: str) -> np.ndarray:
    """(documents, width) counts of one metric, checked: present, whole, non-negative, not absurdly large."""
    from paradiplomacy.errors import InputError

    rows = []
    for doc in documents:
        try:
            row = results["per_document"][doc]["counts"][name]
        except (KeyError, TypeError):
            raise InputError(
                f"{label}: /per_document/{doc}/counts/{name} is missing; re-run evaluate"
            ) from None
        valid = isinstance(row, list) and len(row) == width
        if not valid or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_COUNT for v in row
        ):
            raise InputError(
                f"{label}: /per_document/{doc}/counts/{name} must be {width} whole counts between 0 and "
                f"{MAX_COUNT:.0e}, not {str(row)[:80]}"
            )
        rows.append(row)
    return np.array(rows, dtype=np.int64).reshape(-1, width)


# A metric one of the systems does not attempt: no difference and no test, never a difference from 0.
NOT_COMPARED = {
    "difference": None,
    "p_value": None,
    "exact": None,
    "permutations": 0,
    "min_p_value": None,
    "seed": None,
}


def compare_results(
    a: dict[str, Any],
    b: dict[str, Any],
    *,
    names: tuple[str, str] = ("A", "B"),
    resamples: int = 10_000,
    seed: int = 12345,
) -> dict[str, Any]:
    """B minus A and a paired permutation test for every headline metric both results report.

    Refuses results on different gold (InputError): a difference between them would mean nothing.
    """
    from paradiplomacy.errors import InputError

    try:
        gold_a, gold_b = a["settings"]["gold_sha256"], b["settings"]["gold_sha256"]
    except (KeyError, TypeError):
        raise InputError(f"{names[0]} or {names[1]}: no settings/gold_sha256; re-run evaluate") from None
    if gold_a != gold_b:
        raise InputError(
            f"{names[0]} and {names[1]} were scored on different gold "
            f"(sha256 {gold_a[:12]} vs {gold_b[:12]}); "
            "re-evaluate both on the same corpus"
        )
    scope_a, scope_b = (
        {key: r["settings"].get(key) for key in ("languages", "labels", "label_space")} for r in (a, b)
    )
    if scope_a != scope_b or sorted(a["per_document"]) != sorted(b["per_document"]):
        raise InputError(
            f"{names[0]} and {names[1]} score different subsets ({a['signature']} vs {b['signature']}); "
            "re-evaluate both with the same --languages, --labels and --label-space"
        )
    documents = sorted(a["per_document"])
    for name, results, other in ((names[1], b, a), (names[0], a, b)):
        lacking = sorted(set(other["per_document"]) - set(results["per_document"]))
        if lacking:
            raise InputError(
                f"{name}: no per-document counts for {len(lacking)} document(s) the other results have "
                f"({', '.join(lacking[:3])}); both must be scored on the same documents"
            )
    metrics: dict[str, Any] = {}
    for name, headline in a["headline"].items():
        if name not in b["headline"] or b["headline"][name]["kind"] != headline["kind"]:
            continue
        if headline.get("f1") is None or b["headline"][name].get("f1") is None:  # not attempted by one: n/a
            metrics[name] = {"a": headline.get("f1"), "b": b["headline"][name].get("f1"), **NOT_COMPARED}
            continue
        stat = statistic(headline["kind"])
        rows_a = _counts(a, name, documents, len(headline["fields"]), names[0])
        rows_b = _counts(b, name, documents, len(headline["fields"]), names[1])
        scores = []
        for label, rows, results in ((names[0], rows_a, a), (names[1], rows_b, b)):
            recomputed = float(stat(rows.sum(axis=0)[None])[0])
            stated = results["headline"][name]["f1"]
            if abs(recomputed - float(stated)) > 2e-6:
                raise InputError(
                    f"{label}: /headline/{name}/f1 says {stated} but its per-document counts give "
                    f"{recomputed:.6f}; the file was edited or corrupted: re-run evaluate"
                )
            scores.append(recomputed)
        test = paired_permutation_test(rows_a, rows_b, stat, resamples=resamples, seed=seed)
        metrics[name] = {"a": scores[0], "b": scores[1], **asdict(test)}
    n = len(documents)
    return {
        "a": names[0],
        "b": names[1],
        "signatures": [a["signature"], b["signature"]],
        "documents": n,
        "min_p_value": min_attainable_p(n),
        "can_reach_0_05": min_attainable_p(n) < 0.05,
        "metrics": metrics,
    }
