"""How fast `paradiplomacy validate` checks annotation files: in-process and end to end through the CLI.

Generates N synthetic annotation files of 25 mentions each over copies of the real seeds, with a provenance
file (seeded, so every run checks the same files), validates them, and prints files per second, against a
floor measured in the same run: reading and parsing the files and hashing their seeds, which no validator
can skip. Usage:

    python benchmarks/bench_validate.py [--files N] [--seed S] [--repeat R]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from paradiplomacy.resources import seeds_dir
from paradiplomacy.validation.annotations import validate_paths
from paradiplomacy.vocabulary import entity_labels, sectors, vocabulary

MENTIONS = 25


def spans(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` non-overlapping word-aligned spans, none starting or ending with whitespace."""
    words = [(m, m + len(w)) for m, w in _words(text)]
    chosen = sorted(rng.sample(range(len(words)), count))
    return [words[i] for i in chosen]


def _words(text: str) -> list[tuple[int, str]]:
    found, start = [], None
    for index, char in enumerate(text + " "):
        if char.isspace():
            if start is not None:
                found.append((start, text[start:index]))
            start = None
        elif start is None:
            start = index
    return found


def entity(number: int, start: int, end: int, text: str, rng: random.Random) -> dict[str, Any]:
    label = rng.choice(entity_labels())
    item: dict[str, Any] = {
        "id": f"E{number}",
        "start": start,
        "end": end,
        "label": label,
        "text": text[start:end],
    }
    item["canonical"] = item["text"]
    if label == "GPE":
        item.update(country="CN", level=rng.choice(vocabulary("gpe_level").names))
    if label == "DATE":
        item["value"] = None
    return item


def annotation(doc_id: str, text: str, sha: str, rng: random.Random) -> dict[str, Any]:
    entities = [entity(n, s, e, text, rng) for n, (s, e) in enumerate(spans(text, MENTIONS, rng), 1)]
    document_sectors = rng.sample(sectors(), 3)
    agreement = {
        "id": "A1",
        "type": "mou",
        "status": "signed",
        "parties": [e["id"] for e in entities if e["label"] in ("GPE", "GOV", "ORG")][:2] or ["E1"],
        "sectors": document_sectors[:1],
        "evidence": [[entities[0]["start"], entities[-1]["end"]]],
    }
    return {
        "schema_version": "1.2.0", "doc_id": doc_id, "language": "en", "seed_sha256": sha,
        "entities": entities, "agreements": [agreement], "sectors": document_sectors,
    }  # fmt: skip


def generate(root: Path, files: int, seed: int) -> Path:
    rng = random.Random(seed)
    seeds = root / "seeds"
    annotations = root / "annotations"
    seeds.mkdir()
    annotations.mkdir()
    originals = sorted(seeds_dir().glob("*.txt"))
    shipped = json.loads((seeds_dir() / "provenance.json").read_text(encoding="utf-8"))["documents"]
    provenance = {}
    for number in range(files):
        source = originals[number % len(originals)]
        doc_id = f"{source.stem}_{number:05d}"
        data = source.read_bytes()
        (seeds / f"{doc_id}.txt").write_bytes(data)
        provenance[doc_id] = {**shipped[source.stem], "file": f"{doc_id}.txt"}
        record = annotation(doc_id, data.decode("utf-8"), hashlib.sha256(data).hexdigest(), rng)
        record["language"] = shipped[source.stem]["language"]
        (annotations / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (seeds / "provenance.json").write_text(
        json.dumps({"documents": provenance}, ensure_ascii=False), encoding="utf-8"
    )
    return annotations


def floor(annotations: Path) -> float:
    """Seconds for the work no validator can skip: read and parse every file, read and hash its seed."""
    began = time.perf_counter()
    for path in sorted(annotations.glob("*.json")):
        record = json.loads(path.read_bytes())
        hashlib.sha256((annotations.parent / "seeds" / f"{record['doc_id']}.txt").read_bytes()).hexdigest()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        annotations = generate(Path(temporary), args.files, args.seed)
        best = float("inf")
        for _ in range(args.repeat):
            began = time.perf_counter()
            report = validate_paths([annotations])
            best = min(best, time.perf_counter() - began)
        mentions = args.files * MENTIONS
        problems = len(report.problems)
        print(f"in-process: {args.files} files, {mentions} mentions, {problems} problems: "
              f"{args.files / best:,.0f} files/s ({best * 1000:.0f} ms, best of {args.repeat})")  # fmt: skip
        least = min(floor(annotations) for _ in range(args.repeat))
        print(f"floor (read and json.loads each file, read and hash its seed): {args.files / least:,.0f} "
              f"files/s; validate takes {best / least:.1f}x the floor")  # fmt: skip
        command = [str(Path(sys.executable).parent / "paradiplomacy"), "validate", str(annotations)]
        best_cli = float("inf")
        for _ in range(args.repeat):
            began = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            best_cli = min(best_cli, time.perf_counter() - began)
        print(f"end to end (CLI, including start-up): {args.files / best_cli:,.0f} files/s "
              f"({best_cli * 1000:.0f} ms, best of {args.repeat})")  # fmt: skip
        shutil.rmtree(annotations)


if __name__ == "__main__":
    main()
