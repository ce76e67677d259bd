"""Label Studio test helpers: a copy of the repository, and an export made as Label Studio makes one."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def copy_repository(target: Path) -> Path:
    """schema/, seeds/ and annotations/ (gold only) of the checkout, in `target`."""
    for name in ("schema", "seeds"):
        shutil.copytree(REPO / name, target / name)
    (target / "annotations").mkdir()
    for path in (REPO / "annotations").glob("*"):
        if path.is_file():
            shutil.copy2(path, target / "annotations" / path.name)
    return target


def simulated_export(tasks: list[dict[str, Any]], completed_by: Any = 7) -> list[dict[str, Any]]:
    """Label Studio's JSON export after an annotator accepted every pre-annotation, as label-studio 1.23.2
    writes it (seen with `nox -s labelstudio`): each task gets an id and an `annotations` entry whose `result`
    is its prediction's (region ids kept), `completed_by` the user's id; `predictions` become ids."""
    exported = []
    for number, task in enumerate(tasks, start=1):
        item = copy.deepcopy(task)
        item["id"] = number
        result = copy.deepcopy(task["predictions"][0]["result"]) if task.get("predictions") else []
        item["annotations"] = [
            {
                "id": 100 + number,
                "completed_by": completed_by,
                "result": result,
                "was_cancelled": False,
                "ground_truth": False,
                "created_at": "2026-12-01T10:00:00.000000Z",
                "updated_at": "2026-12-01T10:00:00.000000Z",
                "lead_time": 12.5,
                "task": number,
            }
        ]
        item["predictions"] = [200 + number] if task.get("predictions") else []
        exported.append(item)
    return exported


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
