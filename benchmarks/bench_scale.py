"""Corpus scale: validate, build and evaluate a synthetic corpus as whole processes, against today's code.

Generates (seeded, in a temporary folder) N annotation files of 25 mentions each over copies of the shipped
seeds, valid against the schemas, and a predictions file (most mentions right, some shifted, relabelled,
missed or spurious; 1% of documents also get a prediction spanning the whole text). Then it runs, each as a
separate process, timing wall clock and peak memory (the largest process's maximum resident set, from
getrusage(RUSAGE_CHILDREN) in a wrapper process, and the peak of the sum over the command's processes,
sampled from /proc):

    validate                          paradiplomacy validate ANNOTATIONS
    build                             paradiplomacy build --annotations ... --out ...
    evaluate --predictions            table output
    evaluate --format json --output   and the size of the results file
    start-up                          evaluate of the five shipped documents (best of 3)

with this checkout's code, and with the baseline revision's code ("today's": git `83c6eff` by default), on a
corpus of at most --baseline-docs documents (today's build needs about 160 KB a document, so 100k documents
would not fit): the ratios compare documents per second, and memory at the two sizes. The baseline's code is
taken with `git archive` and run by the same interpreter with the same packages (PYTHONPATH first), so only
the code differs.

    python benchmarks/bench_scale.py --docs 100000            # the issue's figures (about 10-15 minutes)
    python benchmarks/bench_scale.py --docs 2000 --baseline-docs 1000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from paradiplomacy.resources import annotations_dir, seeds_dir  # noqa: E402
from paradiplomacy.vocabulary import entity_labels, sectors, vocabulary  # noqa: E402
from paradiplomacy.vocabulary import version as schema_version  # noqa: E402

MENTIONS = 25
WHOLE_TEXT_SHARE = 0.01
# Runs the command, and reports its wall time, the largest process's peak RSS (getrusage), its exit status,
# its CPU time, and the peak of the RSS summed over the command and its worker processes (sampled from /proc
# every 50 ms, Linux only; 0 elsewhere), since --workers N runs N processes at once.
_WRAPPER = """
import os, resource, subprocess, sys, threading, time

def tree_rss(root):
    children, rss = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total

peak, done = [0], threading.Event()
def sample(pid):
    while not done.wait(0.05):
        try:
            peak[0] = max(peak[0], tree_rss(pid))
        except OSError:
            pass
began = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if os.path.isdir("/proc"):
    threading.Thread(target=sample, args=(process.pid,), daemon=True).start()
process.communicate()
wall = time.perf_counter() - began
done.set()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_maxrss, process.returncode, usage.ru_utime + usage.ru_stime, peak[0])
"""


# ---------------------------------------------------------------- the synthetic corpus


def _words(text: str) -> list[tuple[int, int]]:
    found, start = [], None
    for index, char in enumerate(text + " "):
        if char.isspace():
            if start is not None:
                found.append((start, index))
            start = None
        elif start is None:
            start = index
    return found


def _token_aligned(text: str) -> list[tuple[int, int]]:
    """Word-like spans whose edges the build's tokenizer also cuts at (letters or digits only)."""
    from paradiplomacy.dataset.tokens import tokenize

    return [(t.start, t.end) for t in tokenize(text) if t.text.isalnum()]


def _entity(number: int, start: int, end: int, text: str, rng: random.Random) -> dict[str, Any]:
    label = rng.choice(entity_labels())
    item: dict[str, Any] = {"id": f"E{number}", "start": start, "end": end, "label": label}
    item["text"] = item["canonical"] = text[start:end]
    if label == "GPE":
        item.update(country="CN", level=rng.choice(vocabulary("gpe_level").names))
    if label == "DATE":
        item["value"] = None
    return item


def _annotation(
    doc_id: str, language: str, text: str, sha: str, words: list[tuple[int, int]], rng: random.Random
) -> dict[str, Any]:
    chosen = sorted(rng.sample(range(len(words)), MENTIONS))
    entities = [_entity(n, *words[i], text, rng) for n, i in enumerate(chosen, 1)]
    document_sectors = rng.sample(sectors(), 3)
    parties = [e["id"] for e in entities if e["label"] in ("GPE", "GOV", "ORG")][:2]
    agreements = []
    if parties:
        agreements.append(
            {
                "id": "A1",
                "type": "mou",
                "status": "signed",
                "parties": parties,
                "sectors": document_sectors[:1],
                "evidence": [[entities[0]["start"], entities[-1]["end"]]],
            }
        )
    return {
        "schema_version": schema_version(),
        "doc_id": doc_id,
        "language": language,
        "seed_sha256": sha,
        "entities": entities,
        "agreements": agreements,
        "sectors": document_sectors,
    }


