"""The built dataset through the real `datasets.load_dataset` (offline, temporary cache) and mlcroissant."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before `datasets` is imported: a local folder needs no network

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasets import ClassLabel, Dataset, load_dataset
from test_dataset_corpus import REPO, annotation_records, source_corpus

from paradiplomacy import stats, vocabulary
from paradiplomacy.cli import main
from paradiplomacy.corpus import load_provenance, sha256_file
from paradiplomacy.dataset import CARD_FILE, CROISSANT_FILE, DATA_FILES, SPLIT, TOKENS_CONFIG
from paradiplomacy.dataset.build import Sources, build_files, write
from paradiplomacy.dataset.features import bio_tags, default_features, token_features
from paradiplomacy.dataset.sources import load_documents
from paradiplomacy.dataset.tokens import Span, Token, bio_to_spans


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("corpus")
    annotations, seeds = source_corpus(root)
    out = root / "dataset"
    write(build_files(Sources(annotations, seeds)), out)
    cache = str(root / "hf-cache")
    return {
        "annotations": annotations,
        "seeds": seeds,
        "out": out,
        "records": annotation_records(annotations),
        "default": load_dataset(str(out), split=SPLIT, cache_dir=cache),
        "tokens": load_dataset(str(out), TOKENS_CONFIG, split=SPLIT, cache_dir=cache),
    }


def _names(feature: ClassLabel, value: int | None) -> str | None:
    return None if value is None else feature.int2str(value)


def test_one_row_per_annotation_file_in_file_order(built: dict[str, Any]) -> None:
    ds: Dataset = built["default"]
    assert ds.num_rows == len(built["records"])
    assert ds["doc_id"] == [record["doc_id"] for record in built["records"]]


def test_loaded_features_are_exactly_the_declared_typed_features(built: dict[str, Any]) -> None:
    assert built["default"].features == default_features()
    assert built["tokens"].features == token_features()
    entity = built["default"].features["entities"].feature
    assert entity["label"].names == list(vocabulary.entity_labels())
    assert entity["start"].dtype == entity["end"].dtype == "int32"
    agreement = built["default"].features["agreements"].feature
    assert agreement["type"].names == list(vocabulary.agreement_types())
    assert agreement["status"].names == list(vocabulary.agreement_statuses())
    assert agreement["evidence"].feature.length == 2
    assert built["default"].features["sectors"].feature.names == list(vocabulary.sectors())


def test_offsets_slice_the_text_to_each_mention(built: dict[str, Any]) -> None:
    checked = 0
    for row in built["default"]:
        for entity in row["entities"]:
            assert row["text"][entity["start"] : entity["end"]] == entity["text"]
            checked += 1
    assert checked == sum(len(record["entities"]) for record in built["records"])


def test_entities_carry_every_gold_attribute_null_where_absent(built: dict[str, Any]) -> None:
    feature = built["default"].features["entities"].feature
    for row, record in zip(built["default"], built["records"], strict=True):
        for loaded, gold in zip(row["entities"], record["entities"], strict=True):
            assert _names(feature["label"], loaded["label"]) == gold["label"]
            assert _names(feature["level"], loaded["level"]) == gold.get("level")
            for key in ("id", "start", "end", "text", "canonical", "country", "value", "currency"):
                assert loaded[key] == gold.get(key), (record["doc_id"], gold["id"], key)
            expected_amount = None if gold.get("amount") is None else float(gold["amount"])
            assert loaded["amount"] == expected_amount


def test_agreements_and_sectors_match_the_gold(built: dict[str, Any]) -> None:
    feature = built["default"].features["agreements"].feature
    sector_names = built["default"].features["sectors"].feature
    for row, record in zip(built["default"], built["records"], strict=True):
        assert [sector_names.int2str(s) for s in row["sectors"]] == record["sectors"]
        for loaded, gold in zip(row["agreements"], record["agreements"], strict=True):
            assert feature["type"].int2str(loaded["type"]) == gold["type"]
            assert feature["status"].int2str(loaded["status"]) == gold["status"]
            assert loaded["parties"] == gold["parties"]
            assert loaded["signatories"] == gold.get("signatories", [])
            assert loaded["date"] == gold.get("date")
            assert [sector_names.int2str(s) for s in loaded["sectors"]] == gold["sectors"]
            assert loaded["evidence"] == gold["evidence"]


def test_provenance_columns_come_from_provenance_and_seed_bytes(built: dict[str, Any]) -> None:
    provenance = load_provenance(built["seeds"])
    for row in built["default"]:
        source = provenance[row["doc_id"]]
        assert (row["title"], row["outlet"], row["published"]) == (
            source["title"],
            source["outlet"],
            source["published"],
        )
        assert row["seed_sha256"] == sha256_file(built["seeds"] / f"{row['doc_id']}.txt")


def test_tokens_config_gives_back_every_gold_span(built: dict[str, Any]) -> None:
    tags = built["tokens"].features["ner_tags"].feature
    assert tags.names == list(bio_tags())
    for row, record in zip(built["tokens"], built["records"], strict=True):
        tokens = [Token(*t) for t in zip(row["tokens"], row["start"], row["end"], strict=True)]
        decoded = bio_to_spans(tokens, [tags.int2str(tag) for tag in row["ner_tags"]])
        gold = sorted(Span(e["start"], e["end"], e["label"]) for e in record["entities"])
        assert decoded == gold, record["doc_id"]


def test_build_is_byte_identical_from_the_same_sources(built: dict[str, Any], tmp_path: Path) -> None:
    sources = Sources(built["annotations"], built["seeds"])
    write(build_files(sources), tmp_path / "again")
    for relative in [*DATA_FILES.values(), CARD_FILE, CROISSANT_FILE]:
        assert (tmp_path / "again" / relative).read_bytes() == (built["out"] / relative).read_bytes(), (
            relative
        )


def test_dataset_folder_holds_no_python(built: dict[str, Any]) -> None:
    assert sorted(p.name for p in built["out"].rglob("*.py")) == []
    committed = REPO / "dataset"
    assert sorted(p.name for p in committed.rglob("*.py")) == []


def _card_header(folder: Path) -> dict[str, Any]:
    text = (folder / CARD_FILE).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_card_header_declares_configs_features_and_vocabulary_languages(built: dict[str, Any]) -> None:
    header = _card_header(built["out"])
    # The texts are not CC BY: the Hub's `other`, with the two sets of terms stated apart.
    assert header["license"] == "other"
    assert "CC BY 4.0" in header["license_details"] and "publishers" in header["license_details"]
    assert header["language"] == list(vocabulary.languages())
    assert {c["config_name"]: c["data_files"][0]["path"] for c in header["configs"]} == DATA_FILES
    declared = {info["config_name"]: info for info in header["dataset_info"]}
    assert declared["default"]["features"] == default_features()._to_yaml_list()
    assert declared[TOKENS_CONFIG]["features"] == token_features()._to_yaml_list()
    assert declared["default"]["splits"][0]["num_examples"] == len(built["records"])


def test_card_numbers_are_the_corpus_statistics(built: dict[str, Any]) -> None:
    card = (built["out"] / CARD_FILE).read_text(encoding="utf-8")
    corpus = stats.compute(load_documents(built["annotations"], built["seeds"]))
    assert stats.summary_sentence(corpus) in card
    assert stats.mentions_table(corpus) in card
    assert f"{sum(len(r['entities']) for r in built['records'])} entity mentions" in card
    for record in built["records"]:
        assert record["doc_id"] in card


def test_croissant_lists_each_parquet_with_its_sha256(built: dict[str, Any]) -> None:
    metadata = json.loads((built["out"] / CROISSANT_FILE).read_text(encoding="utf-8"))
    files = {item["contentUrl"]: item["sha256"] for item in metadata["distribution"]}
    assert files == {
        path: hashlib.sha256((built["out"] / path).read_bytes()).hexdigest() for path in DATA_FILES.values()
    }


def test_croissant_passes_mlcroissant_validate_offline(built: dict[str, Any], tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from mlcroissant.scripts.cli import main; sys.exit(main())"]
    result = subprocess.run(
        [*command, "validate", "--jsonld", str(built["out"] / CROISSANT_FILE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_croissant_validates_and_reads_the_records_with_mlcroissant(built: dict[str, Any]) -> None:
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(built["out"] / CROISSANT_FILE))  # raises on validation errors
    rows = list(dataset.records(record_set="default"))
    assert [r["default/doc_id"].decode() for r in rows] == [r["doc_id"] for r in built["records"]]
    first = rows[0]["default/entities"]
    gold = built["records"][0]["entities"]
    assert [(e["default/entities/start"], e["default/entities/end"]) for e in first] == [
        (e["start"], e["end"]) for e in gold
    ]


def test_build_check_passes_when_current_and_names_each_difference(
    built: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dataset"
    args = [
        "build",
        "--annotations",
        str(built["annotations"]),
        "--seeds",
        str(built["seeds"]),
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert main([*args, "--check"]) == 0
    (out / CARD_FILE).write_text("edited\n", encoding="utf-8")
    (out / DATA_FILES[TOKENS_CONFIG]).unlink()
    (out / "data" / "notes.txt").write_text("extra\n", encoding="utf-8")
    capsys.readouterr()
    assert main([*args, "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{out / CARD_FILE}: stale" in err
    assert f"{out / DATA_FILES[TOKENS_CONFIG]}: missing" in err
    assert f"{out / 'data' / 'notes.txt'}: extra" in err
    # A file the build did not write is never deleted: the build refuses and names it.
    capsys.readouterr()
    assert main(args) == 1
    assert "data/notes.txt" in capsys.readouterr().err
    assert (out / "data" / "notes.txt").read_text(encoding="utf-8") == "extra\n"
    (out / "data" / "notes.txt").unlink()
    assert main(args) == 0
    assert main([*args, "--check"]) == 0


def test_committed_dataset_loads_with_typed_features(tmp_path: Path) -> None:
    ds = load_dataset(str(REPO / "dataset"), split=SPLIT, cache_dir=str(tmp_path))
    assert ds.features == default_features()
    for row in ds:
        assert all(row["text"][e["start"] : e["end"]] == e["text"] for e in row["entities"])
    tokens = load_dataset(str(REPO / "dataset"), TOKENS_CONFIG, split=SPLIT, cache_dir=str(tmp_path))
    assert tokens["doc_id"] == ds["doc_id"]


def test_committed_dataset_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    # Parquet bytes name their writer; CI installs the pinned pyarrow (constraints.txt), where this must pass.
    # Elsewhere (e.g. Python 3.10, which that pyarrow does not support) the byte comparison means nothing.
    import pyarrow

    from paradiplomacy.dataset.build import parquet_writer

    writer = parquet_writer(REPO / "dataset" / DATA_FILES["default"])
    if writer != f"parquet-cpp-arrow version {pyarrow.__version__}":
        pytest.skip(f"dataset/ was written by {writer}; this environment has pyarrow {pyarrow.__version__}")
    args = ["--annotations", str(REPO / "annotations"), "--seeds", str(REPO / "seeds")]
    code = main(["build", *args, "--out", str(REPO / "dataset"), "--check"])
    assert code == 0, capsys.readouterr().err
