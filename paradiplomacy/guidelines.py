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
# Further agreement studies (`agree --output annotations/agreement/NAME.json`), one generated block each.
AGREEMENT_DIR = "agreement"
# The studies the guidelines and the card show, in order: (block name, file, heading).
STUDIES = (
    ("agreement", AGREEMENT_FILE, "The two first passes (guidelines 1.0), second against first"),
    (
        "agreement:third_pass-vs-first_pass",
        f"{AGREEMENT_DIR}/third_pass-vs-first_pass.json",
        "The independent third pass (guidelines 1.2) against the first pass",
    ),
    (
        "agreement:third_pass-vs-second_pass",
        f"{AGREEMENT_DIR}/third_pass-vs-second_pass.json",
        "The independent third pass (guidelines 1.2) against the second pass",
    ),
    (
        "agreement:third_pass-vs-gold",
        f"{AGREEMENT_DIR}/third_pass-vs-gold.json",
        "The independent third pass (guidelines 1.2) against the gold re-adjudicated under 1.2",
    ),
)


def renderers(annotations: Path) -> dict[str, Callable[[], str]]:
    blocks: dict[str, Callable[[], str]] = {
        f"vocabulary:{key}": partial(vocabulary_table, key) for key in NAMES
    }
    for name, relative, _ in STUDIES:
        blocks[name] = partial(agreement_summary, annotations / relative)
    return blocks


def agreement_summary(path: Path) -> str:
    if not path.is_file():
        return f"_Not yet measured: no `annotations/{path.relative_to(path.parents[1]).as_posix()}`._"
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


def all_studies(annotations: Path) -> str:
    """Every measured study under its heading, for the dataset card; unmeasured ones are left out."""
    parts = [
        f"#### {heading}\n\n{agreement_summary(annotations / relative).strip()}"
        for _, relative, heading in STUDIES
        if (annotations / relative).is_file()
    ]
    return "\n\n".join(parts) or "_Not yet measured._"
