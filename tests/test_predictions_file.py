"""The prediction reader and `paradiplomacy validate --predictions`: every problem, named by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_validate_helpers import ENGLISH, GERMAN, RUSSIAN, english, german, make_corpus, run, russian, write

from paradiplomacy.corpus import Document, load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.predictions import (
    check_predictions,
    missing_documents,
    prediction_problems,
    read_predictions,
)
from paradiplomacy.vocabulary import entity_labels


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = make_corpus(tmp_path / "gold")
    for record in (german(), russian(), english()):
        write(folder, record)
    return folder


@pytest.fixture
def documents(corpus: Path) -> dict[str, Document]:
    return {d.doc_id: d for d in load_corpus(corpus)}


def jsonl(path: Path, *lines: Any) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines)
    )
    return path


def gold_entity(record: dict[str, Any], index: int) -> dict[str, Any]:
    entity = record["entities"][index]
    return {key: entity[key] for key in ("label", "text", "start", "end")}


def messages(path: Path, documents: dict[str, Document]) -> list[str]:
    return [str(problem) for problem in prediction_problems(path, documents)]


def test_valid_file_defaults_missing_layers(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(
        tmp_path / "p.jsonl",
        {"doc_id": RUSSIAN, "entities": [gold_entity(russian(), 3), {"label": "GPE", "text": "Шэньчжэнь"}]},
        "   ",
        {"doc_id": GERMAN, "sectors": ["high_tech"], "meta": {"model": "x"}},
    )
    predictions = read_predictions(path, documents)
    assert sorted(predictions) == [GERMAN, RUSSIAN]
    assert predictions[GERMAN]["entities"] == [] and predictions[GERMAN]["agreements"] == []
    assert predictions[RUSSIAN]["entities"][0]["text"] == "Сергей Черёмин"
    assert missing_documents(predictions, documents) == [ENGLISH]


def test_missing_file(tmp_path: Path, documents: dict[str, Document]) -> None:
    assert messages(tmp_path / "none.jsonl", documents) == [f"{tmp_path / 'none.jsonl'}: file not found"]


def test_empty_file(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", "", "  ")
    assert messages(path, documents) == [f"{path}: file is empty: no predictions"]


def test_line_that_is_not_json(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN}, '{"doc_id": "x",')
    assert messages(path, documents) == [
        f"{path}: line 2: not JSON: Expecting property name enclosed in double quotes (column 16)"
    ]


def test_line_that_is_not_utf8(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(b'{"doc_id": "' + GERMAN.encode() + b'"}\n{"doc_id": "\xff"}\n')
    assert messages(path, documents) == [f"{path}: line 2: not UTF-8: byte 47 (0xff) invalid start byte"]


def test_line_that_is_not_an_object(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", [GERMAN])
    assert messages(path, documents) == [f'{path}: line 1: expected a JSON object, got array ["{GERMAN}"]']


def test_unknown_label_names_the_vocabulary(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(
        tmp_path / "p.jsonl", {"doc_id": RUSSIAN, "entities": [{"label": "PERSON", "text": "Ван Шоужуй"}]}
    )
    assert messages(path, documents) == [
        f"{path}: line 1: /entities/0/label: 'PERSON' is not an entity label "
        f"(expected one of {', '.join(entity_labels())}); did you mean PER?"
    ]


def test_unknown_sector_and_missing_member(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN, "sectors": ["it"], "agreements": [{"type": "mou"}]})
    lines = messages(path, documents)
    assert f"{path}: line 1: /agreements/0: missing required member 'status'" in lines
    assert f"{path}: line 1: /agreements/0: missing required member 'parties'" in lines
    assert any(
        line.startswith(f"{path}: line 1: /sectors/0: 'it' is not a sector of cooperation (")
        for line in lines
    )


def test_unknown_document(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": "999_nope"})
    known = ", ".join(sorted(documents))
    assert messages(path, documents) == [
        f"{path}: line 1: /doc_id: '999_nope' is not a document of the corpus (known: {known})"
    ]


def test_duplicate_document_names_both_lines(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN}, {"doc_id": RUSSIAN}, {"doc_id": GERMAN})
    assert messages(path, documents) == [
        f"{path}: line 3: /doc_id: a second prediction for '{GERMAN}'; the first is line 1"
    ]


def test_offsets_out_of_range_empty_and_mismatched(tmp_path: Path, documents: dict[str, Document]) -> None:
    size = len(documents[GERMAN].text)
    entity = gold_entity(german(), 4)  # Karamay
    path = jsonl(
        tmp_path / "p.jsonl",
        {"doc_id": GERMAN, "entities": [
            {**entity, "end": size + 1},
            {**entity, "end": entity["start"]},
            {**entity, "text": "Karamai"},
        ]},
    )  # fmt: skip
    assert messages(path, documents) == [
        f"{path}: line 1: /entities/0/end: {size + 1} is past the end of the text ({size} characters)",
        f"{path}: line 1: /entities/1: empty span: start {entity['start']} is not before end "
        f"{entity['start']}",
        f"{path}: line 1: /entities/2/text: 'Karamai' does not match the seed text at "
        f"[{entity['start']}, {entity['end']}): 'Karamay'",
    ]


def test_read_predictions_raises_with_every_problem(tmp_path: Path, documents: dict[str, Document]) -> None:
    path = jsonl(tmp_path / "p.jsonl", "nope", {"doc_id": "999"}, {"doc_id": GERMAN, "sectors": ["x"]})
    with pytest.raises(InputError) as error:
        read_predictions(path, documents)
    lines = str(error.value).splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "line 1",
        "line 3",
        "line 2",
    ]  # by level, then line


def test_check_predictions_in_memory_names_records(documents: dict[str, Document]) -> None:
    good = {"doc_id": RUSSIAN, "entities": [gold_entity(russian(), 0)]}
    assert check_predictions([good], documents, "my-extractor")[RUSSIAN]["sectors"] == []
    with pytest.raises(InputError) as error:
        check_predictions([good, "text", {**good}], documents, "my-extractor")  # type: ignore[list-item]  # deliberately not a mapping
    assert str(error.value).splitlines() == [
        "my-extractor: record 2: expected a JSON object, got string 'text'",
        f"my-extractor: record 3: /doc_id: a second prediction for '{RUSSIAN}'; the first is record 1",
    ]


def test_cli_valid_predictions_note_missing_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path
) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN})
    code, out, _ = run(capsys, "--predictions", path, "--corpus", corpus)
    assert code == 0
    assert out == (
        f"note: no prediction for 2 of 3 documents (scored as empty): {ENGLISH}, {RUSSIAN}\n1 file valid\n"
    )


def test_cli_invalid_predictions_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path
) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN}, "{")
    code, out, _ = run(capsys, "--format", "github", "--predictions", path, "--corpus", corpus)
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={path},line=2,title=paradiplomacy validate (format)::"
        "line 2: not JSON: Expecting property name enclosed in double quotes (column 2)"
    )


def test_cli_predictions_with_a_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path
) -> None:
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN})
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "--predictions", path, corpus)
    assert exit_info.value.code == 2


def test_cli_empty_gold_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = make_corpus(tmp_path / "empty")
    path = jsonl(tmp_path / "p.jsonl", {"doc_id": GERMAN})
    code, out, err = run(capsys, "--predictions", path, "--corpus", empty)
    assert (code, out) == (1, "")
    assert (
        err
        == f"paradiplomacy validate: error: {empty}: no gold annotation files to check predictions against\n"
    )
