"""paradiplomacy: a gold-annotated corpus of subnational China-Belarus/Russia cooperation, and its harness."""

from __future__ import annotations

__version__ = "0.1.0"
