"""The `rules` extractor: a multilingual (en, de, ru) baseline from general-language patterns only.

It holds no named-entity gazetteer and nothing taken from the gold: its score is a reference point for what
capitalisation, title words, head nouns, month names and cue words alone achieve.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.extractors.rules.agreements import agreements
from paradiplomacy.extractors.rules.dates import dates, money
from paradiplomacy.extractors.rules.lexicon import LANGUAGES
from paradiplomacy.extractors.rules.names import name_mentions
from paradiplomacy.extractors.rules.sectors import sectors_in
from paradiplomacy.extractors.rules.text import Mention

__all__ = ["extract", "mentions", "prediction"]


def mentions(text: str, language: str, extra: Sequence[Mention] = ()) -> list[Mention]:
    """Non-overlapping mentions in text order; of overlapping candidates the longer, then lower rank, wins.

    `extra` candidates (a gazetteer's) compete with the patterns' on the same terms.
    """
    numbers = dates(text, language) + money(text, language)
    candidates = numbers + name_mentions(text, language, _resolve(numbers)) + list(extra)
    return _resolve(candidates)


def _resolve(candidates: list[Mention]) -> list[Mention]:
    taken: list[Mention] = []
    for candidate in sorted(candidates, key=lambda m: (m.start - m.end, m.rank, m.start, m.label)):
        if candidate.end > candidate.start and all(
            candidate.end <= t.start or t.end <= candidate.start for t in taken
        ):
            taken.append(candidate)
    return sorted(taken)


def extract(document: Mapping[str, Any]) -> dict[str, Any]:
    language = document["language"] if document["language"] in LANGUAGES else "en"
    return prediction(document, mentions(document["text"], language), "rules")


def prediction(document: Mapping[str, Any], found: list[Mention], extractor: str) -> dict[str, Any]:
    """The prediction record for `found` mentions: entities, agreements from cue words, sectors."""
    text = document["text"]
    entities = []
    for m in found:
        entity: dict[str, Any] = {
            "label": m.label,
            "text": text[m.start : m.end],
            "start": m.start,
            "end": m.end,
        }
        if m.canonical:
            entity["canonical"] = m.canonical
        entities.append(entity)
    return {
        "doc_id": document["doc_id"],
        "entities": entities,
        "agreements": agreements(text, found),
        "sectors": sectors_in(text),
        "meta": {"extractor": extractor},
    }
