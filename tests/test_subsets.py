"""Scoring what a system attempts: --languages, --labels, --label-space, --layers; bad entries exit 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("subsets") / "rules.jsonl"
    assert main(["predict", "--extractor", "rules", "--output", str(path)]) == 0
    return path


def evaluate(capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, Any]:
    code = main(["evaluate", *options, "--format", "json", "--bootstrap", "20"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return dict(json.loads(captured.out))


def _without_ci(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "ci"}


def test_languages_en_gives_exactly_the_english_part_of_the_full_run(
    rules_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = evaluate(capsys, "--predictions", str(rules_file))
    english = evaluate(capsys, "--predictions", str(rules_file), "--languages", "en")
    assert english["corpus"]["languages"] == {"en": full["corpus"]["languages"]["en"]}
    # A language's interval resamples its documents with the run's seed: the subset run's headline interval.
    by_english = full["mentions"]["by_language"]["en"]
    assert english["mentions"]["micro"] == {s: _without_ci(c) for s, c in by_english.items()}
    assert english["headline"]["mentions.strict"]["ci"] == by_english["strict"]["ci"]
    for layer in ("mentions_text", "entities", "agreement_types", "agreements"):
        assert english[layer]["micro"] == _without_ci(full[layer]["by_language"]["en"]), layer
        assert english["headline"][layer]["ci"] == full[layer]["by_language"]["en"]["ci"], layer
    english_ids = {d for d, r in full["per_document"].items() if r["language"] == "en"}
    assert english["per_document"] == {d: full["per_document"][d] for d in english_ids}
    assert english["settings"]["gold_sha256"] == full["settings"]["gold_sha256"]
    assert english["signature"] == full["signature"].replace("docs:5", "docs:3") + "|langs:en"
    assert english["settings"]["languages"] == ["en"]
    ignored = [w for w in english["warnings"] if "outside --languages en were ignored" in w]
    assert ignored and ignored[0].startswith("2 predictions")


def test_no_option_keeps_the_signature_and_settings(
    rules_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = evaluate(capsys, "--predictions", str(rules_file))
    assert full["signature"].endswith("|seed:12345")
    assert not {"languages", "labels", "label_space"} & set(full["settings"])
    assert "attempts" not in full and "label_map" not in full


def test_labels_restrict_both_sides(rules_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = evaluate(capsys, "--predictions", str(rules_file), "--labels", "GPE,PER")
    assert set(results["mentions"]["by_label"]) <= {"PER", "GPE"}
    assert results["settings"]["labels"] == ["PER", "GPE"]  # vocabulary order
    assert results["signature"].endswith("|labels:PER,GPE")
    full = evaluate(capsys, "--predictions", str(rules_file))
    assert results["mentions"]["by_label"]["GPE"] == full["mentions"]["by_label"]["GPE"]
    strict = results["mentions"]["micro"]["strict"]
    expected = sum(full["mentions"]["by_label"][label]["strict"]["correct"] for label in ("PER", "GPE"))
    assert strict["correct"] == expected


def test_label_space_conll_maps_gold_and_predictions(
    rules_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = evaluate(capsys, "--predictions", str(rules_file), "--label-space", "conll")
    assert set(results["mentions"]["by_label"]) <= {"PER", "ORG", "LOC", "MISC"}
    assert results["signature"].endswith("|space:conll")
    full = evaluate(capsys, "--predictions", str(rules_file))
    # ROLE, DATE and MONEY have no CoNLL counterpart: they leave the scored set on both sides.
    gone = sum(
        full["mentions"]["by_label"].get(x, {}).get("strict", {}).get("possible", 0)
        for x in ("ROLE", "DATE", "MONEY")
    )
    assert (
        results["mentions"]["micro"]["strict"]["possible"]
        == full["mentions"]["micro"]["strict"]["possible"] - gone
    )
    conll_labels = evaluate(
        capsys, "--predictions", str(rules_file), "--label-space", "conll", "--labels", "LOC"
    )
    assert set(conll_labels["mentions"]["by_label"]) == {"LOC"}


def test_label_space_forgives_what_the_coarser_space_cannot_tell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from paradiplomacy.corpus import load_corpus

    coarse = {"GOV": "ORG", "LOC": "GPE", "FAC": "GPE", "EVENT": "NORP"}  # one CoNLL class each
    path = tmp_path / "gold-coarse.jsonl"
    lines = []
    for document in load_corpus():
        entities = [
            {k: e[k] for k in ("start", "end", "text")} | {"label": coarse.get(e["label"], e["label"])}
            for e in document.entities
        ]
        lines.append(json.dumps({"doc_id": document.doc_id, "entities": entities}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ours = evaluate(capsys, "--predictions", str(path), "--layers", "mentions")
    conll = evaluate(capsys, "--predictions", str(path), "--layers", "mentions", "--label-space", "conll")
    assert ours["headline"]["mentions.strict"]["f1"] < 1.0
    assert conll["headline"]["mentions.strict"]["f1"] == 1.0


def test_layers_not_attempted_are_na_never_zero(rules_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = evaluate(capsys, "--predictions", str(rules_file), "--layers", "mentions,entities")
    for name in ("agreement_types", "agreements", "sectors.micro", "sectors.macro"):
        assert results["headline"][name]["f1"] is None and results["headline"][name]["ci"] is None
        assert "not attempted" in results["headline"][name]["reason"]
    assert results["agreements"] == {
        "applicable": False,
        "reason": results["headline"]["agreements"]["reason"],
    }
    assert results["sectors"]["applicable"] is False
    assert all("agreements" not in d["counts"] for d in results["per_document"].values())
    assert results["attempts"] == {"layers": ["mentions", "entities"], "source": "--layers"}
    assert main(["evaluate", "--predictions", str(rules_file), "--layers", "mentions,entities"]) == 0
    table = capsys.readouterr().out
    assert "agreements (full)" in table and "n/a" in table
    line = next(row for row in table.splitlines() if row.startswith("agreements (full)"))
    assert "0.000" not in line


def test_na_results_validate_and_compare(
    rules_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["evaluate", "--predictions", str(rules_file), "--bootstrap", "20", "--output", str(a)]) == 0
    assert (
        main(
            [
                "evaluate",
                "--predictions",
                str(rules_file),
                "--bootstrap",
                "20",
                "--layers",
                "mentions",
                "--output",
                str(b),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["compare", str(a), str(b), "--format", "json"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert comparison["metrics"]["agreements"]["b"] is None
    assert comparison["metrics"]["agreements"]["p_value"] is None
    assert comparison["metrics"]["mentions_text"]["p_value"] == 1.0
    assert main(["compare", str(a), str(b)]) == 0
    row = next(r for r in capsys.readouterr().out.splitlines() if r.startswith("agreements (full)"))
    assert "n/a" in row


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--languages", "fr"],
            "--languages: 'fr': the corpus has no documents in that language (it has en, de, ru)",
        ),
        (["--labels", "PER,PERSON"], "--labels: 'PERSON' is not a label of the vocabulary"),
        (
            ["--label-space", "conll", "--labels", "GPE"],
            "--labels: 'GPE' is not a label of the conll label space",
        ),
        (["--layers", "mentions,relations"], "--layers: 'relations' is not a layer"),
    ],
)
def test_bad_scope_is_one_line_exit_1(
    rules_file: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["evaluate", "--predictions", str(rules_file), *options]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_compare_refuses_different_subsets(
    rules_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    full, english = tmp_path / "full.json", tmp_path / "en.json"
    base = ["evaluate", "--predictions", str(rules_file), "--bootstrap", "0"]
    assert main([*base, "--output", str(full)]) == 0
    assert main([*base, "--languages", "en", "--output", str(english)]) == 0
    capsys.readouterr()
    assert main(["compare", str(full), str(english)]) == 1
    err = capsys.readouterr().err.strip()
    assert "score different subsets" in err and len(err.splitlines()) == 1
