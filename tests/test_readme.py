"""The README's examples are real: its prediction line passes the validator against the shipped gold, and
CI's test command is the one the Quickstart shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from paradiplomacy.corpus import load_corpus
from paradiplomacy.predictions import check_predictions


def _readme(repo: Path) -> str:
    return (repo / "README.md").read_text(encoding="utf-8")


def test_the_prediction_example_is_valid_against_the_gold(repo: Path) -> None:
    (block,) = re.findall(r"```json\n(.*?)```", _readme(repo), re.S)
    record = json.loads(block)
    documents = {d.doc_id: d for d in load_corpus()}
    checked = check_predictions([record], documents, "README.md")
    assert set(checked) == {record["doc_id"]}
    text = documents[record["doc_id"]].text
    for entity in record["entities"]:
        if "start" in entity:
            assert text[entity["start"] : entity["end"]] == entity["text"]


def test_ci_runs_the_quickstart_test_command(repo: Path) -> None:
    readme = _readme(repo)
    command = re.search(r"<!-- ci:test-command -->\n```bash\n(.+)\n```", readme)
    assert command, "README.md lost its ci:test-command marker"
    assert "nox -s tests" in command.group(1)
    assert "ci:test-command" in (repo / ".ci" / "run").read_text(encoding="utf-8")
