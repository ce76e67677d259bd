"""The benchmark's records: a results file per shipped system and subset, and a Markdown table of all results.

The shipped systems are data (`shipped_systems.json`): an extractor, its `--extractor-args` and the languages
scored. Rows are grouped by signature: results on different gold, language subsets, label sets or label
spaces are never ranked in one table. Everything is a pure function of the code and the gold (seeded
bootstrap, sorted keys), except the measured `timing`: `--check` compares the rest byte for byte and keeps
the committed timing where the scores are unchanged, so the check is exact and the speed column is stable.
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.markdown import table

LEADERBOARD = "LEADERBOARD.md"
CHART = "leaderboard.svg"
RESULTS = "results"
SYSTEMS = Path(__file__).with_name("shipped_systems.json")
COLUMNS = {
    "mentions.strict": "mentions strict F1",
    "mentions_text": "mentions by text F1",
    "entities": "entities F1",
    "agreement_types": "agreement types F1",
    "agreements": "agreements F1",
    "sectors.micro": "sectors micro F1",
}


@cache
def shipped_systems() -> list[dict[str, Any]]:
    """The systems the leaderboard scores: name, extractor, args, languages (None: the whole corpus)."""
    return list(json.loads(SYSTEMS.read_text(encoding="utf-8"))["systems"])


def score_system(system: dict[str, Any], gold: list[Any]) -> dict[str, Any]:
    """The results `paradiplomacy evaluate --extractor E --extractor-args A [--languages L]` gives."""
    from paradiplomacy.scoring.scoped import evaluate_source
    from paradiplomacy.scoring.subsets import Scope, check_scope

    args = argparse.Namespace(
        extractor=system["extractor"],
        extractor_args=dict(system.get("args") or {}),
        external_command=None,
        predictions=None,
        bootstrap=1000,
        seed=12345,
    )
    languages = system.get("languages")
    scope = check_scope(Scope(languages=tuple(languages) if languages else None), gold)
    return evaluate_source(args, gold, scope, system=system["name"])


def shipped_results(corpus: Path | None) -> dict[str, dict[str, Any]]:
    """name -> results object, for every shipped system."""
    from paradiplomacy.extractors.documents import gold_documents

    gold = gold_documents(corpus)
    return {system["name"]: score_system(system, gold) for system in shipped_systems()}


def same_scores(old: str, new: dict[str, Any]) -> bool:
    """Whether a committed results text equals fresh results in all but what is measured (timing)."""
    from paradiplomacy.scoring.results import MEASURED_KEYS, dumps

    try:
        committed = json.loads(old)
    except json.JSONDecodeError:
        return False
    if not isinstance(committed, dict):
        return False
    kept = {key: committed[key] for key in MEASURED_KEYS if key in committed and key in new}
    return dumps({**new, **kept}) == old


def _committed(path: Path) -> str | None:
    """The committed results text, or None when missing or unreadable (then it is simply rewritten)."""
    from paradiplomacy import limits
    from paradiplomacy.errors import InputError
    from paradiplomacy.safeio import read_bytes

    if not path.is_file():
        return None
    try:
        return read_bytes(path, limits.FILE_BYTES.value, what="results file").decode("utf-8")
    except (InputError, UnicodeDecodeError):
        return None


def fresh_files(eval_dir: Path, corpus: Path | None) -> dict[Path, str]:
    """Every file the command owns, with the text it should have: shipped results, then the leaderboard."""
    from paradiplomacy.scoring.results import dumps, read

    results_dir = eval_dir / RESULTS
    files: dict[Path, str] = {}
    for name, results in shipped_results(corpus).items():
        path = results_dir / f"{name}.json"
        old = _committed(path)
        files[path] = old if old is not None and same_scores(old, results) else dumps(results)
    others = {path: read(path) for path in sorted(results_dir.glob("*.json")) if path not in files}
    every = {**others, **{path: json.loads(text) for path, text in files.items()}}
    files[eval_dir / LEADERBOARD] = render(every)
    files[eval_dir / CHART] = chart(every)
    return files


def chart(results: dict[Path, dict[str, Any]]) -> str:
    """The leaderboard's F1s with their intervals as SVG (`report.chart`), systems in the tables' order, each
    named with what it was scored on: bars of different signatures sit side by side but say so."""
    from paradiplomacy.report.chart import svg

    return svg(
        [(f"{r.get('system') or path.stem} ({_scope_title(r)})", r) for path, r in _ordered(results)], COLUMNS
    )


def _ordered(results: dict[Path, dict[str, Any]]) -> list[tuple[Path, dict[str, Any]]]:
    """As the tables: groups by signature, most documents first; in each, best mentions-by-text F1 first."""
    return sorted(
        results.items(),
        key=lambda item: (
            -len(item[1]["corpus"]["documents"]),
            item[1]["signature"],
            -_f1(item[1], "mentions_text"),
            item[0].stem,
        ),
    )


def render(results: dict[Path, dict[str, Any]]) -> str:
    """One table per signature; in each, one row per system, best mentions-by-text F1 first (ties by name)."""
    groups: dict[str, dict[Path, dict[str, Any]]] = {}
    for path, r in results.items():
        groups.setdefault(r["signature"], {})[path] = r
    sections = []
    for signature in sorted(groups, key=lambda s: (-_documents(groups[s]), s)):
        group = groups[signature]
        ordered = sorted(group.items(), key=lambda item: (-_f1(item[1], "mentions_text"), item[0].stem))
        rows = [
            [
                f"`{r.get('system') or path.stem}`",
                *(_cell(r, key) for key in COLUMNS),
                _speed(r),
            ]
            for path, r in ordered
        ]
        header = ["system", *COLUMNS.values(), "docs/s"]
        first = next(iter(group.values()))
        sections.append(f"## {_scope_title(first)}\n\n`{signature}`\n\n" + table(header, rows) + "\n")
    return (
        "# Leaderboard\n\n"
        "Generated by `paradiplomacy leaderboard` from every file in `eval/results/`; do not edit by hand.\n"
        "Each cell: F1 and its 95% bootstrap CI; `n/a`: the system does not attempt that layer.\n"
        "One table per signature: results on other gold, subsets or label spaces are never ranked together.\n"
        "`docs/s`: documents per second on the machine that last changed the row (model loading excluded).\n"
        "`eval/README.md` says what is measured.\n\n"
        + "\n".join(sections)
        + f"\n![F1 per layer and system, with 95% bootstrap confidence intervals]({CHART})\n"
    )


def _documents(group: dict[Path, dict[str, Any]]) -> int:
    return max(len(r["corpus"]["documents"]) for r in group.values())


def _scope_title(results: dict[str, Any]) -> str:
    settings = results.get("settings", {})
    documents = len(results["corpus"]["documents"])
    languages = settings.get("languages")
    parts = [
        f"{documents} document{'s' if documents != 1 else ''}",
        f"languages {', '.join(languages)}" if languages else "all languages",
    ]
    if settings.get("labels"):
        parts.append(f"labels {', '.join(settings['labels'])}")
    if settings.get("label_space"):
        parts.append(f"{settings['label_space']} label space")
    return ", ".join(parts)


def _f1(results: dict[str, Any], key: str) -> float:
    value = results["headline"].get(key, {}).get("f1")
    return float(value) if value is not None else -1.0


def _cell(results: dict[str, Any], key: str) -> str:
    headline = results["headline"].get(key)
    if not headline:
        return "–"
    if headline.get("f1") is None:
        return "n/a"
    ci = headline.get("ci")
    interval = f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""
    return f"{headline['f1']:.3f}{interval}"


def _speed(results: dict[str, Any]) -> str:
    rate = (results.get("timing") or {}).get("docs_per_second")
    return "–" if rate is None else f"{rate:.1f}"


def add(results_path: Path, eval_dir: Path, corpus: Path | None, name: str | None) -> Path:
    """Check a user's results file against the gold and its own signature, and copy it into results/."""
    from paradiplomacy.extractors.documents import gold_documents
    from paradiplomacy.scoring.results import read, write
    from paradiplomacy.scoring.signature import gold_hash, signature

    results = read(results_path)
    if "agreement" in results:
        raise InputError(f"{results_path}: results of `agree` (annotator agreement), not of a system")
    expected = signature(results["settings"])
    if results["signature"] != expected:
        raise InputError(
            f"{results_path}: /signature: {results['signature']!r} does not match its settings "
            f"({expected!r}); "
            "re-run paradiplomacy evaluate rather than editing results"
        )
    current = gold_hash(gold_documents(corpus))
    if results["settings"]["gold_sha256"] != current:
        raise InputError(
            f"{results_path}: scored on different gold (sha256 {results['settings']['gold_sha256'][:12]}, "
            f"this corpus has {current[:12]}); re-run paradiplomacy evaluate on this corpus"
        )
    stem = name or results.get("system") or results_path.stem
    safe = "".join(c if c.isalnum() or c in "-_.+" else "-" for c in stem).strip(".-") or "system"
    shipped = {system["name"] for system in shipped_systems()}
    if safe in shipped:
        raise InputError(f"{results_path}: {safe!r} is a shipped system's name; give --name")
    target = eval_dir / RESULTS / f"{safe}.json"
    if target.exists():
        raise InputError(f"{target}: already exists; give another --name or remove it first")
    write(results, target)
    return target
