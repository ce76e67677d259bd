"""Mention scoring: hand-derived cases per scheme, the matching rule, and nervaluate as a test-only oracle."""

from __future__ import annotations

import random
import sys
from typing import Any

import pytest

from paradiplomacy.scoring import mentions
from paradiplomacy.scoring.mentions import (
    SCHEME_DEFINITIONS,
    SCHEMES,
    Counts,
    align,
    count_document,
    count_document_by_label,
    score_mentions,
    score_mentions_by_label,
)
from paradiplomacy.vocabulary import entity_labels

Mention = dict[str, Any]
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}


def label(name: str) -> str:
    """Labels come from the vocabulary; this fails loudly if one is renamed."""
    assert name in entity_labels(), name
    return name


GPE, ORG, GOV, LOC = label("GPE"), label("ORG"), label("GOV"), label("LOC")

RU = "Губернатор Иркутской области встретился с делегацией провинции Хэйлунцзян в Москве."
DE = "Die Stadt Minsk und die Provinz Sichuan unterzeichneten in der Straße der Freundschaft ein Abkommen."


def at(text: str, phrase: str, tag: str) -> Mention:
    """A mention of `phrase` in `text`, offsets in code points, end exclusive."""
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": tag, "text": phrase}


def counts(gold: list[Mention], pred: list[Mention]) -> dict[str, tuple[int, ...]]:
    return {scheme: tuple(getattr(c, f) for f in FIELDS) for scheme, c in count_document(gold, pred).items()}


# (correct, incorrect, partial, missed, spurious) per scheme, derived by hand from the SemEval-2013 table.
def test_exact_match_is_correct_in_every_scheme() -> None:
    gold = [at(RU, "Иркутской области", GPE)]
    assert counts(gold, [at(RU, "Иркутской области", GPE)]) == dict.fromkeys(SCHEMES, (1, 0, 0, 0, 0))


def test_same_span_wrong_type() -> None:
    got = counts([at(RU, "Хэйлунцзян", GPE)], [at(RU, "Хэйлунцзян", ORG)])
    assert got == {
        "strict": (0, 1, 0, 0, 0),
        "exact": (1, 0, 0, 0, 0),
        "partial": (1, 0, 0, 0, 0),
        "type": (0, 1, 0, 0, 0),
    }


def test_boundary_overlap_same_type() -> None:
    got = counts([at(RU, "провинции Хэйлунцзян", GPE)], [at(RU, "Хэйлунцзян в Москве", GPE)])
    assert got == {
        "strict": (0, 1, 0, 0, 0),
        "exact": (0, 1, 0, 0, 0),
        "partial": (0, 0, 1, 0, 0),
        "type": (1, 0, 0, 0, 0),
    }


def test_boundary_overlap_other_type() -> None:
    got = counts([at(DE, "Provinz Sichuan", GPE)], [at(DE, "Sichuan", ORG)])
    assert got == {
        "strict": (0, 1, 0, 0, 0),
        "exact": (0, 1, 0, 0, 0),
        "partial": (0, 0, 1, 0, 0),
        "type": (0, 1, 0, 0, 0),
    }


def test_missed_and_spurious() -> None:
    got = counts([at(DE, "Minsk", GPE)], [at(DE, "Abkommen", ORG)])
    assert got == dict.fromkeys(SCHEMES, (0, 0, 0, 1, 1))


def test_one_prediction_spanning_two_gold_pairs_the_larger_overlap() -> None:
    gold = [at(DE, "Stadt Minsk", GPE), at(DE, "Provinz Sichuan", GPE)]
    pred = [at(DE, "Minsk und die Provinz Sichuan", GPE)]
    assert align(gold, pred) == mentions.Alignment(pairs=[(1, 0)], missed=[0], spurious=[])
    assert counts(gold, pred)["partial"] == (0, 0, 1, 1, 0)
    assert counts(gold, pred)["type"] == (1, 0, 0, 1, 0)


