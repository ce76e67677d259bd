"""Stated limits on every input, each overridable by an environment variable (and some by an option).

Every limit is far above anything the corpus needs and far below what would exhaust a machine, so that a
hostile or mistaken input (`/dev/zero`, a 100,000-deep array, `--bootstrap 1000000000`) fails with one line
naming the limit and how to raise it, instead of growing memory until the process dies.

Why these values (see also the README's "Limits" section):
- FILE_BYTES, 64 MiB per annotation, results or seed file: a long news article with dense annotation is
  well under 1 MiB; per file, so a corpus of 100,000 documents is not limited by it.
- LINE_BYTES, 64 MiB per JSON line (a prediction, an external program's answer): one document's prediction.
- PREDICTIONS_BYTES, 16 GiB per predictions file: 100,000 documents at 100 KiB each is 10 GiB.
- DEPTH, 64 levels of JSON nesting: the schemas need at most 6; the Python JSON stack overflows near 1,000.
- DOCUMENTS, 1,000,000 per corpus or predictions file: ten times the largest corpus we plan for.
- MENTIONS, 100,000 per document (entities, agreements, evidence): one per 2 characters of a 200 KB article.
- BOOTSTRAP, 100,000 resamples: intervals stop moving long before; memory grows with resamples.
- TIMEOUT, 1 day per document for an extractor: anything longer is a mistake, and inf is not a time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from paradiplomacy.errors import UsageError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    env: str
    what: str

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env)
        if raw is None or raw == "":
            return self.default
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            value = -1
        if value < 1:
            raise UsageError(f"{self.env}={raw!r}: expected a whole number of at least 1")
        return value

    def hint(self) -> str:
        return f"the limit is {self.value:,} {self.what}; raise it with {self.env}=N"


FILE_BYTES = Limit("file size", 64 * MiB, "PARADIPLOMACY_MAX_FILE_BYTES", "bytes per file")
LINE_BYTES = Limit("line length", 64 * MiB, "PARADIPLOMACY_MAX_LINE_BYTES", "bytes per line")
PREDICTIONS_BYTES = Limit(
    "predictions file size",
    16 * 1024 * MiB,
    "PARADIPLOMACY_MAX_PREDICTIONS_BYTES",
    "bytes per predictions file",
)
DEPTH = Limit("nesting depth", 64, "PARADIPLOMACY_MAX_DEPTH", "levels of JSON nesting")
DOCUMENTS = Limit("documents", 1_000_000, "PARADIPLOMACY_MAX_DOCUMENTS", "documents")
MENTIONS = Limit("mentions", 100_000, "PARADIPLOMACY_MAX_MENTIONS", "items per list in one document")
BOOTSTRAP = Limit("bootstrap", 100_000, "PARADIPLOMACY_MAX_BOOTSTRAP", "bootstrap resamples")
TIMEOUT_SECONDS = 86_400.0
SEED_MAX = 2**32 - 1


def _whole(text: str) -> int:
    import argparse

    try:
        return int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None


def bootstrap_count(text: str) -> int:
    """`--bootstrap N`: 0 (no intervals) up to BOOTSTRAP resamples."""
    import argparse

    value = _whole(text)
    try:
        limit = BOOTSTRAP.value
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if value < 0 or value > limit:
        raise argparse.ArgumentTypeError(f"must be between 0 and {limit:,}, not {text}; {BOOTSTRAP.hint()}")
    return value


def seed_value(text: str) -> int:
    """`--seed N`: the range numpy's generators accept, 0 to 2**32 - 1."""
    import argparse

    value = _whole(text)
    if not 0 <= value <= SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be between 0 and {SEED_MAX}, not {text}")
    return value


def positive_count(text: str) -> int:
    """`--max-errors N`, `--resamples N`: a whole number of at least 1 (bounded by the caller)."""
    import argparse

    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def resamples_count(text: str) -> int:
    """`compare --resamples N`: bounded like --bootstrap (same memory and time per resample)."""
    import argparse

    value = positive_count(text)
    if value > BOOTSTRAP.value:
        raise argparse.ArgumentTypeError(
            f"must be at most {BOOTSTRAP.value:,}, not {text}; {BOOTSTRAP.hint()}"
        )
    return value


def timeout_seconds(text: str) -> float:
    """`--timeout SECONDS`: finite, more than 0, at most a day."""
    import argparse
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(seconds) or not 0 < seconds <= TIMEOUT_SECONDS:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds more than 0 and at most {TIMEOUT_SECONDS:g} (one day), not {text!r}"
        )
    return seconds


def check_settings() -> None:
    """Every PARADIPLOMACY_MAX_* setting read once up front, so a bad one is a usage error (exit 2)."""
    for limit in (FILE_BYTES, LINE_BYTES, PREDICTIONS_BYTES, DEPTH, DOCUMENTS, MENTIONS, BOOTSTRAP):
        limit.value  # noqa: B018 - reading it raises UsageError when the setting is malformed
