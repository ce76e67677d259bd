"""The paired error listing agrees with the counts it was computed beside, on the shipped gold and on random
predictions; per-label and per-language intervals bracket their point estimates."""

from __future__ import annotations

import random
from typing import Any

import pytest

from paradiplomacy.corpus import Document, load_corpus
from paradiplomacy.scoring.evaluate import evaluate
from paradiplomacy.scoring.pairs import listed_counts, outcome, outcome_counts


@pytest.fixture(scope="module")
def gold() -> list[Document]:
    return load_corpus()


def _jitter(document: Document, rng: random.Random) -> dict[str, Any]:
    """A prediction with every kind of error: drops, shifted boundaries, wrong labels, inventions."""
    labels = sorted({e["label"] for e in document.entities})
    entities = []
    for entity in document.entities:
        roll = rng.random()
        if roll < 0.2:
            continue
        start, end, label = entity["start"], entity["end"], entity["label"]
        if roll < 0.4:
            start = max(0, start + rng.choice((-2, 1)))
        elif roll < 0.55:
            label = rng.choice(labels)
        elif roll < 0.65:
            end = min(len(document.text), end + 3)
            label = rng.choice(labels)
        if document.text[start:end].strip():
            entities.append({"start": start, "end": end, "label": label, "text": document.text[start:end]})
    for _ in range(3):
        start = rng.randrange(0, len(document.text) - 10)
        end = start + rng.randrange(1, 10)
        if not document.text[start:end].strip():
            continue
        entities.append(
            {"start": start, "end": end, "label": rng.choice(labels), "text": document.text[start:end]}
        )
    return {"doc_id": document.doc_id, "entities": entities}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_partition_the_counts(gold: list[Document], seed: int) -> None:
    rng = random.Random(seed)
    results = evaluate([_jitter(d, rng) for d in gold], gold, bootstrap=0)
    outcomes_seen: set[str] = set()
    for document in gold:
        entry = results["per_document"][document.doc_id]
        pairs = entry["errors"]["mentions"]["pairs"]
        assert listed_counts(pairs, len(document.entities)) == outcome_counts(entry["counts"])
        for pair in pairs:
            assert outcome(pair.get("gold"), pair.get("predicted")) == pair["outcome"]
            if "gold" in pair:
                span = pair["gold"]
                assert document.text[span["start"] : span["end"]] == span["text"]
        outcomes_seen |= {pair["outcome"] for pair in pairs}
    assert outcomes_seen == {"boundary", "label", "boundary-label", "missed", "spurious"}


def test_perfect_predictions_list_nothing(gold: list[Document]) -> None:
    keep = ("start", "end", "label", "text", "canonical")
    perfect = [{"doc_id": d.doc_id, "entities": [{k: e[k] for k in keep} for e in d.entities]} for d in gold]
    results = evaluate(perfect, gold, bootstrap=0)
    assert all(not e["errors"]["mentions"]["pairs"] for e in results["per_document"].values())


def test_breakdown_intervals_bracket_the_estimate(gold: list[Document]) -> None:
    rng = random.Random(5)
    results = evaluate([_jitter(d, rng) for d in gold], gold, bootstrap=200, seed=3)
    for label, entry in results["mentions"]["by_label"].items():
        low, high = entry["strict"]["ci"]
        assert low <= high, label
    for language, entry in results["mentions_text"]["by_language"].items():
        low, high = entry["ci"]
        assert 0 <= low <= high <= 1, language
    none = evaluate([_jitter(d, rng) for d in gold], gold, bootstrap=0)
    assert all(e["strict"]["ci"] is None for e in none["mentions"]["by_label"].values())
