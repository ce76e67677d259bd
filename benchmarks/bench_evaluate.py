"""Time `evaluate` on the shipped gold replicated to N documents (predictions: half of each gold layer).

/work/venv/bin/python benchmarks/bench_evaluate.py [N] [BOOTSTRAP]
"""

from __future__ import annotations

import dataclasses
import sys
import time

from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.agreement import as_prediction
from paradiplomacy.scoring.evaluate import evaluate


def main(size: int = 500, bootstrap: int = 1000) -> None:
    gold = load_corpus()
    documents = [
        dataclasses.replace(gold[i % len(gold)], doc_id=f"{gold[i % len(gold)].doc_id}-{i}")
        for i in range(size)
    ]
    predictions = []
    for document in documents:
        record = as_prediction(document)
        record["entities"] = record["entities"][::2]
        record["sectors"] = record["sectors"][:1]
        predictions.append(record)
    start = time.perf_counter()
    results = evaluate(predictions, documents, bootstrap=bootstrap)
    elapsed = time.perf_counter() - start
    print(
        f"{size} documents, {bootstrap} resamples: {elapsed:.2f} s; strict F1 "
        f"{results['headline']['mentions.strict']['f1']:.3f}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
