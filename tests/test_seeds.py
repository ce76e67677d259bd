"""The seeds are the delivered articles byte for byte, and their provenance is recorded once, correctly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from paradiplomacy import schemas


def test_provenance_is_valid_and_covers_every_seed(seeds_dir: Path) -> None:
    provenance = json.loads((seeds_dir / "provenance.json").read_text(encoding="utf-8"))
    assert not list(schemas.validator(schemas.PROVENANCE).iter_errors(provenance))
    stems = {p.stem for p in seeds_dir.glob("*.txt")}
    assert set(provenance["documents"]) == stems
    for doc_id, record in provenance["documents"].items():
        data = (seeds_dir / record["file"]).read_bytes()
        assert record["file"] == f"{doc_id}.txt"
        assert hashlib.sha256(data).hexdigest() == record["sha256"], doc_id


def test_seeds_are_utf8_with_lf_and_no_added_newline(seeds_dir: Path) -> None:
    for path in seeds_dir.glob("*.txt"):
        data = path.read_bytes()
        data.decode("utf-8")
        assert b"\r" not in data, path.name
        assert not data.endswith(b"\n"), f"{path.name}: a trailing newline was added"


def test_seeds_equal_the_delivered_files(repo: Path, seeds_dir: Path) -> None:
    delivered = repo.parent / "shared" / "seeds"
    if not delivered.is_dir():
        pytest.skip("the delivered seeds (../shared/seeds) are not beside this checkout")
    names = sorted(p.name for p in delivered.glob("*.txt"))
    assert names == sorted(p.name for p in seeds_dir.glob("*.txt"))
    for name in names:
        assert (seeds_dir / name).read_bytes() == (delivered / name).read_bytes(), name
