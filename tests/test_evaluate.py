"""`evaluate` on a synthetic German + Russian corpus with counts derived by hand, and its invariants."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.evaluate import evaluate
from paradiplomacy.scoring.results import dumps, problems

REPO = Path(__file__).resolve().parent.parent
DE, RU = "001_8cc4421e3e9f85cc", "004_e069d52970fd8f19"


def _gpe(
    eid: str, start: int, end: int, text: str, canonical: str, country: str, level: str
) -> dict[str, Any]:
    return {
        "id": eid,
        "start": start,
        "end": end,
        "label": "GPE",
        "text": text,
        "canonical": canonical,
        "country": country,
        "level": level,
    }


def _ent(eid: str, start: int, end: int, label: str, text: str, canonical: str) -> dict[str, Any]:
    return {"id": eid, "start": start, "end": end, "label": label, "text": text, "canonical": canonical}


GOLD = {
    DE: {
        "schema_version": "1.2.0",
        "doc_id": DE,
        "language": "de",
        "entities": [
            _gpe("E1", 1, 6, "MINSK", "Minsk", "BY", "city"),
            _ent("E2", 30, 44, "ORG", "High-Tech Park", "High-Tech Park"),
            _gpe("E3", 85, 92, "Karamay", "Karamay", "CN", "city"),
            _gpe("E4", 94, 99, "China", "China", "CN", "country"),
            _ent("E5", 163, 173, "PER", "Yu Xingguo", "Yu Xingguo"),
        ],
        "agreements": [
            {
                "id": "A1",
                "type": "verbal_agreement",
                "status": "agreed",
                "parties": ["E2", "E3"],
                "sectors": ["high_tech"],
                "evidence": [[1, 100]],
            }
        ],
        "sectors": ["high_tech"],
    },
    RU: {
        "schema_version": "1.2.0",
        "doc_id": RU,
        "language": "ru",
        "entities": [
            _gpe("E1", 8, 14, "Москвы", "Moscow", "RU", "city"),
            _gpe("E2", 81, 90, "Шэньчжэня", "Shenzhen", "CN", "city"),
            _ent("E3", 560, 574, "PER", "Сергей Черёмин", "Sergey Cheremin"),
        ],
        "agreements": [
            {
                "id": "A1",
                "type": "mou",
                "status": "signed",
                "parties": ["E1", "E2"],
                "sectors": ["trade"],
                "evidence": [[16, 100]],
            }
        ],
        "sectors": ["trade", "investment"],
    },
}

PREDICTIONS = [
    {
        "doc_id": DE,
        "entities": [
            {"start": 1, "end": 6, "label": "GPE", "text": "MINSK"},  # correct everywhere
            {"start": 30, "end": 39, "label": "ORG", "text": "High-Tech"},  # overlap, same type
            {"start": 85, "end": 92, "label": "ORG", "text": "Karamay"},  # exact boundaries, wrong type
            {"start": 905, "end": 912, "label": "GPE", "text": "Belarus"},  # spurious
        ],
        "agreements": [
            {"type": "verbal_agreement", "status": "agreed", "parties": ["High-Tech Park", "Karamay"]}
        ],
        "sectors": ["high_tech", "trade"],
    },
    {
        "doc_id": RU,
        "entities": [
            {"start": 8, "end": 14, "label": "GPE", "text": "Москвы"},
            {"start": 81, "end": 90, "label": "GPE", "text": "Шэньчжэня"},
        ],
        "agreements": [{"type": "mou", "status": "agreed", "parties": ["Москвы", "Shenzhen"]}],
        "sectors": ["trade"],
    },
]


def make_corpus(root: Path, gold: dict[str, dict[str, Any]] = GOLD) -> Path:
    """tmp/seeds (real German and Russian seeds) and tmp/annotations (hand-written gold)."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(exist_ok=True)
    for doc_id, record in gold.items():
        shutil.copy(REPO / "seeds" / f"{doc_id}.txt", root / "seeds" / f"{doc_id}.txt")
        (root / "annotations" / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    return root / "annotations"


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path)


@pytest.fixture
def results(corpus: Path) -> dict[str, Any]:
    return evaluate(PREDICTIONS, load_corpus(corpus), bootstrap=200, seed=7)


