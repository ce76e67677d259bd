"""Text matching for mentions without offsets: normalisation and multiset counts."""

from __future__ import annotations

from typing import Any

import pytest

from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.text_match import count_by_text, normalise, unmatched_by_text
from paradiplomacy.vocabulary import entity_labels


def label(name: str) -> str:
    assert name in entity_labels(), name
    return name


GPE, ORG, LOC = label("GPE"), label("ORG"), label("LOC")


def m(text: str, tag: str) -> dict[str, str]:
    return {"text": text, "label": tag}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("МОСКВЫ", "москвы"),
        ("Straße", "STRASSE"),  # case folding, not lower(): ß folds to ss
        ("Нижний\u00a0Новгород", "Нижний Новгород"),  # non-breaking space
        ("  Провинция   Хэйлунцзян\n", "провинция хэйлунцзян"),
        ("ＭＩＮＳＫ", "minsk"),  # fullwidth letters: NFKC
        ("Ｍｉｎｓｋ\u2003Region", "minsk region"),  # em space collapses too
    ],
)
def test_normalise_equates(left: str, right: str) -> None:
    assert normalise(left) == normalise(right)


def test_normalise_keeps_real_differences() -> None:
    assert normalise("Минск") != normalise("Минска")
    assert normalise("Sankt Petersburg") != normalise("Sankt-Petersburg")
    assert normalise("Straße") == "strasse"


def test_counts_are_multiset_intersections_per_label() -> None:
    gold = [m("Минск", GPE), m("Минск", GPE), m("Sichuan", GPE), m("Минск", ORG)]
    pred = [m("МИНСК", GPE), m("минск", GPE), m("минск", GPE), m("Sichuan", ORG)]
    # Минск/GPE: 2 gold, 3 predicted -> 2 matched, 1 false positive; Sichuan wrong label; Минск/ORG missed.
    assert count_by_text(gold, pred) == Tally(tp=2, fp=2, fn=2)
    assert unmatched_by_text(gold, pred) == ([2, 3], [2, 3])


def test_metrics_and_sum() -> None:
    total = Tally(2, 2, 2) + Tally(1, 0, 2)
    assert total == Tally(3, 2, 4)
    assert total.metrics() == {
        "precision": 0.6,
        "recall": 3 / 7,
        "f1": pytest.approx(2 * 0.6 * (3 / 7) / (0.6 + 3 / 7)),
    }
    assert Tally().metrics() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert total.as_dict()["tp"] == 3


def test_order_and_offsets_do_not_matter() -> None:
    gold: list[dict[str, Any]] = [
        m("Иркутская область", GPE),
        {"text": "Чэнду", "label": GPE, "start": 0, "end": 5},
    ]
    pred = [m("чэнду", GPE), m("ИРКУТСКАЯ  ОБЛАСТЬ", GPE)]
    assert count_by_text(gold, pred) == Tally(2, 0, 0)
    assert unmatched_by_text(gold, pred) == ([], [])


def test_empty_and_missing_text() -> None:
    assert count_by_text([], []) == Tally()
    assert count_by_text([m("Москва", LOC)], []) == Tally(0, 0, 1)
    with pytest.raises(ValueError, match="'text'"):
        count_by_text([{"label": GPE, "start": 0, "end": 3}], [])
