"""`evaluate --predictions` over a corpus folder, holding neither the gold nor the predictions.

Three passes, each one document at a time (`docs/scaling.md`):

1. the gold in doc-id order (read by `--workers` processes), for what scoring one document needs from all
   the others: the canonical index of the gold's surface forms (`entities.add_to_index`), and the gold hash
   of the signature; of each document only its id, language and file are kept;
2. the predictions file, checked line by line as `read_predictions` checks it (same problems, same order,
   same cap), keeping of each valid record only where its line is;
3. the documents in scope, in chunks over `--workers` processes: each document is read again with its
   prediction (from its line), scored and reduced to its row of counts (`fold.Fold`); its errors go to the
   results, to the `--details` file (in doc-id order, as the chunks come back), or nowhere.

The results are those of `evaluate.score` on the whole corpus in memory, byte for byte, for any number of
workers (`tests/test_evaluate_stream.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from paradiplomacy.corpus import (
    annotation_files,
    read_text,
    read_valid_document,
)
from paradiplomacy.errors import InputError
from paradiplomacy.labelmaps import LabelMap, relabeller
from paradiplomacy.predictions import MAX_ERRORS, Relabel, locate_predictions, with_layers
from paradiplomacy.scoring.entities import RawIndex, add_to_index
from paradiplomacy.scoring.evaluate import DocumentScorer, assemble, missing_warnings
from paradiplomacy.scoring.fold import Fold, Row
from paradiplomacy.scoring.results import details_line
from paradiplomacy.scoring.signature import GoldHash, settings_for
from paradiplomacy.scoring.subsets import Scope


class Header(NamedTuple):
    """What pass 1 keeps of a document: enough to choose the scope and find the document again."""

    doc_id: str
    language: str
    path: Path


@dataclass
class GoldFolder:
    """A validated corpus folder after pass 1: its documents' headers (doc-id order), canonical index and
    gold hash."""

    annotations: Path
    seeds: Path
    documents: list[Header]
    index: RawIndex = field(default_factory=dict)
    gold_sha256: str = ""


def read_gold_folder(annotations: Path, seeds: Path, workers: int = 1) -> GoldFolder:
    """Pass 1 over a folder `validate` has passed: each document is read once, in doc-id order (a file is
    named after its doc_id, which `validate` checks), for its header, its index entries and the hash.
    `workers` processes read the files; the hash is fed here, in order, from what they send back."""
    from functools import partial

    from paradiplomacy.workers import map_chunks

    folder = GoldFolder(annotations, seeds, [])
    hasher = GoldHash()
    paths = sorted(annotation_files(annotations), key=lambda path: path.stem)
    for headers, index, parts in map_chunks(partial(_read_chunk, seeds=seeds), paths, workers):
        folder.documents += headers
        for key, targets in index.items():
            folder.index.setdefault(key, set()).update(targets)
        for document_parts in parts:
            hasher.add_parts(document_parts)
    if not folder.documents:
        raise InputError(f"{annotations}: no annotation files (*.json)")
    folder.gold_sha256 = hasher.hexdigest()
    return folder


def _read_chunk(
    paths: Sequence[Path], seeds: Path
) -> tuple[list[Header], RawIndex, list[tuple[bytes, bytes, bytes]]]:
    """Some documents' headers, their index, and what each adds to the gold hash (`GoldHash.parts`)."""
    headers: list[Header] = []
    index: RawIndex = {}
    parts: list[tuple[bytes, bytes, bytes]] = []
    for path in paths:
        document = read_valid_document(path, seeds)
        headers.append(Header(document.doc_id, document.language, path))
        add_to_index(index, document.entities)
        parts.append(GoldHash.parts(document))
    return headers, index, parts


class _SeedTexts(Mapping[str, Any]):
    """doc_id -> an object whose `text` is the seed, read when asked: all the predictions check needs."""

    def __init__(self, folder: GoldFolder) -> None:
        self._seeds = folder.seeds
        self._ids = [header.doc_id for header in folder.documents]
        self._known = set(self._ids)

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id not in self._known:
            raise KeyError(doc_id)
        return _Seed(self._seeds / f"{doc_id}.txt")

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class _Seed:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def text(self) -> str:
        return read_text(self.path)


