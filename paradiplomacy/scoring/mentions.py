"""Mention scoring under the four SemEval-2013 schemes: nervaluate's definitions, a one-to-one matching.

Offsets are Unicode code points and ``end`` is exclusive: ``[0, 5)`` and ``[5, 9)`` do not overlap. Two spans
overlap when they share at least one code point.

Schemes (``SCHEME_DEFINITIONS`` holds the same sentences; nervaluate calls ``type`` "ent_type"):

========  ==================================================================================================
scheme    a paired gold and predicted mention is
========  ==================================================================================================
strict    correct when boundaries and type both match exactly; incorrect otherwise.
exact     correct when boundaries match exactly, whatever the type; incorrect otherwise.
partial   correct when boundaries match exactly, whatever the type; partial (half credit) otherwise.
type      correct when the type matches, whatever the overlap; incorrect otherwise.
========  ==================================================================================================

In every scheme an unpaired gold mention is missed and an unpaired prediction spurious;
possible = correct + incorrect + partial + missed, actual = correct + incorrect + partial + spurious,
precision = credit / actual and recall = credit / possible, where credit = correct + 0.5 * partial under
``partial`` and ``type`` (as nervaluate) and credit = correct otherwise; 0.0 where a denominator is 0.

Matching rule. The spans of one document are paired once, for all four schemes, so that the schemes and the
error listing (``align``) describe the same pairs. Each gold and each predicted span takes part in at most
one pair. Pairs are chosen greedily: first spans with identical boundaries (same type before other type),
then overlapping spans by the largest overlap in code points, then same type before other type, then by
position (gold start, gold end, predicted start, predicted end, list index). A span left unpaired counts as
missed or spurious even if it overlaps a span paired elsewhere: a prediction that spans two gold mentions
finds one of them and misses the other; two predictions inside one gold mention find it once, and the
second is spurious.

Where the counts differ from nervaluate (1.x), and why ours are right. nervaluate walks the predictions in
list order and pairs each with the first still-unpaired overlapping gold span in list order (``type``: the
same-type gold span with the closest boundaries), separately for each scheme. So (1) its counts can change
when the same mentions are listed in another order; ours cannot. (2) One prediction can be paired with
different gold spans in different schemes, so ``type`` may credit a pair that ``partial`` never formed; ours
pair once. (3) It needs an overlap of at least 1% of the gold span's length, so a short overlap with a gold
span over 100 code points is no overlap to it; to us any shared code point is. (4) nervaluate 0.x counted a
span in several pairs (two predictions inside one gold mention gave two partials and no miss, inflating
``possible``); no version of ours does. Where the overlap graph is itself one-to-one (each prediction
overlaps at most one gold span and each gold span at most one prediction) and every overlap reaches 1% of
the gold span, both pair the same spans and the counts are identical, as ``tests/test_score_mentions.py``
checks against nervaluate.

Cost per document: O(n log n + k log k) for n spans and k overlapping gold-predicted pairs (k <= n when
nesting is bounded, as in any real annotation): equal mentions are paired by set intersection (repeated
ones by per-type queues, still linear), and only the rest is sorted and swept. Past 8 overlapping pairs per
span (a prediction covering many gold spans, a gold span covering many predictions, nested chains, a
staircase of crossing spans) the spans are cut into clusters no overlap joins, and in a cluster where that
still holds the pairs are no longer listed: `pair_by_containment` makes the same pairs in O(t·n log n) for
t types, a gold span inside a prediction found by one segment-tree descent, a prediction inside a gold
span by walking one block of the greedy order at a time, a crossing partner proposed per crowd of gold spans
sharing an end or a start. Left unproven: a bound on how often a crossing proposal is renewed
(O(log n) each) when gold spans with distinct boundaries keep wanting the same predictions; the fans that
``benchmarks/bench_overlap.py`` measures against the old matcher stay near-linear. nervaluate is O(n^2) per
document and scheme.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import heapify, heappop, heappush
from operator import itemgetter
from typing import Any, Generic, TypeVar

SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")

SCHEME_DEFINITIONS: dict[str, str] = {
    "strict": "Correct when boundaries and type both match exactly; any other paired overlap is incorrect.",
    "exact": "Correct when boundaries match exactly, whatever the type; any other paired overlap is "
    "incorrect.",
    "partial": (
        "Correct when boundaries match exactly, whatever the type; any other paired overlap is partial "
        "and earns half credit."
    ),
    "type": "Correct when a paired overlap has the same type, whatever the boundaries; otherwise incorrect.",
}

# Schemes where nervaluate gives half credit for `partial` (it computes "ent_type" with the same formula).
HALF_CREDIT_SCHEMES = frozenset({"partial", "type"})

# A mention as the matcher sees it: plain tuples, built once per document, never a mapping or an object.
Triple = tuple[int, int, str]  # (start, end, label)
Span = tuple[int, int, str, int]  # (start, end, label, index in the caller's list)
Pairs = list[tuple[Span, Span]]
Sides = tuple[list[Triple], list[Triple]]  # (gold, predicted)
# (boundaries and type match, boundaries only, overlap and type, overlap only, missed, spurious): every
# scheme's counts follow from these six numbers, so documents are summed as ints and Counts built at the end.
Tally = tuple[int, ...]

K = TypeVar("K")
TRIPLE = itemgetter("start", "end", "label")
LABEL = itemgetter(2)
END = itemgetter(1)
# Below this many gold x predicted leftovers, testing every pair beats sorting for a sweep.
BRUTE_FORCE_PAIRS = 64
# More overlapping pairs than this many per span (a prediction covering many gold mentions): stop listing them
# and pair by containment instead, which costs O(n log n) however many gold spans a prediction covers.
OVERLAP_PAIRS_PER_SPAN = 8


@dataclass(frozen=True)
class Counts:
    """The five SemEval-2013 outcome counts of one scheme; add them to aggregate over documents."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct + other.correct,
            self.incorrect + other.incorrect,
            self.partial + other.partial,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )

    def metrics(self, scheme: str) -> dict[str, float]:
        """Precision, recall and F1 as nervaluate computes them; 0.0, not NaN, so tables stay numeric."""
        check_scheme(scheme)
        credit = self.correct + 0.5 * self.partial if scheme in HALF_CREDIT_SCHEMES else float(self.correct)
        actual, possible = self.actual, self.possible
        precision = credit / actual if actual else 0.0
        recall = credit / possible if possible else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}

    def as_dict(self, scheme: str) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "possible": self.possible,
            "actual": self.actual,
            **self.metrics(scheme),
        }


