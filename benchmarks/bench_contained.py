"""What containment costs: the rules extractor in a worker process (`--extractor`, with `--timeout`) against
the same extractor called in the harness, on the shipped gold replicated to N documents, and the cost of the
structure check (nesting, list length, surrogates) against `json.loads` of the same annotation files.

python benchmarks/bench_contained.py [N]
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time

from paradiplomacy.corpus import annotation_files
from paradiplomacy.extractors.base import run_extractor
from paradiplomacy.extractors.contained import run_contained
from paradiplomacy.extractors.documents import gold_documents
from paradiplomacy.extractors.registry import resolve
from paradiplomacy.resources import annotations_dir
from paradiplomacy.validation.jsontext import parse_json


def _timed(run: object) -> tuple[float, object]:
    start = time.perf_counter()
    value = run()  # type: ignore[operator]
    return time.perf_counter() - start, value


def main(size: int = 300) -> None:
    gold = gold_documents()
    documents = [
        dataclasses.replace(gold[i % len(gold)], doc_id=f"{gold[i % len(gold)].doc_id}-{i}")
        for i in range(size)
    ]
    extractor = resolve("rules")
    floor, plain = _timed(lambda: run_extractor(extractor, documents, source="rules"))
    contained, boxed = _timed(lambda: run_contained(extractor, documents, source="rules", timeout=60))
    assert plain == boxed, "the worker must give identical predictions"
    print(
        f"rules over {size} documents: in the harness {floor:.2f} s, in a worker {contained:.2f} s "
        f"(ratio {contained / floor:.2f}; identical predictions)"
    )
    texts = [path.read_text(encoding="utf-8") for path in annotation_files(annotations_dir())] * 200
    loads, _ = _timed(lambda: [json.loads(text) for text in texts])
    checked, _ = _timed(lambda: [parse_json(text) for text in texts])
    print(
        f"{len(texts)} annotation files: json.loads {loads:.2f} s, the validator's reader with its "
        f"structure check {checked:.2f} s (ratio {checked / loads:.2f})"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
