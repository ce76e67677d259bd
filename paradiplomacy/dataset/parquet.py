"""Deterministic parquet: fixed row order, row groups of a fixed size, fixed compression, no timestamps.

The schema carries the `huggingface` features metadata, so `datasets` restores ClassLabels without the card.
Rows are encoded here from the features (ClassLabel names to ids through one dict per label set) rather than
by `Features.encode_example`, whose per-value dispatch and `ClassLabel.str2int` per BIO tag were a third of a
build, and they go to the writer one row group at a time, so a build holds one row group, never the corpus.
The bytes are those `pq.write_table` writes for the whole table at once (a test compares them).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import ClassLabel, Features, List, Value

ROW_GROUP_SIZE = 1024
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9
_WRITER_OPTIONS: dict[str, Any] = {
    "compression": COMPRESSION,
    "compression_level": COMPRESSION_LEVEL,
    "write_statistics": True,
    "use_dictionary": False,
}

Encoder = Callable[[Any], Any]


def encoder(feature: Any) -> Encoder:
    """A function turning a row (or value) of `feature` into what `Features.encode_example` gives for it."""
    return _encoder(feature) or (lambda value: value)


def _encoder(feature: Any) -> Encoder | None:
    """None where the value passes unchanged: rows are built by `records.py` from a validated corpus, so
    every `Value` already has its type (a test compares the result with `Features.encode_example`)."""
    if isinstance(feature, dict):  # Features, or a struct
        members = [(key, _encoder(value)) for key, value in feature.items()]
        if all(encode is None for _, encode in members):
            return None
        return lambda row: None if row is None else {
            key: row.get(key) if encode is None else encode(row.get(key)) for key, encode in members
        }
    if isinstance(feature, List):
        inner = _encoder(feature.feature)
        if inner is None:
            return None
        return lambda values: None if values is None else [inner(value) for value in values]
    if isinstance(feature, ClassLabel):
        ids = {name: index for index, name in enumerate(feature.names)}
        return lambda value: value if value is None or isinstance(value, int) else ids[value]
    if isinstance(feature, Value):
        return None
    raise TypeError(f"no encoder for feature {feature!r}")


class ParquetSink:
    """Rows in, parquet bytes out: one row group is encoded and written whenever ROW_GROUP_SIZE rows wait."""

    def __init__(self, features: Features) -> None:
        self.features = features
        self.schema = features.arrow_schema
        self._encode = encoder(features)
        self._buffer = io.BytesIO()
        self._writer = pq.ParquetWriter(self._buffer, self.schema, **_WRITER_OPTIONS)
        self._pending: list[dict[str, Any]] = []
        self.rows = 0
        self.arrow_bytes = 0  # size of the rows as Arrow data, summed over row groups
        self.first: dict[str, Any] | None = None  # the first row as given, for the card's sample

    def add(self, row: dict[str, Any]) -> None:
        if self.first is None:
            self.first = row
        self._pending.append(self._encode(row))
        self.rows += 1
        if len(self._pending) == ROW_GROUP_SIZE:
            self._flush()

    def add_group(self, group: pa.Table, first: dict[str, Any]) -> None:
        """A row group made elsewhere (`table` of at most ROW_GROUP_SIZE rows; only the last may be short)."""
        assert not self._pending and group.num_rows <= ROW_GROUP_SIZE
        if self.first is None:
            self.first = first
        self.rows += group.num_rows
        self.arrow_bytes += group.nbytes
        self._writer.write_table(group, row_group_size=ROW_GROUP_SIZE)

    def _flush(self) -> None:
        if self._pending:
            group = pa.Table.from_pylist(self._pending, schema=self.schema)
            self.arrow_bytes += group.nbytes
            self._writer.write_table(group, row_group_size=ROW_GROUP_SIZE)
            self._pending = []

    def close(self) -> bytes:
        """The file's bytes; identical for identical rows under the same pyarrow version."""
        self._flush()
        self._writer.close()
        return self._buffer.getvalue()


def table(rows: Sequence[dict[str, Any]], features: Features) -> pa.Table:
    encode = encoder(features)
    return pa.Table.from_pylist([encode(row) for row in rows], schema=features.arrow_schema)


def parquet_bytes(rows: Iterable[dict[str, Any]], features: Features) -> bytes:
    sink = ParquetSink(features)
    for row in rows:
        sink.add(row)
    return sink.close()