@dataclass(frozen=True)
class Alignment:
    """The one-to-one matching of one document, in the caller's indices, for error listings."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    spurious: list[int] = field(default_factory=list)


def check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")


def to_triples(mentions: Sequence[Mapping[str, Any]], side: str) -> list[Triple]:
    """Tuples once, up front, so the matcher never touches a mapping; rejects what offsets cannot score."""
    try:
        triples = list(map(TRIPLE, mentions))
    except KeyError as error:
        raise ValueError(
            f"{side} mention without {error}: offsets are needed here; score mentions without offsets by text"
        ) from None
    for start, end, _ in triples:
        if not 0 <= start < end:
            index = next(i for i, t in enumerate(triples) if not 0 <= t[0] < t[1])
            raise ValueError(f"{side} mention {index}: span [{start}, {end}) is empty or negative")
    return triples


def indexed(triples: Iterable[Triple]) -> list[Span]:
    return [(start, end, label, index) for index, (start, end, label) in enumerate(triples)]


# The general matcher: any input, one document, original indices kept.


def pair_spans(gold: list[Span], pred: list[Span]) -> tuple[Pairs, list[Span], list[Span]]:
    """The matching rule of the module docstring: (pairs, unpaired gold, unpaired predicted)."""
    if not gold or not pred:
        return [], gold, pred
    pairs, gold_left, pred_left = pair_exact(gold, pred)
    if gold_left and pred_left:
        overlap_pairs, gold_left, pred_left = pair_overlapping(gold_left, pred_left)
        pairs += overlap_pairs
    return pairs, gold_left, pred_left


def pair_exact(gold: list[Span], pred: list[Span]) -> tuple[Pairs, list[Span], list[Span]]:
    """Pairs spans with identical boundaries: same type first, then the rest, each in list order. Linear
    however many spans repeat: at each boundaries, the k-th gold span of a type pairs with the k-th prediction
    of that type, then the gold spans left pair with the predictions left, in list order."""
    gold_at: dict[tuple[int, int], list[Span]] = {}
    for g in gold:
        gold_at.setdefault((g[0], g[1]), []).append(g)
    pred_at: dict[tuple[int, int], list[Span]] = {}
    for p in pred:
        pred_at.setdefault((p[0], p[1]), []).append(p)
    pairs: Pairs = []
    gold_left: list[Span] = []
    for bounds, golds in gold_at.items():
        preds = pred_at.pop(bounds, None)
        if preds is None:
            gold_left += golds
            continue
        if len(golds) == 1 == len(preds):
            pairs.append((golds[0], preds[0]))
            continue
        golds, preds = pair_same_label(golds, preds, pairs)
        pairs += zip(golds, preds, strict=False)
        gold_left += golds[len(preds) :]
        if len(preds) > len(golds):
            pred_at[bounds] = preds[len(golds) :]
    pred_left = [p for preds in pred_at.values() for p in preds]
    return pairs, sorted(gold_left, key=itemgetter(3)), sorted(pred_left, key=itemgetter(3))


def pair_same_label(golds: list[Span], preds: list[Span], pairs: Pairs) -> tuple[list[Span], list[Span]]:
    """Appends to `pairs` each gold span with the first unpaired prediction of its type (all spans share their
    boundaries); returns what is left of each side, in list order."""
    queues: dict[str, deque[Span]] = {}
    for p in preds:
        queues.setdefault(p[2], deque()).append(p)
    gold_rest: list[Span] = []
    taken: set[Span] = set()
    for g in golds:
        queue = queues.get(g[2])
        if queue:
            p = queue.popleft()
            taken.add(p)
            pairs.append((g, p))
        else:
            gold_rest.append(g)
    return gold_rest, [p for p in preds if p not in taken]


def pair_overlapping(gold: list[Span], pred: list[Span]) -> tuple[Pairs, list[Span], list[Span]]:
    """Greedy by (largest overlap, same type, position) over the overlapping pairs; no two share a span. When
    no span overlaps two others, as usual, every overlapping pair is taken and nothing needs sorting. When the
    overlapping pairs outnumber the spans several times over (predictions that cover many gold mentions, such
    as one spanning the whole document), the spans are cut into clusters that no overlap joins (the greedy
    pairs each on its own), and where a cluster's pairs still outnumber its spans `pair_by_containment` makes
    the same pairs without listing them."""
    found = overlapping(gold, pred, limit=OVERLAP_PAIRS_PER_SPAN * (len(gold) + len(pred)))
    if found is None:
        pairs: Pairs = []
        for gold_part, pred_part in clusters(gold, pred):
            whole = len(gold_part) == len(gold) and len(pred_part) == len(pred)  # listed already
            limit = OVERLAP_PAIRS_PER_SPAN * (len(gold_part) + len(pred_part))
            part = None if whole else overlapping(gold_part, pred_part, limit=limit)
            pairs += pair_by_containment(gold_part, pred_part)[0] if part is None else greedy(part)
    elif not found:
        return [], gold, pred
    else:
        pairs = greedy(found)
    gold_used = {g for g, _ in pairs}
    pred_used = {p for _, p in pairs}
    return pairs, [g for g in gold if g not in gold_used], [p for p in pred if p not in pred_used]


def greedy(found: list[tuple[Span, Span]]) -> Pairs:
    """The pairs the greedy takes among the overlapping pairs `found`: all of them if none shares a span."""
    if len({g for g, _ in found}) == len(found) == len({p for _, p in found}):
        return found
    candidates = [
        ((max(g[0], p[0]) - min(g[1], p[1]), g[2] != p[2], g[0], g[1], p[0], p[1], g[3], p[3]), g, p)
        for g, p in found
    ]
    candidates.sort(key=itemgetter(0))
    gold_used: set[Span] = set()
    pred_used: set[Span] = set()
    pairs: Pairs = []
    for _, g, p in candidates:
        if g not in gold_used and p not in pred_used:
            gold_used.add(g)
            pred_used.add(p)
            pairs.append((g, p))
    return pairs


def clusters(gold: list[Span], pred: list[Span]) -> Iterator[tuple[list[Span], list[Span]]]:
    """The spans cut where no span of either side reaches across, each part's spans in their given order;
    only the parts with spans on both sides."""
    order = sorted(
        [(g[0], g[1], 0, i) for i, g in enumerate(gold)] + [(p[0], p[1], 1, i) for i, p in enumerate(pred)]
    )
    part: tuple[list[int], list[int]] = ([], [])
    reach = -1
    for start, end, side, i in order:
        if start >= reach and part[0] and part[1]:
            yield [gold[j] for j in sorted(part[0])], [pred[j] for j in sorted(part[1])]
        if start >= reach:
            part = ([], [])
        part[side].append(i)
        reach = max(reach, end)
    if part[0] and part[1]:
        yield [gold[j] for j in sorted(part[0])], [pred[j] for j in sorted(part[1])]


def overlapping(
    gold: list[Span], pred: list[Span], limit: int | None = None
) -> list[tuple[Span, Span]] | None:
    """Every overlapping (gold, predicted) pair, once; None as soon as there are more than `limit`. Few
    spans: test all pairs. Otherwise sweep by start, each span meeting the still-open spans of the other side:
    O(n log n + k), as an open list is pruned only against a later start, so a span leaves it once and every
    span kept is an overlap found."""
    if len(gold) * len(pred) <= BRUTE_FORCE_PAIRS:
        return [(g, p) for g in gold for p in pred if g[0] < p[1] and p[0] < g[1]]
    events = sorted([(g[0], 0, g) for g in gold] + [(p[0], 1, p) for p in pred], key=itemgetter(0, 1))
    open_gold: list[Span] = []
    open_pred: list[Span] = []
    found: list[tuple[Span, Span]] = []
    for start, side, span in events:
        if side == 0:
            if open_pred:
                open_pred = [p for p in open_pred if p[1] > start]
                found += [(span, p) for p in open_pred]
            open_gold.append(span)
        else:
            if open_gold:
                open_gold = [g for g in open_gold if g[1] > start]
                found += [(g, span) for g in open_gold]
            open_pred.append(span)
        if limit is not None and len(found) > limit:
            return None
    return found


def pair_by_containment(gold: list[Span], pred: list[Span]) -> tuple[Pairs, list[Span], list[Span]]:
    """The greedy of `pair_overlapping`, the same pairs, without listing them: O(t·n log n) for n spans of t
    types however many spans one span covers, plus O(log n) each time a crowd's best crossing partner is taken
    by another. No gold span may share its boundaries with a prediction (`pair_exact` has paired those).

    An overlapping pair is of one of three kinds. (1) A gold span inside a prediction overlaps it by its own
    length, the most it can overlap anything, so its pairs of that kind sit together in the greedy order, one
    block per (length, same type or not, gold boundaries), ordered inside by the prediction's (start, end,
    index), then the gold index: taking, for each gold span of the block in index order, the first free
    prediction that covers it picks the same pairs, and that prediction is found in O(log n) by `CoverFinder`.
    (2) A prediction inside a gold span overlaps it by the prediction's length: the mirror blocks, one per
    (prediction length, same type or not), are ordered by gold span first, so `InsideFinder` walks their gold
    spans in order, each taking the first free prediction of the length inside it, and proposes one pair per
    block and gold type at a time. (3) For a crossing pair (each span pokes out of the other), each crowd of
    gold spans of one type sharing an end or a start proposes its best (`Crowd`, `CrossFinder`). The
    proposals of (2) and (3) wait in a heap beside the sorted steps of (1); after a proposal is taken or went
    stale (its gold span or prediction taken meanwhile), its block or crowd proposes its next, which can only
    sort later, so the heap's least proposal is the greedy's next pair whenever it is still free."""
    # Each kind of pair indexes only the spans that take part in one at all.
    steps: list[tuple[tuple[Any, ...], Span]] = []
    for g in inside_some(gold, pred):
        steps.append(((g[0] - g[1], False, g[0], g[1], g[3]), g))
        steps.append(((g[0] - g[1], True, g[0], g[1], g[3]), g))
    steps.sort(key=itemgetter(0))
    covering = around_some(pred, gold)
    finders = {label: CoverFinder(spans) for label, spans in by_label(covering).items()}
    any_label = CoverFinder(covering)
    inside = InsideFinder(gold, pred)
    crossing_gold = crossing_some(gold, pred)
    cross = CrossFinder(crossing_some(pred, gold) if crossing_gold else [])
    crowds = cross.groups(crossing_gold)
    # (key, source, gold, prediction). Source: an `inside` block (>= 0); START, where the blocks of one
    # prediction length begin (key (-length,), before all of that length); CROWD - k, crowd k's crossing pair.
    proposals: list[tuple[tuple[Any, ...], int, Span | None, Span | None]] = [
        ((-length,), START, None, None) for length in inside.lengths
    ]
    heapify(proposals)

    def propose(source: int) -> None:
        if source >= 0:
            found = inside.next_pair(source)
            if found is not None:
                g, q = found
                key = (q[0] - q[1], g[2] != q[2], g[0], g[1], q[0], q[1], g[3], q[3])
                heappush(proposals, (key, source, g, q))
        elif (best := crowds[CROWD - source].best(cross)) is not None:
            heappush(proposals, (best[0], source, best[1], best[2]))

    for k in range(len(crowds)):
        propose(CROWD - k)
    gold_used: set[Span] = set()
    pred_used: set[Span] = set()
    pairs: Pairs = []
    p: Span | None
    position = 0
    while len(pairs) < len(gold) and len(pairs) < len(pred):
        if proposals and (position == len(steps) or proposals[0][0] < steps[position][0]):
            key, source, maybe_g, p = heappop(proposals)
            if source == START:
                for started in inside.start(-key[0]):
                    propose(started)
                continue
            assert maybe_g is not None and p is not None
            g = maybe_g
            if g in gold_used or p in pred_used:
                propose(source)  # stale: the source's next pair, which sorts later
                continue
        elif position < len(steps):
            key, g = steps[position]
            position += 1
            source = START
            if g in gold_used:
                continue
            if key[1]:
                p = any_label.first_covering(g, other_than=g[2])
            else:
                p = finders[g[2]].first_covering(g) if g[2] in finders else None
            if p is None:
                continue
        else:
            break
        gold_used.add(g)
        pred_used.add(p)
        if p[2] in finders:
            finders[p[2]].remove(p)
        any_label.remove(p)
        inside.remove(g, p)
        cross.remove(p)
        for crowd in cross.crowds_of.get(g, ()):
            crowds[crowd].remove(g)
        pairs.append((g, p))
        if source != START:
            propose(source)
    return pairs, [g for g in gold if g not in gold_used], [q for q in pred if q not in pred_used]


START, CROWD = -1, -2


def by_label(spans: Iterable[Span]) -> dict[str, list[Span]]:
    groups: dict[str, list[Span]] = {}
    for span in spans:
        groups.setdefault(span[2], []).append(span)
    return groups


class CoverFinder:
    """Predictions in (start, end, index) order, with a max-end segment tree over the free ones: the first
    free prediction covering a span is the leftmost whose end reaches the span's end, provided it starts at or
    before the span's start (if the leftmost does not, none does); one descent, O(log n). Each node also keeps
    the largest end among labels other than that of its largest end, so the first covering prediction of
    another label than a given one is found by the same descent."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=itemgetter(0, 1, 3))
        self.position = {span: i for i, span in enumerate(self.spans)}
        self.size = 1 << max(len(self.spans) - 1, 0).bit_length()
        self.tree: list[tuple[int, str, int]] = [EMPTY] * (2 * self.size)
        self.tree[self.size : self.size + len(self.spans)] = [(s[1], s[2], -1) for s in self.spans]
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = merged(self.tree[2 * node], self.tree[2 * node + 1])

    def remove(self, span: Span) -> None:
        at = self.position.get(span)
        if at is None:
            return
        node = self.size + at
        tree = self.tree
        tree[node] = EMPTY
        node //= 2
        while node:
            tree[node] = merged(tree[2 * node], tree[2 * node + 1])
            node //= 2

    def first_covering(self, span: Span, other_than: str | None = None) -> Span | None:
        """The first free prediction covering `span`, of any label but `other_than` when given."""
        end, tree, size, node = span[1], self.tree, self.size, 1
        if other_than is None:
            if tree[1][0] < end:
                return None
            while node < size:
                node = 2 * node if tree[2 * node][0] >= end else 2 * node + 1
        else:
            top = tree[1]
            if (top[0] if top[1] != other_than else top[2]) < end:
                return None
            while node < size:
                left = tree[2 * node]
                node = 2 * node if (left[0] if left[1] != other_than else left[2]) >= end else 2 * node + 1
        found = self.spans[node - size]
        return found if found[0] <= span[0] else None


