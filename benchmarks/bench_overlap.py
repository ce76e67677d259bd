"""Mention scoring when predictions span the whole document: linear now, quadratic before, in the same run.

Run: .venv/bin/python benchmarks/bench_overlap.py [--sizes 4000 16000 64000] [--before-max 16000] [--seed N]

One document per size with that many gold mentions (bench_mentions' generator: disjoint slots, exact, wrong
type, shifted and missing predictions), plus one prediction spanning the whole text per hundred gold
mentions (labels drawn at random). Each whole-document prediction overlaps every gold mention, so the matcher
used to list and sort (gold mentions x whole-document predictions) pairs. "before" is the same code with the
containment path switched off (`OVERLAP_PAIRS_PER_SPAN` set beyond reach): exactly the matcher as it was. It
runs only up to --before-max gold mentions, as at 64k it would hold about 41 million pairs (several GiB).
Both sides must give the same counts, per-label counts and `align` pairs, checked before timings print.
Timed: `score_mentions` + `score_mentions_by_label` + `align` on the document, best of --repeat runs. The
floor is the same scoring of the same document without the whole-document predictions (the ordinary linear
path). The slope is the least-squares fit of log(time) on log(gold mentions): 1 is linear, 2 quadratic.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_mentions import make_document

from paradiplomacy.scoring import mentions
from paradiplomacy.vocabulary import entity_labels

Mention = dict[str, Any]


def document(n_gold: int, seed: int) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Gold, predictions with the whole-document ones, and the same predictions without them (the floor)."""
    rng = random.Random(seed)
    labels = entity_labels()
    gold, plain = make_document(rng, n_gold, labels)
    length = max(m["end"] for m in gold + plain) + 3
    pred = plain + [{"start": 0, "end": length, "label": rng.choice(labels)} for _ in range(n_gold // 100)]
    rng.shuffle(pred)
    return gold, pred, plain


def score(gold: list[Mention], pred: list[Mention]) -> tuple[Any, ...]:
    return (
        mentions.score_mentions([gold], [pred]),
        mentions.score_mentions_by_label([gold], [pred]),
        mentions.align(gold, pred),
    )


def timed(gold: list[Mention], pred: list[Mention], repeat: int, before: bool) -> tuple[float, Any]:
    saved = mentions.OVERLAP_PAIRS_PER_SPAN
    if before:
        mentions.OVERLAP_PAIRS_PER_SPAN = sys.maxsize
    try:
        best, result = math.inf, None
        for _ in range(repeat):
            began = time.perf_counter()
            result = score(gold, pred)
            best = min(best, time.perf_counter() - began)
        return best, result
    finally:
        mentions.OVERLAP_PAIRS_PER_SPAN = saved


def slope(points: list[tuple[int, float]]) -> float:
    if len(points) < 2:
        return math.nan
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    parser.add_argument("--before-max", type=int, default=16000, help="largest size the old matcher runs at")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    print(f"seed {args.seed}; best of {args.repeat}; 1 whole-document prediction per 100 gold mentions")
    print(
        f"{'gold':>8} {'predicted':>9} {'whole-doc':>9} {'before':>10} {'after':>10} {'speed-up':>9} "
        f"{'floor':>10} {'after/floor':>11}"
    )
    before_points: list[tuple[int, float]] = []
    after_points: list[tuple[int, float]] = []
    floor_points: list[tuple[int, float]] = []
    for size in args.sizes:
        gold, pred, plain = document(size, args.seed + size)
        after_t, after = timed(gold, pred, args.repeat, before=False)
        after_points.append((size, after_t))
        floor_t, _ = timed(gold, plain, args.repeat, before=False)
        floor_points.append((size, floor_t))
        before_cell = speed_cell = "n/a"
        if size <= args.before_max:
            before_t, before = timed(gold, pred, args.repeat, before=True)
            if before != after:
                raise AssertionError(f"{size} gold mentions: counts or pairs differ from the old matcher")
            before_points.append((size, before_t))
            before_cell, speed_cell = f"{before_t * 1e3:8.1f}ms", f"{before_t / after_t:8.1f}x"
        print(
            f"{size:8d} {len(pred):9d} {size // 100:9d} {before_cell:>10} {after_t * 1e3:8.1f}ms "
            f"{speed_cell:>9} {floor_t * 1e3:8.1f}ms {after_t / floor_t:10.2f}x"
        )
    print(
        f"slope of log(time) on log(gold mentions): before {slope(before_points):.2f}, "
        f"after {slope(after_points):.2f}, floor {slope(floor_points):.2f} (1 linear, 2 quadratic)"
    )
    print("counts, per-label counts and align pairs of before and after identical wherever both ran")


if __name__ == "__main__":
    main()
