"""Is an article already in the corpus? Same bytes, or the same text near enough (word 5-gram containment).

Containment (the share of the new text's 5-grams found in a seed) catches a re-saved page with different
boilerplate as well as a seed whose body is stored twice; a threshold of 0.8 leaves room for an edited lead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SHINGLE = 5
NEAR = 0.8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Duplicate:
    path: Path
    similarity: float


def shingles(text: str) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def find_duplicate(text: str, seeds: Path) -> Duplicate | None:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    mine = shingles(text)
    best: Duplicate | None = None
    for path in sorted(seeds.glob("*.txt")):
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == digest:
            return Duplicate(path, 1.0)
        theirs = shingles(data.decode("utf-8", errors="replace"))
        if not mine or not theirs:
            continue
        similarity = max(len(mine & theirs) / len(mine), len(mine & theirs) / len(theirs))
        if similarity >= NEAR and (best is None or similarity > best.similarity):
            best = Duplicate(path, similarity)
    return best
