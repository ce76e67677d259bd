"""`evaluate --show labels,languages,errors`: per-label and per-language tables and the paired error listing,
from the same pairs as the results; on the synthetic German + Russian corpus of test_evaluate."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_evaluate import PREDICTIONS, make_corpus, write_jsonl

from paradiplomacy.cli import main


@pytest.fixture
def predictions(tmp_path: Path) -> tuple[Path, Path]:
    return make_corpus(tmp_path), write_jsonl(tmp_path / "sys.jsonl", PREDICTIONS)


def _evaluate(
    capsys: pytest.CaptureFixture[str], corpus: Path, preds: Path, *more: str
) -> tuple[int, str, str]:
    args = ["evaluate", "--predictions", str(preds), "--corpus", str(corpus), "--bootstrap", "50", *more]
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_labels_languages_errors(
    predictions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _evaluate(capsys, *predictions, "--show", "labels,languages,errors")
    assert status == 0
    # the headline table first, then the sections
    assert out.index("mentions, strict") < out.index("mentions per label") < out.index("F1 per language")
    per_label = out.split("mentions per label")[1].split("F1 per language")[0]
    gpe = next(line for line in per_label.splitlines() if line.startswith("GPE"))
    assert gpe.split()[1:3] == ["5", "4"]  # gold GPE: 3 de + 2 ru; predicted: MINSK, Belarus + 2 ru
    languages = out.split("F1 per language")[1].split("paired errors")[0]
    assert "de (1 document)" in languages and "ru (1 document)" in languages
    errors = out.split("paired errors")[1]
    assert "outcomes: correct 3, boundary 1, label 1, boundary-label 0, missed 3, spurious 1" in errors
    assert "boundary        ORG “High-Tech Park” [30, 44)  ↔  ORG “High-Tech” [30, 39)" in errors
    assert "label           GPE “Karamay” [85, 92)  ↔  ORG “Karamay” [85, 92)" in errors
    assert "⟦Karamay⟧" in errors and "spurious        —  ↔  GPE “Belarus”" in errors


def test_show_only_what_is_asked(predictions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _evaluate(capsys, *predictions, "--show", "errors")
    assert status == 0 and "paired errors" in out and "mentions per label" not in out
    status, out, _ = _evaluate(capsys, *predictions, "--show", "labels", "--format", "markdown")
    assert status == 0 and "| label | gold | pred |" in out


def test_show_rejects_unknown_views(
    predictions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _evaluate(capsys, *predictions, "--show", "labels,confusion")
    assert exit_info.value.code == 2
    assert "expected some of labels,languages,errors" in capsys.readouterr().err
