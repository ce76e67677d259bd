"""A small, valid temporary corpus on the real seeds, and the choice between it and the adjudicated gold.

Tests build from the gold once `annotations/<doc_id>.json` exist; until then from this corpus.
Expectations are always derived from the annotation files in use, never typed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from paradiplomacy import schemas
from paradiplomacy.corpus import annotation_files, sha256_file

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "annotations"

# (doc id prefix, language, mentions as (surface, label, canonical, attributes), sectors)
_MENTIONS: dict[str, tuple[str, list[tuple[str, str, str, dict[str, Any]]], list[str]]] = {
    "000": (
        "en",
        [
            ("Minsk", "GPE", "Minsk", {"country": "BY", "level": "city"}),
            ("Shanghai", "GPE", "Shanghai", {"country": "CN", "level": "city"}),
            ("16 October 2018", "DATE", "2018-10-16", {"value": "2018-10-16"}),
            ("Viktor Laptev", "PER", "Viktor Laptev", {}),
            ("Belt and Road", "INITIATIVE", "Belt and Road", {}),
        ],
        ["urban_infrastructure", "smart_city"],
    ),
    "001": (
        "de",
        [
            ("15. Mai", "DATE", "--05-15", {"value": "--05-15"}),
            ("BelTA", "ORG", "BelTA", {}),
            ("Karamay", "GPE", "Karamay", {"country": "CN", "level": "city"}),
            ("Yu Xingguo", "PER", "Yu Xingguo", {}),
            ("chinesischen", "NORP", "Chinese", {}),
        ],
        ["high_tech"],
    ),
    "002": (
        "en",
        [
            ("Belarus", "GPE", "Belarus", {"country": "BY", "level": "country"}),
            ("BelCCI", "ORG", "Belarusian Chamber of Commerce and Industry", {}),
            ("Sergei Nabeshko", "PER", "Sergei Nabeshko", {}),
            ("$2 billion", "MONEY", "USD 2000000000", {"amount": 2000000000, "currency": "USD"}),
        ],
        ["trade", "business_support"],
    ),
    "003": (
        "en",
        [
            ("Minsk region", "GPE", "Minsk Region", {"country": "BY", "level": "region"}),
            ("Chongqing", "GPE", "Chongqing", {"country": "CN", "level": "city"}),
            ("Road Map", "INITIATIVE", "Road Map", {}),
            ("Minsk Regional Executive Committee", "GOV", "Minsk Regional Executive Committee", {}),
            ("March 2017", "DATE", "2017-03", {"value": "2017-03"}),
        ],
        ["health", "tourism"],
    ),
    "004": (
        "ru",
        [
            ("Москвы", "GPE", "Moscow", {"country": "RU", "level": "city"}),
            ("Шэньчжэня", "GPE", "Shenzhen", {"country": "CN", "level": "city"}),
            ("вице-мэр", "ROLE", "Vice Mayor", {}),
            ("Ван Шоужуй", "PER", "Wang Shouzhui", {}),
            ("6\u00a0марта", "DATE", "--03-06", {"value": "--03-06"}),
        ],
        ["smart_city", "transport"],
    ),
}


def _sentence_around(text: str, start: int) -> list[int]:
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1) + 1
    right = min(i for i in (text.find(".", start), text.find("\n", start), len(text)) if i >= 0)
    return [left, right]


def synthetic_annotation(doc_id: str, text: str) -> dict[str, Any]:
    language, mentions, sectors = _MENTIONS[doc_id[:3]]
    entities = []
    for surface, label, canonical, attributes in mentions:
        start = text.index(surface)
        entities.append(
            {
                "start": start,
                "end": start + len(surface),
                "label": label,
                "text": surface,
                "canonical": canonical,
                **attributes,
            }
        )
    entities.sort(key=lambda e: e["start"])
    for number, entity in enumerate(entities, 1):
        entity["id"] = f"E{number}"
    parties = [e["id"] for e in entities if e["label"] in ("GPE", "GOV", "ORG")][:2]
    agreement = {
        "id": "A1",
        "type": "verbal_agreement",
        "status": "agreed",
        "parties": parties,
        "sectors": sectors[:1],
        "evidence": [_sentence_around(text, entities[-1]["start"])],
    }
    return {
        "schema_version": "1.2.0",
        "doc_id": doc_id,
        "language": language,
        "seed_sha256": "0" * 64,
        "entities": [{"id": e.pop("id"), **e} for e in entities],
        "agreements": [agreement],
        "sectors": sectors,
    }


def write_synthetic_corpus(root: Path) -> tuple[Path, Path]:
    """Copies the real seeds to `root/seeds` and writes a valid annotation per seed to `root/annotations`."""
    seeds, annotations = root / "seeds", root / "annotations"
    shutil.copytree(SEEDS, seeds)
    annotations.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        record = synthetic_annotation(seed.stem, seed.read_bytes().decode("utf-8"))
        record["seed_sha256"] = sha256_file(seed)
        (annotations / f"{seed.stem}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return annotations, seeds


def gold_exists() -> bool:
    return bool(annotation_files(GOLD))


def source_corpus(root: Path) -> tuple[Path, Path]:
    """The adjudicated gold when it exists, else a synthetic corpus under `root` (annotations, seeds)."""
    if gold_exists():
        return GOLD, SEEDS
    return write_synthetic_corpus(root)


def annotation_records(annotations: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in annotation_files(annotations)]


def test_synthetic_corpus_is_schema_valid_and_matches_the_seeds(tmp_path: Path) -> None:
    annotations, seeds = write_synthetic_corpus(tmp_path)
    validator = schemas.validator(schemas.ANNOTATION)
    records = annotation_records(annotations)
    assert len(records) == len(list(seeds.glob("*.txt")))
    for record in records:
        assert not list(validator.iter_errors(record)), record["doc_id"]
        text = (seeds / f"{record['doc_id']}.txt").read_bytes().decode("utf-8")
        assert all(text[e["start"] : e["end"]] == e["text"] for e in record["entities"])
