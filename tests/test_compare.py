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


def test_compare_in_evaluate_order_with_signatures_named(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from paradiplomacy.scoring.report import ROWS

    assert main(["compare", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    titles = [title for title, _ in ROWS.values() if f"\n{title} " in out]
    assert titles == [title for title, _ in ROWS.values()]  # every headline, as evaluate orders them
    assert sorted(titles, key=out.index) == titles
    assert "signature (A and B): paradiplomacy:" in out  # same settings: one line says so


def test_compare_by_language_and_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents = load_corpus(make_corpus(tmp_path))
    better = copy.deepcopy(PREDICTIONS)
    better[0]["entities"].append(
        {"start": 94, "end": 99, "label": "GPE", "text": "China"}
    )  # German GPE found
    a = _write(tmp_path / "a.json", evaluate(PREDICTIONS, documents, bootstrap=0, system="a"))
    b = _write(tmp_path / "b.json", evaluate(better, documents, bootstrap=50, system="b"))
    assert main(["compare", str(a), str(b), "--by", "language", "--by", "label", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    de, ru = data["by_language"]["de"], data["by_language"]["ru"]
    assert de["documents"] == 1 and de["metrics"]["mentions.strict"]["difference"] > 0
    assert ru["metrics"]["mentions.strict"]["difference"] == 0.0
    gpe = data["by_label"]["GPE"]["metrics"]["mentions.strict"]
    # GPE alone: A finds MINSK, Москвы, Шэньчжэня of 5 gold with 4 predicted; B adds China.
    assert gpe["a"] == pytest.approx(2 * 3 / (5 + 4)) and gpe["b"] == pytest.approx(2 * 4 / (5 + 5))
    assert data["by_label"]["PER"]["metrics"]["mentions.strict"]["difference"] == 0.0
    assert main(["compare", str(a), str(b), "--by", "label"]) == 0
    out = capsys.readouterr().out
    assert "label GPE (2 documents)" in out and "signature A: " in out and "signature B: " in out
