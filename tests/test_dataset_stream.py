"""The streaming parquet writer gives the bytes the whole-table writer gave, and our ClassLabel encoding is
`datasets`' own (`Features.encode_example`), on the shipped gold and on a corpus of several row groups."""

from __future__ import annotations

import dataclasses
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paradiplomacy.corpus import load_corpus
from paradiplomacy.dataset import parquet
from paradiplomacy.dataset.features import default_features, token_features
from paradiplomacy.dataset.records import document_record, tokens_record


def whole_table_bytes(rows: list[dict], features) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
    """What the build wrote before it streamed: encode_example per row, one table, pq.write_table."""
    table = pa.Table.from_pylist([features.encode_example(r) for r in rows], schema=features.arrow_schema)
    sink = io.BytesIO()
    pq.write_table(
        table,
        sink,
        row_group_size=parquet.ROW_GROUP_SIZE,
        compression=parquet.COMPRESSION,
        compression_level=parquet.COMPRESSION_LEVEL,
        write_statistics=True,
        use_dictionary=False,
    )
    return sink.getvalue(), table.nbytes


def rows(copies: int) -> dict[str, tuple[list[dict], object]]:
    gold = load_corpus()
    documents = [
        dataclasses.replace(gold[i % len(gold)], doc_id=f"{gold[i % len(gold)].doc_id}_{i:05d}")
        for i in range(copies)
    ]
    return {
        "default": ([document_record(d, "0" * 64) for d in documents], default_features()),
        "tokens": ([tokens_record(d) for d in documents], token_features()),
    }


@pytest.mark.parametrize("copies", [5, 2 * parquet.ROW_GROUP_SIZE + 37])
def test_streamed_bytes_equal_whole_table_bytes(copies: int) -> None:
    for config, (records, features) in rows(copies).items():
        expected, nbytes = whole_table_bytes(records, features)
        sink = parquet.ParquetSink(features)  # type: ignore[arg-type]
        for record in records:
            sink.add(record)
        assert sink.close() == expected, config
        assert sink.rows == copies and sink.first == records[0]
        if copies <= parquet.ROW_GROUP_SIZE:
            assert sink.arrow_bytes == nbytes


def test_encoder_equals_encode_example() -> None:
    for records, features in rows(5).values():
        encode = parquet.encoder(features)
        for record in records:
            assert encode(record) == features.encode_example(record)  # type: ignore[attr-defined]