EMPTY: tuple[int, str, int] = (-1, "", -1)  # (largest end, its label, largest end of any other label)


def merged(a: tuple[int, str, int], b: tuple[int, str, int]) -> tuple[int, str, int]:
    high, low = (a, b) if a[0] >= b[0] else (b, a)
    second = low[0] if low[1] != high[1] else low[2]
    return high[0], high[1], max(high[2], second)


class InsideFinder:
    """The pairs in which a prediction lies inside a gold span, block by block, each block's in greedy order.

    Such a pair overlaps by the prediction's length, so its greedy key starts (length, same type or not,
    gold start, gold end) and then the prediction's (start, end), the gold and the prediction index. A block
    is one prediction length, same type or not, and, so that each block can be walked on its own, one gold
    type. In order of gold span, each gold span takes the first free prediction of the length inside it (the
    leftmost starting at or after its start, if that one ends inside it); so after a gold span starting at x
    finds nothing, the next gold span that can find something is the first, among those starting up to s
    (the start of the first free prediction starting at or after x), whose end reaches s + length; if none
    does, every gold span starting up to s is passed and s with it. Each step is O(log n) and passes a gold
    span and a prediction or makes a pair, so a block costs O(log n) per prediction of its length. Only the
    spans that take part in such a pair at all (a prediction inside some gold span, a gold span around some
    prediction) are indexed."""

    def __init__(self, gold: list[Span], pred: list[Span]) -> None:
        gold, pred = around_some(gold, pred), inside_some(pred, gold)
        # Gold spans of each type by (start, end, index), under a max-end tree.
        self.golds = {
            label: Ordered(spans, itemgetter(0, 1, 3), END) for label, spans in by_label(gold).items()
        }
        # Predictions by (length, start, index): a block is a run, a prediction's successor is the next one.
        order = sorted(pred, key=lambda p: (p[1] - p[0], p[0], p[3]))
        self.order = order
        self.keys = [(p[1] - p[0], p[0]) for p in order]
        self.other_type = TypeTree(order)
        self.same_type = {
            label: NextFree(spans, [(s[1] - s[0], s[0]) for s in spans])
            for label, spans in by_label(order).items()
        }
        self.types_at: dict[int, set[str]] = {}
        for p in order:
            self.types_at.setdefault(p[1] - p[0], set()).add(p[2])
        self.lengths = sorted(self.types_at)
        self.blocks: list[list[Any]] = []  # [length, same type, gold type, position among its gold spans]

    def start(self, length: int) -> list[int]:
        """Opens the blocks of one prediction length; returns their numbers."""
        types = self.types_at[length]
        opened: list[int] = []
        for label in self.golds:
            if label in types:
                opened.append(len(self.blocks))
                self.blocks.append([length, True, label, 0])
            if types - {label}:
                opened.append(len(self.blocks))
                self.blocks.append([length, False, label, 0])
        return opened

    def next_pair(self, block: int) -> tuple[Span, Span] | None:
        """The block's first pair in greedy order among the spans still free; None when it has none left."""
        length, same, label, position = self.blocks[block]
        tree = self.golds[label]
        starts = tree.keys
        while position < len(starts):
            p = self.first_free(length, starts[position], label, same)
            if p is None:
                break
            reach = bisect_right(starts, p[0])
            found = tree.tree.first(position, reach, p[1])
            if found is not None:
                self.blocks[block][3] = found
                return tree.spans[found], p
            position = reach
        self.blocks[block][3] = len(starts)
        return None

    def first_free(self, length: int, start: int, label: str, same: bool) -> Span | None:
        """The first free prediction of `length` starting at or after `start`, of type `label` or not."""
        if same:
            free = self.same_type.get(label)
            if free is None:
                return None
            found = free.find(bisect_left(free.keys, (length, start)))
            return free.spans[found] if found < len(free.spans) and free.keys[found][0] == length else None
        at = self.other_type.first_other(
            bisect_left(self.keys, (length, start)), bisect_left(self.keys, (length + 1, -1)), label
        )
        return None if at is None else self.order[at]

    def remove(self, g: Span, p: Span) -> None:
        if g[2] in self.golds:
            self.golds[g[2]].remove(g)
        if p[2] in self.same_type and self.same_type[p[2]].remove(p):
            self.other_type.remove(p)


