"""Agreements from cue words, one per sentence that names a document or an agreeing verb.

The document word gives the type (memorandum, road map, twinning, contract, agreement; none: verbal), the verb
gives the status (signed, agreed, proposed, established), a past marker turns a signing into `in_force`.
Parties are the place and body names found in the sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from paradiplomacy.extractors.rules import lexicon as lx
from paradiplomacy.extractors.rules.sectors import sectors_in
from paradiplomacy.extractors.rules.text import Mention, alternation, word
from paradiplomacy.vocabulary import agreement_role_labels

SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[»\"”)]?|$)", re.MULTILINE)
PARTY_LABELS = agreement_role_labels("party")
FULL_DATE = re.compile(r"^(?:\d{4}|--\d\d)(?:-\d\d){0,2}(?:/.+)?$")


@cache
def cue_patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]], re.Pattern[str]]:
    types = {k: re.compile(word(alternation(v)), re.IGNORECASE) for k, v in lx.AGREEMENT_TYPES.items()}
    statuses = {k: re.compile(word(alternation(v)), re.IGNORECASE) for k, v in lx.AGREEMENT_STATUS.items()}
    return types, statuses, re.compile(word(alternation(lx.HISTORY_CUES)), re.IGNORECASE)


def classify(sentence: str) -> tuple[str, str] | None:
    """(type, status) for a sentence, or None when it reports no arrangement."""
    types, statuses, history = cue_patterns()
    kind = next((k for k, p in types.items() if p.search(sentence)), None)
    status = next((s for s, p in statuses.items() if p.search(sentence)), None)
    if status is None:
        return None
    if kind is None:
        if status != "agreed":
            return None
        kind = lx.VERBAL_TYPE
    if status == "signed" and history.search(sentence):
        status = "in_force"
    return kind, status


def agreements(text: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for match in SENTENCE.finditer(text):
        verdict = classify(match.group())
        if verdict is None:
            continue
        inside = [m for m in mentions if match.start() <= m.start and m.end <= match.end()]
        parties = tuple(dict.fromkeys(text[m.start : m.end] for m in inside if m.label in PARTY_LABELS))
        key = (*verdict, tuple(sorted(parties)))
        if key in seen:  # a repeated paragraph reports the same arrangement again
            continue
        seen.add(key)
        record: dict[str, Any] = {
            "type": verdict[0],
            "status": verdict[1],
            "parties": list(parties),
            "sectors": sectors_in(match.group()),
        }
        dates = [
            m.canonical for m in inside if m.label == "DATE" and m.canonical and FULL_DATE.match(m.canonical)
        ]
        if dates:
            record["date"] = dates[0]
        found.append(record)
    return found
