"""`--workers N` gives the same report, dataset and results for N = 1 and N = 2 (chunks made small, so a
small corpus really is spread over two spawned processes)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from paradiplomacy import workers
from paradiplomacy.cli import main
from paradiplomacy.dataset import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return generate(tmp_path_factory.mktemp("workers") / "corpus", 30, seed=3)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "CHUNK", 4)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(build, "ROW_GROUP_SIZE", 8)  # the build's chunks: several row groups, several tasks


def output(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().out


def test_validate_reports_the_same_problems(
    corpus: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], small_chunks: None
) -> None:
    annotations, seeds, _ = corpus
    broken = tmp_path / "annotations"
    broken.mkdir()
    for number, path in enumerate(sorted(annotations.glob("*.json"))):
        record = json.loads(path.read_text(encoding="utf-8"))
        if number % 7 == 0:
            record["entities"][0]["start"] += 1  # consistency: text and offsets disagree
        if number % 11 == 0:
            record["language"] = "fr"  # vocabulary
        (broken / path.name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    argv = ["validate", str(broken), "--seeds", str(seeds), "--format", "json"]
    one, two = output(capsys, [*argv, "--workers", "1"]), output(capsys, [*argv, "--workers", "2"])
    assert one == two
    assert one[0] == 1 and json.loads(one[1])["summary"]["files_with_problems"] >= 5


def test_build_and_evaluate_are_the_same(
    corpus: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], small_chunks: None
) -> None:
    annotations, seeds, predictions = corpus
    built = []
    for n in ("1", "2"):
        out = tmp_path / f"dataset-{n}"
        argv = ["build", "--annotations", str(annotations), "--seeds", str(seeds), "--out", str(out)]
        assert main([*argv, "--workers", n]) == 0
        built.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert built[0] == built[1]
    gold = ["--corpus", str(annotations), "--seeds", str(seeds)]
    argv = ["evaluate", "--predictions", str(predictions), *gold, "--format", "json", "--bootstrap", "50"]
    assert output(capsys, [*argv, "--workers", "1"]) == output(capsys, [*argv, "--workers", "2"])
