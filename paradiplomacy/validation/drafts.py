"""A draft annotation (machine-made by `paradiplomacy preannotate`) is not gold, however right it is.

The check is a consistency problem, so `validate` exits 1 on a draft and every command that refuses an invalid
corpus (`build`, `evaluate`, `stats`) refuses one too: a draft cannot slip into the dataset.
"""

from __future__ import annotations

from typing import Any

from paradiplomacy import schemas
from paradiplomacy.validation.findings import Finding

STATUS = "status"


def draft_status() -> str:
    """The `status` value that marks a machine-made draft, read from the annotation schema."""
    values = schemas.load(schemas.ANNOTATION)["properties"][STATUS]["enum"]
    return "draft" if "draft" in values else values[-1]


def is_draft(record: Any) -> bool:
    return isinstance(record, dict) and record.get(STATUS) == draft_status()


def draft_findings(record: dict[str, Any]) -> list[Finding]:
    if not is_draft(record):
        return []
    annotators = (record.get("annotation") or {}).get("annotators") if isinstance(record, dict) else None
    made_by = f" by {', '.join(map(str, annotators))}" if isinstance(annotators, list) and annotators else ""
    message = (
        f"a machine-made draft{made_by}, not gold: review it (`paradiplomacy export labelstudio`, then "
        "`paradiplomacy import labelstudio`) before it counts"
    )
    return [Finding("consistency", f"/{STATUS}", message)]
