"""Corpus statistics: documents, mentions per label and language, agreements per type and status, sectors.

Returns data (`CorpusStats`), and renders it as Markdown (the dataset card), plain text (a terminal) or JSON.
Every vocabulary term appears, with 0 where the corpus has none, so gaps in coverage are visible.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from paradiplomacy import vocabulary
from paradiplomacy.corpus import Document
from paradiplomacy.markdown import table


@dataclass(frozen=True)
class DocumentStats:
    doc_id: str
    language: str
    characters: int
    mentions: int
    agreements: int
    sectors: list[str]


@dataclass(frozen=True)
class CorpusStats:
    documents: list[DocumentStats]
    mentions: dict[str, dict[str, int]]  # label -> language -> count
    agreements: dict[str, dict[str, int]]  # type -> status -> count
    sector_documents: dict[str, int]  # sector -> documents labelled with it

    @property
    def languages(self) -> tuple[str, ...]:
        return vocabulary.languages()

    def documents_in(self, language: str) -> int:
        return sum(1 for document in self.documents if document.language == language)

    def total_characters(self) -> int:
        return sum(document.characters for document in self.documents)

    def total_mentions(self) -> int:
        return sum(sum(row.values()) for row in self.mentions.values())

    def total_agreements(self) -> int:
        return sum(sum(row.values()) for row in self.agreements.values())

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


class StatsCollector:
    """Statistics gathered one document at a time, so a streaming build never holds the corpus."""

    def __init__(self) -> None:
        self.documents: list[DocumentStats] = []
        self.mentions: Counter[tuple[str, str]] = Counter()
        self.agreements: Counter[tuple[str, str]] = Counter()
        self.sectors: Counter[str] = Counter()

    def add(self, d: Document) -> None:
        self.mentions.update((e["label"], d.language) for e in d.entities)
        self.agreements.update((a["type"], a["status"]) for a in d.agreements)
        self.sectors.update(d.sectors)
        self.documents.append(
            DocumentStats(
                d.doc_id, d.language, len(d.text), len(d.entities), len(d.agreements), list(d.sectors)
            )
        )

    def merge(self, other: StatsCollector) -> None:
        """Add the documents another collector saw (after this one's, in order)."""
        self.documents += other.documents
        self.mentions.update(other.mentions)
        self.agreements.update(other.agreements)
        self.sectors.update(other.sectors)

    def result(self) -> CorpusStats:
        return CorpusStats(
            documents=list(self.documents),
            mentions={
                label: {lang: self.mentions[label, lang] for lang in vocabulary.languages()}
                for label in vocabulary.entity_labels()
            },
            agreements={
                kind: {status: self.agreements[kind, status] for status in vocabulary.agreement_statuses()}
                for kind in vocabulary.agreement_types()
            },
            sector_documents={sector: self.sectors[sector] for sector in vocabulary.sectors()},
        )


def compute(documents: Iterable[Document]) -> CorpusStats:
    collector = StatsCollector()
    for document in documents:
        collector.add(document)
    return collector.result()


def _with_totals(rows: dict[str, dict[str, int]], columns: Sequence[str]) -> list[list[object]]:
    body: list[list[object]] = [
        [f"`{k}`", *(v[c] for c in columns), sum(v.values())] for k, v in rows.items()
    ]
    column_totals = [sum(v[c] for v in rows.values()) for c in columns]
    body.append(["**total**", *column_totals, sum(column_totals)])
    return body


def documents_table(stats: CorpusStats) -> str:
    rows = [
        [f"`{d.doc_id}`", d.language, d.characters, d.mentions, d.agreements, ", ".join(d.sectors) or "–"]
        for d in stats.documents
    ]
    return table(["doc_id", "language", "characters", "mentions", "agreements", "sectors"], rows)


def mentions_table(stats: CorpusStats) -> str:
    return table(["label", *stats.languages, "total"], _with_totals(stats.mentions, stats.languages))


def agreements_table(stats: CorpusStats) -> str:
    statuses = vocabulary.agreement_statuses()
    return table(["type", *statuses, "total"], _with_totals(stats.agreements, statuses))


def sectors_table(stats: CorpusStats) -> str:
    return table(["sector", "documents"], [[f"`{s}`", n] for s, n in stats.sector_documents.items()])


def summary_sentence(stats: CorpusStats) -> str:
    languages = ", ".join(f"{stats.documents_in(lang)} {lang}" for lang in stats.languages)
    return (
        f"{len(stats.documents)} documents ({languages}), {stats.total_characters()} characters, "
        f"{stats.total_mentions()} entity mentions, {stats.total_agreements()} agreements."
    )


def render_markdown(stats: CorpusStats, heading: str = "###") -> str:
    sections = [
        summary_sentence(stats),
        f"{heading} Documents\n\n{documents_table(stats)}",
        f"{heading} Entity mentions per label and language\n\n{mentions_table(stats)}",
        f"{heading} Agreements per type and status\n\n{agreements_table(stats)}",
        f"{heading} Documents per sector\n\n{sectors_table(stats)}",
    ]
    return "\n\n".join(sections) + "\n"


def _plain(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[str(c).replace("`", "").replace("*", "") for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_table(stats: CorpusStats) -> str:
    """Plain aligned text for a terminal."""
    statuses = vocabulary.agreement_statuses()
    documents = [
        [d.doc_id, d.language, d.characters, d.mentions, d.agreements, ", ".join(d.sectors) or "-"]
        for d in stats.documents
    ]
    blocks = [
        summary_sentence(stats),
        _plain(["doc_id", "language", "characters", "mentions", "agreements", "sectors"], documents),
        _plain(["label", *stats.languages, "total"], _with_totals(stats.mentions, stats.languages)),
        _plain(["type", *statuses, "total"], _with_totals(stats.agreements, statuses)),
        _plain(["sector", "documents"], list(stats.sector_documents.items())),
    ]
    return "\n\n".join(blocks) + "\n"
