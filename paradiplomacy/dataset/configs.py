"""One built configuration: its rows, typed features and parquet bytes, shared by the card and Croissant."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from datasets import Features

from paradiplomacy.dataset import SPLIT


@dataclass(frozen=True)
class BuiltConfig:
    name: str
    path: str  # relative to the dataset folder, POSIX
    features: Features
    sample: dict[str, Any]  # the first row, shown in the card
    num_rows: int
    parquet: bytes
    arrow_bytes: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.parquet).hexdigest()

    def yaml_config(self, default: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "config_name": self.name,
            "data_files": [{"split": SPLIT, "path": self.path}],
        }
        if default:
            entry["default"] = True
        return entry

    def yaml_info(self) -> dict[str, Any]:
        """`dataset_info` for this config, in the form `datasets` writes and reads (features as a list)."""
        return {
            "config_name": self.name,
            "features": self.features._to_yaml_list(),
            "splits": [{"name": SPLIT, "num_bytes": self.arrow_bytes, "num_examples": self.num_rows}],
            "download_size": len(self.parquet),
            "dataset_size": self.arrow_bytes,
        }