def around_some(spans: list[Span], others: list[Span]) -> list[Span]:
    """The spans around at least one of `others`: one of them starting at or after a span's start ends by
    its end (the least end among `others` by start, from the right)."""
    by_start = sorted((o[0], o[1]) for o in others)
    starts = [s for s, _ in by_start]
    least_end = [e for _, e in by_start]
    for i in range(len(least_end) - 2, -1, -1):
        least_end[i] = min(least_end[i], least_end[i + 1])
    kept = []
    for span in spans:
        i = bisect_left(starts, span[0])
        if i < len(starts) and least_end[i] <= span[1]:
            kept.append(span)
    return kept


def inside_some(spans: list[Span], others: list[Span]) -> list[Span]:
    """The spans inside at least one of `others` (the greatest end among `others` by start)."""
    by_start = sorted((o[0], o[1]) for o in others)
    starts = [s for s, _ in by_start]
    greatest_end = [e for _, e in by_start]
    for i in range(1, len(greatest_end)):
        greatest_end[i] = max(greatest_end[i], greatest_end[i - 1])
    kept = []
    for span in spans:
        i = bisect_right(starts, span[0])
        if i and greatest_end[i - 1] >= span[1]:
            kept.append(span)
    return kept


def crossing_some(spans: list[Span], others: list[Span]) -> list[Span]:
    """The spans that cross at least one of `others` (each pokes out of the other): one of them ends inside
    the span and starts before it (least start among `others` by end), or starts inside it and ends after
    it (greatest end among `others` by start)."""
    by_end = sorted(others, key=itemgetter(1))
    ends = [o[1] for o in by_end]
    least_start = MaxTree([-o[0] for o in by_end])
    by_start = sorted(others, key=itemgetter(0))
    starts = [o[0] for o in by_start]
    greatest_end = MaxTree([o[1] for o in by_start])
    kept = []
    for span in spans:
        start, end = span[0], span[1]
        if (
            least_start.first(bisect_right(ends, start), bisect_left(ends, end), 1 - start) is not None
            or greatest_end.first(bisect_right(starts, start), bisect_left(starts, end), end + 1) is not None
        ):
            kept.append(span)
    return kept


