"""The shortcuts `validate` takes at corpus scale give the answers of the long way round.

- Entity spans: a quick test passes the entities that have no finding of their own, and the overlap sort runs
  only when the sound spans are out of order; the oracle here is the straightforward check of every entity
  (`entity_span`, `range_findings`, `quote_findings`, `trim_findings`) followed by `overlap_findings` on all
  sound spans, run on mutated German and Russian records.
- Paths: the resolved path of an annotation file (one folder listing) and the seed containment check (one
  `lstat`) equal what `os.path.realpath` says, with symlinks, relative symlinks and loops.
- Reading: `safeio.read_bytes` reads a regular file at its size, and a pipe (which reports size 0) in full,
  with the limit exactly where it was.
"""

from __future__ import annotations

import copy
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_validate_helpers import GERMAN, RUSSIAN, german, run, russian, seed_text, write
from test_validate_properties import SETTINGS

from paradiplomacy.errors import InputError
from paradiplomacy.problems import json_pointer
from paradiplomacy.safeio import read_bytes
from paradiplomacy.validation.annotations import _real_paths
from paradiplomacy.validation.findings import Finding
from paradiplomacy.validation.seeds import SeedStore
from paradiplomacy.validation.spans import (
    Span,
    entity_findings,
    entity_span,
    overlap_findings,
    quote_findings,
    range_findings,
    trim_findings,
)


def every_entity_checked(entities: list[Any], text: str) -> list[Finding]:
    """The long way round: every entity through every check, then all sound spans sorted for overlaps."""
    findings: list[Finding] = []
    sound: list[Span] = []
    for index, entity in enumerate(entities):
        span = entity_span(entity, json_pointer(["entities", index]))
        if span is None:
            continue
        problems = range_findings(span, text, "start", "end")
        if not problems:
            problems = quote_findings(span, entity.get("text"), text) or trim_findings(span, text)
            sound.append(span)
        findings.extend(problems)
    return findings + overlap_findings(sound, text)


RECORDS = {GERMAN: german, RUSSIAN: russian}
ODD_VALUES = [None, True, -1, 0, 1.5, "", " ", "x", [], {}, 10**9]


def mutate(entities: list[Any], text: str, data: st.DataObject) -> list[Any]:
    entities = copy.deepcopy(entities)
    for _ in range(data.draw(st.integers(0, 4))):
        if not entities:
            break
        index = data.draw(st.integers(0, len(entities) - 1))
        entity = entities[index]
        kind = data.draw(st.integers(0, 8))
        spanned = isinstance(entity, dict) and all(type(entity.get(k)) is int for k in ("start", "end"))
        if kind in (1, 2, 3, 6, 8) and not spanned:
            kind = 4
        if kind == 0:
            data.draw(st.randoms()).shuffle(entities)
        elif kind == 1:  # a span moved, its text following: may overlap, may touch whitespace
            shift = data.draw(st.integers(-5, 5))
            entity["start"] = max(0, entity["start"] + shift)
            entity["end"] = max(entity["start"] + 1, entity["end"] + data.draw(st.integers(-3, 5)))
            entity["text"] = text[entity["start"] : entity["end"]]
        elif kind == 2:  # a span moved, its text not
            entity["end"] += data.draw(st.integers(-2, 2))
        elif kind == 3:
            entity[data.draw(st.sampled_from(["start", "end", "text"]))] = data.draw(
                st.sampled_from(ODD_VALUES)
            )
        elif kind == 4:
            entities[index] = data.draw(st.sampled_from(ODD_VALUES))
        elif kind == 5:  # a copy of another entity's span: an exact overlap
            other = entities[data.draw(st.integers(0, len(entities) - 1))]
            if isinstance(other, dict):
                entities.append({**other, "id": "E99"})
        elif kind == 6:
            entity["end"] = len(text) + data.draw(st.integers(0, 3))
        elif kind == 7:
            entities.reverse()
        else:
            entity["start"], entity["end"] = entity.get("end"), entity.get("start")
    return entities


@given(st.sampled_from(sorted(RECORDS)), st.data())
@SETTINGS
def test_entity_findings_equal_every_entity_checked(doc_id: str, data: st.DataObject) -> None:
    text = seed_text(doc_id)
    entities = mutate(RECORDS[doc_id]()["entities"], text, data)
    assert entity_findings(entities, text) == every_entity_checked(entities, text)


