"""The documents extractors run over: the gold corpus in doc_id order, never empty."""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.corpus import Document, load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.resources import annotations_dir


def gold_documents(corpus: Path | None = None) -> list[Document]:
    folder = corpus or annotations_dir()
    if not folder.is_dir():
        raise InputError(f"{folder}: no such corpus folder")
    from paradiplomacy.corpus import annotation_files, default_seeds_dir
    from paradiplomacy.validation.annotations import require_valid

    if annotation_files(folder):
        require_valid(folder, default_seeds_dir(folder))
    documents = sorted(load_corpus(folder), key=lambda d: d.doc_id)
    if not documents:
        raise InputError(
            f"{folder}: no annotation files (*.json), so there is nothing to run an extractor over"
        )
    return documents