def segments(lo: int, hi: int, size: int) -> list[int]:
    """The nodes of a segment tree with `size` leaves that cover leaves [lo, hi), left to right."""
    left: list[int] = []
    right: list[int] = []
    lo += size
    hi += size
    while lo < hi:
        if lo & 1:
            left.append(lo)
            lo += 1
        if hi & 1:
            hi -= 1
            right.append(hi)
        lo //= 2
        hi //= 2
    return left + right[::-1]


class CrossFinder:
    """The best crossing partner of a gold span among the free predictions: the pair with the least greedy
    key among those where neither span lies inside the other, in O(log n). A prediction crossing a gold span
    from the right starts inside it and ends after it, overlapping it by (gold end - prediction start): the
    best starts first (then same type, then by end and index). One from the left ends inside it and starts
    before it, overlapping by (prediction end - gold start): the best ends last (then same type, by start and
    index). Predictions by (start, end, index) under a max-end tree find the first; predictions by (end,
    start, index) under a max-(-start) tree find the second; a tree per type finds the same-type ones."""

    def __init__(self, pred: list[Span]) -> None:
        self.right = Ordered(pred, itemgetter(0, 1, 3), END)
        self.left = Ordered(pred, itemgetter(1, 0, 3), lambda p: -p[0])
        self.right_of = {
            label: Ordered(spans, itemgetter(0, 1, 3), END) for label, spans in by_label(pred).items()
        }
        self.crowds_of: dict[Span, list[int]] = {}  # filled by `groups`
        self.left_of = {
            label: Ordered(spans, itemgetter(1, 0, 3), lambda p: -p[0])
            for label, spans in by_label(pred).items()
        }

    def remove(self, p: Span) -> None:
        if p in self.right.position:
            self.right.remove(p)
            self.left.remove(p)
            self.right_of[p[2]].remove(p)
            self.left_of[p[2]].remove(p)

    def best_right(self, g: Span) -> tuple[tuple[Any, ...], Span] | None:
        """The least pair with a free prediction starting inside `g` and ending after it."""
        g0, g1 = g[0], g[1]
        right = self.right
        at = right.tree.first(bisect_right(right.keys, g0), bisect_left(right.keys, g1), g1 + 1)
        if at is None:
            return None
        start = right.keys[at]
        own = self.right_of.get(g[2])
        p: Span | None = None
        if own is not None:
            hit = own.tree.first(bisect_left(own.keys, start), bisect_right(own.keys, start), g1 + 1)
            p = None if hit is None else own.spans[hit]
        q = right.spans[at] if p is None else p
        return (start - g1, p is None, g0, g1, q[0], q[1], g[3], q[3]), q

    def best_left(self, g: Span) -> tuple[tuple[Any, ...], Span] | None:
        """The least pair with a free prediction ending inside `g` and starting before it."""
        g0, g1 = g[0], g[1]
        left = self.left
        at = left.tree.last(bisect_right(left.keys, g0), bisect_left(left.keys, g1), -g0 + 1)
        if at is None:
            return None
        end = left.keys[at]
        own = self.left_of.get(g[2])
        p: Span | None = None
        if own is not None:
            hit = own.tree.first(bisect_left(own.keys, end), bisect_right(own.keys, end), -g0 + 1)
            p = None if hit is None else own.spans[hit]
        if p is None:
            first = left.tree.first(bisect_left(left.keys, end), at + 1, -g0 + 1)
            assert first is not None
            q = left.spans[first]
        else:
            q = p
        return (g0 - end, p is None, g0, g1, q[0], q[1], g[3], q[3]), q

    def best(self, g: Span) -> tuple[tuple[Any, ...], Span] | None:
        """The least crossing pair of `g` with a free prediction."""
        found = [b for b in (self.best_right(g), self.best_left(g)) if b is not None]
        return min(found, key=itemgetter(0)) if found else None

    def groups(self, gold: list[Span]) -> list[Crowd]:
        """The crowds of `gold` (see `Crowd`), and `crowds_of`: gold span -> the numbers of its two crowds."""
        right: dict[tuple[int, str], list[Span]] = {}
        left: dict[tuple[int, str], list[Span]] = {}
        for g in gold:
            right.setdefault((g[1], g[2]), []).append(g)
            left.setdefault((g[0], g[2]), []).append(g)
        crowds = [Crowd(spans, from_right=True) for spans in right.values()]
        crowds += [Crowd(spans, from_right=False) for spans in left.values()]
        self.crowds_of = {}
        for k, crowd in enumerate(crowds):
            for g in crowd.spans:
                self.crowds_of.setdefault(g, []).append(k)
        return crowds


