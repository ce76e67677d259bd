"""An example Python extractor: every four-digit year from 1900 to 2099 is a DATE, and nothing else.

Use it with `paradiplomacy predict --extractor years:extract` (with this folder on PYTHONPATH), or register it
in your own package's `pyproject.toml`:

    [project.entry-points."paradiplomacy.extractors"]
    years = "years:extract"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d])")


def extract(document: Mapping[str, Any]) -> dict[str, Any]:
    """A prediction for one document: offsets are code points into `text`, end exclusive."""
    text = document["text"]
    entities = [
        {"label": "DATE", "text": m.group(), "start": m.start(), "end": m.end(), "canonical": m.group()}
        for m in YEAR.finditer(text)
    ]
    return {"doc_id": document["doc_id"], "entities": entities, "agreements": [], "sectors": []}


class YearsBatch:
    """The same extractor offering `batch`, as a system that works on many documents at once would."""

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        return extract(document)

    def batch(self, documents: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [extract(document) for document in documents]
