"""Renders the generated blocks of `annotations/GUIDELINES.md` from `schema/` and the measured agreement."""

from __future__ import annotations

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
    from paradiplomacy.errors import InputError
    from paradiplomacy.scoring.results import read

    results = read(path)
    try:
        return render_markdown(results)
    except (KeyError, TypeError, IndexError) as error:
        raise InputError(
            f"{path}: not an agreement file (no {error}); write it with "
            "`paradiplomacy agree annotations annotations/second_pass --output annotations/agreement.json`"
        ) from None
