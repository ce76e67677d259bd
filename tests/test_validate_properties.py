"""Property-based tests: valid spans anywhere in the Russian and German texts pass, shifted ones do not,
and no JSON value whatever makes the validator crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate_helpers import GERMAN, RUSSIAN, german, russian, seed_text

from paradiplomacy.problems import LEVELS, Problem
from paradiplomacy.resources import seeds_dir
from paradiplomacy.validation.annotations import record_findings, validate_file
from paradiplomacy.validation.seeds import SeedStore

STORE = SeedStore(seeds_dir())
TEXTS = {doc_id: seed_text(doc_id) for doc_id in (GERMAN, RUSSIAN)}
BASE = {GERMAN: german(), RUSSIAN: russian()}
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def findings(record: dict[str, Any], doc_id: str) -> list[Any]:
    return record_findings(record, Path(f"{doc_id}.json"), STORE)


@st.composite
def trimmed_spans(draw: st.DrawFn, doc_id: str) -> list[tuple[int, int]]:
    """Non-overlapping spans without surrounding whitespace; often one at the text's very start or end."""
    text = TEXTS[doc_id]
    first, last = len(text) - len(text.lstrip()), len(text.rstrip())
    cuts = draw(st.lists(st.integers(first, last), min_size=2, max_size=30, unique=True))
    cuts += draw(st.sampled_from([[], [first], [last], [first, last]]))
    cuts = sorted(set(cuts))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def with_spans(doc_id: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    record = copy.deepcopy(BASE[doc_id])
    text = TEXTS[doc_id]
    record["entities"] = [
        {"id": f"E{n}", "start": s, "end": e, "label": "LOC", "text": text[s:e], "canonical": "x"}
        for n, (s, e) in enumerate(spans, 1)
    ]
    record["agreements"] = []
    return record


@SETTINGS
@given(st.sampled_from([GERMAN, RUSSIAN]).flatmap(lambda d: st.tuples(st.just(d), trimmed_spans(d))))
def test_valid_spans_validate_clean(case: tuple[str, list[tuple[int, int]]]) -> None:
    doc_id, spans = case
    assert findings(with_spans(doc_id, spans), doc_id) == []


def test_spans_at_the_very_start_and_end_validate_clean() -> None:
    text = TEXTS[RUSSIAN]
    assert not text[0].isspace() and not text[-1].isspace()
    spans = [(0, text.index("\n")), (len(text) - len("сотрудников"), len(text))]
    assert findings(with_spans(RUSSIAN, spans), RUSSIAN) == []


@SETTINGS
@given(
    st.sampled_from([GERMAN, RUSSIAN]).flatmap(lambda d: st.tuples(st.just(d), trimmed_spans(d))),
    st.data(),
)
def test_perturbed_offsets_are_reported(case: tuple[str, list[tuple[int, int]]], data: st.DataObject) -> None:
    doc_id, spans = case
    if not spans:
        return
    index = data.draw(st.integers(0, len(spans) - 1))
    key = data.draw(st.sampled_from(["start", "end"]))
    delta = data.draw(st.integers(-5, 5).filter(bool))
    record = with_spans(doc_id, spans)
    entity = record["entities"][index]
    entity[key] = max(0, entity[key] + delta)
    if entity[key] == spans[index][0 if key == "start" else 1]:
        return  # clamped back to where it was
    pointers = {f.pointer for f in findings(record, doc_id)}
    assert any(p.startswith(f"/entities/{index}") for p in pointers), pointers


def _set_random(record: Any, path: list[int], value: Any) -> Any:
    """Replace the node that `path` leads to (each step picks a child by index modulo the count)."""
    if not path or not isinstance(record, (dict, list)) or not record:
        return value
    keys = list(record) if isinstance(record, dict) else list(range(len(record)))
    key = keys[path[0] % len(keys)]
    record[key] = _set_random(record[key], path[1:], value)
    return record


@SETTINGS
@given(st.sampled_from([GERMAN, RUSSIAN]), st.lists(st.integers(0, 50), max_size=5), json_values)
def test_any_json_value_anywhere_never_crashes(doc_id: str, path: list[int], value: Any) -> None:
    record = _set_random(copy.deepcopy(BASE[doc_id]), path, value)
    if not isinstance(record, dict):
        return
    for finding in findings(record, doc_id):
        assert finding.level in LEVELS and isinstance(finding.message, str)


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / f"{GERMAN}.json"


@SETTINGS
@given(st.one_of(json_values, st.binary(max_size=200)))
def test_any_file_content_never_crashes(fuzz_file: Path, content: Any) -> None:
    path = fuzz_file
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    problems = validate_file(path, STORE)
    assert all(isinstance(p, Problem) and p.level in LEVELS for p in problems)
    if not isinstance(content, (dict, bytes)):
        assert [p.level for p in problems] == ["format"]
