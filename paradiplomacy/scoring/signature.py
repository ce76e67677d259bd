"""The results signature, in sacrebleu's spirit: one line naming the gold and settings of a score.

The gold hash is over the documents' content, not their file bytes, so a corpus loaded through the API and the
same corpus read from disk by the CLI hash alike, and re-indenting an annotation file changes nothing.
For each
document in doc-id order it hashes the doc id, the canonical JSON of the annotation (sorted keys, no spaces)
and the seed text's UTF-8 bytes (the seed file's bytes: `corpus.read_text` translates nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from paradiplomacy import __version__
from paradiplomacy.corpus import Document
from paradiplomacy.vocabulary import version as schema_version

TEXT_NORMALISATION = "nfkc-casefold-ws"
MATCHING = "one-to-one"
PARTIAL_CREDIT = 0.5
SHORT_HASH = 12


def annotation_record(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "language": document.language,
        "entities": document.entities,
        "agreements": document.agreements,
        "sectors": document.sectors,
    }


class GoldHash:
    """`gold_hash` fed one document at a time, in doc-id order, for a corpus read as a stream."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.documents = 0

    def add(self, document: Document) -> None:
        self.add_parts(self.parts(document))

    @staticmethod
    def parts(document: Document) -> tuple[bytes, bytes, bytes]:
        """What a document adds to the hash; made apart from `add_parts`, so other processes can make it."""
        annotation = json.dumps(
            annotation_record(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return document.doc_id.encode(), annotation.encode(), document.text.encode()

    def add_parts(self, parts: tuple[bytes, bytes, bytes]) -> None:
        for part in parts:
            self._digest.update(len(part).to_bytes(8, "big"))
            self._digest.update(part)
        self.documents += 1

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def gold_hash(documents: Iterable[Document]) -> str:
    hasher = GoldHash()
    for document in sorted(documents, key=lambda d: d.doc_id):
        hasher.add(document)
    return hasher.hexdigest()


def settings(
    documents: list[Document], *, bootstrap: int, seed: int, gold: list[Document] | None = None
) -> dict[str, Any]:
    """Everything the scores depend on besides the predictions, as a structured object.

    `gold` is the whole corpus when `documents` is a language subset of it (`--languages`): the hash names
    the gold, `documents` counts what was scored, and the subset itself is a setting of its own.
    """
    whole = gold if gold is not None else documents
    return settings_for(gold_hash(whole), len(documents), bootstrap=bootstrap, seed=seed)


def settings_for(gold_sha256: str, documents: int, *, bootstrap: int, seed: int) -> dict[str, Any]:
    """`settings` from a gold hash computed elsewhere (`GoldHash`, for a corpus read as a stream)."""
    return {
        "paradiplomacy": __version__,
        "schema": schema_version(),
        "gold_sha256": gold_sha256,
        "documents": documents,
        "matching": MATCHING,
        "partial_credit": PARTIAL_CREDIT,
        "text_normalisation": TEXT_NORMALISATION,
        "bootstrap": bootstrap,
        "seed": seed,
        "confidence": 0.95,
    }


def signature(config: dict[str, Any]) -> str:
    """e.g. `paradiplomacy:0.1.0|schema:1.0.0|gold:sha256=3f2a9c1b0d7e|docs:5|...|boot:1000|seed:12345`."""
    fields = [
        ("paradiplomacy", config["paradiplomacy"]),
        ("schema", config["schema"]),
        ("gold", f"sha256={config['gold_sha256'][:SHORT_HASH]}"),
        ("docs", config["documents"]),
        ("match", config["matching"]),
        ("partial", config["partial_credit"]),
        ("text", config["text_normalisation"]),
        ("boot", config["bootstrap"]),
        ("seed", config["seed"]),
    ]
    # What was scored, when less than everything (`scoring/subsets.py`); absent otherwise, so that scores
    # computed without these options keep their signatures.
    if "languages" in config:
        fields.append(("langs", ",".join(config["languages"])))
    if "labels" in config:
        fields.append(("labels", ",".join(config["labels"])))
    if "label_space" in config:
        fields.append(("space", config["label_space"]))
    return "|".join(f"{key}:{value}" for key, value in fields)
