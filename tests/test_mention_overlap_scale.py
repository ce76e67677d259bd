"""The matcher's fast paths (`pair_exact`, linear however many spans repeat; `pair_by_containment`, which
never lists the pairs where one span lies inside the other, so a prediction covering many gold spans, or a
gold span covering many predictions, costs O(n log n)) against a brute-force reference of the documented
greedy, verbatim the quadratic code they replace: same pairs, same leftovers in the same order, on random
nested, crossing, repeated and whole-document spans, and on the hostile shapes of
`benchmarks/bench_overlap.py`."""

from __future__ import annotations

from operator import itemgetter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paradiplomacy.scoring import mentions
from paradiplomacy.scoring.mentions import Span, align, count_document, count_document_by_label
from paradiplomacy.scoring.pairs import listed_counts, mention_pairs, outcome_counts

# The oracle: the matching rule of the module docstring done the obvious way. `oracle_pair_exact` is
# `pair_exact` as it was (quadratic in spans sharing boundaries); `oracle_pair_overlapping` lists and sorts
# every overlapping pair, as `pair_overlapping` did before the containment path.


def oracle_pair_exact(gold: list[Span], pred: list[Span]) -> tuple[mentions.Pairs, list[Span], list[Span]]:
    gold_at: dict[tuple[int, int], list[Span]] = {}
    for g in gold:
        gold_at.setdefault((g[0], g[1]), []).append(g)
    pred_at: dict[tuple[int, int], list[Span]] = {}
    for p in pred:
        pred_at.setdefault((p[0], p[1]), []).append(p)
    pairs: mentions.Pairs = []
    gold_left: list[Span] = []
    for bounds, golds in gold_at.items():
        preds = pred_at.pop(bounds, [])
        for g in list(golds):
            same = next((p for p in preds if p[2] == g[2]), None)
            if same is not None:
                pairs.append((g, same))
                golds.remove(g)
                preds.remove(same)
        pairs += zip(golds, preds, strict=False)
        gold_left += golds[len(preds) :]
        if len(preds) > len(golds):
            pred_at[bounds] = preds[len(golds) :]
    pred_left = [p for preds in pred_at.values() for p in preds]
    return pairs, sorted(gold_left, key=itemgetter(3)), sorted(pred_left, key=itemgetter(3))


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


@st.composite
def many_short(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """The side covered: up to 24 short spans, often the same few boundaries repeated under several types."""
    bounds = draw(
        st.lists(st.tuples(st.integers(0, DOCUMENT - 2), st.integers(1, 4)), min_size=1, max_size=6)
    )
    chosen = draw(st.lists(st.tuples(st.sampled_from(bounds), st.sampled_from(LABELS)), max_size=24))
    return [(s, min(s + n, DOCUMENT), label) for (s, n), label in chosen]


@st.composite
def few_long(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """The covering side: a few long spans, nested or repeated, whole-document ones among them."""
    long = st.tuples(st.integers(0, 8), st.integers(DOCUMENT // 2, DOCUMENT), st.sampled_from(LABELS)).map(
        lambda t: (t[0], min(t[0] + t[1], DOCUMENT), t[2])
    )
    return draw(st.lists(long, max_size=5)) * draw(st.integers(1, 3))


@st.composite
def crowds(draw: st.DrawFn) -> tuple[list, list]:
    """Both sides drawn, with repeats, from a few boundaries that overlap without nesting (staircase)."""
    pool = [(3 * i, 3 * i + 7) for i in range(draw(st.integers(1, 5)))]
    side = st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(LABELS)), max_size=20)
    gold, pred = draw(side), draw(side)
    return [(s, e, label) for (s, e), label in gold], [(s + 1, e + 1, label) for (s, e), label in pred]


def documents() -> st.SearchStrategy[tuple[list, list]]:
    """(gold, predicted): anything, one side covering the other (both ways round) plus stray spans, or
    repeated crossing spans."""
    mirror = st.tuples(few_long(), many_short()).flatmap(
        lambda sides: spans(max_size=4).map(lambda extra: (sides[0] + extra, sides[1]))
    )
    covered = st.tuples(many_short(), few_long()).flatmap(
        lambda sides: spans(max_size=4).map(lambda extra: (sides[0], sides[1] + extra))
    )
    return st.one_of(st.tuples(spans(), spans()), mirror, covered, crowds())


def as_mentions(triples: list[tuple[int, int, str]]) -> list[dict[str, object]]:
    return [{"start": s, "end": e, "label": label} for s, e, label in triples]


FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents())
def test_exact_pairing_is_the_reference(document: tuple[list, list]) -> None:
    gold_spans, pred_spans = (mentions.indexed(side) for side in document)
    assert same(mentions.pair_exact(gold_spans, pred_spans), oracle_pair_exact(gold_spans, pred_spans))


