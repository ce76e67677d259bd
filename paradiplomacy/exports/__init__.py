"""The gold in the formats training code reads: spaCy DocBin, CoNLL BIO, brat standoff.

Each export reads a valid corpus only (drafts included are refused with the validator's messages), so a model
is never trained on an unreviewed draft.
"""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.contrib.repository import Repository
from paradiplomacy.corpus import Document


def gold(repository: Repository) -> list[Document]:
    from paradiplomacy.dataset.sources import load_documents

    return load_documents(repository.annotations, repository.seeds)


def write_training(fmt: str, repository: Repository, out: Path) -> list[str]:
    documents = gold(repository)
    if fmt == "spacy":
        from paradiplomacy.exports.spacy_docbin import write_docbin

        return write_docbin(documents, out)
    if fmt == "conll":
        from paradiplomacy.exports.conll import write_conll

        return write_conll(documents, out)
    from paradiplomacy.exports.brat import write_brat

    return write_brat(documents, out)
