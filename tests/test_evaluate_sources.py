"""`evaluate` scores an extractor identically whether it is given as a file, a callable, an entry point or a
program: the source of the predictions must not change a single figure."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.scoring.results import scores_only

EXAMPLES = Path(__file__).resolve().parent.parent / "eval" / "examples"
EXTERNAL = f"{shlex.quote(sys.executable)} {shlex.quote(str(EXAMPLES / 'years_jsonl.py'))}"


def evaluate(capsys: pytest.CaptureFixture[str], *source: str) -> dict[str, Any]:
    """The scores, without what the results record about the source (extractor, arguments, timing)."""
    assert main(["evaluate", *source, "--format", "json", "--bootstrap", "50", "--system", "years"]) == 0
    return scores_only(json.loads(capsys.readouterr().out))


@pytest.fixture
def predictions_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    path = tmp_path / "years.jsonl"
    assert main(["predict", "--extractor", "years:extract", "--output", str(path)]) == 0
    capsys.readouterr()
    return path


def test_every_source_scores_identically(
    predictions_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from_file = evaluate(capsys, "--predictions", str(predictions_file))
    assert from_file["signature"]
    assert from_file == evaluate(capsys, "--extractor", "years:extract")
    assert from_file == evaluate(capsys, "--extractor", "years:YearsBatch")
    assert from_file == evaluate(capsys, "--command", EXTERNAL)
    dist = tmp_path / "site" / "years_extractor-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: years-extractor\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[paradiplomacy.extractors]\nyears-ep = years:extract\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert from_file == evaluate(capsys, "--extractor", "years-ep")


def test_exactly_one_source_is_required(capsys: pytest.CaptureFixture[str], predictions_file: Path) -> None:
    with pytest.raises(SystemExit) as neither:
        main(["evaluate"])
    assert neither.value.code == 2
    assert "one of the arguments --extractor --command --predictions is required" in capsys.readouterr().err
    with pytest.raises(SystemExit) as both:
        main(["evaluate", "--extractor", "rules", "--predictions", str(predictions_file)])
    assert both.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_failing_program_is_reported_with_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    program = f"{shlex.quote(sys.executable)} -c \"import sys; sys.stderr.write('boom\\\\n'); sys.exit(3)\""
    assert main(["evaluate", "--command", program, "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "boom" in err and "000_67ac76a5c4e2c77e" in err
