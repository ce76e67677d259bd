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


def _text_value(region: dict[str, Any], control: str, value: str) -> dict[str, Any]:
    span = {"start": region["value"]["start"], "end": region["value"]["end"]}
    return {
        "id": region["id"],
        "from_name": control,
        "to_name": "text",
        "type": "textarea",
        "value": span | {"text": [value]},
    }


def _choice(region: dict[str, Any], control: str, values: list[str]) -> dict[str, Any]:
    span = {"start": region["value"]["start"], "end": region["value"]["end"]}
    return {
        "id": region["id"],
        "from_name": control,
        "to_name": "text",
        "type": "choices",
        "value": span | {"choices": values},
    }


def _region(ident: str, text: str, quote: str, label: str, after: int = 0) -> dict[str, Any]:
    start = text.index(quote, after)
    value = {"start": start, "end": start + len(quote), "text": quote, "labels": [label]}
    return {"id": ident, "from_name": "entity", "to_name": "text", "type": "labels", "value": value}


def annotate(result: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """What a reviewer does with the rules draft: fills GPE country and level, splits two merged GOV mentions,
    separates a person from a body, re-links the agreement's parties and corrects the sectors."""
    result = copy.deepcopy(result)
    regions = {r["id"]: r for r in result if r["type"] == "labels"}
    merged = [
        i for i, r in regions.items() if r["value"]["labels"] == ["GOV"] and " and " in r["value"]["text"]
    ]
    person_in_body = [i for i, r in regions.items() if r["value"]["text"].endswith("Yuri Karaev")]
    removed = set(merged + person_in_body)
    result = [r for r in result if r.get("id") not in removed and r.get("to_id") not in removed]
    committee = text.index("Grodno Regional Executive Committee")
    added = [
        _region("g1", text, "Grodno Regional Executive Committee", "GOV"),
        _region("g2", text, "People's Government of Henan Province", "GOV"),
        _region("g3", text, "Grodno Regional Executive Committee", "GOV", committee + 10),
        _region("p1", text, "Yuri Karaev", "PER"),
        _region("p2", text, "Sun Shougang", "PER"),
        _region("g4", text, "Henan", "GPE", text.index("Henan companies")),
    ]
    result += added
    for region in added:
        result.append(_text_value(region, "entity_canonical", region["value"]["text"]))
    for region in [r for r in result if r["type"] == "labels" and r["value"]["labels"] == ["GPE"]]:
        quote = region["value"]["text"]
        belarus = "grodno" in quote.casefold()
        result.append(_text_value(region, "entity_country", "BY" if belarus else "CN"))
        level = "city" if quote == "GRODNO" else "region"
        result.append(_choice(region, "entity_level", [level]))
    signing = next(
        r
        for r in result
        if r["type"] == "labels"
        and r["value"]["labels"] == ["Agreement"]
        and "signed a road map" in r["value"]["text"]
    )
    result = [r for r in result if not (r["type"] == "relation" and r["from_id"] == signing["id"])]
    for target in ("g1", "g2"):
        result.append(
            {
                "type": "relation",
                "from_id": signing["id"],
                "to_id": target,
                "direction": "right",
                "labels": ["parties"],
            }
        )
    for document_sectors in [r for r in result if r.get("from_name") == "sectors"]:
        chosen = {
            c for r in result if r.get("from_name") == "agreement_sectors" for c in r["value"]["choices"]
        }
        document_sectors["value"]["choices"] = sorted(chosen | {"agriculture_food", "education", "trade"})
    return result