def test_two_predictions_inside_one_gold_pair_once() -> None:
    gold = [at(DE, "Straße der Freundschaft", LOC)]
    pred = [at(DE, "Straße", LOC), at(DE, "Freundschaft", LOC)]
    assert align(gold, pred) == mentions.Alignment(pairs=[(0, 1)], missed=[], spurious=[0])
    assert counts(gold, pred)["partial"] == (0, 0, 1, 0, 1)
    assert counts(gold, pred)["strict"] == (0, 1, 0, 0, 1)


def test_exact_boundaries_win_over_larger_overlap() -> None:
    gold = [at(RU, "Губернатор Иркутской области", GOV), at(RU, "Иркутской области", GPE)]
    pred = [at(RU, "Иркутской области", GPE)]
    assert align(gold, pred).pairs == [(1, 0)]
    assert counts(gold, pred)["strict"] == (1, 0, 0, 1, 0)


def test_same_type_breaks_an_overlap_tie() -> None:
    gold = [{"start": 0, "end": 4, "label": ORG}, {"start": 6, "end": 10, "label": GPE}]
    pred = [{"start": 2, "end": 8, "label": GPE}]  # overlaps each by 2
    assert align(gold, pred).pairs == [(1, 0)]


def test_adjacent_spans_do_not_overlap_with_exclusive_ends() -> None:
    gold = [{"start": 0, "end": 5, "label": GPE}]
    pred = [{"start": 5, "end": 9, "label": GPE}]
    assert counts(gold, pred) == dict.fromkeys(SCHEMES, (0, 0, 0, 1, 1))
    assert counts(gold, [{"start": 4, "end": 9, "label": GPE}])["partial"] == (0, 0, 1, 0, 0)


def test_one_code_point_mention() -> None:
    gold = [{"start": 3, "end": 4, "label": GPE}]
    assert counts(gold, [{"start": 3, "end": 4, "label": GPE}])["strict"] == (1, 0, 0, 0, 0)


def test_empty_documents_and_corpus() -> None:
    empty = score_mentions([], [])
    assert all(empty[s]["possible"] == empty[s]["actual"] == 0 and empty[s]["f1"] == 0.0 for s in SCHEMES)
    only_gold = score_mentions([[at(RU, "Москве", GPE)], []], [[], []])
    assert only_gold["strict"]["missed"] == 1 and only_gold["strict"]["precision"] == 0.0
    assert count_document([], []) == dict.fromkeys(SCHEMES, Counts())
    assert count_document_by_label([], []) == {}


def test_metrics_follow_nervaluate_formulas() -> None:
    totals = Counts(correct=3, incorrect=1, partial=2, missed=2, spurious=4)
    assert (totals.possible, totals.actual) == (8, 10)
    assert totals.metrics("strict") == {"precision": 0.3, "recall": 3 / 8, "f1": pytest.approx(2 / 6)}
    half = totals.metrics("partial")
    assert (half["precision"], half["recall"]) == (0.4, 0.5)
    assert half["f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert totals.as_dict("exact")["possible"] == 8
    with pytest.raises(ValueError, match="unknown scheme"):
        totals.metrics("ent_type")


def test_counts_add() -> None:
    assert Counts(1, 2, 3, 4, 5) + Counts(5, 4, 3, 2, 1) == Counts(6, 6, 6, 6, 6)


def test_scheme_definitions_cover_the_schemes() -> None:
    assert tuple(SCHEME_DEFINITIONS) == SCHEMES
    assert all(text.endswith(".") for text in SCHEME_DEFINITIONS.values())


def test_micro_average_over_documents() -> None:
    gold = [[at(RU, "Москве", GPE)], [at(DE, "Minsk", GPE), at(DE, "Sichuan", GPE)]]
    pred = [[at(RU, "Москве", GPE)], [at(DE, "Minsk", ORG)]]
    strict = score_mentions(gold, pred)["strict"]
    assert (strict["correct"], strict["incorrect"], strict["missed"]) == (1, 1, 1)
    assert (strict["precision"], strict["recall"]) == (0.5, 1 / 3)


def test_bad_input_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="2 gold documents but 1"):
        score_mentions([[], []], [[]])
    with pytest.raises(ValueError, match="document 1: predicted mention 0: span"):
        score_mentions([[], []], [[], [{"start": 4, "end": 4, "label": GPE}]])
    with pytest.raises(ValueError, match="offsets are needed"):
        count_document([{"text": "Минск", "label": GPE}], [])


