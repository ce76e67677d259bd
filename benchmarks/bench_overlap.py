"""Mention scoring on hostile span shapes: the growth of each (log-log slope) against the linear path.

Run: .venv/bin/python benchmarks/bench_overlap.py [--sizes 4000 16000 64000] [--shapes ...] [--before REV]
                                                [--before-max 16000] [--repeat 3] [--seed N]

One document per size with that many gold mentions (bench_mentions' generator: disjoint slots, exact, wrong
type, shifted and missing predictions), to which each shape adds its hostile spans (d = size // 100):
  predictions cover gold  d predictions spanning the whole text (each overlaps every gold mention)
  gold covers predictions d gold mentions spanning the whole text (each overlaps every prediction)
  nested chains           after the text, 5d nested gold spans [3i, L-3i) and 5d nested predictions
                          [3i+1, L-3i-1), L = 30d + 2: each inside or around each of the other side
  repeated spans          5d copies of one gold mention (six types), d predicted copies of its boundaries
                          (six other types) and 5d predicted copies crossing it (shifted by one code point)
  crossing staircase      after the text, 5d gold spans [2i, 2i+W) and 5d predictions [2i+W/2, 2i+3W/2),
                          W = 20d: gold span i crosses predictions i-5d..i+5d (none inside another)
  crossing fan            after the text, F = 5d gold spans [i, 4F) sharing their end and F sharing their
                          start [6F, 8F+i), crossed by the same F predictions [2F+j, 7F+j) (three types):
                          every gold span wants the same prediction first
The floor is the same scoring of the document without the hostile spans (the ordinary path, linear).
"before" is the matcher of git revision --before (default: the last one before the containment work on
gold spans covering predictions), loaded from git in the same process; it runs up to --before-max gold
mentions (it is quadratic on these shapes: at 64k it would hold tens of millions of pairs). Before and
after must give the same counts, per-label counts and `align` pairs, checked before timings print. Timed:
`score_mentions` + `score_mentions_by_label` + `align` on the document, best of --repeat runs. The slope is
the least-squares fit of log(time) on log(gold mentions): 1 is linear, 2 quadratic; the floor's is printed
beside it, as on a shared machine neither is exactly 1, and after's is also fitted on before's sizes only.
"""

from __future__ import annotations

import argparse
import math
import random
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_mentions import make_document

from paradiplomacy.scoring import mentions
from paradiplomacy.vocabulary import entity_labels

Mention = dict[str, Any]
Document = tuple[list[Mention], list[Mention]]
ROOT = Path(__file__).resolve().parent.parent
# The matcher before gold spans covering many predictions, repeated spans and crossing crowds were bounded.
BEFORE = "29e54d6"
SAME = "after on before's sizes"


def span(start: int, end: int, label: str) -> Mention:
    return {"start": start, "end": end, "label": label}


