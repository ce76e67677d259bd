"""Speed of `score_mentions` against nervaluate on the same seeded input, after checking identical counts.

Run: /work/venv/bin/python benchmarks/bench_mentions.py [--seed N] [--repeat N] [--their-repeat N]

The documents satisfy the one-to-one condition (each prediction overlaps at most one gold mention and vice
versa, no span over 100 code points), under which nervaluate's counts and ours must agree exactly; the script
asserts so for every scheme, overall and per label, before printing timings. Two comparisons:
  overall          score_mentions               vs nervaluate's four strategies over the documents
                                                   (the overall half of Evaluator.evaluate())
  overall + label  score_mentions and            vs Evaluator(...).evaluate(), which always computes both
                   score_mentions_by_label
nervaluate's input is converted to its inclusive ends outside the timed region, which favours nervaluate.
A third line times the per-document calls evaluate makes (`count_document` + `count_document_by_label`)
against `count_document_all`, which returns both, after checking they are equal.
Times are wall-clock, best of several runs; on a shared machine, rerun before trusting a single figure.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from nervaluate import Evaluator
from nervaluate.entities import Entity
from nervaluate.strategies import EntityTypeEvaluation, ExactEvaluation, PartialEvaluation, StrictEvaluation

from paradiplomacy.scoring.mentions import (
    SCHEMES,
    count_document,
    count_document_all,
    count_document_by_label,
    score_mentions,
    score_mentions_by_label,
)
from paradiplomacy.vocabulary import entity_labels

Mention = dict[str, Any]
OURS_NAME = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}
COUNT_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")


def make_document(
    rng: random.Random, n_gold: int, labels: tuple[str, ...]
) -> tuple[list[Mention], list[Mention]]:
    """Gold mentions in disjoint slots; each prediction stays inside its gold mention's slot or takes an empty
    slot, so overlaps are one-to-one. About 70% exact, 8% wrong type, 12% shifted boundaries, 10% missed,
    one spurious prediction per ten gold."""
    gold: list[Mention] = []
    pred: list[Mention] = []
    cursor = 0
    slots = n_gold + n_gold // 10
    gold_slots = set(rng.sample(range(slots), n_gold))
    for slot in range(slots):
        margin, length = rng.randint(2, 6), rng.randint(3, 40)
        start, end = cursor + margin, cursor + margin + length
        cursor = end + margin
        label = rng.choice(labels)
        if slot not in gold_slots:
            pred.append({"start": start, "end": end, "label": label})
            continue
        gold.append({"start": start, "end": end, "label": label})
        roll = rng.random()
        if roll < 0.70:
            pred.append({"start": start, "end": end, "label": label})
        elif roll < 0.78:
            pred.append({"start": start, "end": end, "label": rng.choice(labels)})
        elif roll < 0.90:
            new_start = rng.randint(start - margin + 1, end - 1)
            new_end = rng.randint(max(new_start, start) + 1, end + margin - 1)
            pred.append(
                {"start": new_start, "end": new_end, "label": rng.choice((label, rng.choice(labels)))}
            )
    return gold, pred


def inclusive(docs: list[list[Mention]]) -> list[list[Mention]]:
    return [[{"start": m["start"], "end": m["end"] - 1, "label": m["label"]} for m in doc] for doc in docs]


def nervaluate_overall(gold: list[list[Mention]], pred: list[list[Mention]]) -> dict[str, tuple[int, ...]]:
    """nervaluate's four strategies over all documents, without its per-label pass."""
    strategies = {
        "strict": StrictEvaluation(),
        "exact": ExactEvaluation(),
        "partial": PartialEvaluation(),
        "type": EntityTypeEvaluation(),
    }
    totals = {scheme: [0] * 5 for scheme in SCHEMES}
    tags = list(entity_labels())
    for gold_doc, pred_doc in zip(gold, pred, strict=True):
        true = [Entity(m["label"], m["start"], m["end"]) for m in gold_doc]
        guess = [Entity(m["label"], m["start"], m["end"]) for m in pred_doc]
        for scheme, strategy in strategies.items():
            result, _ = strategy.evaluate(true, guess, tags)
            for i, name in enumerate(COUNT_FIELDS):
                totals[scheme][i] += getattr(result, name)
    return {scheme: tuple(values) for scheme, values in totals.items()}


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best of `repeat` runs, in seconds, and the result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - began)
    return best, result


def ours_counts(scores: dict[str, dict[str, Any]]) -> dict[str, tuple[int, ...]]:
    return {scheme: tuple(scores[scheme][name] for name in COUNT_FIELDS) for scheme in SCHEMES}


