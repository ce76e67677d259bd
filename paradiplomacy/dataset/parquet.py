"""Deterministic parquet: fixed row order, one row group, fixed compression, no timestamps.

The schema carries the `huggingface` features metadata, so `datasets` restores ClassLabels without the card.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

ROW_GROUP_SIZE = 1024
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9


def table(rows: Sequence[dict[str, Any]], features: Features) -> pa.Table:
    encoded = [features.encode_example(row) for row in rows]
    return pa.Table.from_pylist(encoded, schema=features.arrow_schema)


def parquet_bytes(rows: Sequence[dict[str, Any]], features: Features) -> bytes:
    """The file's bytes; identical for identical rows under the same pyarrow version."""
    sink = io.BytesIO()
    pq.write_table(
        table(rows, features),
        sink,
        row_group_size=ROW_GROUP_SIZE,
        compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL,
        write_statistics=True,
        use_dictionary=False,
    )
    return sink.getvalue()
