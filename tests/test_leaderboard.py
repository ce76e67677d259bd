"""`paradiplomacy leaderboard`: results files for shipped extractors and a table of all of them, checkable."""

from __future__ import annotations

from pathlib import Path

from paradiplomacy.cli import main
from paradiplomacy.extractors.leaderboard import LEADERBOARD, render


def fake(system: str, f1: float) -> dict:
    return {
        "system": system,
        "signature": f"sig-{system}",
        "corpus": {"documents": ["a", "b"]},
        "headline": {"mentions_text": {"f1": f1, "ci": [f1 / 2, min(1.0, f1 * 1.5)]}},
    }


def test_render_one_row_per_system_best_first_with_signatures():
    results = {Path("b.json"): fake("low", 0.25), Path("a.json"): fake("high", 0.5)}
    text = render(results)
    assert text == render(dict(reversed(list(results.items()))))
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [row.split("|")[1].strip() for row in rows] == ["`high`", "`low`"]
    assert "0.500 [0.250, 0.750]" in rows[0] and "`sig-high`" in rows[0]
    assert "–" in rows[0]  # metrics a results file lacks are shown as missing, not as zero


def test_write_then_check_then_stale(tmp_path, capsys):
    eval_dir = tmp_path / "eval"
    assert main(["leaderboard", "--eval", str(eval_dir), "--check"]) == 1
    assert f"{eval_dir / 'results' / 'rules.json'}: missing" in capsys.readouterr().err
    assert main(["leaderboard", "--eval", str(eval_dir)]) == 0
    assert (eval_dir / LEADERBOARD).is_file()
    assert main(["leaderboard", "--eval", str(eval_dir), "--check"]) == 0
    results = eval_dir / "results" / "rules.json"
    results.write_text(results.read_text(encoding="utf-8").replace('"system": "rules"', '"system": "edited"'))
    capsys.readouterr()
    assert main(["leaderboard", "--eval", str(eval_dir), "--check"]) == 1
    assert f"{results}: stale" in capsys.readouterr().err


def test_repository_leaderboard_is_current(repo, capsys):
    assert main(["leaderboard", "--eval", str(repo / "eval"), "--check"]) == 0, capsys.readouterr().err
