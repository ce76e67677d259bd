"""Bad inputs to `paradiplomacy build`: one message naming the file and what is wrong, exit status 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_dataset_corpus import write_synthetic_corpus

from paradiplomacy.cli import main


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    return write_synthetic_corpus(tmp_path)


def _build(annotations: Path, seeds: Path, out: Path) -> list[str]:
    return ["build", "--annotations", str(annotations), "--seeds", str(seeds), "--out", str(out)]


def _fails(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


def _first(annotations: Path) -> Path:
    return sorted(annotations.glob("*.json"))[0]


def test_annotation_that_is_not_json(corpus: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    annotations, seeds = corpus
    path = _first(annotations)
    path.write_text('{"doc_id": \n', encoding="utf-8")
    err = _fails(_build(annotations, seeds, tmp_path / "out"), capsys)
    assert str(path) in err
    assert "json" in err.lower()
    assert not (tmp_path / "out").exists()


def test_missing_seed(corpus: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    annotations, seeds = corpus
    path = _first(annotations)
    (seeds / f"{path.stem}.txt").unlink()
    err = _fails(_build(annotations, seeds, tmp_path / "out"), capsys)
    assert path.stem in err
    assert "seed" in err.lower()


def test_doc_id_matching_no_seed(corpus: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    annotations, seeds = corpus
    path = _first(annotations)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["doc_id"] = "999_no_such_seed"
    renamed = annotations / "999_no_such_seed.json"
    renamed.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    path.unlink()
    err = _fails(_build(annotations, seeds, tmp_path / "out"), capsys)
    assert str(renamed) in err
    assert "999_no_such_seed" in err


def test_mention_text_not_at_its_offsets(corpus: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    annotations, seeds = corpus
    path = _first(annotations)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entities"][0]["start"] += 1
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    err = _fails(_build(annotations, seeds, tmp_path / "out"), capsys)
    assert str(path) in err
    assert "/entities/0" in err


def test_missing_annotation_folder(tmp_path: Path, capsys) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", seeds)
    err = _fails(_build(tmp_path / "nowhere", seeds, tmp_path / "out"), capsys)
    assert f"{tmp_path / 'nowhere'}: annotation folder not found" in err


def test_empty_annotation_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "annotations").mkdir()
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "seeds")
    err = _fails(_build(tmp_path / "annotations", tmp_path / "seeds", tmp_path / "out"), capsys)
    assert "no annotation files" in err


def test_stats_reports_bad_input_the_same_way(corpus: tuple[Path, Path], capsys) -> None:
    annotations, seeds = corpus
    path = _first(annotations)
    path.write_text("[", encoding="utf-8")
    err = _fails(["stats", "--annotations", str(annotations), "--seeds", str(seeds)], capsys)
    assert str(path) in err
