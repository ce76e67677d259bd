"""The compiled validator (jsonschema-rs) and the pure-Python one (jsonschema) agree: verdicts and messages.

`validate` asks the compiled validator "valid?" and lets the pure-Python one word what is wrong; these tests
run both on the gold, on the shipped predictions and results, and on mutated files, and require the same
verdicts and the same findings as the pure-Python path alone gives.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_validate import SCHEMA_CASES, VOCABULARY_CASES, changed
from test_validate_helpers import GERMAN, RUSSIAN, german, russian
from test_validate_properties import BASE, SETTINGS, _set_random, json_values, trimmed_spans, with_spans

from paradiplomacy import schemas
from paradiplomacy.corpus import annotation_files
from paradiplomacy.resources import annotations_dir
from paradiplomacy.validation import schema as schema_module
from paradiplomacy.validation.schema import quick_validator, schema_findings

jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="jsonschema-rs is a core dependency")

ROOT = Path(__file__).resolve().parents[1]


def python_verdict(instance: Any, name: str) -> bool:
    return bool(schemas.validator(name).is_valid(instance))


def compiled_verdict(instance: Any, name: str) -> bool:
    return bool(quick_validator(name).is_valid(instance))


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fallback path: no jsonschema-rs, the inlined schema under the pure-Python validator."""
    quick_validator.cache_clear()
    monkeypatch.setattr(schema_module, "_compiled", lambda schema: None)
    yield
    quick_validator.cache_clear()


def pure_python_findings(instance: Any, name: str) -> list[Any]:
    """What `schema_findings` says without any quick path: the pure-Python validator decides and words."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema_module, "quick_validator", schemas.validator)
        return schema_findings(instance, name)


def test_the_quick_validator_is_the_compiled_one() -> None:
    assert type(quick_validator(schemas.ANNOTATION)).__module__.startswith("jsonschema_rs")


def test_gold_and_shipped_files_are_valid_under_both() -> None:
    folders = [annotations_dir(), *(p for p in annotations_dir().iterdir() if p.name.endswith("_pass"))]
    cases = [(schemas.ANNOTATION, p) for folder in folders for p in annotation_files(folder)]
    results = [*(ROOT / "eval" / "results").glob("*.json"), *(annotations_dir() / "agreement").glob("*.json")]
    cases += [("results.schema.json", p) for p in sorted(results)]
    assert len(cases) >= 5
    for name, path in cases:
        instance = json.loads(path.read_text(encoding="utf-8"))
        assert compiled_verdict(instance, name) and python_verdict(instance, name), path


@pytest.mark.parametrize(("pointer", "value", "location", "message"), SCHEMA_CASES)
def test_schema_cases_same_verdict_and_findings(
    pointer: str, value: Any, location: str, message: str
) -> None:
    record = changed(german(), pointer, value)
    assert compiled_verdict(record, schemas.ANNOTATION) is False
    assert python_verdict(record, schemas.ANNOTATION) is False
    assert schema_findings(record, schemas.ANNOTATION) == pure_python_findings(record, schemas.ANNOTATION)


@pytest.mark.parametrize(("pointer", "value", "vocabulary", "names"), VOCABULARY_CASES)
def test_vocabulary_cases_same_verdict_and_findings(
    pointer: str, value: str, vocabulary: str, names: str
) -> None:
    record = changed(russian(), pointer, value)
    assert compiled_verdict(record, schemas.ANNOTATION) is False
    assert schema_findings(record, schemas.ANNOTATION) == pure_python_findings(record, schemas.ANNOTATION)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def assert_agree(instance: Any, name: str) -> None:
    compiled, python = compiled_verdict(instance, name), python_verdict(instance, name)
    if compiled != python:
        # The one known difference: Python's `$` also matches before a final newline, Rust's does not.
        # The compiled validator is then the stricter one, and the pure-Python verdict stands.
        assert python and not compiled, instance
        assert any(s.endswith("\n") for s in _strings(instance)), instance
    assert schema_findings(instance, name) == pure_python_findings(instance, name)


def test_trailing_newline_difference_is_decided_by_the_pure_python_validator() -> None:
    record = changed(german(), "/entities/0/id", "E1\n")
    assert python_verdict(record, schemas.ANNOTATION) is True
    assert schema_findings(record, schemas.ANNOTATION) == []


@SETTINGS
@given(st.sampled_from([GERMAN, RUSSIAN]), st.lists(st.integers(0, 50), max_size=5), json_values)
def test_any_json_value_anywhere_same_verdict(doc_id: str, path: list[int], value: Any) -> None:
    record = _set_random(copy.deepcopy(BASE[doc_id]), path, value)
    assert_agree(record, schemas.ANNOTATION)


@SETTINGS
@given(st.sampled_from([GERMAN, RUSSIAN]).flatmap(lambda d: st.tuples(st.just(d), trimmed_spans(d))))
def test_generated_valid_files_same_verdict(case: tuple[str, list[tuple[int, int]]]) -> None:
    doc_id, spans = case
    assert_agree(with_spans(doc_id, spans), schemas.ANNOTATION)


@SETTINGS
@given(st.lists(st.integers(0, 50), max_size=4), json_values)
def test_mutated_predictions_same_verdict(path: list[int], value: Any) -> None:
    record = {
        "doc_id": GERMAN,
        "entities": [{"label": "GPE", "text": "Minsk", "start": 1, "end": 6}, {"label": "PER", "text": "X"}],
        "agreements": [{"type": "mou", "status": "signed", "parties": ["Minsk"]}],
        "sectors": ["education"],
    }
    assert_agree(_set_random(record, path, value), schemas.PREDICTION)


def test_fallback_without_jsonschema_rs_gives_the_same_findings(pure_python: None) -> None:
    assert not type(quick_validator(schemas.ANNOTATION)).__module__.startswith("jsonschema_rs")
    for pointer, value, _, _ in SCHEMA_CASES:
        record = changed(german(), pointer, value)
        assert schema_findings(record, schemas.ANNOTATION) == pure_python_findings(record, schemas.ANNOTATION)
    assert schema_findings(german(), schemas.ANNOTATION) == []
