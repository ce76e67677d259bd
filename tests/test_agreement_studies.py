"""The published agreement studies are current: recomputing each from its two folders gives the same file.

`paradiplomacy agree … --output` wrote them; a change to the gold, a pass or the scoring code that is not
followed by re-running the study fails here, as `build --check` does for the dataset.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paradiplomacy.corpus import load_corpus
from paradiplomacy.guidelines import STUDIES
from paradiplomacy.scoring.agreement import agree
from paradiplomacy.scoring.results import dumps

REPO = Path(__file__).resolve().parent.parent
ANNOTATIONS = REPO / "annotations"


@pytest.mark.parametrize(("block", "relative"), [(name, relative) for name, relative, _ in STUDIES])
def test_study_is_current(block: str, relative: str) -> None:
    path = ANNOTATIONS / relative
    assert path.is_file(), f"{path} missing: run the `paradiplomacy agree` command in GUIDELINES.md §8"
    stored = json.loads(path.read_text("utf-8"))
    names = (stored["agreement"]["reference"], stored["agreement"]["other"])
    settings = stored["settings"]
    fresh = agree(
        load_corpus(REPO / names[0], REPO / "seeds"),
        load_corpus(REPO / names[1], REPO / "seeds"),
        names=names,
        bootstrap=settings["bootstrap"],
        seed=settings["seed"],
    )
    command = f"paradiplomacy agree {names[0]} {names[1]} --output annotations/{relative}"
    assert dumps(fresh) == path.read_text("utf-8"), f"{relative} is stale: run `{command}`"