@FAST
@given(documents())
def test_containment_pairing_is_the_sorted_greedy(document: tuple[list, list]) -> None:
    """On what `pair_exact` leaves (no gold span shares its boundaries with a prediction), as in use."""
    _, gold_left, pred_left = oracle_pair_exact(*(mentions.indexed(side) for side in document))
    assert same(
        mentions.pair_by_containment(gold_left, pred_left), oracle_pair_overlapping(gold_left, pred_left)
    )


@FAST
@given(documents())
def test_best_crossing_partner_is_the_least_crossing_pair(document: tuple[list, list]) -> None:
    """For every gold span, as predictions are taken away one by one: the least key among its pairs with
    the free predictions where neither span lies inside the other."""
    gold_spans, pred_spans = (mentions.indexed(side) for side in document)
    finder = mentions.CrossFinder(pred_spans)
    free = list(pred_spans)
    for taken in [None, *pred_spans]:
        if taken is not None:
            finder.remove(taken)
            free.remove(taken)
        for g in gold_spans:
            crossing = [
                (key(g, p), p)
                for g_, p in oracle_overlapping([g], free)
                if not p[0] <= g[0] < g[1] <= p[1] and not g[0] <= p[0] < p[1] <= g[1]
            ]
            assert finder.best(g) == min(crossing, default=None)


def key(g: Span, p: Span) -> tuple:
    return (max(g[0], p[0]) - min(g[1], p[1]), g[2] != p[2], g[0], g[1], p[0], p[1], g[3], p[3])