def test_by_label_scores_each_label_on_its_own() -> None:
    gold = [at(RU, "Хэйлунцзян", GPE), at(RU, "Москве", GPE)]
    pred = [at(RU, "Хэйлунцзян", ORG), at(RU, "в Москве", GPE)]
    by_label = count_document_by_label(gold, pred)
    assert by_label[GPE]["partial"] == Counts(correct=0, partial=1, missed=1)
    assert by_label[ORG]["strict"] == Counts(spurious=1)
    corpus = score_mentions_by_label([gold, gold], [pred, []])
    assert corpus[GPE]["partial"]["missed"] == 3 and corpus[ORG]["strict"]["spurious"] == 1


# Random documents: the fast path against the general matcher, and both against nervaluate.


def random_document(rng: random.Random, n: int, width: int) -> tuple[list[Mention], list[Mention]]:
    """Unconstrained spans: nesting, crossing, shared boundaries and repeats all occur."""
    labels = entity_labels()[:4]

    def span() -> Mention:
        start = rng.randrange(width)
        return {"start": start, "end": start + rng.randint(1, 8), "label": rng.choice(labels)}

    gold = [span() for _ in range(rng.randint(0, n))]
    pred = [dict(rng.choice(gold)) for _ in range(rng.randint(0, n)) if gold and rng.random() < 0.5]
    pred += [span() for _ in range(rng.randint(0, n))]
    rng.shuffle(pred)
    return gold, pred


def general_tally(gold: list[Mention], pred: list[Mention]) -> tuple[int, ...]:
    spans = (
        mentions.indexed(mentions.to_triples(gold, "gold")),
        mentions.indexed(mentions.to_triples(pred, "p")),
    )
    return mentions.tally_pairs(*mentions.pair_spans(*spans))


def test_fast_path_agrees_with_general_matcher() -> None:
    rng = random.Random(7)
    for _ in range(1500):
        gold, pred = random_document(rng, n=10, width=rng.choice((10, 40, 200)))
        fast = mentions.tally(mentions.to_triples(gold, "gold"), mentions.to_triples(pred, "predicted"))
        assert fast == general_tally(gold, pred), (gold, pred)
        alignment = align(gold, pred)
        assert len(alignment.pairs) + len(alignment.missed) == len(gold)
        assert len(alignment.pairs) + len(alignment.spurious) == len(pred)
        for tag, by_scheme in count_document_by_label(gold, pred).items():
            own = [m for m in gold if m["label"] == tag], [m for m in pred if m["label"] == tag]
            assert by_scheme == mentions.counts_from_tally(general_tally(*own))


def test_counts_do_not_depend_on_list_order() -> None:
    rng = random.Random(11)
    for _ in range(300):
        gold, pred = random_document(rng, n=12, width=30)
        before = count_document(gold, pred)
        rng.shuffle(gold)
        rng.shuffle(pred)
        assert count_document(gold, pred) == before


def test_sweep_finds_the_same_overlaps_as_brute_force() -> None:
    rng = random.Random(3)
    for _ in range(200):
        gold, pred = (
            mentions.indexed(mentions.to_triples(side, "x")) for side in random_document(rng, 30, 80)
        )
        brute = {(g, p) for g in gold for p in pred if g[0] < p[1] and p[0] < g[1]}
        found = mentions.overlapping(gold, pred)
        assert len(found) == len(brute) and set(found) == brute


def one_to_one_document(rng: random.Random, n: int) -> tuple[list[Mention], list[Mention]]:
    """Disjoint slots, each holding a gold mention and at most one prediction inside the slot, or one
    prediction alone: every overlap is one-to-one, where nervaluate must agree with us exactly."""
    labels = entity_labels()
    gold: list[Mention] = []
    pred: list[Mention] = []
    cursor = 0
    for _ in range(n):
        margin, length = rng.randint(1, 4), rng.randint(1, 30)
        start, end = cursor + margin, cursor + margin + length
        cursor = end + margin
        tag = rng.choice(labels)
        if rng.random() < 0.15:
            pred.append({"start": start, "end": end, "label": tag})
            continue
        gold.append({"start": start, "end": end, "label": tag})
        roll = rng.random()
        if roll < 0.3:
            pred.append({"start": start, "end": end, "label": rng.choice((tag, rng.choice(labels)))})
        elif roll < 0.8:
            new_start = rng.randint(start - margin + 1, end - 1)
            new_end = rng.randint(max(new_start, start) + 1, end + margin - 1)
            pred.append({"start": new_start, "end": new_end, "label": rng.choice((tag, rng.choice(labels)))})
    rng.shuffle(pred)
    return gold, pred