def test_mention_counts_by_hand(results: dict[str, Any]) -> None:
    micro = results["mentions"]["micro"]
    # de: MINSK correct; High-Tech overlaps (same type); Karamay exact span, wrong type; 2 missed; 1 spurious.
    assert {k: micro["strict"][k] for k in ("correct", "incorrect", "partial", "missed", "spurious")} == {
        "correct": 3,
        "incorrect": 2,
        "partial": 0,
        "missed": 3,
        "spurious": 1,
    }
    assert (micro["exact"]["correct"], micro["exact"]["incorrect"]) == (4, 1)
    assert (micro["partial"]["correct"], micro["partial"]["partial"]) == (4, 1)
    assert (micro["type"]["correct"], micro["type"]["incorrect"]) == (4, 1)
    assert micro["strict"]["precision"] == pytest.approx(3 / 6)
    assert micro["strict"]["recall"] == pytest.approx(3 / 8)
    assert results["headline"]["mentions.strict"]["f1"] == pytest.approx(2 * 0.5 * 0.375 / 0.875)
    assert results["mentions"]["by_language"]["ru"]["strict"]["recall"] == pytest.approx(2 / 3)
    assert results["mentions"]["by_label"]["PER"]["strict"]["missed"] == 2


def test_text_entity_agreement_and_sector_counts(results: dict[str, Any]) -> None:
    assert {k: results["mentions_text"]["micro"][k] for k in ("tp", "fp", "fn")} == {
        "tp": 3,
        "fp": 3,
        "fn": 5,
    }
    # "High-Tech" and "Belarus" are not gold names; "Karamay" as ORG is not the GPE; Москвы meets "Moscow".
    assert {k: results["entities"]["micro"][k] for k in ("tp", "fp", "fn")} == {"tp": 3, "fp": 3, "fn": 5}
    assert results["agreement_types"]["micro"]["f1"] == 1.0
    assert {k: results["agreements"]["micro"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 1}
    assert results["sectors"]["counts"] == {"tp": 2, "fp": 1, "fn": 1}
    assert results["sectors"]["micro"]["f1"] == pytest.approx(2 / 3)
    # macro over the sectors that occur: high_tech 1, trade 2/3, investment 0
    assert results["sectors"]["macro"]["f1"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    assert results["headline"]["sectors.macro"]["f1"] == pytest.approx(results["sectors"]["macro"]["f1"])


def test_per_document_errors(results: dict[str, Any]) -> None:
    errors = results["per_document"][DE]["errors"]
    listed = [
        (pair["outcome"], (pair.get("gold") or {}).get("text"), (pair.get("predicted") or {}).get("text"))
        for pair in errors["mentions"]["pairs"]
    ]
    # MINSK is correct and not listed; the rest by position, each gold mention beside its prediction.
    assert listed == [
        ("boundary", "High-Tech Park", "High-Tech"),
        ("label", "Karamay", "Karamay"),
        ("missed", "China", None),
        ("missed", "Yu Xingguo", None),
        ("spurious", None, "Belarus"),
    ]
    assert errors["mentions"]["pairs"][0]["gold"]["canonical"] == "High-Tech Park"
    ru = results["per_document"][RU]["errors"]
    assert ru["agreements"]["missed"] == [
        {"type": "mou", "status": "signed", "parties": ["Moscow", "Shenzhen"]}
    ]
    assert ru["sectors"] == {"missed": ["investment"], "spurious": []}


def test_results_validate_and_are_byte_stable(corpus: Path, results: dict[str, Any]) -> None:
    assert problems(json.loads(dumps(results))) == []
    again = evaluate(copy.deepcopy(PREDICTIONS), load_corpus(corpus), bootstrap=200, seed=7)
    assert dumps(again) == dumps(results)
    assert results["signature"].endswith("|boot:200|seed:7")
    assert results["settings"]["seed"] == 7 and results["settings"]["bootstrap"] == 200


def test_ci_contains_point_estimate(results: dict[str, Any]) -> None:
    for name, headline in results["headline"].items():
        low, high = headline["ci"]
        assert low <= headline["f1"] + 1e-9 and headline["f1"] <= high + 1e-9, name


def test_mapping_input_equals_records(corpus: Path, results: dict[str, Any]) -> None:
    mapping = {r["doc_id"]: {k: v for k, v in r.items() if k != "doc_id"} for r in PREDICTIONS}
    assert dumps(evaluate(mapping, load_corpus(corpus), bootstrap=200, seed=7)) == dumps(results)


def test_missing_document_scored_empty_with_warning(corpus: Path) -> None:
    results = evaluate(PREDICTIONS[:1], load_corpus(corpus), bootstrap=0)
    assert results["warnings"] == [f"{RU}: no prediction; scored as empty"]
    assert results["per_document"][RU]["counts"]["entities"] == [0, 0, 3]
    assert results["headline"]["entities"]["ci"] is None


def test_text_only_predictions_make_offsets_not_applicable(corpus: Path) -> None:
    # German prediction of a Russian-gold entity by its English canonical, and a Russian inflected form.
    records = [
        {
            "doc_id": DE,
            "entities": [
                {"label": "GPE", "text": "Minsk"},
                {"label": "GPE", "text": "Moskau", "canonical": "Moscow"},
            ],
        },
        {
            "doc_id": RU,
            "entities": [{"label": "GPE", "text": "Moscow"}, {"label": "GPE", "text": "Шэньчжэня"}],
        },
    ]
    results = evaluate(records, load_corpus(corpus), bootstrap=0)
    assert results["mentions"] == {"applicable": False, "reason": results["mentions"]["reason"]}
    assert "mentions.strict" not in results["headline"]
    # de: Minsk found, Moscow not in the German gold (fp); ru: Moscow and Shenzhen meet their gold entities
    assert {k: results["entities"]["micro"][k] for k in ("tp", "fp", "fn")} == {"tp": 3, "fp": 1, "fn": 5}
    assert problems(json.loads(dumps(results))) == []


def test_gold_against_itself_scores_one(corpus: Path) -> None:
    from paradiplomacy.scoring.agreement import as_prediction

    documents = load_corpus(corpus)
    results = evaluate([as_prediction(d) for d in documents], documents, bootstrap=50)
    assert all(h["f1"] == 1.0 for h in results["headline"].values())


def test_empty_predictions_give_zero_recall(corpus: Path) -> None:
    documents = load_corpus(corpus)
    results = evaluate([{"doc_id": d.doc_id} for d in documents], documents, bootstrap=0)
    assert results["mentions"]["applicable"]
    assert results["mentions"]["micro"]["strict"]["recall"] == 0.0
    assert all(h["f1"] == 0.0 for h in results["headline"].values())


def test_shipped_gold_invariants() -> None:
    documents = load_corpus()
    assert documents, "the shipped gold is empty"
    from paradiplomacy.scoring.agreement import as_prediction

    perfect = evaluate([as_prediction(d) for d in documents], bootstrap=20)
    assert all(h["f1"] == 1.0 for h in perfect["headline"].values())
    empty = evaluate([], bootstrap=0)
    assert len(empty["warnings"]) == len(documents)
    assert empty["mentions"]["micro"]["strict"]["recall"] == 0.0


# --- the command line -------------------------------------------------------------------------------------


def run_cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_cli_json_output_file(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = write_jsonl(tmp_path / "sys.jsonl", PREDICTIONS)
    out = tmp_path / "out" / "results.json"
    status = run_cli(
        "evaluate",
        "--predictions",
        predictions,
        "--corpus",
        corpus,
        "--output",
        out,
        "--format",
        "json",
        "--bootstrap",
        "100",
    )
    assert status == 0
    printed = capsys.readouterr()
    assert printed.out == ""  # the JSON goes to the file only
    assert f"{out}: results written" in printed.err
    assert json.loads(out.read_text("utf-8"))["system"] == "sys"
    assert run_cli("evaluate", "--predictions", predictions, "--corpus", corpus, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["system"] == "sys"  # without --output, to standard output


def test_cli_table_and_markdown(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = write_jsonl(tmp_path / "sys.jsonl", PREDICTIONS)
    assert run_cli("evaluate", "--predictions", predictions, "--corpus", corpus, "--bootstrap", "50") == 0
    table = capsys.readouterr().out
    assert "mentions, strict" in table and "0.429" in table
    assert table.rstrip().splitlines()[-1].startswith("signature: paradiplomacy:")
    assert run_cli("evaluate", "--predictions", predictions, "--corpus", corpus, "--format", "markdown") == 0
    assert "| metric | P | R | F1 | 95% CI |" in capsys.readouterr().out


def test_cli_missing_document_warns(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = write_jsonl(tmp_path / "p.jsonl", PREDICTIONS[:1])
    assert run_cli("evaluate", "--predictions", predictions, "--corpus", corpus, "--bootstrap", "0") == 0
    assert f"warning: {RU}: no prediction; scored as empty" in capsys.readouterr().err


@pytest.mark.slow
def test_end_to_end_subprocess(corpus: Path, tmp_path: Path) -> None:
    predictions = write_jsonl(tmp_path / "sys.jsonl", PREDICTIONS)
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        "-m",
        "paradiplomacy",
        "evaluate",
        "--predictions",
        str(predictions),
        "--corpus",
        str(corpus),
        "--output",
        str(out),
        "--bootstrap",
        "100",
        "--seed",
        "3",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "signature: paradiplomacy:0.1.0|schema:1.2.0|gold:sha256=" in done.stdout
    first = out.read_bytes()
    assert subprocess.run(command, capture_output=True, check=False, timeout=120).returncode == 0
    assert out.read_bytes() == first
    assert problems(json.loads(first)) == []
