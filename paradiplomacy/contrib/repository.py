"""Where a command reads and writes: a repository root (a checkout or a copy) with seeds/ and annotations/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import PROVENANCE_FILE
from paradiplomacy.errors import InputError
from paradiplomacy.guidelines import GUIDELINES

_GUIDELINES_VERSION = re.compile(r"Guidelines version: \*\*([0-9][0-9.]*)\*\*")


@dataclass(frozen=True)
class Repository:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    @property
    def provenance_file(self) -> Path:
        return self.seeds / PROVENANCE_FILE

    def seed_file(self, doc_id: str) -> Path:
        return self.seeds / f"{doc_id}.txt"

    def annotation_file(self, doc_id: str) -> Path:
        return self.annotations / f"{doc_id}.json"

    def require(self) -> Repository:
        if not self.seeds.is_dir():
            raise InputError(
                f"{self.seeds}: no seeds folder; run from the repository root or give --root DIR"
            )
        return self

    def provenance(self) -> dict[str, Any]:
        """The whole provenance file ({"documents": {...}}), or a fresh one where there is none."""
        path = self.provenance_file
        if not path.is_file():
            return {"$schema": "../schema/provenance.schema.json", "documents": {}}
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: not readable as JSON ({error}); fix it first") from None
        if not isinstance(value, dict) or not isinstance(value.get("documents"), dict):
            raise InputError(f"{path}: /documents: expected an object of documents keyed by doc_id")
        return value

    def seed_text(self, doc_id: str) -> str:
        path = self.seed_file(doc_id)
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise InputError(f"{path}: no such seed; add the article first (`paradiplomacy add`)") from None
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None

    def guidelines_version(self) -> str | None:
        path = self.annotations / GUIDELINES
        if not path.is_file():
            return None
        found = _GUIDELINES_VERSION.search(path.read_text(encoding="utf-8"))
        return found.group(1) if found else None


def repository_option(parser: Any, default: Path | None = Path(".")) -> None:
    where = "the current folder" if default is not None else "the current folder, else the shipped corpus"
    parser.add_argument(
        "--root",
        type=Path,
        default=default,
        metavar="DIR",
        help=f"repository root holding seeds/ and annotations/ (default: {where})",
    )
