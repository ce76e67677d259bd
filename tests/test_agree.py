"""`paradiplomacy agree`: inter-annotator agreement between two annotation folders, and its Markdown."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from test_evaluate import DE, GOLD, RU, make_corpus

from paradiplomacy.agreement_report import render_markdown
from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.agreement import agree, kappa
from paradiplomacy.scoring.results import problems


def _second(root: Path, gold: dict) -> Path:
    folder = root / "annotations" / "second_pass"
    folder.mkdir(parents=True)
    for doc_id, record in gold.items():
        (folder / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    first = make_corpus(tmp_path)
    other = copy.deepcopy(GOLD)
    other[DE]["entities"][1].update(end=39, text="High-Tech", canonical="HTP")  # a shorter span
    other[RU]["sectors"] = ["trade"]  # one sector fewer
    other[RU]["agreements"][0]["status"] = "agreed"
    return first, _second(tmp_path, other)


def test_agreement_by_hand(folders: tuple[Path, Path]) -> None:
    results = agree(load_corpus(folders[0]), load_corpus(folders[1]), bootstrap=0)
    strict = results["mentions"]["micro"]["strict"]
    assert (strict["correct"], strict["incorrect"], strict["possible"]) == (7, 1, 8)
    assert results["mentions"]["micro"]["partial"]["partial"] == 1
    # Agreement parties are canonicals: "HTP" is not the reference's "High-Tech Park".
    assert results["agreements"]["micro"]["tp"] == 0
    assert results["agreement_types"]["micro"]["f1"] == 1.0
    block = results["agreement"]
    # 2 documents x 20 sectors: the raters differ on one (investment in the Russian document).
    assert block["sectors"]["decisions"] == 40
    assert block["sectors"]["jaccard"] == pytest.approx((1 + 1 / 2) / 2)
    assert block["sectors"]["kappa"] == pytest.approx(kappa_by_hand(40, [(1, 1)] * 2 + [(1, 0)]))
    assert block["agreement_types"]["kappa"] == 1.0
    assert problems(json.loads(json.dumps(results))) == []


def kappa_by_hand(n: int, positives: list[tuple[int, int]]) -> float:
    """Cohen's kappa for binary decisions: `positives` lists the (a, b) pairs that are not (0, 0)."""
    agree_count = sum(a == b for a, b in positives) + (n - len(positives))
    pa = sum(a for a, _ in positives) / n
    pb = sum(b for _, b in positives) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (agree_count / n - expected) / (1 - expected)


def test_kappa_undefined_when_constant() -> None:
    assert kappa([0, 0, 0], [0, 0, 0])["kappa"] is None
    assert kappa([], [])["reason"] == "no decisions to compare"


def test_cli_writes_agreement_and_markdown(
    folders: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "agreement.json"
    status = main(["agree", str(folders[0]), str(folders[1]), "--output", str(out), "--bootstrap", "50"])
    assert status == 0
    assert "Cohen's kappa: sectors" in capsys.readouterr().out
    markdown = render_markdown(json.loads(out.read_text("utf-8")))
    assert "Entity mentions, labelled (strict)" in markdown and "| Sectors |" in markdown
    assert "paradiplomacy:0.1.0|schema:" in markdown


def test_identical_folders_agree_fully(tmp_path: Path) -> None:
    documents = load_corpus(make_corpus(tmp_path))
    results = agree(documents, documents, bootstrap=10)
    assert all(h["f1"] == 1.0 for h in results["headline"].values())
    assert results["agreement"]["sectors"]["kappa"] == 1.0


def test_different_documents_refused(folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    (folders[1] / f"{RU}.json").unlink()
    assert main(["agree", str(folders[0]), str(folders[1])]) == 1
    err = capsys.readouterr().err
    assert "different documents" in err and f"only in {folders[0].as_posix()}: {RU}" in err


def test_invalid_second_folder_refused(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(folders[0] / f"{DE}.json", folders[1] / "extra.json")
    assert main(["agree", str(folders[0]), str(folders[1])]) == 1
    assert "extra.json" in capsys.readouterr().err