def evaluate_file(
    gold: GoldFolder,
    predictions: Path,
    scope: Scope,
    *,
    bootstrap: int,
    seed: int,
    system: str,
    label_map: LabelMap | None = None,
    max_errors: int | None = MAX_ERRORS,
    details: str | Path = "inline",
    workers: int = 1,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Results for a predictions file, and the mentions `label_map` dropped (`labelmaps.dropped_counts`) from
    the scored records. `details` is "inline", "none" or a path for the JSON Lines of per-document errors;
    `workers` processes score the documents (`workers.map_chunks`: the same results for any number)."""
    from functools import partial

    from paradiplomacy.labelmaps import merged_drops
    from paradiplomacy.scoring.subsets import LAYER_BLOCKS, restrict
    from paradiplomacy.workers import map_chunks

    lines = locate_predictions(predictions, _SeedTexts(gold), relabeller(label_map), max_errors)
    in_scope, lines, warnings = restrict(gold.documents, lines, scope)
    warnings += missing_warnings({header.doc_id: header for header in in_scope}, lines)
    task = _Task(
        scorer=DocumentScorer(gold.index, scope, details=details != "none"),
        seeds=gold.seeds,
        predictions=predictions,
        label_map=label_map,
        details=details if isinstance(details, str) else "file",
        # The error blocks of layers not attempted are left out, as `subsets.not_attempted` leaves them.
        omitted=frozenset(
            block
            for layer, blocks in LAYER_BLOCKS.items()
            if scope.layers is not None and layer not in scope.layers
            for block in blocks
        ),
    )
    fold = Fold([h.doc_id for h in in_scope], [h.language for h in in_scope], task.scorer.layout)
    errors: dict[str, dict[str, Any]] | None = {} if details == "inline" else None
    drops: list[dict[str, int]] = []
    items = [(header, lines.get(header.doc_id)) for header in in_scope]
    with ExitStack() as stack:
        apart = None
        if isinstance(details, Path):
            from paradiplomacy.safeio import replacing

            apart = stack.enter_context(replacing(details, what="per-document errors"))
        position = 0
        for chunk in map_chunks(partial(_score_chunk, task=task), items, workers):
            for row, found, dropped in chunk:
                fold.put(position, row)
                if errors is not None:
                    errors[fold.doc_ids[position]] = found
                elif apart is not None:
                    apart.write(found)
                if dropped:
                    drops.append(dropped)
                position += 1
    config = {
        **settings_for(gold.gold_sha256, len(in_scope), bootstrap=bootstrap, seed=seed),
        **scope.settings(),
    }
    results = assemble(fold, config, system=system, warnings=warnings, scope=scope, errors=errors)
    return results, merged_drops(drops)


@dataclass(frozen=True)
class _Task:
    """What scoring a document needs besides the document and its prediction; sent with each chunk."""

    scorer: DocumentScorer
    seeds: Path
    predictions: Path
    label_map: LabelMap | None
    details: str  # "inline", "file" or "none"
    omitted: frozenset[str]


def _score_chunk(
    items: Sequence[tuple[Header, tuple[int, int, int] | None]], task: _Task
) -> list[tuple[Row, Any, dict[str, int]]]:
    """Score some documents (pass 3): each one's row, its errors (a dict inline, a JSON line for the details
    file, or None) and the mentions its label map dropped."""
    from paradiplomacy.labelmaps import dropped_counts

    relabel = relabeller(task.label_map)
    out: list[tuple[Row, Any, dict[str, int]]] = []
    with open(task.predictions, "rb") as source:
        for header, where in items:
            document = read_valid_document(header.path, task.seeds)
            record = _read_back(source, where, task.predictions, relabel) if where else {}
            dropped = dropped_counts([record]) if isinstance(record.get("meta"), dict) else {}
            row, found = task.scorer.score(document, record)
            if task.details == "file":
                kept = {key: value for key, value in found.items() if key not in task.omitted}
                out.append((row, details_line(header.doc_id, kept).encode("utf-8"), dropped))
            else:
                out.append((row, found if task.details == "inline" else None, dropped))
    return out


def _read_back(
    source: IO[bytes], where: tuple[int, int, int], path: Path, relabel: Relabel | None
) -> dict[str, Any]:
    """A checked record, read again from its line: parsed as the check parsed it, relabelled alike."""
    from paradiplomacy.validation.jsontext import _number

    number, offset, length = where
    source.seek(offset)
    raw = source.read(length)
    if len(raw) != length:
        raise InputError(f"{path}: changed while it was read (line {number}); run evaluate again")
    try:
        record = json.loads(raw, parse_float=_number)
    except ValueError:
        raise InputError(f"{path}: changed while it was read (line {number}); run evaluate again") from None
    if relabel is not None:
        record = relabel(record, f"{path}: line {number}")
    return with_layers(record)