def predictions_cover_gold(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    length, labels = text_length(gold, pred), entity_labels()
    return gold, pred + [span(0, length, rng.choice(labels)) for _ in range(len(gold) // 100)]


def gold_covers_predictions(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    length, labels = text_length(gold, pred), entity_labels()
    return gold + [span(0, length, rng.choice(labels)) for _ in range(len(gold) // 100)], pred


def nested_chains(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    labels, depth = entity_labels(), len(gold) // 20
    base, length = text_length(gold, pred), 6 * depth + 2
    outer = [span(base + 3 * i, base + length - 3 * i, rng.choice(labels)) for i in range(depth)]
    inner = [span(base + 3 * i + 1, base + length - 3 * i - 1, rng.choice(labels)) for i in range(depth)]
    return gold + outer, pred + inner


def repeated_spans(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    labels, copies = entity_labels(), len(gold) // 20
    one = gold[len(gold) // 2]
    start, end = one["start"], one["end"]
    gold_copies = [span(start, end, labels[i % 6]) for i in range(copies)]
    same_bounds = [span(start, end, labels[6 + i % 6]) for i in range(copies // 5)]
    crossing = [span(start + 1, end + 1, labels[i % 12]) for i in range(copies)]
    return gold + gold_copies, pred + same_bounds + crossing


def crossing_staircase(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    steps, labels = len(gold) // 20, entity_labels()
    width = 4 * steps
    base = text_length(gold, pred)
    golds = [span(base + 2 * i, base + 2 * i + width, rng.choice(labels)) for i in range(steps)]
    preds = [
        span(base + 2 * i + width // 2, base + 2 * i + width + width // 2, rng.choice(labels))
        for i in range(steps)
    ]
    return gold + golds, pred + preds


def crossing_fan(gold: list[Mention], pred: list[Mention], rng: random.Random) -> Document:
    fan, labels = len(gold) // 20, entity_labels()
    base = text_length(gold, pred)
    golds = [span(base + i, base + 4 * fan, rng.choice(labels[:3])) for i in range(fan)]
    golds += [span(base + 6 * fan, base + 8 * fan + i, rng.choice(labels[:3])) for i in range(fan)]
    preds = [span(base + 2 * fan + j, base + 7 * fan + j, rng.choice(labels[:3])) for j in range(fan)]
    return gold + golds, pred + preds


SHAPES: dict[str, Callable[[list[Mention], list[Mention], random.Random], Document]] = {
    "predictions cover gold": predictions_cover_gold,
    "gold covers predictions": gold_covers_predictions,
    "nested chains": nested_chains,
    "repeated spans": repeated_spans,
    "crossing staircase": crossing_staircase,
    "crossing fan": crossing_fan,
}


def text_length(gold: list[Mention], pred: list[Mention]) -> int:
    return max(m["end"] for m in gold + pred) + 3


def document(shape: str, n_gold: int, seed: int) -> tuple[Document, Document]:
    """The shape's document (shuffled, so list order is no help) and its floor, the document without it."""
    rng = random.Random(seed)
    gold, plain = make_document(rng, n_gold, entity_labels())
    hostile_gold, hostile_pred = SHAPES[shape](list(gold), list(plain), rng)
    rng.shuffle(hostile_gold)
    rng.shuffle(hostile_pred)
    return (hostile_gold, hostile_pred), (gold, plain)


def load_before(revision: str) -> types.ModuleType | None:
    """`paradiplomacy/scoring/mentions.py` at `revision`, as a module of its own; None without git."""
    try:
        source = subprocess.run(
            ["git", "show", f"{revision}:paradiplomacy/scoring/mentions.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("mentions_before")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:mentions.py", "exec"), module.__dict__)
    return module


def score(matcher: Any, doc: Document) -> tuple[Any, ...]:
    gold, pred = doc
    return (
        matcher.score_mentions([gold], [pred]),
        matcher.score_mentions_by_label([gold], [pred]),
        matcher.align(gold, pred),
    )


def timed(matcher: Any, doc: Document, repeat: int) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        began = time.perf_counter()
        result = score(matcher, doc)
        best = min(best, time.perf_counter() - began)
    return best, result


def slope(points: list[tuple[int, float]]) -> float:
    if len(points) < 2:
        return math.nan
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def run_shape(shape: str, args: argparse.Namespace, before: types.ModuleType | None) -> str:
    print(f"\n{shape}")
    print(
        f"{'gold':>8} {'spans':>9} {'before':>10} {'after':>10} {'speed-up':>9} {'floor':>10} "
        f"{'after/floor':>11}"
    )
    points: dict[str, list[tuple[int, float]]] = {"before": [], "after": [], "floor": []}
    for size in args.sizes:
        doc, floor_doc = document(shape, size, args.seed + size)
        after_t, after = timed(mentions, doc, args.repeat)
        floor_t, _ = timed(mentions, floor_doc, args.repeat)
        points["after"].append((size, after_t))
        points["floor"].append((size, floor_t))
        before_cell = speed_cell = "n/a"
        if before is not None and size <= args.before_max:
            before_t, expected = timed(before, doc, 1)
            if repr(expected) != repr(after):
                raise AssertionError(
                    f"{shape}, {size} gold mentions: counts or pairs differ from {args.before}"
                )
            points["before"].append((size, before_t))
            before_cell, speed_cell = f"{before_t * 1e3:8.1f}ms", f"{before_t / after_t:8.1f}x"
        print(
            f"{size:8d} {len(doc[0]) + len(doc[1]):9d} {before_cell:>10} {after_t * 1e3:8.1f}ms "
            f"{speed_cell:>9} {floor_t * 1e3:8.1f}ms {after_t / floor_t:10.2f}x"
        )
    fitted = {name: slope(found) for name, found in points.items()}
    both = [point for point in points["after"] if point[0] <= args.before_max]
    fitted[SAME] = slope(both) if points["before"] else math.nan
    print(
        "slope of log(time) on log(gold mentions): "
        + ", ".join(f"{name} {value:.2f}" for name, value in fitted.items())
        + " (1 linear, 2 quadratic)"
    )
    return (
        f"{shape:<24} {fitted['before']:>7.2f} {fitted[SAME]:>13.2f} "
        f"{fitted['after']:>6.2f} {fitted['floor']:>6.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES), metavar="SHAPE")
    parser.add_argument("--before", default=BEFORE, help="git revision of the matcher to compare with")
    parser.add_argument("--before-max", type=int, default=16000, help="largest size the old matcher runs at")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    before = load_before(args.before)
    where = f"before: {args.before}" if before is not None else "before: n/a (no git history)"
    print(f"seed {args.seed}; best of {args.repeat} (before: 1 run); {where}")
    rows = [run_shape(shape, args, before) for shape in args.shapes]
    print(f"\n{'slopes':<24} {'before':>7} {'after (same)':>13} {'after':>6} {'floor':>6}")
    print("\n".join(rows))
    print("counts, per-label counts and align pairs of before and after identical wherever both ran")


if __name__ == "__main__":
    main()
