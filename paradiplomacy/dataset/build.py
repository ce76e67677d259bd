"""Builds the dataset folder's files (streaming the documents into parquet row groups), writes them, or compares them with what is on disk.

The folder belongs to the build: it holds exactly the generated files (dot-files such as `.gitattributes`
aside), so `check` can name every stale, missing or extra file. `write` replaces it as a whole and refuses a
folder holding anything the build did not write (`dataset.output`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import pyarrow as pa
from datasets import Features

from paradiplomacy.corpus import Document, annotation_files, load_provenance, read_document
from paradiplomacy.dataset import (
    CARD_FILE,
    CROISSANT_FILE,
    DATA_FILES,
    DEFAULT_CONFIG,
    GUIDELINES_FILE,
    TOKENS_CONFIG,
    card,
    croissant,
)
from paradiplomacy.dataset.configs import BuiltConfig
from paradiplomacy.dataset.features import default_features, token_features
from paradiplomacy.dataset.parquet import ROW_GROUP_SIZE, ParquetSink, table
from paradiplomacy.dataset.records import document_record, tokens_record
from paradiplomacy.dataset.sources import check_sources, seed_sha256
from paradiplomacy.guidelines import GUIDELINES, all_studies
from paradiplomacy.stats import CorpusStats, StatsCollector
from paradiplomacy.workers import map_chunks


@dataclass(frozen=True)
class Sources:
    annotations: Path
    seeds: Path
    workers: int = 1  # processes validating the sources and making row groups


@dataclass(frozen=True)
class _Group:
    """One row group of both configurations, and what the card needs of its documents."""

    tables: dict[str, pa.Table]
    first_rows: dict[str, dict[str, Any]]
    first_document: Document
    slim: list[Document]  # without text, entities and agreements
    statistics: StatsCollector


@cache
def _features() -> dict[str, Features]:
    return {DEFAULT_CONFIG: default_features(), TOKENS_CONFIG: token_features()}


# A document's file and its provenance entry: the build's process reads `provenance.json` once and sends each
# worker only the entries of its row group (a worker holding the whole file cost 150 MB at 100k documents).
_Item = tuple[Path, dict[str, Any]]


def _row_group(items: Sequence[_Item], seeds: Path) -> _Group:
    """The rows of some documents (one row group's worth) as Arrow tables; runs in a worker process."""
    documents = [read_document(path, seeds, {path.stem: entry}) for path, entry in items]
    rows = {
        DEFAULT_CONFIG: [document_record(d, seed_sha256(d, seeds)) for d in documents],
        TOKENS_CONFIG: [tokens_record(d) for d in documents],
    }
    statistics = StatsCollector()
    for document in documents:
        statistics.add(document)
    return _Group(
        tables={name: table(rows[name], _features()[name]) for name in rows},
        first_rows={name: rows[name][0] for name in rows},
        first_document=documents[0],
        slim=[replace(d, text="", entities=[], agreements=[], provenance={}) for d in documents],
        statistics=statistics,
    )


def build_configs(
    annotations: Path, seeds: Path, workers: int = 1
) -> tuple[list[BuiltConfig], list[Document], CorpusStats]:
    """Both configurations' parquet, one row group at a time, with what the card needs besides.

    Row groups are made by `workers` processes (in order; the bytes are the same for any number) and written
    here. Returns the configurations, the documents as the card takes them (the first in full, the others
    without text, entities and agreements, so memory stays bounded whatever the corpus size) and their
    statistics.
    """
    sinks = {name: ParquetSink(feature) for name, feature in _features().items()}
    statistics = StatsCollector()
    kept: list[Document] = []
    provenance = load_provenance(seeds)
    items = [(path, provenance.get(path.stem, {})) for path in annotation_files(annotations)]
    making = partial(_row_group, seeds=seeds)
    for group in map_chunks(making, items, workers, size=ROW_GROUP_SIZE):
        for name, sink in sinks.items():
            sink.add_group(group.tables[name], group.first_rows[name])
        statistics.merge(group.statistics)
        # The slim documents come back without provenance: this process's entries serve, not copies of them.
        slim = [replace(d, provenance=provenance.get(d.doc_id, {})) for d in group.slim]
        kept += [group.first_document, *slim[1:]] if not kept else slim
    configs = []
    for name, sink in sinks.items():
        parquet = sink.close()
        assert sink.first is not None, "the sources check refuses an empty corpus"
        configs.append(
            BuiltConfig(
                name=name,
                path=DATA_FILES[name],
                features=_features()[name],
                sample=sink.first,
                num_rows=sink.rows,
                parquet=parquet,
                arrow_bytes=sink.arrow_bytes,
            )
        )
    return configs, kept, statistics.result()


def build_files(sources: Sources) -> dict[str, bytes]:
    """Every file of the dataset folder by its relative POSIX path."""
    check_sources(sources.annotations, sources.seeds, sources.workers)
    configs, documents, statistics = build_configs(sources.annotations, sources.seeds, sources.workers)
    agreement = all_studies(sources.annotations)
    files = {config.path: config.parquet for config in configs}
    inputs = card.CardInputs(documents, configs, agreement, statistics)
    files[CARD_FILE] = card.render(inputs).encode("utf-8")
    files[CROISSANT_FILE] = croissant.render(configs, documents).encode("utf-8")
    guidelines = sources.annotations / GUIDELINES
    if guidelines.is_file():
        files[GUIDELINES_FILE] = guidelines.read_bytes()
    return dict(sorted(files.items()))


def existing_files(out: Path) -> set[str]:
    """Files under `out`, ignoring dot-files and dot-folders (a Hub clone's `.git`, `.gitattributes`)."""
    if not out.is_dir():
        return set()
    paths = (p.relative_to(out) for p in out.rglob("*") if p.is_file())
    return {p.as_posix() for p in paths if not any(part.startswith(".") for part in p.parts)}


def write(files: dict[str, bytes], out: Path) -> list[str]:
    """Replaces `out` as a whole (see `dataset.output`); returns the relative paths written or removed."""
    from paradiplomacy.dataset.output import replace

    return replace(files, out)


def compare(fresh: Path, current: Path) -> list[str]:
    """One line per file of `current` that differs from the fresh build: stale, missing or extra."""
    built, present = existing_files(fresh), existing_files(current)
    lines = []
    for relative in sorted(built | present):
        if relative not in present:
            lines.append(f"{current / relative}: missing")
        elif relative not in built:
            lines.append(f"{current / relative}: extra (not produced by the build)")
        elif (current / relative).read_bytes() != (fresh / relative).read_bytes():
            lines.append(f"{current / relative}: stale{_writer_note(current / relative, fresh / relative)}")
    return lines


def parquet_writer(path: Path) -> str:
    """The library that wrote a parquet file ("parquet-cpp-arrow version 26.0.1"): its bytes depend on it."""
    import pyarrow.parquet as pq

    return str(pq.ParquetFile(path).metadata.created_by)


def _writer_note(committed: Path, fresh: Path) -> str:
    """Why a parquet file can differ with identical sources: another pyarrow wrote it."""
    if committed.suffix != ".parquet":
        return ""
    try:
        then, now = parquet_writer(committed), parquet_writer(fresh)
    except Exception:  # an unreadable committed file is simply stale
        return ""
    if then == now:
        return ""
    return f" (written by {then}; this environment writes {now}: install the versions in constraints.txt)"


def check(sources: Sources, out: Path) -> list[str]:
    """Builds into a temporary folder and compares it with `out`; an empty list means `out` is current."""
    with tempfile.TemporaryDirectory(prefix="paradiplomacy-build-") as scratch:
        fresh = Path(scratch) / "dataset"
        write(build_files(sources), fresh)
        return compare(fresh, out)
