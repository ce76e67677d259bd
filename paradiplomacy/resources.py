"""Where the corpus lives: the checkout when run from source, the copy inside the wheel otherwise."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding `schema/`, `seeds/` and `annotations/`.

    An installed wheel carries them in `paradiplomacy/_data`; a source checkout has them beside the package.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "schema").is_dir():
        return bundled
    return _PACKAGE.parent


def schema_dir() -> Path:
    return data_root() / "schema"


def seeds_dir() -> Path:
    return data_root() / "seeds"


def annotations_dir() -> Path:
    return data_root() / "annotations"