class Crowd:
    """Gold spans of one type sharing their end (crossed from the right) or their start (from the left): one
    of them speaks for all in the heap, so that when a prediction they all want is taken, one proposal, not
    one per gold span, is renewed. From the right, a gold span starting later has fewer candidates and the
    same best ones if any, so the first free one by (start, index) holds the crowd's least pair. From the
    left, the free span ending last reaches the best prediction end e; every span ending after e has the same
    best prediction, and the first of them by (end, index) has the least key."""

    def __init__(self, spans: list[Span], from_right: bool) -> None:
        self.from_right = from_right
        self.spans = sorted(spans, key=itemgetter(0, 3) if from_right else itemgetter(1, 3))
        self.free = NextFree(self.spans, [s[1] for s in self.spans])
        self.last = len(self.spans) - 1

    def remove(self, span: Span) -> None:
        self.free.remove(span)

    def best(self, cross: CrossFinder) -> tuple[tuple[Any, ...], Span, Span] | None:
        """(key, gold span, prediction) of the crowd's least crossing pair; None when it has none left."""
        if self.from_right:
            first = self.free.find(0)
            if first == len(self.spans):
                return None
            found = cross.best_right(self.spans[first])
            return None if found is None else (found[0], self.spans[first], found[1])
        while self.last >= 0 and not self.free.is_free(self.last):
            self.last -= 1
        if self.last < 0:
            return None
        found = cross.best_left(self.spans[self.last])
        if found is None:
            return None
        first = self.free.find(bisect_right(self.free.keys, found[1][1]))
        if first != self.last:
            found = cross.best_left(self.spans[first])
            assert found is not None
        return found[0], self.spans[first], found[1]


class Ordered:
    """Spans in one order, their first sort field as `keys` (for bisection), and a max tree over a value of
    each free span."""

    def __init__(self, spans: list[Span], order: Callable[[Span], Any], value: Callable[[Span], int]) -> None:
        self.spans = sorted(spans, key=order)
        self.keys = [order(s)[0] for s in self.spans]
        self.position = {span: i for i, span in enumerate(self.spans)}
        self.tree = MaxTree([value(s) for s in self.spans])

    def remove(self, span: Span) -> None:
        at = self.position.get(span)
        if at is not None:
            self.tree.remove(at)


class MaxTree:
    """A max segment tree over integers; a removed leaf holds NONE. The first or last leaf in a range whose
    value reaches a bound, in one descent."""

    def __init__(self, values: list[int]) -> None:
        self.size = size = 1 << max(len(values) - 1, 0).bit_length()
        self.tree = tree = [NONE] * (2 * size)
        tree[size : size + len(values)] = values
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])

    def remove(self, leaf: int) -> None:
        tree = self.tree
        node = leaf + self.size
        tree[node] = NONE
        node //= 2
        while node:
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
            node //= 2

    def first(self, lo: int, hi: int, bound: int) -> int | None:
        """The first leaf in [lo, hi) whose value is at least `bound`."""
        tree, size = self.tree, self.size
        for node in segments(lo, hi, size):
            if tree[node] >= bound:
                while node < size:
                    node = 2 * node if tree[2 * node] >= bound else 2 * node + 1
                return node - size
        return None

    def last(self, lo: int, hi: int, bound: int) -> int | None:
        """The last leaf in [lo, hi) whose value is at least `bound`."""
        tree, size = self.tree, self.size
        for node in reversed(segments(lo, hi, size)):
            if tree[node] >= bound:
                while node < size:
                    node = 2 * node + 1 if tree[2 * node + 1] >= bound else 2 * node
                return node - size
        return None


