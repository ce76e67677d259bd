"""Label Studio round trip: gold -> tasks -> (Label Studio export) -> gold is lossless on every document."""

from __future__ import annotations

import json
from pathlib import Path

from labelstudio_helpers import REPO, copy_repository, simulated_export, write_json

from paradiplomacy.cli import main
from paradiplomacy.contrib.repository import Repository
from paradiplomacy.labelstudio.roundtrip import export_tasks

GOLD = sorted(p for p in (REPO / "annotations").glob("*.json") if p.name != "agreement.json")


def test_there_are_five_gold_documents() -> None:
    assert len(GOLD) == 5


def test_gold_tasks_export_gold_is_lossless(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    out = tmp_path / "ls"
    assert main(["export", "labelstudio", "--root", str(root), "--out", str(out)]) == 0
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["doc_id"] for t in tasks] == [p.stem for p in GOLD]
    export = write_json(tmp_path / "export.json", simulated_export(tasks))
    for path in (root / "annotations").glob("0*.json"):
        path.unlink()  # the import must rebuild them from the export alone
    assert main(["import", "labelstudio", str(export), "--root", str(root)]) == 0
    for gold in GOLD:
        rebuilt = (root / "annotations" / gold.name).read_bytes()
        assert json.loads(rebuilt) == json.loads(gold.read_bytes()), gold.name
        assert rebuilt == gold.read_bytes(), gold.name  # the file too, byte for byte


def test_every_entity_and_agreement_becomes_a_region(tmp_path: Path) -> None:
    tasks = export_tasks(Repository(REPO))
    for task, gold in zip(tasks, GOLD, strict=True):
        record = json.loads(gold.read_text(encoding="utf-8"))
        result = task["predictions"][0]["result"]
        labels = [r for r in result if r["type"] == "labels"]
        evidence = sum(len(a["evidence"]) for a in record["agreements"])
        assert len(labels) == len(record["entities"]) + evidence
        for region in labels:
            value = region["value"]
            assert value["text"] == task["data"]["text"][value["start"] : value["end"]]


def test_config_and_every_task_pass_label_studio_sdk_parser() -> None:
    """label-studio-sdk's own labeling-config parser accepts the config and every task's pre-annotation."""
    from label_studio_sdk.label_interface import LabelInterface

    from paradiplomacy.labelstudio.config import labeling_config
    from paradiplomacy.vocabulary import entity_labels, sectors

    interface = LabelInterface(labeling_config())
    assert [o.value for o in interface.objects] == ["$text"]
    labels = interface.get_all_labels()[0]
    assert list(labels["entity"]) == list(entity_labels())
    assert list(labels["sectors"]) == list(sectors())
    tasks = export_tasks(Repository(REPO))
    assert len(tasks) == 5
    for task in tasks:
        assert set(task["data"]) >= {"text", "doc_id"}
        assert interface.validate_prediction(task["predictions"][0], return_errors=True) == []


def test_the_sdk_parser_rejects_a_label_the_vocabulary_lacks() -> None:
    """The oracle is not blind: an unknown label is an error for it too."""
    from label_studio_sdk.label_interface import LabelInterface

    from paradiplomacy.labelstudio.config import labeling_config

    interface = LabelInterface(labeling_config())
    region = {"id": "x", "from_name": "entity", "to_name": "text", "type": "labels"}
    bad = {"result": [region | {"value": {"start": 0, "end": 3, "labels": ["PERSON"]}}]}
    assert interface.validate_prediction(bad, return_errors=True)
