"""Ontology 1.2 end to end: belongs_to and the statuses a type admits in the validator, parties scored as
sides, and `agree` on every attribute (hand-counted on the real German and Russian seeds)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from test_evaluate import DE, GOLD, RU, make_corpus
from test_validate_helpers import run as run_validate

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.agreement import agree
from paradiplomacy.scoring.attributes import _kappa
from paradiplomacy.scoring.evaluate import evaluate

MOSCOW_GOV = {
    "id": "E4",
    "start": 287,
    "end": 308,
    "label": "GOV",
    "text": "правительством Москвы",
    "canonical": "Government of Moscow",
    "belongs_to": "Moscow",
}


def _gold_with_government() -> dict[str, dict[str, Any]]:
    """The Russian memorandum signed by the Government of Moscow (a GOV that belongs_to Moscow)."""
    gold = copy.deepcopy(GOLD)
    russian = gold[RU]
    russian["entities"].insert(2, copy.deepcopy(MOSCOW_GOV))
    for number, entity in enumerate(russian["entities"], 1):
        entity["id"] = f"E{number}"
    russian["agreements"][0]["parties"] = ["E3", "E2"]  # the government and Shenzhen
    russian["agreements"][0].update(date="--03-06", date_basis="stated", signatories=["E4"])
    return gold


@pytest.fixture
def government(tmp_path: Path) -> Path:
    return make_corpus(tmp_path, _gold_with_government())


def _full(folder: Path, parties: list[str]) -> dict[str, int]:
    prediction = {RU: {"agreements": [{"type": "mou", "status": "signed", "parties": parties}]}}
    return evaluate(prediction, load_corpus(folder), bootstrap=0)["agreements"]["micro"]


def test_gold_corpus_is_valid(government: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_validate(capsys, government)
    assert code == 0, out


@pytest.mark.parametrize(
    "parties",
    [
        ["Government of Moscow", "Shenzhen"],  # the gold's own party
        ["Moscow", "Shenzhen"],  # the place the government belongs to
        ["Москвы", "Шэньчжэня"],  # the place as the text writes it
        ["правительством Москвы", "Shenzhen"],  # the government as the text writes it
    ],
)
def test_a_government_and_its_place_are_one_side(government: Path, parties: list[str]) -> None:
    assert (_full(government, parties)["tp"], _full(government, parties)["fp"]) == (1, 0)


def test_another_party_is_not_credited(government: Path) -> None:
    assert _full(government, ["Karamay", "Shenzhen"])["tp"] == 0
    assert _full(government, ["Shenzhen"])["tp"] == 0


def test_a_predicted_link_credits_a_name_the_gold_does_not_know(government: Path) -> None:
    prediction = {
        RU: {
            "entities": [{"label": "GOV", "text": "Moscow City Hall", "belongs_to": "Москвы"}],
            "agreements": [{"type": "mou", "status": "signed", "parties": ["Moscow City Hall", "Shenzhen"]}],
        }
    }
    results = evaluate(prediction, load_corpus(government), bootstrap=0)
    assert results["agreements"]["micro"]["tp"] == 1
    assert "GOV party counts as the GPE" in results["agreements"]["definition"]


# ---------------------------------------------------------------- validator


def _problems(tmp_path: Path, capsys: pytest.CaptureFixture[str], gold: dict[str, Any]) -> list[str]:
    folder = make_corpus(tmp_path, gold)
    code, out, _ = run_validate(capsys, folder / f"{RU}.json")
    assert code == 1
    return [line.split(": ", 1)[1] for line in out.splitlines()[:-1]]


def test_belongs_to_names_a_gpe_of_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold_with_government()
    gold[RU]["entities"][2]["belongs_to"] = "Minsk"
    assert _problems(tmp_path, capsys, gold) == [
        "/entities/2/belongs_to: 'Minsk' is not the canonical of a GPE mention in this file "
        "(GPEs: Moscow, Shenzhen) [consistency]"
    ]


def test_only_gov_and_role_belong_to_a_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold_with_government()
    gold[RU]["entities"][3]["belongs_to"] = "Moscow"
    assert _problems(tmp_path, capsys, gold) == [
        "/entities/3/belongs_to: a PER mention has no belongs_to; only GOV or ROLE mentions link to a GPE "
        "[consistency]"
    ]


@pytest.mark.parametrize(
    ("kind", "status", "admits"),
    [
        ("verbal_agreement", "proposed", "agreed, in_force"),
        ("verbal_agreement", "signed", "agreed, in_force"),
        ("proposal", "agreed", "proposed"),
    ],
)
def test_a_type_admits_only_its_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, status: str, admits: str
) -> None:
    gold = _gold_with_government()
    gold[RU]["agreements"][0].update(type=kind, status=status, signatories=[])
    hint = " (a one-sided proposal of a joint action is type 'proposal')" if status == "proposed" else ""
    assert _problems(tmp_path, capsys, gold) == [
        f"/agreements/0/status: '{status}' is not a status of type '{kind}' (it admits {admits}){hint} "
        "[consistency]"
    ]


def test_a_date_basis_needs_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold_with_government()
    del gold[RU]["agreements"][0]["date"]
    assert _problems(tmp_path, capsys, gold) == [
        "/agreements/0/date_basis: a date_basis without a date [consistency]"
    ]


def test_an_unknown_date_basis_names_the_vocabulary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold_with_government()
    gold[RU]["agreements"][0]["date_basis"] = "guessed"
    assert _problems(tmp_path, capsys, gold) == [
        "/agreements/0/date_basis: 'guessed' is not an agreement date basis "
        "(expected one of stated, reported_event) [vocabulary]"
    ]


# ---------------------------------------------------------------- agreement on every attribute


@pytest.fixture
def two_sets(tmp_path: Path) -> tuple[Path, Path]:
    reference = _gold_with_government()
    other = copy.deepcopy(reference)
    russian = other[RU]
    russian["entities"][2].pop("belongs_to")  # the other annotator links nothing ...
    russian["agreements"][0].update(
        parties=["E1", "E2"],  # ... and names the place: still the same side
        date="--03-07",  # a different date
        sectors=["trade", "investment"],  # one sector more: Jaccard 1/2
        evidence=[[16, 60]],  # 44 of the reference's 84 characters
        signatories=[],
    )
    german = other[DE]
    german["agreements"][0]["evidence"] = [[200, 300]]  # no shared evidence: unpaired on both sides
    german["sectors"] = ["high_tech", "trade"]
    first = make_corpus(tmp_path / "a", reference)
    second = make_corpus(tmp_path / "b", other)
    return first, second


def _measures(folders: tuple[Path, Path], bootstrap: int = 0, seed: int = 1) -> dict[str, Any]:
    results = agree(load_corpus(folders[0]), load_corpus(folders[1]), bootstrap=bootstrap, seed=seed)
    return results["agreement"]["attributes"]


def test_every_attribute_counted_by_hand(two_sets: tuple[Path, Path]) -> None:
    attributes = _measures(two_sets)
    m = attributes["measures"]
    assert m["agreements_paired"]["counts"] == {"tp": 1, "fp": 1, "fn": 1}
    assert m["agreements_paired"]["value"] == pytest.approx(0.5)
    assert m["parties_sides"]["counts"] == {"agree": 1, "compared": 1}  # Government of Moscow = Moscow
    assert m["parties_entities"]["counts"] == {"agree": 0, "compared": 1}
    assert m["date"]["counts"] == {"agree": 0, "compared": 1}
    assert m["date_basis"]["counts"] == {"agree": 1, "compared": 1}
    assert m["signatories"]["counts"] == {"agree": 0, "compared": 1}
    assert m["agreement_sectors"]["value"] == pytest.approx(0.5)
    assert m["evidence"]["value"] == pytest.approx(2 * 44 / (84 + 44))
    # The other set links no GOV or ROLE at all: not attempted, so n/a rather than 0.
    assert m["belongs_to"]["value"] is None
    assert "never annotates belongs_to" in m["belongs_to"]["reason"]
    assert m["canonical_names"]["counts"] == {"agree": 9, "compared": 9}
    # Document sectors: German {high_tech} vs {high_tech, trade}; Russian equal.
    assert m["document_sectors_jaccard"]["value"] == pytest.approx((1 / 2 + 1) / 2)
    decisions_a = [1, 0, 1, 1]  # high_tech, trade (DE); trade, investment (RU)
    decisions_b = [1, 1, 1, 1]
    others = 2 * 20 - 4  # the remaining (document, sector) decisions, all "no" in both sets
    expected = cohen_kappa_score(decisions_a + [0] * others, decisions_b + [0] * others)
    assert m["document_sectors_kappa"]["value"] == pytest.approx(expected)
    kinds = {(d["doc_id"], d["attribute"]) for d in attributes["differences"]}
    assert {(RU, "date"), (RU, "signatories"), (RU, "evidence"), (RU, "parties_entities")} <= kinds
    assert {(DE, "only in reference"), (DE, "only in other")} <= kinds
    assert (RU, "parties_sides") not in kinds


def test_an_attribute_a_set_never_annotates_is_not_attempted(two_sets: tuple[Path, Path]) -> None:
    for path in two_sets[1].glob("*.json"):
        path.write_text(path.read_text("utf-8").replace('"date_basis": "stated", ', ""), "utf-8")
    m = _measures(two_sets)["measures"]
    assert m["date_basis"]["value"] is None and m["date_basis"]["counts"] is None
    assert "never annotates date_basis" in m["date_basis"]["reason"]


def test_intervals_are_seeded_and_contain_the_estimate(two_sets: tuple[Path, Path]) -> None:
    a = _measures(two_sets, bootstrap=200, seed=7)["measures"]
    b = _measures(two_sets, bootstrap=200, seed=7)["measures"]
    assert a == b
    for measure in a.values():
        if measure["ci"] is not None and measure["value"] is not None:
            low, high = measure["ci"]
            assert low - 1e-9 <= measure["value"] <= high + 1e-9 or measure["kind"] == "kappa"


def test_kappa_from_counts_matches_scikit_learn() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 2, 50), rng.integers(0, 2, 50)
    counts = [[np.sum(a & b), np.sum(a & ~b & 1), np.sum(~a & 1 & b), np.sum((1 - a) & (1 - b))]]
    assert _kappa(np.array(counts, dtype=float))[0] == pytest.approx(cohen_kappa_score(a, b))


def test_agree_prints_every_attribute(
    two_sets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agree", str(two_sets[0]), str(two_sets[1]), "--bootstrap", "50"]) == 0
    out = capsys.readouterr().out
    for label in (
        "Mention labels",
        "Canonical names",
        "Agreement type",
        "Agreement status",
        "Parties (as sides",
        "Signatories",
        "Agreement date",
        "Sectors per agreement",
        "Evidence overlap",
        "Document sectors (Cohen's κ)",
        "Document sectors (mean Jaccard)",
    ):
        assert label in out, label