NONE = -(1 << 62)  # a removed leaf of a MaxTree: below any value, negated starts included


MIXED = object()  # a TypeTree node over free predictions of more than one type


class TypeTree:
    """Predictions in a fixed order, each node holding the one type of the free predictions below it (None:
    none free; MIXED: several types): the first free prediction in a range whose type is not a given one, in
    one descent."""

    def __init__(self, spans: list[Span]) -> None:
        self.position = {span: i for i, span in enumerate(spans)}
        self.size = 1 << max(len(spans) - 1, 0).bit_length()
        self.tree: list[object] = [None] * (2 * self.size)
        self.tree[self.size : self.size + len(spans)] = [s[2] for s in spans]
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = one_type(self.tree[2 * node], self.tree[2 * node + 1])

    def remove(self, span: Span) -> None:
        node = self.position[span] + self.size
        tree = self.tree
        tree[node] = None
        node //= 2
        while node:
            tree[node] = one_type(tree[2 * node], tree[2 * node + 1])
            node //= 2

    def first_other(self, lo: int, hi: int, label: str) -> int | None:
        tree, size = self.tree, self.size
        for node in segments(lo, hi, size):
            if tree[node] is not None and tree[node] != label:
                while node < size:
                    left = tree[2 * node]
                    node = 2 * node if left is not None and left != label else 2 * node + 1
                return node - size
        return None


def one_type(a: object, b: object) -> object:
    if a is None or a == b:
        return b
    return a if b is None else MIXED


class NextFree(Generic[K]):
    """Spans in a fixed order with a sort key of each (for bisection); the first free one at or after a
    position, by union-find with path halving (amortized nearly constant)."""

    def __init__(self, spans: list[Span], keys: list[K]) -> None:
        self.spans = spans
        self.keys = keys
        self.position = {span: i for i, span in enumerate(spans)}
        self.parent = list(range(len(spans) + 1))

    def is_free(self, i: int) -> bool:
        return self.parent[i] == i

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def remove(self, span: Span) -> bool:
        """Frees nothing twice; False when the span is not one of these."""
        i = self.position.get(span)
        if i is None:
            return False
        self.parent[i] = i + 1
        return True


def tally_pairs(pairs: Pairs, gold_left: list[Span], pred_left: list[Span]) -> Tally:
    exact_same = exact_other = overlap_same = overlap_other = 0
    for g, p in pairs:
        if g[0] == p[0] and g[1] == p[1]:
            if g[2] == p[2]:
                exact_same += 1
            else:
                exact_other += 1
        elif g[2] == p[2]:
            overlap_same += 1
        else:
            overlap_other += 1
    return exact_same, exact_other, overlap_same, overlap_other, len(gold_left), len(pred_left)


# The fast path: the same rule, most of the per-mention work done by set operations in C. Per document:
# one corpus-wide pass was measured 3-4 times slower (large sets and dicts lose the cache).


def tally(gold: list[Triple], pred: list[Triple]) -> Tally:
    """One document's six numbers. Equal triples pair first (the rule pairs same-type equal boundaries first),
    then equal boundaries, then overlaps among what is left. A document where a side repeats a mention, or
    two leftovers share boundaries, goes to the general matcher instead."""
    if not gold or not pred:
        return 0, 0, 0, 0, len(gold), len(pred)
    gold_set, pred_set = set(gold), set(pred)
    exact_same = len(common := gold_set & pred_set)
    n_gold, n_pred = len(gold), len(pred)
    if exact_same in (n_gold, n_pred) and len(gold_set) == n_gold and len(pred_set) == n_pred:
        return exact_same, 0, 0, 0, n_gold - exact_same, n_pred - exact_same
    gold_at = {(s, e): label for s, e, label in gold_set - common}
    pred_at = {(s, e): label for s, e, label in pred_set - common}
    if len(gold_at) + exact_same < n_gold or len(pred_at) + exact_same < n_pred:
        return tally_pairs(*pair_spans(indexed(gold), indexed(pred)))
    exact_other = len(same_bounds := gold_at.keys() & pred_at.keys())
    overlap_same = overlap_other = 0
    if exact_other < len(gold_at) and exact_other < len(pred_at):
        # Boundaries are now unique per side, so the sort key is total before the index, a dummy here.
        gold_left = [(s, e, label, 0) for (s, e), label in gold_at.items() if (s, e) not in same_bounds]
        pred_left = [(s, e, label, 0) for (s, e), label in pred_at.items() if (s, e) not in same_bounds]
        for g, p in pair_overlapping(gold_left, pred_left)[0]:
            if g[2] == p[2]:
                overlap_same += 1
            else:
                overlap_other += 1
    paired = exact_same + exact_other + overlap_same + overlap_other
    return exact_same, exact_other, overlap_same, overlap_other, n_gold - paired, n_pred - paired


def group_by_label(gold: Iterable[Triple], pred: Iterable[Triple]) -> dict[str, Sides]:
    groups: dict[str, Sides] = {}
    for triple in gold:
        groups.setdefault(triple[2], ([], []))[0].append(triple)
    for triple in pred:
        groups.setdefault(triple[2], ([], []))[1].append(triple)
    return groups


def label_matches(gold: list[Triple], pred: list[Triple]) -> tuple[list[str], list[str]]:
    """Labels of the exact and of the overlapping pairs when each label is scored on its own mentions. Within
    a label equal boundaries mean equal triples, so one set intersection pairs them for all labels at once."""
    gold_set, pred_set = set(gold), set(pred)
    exact: list[str] = []
    overlap: list[str] = []
    if len(gold_set) < len(gold) or len(pred_set) < len(pred):
        for label, (g, p) in group_by_label(gold, pred).items():
            tallied = tally(g, p)
            exact += [label] * tallied[0]
            overlap += [label] * tallied[2]
        return exact, overlap
    common = gold_set & pred_set
    exact += map(LABEL, common)
    if len(common) < len(gold) and len(common) < len(pred):
        for label, (g, p) in group_by_label(gold_set - common, pred_set - common).items():
            if g and p:
                overlap += [label] * len(pair_overlapping(indexed(g), indexed(p))[0])
    return exact, overlap


