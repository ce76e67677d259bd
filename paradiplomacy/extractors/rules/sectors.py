"""Sectors from keyword stems (any language): a sector is predicted wherever one of its words occurs."""

from __future__ import annotations

import re
from functools import cache

from paradiplomacy.extractors.rules.lexicon import SECTORS


@cache
def sector_patterns() -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile("|".join(f"(?:{stem})" for stem in stems), re.IGNORECASE)
        for name, stems in SECTORS.items()
    }


def sectors_in(text: str) -> list[str]:
    """Sector names in vocabulary order, so output is deterministic."""
    return [name for name, pattern in sector_patterns().items() if pattern.search(text)]
