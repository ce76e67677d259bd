"""`paradiplomacy compare`: paired results on one gold; different gold or non-results refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from test_evaluate import GOLD, PREDICTIONS, RU, make_corpus

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.evaluate import evaluate
from paradiplomacy.scoring.results import dumps
from paradiplomacy.scoring.uncertainty import compare_results


def _write(path: Path, results: dict) -> Path:
    path.write_text(dumps(results), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    documents = load_corpus(make_corpus(tmp_path))
    better = copy.deepcopy(PREDICTIONS)
    better[1]["sectors"] = ["trade", "investment"]
    a = evaluate(PREDICTIONS, documents, bootstrap=0, system="a")
    b = evaluate(better, documents, bootstrap=0, system="b")
    return _write(tmp_path / "a.json", a), _write(tmp_path / "b.json", b)


def test_compare_two_documents(pair: tuple[Path, Path]) -> None:
    a, b = (json.loads(p.read_text("utf-8")) for p in pair)
    comparison = compare_results(a, b)
    sectors = comparison["metrics"]["sectors.micro"]
    # B adds the missed sector in the Russian document: F1 2/3 -> 6/7. Of the 4 assignments, both-swapped
    # and none-swapped give |diff| = 4/21; swapping only the Russian document gives -4/21 too; swapping only
    # the German one (identical counts) equals the original. All four: p = 1.
    assert sectors["difference"] == pytest.approx(6 / 7 - 2 / 3)
    assert sectors["p_value"] == 1.0 and sectors["exact"] and sectors["permutations"] == 4
    assert comparison["metrics"]["entities"]["difference"] == 0.0
    assert comparison["min_p_value"] == 0.5 and not comparison["can_reach_0_05"]


def test_cli_compare_states_the_floor(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "cannot reach p < 0.05 with 2 documents" in out
    assert "sectors, micro" in out


def test_cli_compare_json(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(pair[0]), str(pair[1]), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 2 and "agreements" in data["metrics"]


def test_different_gold_is_refused(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = copy.deepcopy(GOLD)
    gold[RU]["sectors"] = ["trade"]
    other = evaluate(PREDICTIONS, load_corpus(make_corpus(tmp_path / "other", gold)), bootstrap=0)
    path = _write(tmp_path / "other.json", other)
    assert main(["compare", str(pair[0]), str(path)]) == 1
    err = capsys.readouterr().err
    assert "different gold" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{}", "not a results file"), ("[1, 2", "not a results file: line 1"), (None, "no such file")],
)
def test_not_a_results_file(
    content: str | None,
    expected: str,
    pair: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "bogus.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["compare", str(pair[0]), str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and expected in err