def _prediction(record: dict[str, Any], text: str, words: list[tuple[int, int]], rng: random.Random) -> str:
    entities = []
    for gold in record["entities"]:
        roll = rng.random()
        start, end, label = gold["start"], gold["end"], gold["label"]
        if roll < 0.05:
            continue  # missed
        if roll < 0.10 and end - start > 1:
            end -= 1  # shifted boundary
        elif roll < 0.15:
            label = rng.choice(entity_labels())
        entities.append({"label": label, "text": text[start:end], "start": start, "end": end})
    for start, end in rng.sample(words, 2):  # spurious
        entities.append(
            {"label": rng.choice(entity_labels()), "text": text[start:end], "start": start, "end": end}
        )
    if rng.random() < WHOLE_TEXT_SHARE:
        entities.append({"label": "ORG", "text": text, "start": 0, "end": len(text)})
    by_id = {e["id"]: e for e in record["entities"]}
    agreements = [
        {"type": a["type"], "status": a["status"], "parties": [by_id[p]["canonical"] for p in a["parties"]]}
        for a in record["agreements"]
    ]
    line = {
        "doc_id": record["doc_id"],
        "entities": entities,
        "agreements": agreements,
        "sectors": record["sectors"][:2],
    }
    return json.dumps(line, ensure_ascii=False)


