"""Bad Label Studio exports: one clear error naming the file, the task and the region; nothing written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from labelstudio_helpers import copy_repository, simulated_export, write_json

from paradiplomacy.cli import main
from paradiplomacy.contrib.repository import Repository
from paradiplomacy.labelstudio.roundtrip import export_tasks


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    root = copy_repository(tmp_path / "repo")
    return root, simulated_export(export_tasks(Repository(root)))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "annotations").glob("*.json"))}


def _import_fails(root: Path, export: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> str:
    before = _snapshot(root)
    path = write_json(root.parent / "export.json", export)
    assert main(["import", "labelstudio", str(path), "--root", str(root)]) == 1
    assert _snapshot(root) == before  # nothing written
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(path) in err
    return err


def _result(export: list[dict[str, Any]], task: int) -> list[dict[str, Any]]:
    return export[task]["annotations"][0]["result"]


def test_export_of_another_configuration(setup, capsys) -> None:
    root, export = setup
    foreign = copy.deepcopy(export[0])
    foreign["data"] = {"text": foreign["data"]["text"]}  # a generic NER project's task
    err = _import_fails(root, [foreign, *export[1:]], capsys)
    assert "task 1" in err and "not made by `paradiplomacy export labelstudio`" in err


def test_result_from_a_control_not_in_the_configuration(setup, capsys) -> None:
    root, export = setup
    _result(export, 1)[0]["from_name"] = "label"
    err = _import_fails(root, export, capsys)
    assert "task 2" in err and "control 'label' is not in paradiplomacy's labeling configuration" in err


def test_unknown_label(setup, capsys) -> None:
    root, export = setup
    region = next(r for r in _result(export, 2) if r["type"] == "labels")
    region["value"]["labels"] = ["PERSON"]
    err = _import_fails(root, export, capsys)
    assert f"region {region['id']}" in err and "'PERSON'" in err and "GPE" in err


def test_overlapping_regions(setup, capsys) -> None:
    root, export = setup
    result = _result(export, 0)
    first = next(r for r in result if r["id"] == "E3")
    overlapping = copy.deepcopy(first) | {"id": "new1"}
    overlapping["value"] = {
        **first["value"],
        "start": first["value"]["start"] + 2,
        "end": first["value"]["end"] + 3,
    }
    text = export[0]["data"]["text"]
    overlapping["value"]["text"] = text[overlapping["value"]["start"] : overlapping["value"]["end"]]
    result.append(overlapping)
    err = _import_fails(root, export, capsys)
    assert "task 1" in err and "region new1" in err and "overlaps region E3" in err


def test_relation_to_a_missing_region(setup, capsys) -> None:
    root, export = setup
    result = _result(export, 4)
    relation = next(r for r in result if r["type"] == "relation" and r["labels"] == ["parties"])
    target = relation["to_id"]
    result[:] = [r for r in result if r.get("id") != target]  # the region deleted, its relation kept
    err = _import_fails(root, export, capsys)
    assert "task 5" in err and f"region {target} is not in the result" in err


def test_offsets_that_do_not_quote_the_seed(setup, capsys) -> None:
    root, export = setup
    region = next(r for r in _result(export, 3) if r["type"] == "labels")
    region["value"]["start"] += 1
    err = _import_fails(root, export, capsys)
    assert f"region {region['id']}" in err and "Label Studio quotes" in err


def test_an_invalid_result_names_the_json_pointer_and_writes_nothing(setup, capsys) -> None:
    root, export = setup
    result = _result(export, 0)
    result[:] = [r for r in result if not (r.get("id") == "E3" and r.get("from_name") == "entity_country")]
    err = _import_fails(root, export, capsys)
    assert "task 1" in err and "/entities/2" in err and "country" in err and "nothing was written" in err


def test_not_json(tmp_path: Path, capsys) -> None:
    root = copy_repository(tmp_path / "repo")
    path = tmp_path / "export.json"
    path.write_text("<html>", encoding="utf-8")
    assert main(["import", "labelstudio", str(path), "--root", str(root)]) == 1
    assert f"{path}: not JSON" in capsys.readouterr().err


def test_an_edit_records_the_annotator(setup) -> None:
    root, export = setup
    result = _result(export, 0)
    sectors = next(r for r in result if r["from_name"] == "sectors")
    sectors["value"]["choices"] = sectors["value"]["choices"] + ["high_tech"]
    path = write_json(root.parent / "export.json", export)
    assert main(["import", "labelstudio", str(path), "--root", str(root), "--annotator", "reviewer-x"]) == 0
    record = json.loads(next((root / "annotations").glob("000_*.json")).read_text(encoding="utf-8"))
    assert "high_tech" in record["sectors"]
    assert record["annotation"]["annotators"][-1] == "reviewer-x"
    assert "Revised in Label Studio by reviewer-x" in record["annotation"]["notes"]


def test_a_relation_drawn_from_the_party_to_the_agreement_means_the_same(setup) -> None:
    """Annotators draw relations either way; `direction: left` and entity -> agreement are read as meant."""
    root, export = setup
    result = _result(export, 0)
    relations = [r for r in result if r["type"] == "relation" and r["labels"] == ["parties"]]
    relations[0]["from_id"], relations[0]["to_id"] = relations[0]["to_id"], relations[0]["from_id"]
    relations[-1]["from_id"], relations[-1]["to_id"] = relations[-1]["to_id"], relations[-1]["from_id"]
    relations[-1]["direction"] = "left"  # from the entity, but the arrow points back to it
    assert len(relations) == 2
    before = _snapshot(root)
    path = write_json(root.parent / "export.json", export)
    assert main(["import", "labelstudio", str(path), "--root", str(root)]) == 0
    assert _snapshot(root) == before  # the same gold, byte for byte
