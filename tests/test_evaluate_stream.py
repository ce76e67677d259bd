"""`evaluate --predictions` reads gold and predictions one document at a time; its results are those of
scoring the whole corpus in memory (`score`), on a generated corpus with every kind of error and 1% of
predictions spanning the whole text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.predictions import read_predictions
from paradiplomacy.scoring.evaluate import missing_warnings, score
from paradiplomacy.scoring.results import dumps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import generate


@pytest.mark.parametrize("bootstrap", ["0", "200"])
def test_streamed_results_equal_in_memory_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bootstrap: str
) -> None:
    annotations, seeds, predictions = generate(tmp_path / "corpus", 60, seed=5)
    # One document without a prediction, so the warnings are compared too.
    lines = predictions.read_text(encoding="utf-8").splitlines()
    predictions.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    argv = [
        "evaluate",
        "--predictions",
        str(predictions),
        "--corpus",
        str(annotations),
        "--seeds",
        str(seeds),
    ]
    capsys.readouterr()
    assert main([*argv, "--format", "json", "--bootstrap", bootstrap, "--system", "s"]) == 0
    streamed = capsys.readouterr().out
    gold = load_corpus(annotations, seeds)
    by_id = {d.doc_id: d for d in gold}
    records = read_predictions(predictions, by_id)
    expected = score(gold, records, bootstrap=int(bootstrap), seed=12345, system="s",
                     warnings=missing_warnings(by_id, records))  # fmt: skip
    assert streamed == dumps(expected)
    assert json.loads(streamed)["warnings"]