def generate(root: Path, documents: int, seed: int) -> tuple[Path, Path, Path]:
    """root/annotations, root/seeds (with provenance.json) and root/predictions.jsonl."""
    rng = random.Random(seed)
    annotations, seeds = root / "annotations", root / "seeds"
    annotations.mkdir(parents=True)
    seeds.mkdir()
    provenance = json.loads((seeds_dir() / "provenance.json").read_text(encoding="utf-8"))["documents"]
    originals = []
    for path in sorted(seeds_dir().glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        originals.append(
            (
                path.stem,
                data,
                text,
                hashlib.sha256(data).hexdigest(),
                _token_aligned(text),
                provenance[path.stem],
            )
        )
    entries = {}
    with (root / "predictions.jsonl").open("w", encoding="utf-8") as predictions:
        for number in range(documents):
            stem, data, text, sha, words, origin = originals[number % len(originals)]
            doc_id = f"{stem}_{number:06d}"
            (seeds / f"{doc_id}.txt").write_bytes(data)
            entries[doc_id] = {**origin, "file": f"{doc_id}.txt"}
            record = _annotation(doc_id, origin["language"], text, sha, words, rng)
            (annotations / f"{doc_id}.json").write_text(
                json.dumps(record, ensure_ascii=False), encoding="utf-8"
            )
            predictions.write(_prediction(record, text, words, rng) + "\n")
    (seeds / "provenance.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8"
    )
    return annotations, seeds, root / "predictions.jsonl"


# ---------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float  # seconds
    peak: int  # KiB
    code: int
    cpu: float  # seconds of user + system time
    total: int  # KiB: peak of the RSS summed over the command's processes (sampled)


def measure(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return Run(float(out[0]), int(out[1]), int(out[2]), float(out[3]), int(out[4]))


def baseline_tree(revision: str, into: Path, repository: Path = ROOT) -> Path:
    """Today's code: `git archive REVISION` unpacked into `into` (a checkout: schema/, seeds/ beside it)."""
    command = ["git", "-C", str(repository), "archive", revision]
    archive = subprocess.run(command, capture_output=True, check=True)
    into.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def commands(
    root: Path, annotations: Path, seeds: Path, predictions: Path, workers: int | None, shipped: Path
) -> dict[str, list[str]]:
    python = [sys.executable, "-m", "paradiplomacy"]
    extra = ["--workers", str(workers)] if workers else []
    gold = ["--corpus", str(annotations), "--seeds", str(seeds)]
    return {
        "validate": [*python, "validate", str(annotations), "--seeds", str(seeds), *extra],
        "build": [
            *python,
            "build",
            "--annotations",
            str(annotations),
            "--seeds",
            str(seeds),
            "--out",
            str(root / "dataset"),
            *extra,
        ],
        "evaluate --predictions": [*python, "evaluate", "--predictions", str(predictions), *gold, *extra],
        "evaluate --format json --output": [
            *python,
            "evaluate",
            "--predictions",
            str(predictions),
            *gold,
            "--format",
            "json",
            "--output",
            str(root / "results.json"),
            *extra,
        ],
        "start-up (evaluate, 5 shipped docs)": [*python, "evaluate", "--predictions", str(shipped)],
    }


ONLY: set[str] = set()


def run_all(
    label: str,
    code_root: Path,
    root: Path,
    documents: int,
    seed: int,
    workers: int | None,
    shipped: Path,
    has_workers: bool,
) -> dict[str, tuple[Run, int]]:
    annotations, seeds, predictions = generate(root, documents, seed)
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    results: dict[str, tuple[Run, int]] = {}
    for name, command in commands(
        root, annotations, seeds, predictions, workers if has_workers else None, shipped
    ).items():
        if ONLY and name.split()[0] not in ONLY:
            continue
        repeat = 3 if name.startswith("start-up") else 1
        run = min((measure(command, env, root) for _ in range(repeat)), key=lambda r: r.wall)
        size = (root / "results.json").stat().st_size if name.endswith("--output") and run.code == 0 else 0
        results[name] = (run, size)
        extra = f"; results file {size / 1e6:.1f} MB" if size else ""
        print(
            f"  [{label}] {name}: {run.wall:.1f} s, {run.peak / 1024:.0f} MiB, exit {run.code}{extra}",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument(
        "--baseline-docs", type=int, default=10_000, help="cap for today's code (default 10000)"
    )
    parser.add_argument("--baseline", default="83c6eff", help="git revision of today's code")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--repository", type=Path, default=ROOT, help="git repository holding --baseline (default: this one)"
    )
    parser.add_argument(
        "--workers", type=int, help="passed to validate, build and evaluate (default: theirs)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--only", help="comma-separated commands to run (validate, build, evaluate, start-up)"
    )
    args = parser.parse_args()
    ONLY.update(filter(None, (args.only or "").split(",")))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        scratch = Path(temporary)
        shipped = scratch / "shipped-rules.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "paradiplomacy",
                "predict",
                "--extractor",
                "rules",
                "--output",
                str(shipped),
                "--corpus",
                str(annotations_dir()),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        print(f"this checkout, {args.docs:,} documents x {MENTIONS} mentions:", flush=True)
        ours = run_all("now", ROOT, scratch / "now", args.docs, args.seed, args.workers, shipped, True)
        base_docs = min(args.docs, args.baseline_docs)
        theirs: dict[str, tuple[Run, int]] = {}
        if not args.no_baseline:
            print(
                f"today's code ({args.baseline}), {base_docs:,} documents (capped: today's build needs about "
                "160 KB a document):",
                flush=True,
            )
            code = baseline_tree(args.baseline, scratch / "baseline-code", args.repository)
            theirs = run_all("today", code, scratch / "today", base_docs, args.seed, None, shipped, False)
    report(ours, theirs, args.docs, base_docs)


def report(
    ours: dict[str, tuple[Run, int]], theirs: dict[str, tuple[Run, int]], docs: int, base_docs: int
) -> None:
    """One line per command: wall time and its rate, today's, the speed-ups (wall and CPU), peak memory."""
    print()
    header = ["command", "now", "today", "x wall", "x CPU", "peak MiB now", "all procs", "peak MiB today"]
    print(f"{header[0]:<36} {header[1]:>24} {header[2]:>24} {header[3]:>7} {header[4]:>6} "
          f"{header[5]:>12} {header[6]:>9} {header[7]:>14}")  # fmt: skip
    for name, (run, size) in ours.items():
        whole = name.startswith("start-up")  # whole runs compared, not documents
        n_now, n_then = (1, 1) if whole else (docs, base_docs)
        unit = "" if whole else " docs/s"
        now = f"{run.wall:.2f} s" + ("" if whole else f" ({n_now / run.wall:,.0f}{unit})")
        then = wall_ratio = cpu_ratio = peak_then = "-"
        if name in theirs:
            old = theirs[name][0]
            then = f"{old.wall:.2f} s" + ("" if whole else f" ({n_then / old.wall:,.0f}{unit})")
            wall_ratio = f"{(n_now / run.wall) / (n_then / old.wall):.1f}"
            cpu_ratio = f"{(n_now / run.cpu) / (n_then / old.cpu):.1f}" if run.cpu and old.cpu else "-"
            peak_then = f"{old.peak / 1024:,.0f}"
        failed = "" if run.code == 0 else f"  (exit {run.code})"
        print(f"{name:<36} {now:>24} {then:>24} {wall_ratio:>7} {cpu_ratio:>6} {run.peak / 1024:>12,.0f} "
              f"{run.total / 1024:>9,.0f} {peak_then:>14}{failed}")  # fmt: skip
        if size:
            old_size = (
                f", today {theirs[name][1] / 1e6:.1f} MB at {base_docs:,} docs" if name in theirs else ""
            )
            print(f"{'':<36} results file: now {size / 1e6:.1f} MB{old_size}")
    print(
        f"\nnow: {docs:,} documents; today: {base_docs:,} documents (today's code is capped: its build needs "
        "about 160 KB a document). Speed-ups compare documents per second (start-up: whole runs) in wall "
        "time and in CPU time (user + system; steadier on a shared machine); peak memory is the largest "
        "process's maximum resident set, and 'all procs' the peak of the resident sets summed over the "
        "command and its --workers processes (sampled every 50 ms)."
    )


if __name__ == "__main__":
    main()
