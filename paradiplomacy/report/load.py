"""Results files for the report, checked before anything is drawn: size, schema version, schema, gold, and
whether the paired errors agree with the counts. A problem that makes a file unreadable is an InputError
naming it; one the report can show around (other gold, no pairs) is a warning naming it, and the file's
document view is left out with the reason on the page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.errors import InputError
from paradiplomacy.scoring.pairs import listed_counts, outcome_counts

# A results file larger than this is refused before it is parsed (the shipped corpus's is about 0.1 MiB; a
# 10,000-document corpus with many errors stays well below it). The report embeds every document's text once
# per system, so a bound on the input is also a bound on the page.
MAX_RESULTS_BYTES = 64 * 1024 * 1024
READABLE_MAJOR = "1"


@dataclass
class Loaded:
    path: Path
    name: str
    results: dict[str, Any]
    # Why the document view of this file cannot be drawn (None: it can).
    no_documents: str | None = None
    warnings: list[str] = field(default_factory=list)


def read_results(path: Path, limit: int = MAX_RESULTS_BYTES) -> dict[str, Any]:
    """Parse and validate one results file; InputError naming the file and what to do otherwise."""
    from paradiplomacy.scoring.results import problems

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if path.is_dir():
        raise InputError(f"{path}: a folder, not a results file")
    if size > limit:
        raise InputError(
            f"{path}: {size:,} bytes, over the report's limit of {limit:,} bytes for one results file; "
            "report on a subset of the documents"
        )
    try:
        from paradiplomacy.safeio import read_bytes  # bounded even where stat says 0 (/dev/zero)
        from paradiplomacy.validation.jsontext import structure_problem

        data = json.loads(read_bytes(path, limit, what="results file").decode("utf-8"))

        problem = structure_problem(data)
        if problem is not None:
            raise InputError(f"{path}: not a results file: {problem[0] or '/'}: {problem[1]}")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not a results file: line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: not a results file: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a results file: the top level is not a JSON object")
    version = data.get("schema_version")
    if isinstance(version, str) and version.split(".")[0] != READABLE_MAJOR:
        raise InputError(
            f"{path}: results of schema {version}; this paradiplomacy reads schema {READABLE_MAJOR}.x. "
            "Re-run `paradiplomacy evaluate` with this version, or report with the version that wrote it"
        )
    found = problems(data)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise InputError(f"{path}: not a results file: " + "; ".join(found[:3]) + more)
    return data


def check_pairs(path: Path, results: dict[str, Any], documents: dict[str, Document]) -> str | None:
    """InputError where a document's paired errors disagree with its counts (the file was edited); the reason
    the document view cannot be drawn where the file has no pairs (written before they existed)."""
    mentions = results.get("mentions")
    if not isinstance(mentions, dict) or not mentions.get("applicable"):
        return None
    if (results.get("settings") or {}).get("label_space"):
        try:
            from paradiplomacy import labelmaps  # noqa: F401  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            return "scored in another label space, which this version of paradiplomacy cannot map"
    for doc_id, entry in sorted((results.get("per_document") or {}).items()):
        errors = (entry.get("errors") or {}).get("mentions") or {}
        if "pairs" not in errors:
            return (
                "the file lists no paired errors (written before they existed); "
                "re-run `paradiplomacy evaluate`"
            )
        expected = outcome_counts(entry.get("counts") or {})
        document = documents.get(doc_id)
        if expected is None or document is None:
            continue
        in_scope = len(gold_in_scope(results, document))
        counted = sum(n for kind, n in expected.items() if kind != "spurious")
        if counted != in_scope:
            return (
                f"/per_document/{doc_id}: the results count {counted} gold mentions, the corpus has "
                f"{in_scope} (were other labels scored?); give the corpus the results were scored on"
            )
        listed = listed_counts(errors["pairs"], in_scope)
        if listed != expected:
            differ = ", ".join(
                f"{kind} {listed[kind]} listed vs {expected[kind]} counted"
                for kind in expected
                if listed[kind] != expected[kind]
            )
            raise InputError(
                f"{path}: /per_document/{doc_id}: the paired errors disagree with the counts ({differ}); "
                "the file was edited or is corrupt: re-run `paradiplomacy evaluate`"
            )
        for index, pair in enumerate(errors["pairs"]):
            for side in ("gold", "predicted"):
                span = pair.get(side)
                if span and not span["end"] <= len(document.text):
                    raise InputError(
                        f"{path}: /per_document/{doc_id}/errors/mentions/pairs/{index}/{side}: span "
                        f"[{span['start']}, {span['end']}) lies beyond the text ({len(document.text)} "
                        "characters); re-run `paradiplomacy evaluate`"
                    )
    return None


def gold_in_scope(results: dict[str, Any], document: Document) -> list[dict[str, Any]]:
    """The document's gold mentions as the results scored them: mapped into the settings' `label_space`
    where one is named (a label without a counterpart there leaves), then only the settings' `labels`."""
    settings = results.get("settings") or {}
    entities = list(document.entities)
    space = settings.get("label_space")
    if space:
        from paradiplomacy import labelmaps  # type: ignore[attr-defined,unused-ignore]

        mapping = labelmaps.forward(space)
        entities = [{**e, "label": mapping[e["label"]]} for e in entities if mapping.get(e["label"])]
    labels = settings.get("labels")
    if isinstance(labels, list):
        entities = [e for e in entities if e["label"] in labels]
    return entities


def load_all(paths: list[Path], documents: list[Document], gold_sha256: str) -> list[Loaded]:
    """Every file read and checked against the corpus; names made unique (system, else file stem)."""
    by_id = {d.doc_id: d for d in documents}
    loaded: list[Loaded] = []
    names: set[str] = set()
    for path in paths:
        results = read_results(path)
        name = str(results.get("system") or path.stem)
        if name in names:
            name = f"{name} ({path.name})"
        names.add(name)
        item = Loaded(path, name, results)
        sha = results["settings"]["gold_sha256"]
        if sha != gold_sha256:
            item.no_documents = (
                f"scored on other gold (sha256 {sha[:12]}) than the corpus the report reads "
                f"({gold_sha256[:12]}); its offsets may not fit these texts: give the corpus it was "
                "scored on with --corpus"
            )
            item.warnings.append(f"{path}: {item.no_documents}")
        else:
            missing = check_pairs(path, results, by_id)
            if missing:
                item.no_documents = missing
                item.warnings.append(f"{path}: {missing}")
        loaded.append(item)
    shas = {item.results["settings"]["gold_sha256"] for item in loaded}
    if len(shas) > 1:
        groups = ", ".join(f"{item.path} ({item.results['settings']['gold_sha256'][:12]})" for item in loaded)
        loaded[0].warnings.insert(
            0, f"the results were scored on different gold: {groups}; their scores are not comparable"
        )
    return loaded
