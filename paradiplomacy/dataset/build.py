"""Builds the dataset folder's files in memory, writes them, or compares them with what is on disk.

The folder belongs to the build: it holds exactly the generated files (dot-files such as `.gitattributes`
aside), so `check` can name every stale, missing or extra file. `write` replaces it as a whole and refuses a
folder holding anything the build did not write (`dataset.output`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasets import Features

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
from paradiplomacy.dataset.parquet import parquet_bytes, table
from paradiplomacy.dataset.records import document_record, tokens_record
from paradiplomacy.dataset.sources import load_documents, seed_sha256
from paradiplomacy.guidelines import GUIDELINES, all_studies


@dataclass(frozen=True)
class Sources:
    annotations: Path
    seeds: Path


def _config(name: str, features: Features, rows: list[dict[str, Any]]) -> BuiltConfig:
    return BuiltConfig(
        name=name,
        path=DATA_FILES[name],
        features=features,
        rows=rows,
        parquet=parquet_bytes(rows, features),
        arrow_bytes=table(rows, features).nbytes,
    )


def build_configs(documents: list[Document], seeds: Path) -> list[BuiltConfig]:
    rows: dict[str, Callable[[Document], dict[str, Any]]] = {
        DEFAULT_CONFIG: lambda d: document_record(d, seed_sha256(d, seeds)),
        TOKENS_CONFIG: tokens_record,
    }
    features = {DEFAULT_CONFIG: default_features(), TOKENS_CONFIG: token_features()}
    return [_config(name, features[name], [rows[name](d) for d in documents]) for name in rows]


def build_files(sources: Sources) -> dict[str, bytes]:
    """Every file of the dataset folder by its relative POSIX path."""
    documents = load_documents(sources.annotations, sources.seeds)
    configs = build_configs(documents, sources.seeds)
    agreement = all_studies(sources.annotations)
    files = {config.path: config.parquet for config in configs}
    files[CARD_FILE] = card.render(card.CardInputs(documents, configs, agreement)).encode("utf-8")
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
