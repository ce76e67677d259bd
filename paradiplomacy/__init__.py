"""paradiplomacy: a gold-annotated corpus of subnational China-Belarus/Russia cooperation, and its harness."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "evaluate", "score_mentions"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import paradiplomacy` and `paradiplomacy --help` do not pay for the scoring stack.
    if name == "score_mentions":
        from paradiplomacy.scoring.mentions import score_mentions

        return score_mentions
    if name == "evaluate":
        from paradiplomacy.scoring.evaluate import evaluate

        return evaluate
    raise AttributeError(f"module 'paradiplomacy' has no attribute {name!r}")
