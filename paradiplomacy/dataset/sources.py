"""Reads the build's inputs (seeds, provenance, annotation files) and refuses what the dataset cannot carry.

The validator (`paradiplomacy validate`) runs first, so a broken input stops the build with its messages,
each naming the file and the place, never a traceback; only a valid corpus is then loaded.
"""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.corpus import Document, annotation_files, load_corpus, sha256_file
from paradiplomacy.errors import InputError
from paradiplomacy.validation.annotations import require_valid

def load_documents(annotations: Path, seeds: Path) -> list[Document]:
    """Every annotated document, in file-name order, checked against its seed and provenance."""
    check_sources(annotations, seeds)
    return load_corpus(annotations, seeds)


def check_sources(annotations: Path, seeds: Path, workers: int = 1) -> None:
    """Refuses missing folders, an empty folder and an invalid corpus (every problem listed)."""
    if not annotations.is_dir():
        raise InputError(f"{annotations}: annotation folder not found")
    if not seeds.is_dir():
        raise InputError(f"{seeds}: seeds folder not found")
    paths = annotation_files(annotations)
    if not paths:
        raise InputError(f"{annotations}: no annotation files (*.json)")
    require_valid(annotations, seeds, workers)


def seed_sha256(document: Document, seeds: Path) -> str:
    return sha256_file(seeds / f"{document.doc_id}.txt")
