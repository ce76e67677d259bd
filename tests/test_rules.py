"""The rules baseline: patterns on invented sentences, valid output on the corpus, no gold strings."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from paradiplomacy.extractors.documents import gold_documents
from paradiplomacy.extractors.options import checked
from paradiplomacy.extractors.rules import extract, lexicon
from paradiplomacy.resources import annotations_dir

RULES_DIR = Path(lexicon.__file__).resolve().parent
NAMED = ("PER", "GPE", "GOV", "ORG", "FAC", "LOC", "EVENT", "INITIATIVE")
# General-language words the brief itself lists as agreement cues, which the gold may also annotate as the
# name of a document (INITIATIVE "Road Map"): allowed, and only these.
GENERIC_CUES = {"road map", "roadmap", "дорожная карта"}


def found(text: str, language: str = "en") -> set[tuple[str, str]]:
    prediction = extract({"doc_id": "t", "language": language, "text": text})
    return {(e["label"], e["text"]) for e in prediction["entities"]}


def canonical(text: str, language: str, label: str) -> list[str]:
    prediction = extract({"doc_id": "t", "language": language, "text": text})
    return [e["canonical"] for e in prediction["entities"] if e["label"] == label]


def test_titles_people_and_bodies_en():
    text = (
        "Vice Mayor Ivan Petrov met the Zorbanian delegation"
        " of the Regional Executive Committee of Vlorn Oblast."
    )
    got = found(text)
    assert {("ROLE", "Vice Mayor"), ("PER", "Ivan Petrov"), ("NORP", "Zorbanian")} <= got
    assert ("GOV", "Regional Executive Committee of Vlorn Oblast") in got


def test_place_patterns_keep_region_designators_and_drop_city_ones():
    assert ("GPE", "Vlorn region") in found("Investors from the Vlorn region came.")
    assert ("GPE", "Quellberg") in found("He visited the city of Quellberg.")
    assert ("GPE", "Вельская область") in found("Вельская область и города Тарнов.", "ru")
    assert ("GPE", "Тарнов") in found("Вельская область и города Тарнов.", "ru")
    assert ("GPE", "Provinz Quellland") in found("Die Provinz Quellland und die Stadt Tarnau.", "de")
    assert ("GPE", "Tarnau") in found("Die Provinz Quellland und die Stadt Tarnau.", "de")


def test_dates_have_iso_values_and_no_guessed_year():
    assert canonical("On 5 March 2021, 10:15, and on 7 May.", "en", "DATE") == ["2021-03-05", "--05-07"]
    assert canonical("Am 15. Mai und im Juni 2019.", "de", "DATE") == ["--05-15", "2019-06"]
    assert canonical("6 марта и в марте 2017 года.", "ru", "DATE") == ["--03-06", "2017-03"]
    assert canonical("by the end of the first half of 2023", "en", "DATE") == ["2023-01/2023-06"]


def test_money_amounts_and_currencies():
    assert canonical("worth $2 billion and 1,267.7 million US dollars", "en", "MONEY") == [
        "USD 2000000000",
        "USD 1267700000",
    ]
    assert canonical("Investitionen von 3,5 Millionen Euro", "de", "MONEY") == ["EUR 3500000"]
    assert canonical("на 1,2 млрд рублей", "ru", "MONEY") == ["RUB 1200000000"]


@pytest.mark.parametrize(
    ("language", "sentence", "kind", "status"),
    [
        ("en", "The cities signed a memorandum on trade.", "mou", "signed"),
        ("en", "The sides agreed to exchange business contacts.", "verbal_agreement", "agreed"),
        ("en", "Sister city relations were established in 2017.", "twinning", "in_force"),
        ("de", "Die Seiten unterzeichneten einen Fahrplan.", "roadmap", "signed"),
        ("ru", "Стороны подписали дорожную карту.", "roadmap", "signed"),
        ("ru", "Стороны договорились о сотрудничестве.", "verbal_agreement", "agreed"),
    ],
)
def test_agreement_cues(language, sentence, kind, status):
    prediction = extract({"doc_id": "t", "language": language, "text": sentence})
    assert [(a["type"], a["status"]) for a in prediction["agreements"]] == [(kind, status)]


def test_agreement_parties_sectors_and_date():
    text = "On 3 June 2022 the Vlorn region and the city of Quellberg signed a memorandum on logistics."
    (agreement,) = extract({"doc_id": "t", "language": "en", "text": text})["agreements"]
    assert agreement["parties"] == ["Vlorn region", "Quellberg"]
    assert agreement["date"] == "2022-06-03" and agreement["sectors"] == ["logistics"]


def test_lexicon_names_are_checked_against_the_vocabulary(monkeypatch):
    lexicon._check()
    monkeypatch.setitem(lexicon.SECTORS, "space_mining", ["asteroid"])
    with pytest.raises(RuntimeError, match="sector space_mining"):
        lexicon._check()


def test_corpus_output_is_valid_deterministic_and_non_overlapping():
    documents = gold_documents()
    first = [extract({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in documents]
    second = [extract({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in documents]
    assert json.dumps(first) == json.dumps(second)
    checked(first, documents, source="rules")  # schema, vocabulary, offsets
    for prediction, document in zip(first, documents, strict=True):
        spans = [(e["start"], e["end"]) for e in prediction["entities"]]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), document.doc_id
        assert all(document.text[e["start"] : e["end"]] == e["text"] for e in prediction["entities"])


def gold_names() -> set[str]:
    """Every gold mention text of a named label, case-folded, less the generic cue words."""
    gold_files = sorted(p for p in annotations_dir().glob("*.json") if p.name != "agreement.json")
    assert gold_files, f"no gold annotation files in {annotations_dir()}"
    names = set()
    for path in gold_files:
        for entity in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if entity["label"] in NAMED:
                names.add(entity["text"].casefold())
    return names - GENERIC_CUES


def leaked_names(text: str, names: set[str]) -> list[str]:
    source = text.casefold()
    return sorted(n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", source))


# Every baseline's code and data files: the rules, and the gazetteer baseline built on them.
BASELINE_DIRS = [RULES_DIR, RULES_DIR.parent / "gazetteers"]


@pytest.mark.parametrize("folder", BASELINE_DIRS, ids=lambda p: p.name)
def test_baselines_hold_no_gold_name(folder: Path):
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".json", ".txt", ".tsv", ".md"))
    assert files, f"no code or data files in {folder}"
    leaked = leaked_names("\n".join(p.read_text(encoding="utf-8") for p in files), gold_names())
    assert not leaked, f"gold mention texts in {folder}: {leaked}"