def oracle() -> Any:
    """nervaluate 1.x, the test-only oracle. It needs Python >= 3.11; older interpreters skip these tests, any
    other import failure is an error."""
    if sys.version_info < (3, 11):
        pytest.skip("the oracle, nervaluate 1.x, needs Python >= 3.11")
    from nervaluate import Evaluator

    return Evaluator


def nervaluate_counts(gold: list[list[Mention]], pred: list[list[Mention]]) -> dict[str, Any]:
    """nervaluate's overall and per-label counts; its ends are inclusive."""

    def inclusive(docs: list[list[Mention]]) -> list[list[Mention]]:
        return [
            [{"start": m["start"], "end": m["end"] - 1, "label": m["label"]} for m in doc] for doc in docs
        ]

    report = oracle()(inclusive(gold), inclusive(pred), tags=list(entity_labels()), loader="dict").evaluate()

    def table(results: dict[str, Any]) -> dict[str, tuple[int, ...]]:
        return {NERVALUATE[k]: tuple(getattr(v, f) for f in FIELDS) for k, v in results.items()}

    return {"overall": table(report["overall"]), **{k: table(v) for k, v in report["entities"].items()}}


def our_counts(scores: dict[str, dict[str, Any]]) -> dict[str, tuple[int, ...]]:
    return {scheme: tuple(scores[scheme][f] for f in FIELDS) for scheme in SCHEMES}


def test_identical_to_nervaluate_where_matching_is_one_to_one() -> None:
    rng = random.Random(2024)
    docs = [one_to_one_document(rng, rng.randint(0, 40)) for _ in range(150)]
    gold, pred = [d[0] for d in docs], [d[1] for d in docs]
    theirs = nervaluate_counts(gold, pred)
    assert our_counts(score_mentions(gold, pred)) == theirs.pop("overall")
    ours_by_label = {tag: our_counts(scores) for tag, scores in score_mentions_by_label(gold, pred).items()}
    assert ours_by_label == theirs
    ours = score_mentions(gold, pred)
    assert ours["partial"]["partial"] > 0 and ours["strict"]["incorrect"] > 0 and ours["type"]["correct"] > 0


def test_metrics_identical_to_nervaluate() -> None:
    rng = random.Random(5)
    gold, pred = one_to_one_document(rng, 30)
    true, guess = ([[{**m, "end": m["end"] - 1} for m in side]] for side in (gold, pred))
    report = oracle()(true, guess, tags=list(entity_labels()), loader="dict").evaluate()["overall"]
    ours = score_mentions([gold], [pred])
    for name, scheme in NERVALUATE.items():
        for metric in ("precision", "recall", "f1"):
            assert ours[scheme][metric] == pytest.approx(getattr(report[name], metric))


def test_where_nervaluate_depends_on_list_order_we_do_not() -> None:
    """One prediction overlapping two gold mentions, a second overlapping only the first: nervaluate pairs by
    list order, so reversing the predictions changes its counts; the documented rule does not."""
    gold = [{"start": 0, "end": 6, "label": GPE}, {"start": 6, "end": 10, "label": GPE}]
    pred = [{"start": 0, "end": 10, "label": GPE}, {"start": 2, "end": 5, "label": GPE}]
    forward = nervaluate_counts([gold], [pred])["overall"]["partial"]
    backward = nervaluate_counts([gold], [pred[::-1]])["overall"]["partial"]
    assert forward != backward
    assert counts(gold, pred)["partial"] == counts(gold, pred[::-1])["partial"] == (0, 0, 1, 1, 1)
