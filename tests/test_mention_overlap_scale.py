"""The containment pairing (`mentions.pair_by_containment`, linear in predictions that cover many gold spans)
against a verbatim copy of the matcher it replaces for such inputs, which lists and sorts every overlapping
pair: same pairs, same order, same leftovers, on random nested, duplicate and whole-document spans."""

from __future__ import annotations

from operator import itemgetter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paradiplomacy.scoring import mentions
from paradiplomacy.scoring.mentions import Span, align, count_document, count_document_by_label

# The oracle: `pair_overlapping` and `overlapping` as they were before the containment path (quadratic when a
# prediction covers many gold spans, and then the reference for what the pairs must be).


def oracle_overlapping(gold: list[Span], pred: list[Span]) -> list[tuple[Span, Span]]:
    return [(g, p) for g in gold for p in pred if g[0] < p[1] and p[0] < g[1]]


def oracle_pair_overlapping(
    gold: list[Span], pred: list[Span]
) -> tuple[mentions.Pairs, list[Span], list[Span]]:
    found = oracle_overlapping(gold, pred)
    if not found:
        return [], gold, pred
    gold_used = {g for g, _ in found}
    pred_used = {p for _, p in found}
    if len(gold_used) == len(found) == len(pred_used):
        pairs = found
    else:
        candidates = [
            ((max(g[0], p[0]) - min(g[1], p[1]), g[2] != p[2], g[0], g[1], p[0], p[1], g[3], p[3]), g, p)
            for g, p in found
        ]
        candidates.sort(key=itemgetter(0))
        gold_used, pred_used, pairs = set(), set(), []
        for _, g, p in candidates:
            if g not in gold_used and p not in pred_used:
                gold_used.add(g)
                pred_used.add(p)
                pairs.append((g, p))
    return pairs, [g for g in gold if g not in gold_used], [p for p in pred if p not in pred_used]


def same(
    ours: tuple[mentions.Pairs, list[Span], list[Span]], theirs: tuple[mentions.Pairs, list[Span], list[Span]]
) -> bool:
    """Same pairs (in any order: the one-to-one shortcut keeps listing order, callers sort or count), same
    leftovers in the same order."""
    return (sorted(ours[0]), ours[1], ours[2]) == (sorted(theirs[0]), theirs[1], theirs[2])


DOCUMENT = 40  # code points; a whole-document span is [0, DOCUMENT)
LABELS = ("GPE", "ORG", "GOV")


@st.composite
def spans(draw: st.DrawFn, max_size: int = 14) -> list[tuple[int, int, str]]:
    """Short, long, nested and whole-document spans, with repeats drawn from the list itself."""
    start = st.integers(0, DOCUMENT - 1)
    triples = draw(
        st.lists(
            st.one_of(
                st.tuples(start, st.integers(1, 6), st.sampled_from(LABELS)).map(
                    lambda t: (t[0], min(t[0] + t[1], DOCUMENT), t[2])
                ),
                st.tuples(start, st.integers(1, DOCUMENT), st.sampled_from(LABELS)).map(
                    lambda t: (t[0], min(t[0] + t[1], DOCUMENT), t[2])
                ),
                st.sampled_from(LABELS).map(lambda label: (0, DOCUMENT, label)),
            ),
            max_size=max_size,
        )
    )
    repeats = draw(st.lists(st.integers(0, max(len(triples) - 1, 0)), max_size=4)) if triples else []
    return triples + [triples[i] for i in repeats]


def as_mentions(triples: list[tuple[int, int, str]]) -> list[dict[str, object]]:
    return [{"start": s, "end": e, "label": label} for s, e, label in triples]


FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(spans(), spans())
def test_containment_pairing_is_the_sorted_greedy(gold: list, pred: list) -> None:
    gold_spans, pred_spans = mentions.indexed(gold), mentions.indexed(pred)
    assert same(
        mentions.pair_by_containment(gold_spans, pred_spans), oracle_pair_overlapping(gold_spans, pred_spans)
    )


@FAST
@given(spans(), spans())
def test_uncontained_lists_each_pair_where_gold_pokes_out_once(gold: list, pred: list) -> None:
    gold_spans, pred_spans = mentions.indexed(gold), mentions.indexed(pred)
    listed = list(mentions.uncontained(gold_spans, pred_spans))
    expected = [
        (g, p) for g, p in oracle_overlapping(gold_spans, pred_spans) if not p[0] <= g[0] < g[1] <= p[1]
    ]
    assert sorted(listed) == sorted(expected)
    assert len(set(listed)) == len(listed)


@FAST
@given(gold=spans(), pred=spans())
def test_public_results_unchanged_through_the_containment_path(gold: list, pred: list) -> None:
    """align (the report's pairs), the counts and the per-label counts, every document forced through the
    containment path however few its spans: the same as the oracle's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "BRUTE_FORCE_PAIRS", -1)
        patch.setattr(mentions, "OVERLAP_PAIRS_PER_SPAN", -1)
        check_public_results(gold, pred)


def check_public_results(gold: list, pred: list) -> None:
    gold_m, pred_m = as_mentions(gold), as_mentions(pred)
    gold_spans, pred_spans = mentions.indexed(gold), mentions.indexed(pred)
    exact, gold_left, pred_left = mentions.pair_exact(gold_spans, pred_spans)
    overlap, gold_left, pred_left = oracle_pair_overlapping(gold_left, pred_left)
    expected_pairs = sorted((g[3], p[3]) for g, p in exact + overlap)
    assert align(gold_m, pred_m).pairs == expected_pairs
    assert align(gold_m, pred_m).missed == [g[3] for g in gold_left]
    assert align(gold_m, pred_m).spurious == [p[3] for p in pred_left]
    expected_counts = mentions.counts_from_tally(mentions.tally_pairs(exact + overlap, gold_left, pred_left))
    assert count_document(gold_m, pred_m) == expected_counts
    by_label = count_document_by_label(gold_m, pred_m)
    for label, counts in by_label.items():
        mine = [t for t in gold if t[2] == label], [t for t in pred if t[2] == label]
        label_exact, g_left, p_left = mentions.pair_exact(
            mentions.indexed(mine[0]), mentions.indexed(mine[1])
        )
        label_overlap, g_left, p_left = oracle_pair_overlapping(g_left, p_left)
        tallied = mentions.tally_pairs(label_exact + label_overlap, g_left, p_left)
        assert counts == mentions.counts_from_tally(tallied)


def test_whole_document_predictions_take_the_containment_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case the path exists for: the listing stops early, and the result is the oracle's."""
    whole = [(0, 3000, "ORG")] * 10 + [(0, 3000, "GPE")] * 5 + [(5, 2990, "GOV")] * 5
    gold = [(10 * i + 1, 10 * i + 2 + i % 7, LABELS[i % 3]) for i in range(300)]
    pred = [(10 * i + 1, 10 * i + 3, LABELS[i % 2]) for i in range(0, 300, 2)] + whole
    calls: list[int] = []
    original = mentions.pair_by_containment
    monkeypatch.setattr(mentions, "pair_by_containment", lambda g, p: calls.append(1) or original(g, p))
    gold_spans, pred_spans = mentions.indexed(gold), mentions.indexed(pred)
    assert mentions.pair_overlapping(gold_spans, pred_spans) == oracle_pair_overlapping(
        gold_spans, pred_spans
    )
    assert calls == [1]
