"""Builders shared by the validator's tests: small, valid annotations over copies of the real seeds.

Holds no tests itself. Offsets are always found by searching the seed text, never typed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.resources import seeds_dir

ENGLISH = "000_67ac76a5c4e2c77e"
GERMAN = "001_8cc4421e3e9f85cc"
RUSSIAN = "004_e069d52970fd8f19"


def seed_text(doc_id: str) -> str:
    return (seeds_dir() / f"{doc_id}.txt").read_bytes().decode("utf-8")


def mention(
    text: str, ident: str, label: str, needle: str, occurrence: int = 0, **extra: Any
) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    entity = {"id": ident, "start": start, "end": start + len(needle), "label": label, "text": needle}
    entity["canonical"] = extra.pop("canonical", needle)
    entity.update(extra)
    return entity


def sentence(text: str, beginning: str, ending: str) -> list[int]:
    start = text.index(beginning)
    return [start, text.index(ending, start) + len(ending)]


def german() -> dict[str, Any]:
    text = seed_text(GERMAN)
    entities = [
        mention(text, "E1", "GPE", "MINSK", country="BY", level="city", canonical="Minsk"),
        mention(text, "E2", "DATE", "15. Mai", value="--05-15", canonical="--05-15"),
        mention(text, "E3", "ORG", "BelTA"),
        mention(text, "E4", "ORG", "High-Tech Park"),
        mention(text, "E5", "GPE", "Karamay", country="CN", level="city"),
        mention(text, "E6", "PER", "Yu Xingguo"),
    ]
    agreement = {
        "id": "A1",
        "type": "verbal_agreement",
        "status": "agreed",
        "parties": ["E4", "E5"],
        "sectors": ["high_tech"],
        "evidence": [sentence(text, "Der High-Tech Park (HTP) empfing", "Yu Xingguo.")],
    }
    return _record(GERMAN, "de", entities, [agreement], ["high_tech", "smart_city"])


def russian() -> dict[str, Any]:
    text = seed_text(RUSSIAN)
    entities = [
        mention(text, "E1", "GPE", "Москвы", country="RU", level="city", canonical="Moscow"),
        mention(text, "E2", "GOV", "правительством Москвы", canonical="Government of Moscow"),
        mention(
            text,
            "E3",
            "GOV",
            "народным правительством города Шэньчжэня",
            canonical="People's Government of Shenzhen",
        ),
        mention(text, "E4", "PER", "Сергей Черёмин", canonical="Sergei Cheremin"),
        mention(text, "E5", "ROLE", "вице-мэр", canonical="Vice Mayor"),
        mention(text, "E6", "PER", "Ван Шоужуй", canonical="Wang Shourui"),
        mention(text, "E7", "DATE", "6\u00a0марта", value="--03-06", canonical="--03-06"),
    ]
    agreement = {
        "id": "A1",
        "type": "mou",
        "status": "signed",
        "parties": ["E2", "E3"],
        "signatories": ["E4", "E6"],
        "date": "--03-06",
        "sectors": ["trade"],
        "evidence": [sentence(text, "Состоялось подписание", "Республика).")],
    }
    return _record(RUSSIAN, "ru", entities, [agreement], ["trade"])


def english() -> dict[str, Any]:
    text = seed_text(ENGLISH)
    entities = [
        mention(text, "E1", "DATE", "16 October 2018", value="2018-10-16"),
        mention(text, "E2", "GPE", "Shanghai", country="CN", level="city"),
        mention(text, "E3", "GPE", "Minsk", 1, country="BY", level="city"),
        mention(text, "E4", "ROLE", "Minsk Vice Mayor", canonical="Vice Mayor"),
        mention(text, "E5", "PER", "Viktor Laptev"),
    ]
    return _record(ENGLISH, "en", sorted(entities, key=lambda e: e["start"]), [], ["urban_infrastructure"])


def _record(
    doc_id: str,
    language: str,
    entities: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    sectors: list[str],
) -> dict[str, Any]:
    return {
        "schema_version": "1.2.0",
        "doc_id": doc_id,
        "language": language,
        "seed_sha256": hashlib.sha256((seeds_dir() / f"{doc_id}.txt").read_bytes()).hexdigest(),
        "entities": entities,
        "agreements": agreements,
        "sectors": sectors,
    }


def make_corpus(root: Path) -> Path:
    """`root/seeds` (a copy of the real seeds and provenance) and an empty `root/annotations`."""
    shutil.copytree(seeds_dir(), root / "seeds")
    (root / "annotations").mkdir()
    return root / "annotations"


def write(folder: Path, record: Any, name: str | None = None) -> Path:
    path = folder / (name or f"{record['doc_id']}.json")
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
