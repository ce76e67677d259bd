"""The `transformers` adapter runs the real token-classification pipeline on a tiny model built here: random
weights, a made-up label set, a WordPiece vocabulary of the corpus's own words. Nothing is downloaded."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import attempted, run_extractor
from paradiplomacy.extractors.registry import resolve
from paradiplomacy.extractors.transformers_ner import native_labels
from paradiplomacy.predictions import check_predictions

TAGS = ["O", "B-HUMAN", "I-HUMAN", "B-TOWN", "I-TOWN"]  # a label set no crosswalk knows


def needs_transformers() -> None:
    for module in ("torch", "transformers"):
        if importlib.util.find_spec(module) is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{module} is missing under CI; nox installs it")
            pytest.skip(f'{module} is not installed (pip install torch==2.13.0 ".[transformers]")')


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    needs_transformers()
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-ner")
    words = sorted({w.strip(".,;:()«»\"'").lower() for d in load_corpus() for w in d.text.split()} - {""})
    (folder / "vocab.txt").write_text(
        "\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words[:3000]]) + "\n", encoding="utf-8"
    )
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label=dict(enumerate(TAGS)),
        label2id={tag: i for i, tag in enumerate(TAGS)},
    )
    model = BertForTokenClassification(config)
    with torch.no_grad():  # make the made-up entity classes likely enough that spans appear
        model.classifier.bias.copy_(torch.tensor([0.0, 1.0, 0.5, 1.0, 0.5]))
    model.save_pretrained(folder)
    tokenizer.model_max_length = 64
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def label_map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.json"
    path.write_text(json.dumps({"HUMAN": "PER", "TOWN": "GPE"}), encoding="utf-8")
    return path


def test_native_labels_strip_bio_prefixes() -> None:
    assert native_labels(dict(enumerate(TAGS))) == ["HUMAN", "TOWN"]
    assert native_labels({0: "O", 1: "S-X", 2: "L-X", 3: "MISC"}) == ["X", "MISC"]


def test_tiny_model_offsets_come_from_the_tokenizer(tiny_model: Path, label_map_file: Path) -> None:
    documents = sorted(load_corpus(), key=lambda d: d.doc_id)
    extractor = resolve("transformers", {"model": str(tiny_model), "label_map": str(label_map_file)})
    assert attempted(extractor)["labels"] == ["PER", "GPE"]
    records = run_extractor(extractor, documents, source="transformers")
    check_predictions(records, {d.doc_id: d for d in documents}, "transformers")  # offsets point at the text
    spans = [e for r in records for e in r["entities"]]
    assert spans, "the tiny model found nothing to check"
    assert {e["label"] for e in spans} <= {"PER", "GPE"}
    russian = next(r for d, r in zip(documents, records, strict=True) if d.language == "ru")
    text = next(d.text for d in documents if d.language == "ru")
    # Windows over a text longer than the model's 64 positions: spans reach the end of the document.
    assert all(text[e["start"] : e["end"]] == e["text"] for e in russian["entities"])
    assert max(e["end"] for e in russian["entities"]) > len(text) // 2


def test_unknown_model_labels_are_an_error_or_dropped(
    tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The auto map is OntoNotes (HUMAN and TOWN are not CoNLL labels), which knows neither label.
    with pytest.raises(
        InputError, match=r"'(HUMAN|TOWN)' is not in the ontonotes label map.*unknown_labels=drop"
    ):
        extractor = resolve("transformers", {"model": str(tiny_model)})
        run_extractor(extractor, list(load_corpus())[:1], source="transformers")
    options = f"model={tiny_model},unknown_labels=drop,aggregation=first"
    assert (
        main(
            [
                "evaluate",
                "--extractor",
                "transformers",
                "--extractor-args",
                options,
                "--format",
                "json",
                "--bootstrap",
                "0",
            ]
        )
        == 0
    )
    results = json.loads(capsys.readouterr().out)
    assert set(results["label_map"]["dropped"]) <= {"HUMAN", "TOWN"} and results["label_map"]["dropped"]
    assert results["extractor"]["settings"]["aggregation"] == "first"
    assert results["headline"]["agreements"]["f1"] is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "give model=NAME_OR_PATH"),
        ({"model": "/no/such/model"}, "cannot load token-classification model"),
        ({"aggregation": "none"}, "aggregation='none'; expected one of simple, first, average, max"),
        ({"device": "abacus:7"}, "device='abacus:7'"),
    ],
)
def test_bad_options(options: dict[str, Any], message: str, tiny_model: Path) -> None:
    if "aggregation" in options or "device" in options:
        options = {"model": str(tiny_model), **options}
    with pytest.raises(InputError, match=message):
        resolve("transformers", options)