@FAST
@given(documents())
def test_public_results_unchanged_through_the_containment_path(document: tuple[list, list]) -> None:
    """align (the report's pairs), the counts and the per-label counts, every document forced through the
    containment path however few its spans: the same as the oracle's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "BRUTE_FORCE_PAIRS", -1)
        patch.setattr(mentions, "OVERLAP_PAIRS_PER_SPAN", -1)
        check_public_results(*document)


@FAST
@given(documents())
def test_public_results_are_the_reference(document: tuple[list, list]) -> None:
    """The same on the paths each document takes by itself (set operations, sweep, or containment)."""
    check_public_results(*document)


def oracle_tally(gold: list, pred: list) -> tuple[mentions.Pairs, list[Span], list[Span]]:
    exact, gold_left, pred_left = oracle_pair_exact(mentions.indexed(gold), mentions.indexed(pred))
    overlap, gold_left, pred_left = oracle_pair_overlapping(gold_left, pred_left)
    return exact + overlap, gold_left, pred_left


def check_public_results(gold: list, pred: list) -> None:
    gold_m, pred_m = as_mentions(gold), as_mentions(pred)
    pairs, gold_left, pred_left = oracle_tally(gold, pred)
    alignment = align(gold_m, pred_m)
    assert alignment.pairs == sorted((g[3], p[3]) for g, p in pairs)
    assert alignment.missed == [g[3] for g in gold_left]
    assert alignment.spurious == [p[3] for p in pred_left]
    expected_counts = mentions.counts_from_tally(mentions.tally_pairs(pairs, gold_left, pred_left))
    assert count_document(gold_m, pred_m) == expected_counts
    by_label = count_document_by_label(gold_m, pred_m)
    assert set(by_label) == {t[2] for t in gold + pred}
    for label, counts in by_label.items():
        mine = [t for t in gold if t[2] == label], [t for t in pred if t[2] == label]
        assert counts == mentions.counts_from_tally(mentions.tally_pairs(*oracle_tally(*mine)))
    assert mentions.count_document_all(gold_m, pred_m) == (expected_counts, by_label)
    check_listing(gold_m, pred_m, expected_counts)


def check_listing(gold: list[dict], pred: list[dict], counts: dict[str, mentions.Counts]) -> None:
    """The error listing (`pairs.mention_pairs`, from `align`) partitions the counts it sits beside."""
    listed = mention_pairs([{**m, "text": ""} for m in gold], [{**m, "text": ""} for m in pred])
    vectors = {
        f"mentions.{scheme}": [c.correct, c.incorrect, c.partial, c.missed, c.spurious]
        for scheme, c in counts.items()
    }
    assert listed_counts(listed, len(gold)) == outcome_counts(vectors)


def big_document(mirror: bool) -> tuple[list[Span], list[Span]]:
    """Twenty long spans (ten the whole text) over 300 short ones, repeated boundaries among both; the long
    ones are the gold side when `mirror`, else the predicted side."""
    whole = [(0, 3000, "ORG")] * 10 + [(0, 3000, "GPE")] * 5 + [(5, 2990, "GOV")] * 5
    short = [(10 * i + 1, 10 * i + 2 + i % 7, LABELS[i % 3]) for i in range(300)]
    other = [(10 * i + 1, 10 * i + 3, LABELS[i % 2]) for i in range(0, 300, 2)] * 2
    gold, pred = (whole + other, short) if mirror else (short, other + whole)
    return mentions.indexed(gold), mentions.indexed(pred)


@pytest.mark.parametrize("mirror", [False, True], ids=["predictions cover gold", "gold covers predictions"])
def test_covering_spans_take_the_containment_path(monkeypatch: pytest.MonkeyPatch, mirror: bool) -> None:
    """The cases the path exists for: the listing stops early, and the result is the oracle's."""
    calls: list[int] = []
    original = mentions.pair_by_containment
    monkeypatch.setattr(mentions, "pair_by_containment", lambda g, p: calls.append(1) or original(g, p))
    gold_spans, pred_spans = big_document(mirror)
    _, gold_left, pred_left = oracle_pair_exact(gold_spans, pred_spans)
    assert same(
        mentions.pair_overlapping(gold_left, pred_left), oracle_pair_overlapping(gold_left, pred_left)
    )
    assert calls == [1]


def test_repeated_spans_pair_in_list_order() -> None:
    """Thousands of copies of one mention on each side, some of another type: same type first, in list order;
    then the rest in list order (what `pair_exact` did quadratically)."""
    gold = [(5, 9, "ORG")] * 3000 + [(5, 9, "GPE")] * 1000
    pred = [(5, 9, "GPE")] * 500 + [(5, 9, "ORG")] * 4000
    gold_spans, pred_spans = mentions.indexed(gold), mentions.indexed(pred)
    pairs, gold_left, pred_left = mentions.pair_exact(gold_spans, pred_spans)
    assert same((pairs, gold_left, pred_left), oracle_pair_exact(gold_spans, pred_spans))
    assert (len(pairs), gold_left, len(pred_left)) == (4000, [], 500)
    assert count_document(as_mentions(gold), as_mentions(pred))["strict"] == mentions.Counts(
        3500, 500, 0, 0, 500
    )


