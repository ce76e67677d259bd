"""Renders the generated blocks of `annotations/GUIDELINES.md` from `schema/` and the measured agreement."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

from paradiplomacy.markdown import vocabulary_table
from paradiplomacy.vocabulary import NAMES

GUIDELINES = "GUIDELINES.md"
# Written by `paradiplomacy agree --output`; the guidelines and the dataset card render from it.
AGREEMENT_FILE = "agreement.json"


def renderers(annotations: Path) -> dict[str, Callable[[], str]]:
    blocks: dict[str, Callable[[], str]] = {
        f"vocabulary:{key}": partial(vocabulary_table, key) for key in NAMES
    }
    blocks["agreement"] = lambda: agreement_summary(annotations / AGREEMENT_FILE)
    return blocks


def agreement_summary(path: Path) -> str:
    if not path.is_file():
        return "_Not yet measured: no `annotations/agreement.json`._"
    from paradiplomacy.agreement_report import render_markdown  # written by the scoring harness

    return render_markdown(json.loads(path.read_text(encoding="utf-8")))
