"""The `transformers` extractor: any token-classification model, through the transformers pipeline.

`--extractor transformers --extractor-args model=NAME_OR_PATH,aggregation=simple,device=cpu,label_map=auto`
- `model`: a local folder or a model already in the local Hugging Face cache (nothing is downloaded: the
  run is offline, `HF_HUB_OFFLINE=1`);
- `aggregation`: the pipeline's aggregation strategy, `simple` (default), `first`, `average` or `max`
  (`none` gives word pieces, not entities, so it is refused);
- `device`: `cpu` (default), `cuda`, `cuda:N` or `mps`; `stride`: tokens shared by overlapping windows
  over texts longer than the model's input (default: a quarter of it);
- `label_map`, `unknown_labels`: as for `spacy`; the model's labels are its `id2label` without BIO prefixes.
Offsets come from the fast tokenizer's offset mapping, so they are code points into the text as given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.adapters import (
    NER_LAYERS,
    choice,
    mapped_labels,
    model_label_map,
    positive_int,
    prediction,
    require,
    versions,
)

NAME = "transformers"
AGGREGATIONS = ("simple", "first", "average", "max")
_PREFIXES = ("B-", "I-", "E-", "S-", "L-", "U-")
_OUTSIDE = "O"


def native_labels(id2label: Mapping[Any, str]) -> list[str]:
    """Entity labels of a BIO/BILOU tag set: prefixes stripped, `O` left out, in first-seen order."""
    seen: dict[str, None] = {}
    for tag in id2label.values():
        if tag == _OUTSIDE:
            continue
        seen.setdefault(tag[2:] if tag.startswith(_PREFIXES) else tag, None)
    return list(seen)


class TransformersExtractor:
    def __init__(
        self,
        model: str = "",
        aggregation: str = "simple",
        device: str = "cpu",
        stride: str = "",
        batch_size: str = "8",
        label_map: str = "auto",
        unknown_labels: str = "error",
    ) -> None:
        if not model:
            raise InputError(f"extractor {NAME}: give model=NAME_OR_PATH in --extractor-args")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never a download at run time (and local_files_only)
        require("torch", "transformers", NAME)
        transformers = require("transformers", "transformers", NAME)
        transformers.utils.logging.disable_progress_bar()  # one summary line of ours is enough
        self.model = model
        self.aggregation = choice(aggregation, AGGREGATIONS, "aggregation", NAME)
        self.device = device
        self.batch_size = positive_int(batch_size, "batch_size", NAME)
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(model, local_files_only=True)
            network = transformers.AutoModelForTokenClassification.from_pretrained(
                model, local_files_only=True
            )
        except (OSError, ValueError) as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise InputError(
                f"extractor {NAME}: cannot load token-classification model {model!r} from a local folder or "
                f"the local cache ({first})"
            ) from None
        if not tokenizer.is_fast:
            raise InputError(f"extractor {NAME}: {model!r} has no fast tokenizer, so no offset mapping")
        window = int(min(tokenizer.model_max_length, network.config.max_position_embeddings))
        self.stride = positive_int(stride, "stride", NAME) if stride else max(1, window // 4)
        if self.stride >= window - 2:
            raise InputError(
                f"extractor {NAME}: stride={self.stride} must be less than the window ({window})"
            )
        tokenizer.model_max_length = window
        try:
            self.pipe = transformers.pipeline(
                "token-classification",
                model=network,
                tokenizer=tokenizer,
                aggregation_strategy=self.aggregation,
                stride=self.stride,
                device=device,
            )
        except (RuntimeError, ValueError) as error:
            raise InputError(f"extractor {NAME}: device={device!r}: {error}") from None
        native = native_labels(network.config.id2label)
        self.label_map = model_label_map(label_map, unknown_labels, native, NAME)
        self.attempts = {"layers": NER_LAYERS, "labels": mapped_labels(self.label_map, native)}

    def batch(self, documents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        texts = [document["text"] for document in documents]
        outputs = self.pipe(texts, batch_size=self.batch_size) if texts else []
        return [
            prediction(
                document["doc_id"], document["text"], _spans(document["text"], found), self.label_map, NAME
            )
            for document, found in zip(documents, outputs, strict=True)
        ]

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        return self.batch([document])[0]

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "aggregation": self.aggregation,
            "device": self.device,
            "stride": self.stride,
            "batch_size": self.batch_size,
            **self.label_map.describe(),
            "versions": versions("transformers", "torch", "tokenizers"),
        }


def _spans(text: str, found: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    """(start, end, label) with surrounding white space trimmed; pieces without offsets are skipped."""
    spans = []
    for item in found:
        start, end = item.get("start"), item.get("end")
        if start is None or end is None:
            continue
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((int(start), int(end), str(item["entity_group"])))
    return spans
