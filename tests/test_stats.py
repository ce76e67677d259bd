"""Corpus statistics, checked against counts taken straight from the annotation files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_dataset_corpus import annotation_records, source_corpus

from paradiplomacy import stats, vocabulary
from paradiplomacy.cli import main
from paradiplomacy.dataset.sources import load_documents


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return source_corpus(tmp_path_factory.mktemp("stats"))


@pytest.fixture(scope="module")
def records(corpus: tuple[Path, Path]) -> list[dict[str, Any]]:
    return annotation_records(corpus[0])


@pytest.fixture(scope="module")
def computed(corpus: tuple[Path, Path]) -> stats.CorpusStats:
    return stats.compute(load_documents(*corpus))


def test_mentions_per_label_and_language(computed: stats.CorpusStats, records: list[dict[str, Any]]) -> None:
    expected = Counter((e["label"], r["language"]) for r in records for e in r["entities"])
    assert set(computed.mentions) == set(vocabulary.entity_labels())
    for label, row in computed.mentions.items():
        assert set(row) == set(vocabulary.languages())
        for language, count in row.items():
            assert count == expected[label, language]
    assert computed.total_mentions() == sum(len(r["entities"]) for r in records)


def test_agreements_per_type_and_status(computed: stats.CorpusStats, records: list[dict[str, Any]]) -> None:
    expected = Counter((a["type"], a["status"]) for r in records for a in r["agreements"])
    assert {(t, s): n for t, row in computed.agreements.items() for s, n in row.items() if n} == dict(
        expected
    )


def test_sectors_per_document(computed: stats.CorpusStats, records: list[dict[str, Any]]) -> None:
    assert [(d.doc_id, d.sectors) for d in computed.documents] == [
        (r["doc_id"], r["sectors"]) for r in records
    ]
    expected = Counter(s for r in records for s in r["sectors"])
    assert computed.sector_documents == {s: expected[s] for s in vocabulary.sectors()}


def test_markdown_has_a_total_row_matching_the_files(computed: stats.CorpusStats, records: list[Any]) -> None:
    markdown = stats.render_markdown(computed)
    total = sum(len(r["entities"]) for r in records)
    assert "| **total** | " in markdown
    assert f"{total} entity mentions" in markdown
    assert all(f"`{label}`" in markdown for label in vocabulary.entity_labels())


@pytest.mark.parametrize("style", ["table", "markdown", "json"])
def test_command_prints_each_format(
    corpus: tuple[Path, Path], records: list[Any], style: str, capsys
) -> None:
    annotations, seeds = corpus
    assert main(["stats", "--annotations", str(annotations), "--seeds", str(seeds), "--format", style]) == 0
    out = capsys.readouterr().out
    if style == "json":
        data = json.loads(out)
        assert [d["doc_id"] for d in data["documents"]] == [r["doc_id"] for r in records]
    else:
        assert f"{len(records)} documents" in out


def test_command_refuses_a_missing_folder(tmp_path: Path, capsys) -> None:
    assert main(["stats", "--annotations", str(tmp_path / "none"), "--seeds", str(tmp_path)]) == 1
    assert f"{tmp_path / 'none'}: annotation folder not found" in capsys.readouterr().err
