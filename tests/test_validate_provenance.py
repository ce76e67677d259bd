"""The chunked provenance reader keeps what the strict one would, and gives up where the strict one objects.

`validation.provenance.read_recorded` reads `provenance.json` in chunks and keeps each entry's sha256 and
language; the strict reader (`jsontext.parse_json`, the structure limits, then `documents` an object) reads
the whole file and words any problem. These tests run both on the shipped provenance file, on generated
files and on broken ones, with chunks as small as one character so that every item straddles a boundary,
and require: where the strict reader accepts the file, the same facts (or a give-up, which hands the file to
the strict reader); where it objects, a give-up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_validate_properties import SETTINGS, json_values

from paradiplomacy import limits
from paradiplomacy.corpus import PROVENANCE_FILE
from paradiplomacy.resources import seeds_dir
from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json, structure_problem
from paradiplomacy.validation.provenance import Recorded, compact, read_recorded, recorded
from paradiplomacy.validation.seeds import _read_provenance

LIMIT = 1 << 20


def strict(data: bytes) -> dict[str, Recorded] | None:
    """What the strict reader keeps, or None where it reports a problem."""
    try:
        value, _ = parse_json(decode_utf8(data))
    except FormatError:
        return None
    documents = value.get("documents") if isinstance(value, dict) else None
    return compact(documents) if isinstance(documents, dict) else None


def both(
    tmp_path: Path, data: bytes, chunk: int
) -> tuple[dict[str, Recorded] | None, dict[str, Recorded] | None]:
    path = tmp_path / PROVENANCE_FILE
    path.write_bytes(data)
    return strict(data), read_recorded(path, LIMIT, chunk)


def agree(expected: dict[str, Recorded] | None, found: dict[str, Recorded] | None) -> None:
    if expected is None:
        assert found is None, "the chunked reader vouched for a file the strict reader objects to"
    else:
        assert found is None or found == expected


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_the_shipped_provenance_is_read_the_same_in_any_chunks(tmp_path: Path, chunk: int) -> None:
    data = (seeds_dir() / PROVENANCE_FILE).read_bytes()
    expected, found = both(tmp_path, data, chunk)
    assert expected and found == expected  # the ordinary file is not handed to the strict reader
    assert {facts.language for facts in found.values()} == {"en", "de", "ru"}


def test_kept_facts_are_the_sha256_and_the_language(tmp_path: Path) -> None:
    sha = "ab" * 32
    documents = {
        "a": {"sha256": sha, "language": "de", "title": "x" * 500},
        "b": {"sha256": "AB" * 32, "language": 3},  # not lowercase hex: kept as written
        "c": "not an object",
        "d": {"sha256": 5},
    }
    path = tmp_path / PROVENANCE_FILE
    path.write_text(json.dumps({"documents": documents}), encoding="utf-8")
    found = read_recorded(path, LIMIT, 5)
    assert found == {
        "a": Recorded(bytes.fromhex(sha), "de"),
        "b": Recorded("AB" * 32, None),
        "d": Recorded(None, None),
    }
    assert found["a"].sha256_text() == sha and found["b"].sha256_text() == "AB" * 32
    assert recorded("c") is None


entries = st.one_of(
    st.fixed_dictionaries(
        {
            "sha256": st.one_of(st.just("0" * 64), st.text(max_size=70), st.integers()),
            "language": st.text(max_size=3),
        },
        optional={"title": st.text(), "extra": json_values},
    ),
    json_values,
)
files = st.fixed_dictionaries(
    {"documents": st.dictionaries(st.text(min_size=1, max_size=12), entries, max_size=6)},
    optional={"note": json_values, "version": st.integers()},
)


@given(files, st.sampled_from([1, 2, 5, 13, 4096]), st.sampled_from([None, 0, 2, "\n\t "]))
@settings(SETTINGS)
def test_generated_files_same_facts(
    tmp_path_factory: pytest.TempPathFactory, value: Any, chunk: int, indent: Any
) -> None:
    data = json.dumps(value, ensure_ascii=chunk % 2 == 0, indent=indent).encode("utf-8")
    expected, found = both(tmp_path_factory.mktemp("p"), data, chunk)
    assert expected is not None and found == expected


@given(files, st.data(), st.sampled_from([1, 3, 4096]))
@settings(SETTINGS)
@example(value={"documents": {}}, data=None, chunk=1)
def test_broken_files_are_left_to_the_strict_reader(
    tmp_path_factory: pytest.TempPathFactory, value: Any, data: Any, chunk: int
) -> None:
    text = json.dumps(value, ensure_ascii=False).encode("utf-8")
    if data is not None:
        cut = data.draw(st.integers(0, len(text)))
        edit = data.draw(
            st.sampled_from(
                [b"", b",", b"}", b"{", b"]", b'"', b":", b"\xff", b"\\ud800", b"1e400", b"NaN", b"x", b" "]
            )
        )
        drop = data.draw(st.integers(0, 3))
        text = text[:cut] + edit + text[cut + drop :]
    expected, found = both(tmp_path_factory.mktemp("p"), text, chunk)
    agree(expected, found)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b'\xef\xbb\xbf{"documents": {}}', "byte-order mark"),
        (b'{"documents": {}} x', "trailing data"),
        (b'{"documents": []}', "documents not an object"),
        (b'{"documents": {}, "documents": {}}', "documents repeated"),
        (b'{"other": 1}', "no documents"),
        (b'{"documents": {"a": {"n": 1e400}}}', "a number too large"),
        (b'{"documents": {"a": NaN}}', "NaN"),
        (b'{"documents": {"a": "\\ud800"}}', "a lone surrogate"),
        (b'{"documents": {"\\udc00": {}}}', "a lone surrogate in a key"),
        (b'{"documents": {"a": {}},}', "a trailing comma"),
        (b'{"documents": {"a": {}}', "unterminated"),
        (b'{"documents": {"a": "caf\xc3', "cut inside a character"),
        (b'{"documents": {"a": ' + b"[" * 70 + b"]" * 70 + b"}}", "nested too deep"),
    ],
)
@pytest.mark.parametrize("chunk", [1, 4096])
def test_each_kind_of_problem_is_left_to_the_strict_reader(
    tmp_path: Path, data: bytes, why: str, chunk: int
) -> None:
    path = tmp_path / PROVENANCE_FILE
    path.write_bytes(data)
    assert read_recorded(path, LIMIT, chunk) is None, why


def test_a_long_list_is_left_to_the_strict_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(limits.MENTIONS.env, "3")
    value = {"documents": {"a": {"sha256": "x", "sources": [1, 2, 3, 4]}}}
    assert structure_problem(value) is not None
    expected, found = both(tmp_path, json.dumps(value).encode(), 4)
    assert expected is None and found is None


def test_a_file_over_the_size_limit_is_left_to_the_strict_reader(tmp_path: Path) -> None:
    path = tmp_path / PROVENANCE_FILE
    path.write_text(json.dumps({"documents": {"a": {"sha256": "x" * 100}}}), encoding="utf-8")
    assert read_recorded(path, path.stat().st_size, 8) is not None
    assert read_recorded(path, path.stat().st_size - 1, 8) is None


def test_a_broken_file_is_still_worded_by_the_strict_reader(tmp_path: Path) -> None:
    path = tmp_path / PROVENANCE_FILE
    path.write_text('{"documents": {"a": {"sha256": "x"},}}', encoding="utf-8")
    documents, problems = _read_provenance(path)
    assert documents == {}
    assert [(p.location, p.level) for p in problems] == [("line 1 column 37", "format")]
    assert problems[0].message.startswith("not JSON: Expecting property name")
