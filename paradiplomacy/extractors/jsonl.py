"""Predictions as JSON Lines: sorted keys, one record per line in doc_id order, so files diff cleanly."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def dumps_predictions(predictions: Iterable[dict[str, Any]]) -> str:
    ordered = sorted(predictions, key=lambda record: str(record["doc_id"]))
    return "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" for record in ordered)
