"""`paradiplomacy migrate`: schema 1.0 files upgrade to 1.2 in place, atomically and without losing a fact."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_validate_helpers import run as run_validate

from paradiplomacy import vocabulary
from paradiplomacy.cli import main
from paradiplomacy.migration import downgrade_agreement, migrate
from paradiplomacy.resources import seeds_dir

OLD = Path(__file__).parent / "data" / "schema_1_0"
SETS = ("gold", "first_pass", "second_pass")


def _copy_old(tmp_path: Path) -> Path:
    """The 1.0 gold and both passes beside a copy of the seeds, as an annotations tree is laid out."""
    root = tmp_path / "annotations"
    for name in SETS:
        shutil.copytree(OLD / name, root / name)
    shutil.copytree(seeds_dir(), tmp_path / "seeds")
    return root


def _facts(record: dict[str, Any]) -> dict[str, Any]:
    """Everything an annotation says except its version; agreements mapped back to the 1.0 vocabulary."""
    facts = copy.deepcopy(record)
    facts.pop("schema_version")
    facts["agreements"] = [downgrade_agreement(a) for a in facts["agreements"]]
    return facts


def test_round_trip_keeps_every_old_fact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy_old(tmp_path)
    before = {p.relative_to(root): json.loads(p.read_text("utf-8")) for p in root.glob("*/*.json")}
    assert len(before) == 15 and {r["schema_version"] for r in before.values()} == {"1.0.0"}
    assert main(["migrate", *(str(root / name) for name in SETS)]) == 0
    assert "15 of 15 files migrated to schema 1.2.0" in capsys.readouterr().out
    renamed = 0
    for relative, old in before.items():
        new = json.loads((root / relative).read_text("utf-8"))
        assert new["schema_version"] == vocabulary.version()
        assert _facts(new) == _facts(old) == {k: v for k, v in old.items() if k != "schema_version"}
        renamed += sum(
            a["type"] != b["type"] for a, b in zip(old["agreements"], new["agreements"], strict=True)
        )
    # 003's student exchanges and 004's invitation were verbal_agreement + proposed in each of the three sets.
    assert renamed == 6
    for name in SETS:
        code, out, _ = run_validate(capsys, root / name)
        assert code == 0, out


def test_migrated_files_are_the_old_ones_apart_from_the_renames(tmp_path: Path) -> None:
    root = _copy_old(tmp_path)
    path = root / "gold" / "004_e069d52970fd8f19.json"
    old = json.loads(path.read_text("utf-8"))
    migrate([path])
    new = json.loads(path.read_text("utf-8"))
    assert [a["type"] for a in old["agreements"]] == ["mou", "verbal_agreement"]
    assert [a["type"] for a in new["agreements"]] == ["mou", "proposal"]
    assert new["entities"] == old["entities"] and new["sectors"] == old["sectors"]
    assert list(new) == list(old)  # member order kept


def test_second_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy_old(tmp_path)
    migrate([root / "gold"])
    stamps = {p: p.read_bytes() for p in (root / "gold").glob("*.json")}
    assert main(["migrate", str(root / "gold")]) == 0
    assert "0 of 5 files migrated" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in stamps} == stamps


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy_old(tmp_path)
    stamps = {p: p.read_bytes() for p in (root / "gold").glob("*.json")}
    assert main(["migrate", "--dry-run", str(root / "gold")]) == 0
    out = capsys.readouterr().out
    assert "would migrate" in out and "type 'verbal_agreement' with status 'proposed' -> 'proposal'" in out
    assert {p: p.read_bytes() for p in stamps} == stamps


def test_a_bad_file_stops_the_run_before_any_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy_old(tmp_path)
    folder = root / "gold"
    (folder / "zzz.json").write_text('{"schema_version": "0.9.0"}', "utf-8")
    stamps = {p: p.read_bytes() for p in folder.glob("*.json")}
    assert main(["migrate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"paradiplomacy migrate: error: {folder / 'zzz.json'}: /schema_version: cannot migrate from '0.9.0' "
        "(known: 1.0.x and 1.1.x to 1.2.0)"
    )
    assert {p: p.read_bytes() for p in stamps} == stamps
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_unreadable_files_name_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    assert main(["migrate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"paradiplomacy migrate: error: {path}: {message}")
    assert path.read_text("utf-8") == content


def test_prediction_files_are_migrated_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "preds.jsonl"
    lines = [
        {"doc_id": "a", "agreements": [{"type": "verbal_agreement", "status": "proposed", "parties": ["X"]}]},
        {"doc_id": "b", "agreements": [{"type": "verbal_agreement", "status": "agreed", "parties": ["Y"]}]},
        {"doc_id": "c"},
    ]
    original = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    path.write_text(original, "utf-8")
    assert main(["migrate", str(path)]) == 0
    assert "line 1/agreements/0: type 'verbal_agreement' with status 'proposed' -> 'proposal'" in (
        capsys.readouterr().out
    )
    migrated = path.read_text("utf-8").splitlines(keepends=True)
    assert json.loads(migrated[0])["agreements"][0]["type"] == "proposal"
    assert migrated[1:] == original.splitlines(keepends=True)[1:]  # untouched lines are byte-identical
    for new, old in zip(migrated, lines, strict=True):
        record = json.loads(new)
        record["agreements"] = [downgrade_agreement(a) for a in record.get("agreements", [])] or None
        assert {k: v for k, v in record.items() if v is not None} == old


def test_validator_names_the_expected_version_and_migrate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy_old(tmp_path)
    path = root / "gold" / "001_8cc4421e3e9f85cc.json"
    code, out, _ = run_validate(capsys, path)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}: /schema_version: schema_version '1.0.0' is not 1.2.0, the version this validator expects; "
        "run `paradiplomacy migrate FILE_OR_FOLDER` to upgrade it in place [schema]"
    )


def test_prediction_validator_names_the_old_form_and_migrate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "preds.jsonl"
    record = {
        "doc_id": "004_e069d52970fd8f19",
        "agreements": [{"type": "verbal_agreement", "status": "proposed", "parties": ["Moscow"]}],
    }
    path.write_text(json.dumps(record) + "\n", "utf-8")
    assert main(["validate", "--predictions", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}: line 1: /agreements/0/type: 'verbal_agreement' with status 'proposed' is the schema 1.0 "
        "form; schema 1.2.0, which this validator expects, calls it 'proposal': run `paradiplomacy migrate "
        "FILE` to upgrade the file in place [schema]"
    )
    assert main(["migrate", str(path)]) == 0
    assert main(["validate", "--predictions", str(path)]) == 0
