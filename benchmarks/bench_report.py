"""Time the HTML report on the shipped gold replicated to N documents (predictions: half of each gold layer,
every second mention shifted by one character, so all outcomes occur).

python benchmarks/bench_report.py [N]

Prints the seconds to draw the page and, as a floor measured in the same run, to html.escape the same
texts once: the page cannot cost less than writing every text, so the ratio says what the markup adds.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from html import escape
from pathlib import Path

from paradiplomacy.corpus import load_corpus
from paradiplomacy.extractors.leaderboard import COLUMNS
from paradiplomacy.report.html import page
from paradiplomacy.report.load import Loaded
from paradiplomacy.scoring.agreement import as_prediction
from paradiplomacy.scoring.evaluate import evaluate


def main(size: int = 500) -> None:
    gold = load_corpus()
    documents = [
        dataclasses.replace(gold[i % len(gold)], doc_id=f"{gold[i % len(gold)].doc_id}-{i}")
        for i in range(size)
    ]
    predictions = []
    for document in documents:
        record = as_prediction(document)
        entities = record["entities"][::2]
        for index, entity in enumerate(entities):
            if index % 2 and "start" in entity and entity["end"] - entity["start"] > 1:
                entity["start"] += 1
                entity["text"] = document.text[entity["start"] : entity["end"]]
        record["entities"] = entities
        predictions.append(record)
    results = evaluate(predictions, documents, bootstrap=0, system="half")
    start = time.perf_counter()
    text = page([Loaded(Path("half.json"), "half", results)], documents, COLUMNS)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    floor = sum(len(escape(d.text)) for d in documents)
    escaped = time.perf_counter() - start
    print(
        f"{size} documents: page {drawn:.2f} s ({size / drawn:.0f} documents/s, {len(text) / 1e6:.1f} MB); "
        f"escaping the texts alone {escaped * 1000:.1f} ms ({floor / 1e6:.1f} MB); "
        f"ratio {drawn / escaped:.0f}x"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
