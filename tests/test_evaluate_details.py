"""`evaluate --details`: errors of each document inline (small corpora), left out, or in a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.commands import evaluate as evaluate_command


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("details") / "rules.jsonl"
    assert main(["predict", "--extractor", "rules", "--output", str(path)]) == 0
    return path


def evaluate(capsys: pytest.CaptureFixture[str], predictions: Path, *options: str) -> dict[str, Any]:
    argv = ["evaluate", "--predictions", str(predictions), "--format", "json", "--bootstrap", "20"]
    capsys.readouterr()
    assert main([*argv, *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_inline_by_default_for_a_small_corpus(capsys: pytest.CaptureFixture[str], predictions: Path) -> None:
    results = evaluate(capsys, predictions)
    assert all("errors" in entry for entry in results["per_document"].values())
    assert results == evaluate(capsys, predictions, "--details", "inline")


def test_none_leaves_errors_out_and_keeps_every_count(
    capsys: pytest.CaptureFixture[str], predictions: Path
) -> None:
    inline, bare = evaluate(capsys, predictions), evaluate(capsys, predictions, "--details", "none")
    for doc_id, entry in inline["per_document"].items():
        assert bare["per_document"][doc_id] == {k: v for k, v in entry.items() if k != "errors"}
        assert "errors" in entry
    inline.pop("per_document"), bare.pop("per_document")
    assert inline == bare


def test_a_file_gets_the_errors_as_json_lines(
    capsys: pytest.CaptureFixture[str], predictions: Path, tmp_path: Path
) -> None:
    inline = evaluate(capsys, predictions)
    path = tmp_path / "errors.jsonl"
    apart = evaluate(capsys, predictions, "--details", str(path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == list(inline["per_document"])
    assert all(line["errors"] == inline["per_document"][line["doc_id"]]["errors"] for line in lines)
    assert all("errors" not in entry for entry in apart["per_document"].values())


def test_above_the_inline_limit_errors_are_left_out_with_a_warning(
    capsys: pytest.CaptureFixture[str], predictions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate_command, "DETAILS_INLINE_MAX", 4)
    results = evaluate(capsys, predictions)
    assert all("errors" not in entry for entry in results["per_document"].values())
    assert any("--details inline" in warning for warning in results["warnings"])


def test_details_file_is_written_atomically_and_spares_a_users_file(
    capsys: pytest.CaptureFixture[str], predictions: Path, tmp_path: Path
) -> None:
    # A file of the user's that happens to bear the name of a naive temporary file must survive.
    details = tmp_path / "errors.jsonl"
    bystander = tmp_path / ".errors.jsonl.tmp"
    bystander.write_text("the user's own notes\n")
    evaluate(capsys, predictions, "--details", str(details))
    assert bystander.read_text() == "the user's own notes\n"
    assert len(details.read_text(encoding="utf-8").splitlines()) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [".errors.jsonl.tmp", "errors.jsonl"]


def test_details_file_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], predictions: Path, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "errors.jsonl"
    argv = ["evaluate", "--predictions", str(predictions), "--bootstrap", "0", "--details", str(target)]
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert f"{tmp_path / 'file'}: exists and is not a folder" in err[0] and "per-document errors" in err[0]
