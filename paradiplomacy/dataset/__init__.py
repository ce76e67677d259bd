"""The Hugging Face dataset built from `seeds/`, `annotations/` and `schema/`: parquet, card and Croissant.

Layout of the built folder (paths relative to it, POSIX separators, as the card's `configs` name them).
"""

from __future__ import annotations

SPLIT = "test"
DEFAULT_CONFIG = "default"
TOKENS_CONFIG = "tokens"
DATA_FILES = {DEFAULT_CONFIG: "data/test.parquet", TOKENS_CONFIG: "data/tokens/test.parquet"}
CARD_FILE = "README.md"
CROISSANT_FILE = "croissant.json"
GUIDELINES_FILE = "GUIDELINES.md"
