"""The paired error listing: which gold mention was matched with which prediction, and how they differ.

Computed once, by `evaluate`, from the same one-to-one matching as the counts (`mentions.align`), and stored
per document in the results (`per_document/DOC/errors/mentions/pairs`), so the HTML report and the terminal
listing read the same pairs and never re-match. Every pair is classified by one outcome:

==================  ===========================================================================
outcome             the gold mention and its prediction
==================  ===========================================================================
``correct``         same boundaries, same label (not listed: every gold mention not in a pair is correct)
``boundary``        same label, other boundaries (they overlap)
``label``           same boundaries, other label
``boundary-label``  other boundaries and other label
``missed``          a gold mention without a prediction
``spurious``        a prediction without a gold mention
==================  ===========================================================================

The outcomes partition the SemEval-2013 counts, so each is recoverable from them (`outcome_counts`):
``correct`` is strict's correct, ``label`` is exact's correct minus strict's, ``boundary`` is type's correct
minus strict's, ``boundary-label`` the rest of strict's incorrect; missed and spurious are shared by all
schemes. A results file whose pairs disagree with its counts has been edited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.scoring.mentions import align

OUTCOMES: tuple[str, ...] = ("correct", "boundary", "label", "boundary-label", "missed", "spurious")
ERROR_OUTCOMES = OUTCOMES[1:]
# The order of a headline mention count vector (`evaluate.MENTION_FIELDS`).
CORRECT, INCORRECT, PARTIAL, MISSED, SPURIOUS = range(5)


def outcome(gold: Mapping[str, Any] | None, predicted: Mapping[str, Any] | None) -> str:
    """The outcome of one pair; None on a side means that side is absent."""
    if predicted is None:
        return "missed"
    if gold is None:
        return "spurious"
    same_span = (gold["start"], gold["end"]) == (predicted["start"], predicted["end"])
    same_label = gold["label"] == predicted["label"]
    if same_span:
        return "correct" if same_label else "label"
    return "boundary" if same_label else "boundary-label"


def _side(entity: Mapping[str, Any]) -> dict[str, Any]:
    side = {"start": entity["start"], "end": entity["end"], "label": entity["label"], "text": entity["text"]}
    if entity.get("canonical"):
        side["canonical"] = entity["canonical"]
    return side


def mention_pairs(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Every pair that is not `correct`, by position: {outcome, gold, predicted}, an absent side left out.

    Correct pairs are left out to keep results small: they are the gold mentions not listed here."""
    alignment = align(gold, predicted)
    listed: list[dict[str, Any]] = []
    for i, j in alignment.pairs:
        kind = outcome(gold[i], predicted[j])
        if kind != "correct":
            listed.append({"outcome": kind, "gold": _side(gold[i]), "predicted": _side(predicted[j])})
    listed += [{"outcome": "missed", "gold": _side(gold[i])} for i in alignment.missed]
    listed += [{"outcome": "spurious", "predicted": _side(predicted[j])} for j in alignment.spurious]
    return sorted(listed, key=position)


def position(pair: Mapping[str, Any]) -> tuple[int, int, int, int]:
    """Sort key: where the pair starts in the text, then where it ends; gold before prediction on ties."""
    gold, predicted = pair.get("gold"), pair.get("predicted")
    spans = [(s["start"], s["end"]) for s in (gold, predicted) if s]
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    return start, end, 0 if gold else 1, gold["start"] if gold else 0


def outcome_counts(counts: Mapping[str, Sequence[int]]) -> dict[str, int] | None:
    """Outcome -> number, from one document's (or the corpus's) headline mention counts; None without them."""
    try:
        strict, exact, type_ = counts["mentions.strict"], counts["mentions.exact"], counts["mentions.type"]
    except KeyError:
        return None
    label = exact[CORRECT] - strict[CORRECT]
    boundary = type_[CORRECT] - strict[CORRECT]
    return {
        "correct": strict[CORRECT],
        "boundary": boundary,
        "label": label,
        "boundary-label": strict[INCORRECT] - label - boundary,
        "missed": strict[MISSED],
        "spurious": strict[SPURIOUS],
    }


def listed_counts(pairs: Sequence[Mapping[str, Any]], gold_mentions: int) -> dict[str, int]:
    """Outcome -> number, from a pair listing and the document's number of gold mentions."""
    found = Counter(pair["outcome"] for pair in pairs)
    with_gold = sum(1 for pair in pairs if pair.get("gold"))
    return {"correct": gold_mentions - with_gold, **{kind: found[kind] for kind in ERROR_OUTCOMES}}