def theirs_counts(results: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    return {OURS_NAME[k]: tuple(getattr(v, name) for name in COUNT_FIELDS) for k, v in results.items()}


def check_same(ours: dict[str, tuple[int, ...]], theirs: dict[str, tuple[int, ...]], where: str) -> None:
    for scheme in SCHEMES:
        if ours[scheme] != theirs[scheme]:
            raise AssertionError(f"{where}, {scheme}: ours {ours[scheme]} != nervaluate {theirs[scheme]}")


def run_case(name: str, n_docs: int, n_gold: int, seed: int, repeat: int, their_repeat: int) -> None:
    rng = random.Random(seed)
    labels = entity_labels()
    docs = [make_document(rng, n_gold, labels) for _ in range(n_docs)]
    gold, pred = [d[0] for d in docs], [d[1] for d in docs]
    gold_inc, pred_inc = inclusive(gold), inclusive(pred)
    n_pred = sum(map(len, pred))

    ours_t, ours = timed(lambda: score_mentions(gold, pred), repeat)
    theirs_t, theirs = timed(lambda: nervaluate_overall(gold_inc, pred_inc), their_repeat)
    check_same(ours_counts(ours), theirs, f"({name}) overall")

    both_t, (_, by_label) = timed(
        lambda: (score_mentions(gold, pred), score_mentions_by_label(gold, pred)), repeat
    )
    evaluator_t, report = timed(
        lambda: Evaluator(gold_inc, pred_inc, tags=list(labels), loader="dict").evaluate(), their_repeat
    )
    check_same(ours_counts(ours), theirs_counts(report["overall"]), f"({name}) Evaluator overall")
    if sorted(report["entities"]) != list(by_label):
        raise AssertionError(f"({name}) labels differ: {sorted(report['entities'])} vs {list(by_label)}")
    for label, results in report["entities"].items():
        check_same(ours_counts(by_label[label]), theirs_counts(results), f"({name}) label {label}")

    pairs = list(zip(gold, pred, strict=True))
    two_t, two = timed(
        lambda: [(count_document(g, p), count_document_by_label(g, p)) for g, p in pairs], repeat
    )
    one_t, one = timed(lambda: [count_document_all(g, p) for g, p in pairs], repeat)
    if one != two:
        raise AssertionError(f"({name}) count_document_all differs from the two calls it replaces")

    print(f"\n({name}) {n_docs} documents x {n_gold} gold mentions, {n_pred} predicted; seed {seed}")
    print("  counts identical to nervaluate for every scheme, overall and per label:")
    for scheme in SCHEMES:
        print(f"    {scheme:8s} " + "  ".join(f"{f} {ours[scheme][f]}" for f in COUNT_FIELDS))
    print(
        f"  overall          ours {ours_t * 1e3:9.1f} ms   nervaluate strategies {theirs_t * 1e3:9.1f} ms"
        f"   speed-up {theirs_t / ours_t:6.1f}x"
    )
    print(
        f"  overall + label  ours {both_t * 1e3:9.1f} ms   nervaluate Evaluator  {evaluator_t * 1e3:9.1f} ms"
        f"   speed-up {evaluator_t / both_t:6.1f}x"
    )
    print(
        f"  as briefed       score_mentions {ours_t * 1e3:9.1f} ms vs Evaluator {evaluator_t * 1e3:9.1f} ms"
        f"   speed-up {evaluator_t / ours_t:6.1f}x   (not like for like: Evaluator also scores per label)"
    )
    print(
        f"  per document     count_document + count_document_by_label {two_t * 1e3:9.1f} ms"
        f"   count_document_all {one_t * 1e3:9.1f} ms   speed-up {two_t / one_t:6.2f}x (same counts)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--repeat", type=int, default=5, help="runs of ours; the best is reported")
    parser.add_argument(
        "--their-repeat", type=int, default=2, help="runs of nervaluate; the best is reported"
    )
    args = parser.parse_args()
    print(f"seed {args.seed}; best of {args.repeat} runs for ours, of {args.their_repeat} for nervaluate")
    run_case("a", n_docs=4000, n_gold=25, seed=args.seed, repeat=args.repeat, their_repeat=args.their_repeat)
    run_case(
        "b", n_docs=10, n_gold=1500, seed=args.seed + 1, repeat=args.repeat, their_repeat=args.their_repeat
    )


if __name__ == "__main__":
    main()
