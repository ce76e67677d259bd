"""Markdown rendering shared by the guidelines, the dataset card and the leaderboard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from paradiplomacy.vocabulary import vocabulary


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, header)) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return "\n".join(lines)


def vocabulary_table(key: str) -> str:
    """A vocabulary as a table: label, definition, then one column per crosswalk."""
    vocab = vocabulary(key)
    columns = list(vocab.crosswalk_columns.values())
    rows = [[f"`{t.name}`", t.definition, *(t.crosswalk.get(c, "–") for c in columns)] for t in vocab.terms]
    return table(["label", "definition", *columns], rows)
