"""Builds the dataset folder's files (streaming the documents into parquet row groups), writes them, or compares them with what is on disk.

The folder belongs to the build: it holds exactly the generated files (dot-files such as `.gitattributes`
aside), so `check` can name every stale, missing or extra file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from paradiplomacy.corpus import Document
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
from paradiplomacy.dataset.parquet import ParquetSink
from paradiplomacy.dataset.records import document_record, tokens_record
from paradiplomacy.dataset.sources import seed_sha256, stream_documents
from paradiplomacy.guidelines import GUIDELINES, all_studies
from paradiplomacy.stats import CorpusStats, StatsCollector


@dataclass(frozen=True)
class Sources:
    annotations: Path
    seeds: Path
    workers: int = 1  # processes validating the sources


def build_configs(
    documents: Iterable[Document], seeds: Path
) -> tuple[list[BuiltConfig], list[Document], CorpusStats]:
    """Both configurations' parquet, streamed document by document, with what the card needs besides.

    Returns the configurations, the documents as the card takes them (the first in full, the others without
    text, entities and agreements, so memory stays bounded whatever the corpus size) and their statistics.
    """
    features = {DEFAULT_CONFIG: default_features(), TOKENS_CONFIG: token_features()}
    sinks = {name: ParquetSink(feature) for name, feature in features.items()}
    statistics = StatsCollector()
    kept: list[Document] = []
    for document in documents:
        sinks[DEFAULT_CONFIG].add(document_record(document, seed_sha256(document, seeds)))
        sinks[TOKENS_CONFIG].add(tokens_record(document))
        statistics.add(document)
        kept.append(document if not kept else replace(document, text="", entities=[], agreements=[]))
    configs = []
    for name, sink in sinks.items():
        parquet = sink.close()
        assert sink.first is not None, "the sources check refuses an empty corpus"
        configs.append(
            BuiltConfig(
                name=name,
                path=DATA_FILES[name],
                features=features[name],
                sample=sink.first,
                num_rows=sink.rows,
                parquet=parquet,
                arrow_bytes=sink.arrow_bytes,
            )
        )
    return configs, kept, statistics.result()


def build_files(sources: Sources) -> dict[str, bytes]:
    """Every file of the dataset folder by its relative POSIX path."""
    configs, documents, statistics = build_configs(
        stream_documents(sources.annotations, sources.seeds, sources.workers), sources.seeds
    )
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
    """Writes changed files and removes extra ones; returns the relative paths it touched."""
    touched = []
    for relative, data in files.items():
        path = out / relative
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        touched.append(relative)
    for relative in sorted(existing_files(out) - files.keys()):
        (out / relative).unlink()
        touched.append(relative)
    return touched


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
        fresh = Path(scratch)
        write(build_files(sources), fresh)
        return compare(fresh, out)
