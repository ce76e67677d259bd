"""The typed `datasets.Features` of both configurations, with every label set read from the vocabulary."""

from __future__ import annotations

from typing import Any

from datasets import ClassLabel, Features, List, Value

from paradiplomacy import vocabulary


def _list(feature: Any, length: int = -1) -> List:
    return List(feature, length=length)


def bio_tags() -> tuple[str, ...]:
    """`O`, then `B-X`, `I-X` for each entity label in vocabulary order."""
    tags = ["O"]
    for label in vocabulary.entity_labels():
        tags += [f"B-{label}", f"I-{label}"]
    return tuple(tags)


def entity_feature() -> dict[str, Any]:
    return {
        "id": Value("string"),
        "start": Value("int32"),
        "end": Value("int32"),
        "label": ClassLabel(names=list(vocabulary.entity_labels())),
        "text": Value("string"),
        "canonical": Value("string"),
        "country": Value("string"),
        "level": ClassLabel(names=list(vocabulary.vocabulary("gpe_level").names)),
        "value": Value("string"),
        "amount": Value("float64"),
        "currency": Value("string"),
        "belongs_to": Value("string"),
    }


def sector_list() -> Any:
    return _list(ClassLabel(names=list(vocabulary.sectors())))


def agreement_feature() -> dict[str, Any]:
    return {
        "id": Value("string"),
        "type": ClassLabel(names=list(vocabulary.agreement_types())),
        "status": ClassLabel(names=list(vocabulary.agreement_statuses())),
        "parties": _list(Value("string")),
        "signatories": _list(Value("string")),
        "date": Value("string"),
        "date_basis": ClassLabel(names=list(vocabulary.date_bases())),
        "sectors": sector_list(),
        "evidence": _list(_list(Value("int32"), length=2)),
    }


def language_feature() -> ClassLabel:
    return ClassLabel(names=list(vocabulary.languages()))


def default_features() -> Features:
    """One row per document: the text, its three annotation layers and where the text comes from."""
    return Features(
        {
            "doc_id": Value("string"),
            "language": language_feature(),
            "text": Value("string"),
            "entities": _list(entity_feature()),
            "agreements": _list(agreement_feature()),
            "sectors": sector_list(),
            "title": Value("string"),
            "outlet": Value("string"),
            "published": Value("string"),
            "seed_sha256": Value("string"),
        }
    )


def token_features() -> Features:
    """One row per document as word tokens with BIO tags, for token-classification trainers."""
    return Features(
        {
            "doc_id": Value("string"),
            "language": language_feature(),
            "tokens": _list(Value("string")),
            "start": _list(Value("int32")),
            "end": _list(Value("int32")),
            "ner_tags": _list(ClassLabel(names=list(bio_tags()))),
        }
    )
