"""The vocabulary schema is the one source of every label set; nothing else may retype one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paradiplomacy import vocabulary


@pytest.mark.parametrize("key", vocabulary.NAMES)
def test_every_vocabulary_has_unique_defined_terms(key: str) -> None:
    vocab = vocabulary.vocabulary(key)
    assert vocab.terms, key
    assert len(set(vocab.names)) == len(vocab.names)
    for term in vocab.terms:
        assert term.definition.strip(), f"{key}/{term.name} has no definition"
        assert set(term.crosswalk) == set(vocab.crosswalk_columns.values()), (
            f"{key}/{term.name} lacks a crosswalk"
        )


def test_ontology_v1_sizes() -> None:
    # The ontology of issue 4 defines 12 entity labels, 6 agreement types, 4 statuses and 20 sectors;
    # 1.2 (issue 13) adds the types institution_partnership and proposal and the date bases.
    assert len(vocabulary.entity_labels()) == 12
    assert len(vocabulary.agreement_types()) == 8
    assert vocabulary.date_bases() == ("stated", "reported_event")
    assert len(vocabulary.agreement_statuses()) == 4
    assert len(vocabulary.sectors()) == 20


def _enums(node: object) -> list[list[object]]:
    found: list[list[object]] = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            found.append(node["enum"])
        for value in node.values():
            found += _enums(value)
    elif isinstance(node, list):
        for value in node:
            found += _enums(value)
    return found


def test_no_schema_retypes_a_vocabulary(schema_dir: Path) -> None:
    terms = {name for key in vocabulary.NAMES for name in vocabulary.vocabulary(key).names}
    for path in schema_dir.glob("*.schema.json"):
        if path.name == vocabulary.VOCABULARY_FILE:
            continue
        for enum in _enums(json.loads(path.read_text(encoding="utf-8"))):
            overlap = terms.intersection(map(str, enum))
            assert not overlap, (
                f"{path.name} retypes vocabulary terms {sorted(overlap)}; $ref the vocabulary instead"
            )


def test_every_type_admits_known_statuses() -> None:
    admitted = vocabulary.statuses_by_type()
    assert set(admitted) == set(vocabulary.agreement_types())
    for kind, statuses in admitted.items():
        assert statuses, kind
        assert set(statuses) <= set(vocabulary.agreement_statuses()), kind
    assert admitted["proposal"] == ("proposed",)
    assert "proposed" not in admitted["verbal_agreement"]