def tallies_by_label(
    gold: Iterable[str], pred: Iterable[str], exact: Iterable[str], overlap: Iterable[str]
) -> dict[str, Tally]:
    """Label -> six numbers, labels sorted, from the labels of all mentions and of their pairs."""
    gold_n, pred_n, exact_n, overlap_n = Counter(gold), Counter(pred), Counter(exact), Counter(overlap)
    tallies: dict[str, Tally] = {}
    for label in sorted(gold_n.keys() | pred_n.keys()):
        matched, partly = exact_n[label], overlap_n[label]
        paired = matched + partly
        tallies[label] = (matched, 0, partly, 0, gold_n[label] - paired, pred_n[label] - paired)
    return tallies


def counts_from_tally(tallied: Tally) -> dict[str, Counts]:
    """Scheme -> counts; a fresh dict each call, of shared (frozen) Counts."""
    return dict(zip(SCHEMES, scheme_counts(tallied), strict=True))


@lru_cache(maxsize=1 << 14)
def scheme_counts(tallied: Tally) -> tuple[Counts, ...]:
    """The four schemes' counts in `SCHEMES` order. Cached: documents repeat the same few small tallies, and
    building the frozen Counts was most of the per-document cost."""
    exact_same, exact_other, overlap_same, overlap_other, missed, spurious = tallied
    exact = exact_same + exact_other
    overlap = overlap_same + overlap_other
    return (
        Counts(exact_same, exact_other + overlap, 0, missed, spurious),
        Counts(exact, overlap, 0, missed, spurious),
        Counts(exact, 0, overlap, missed, spurious),
        Counts(exact_same + overlap_same, exact_other + overlap_other, 0, missed, spurious),
    )


def scored(tallied: Tally) -> dict[str, dict[str, Any]]:
    return {scheme: counts.as_dict(scheme) for scheme, counts in counts_from_tally(tallied).items()}


# The public functions.


def align(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> Alignment:
    """The pairs behind one document's counts, as indices into `gold` and `predicted`, in gold order."""
    gold_spans, pred_spans = indexed(to_triples(gold, "gold")), indexed(to_triples(predicted, "predicted"))
    pairs, gold_left, pred_left = pair_spans(gold_spans, pred_spans)
    return Alignment(
        pairs=sorted((g[3], p[3]) for g, p in pairs),
        missed=[g[3] for g in gold_left],
        spurious=[p[3] for p in pred_left],
    )


def count_document(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> dict[str, Counts]:
    """Scheme -> counts for one document."""
    return counts_from_tally(tally(to_triples(gold, "gold"), to_triples(predicted, "predicted")))


def count_document_by_label(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, Counts]]:
    """Label -> scheme -> counts, each label scored on its own mentions only (as nervaluate's per-entity
    results), so a prediction of the wrong type is spurious under its label and the gold one missed under its
    own. Labels are those present, sorted."""
    gold_triples, pred_triples = to_triples(gold, "gold"), to_triples(predicted, "predicted")
    exact, overlap = label_matches(gold_triples, pred_triples)
    tallies = tallies_by_label(map(LABEL, gold_triples), map(LABEL, pred_triples), exact, overlap)
    return {label: counts_from_tally(tallied) for label, tallied in tallies.items()}


def documents(
    gold: Sequence[Sequence[Mapping[str, Any]]], predicted: Sequence[Sequence[Mapping[str, Any]]]
) -> Iterator[tuple[list[Triple], list[Triple]]]:
    """Each document's gold and predicted triples; an error names the document."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predicted; they must pair up")
    for index, (gold_doc, pred_doc) in enumerate(zip(gold, predicted, strict=True)):
        try:
            yield to_triples(gold_doc, "gold"), to_triples(pred_doc, "predicted")
        except ValueError as error:
            raise ValueError(f"document {index}: {error}") from None


def score_mentions(
    gold: Sequence[Sequence[Mapping[str, Any]]], predicted: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """Micro-averaged counts and metrics per scheme; gold[i] and predicted[i] are the same document."""
    a = b = c = d = e = f = 0
    for gold_doc, pred_doc in documents(gold, predicted):
        da, db, dc, dd, de, df = tally(gold_doc, pred_doc)
        a, b, c, d, e, f = a + da, b + db, c + dc, d + dd, e + de, f + df
    return scored((a, b, c, d, e, f))


def score_mentions_by_label(
    gold: Sequence[Sequence[Mapping[str, Any]]], predicted: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Label -> scheme -> micro-averaged counts and metrics as `score_mentions`, each label on its own
    mentions (see `count_document_by_label`); labels are those present in gold or predictions, sorted."""
    gold_labels: list[str] = []
    pred_labels: list[str] = []
    exact: list[str] = []
    overlap: list[str] = []
    for gold_doc, pred_doc in documents(gold, predicted):
        gold_labels += map(LABEL, gold_doc)
        pred_labels += map(LABEL, pred_doc)
        doc_exact, doc_overlap = label_matches(gold_doc, pred_doc)
        exact += doc_exact
        overlap += doc_overlap
    tallies = tallies_by_label(gold_labels, pred_labels, exact, overlap)
    return {label: scored(tallied) for label, tallied in tallies.items()}


def count_document_all(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """`count_document` and `count_document_by_label` of one document in one call, the mentions made tuples
    once. Both matchings are still made: they differ (the per-label one never sees the other types)."""
    gold_triples, pred_triples = to_triples(gold, "gold"), to_triples(predicted, "predicted")
    counts = counts_from_tally(tally(gold_triples, pred_triples))
    exact, overlap = label_matches(gold_triples, pred_triples)
    tallies = tallies_by_label(map(LABEL, gold_triples), map(LABEL, pred_triples), exact, overlap)
    return counts, {label: counts_from_tally(tallied) for label, tallied in tallies.items()}
