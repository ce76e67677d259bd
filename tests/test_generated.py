"""Generated Markdown blocks: re-rendered from their sources, and `docs --check` catches a stale one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.errors import InputError
from paradiplomacy.generated import fill
from paradiplomacy.vocabulary import vocabulary


def test_fill_replaces_only_the_block_body() -> None:
    text = "before\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nafter\n"
    assert (
        fill(text, {"x": lambda: "new"})
        == "before\n<!-- generated:x -->\nnew\n<!-- /generated:x -->\nafter\n"
    )


def test_fill_names_an_unknown_block() -> None:
    with pytest.raises(InputError, match=r"GUIDE.md: generated block 'nope' has no renderer"):
        fill("<!-- generated:nope -->\n<!-- /generated:nope -->", {}, source="GUIDE.md")


def test_guidelines_tables_come_from_the_schema(repo: Path) -> None:
    text = (repo / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    for key in ("entity_label", "agreement_type", "agreement_status", "sector", "gpe_level"):
        for term in vocabulary(key).terms:
            assert f"| `{term.name}` | {term.definition}" in text, (key, term.name)


def test_docs_check_passes_on_the_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "--check", "--annotations", str(repo / "annotations")]) == 0


def test_docs_check_fails_on_a_hand_edited_table(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(repo / "annotations" / "GUIDELINES.md", tmp_path / "GUIDELINES.md")
    path = tmp_path / "GUIDELINES.md"
    path.write_text(path.read_text(encoding="utf-8").replace("| `PER` |", "| `PERSON` |"), encoding="utf-8")
    assert main(["docs", "--check", "--annotations", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["docs", "--annotations", str(tmp_path)]) == 0
    assert main(["docs", "--check", "--annotations", str(tmp_path)]) == 0


def test_docs_on_a_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs", "--annotations", str(tmp_path)]) == 1
    assert f"{tmp_path / 'GUIDELINES.md'}: no such file" in capsys.readouterr().err
