"""Bootstrap intervals and the paired permutation test, against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paradiplomacy.scoring.mentions import SCHEMES, Counts
from paradiplomacy.scoring.setcounts import prf
from paradiplomacy.scoring.uncertainty import (
    bootstrap_ci,
    min_attainable_p,
    paired_permutation_test,
    resample_weights,
    statistic,
)


def _identity(rows: np.ndarray) -> np.ndarray:
    return rows[:, 0].astype(float)


def test_exact_permutation_three_documents_by_hand() -> None:
    # Per-document differences 1, 2, 3; the 8 sign flips sum to 6, 4, 2, 0, 0, -2, -4, -6.
    # |sum| >= 6 for two of them: p = 2/8.
    test = paired_permutation_test(np.zeros((3, 1)), np.array([[1], [2], [3]]), _identity)
    assert (test.difference, test.p_value, test.permutations, test.exact) == (6.0, 0.25, 8, True)
    assert test.min_p_value == 0.25


def test_exact_permutation_micro_f1_by_hand() -> None:
    # Per document [tp, fp, fn]. A: (1,1,0) (0,0,1) (1,0,0) -> F1 = 4/6; B: (1,0,0) (1,0,0) (1,0,0) -> F1 = 1.
    # Swapping doc 3 alone changes nothing, so assignments pair up; |diff| = 1/3 only with none or all of
    # docs 1 and 2 swapped (4 of 8); swapping one of them gives |0.8 - 6/7| < 1/3. p = 4/8.
    a = np.array([[1, 1, 0], [0, 0, 1], [1, 0, 0]])
    b = np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0]])
    test = paired_permutation_test(a, b, statistic("prf"))
    assert test.difference == pytest.approx(1 / 3)
    assert test.p_value == 0.5


def test_monte_carlo_above_twenty_documents_is_seeded() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 4, (25, 3)), rng.integers(0, 4, (25, 3))
    first = paired_permutation_test(a, b, statistic("prf"), resamples=500, seed=9)
    assert not first.exact and first.seed == 9 and first.permutations == 500
    assert first == paired_permutation_test(a, b, statistic("prf"), resamples=500, seed=9)
    assert 1 / 501 <= first.p_value <= 1


def test_min_attainable_p() -> None:
    assert min_attainable_p(5) == 0.0625
    assert min_attainable_p(6) == 0.03125


def test_bootstrap_same_seed_same_interval_and_contains_estimate() -> None:
    per_document = np.array([[3, 1, 0], [1, 2, 2], [4, 0, 1], [0, 1, 1], [2, 2, 0]])
    stat = statistic("prf")
    first = bootstrap_ci(per_document, stat, resample_weights(5, 1000, 42))
    assert first == bootstrap_ci(per_document, stat, resample_weights(5, 1000, 42))
    assert not np.array_equal(resample_weights(5, 1000, 42), resample_weights(5, 1000, 43))
    estimate = stat(per_document.sum(axis=0)[None])[0]
    assert first is not None and first[0] <= estimate <= first[1]


def test_resample_weights_draw_n_documents() -> None:
    weights = resample_weights(7, 50, 1)
    assert weights.shape == (50, 7) and set(weights.sum(axis=1)) == {7}


def test_no_resamples_no_interval() -> None:
    assert bootstrap_ci(np.ones((3, 3)), statistic("prf"), resample_weights(3, 0, 1)) is None


counts = st.lists(st.integers(0, 30), min_size=5, max_size=5)


@given(counts, st.sampled_from(SCHEMES))
def test_vectorised_mention_f1_matches_counts(values: list[int], scheme: str) -> None:
    if scheme in ("strict", "exact"):
        values[2] = 0  # these schemes never count partials
    expected = Counts(*values).metrics(scheme)["f1"]
    assert statistic(f"mentions:{scheme}")(np.array([values]))[0] == pytest.approx(expected)


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_vectorised_prf_matches_prf(tp: int, fp: int, fn: int) -> None:
    assert statistic("prf")(np.array([[tp, fp, fn]]))[0] == pytest.approx(prf(tp, fp, fn)["f1"])


@pytest.mark.parametrize(("documents", "resamples", "cells"), [(5, 1000, 7), (7, 50, 1), (1001, 40, 3000)])
def test_chunked_weights_equal_weights_drawn_at_once(
    monkeypatch: pytest.MonkeyPatch, documents: int, resamples: int, cells: int
) -> None:
    from paradiplomacy.scoring import uncertainty

    rng = np.random.default_rng(7)
    at_once = np.zeros((resamples, documents), dtype=np.int64)
    draws = rng.integers(0, documents, size=(resamples, documents))
    np.add.at(at_once, (np.repeat(np.arange(resamples), documents), draws.ravel()), 1)
    monkeypatch.setattr(uncertainty, "_WEIGHT_CELLS", cells)
    assert np.array_equal(resample_weights(documents, resamples, 7), at_once)


def test_all_metrics_at_once_equal_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from paradiplomacy.scoring import uncertainty

    rng = np.random.default_rng(3)
    metrics = {
        "prf": (statistic("prf"), rng.integers(0, 9, size=(40, 3))),
        "macro": (statistic("macro_prf"), rng.integers(0, 2, size=(40, 12))),
        "strict": (statistic("mentions:strict"), rng.integers(0, 20, size=(40, 5)).astype(np.int32)),
    }
    monkeypatch.setattr(uncertainty, "_WEIGHT_CELLS", 130)  # several chunks
    together = uncertainty.bootstrap_cis(metrics, 200, 11)
    weights = resample_weights(40, 200, 11)
    for name, (stat, rows) in metrics.items():
        assert together[name] == bootstrap_ci(rows, stat, weights)
    assert uncertainty.bootstrap_cis(metrics, 0, 11) == dict.fromkeys(metrics)
