"""Bad input to `paradiplomacy evaluate`: one message naming file and line, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_evaluate import DE, PREDICTIONS, RU, make_corpus, write_jsonl

from paradiplomacy.cli import main

GOOD_DE = json.dumps(PREDICTIONS[0], ensure_ascii=False)
GOOD_RU = json.dumps(PREDICTIONS[1], ensure_ascii=False)


def _entity(**changes: object) -> str:
    record = {
        "doc_id": RU,
        "entities": [{"start": 8, "end": 14, "label": "GPE", "text": "Москвы", **changes}],
    }
    return json.dumps(record, ensure_ascii=False)


CASES = {
    "broken JSON": ([GOOD_DE, '{"doc_id": "' + RU + '", "entities": ['], "line 2"),
    "unknown doc_id": ([GOOD_DE, '{"doc_id": "999_nope"}'], "line 2"),
    "duplicate document": ([GOOD_DE, GOOD_RU, GOOD_DE], "line 3"),
    "unknown label": ([GOOD_DE, _entity(label="CITY")], "line 2"),
    "unknown sector": ([json.dumps({"doc_id": RU, "sectors": ["tourism", "space"]})], "line 1"),
    "offsets out of range": ([_entity(start=99999, end=100005)], "line 1"),
    "offsets inconsistent with text": ([GOOD_DE, _entity(text="Moskau")], "line 2"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_prediction_lines(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines, where = CASES[case]
    corpus = make_corpus(tmp_path)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["evaluate", "--predictions", str(path), "--corpus", str(corpus), "--bootstrap", "0"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("paradiplomacy evaluate: error: ")
    assert str(path) in captured.err and where in captured.err
    assert "Traceback" not in captured.err


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path)
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    assert main(["evaluate", "--predictions", str(path), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "empty" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path)
    path = tmp_path / "nowhere.jsonl"
    assert main(["evaluate", "--predictions", str(path), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "not found" in err


def test_missing_corpus_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = write_jsonl(tmp_path / "p.jsonl", PREDICTIONS)
    assert main(["evaluate", "--predictions", str(predictions), "--corpus", str(tmp_path / "none")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_invalid_gold_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path)
    (corpus / f"{DE}.json").write_text("{not json", encoding="utf-8")
    predictions = write_jsonl(tmp_path / "p.jsonl", PREDICTIONS)
    assert main(["evaluate", "--predictions", str(predictions), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert f"{DE}.json" in err and "Traceback" not in err
    assert f"{corpus}: not a valid corpus" in err


def test_api_rejects_unknown_document(tmp_path: Path) -> None:
    from paradiplomacy.corpus import load_corpus
    from paradiplomacy.errors import InputError
    from paradiplomacy.scoring.evaluate import evaluate

    with pytest.raises(InputError, match="record 1"):
        evaluate([{"doc_id": "999_nope"}], load_corpus(make_corpus(tmp_path)), bootstrap=0)
