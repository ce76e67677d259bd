"""One document's text with its gold and predicted mentions marked inline, in the manner of displaCy's entity
view, when spans overlap, nest or cross.

Every pair of the results' one-to-one matching (and every correct gold mention, which the results leave
implicit) becomes one *item* covering the union of its gold and predicted spans. Items nest as HTML elements
where they nest in the text; where two items cross, the inner one is closed at the crossing and reopened after
it as a continuation fragment. So each item has exactly one element carrying `data-outcome` and `data-label`
(the stable contract tests and tools read); fragments carry `data-part="cont"` instead. Inside a paired item
whose spans differ, the text is split where either span starts or ends, and each piece says whether it lies in
the gold span only, the prediction only, or both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from paradiplomacy.scoring.pairs import OUTCOMES

# What each outcome shows after the label, so the page reads without colour.
GLYPHS = {
    "correct": "✓",
    "boundary": "↔",
    "label": "≠",
    "boundary-label": "↔≠",
    "missed": "✗ missed",
    "spurious": "+ spurious",
}


@dataclass(frozen=True)
class Item:
    """One highlighted element: a pair, or a gold mention or prediction on its own."""

    outcome: str
    gold: Mapping[str, Any] | None
    predicted: Mapping[str, Any] | None

    @property
    def start(self) -> int:
        return min(side["start"] for side in (self.gold, self.predicted) if side)

    @property
    def end(self) -> int:
        return max(side["end"] for side in (self.gold, self.predicted) if side)

    @property
    def label(self) -> str:
        side = self.gold or self.predicted
        assert side is not None
        return str(side["label"])


def items(gold_mentions: Sequence[Mapping[str, Any]], pairs: Sequence[Mapping[str, Any]]) -> list[Item]:
    """The listed pairs, plus a `correct` item for every gold mention no pair names (results omit those)."""
    out = [Item(p["outcome"], p.get("gold"), p.get("predicted")) for p in pairs]
    listed = Counter((g["start"], g["end"], g["label"]) for g in (p.get("gold") for p in pairs) if g)
    for mention in gold_mentions:
        key = (mention["start"], mention["end"], mention["label"])
        if listed[key]:
            listed[key] -= 1
            continue
        out.append(Item("correct", mention, mention))
    return sorted(out, key=lambda i: (i.start, -i.end, OUTCOMES.index(i.outcome)))


def _describe(side: Mapping[str, Any] | None, text: str) -> str:
    if not side:
        return "none"
    canonical = side.get("canonical")
    surface = text[side["start"] : side["end"]]
    out = f"{side['label']} “{surface}” [{side['start']}, {side['end']})"
    return out + (f" · canonical: {canonical}" if canonical else "")


def tooltip(item: Item, text: str) -> str:
    return f"{item.outcome}\ngold: {_describe(item.gold, text)}\npredicted: {_describe(item.predicted, text)}"


def _tag(item: Item) -> str:
    gold, predicted = item.gold, item.predicted
    if gold and predicted and gold["label"] != predicted["label"]:
        label = f"{gold['label']}→{predicted['label']}"
    else:
        label = item.label
    return f'<span class="tag" aria-hidden="true">{escape(label)} {GLYPHS[item.outcome]}</span>'


def _open(item: Item, index: int, text: str, first: bool) -> str:
    attributes = [f'class="ent o-{item.outcome}"', f'data-item="{index}"']
    if first:
        attributes += [f'data-outcome="{item.outcome}"', f'data-label="{escape(item.label)}"']
        if item.predicted:
            attributes.append(f'data-predicted-label="{escape(str(item.predicted["label"]))}"')
        attributes += [f'data-start="{item.start}"', f'data-end="{item.end}"']
        for name, side in (("gold", item.gold), ("predicted", item.predicted)):
            if side:
                attributes.append(f'data-{name}="{side["start"]}-{side["end"]}"')
    else:
        attributes.append('data-part="cont"')
    attributes.append(f'title="{escape(tooltip(item, text))}"')
    return f"<mark {' '.join(attributes)}>"


def _piece(item: Item | None, start: int, end: int, text: str) -> str:
    """Escaped text; inside a pair whose spans differ, marked as gold-only, prediction-only or both."""
    chunk = escape(text[start:end], quote=False)
    if item is None or item.gold is None or item.predicted is None:
        return chunk
    gold, predicted = item.gold, item.predicted
    if (gold["start"], gold["end"]) == (predicted["start"], predicted["end"]):
        return chunk
    in_gold = gold["start"] <= start and end <= gold["end"]
    in_predicted = predicted["start"] <= start and end <= predicted["end"]
    where = "both" if in_gold and in_predicted else "gold-only" if in_gold else "predicted-only"
    return f'<span class="{where}">{chunk}</span>'


def _split_pair(found: Sequence[Item], stack: list[int]) -> Item | None:
    """The innermost open pair whose gold and predicted spans differ: its pieces are marked even inside a
    mention nested in it (a missed GPE inside a predicted ROLE that is longer than the gold one)."""
    for index in reversed(stack):
        gold, predicted = found[index].gold, found[index].predicted
        if gold and predicted and (gold["start"], gold["end"]) != (predicted["start"], predicted["end"]):
            return found[index]
    return None


def render(text: str, found: Sequence[Item]) -> str:
    """The text as HTML, every item one element (plus continuation fragments where items cross)."""
    cuts = {0, len(text)}
    for item in found:
        for side in (item.gold, item.predicted):
            if side:
                cuts.update((side["start"], side["end"]))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    starting: dict[int, list[int]] = {}
    for index, item in enumerate(found):
        starting.setdefault(item.start, []).append(index)
    stack: list[int] = []  # indices of the items whose element is open, outermost first
    out: list[str] = []
    for here, after in zip(points, [*points[1:], len(text)], strict=True):
        ending = [position for position, index in enumerate(stack) if found[index].end == here]
        if ending:
            lowest = min(ending)
            reopen = [index for index in stack[lowest:] if found[index].end != here]
            for index in reversed(stack[lowest:]):
                if found[index].end == here:
                    out.append(_tag(found[index]))
                out.append("</mark>")
            del stack[lowest:]
            for index in reopen:
                out.append(_open(found[index], index, text, first=False))
                stack.append(index)
        for index in sorted(starting.get(here, []), key=lambda i: -found[i].end):
            out.append(_open(found[index], index, text, first=True))
            stack.append(index)
        if after > here:
            out.append(_piece(_split_pair(found, stack), here, after, text))
    for index in reversed(stack):
        out.append(_tag(found[index]) + "</mark>")
    return "".join(out)