def hostile_shapes() -> dict[str, tuple[list, list]]:
    """Small copies of `benchmarks/bench_overlap.py`'s shapes, over a row of one-to-one mentions."""
    row = [(10 * i, 10 * i + 4 + i % 3, LABELS[i % 3]) for i in range(60)]
    shifted = [(s + 1, e, LABELS[(i + 1) % 3]) for i, (s, e, _) in enumerate(row) if i % 4] + row[::4]
    end, after = 600, 700
    return {
        "predictions cover gold": (row, shifted + [(0, end, label) for label in LABELS] * 2),
        "gold covers predictions": (row + [(0, end, label) for label in LABELS] * 2, shifted),
        "nested chains": (
            row + [(after + 3 * i, after + 92 - 3 * i, LABELS[i % 3]) for i in range(15)],
            shifted + [(after + 3 * i + 1, after + 91 - 3 * i, LABELS[i % 2]) for i in range(15)],
        ),
        "repeated spans": (
            row + [(40, 45, LABELS[i % 3]) for i in range(30)],
            shifted
            + [(40, 45, LABELS[i % 2]) for i in range(20)]
            + [(41, 46, LABELS[i % 3]) for i in range(25)],
        ),
        "crossing staircase": (
            row + [(after + 2 * i, after + 2 * i + 40, LABELS[i % 3]) for i in range(20)],
            shifted + [(after + 2 * i + 20, after + 2 * i + 60, LABELS[i % 2]) for i in range(20)],
        ),
        "crossing fan": (
            row
            + [(after + i, after + 80 - i, LABELS[i % 3]) for i in range(20)]
            + [(after + i, after + 80, LABELS[i % 2]) for i in range(20)]
            + [(after + 120, after + 160 + i, LABELS[i % 2]) for i in range(20)],
            shifted + [(after + 40 + j, after + 140 + j, LABELS[j % 3]) for j in range(20)],
        ),
    }


@pytest.mark.parametrize("shape", list(hostile_shapes()))
def test_hostile_shapes_score_as_the_reference(monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    """As they come (too few spans to leave the listing path), then forced through the containment path."""
    gold, pred = hostile_shapes()[shape]
    check_public_results(gold, pred)
    calls: list[int] = []
    original = mentions.pair_by_containment
    monkeypatch.setattr(mentions, "pair_by_containment", lambda g, p: calls.append(1) or original(g, p))
    monkeypatch.setattr(mentions, "OVERLAP_PAIRS_PER_SPAN", -1)
    check_public_results(gold, pred)
    assert calls


@FAST
@given(documents())
def test_span_filters_keep_exactly_the_spans_that_take_part(document: tuple[list, list]) -> None:
    """`around_some`, `inside_some` and `crossing_some` decide which spans each kind of pair indexes."""
    gold_spans, pred_spans = (mentions.indexed(side) for side in document)

    def inside(a: Span, b: Span) -> bool:
        return b[0] <= a[0] and a[1] <= b[1]

    def crosses(a: Span, b: Span) -> bool:
        return a[0] < b[1] and b[0] < a[1] and not inside(a, b) and not inside(b, a)

    for spans, others in ((gold_spans, pred_spans), (pred_spans, gold_spans)):
        assert mentions.around_some(spans, others) == [s for s in spans if any(inside(o, s) for o in others)]
        assert mentions.inside_some(spans, others) == [s for s in spans if any(inside(s, o) for o in others)]
        assert mentions.crossing_some(spans, others) == [
            s for s in spans if any(crosses(s, o) for o in others)
        ]


@FAST
@given(documents())
def test_clusters_part_the_spans_where_no_overlap_joins(document: tuple[list, list]) -> None:
    gold_spans, pred_spans = (mentions.indexed(side) for side in document)
    parts = list(mentions.clusters(gold_spans, pred_spans))
    assert all(gold_part and pred_part for gold_part, pred_part in parts)
    where = {("g", s): n for n, (gold_part, _) in enumerate(parts) for s in gold_part}
    where |= {("p", s): n for n, (_, pred_part) in enumerate(parts) for s in pred_part}
    for g, p in oracle_overlapping(gold_spans, pred_spans):
        assert where[("g", g)] == where[("p", p)]
    for gold_part, pred_part in parts:
        assert gold_part == [g for g in gold_spans if g in gold_part]
        assert pred_part == [p for p in pred_spans if p in pred_part]