def test_disjoint_spans_out_of_order_are_no_overlap() -> None:
    record = german()
    shuffled = list(reversed(record["entities"]))
    text = seed_text(GERMAN)
    assert entity_findings(shuffled, text) == every_entity_checked(shuffled, text) == []


def test_overlap_out_of_order_is_found(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = seed_text(GERMAN)
    entities = german()["entities"]
    inner = {**entities[4], "id": "E7", "end": entities[4]["start"] + 4, "text": "Kara"}
    mixed = [inner, *reversed(entities)]
    found = entity_findings(mixed, text)
    assert found == every_entity_checked(mixed, text)
    assert [f.pointer for f in found] == ["/entities/2"]  # Karamay, sorted after Kara at the same start


# ---------------------------------------------------------------- paths


def test_real_paths_of_a_folder_equal_realpath(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    (tmp_path / "elsewhere.json").write_text("{}", encoding="utf-8")
    (folder / "a.json").write_text("{}", encoding="utf-8")
    (folder / "b.json").symlink_to("a.json")  # relative, to a sibling
    (folder / "c.json").symlink_to(tmp_path / "elsewhere.json")
    (folder / "d.json").symlink_to("d.json")  # a loop
    (folder / "e.json").symlink_to("missing.json")
    files = sorted(folder.glob("*.json"))
    relative = [Path(os.path.relpath(f)) for f in files]
    for listed, base in ((files, folder), (relative, Path(os.path.relpath(folder)))):
        assert _real_paths(base, listed) == [os.path.realpath(f) for f in listed]


def test_seed_containment_equals_realpath(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plain.txt").write_text("x", encoding="utf-8")
    (seeds / "sibling.txt").symlink_to("plain.txt")
    (seeds / "absolute.txt").symlink_to(seeds / "plain.txt")
    (seeds / "out.txt").symlink_to(tmp_path / "outside.txt")
    (seeds / "loop.txt").symlink_to("loop.txt")
    store = SeedStore(seeds)
    for name in [
        "plain.txt",
        "sibling.txt",
        "absolute.txt",
        "out.txt",
        "loop.txt",
        "missing.txt",
        "../x.txt",
    ]:
        expected = Path(os.path.realpath(seeds / name)).parent == Path(os.path.realpath(seeds))
        assert store.inside(seeds, name) == expected, name
    assert not store.inside(seeds, "out.txt") and store.inside(seeds, "sibling.txt")


def test_a_seed_linked_within_the_folder_is_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from test_validate_helpers import make_corpus

    folder = make_corpus(tmp_path)
    seeds = folder.parent / "seeds"
    (seeds / "alias.txt").symlink_to(f"{GERMAN}.txt")
    record = german()
    record["doc_id"] = "alias"
    code, out, _ = run(capsys, write(folder, record, name="alias.json"))
    assert (code, out) == (0, "1 file valid\n")


def test_a_doc_id_holding_nul_is_a_schema_problem_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from test_validate_helpers import make_corpus

    folder = make_corpus(tmp_path)
    record = german()
    record["doc_id"] = "a\x00b"
    path = write(folder, record, name="nul.json")
    code, out, err = run(capsys, path)
    assert code == 1 and err == ""
    assert f"{path}: /doc_id: 'a\\x00b' is not of the expected form" in out


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097])
def test_read_bytes_at_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"a" * size)
    if size <= 4096:
        assert read_bytes(path, 4096) == b"a" * size
    else:
        with pytest.raises(InputError, match="larger than the limit of 4,096 bytes"):
            read_bytes(path, 4096)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize(("size", "fits"), [(100_000, True), (300_000, False)])
def test_read_bytes_of_a_pipe_reads_on_to_the_limit(tmp_path: Path, size: int, fits: bool) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def feed() -> None:
        try:
            with open(pipe, "wb") as stream:
                stream.write(b"b" * size)
        except BrokenPipeError:
            pass  # the reader stopped at the limit

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        if fits:
            assert read_bytes(pipe, 200_000) == b"b" * size
        else:
            with pytest.raises(InputError, match="larger than the limit"):
                read_bytes(pipe, 200_000)
    finally:
        writer.join(timeout=10)
