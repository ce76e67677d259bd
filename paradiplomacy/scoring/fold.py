"""Per-document count rows, folded into results: what `evaluate` keeps of a document once it is scored.

Every score in a results object is a function of per-document counts (the module docstring of
`evaluate.py`), so a scored document is reduced at once to one row of numbers and its errors are written out
or dropped; nothing else of it is kept. A corpus of 100,000 documents then holds about 3 KB a document
(`docs/scaling.md`), whatever the documents' size, and documents can be scored in any order.

A row is float64: the bootstrap multiplies resample weights with these columns as one BLAS product, and every
count and every weighted sum of counts stays far below 2**53, so the sums are exact integers. Column layout
(`Layout`): the four mention schemes' five SemEval counts, [tp, fp, fn] for the four tally layers,
[tp, fp, fn] per sector in vocabulary order; then, in a block of its own per label, the label's five counts
per scheme and its text [tp, fp, fn].
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from paradiplomacy.scoring.mentions import SCHEMES, Counts
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.uncertainty import Columns

MENTION_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
TALLY_FIELDS = ("tp", "fp", "fn")
TALLY_LAYERS = ("mentions_text", "entities", "agreement_types", "agreements")
_MENTION_WIDTH = len(SCHEMES) * len(MENTION_FIELDS)
LABEL_WIDTH = _MENTION_WIDTH + len(TALLY_FIELDS)  # a label's scheme counts, then its text tally
LABEL_TEXT = slice(_MENTION_WIDTH, LABEL_WIDTH)  # a label block's text [tp, fp, fn]


@dataclass(frozen=True)
class Layout:
    """Where each count sits in a document's headline row."""

    sectors: tuple[str, ...]

    @property
    def width(self) -> int:
        return _MENTION_WIDTH + len(TALLY_LAYERS) * 3 + len(self.sectors) * 3

    @property
    def mentions(self) -> slice:
        """All four schemes' counts: the start of the headline row and of every label block."""
        return slice(0, _MENTION_WIDTH)

    def scheme(self, scheme: str) -> slice:
        start = SCHEMES.index(scheme) * len(MENTION_FIELDS)
        return slice(start, start + len(MENTION_FIELDS))

    def tally(self, layer: str) -> slice:
        start = _MENTION_WIDTH + TALLY_LAYERS.index(layer) * 3
        return slice(start, start + 3)

    @property
    def sector_columns(self) -> slice:
        start = _MENTION_WIDTH + len(TALLY_LAYERS) * 3
        return slice(start, start + len(self.sectors) * 3)


@dataclass
class Row:
    """One scored document: its headline row, its label rows (only labels it has) and its language."""

    headline: list[int]
    labels: dict[str, list[int]]  # label -> LABEL_WIDTH counts
    mention_labels: frozenset[str]  # labels with offset mentions on either side (`count_document_by_label`)
    text_labels: frozenset[str]  # labels with mentions on either side, scored by text
    entities: int  # predicted entities, and how many of them give offsets: whether mention scores apply
    with_offsets: int


def document_row(
    layout: Layout,
    mentions: Mapping[str, Counts],
    mentions_by_label: Mapping[str, Mapping[str, Counts]],
    tallies: Mapping[str, Tally],
    text_by_label: Mapping[str, Tally],
    sector_row: Sequence[int],
    *,
    entities: int,
    with_offsets: int,
) -> Row:
    """A document's `Row` from its scores (`evaluate._score_document`), in the order of `Layout`. Plain
    lists: numpy would cost more per document than the numbers are worth."""
    headline = [x for scheme in SCHEMES for x in _five(mentions.get(scheme))]
    for layer in TALLY_LAYERS:
        headline += tallies[layer].as_list()
    headline += sector_row
    labels: dict[str, list[int]] = {}
    empty: Mapping[str, Counts] = {}
    for label in {*mentions_by_label, *text_by_label}:
        schemes = mentions_by_label.get(label, empty)
        block = [x for scheme in SCHEMES for x in _five(schemes.get(scheme))]
        labels[label] = block + text_by_label.get(label, Tally()).as_list()
    return Row(
        headline,
        labels,
        frozenset(mentions_by_label),
        frozenset(text_by_label),
        entities=entities,
        with_offsets=with_offsets,
    )


def _five(counts: Counts | None) -> list[int]:
    if counts is None:
        return [0, 0, 0, 0, 0]
    return [counts.correct, counts.incorrect, counts.partial, counts.missed, counts.spurious]


