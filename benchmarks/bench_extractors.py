"""How fast the shipped extractors run over the gold, against the rules baseline measured in the same run.

For each shipped system (`paradiplomacy/extractors/shipped_systems.json`) whose extra is installed: the time
to load it, then documents per second over its documents, each run repeated R times after one warm-up pass
(the best pass counts), and the ratio to `rules` on the same documents. Usage:

    python benchmarks/bench_extractors.py [--repeat R] [--copies C]

`--copies C` runs over C copies of the corpus (the documents repeated), for steadier figures.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from paradiplomacy.corpus import load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import run_extractor
from paradiplomacy.extractors.leaderboard import shipped_systems
from paradiplomacy.extractors.registry import resolve


def best_rate(extractor: Any, documents: list[Any], repeat: int) -> float:
    run_extractor(extractor, documents, source="warm-up")
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run_extractor(extractor, documents, source="bench")
        best = min(best, time.perf_counter() - started)
    return len(documents) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    corpus = sorted(load_corpus(), key=lambda d: d.doc_id) * args.copies
    rules = resolve("rules")
    print(f"{'system':<22} {'docs':>5} {'load s':>7} {'docs/s':>9} {'rules docs/s':>13} {'ratio':>7}")
    for system in shipped_systems():
        languages = system.get("languages")
        documents = [d for d in corpus if not languages or d.language in languages]
        started = time.perf_counter()
        try:
            extractor = resolve(system["extractor"], system.get("args") or {})
        except InputError as error:
            print(f"{system['name']:<22} skipped: {error}")
            continue
        load = time.perf_counter() - started
        rate = best_rate(extractor, documents, args.repeat)
        floor = best_rate(rules, documents, args.repeat)
        figures = f"{len(documents):>5} {load:>7.2f} {rate:>9.1f} {floor:>13.1f} {rate / floor:>7.3f}"
        print(f"{system['name']:<22} {figures}")


if __name__ == "__main__":
    main()
