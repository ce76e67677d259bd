"""`score`'s intervals come from per-document count matrices with resample weights drawn in chunks; they
equal the in-memory way (every document's score object and one resamples x documents weight matrix, as
`evaluate` computed them before) on a generated corpus, for the whole gold and for scopes: a language subset,
a label subset, a coarser label space, and layers not attempted (n/a)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from paradiplomacy.corpus import load_corpus
from paradiplomacy.predictions import read_predictions
from paradiplomacy.scoring import evaluate as evaluate_module
from paradiplomacy.scoring import uncertainty
from paradiplomacy.scoring.mentions import SCHEMES, Counts
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.subsets import Scope, restrict
from paradiplomacy.scoring.uncertainty import bootstrap_ci, resample_weights, statistic

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import generate

FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
TALLIES = {
    "mentions_text": lambda s: s.text,
    "entities": lambda s: s.entities.tally,
    "agreement_types": lambda s: s.types.tally,
    "agreements": lambda s: s.agreements.tally,
}


def _row(counts: Counts | None) -> list[int]:
    return [getattr(counts or Counts(), f) for f in FIELDS]


def _ci(rows: list[list[int]], kind: str, weights: np.ndarray) -> list[float] | None:
    if not weights.size or not rows:
        return None
    found = bootstrap_ci(np.array(rows, dtype=np.int64), statistic(kind), weights)
    return list(found) if found else None


def _in_memory(results: dict[str, Any], scores: list[Any], bootstrap: int, seed: int) -> dict[str, Any]:
    """The intervals recomputed the in-memory way, written into a copy of `results`."""
    out = copy.deepcopy(results)
    n = len(scores)
    weights = resample_weights(n, bootstrap, seed) if n and bootstrap else np.zeros((0, 0))
    for name, entry in out["headline"].items():
        if entry["f1"] is None:
            continue
        rows = [out["per_document"][s.doc_id]["counts"][name] for s in scores]
        entry["ci"] = _ci(rows, entry["kind"], weights)
    languages = {}
    for language in dict.fromkeys(s.language for s in scores):
        picked = [i for i, s in enumerate(scores) if s.language == language]
        languages[language] = (picked, resample_weights(len(picked), bootstrap, seed))
    mentions = out["mentions"]
    if mentions.get("applicable"):
        for label, entry in mentions["by_label"].items():
            for scheme in SCHEMES:
                rows = [_row(s.mentions_by_label.get(label, {}).get(scheme)) for s in scores]
                entry[scheme]["ci"] = _ci(rows, f"mentions:{scheme}", weights)
        for language, entry in mentions["by_language"].items():
            picked, language_weights = languages[language]
            for scheme in SCHEMES:
                rows = [_row(scores[i].mentions.get(scheme)) for i in picked]
                entry[scheme]["ci"] = _ci(rows, f"mentions:{scheme}", language_weights)
    for name, pick in TALLIES.items():
        if not out[name].get("applicable", True):
            continue
        for language, entry in out[name].get("by_language", {}).items():
            picked, language_weights = languages[language]
            entry["ci"] = _ci([pick(scores[i]).as_list() for i in picked], "prf", language_weights)
    if out["mentions_text"].get("applicable", True):
        for label, entry in out["mentions_text"].get("by_label", {}).items():
            rows = [s.text_by_label.get(label, Tally()).as_list() for s in scores]
            entry["ci"] = _ci(rows, "prf", weights)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], dict[str, Any]]:
    annotations, seeds, predictions = generate(tmp_path_factory.mktemp("corpus"), 240, seed=29)
    gold = load_corpus(annotations, seeds)
    return gold, read_predictions(predictions, {d.doc_id: d for d in gold})


@pytest.mark.parametrize(
    "scope",
    [
        Scope(),
        Scope(languages=("ru", "de")),
        Scope(labels=("GPE", "ORG")),
        Scope(label_space="conll"),
        Scope(layers=("mentions", "sectors")),
        Scope(languages=("en",), labels=("PER",), layers=("mentions",)),
    ],
    ids=["all", "languages", "labels", "conll", "layers", "mixed"],
)
@pytest.mark.parametrize("bootstrap", [0, 150])
def test_chunked_intervals_equal_in_memory(
    corpus: tuple[list[Any], dict[str, Any]],
    scope: Scope,
    bootstrap: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gold, records = corpus
    # Small chunks, so the draws really are split over several chunks.
    monkeypatch.setattr(uncertainty, "_WEIGHT_CELLS", 1000)
    scores: list[Any] = []
    scorer = evaluate_module._score_document

    def keep(*args: Any, **kwargs: Any) -> Any:
        scores.append(scorer(*args, **kwargs))
        return scores[-1]

    monkeypatch.setattr(evaluate_module, "_score_document", keep)
    documents, kept, _ = restrict(gold, records, scope)
    results = evaluate_module.score(
        documents, kept, bootstrap=bootstrap, seed=12345, system="s", warnings=[], scope=scope,
        whole_gold=gold,
    )  # fmt: skip
    assert len(scores) == len(documents) > 0
    expected = _in_memory(results, scores, bootstrap, 12345)
    assert results == expected
    intervals = [e["ci"] for e in results["headline"].values() if e["f1"] is not None]
    assert all(ci is None for ci in intervals) if not bootstrap else all(ci for ci in intervals)