class Fold:
    """Rows of the documents scored so far, by position in doc-id order; any order of `put` gives the same."""

    def __init__(self, doc_ids: Sequence[str], languages: Sequence[str], layout: Layout) -> None:
        self.doc_ids = list(doc_ids)
        self.languages = list(languages)
        self.layout = layout
        self.headline = np.zeros((len(self.doc_ids), layout.width))
        self.labels: dict[str, np.ndarray] = {}  # label -> (documents, LABEL_WIDTH), made when first met
        self.mention_present: dict[str, np.ndarray] = {}  # label -> (documents,) bool
        self.text_present: dict[str, np.ndarray] = {}
        self.entities = 0
        self.with_offsets = 0

    def put(self, position: int, row: Row) -> None:
        self.headline[position] = row.headline
        for label, block in row.labels.items():
            if label not in self.labels:
                self.labels[label] = np.zeros((len(self.doc_ids), LABEL_WIDTH))
                self.mention_present[label] = np.zeros(len(self.doc_ids), dtype=bool)
                self.text_present[label] = np.zeros(len(self.doc_ids), dtype=bool)
            self.labels[label][position] = block
            self.mention_present[label][position] = label in row.mention_labels
            self.text_present[label][position] = label in row.text_labels
        self.entities += row.entities
        self.with_offsets += row.with_offsets

    @property
    def offsets_apply(self) -> bool:
        """Mention scores need offsets: they apply when any prediction gives them, or none predicts any."""
        return self.with_offsets > 0 or not self.entities

    def column(self, columns: slice) -> np.ndarray:
        return self.headline[:, columns]

    def total(self, columns: slice) -> np.ndarray:
        return self.headline[:, columns].sum(axis=0)

    @cached_property
    def language_positions(self) -> dict[str, np.ndarray]:
        """Language -> positions of its documents, languages in order of first appearance."""
        codes = np.array(self.languages, dtype=object)
        return {language: np.flatnonzero(codes == language) for language in dict.fromkeys(self.languages)}

    def mention_labels(self) -> list[str]:
        """Labels some document has offset mentions of (gold or predicted)."""
        return [label for label, present in self.mention_present.items() if present.any()]

    def text_labels(self) -> list[str]:
        return [label for label, present in self.text_present.items() if present.any()]


def scheme_counts(total: np.ndarray, layout: Layout) -> dict[str, Counts]:
    """Scheme -> Counts from a summed headline row or label block (both start with the schemes' counts)."""
    return {scheme: Counts(*(int(x) for x in total[layout.scheme(scheme)])) for scheme in SCHEMES}


def as_tally(total: np.ndarray) -> Tally:
    return Tally(*(int(x) for x in total))


class PerDocument(Mapping[str, dict[str, Any]]):
    """`results["per_document"]`, made one entry at a time from the fold when read (or written out).

    Held as dictionaries, the entries of 100,000 documents take about 0.5 GiB; made on demand, nothing. `omit`
    drops metrics and error blocks of layers a system does not attempt (`subsets.not_attempted`).
    """

    def __init__(
        self,
        fold: Fold,
        headline: Mapping[str, Columns],
        offsets_apply: bool,
        errors: Mapping[str, dict[str, Any]] | None,
    ) -> None:
        self._fold = fold
        self._headline = dict(headline)
        self._offsets_apply = offsets_apply
        self._errors = errors
        self._omitted_errors: set[str] = set()
        self._position = {doc_id: index for index, doc_id in enumerate(fold.doc_ids)}

    def omit(self, metrics: Sequence[str], blocks: Sequence[str]) -> None:
        for name in metrics:
            self._headline.pop(name, None)
        self._omitted_errors.update(blocks)

    def __len__(self) -> int:
        return len(self._position)

    def __iter__(self) -> Iterator[str]:
        return iter(self._fold.doc_ids)

    def __contains__(self, key: object) -> bool:
        return key in self._position

    def __getitem__(self, doc_id: str) -> dict[str, Any]:
        return self.entries([doc_id])[0]

    def entries(self, doc_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The entries of some documents, made together: numpy turns a block of rows into Python integers
        far faster than it gives them one at a time (writing a large results file is mostly this)."""
        fold = self._fold
        positions = [self._position[doc_id] for doc_id in doc_ids]
        integers: dict[int, list[list[int]]] = {}  # each matrix's rows once

        def rows(matrix: np.ndarray) -> list[list[int]]:
            if id(matrix) not in integers:
                integers[id(matrix)] = matrix[positions].astype(np.int64).tolist()
            return integers[id(matrix)]

        strict = fold.layout.scheme("strict")
        labels = []  # (label, its rows, mentions present, text present) for labels some document has
        for label in sorted(fold.labels):
            mentions = fold.mention_present[label][positions] & self._offsets_apply
            text = fold.text_present[label][positions]
            if mentions.any() or text.any():
                labels.append((label, rows(fold.labels[label]), mentions.tolist(), text.tolist()))
        out = []
        for n, (doc_id, index) in enumerate(zip(doc_ids, positions, strict=True)):
            counts = {name: rows(where.matrix)[n][where.columns] for name, where in self._headline.items()}
            by_label: dict[str, dict[str, list[int]]] = {}
            for label, block, mentions, text in labels:
                if mentions[n]:
                    by_label[label] = {"mentions.strict": block[n][strict]}
                if text[n]:
                    by_label.setdefault(label, {})["mentions_text"] = block[n][LABEL_TEXT]
            entry: dict[str, Any] = {
                "language": fold.languages[index],
                "counts": counts,
                "by_label": by_label,
            }
            if self._errors is not None:
                errors = self._errors.get(doc_id, {})
                entry["errors"] = {k: v for k, v in errors.items() if k not in self._omitted_errors}
            out.append(entry)
        return out
