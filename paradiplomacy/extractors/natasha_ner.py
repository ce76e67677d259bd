"""The `natasha` extractor: Russian named entities from Natasha's news NER, with the weights its wheel ships.

Natasha tags PER, LOC and ORG, which are CoNLL labels: they reach ours through the CoNLL inverse crosswalk
(`schema/vocabulary.schema.json`, `x-label-maps`: PER -> PER, ORG -> ORG, LOC -> GPE, with the reasons).
Options: `unknown_labels=error|drop`. It attempts Russian documents and the mention and entity layers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paradiplomacy.extractors.adapters import (
    NER_LAYERS,
    mapped_labels,
    model_label_map,
    prediction,
    require,
    versions,
)

NAME = "natasha"
NATIVE_LABELS = ("PER", "LOC", "ORG")


class NatashaExtractor:
    def __init__(self, unknown_labels: str = "error") -> None:
        natasha = require("natasha", "natasha", NAME)
        self.segmenter = natasha.Segmenter()
        self.tagger = natasha.NewsNERTagger(natasha.NewsEmbedding())
        self._doc = natasha.Doc
        self.label_map = model_label_map("conll", unknown_labels, NATIVE_LABELS, NAME)
        self.attempts = {
            "layers": NER_LAYERS,
            "labels": mapped_labels(self.label_map, NATIVE_LABELS),
            "languages": ["ru"],
        }

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        doc = self._doc(document["text"])
        doc.segment(self.segmenter)
        doc.tag_ner(self.tagger)
        spans = ((span.start, span.stop, span.type) for span in doc.spans)
        return prediction(document["doc_id"], document["text"], spans, self.label_map, NAME)

    def describe(self) -> dict[str, Any]:
        return {
            "model": "natasha NewsNERTagger (slovnet news NER, navec news embeddings)",
            **self.label_map.describe(),
            "versions": versions("natasha", "slovnet", "navec", "razdel"),
        }
