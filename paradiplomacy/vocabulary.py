"""The controlled vocabularies, read from `schema/vocabulary.schema.json` (their one source of truth)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from paradiplomacy.resources import schema_dir

VOCABULARY_FILE = "vocabulary.schema.json"
# The vocabularies, in the order documents and tables present them.
NAMES = (
    "language",
    "entity_label",
    "gpe_level",
    "agreement_type",
    "agreement_status",
    "date_basis",
    "sector",
)


@dataclass(frozen=True)
class Term:
    name: str
    definition: str
    crosswalk: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    key: str
    title: str
    terms: tuple[Term, ...]
    crosswalk_columns: dict[str, str]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(term.name for term in self.terms)

    def __contains__(self, name: object) -> bool:
        return name in self.names


@cache
def raw_schema() -> dict[str, Any]:
    with (schema_dir() / VOCABULARY_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def vocabulary(key: str) -> Vocabulary:
    """One vocabulary by its `$defs` key, e.g. `vocabulary("sector").names`."""
    definition = raw_schema()["$defs"][key]
    columns = definition.get("x-crosswalk-columns", {})
    terms = tuple(
        Term(
            name=item["const"],
            definition=item["description"],
            crosswalk={columns[k]: v for k, v in item.items() if k in columns},
        )
        for item in definition["oneOf"]
    )
    return Vocabulary(key=key, title=definition["title"], terms=terms, crosswalk_columns=columns)


def version() -> str:
    return str(raw_schema()["version"])


def entity_labels() -> tuple[str, ...]:
    return vocabulary("entity_label").names


def agreement_types() -> tuple[str, ...]:
    return vocabulary("agreement_type").names


def agreement_statuses() -> tuple[str, ...]:
    return vocabulary("agreement_status").names


def sectors() -> tuple[str, ...]:
    return vocabulary("sector").names


def languages() -> tuple[str, ...]:
    return vocabulary("language").names


# Who may take which part in an agreement (annotation guidelines §3, rules 4 and 5).
_AGREEMENT_ROLES = {"party": ("GPE", "GOV", "ORG"), "signatory": ("PER",)}


def agreement_role_labels(role: str) -> tuple[str, ...]:
    """Entity labels an agreement's `parties` ("party") or `signatories` ("signatory") may refer to."""
    labels = _AGREEMENT_ROLES[role]
    unknown = [label for label in labels if label not in entity_labels()]
    if unknown:
        raise ValueError(f"agreement role {role!r} names labels missing from the vocabulary: {unknown}")
    return labels


def date_bases() -> tuple[str, ...]:
    return vocabulary("date_basis").names


@cache
def statuses_by_type() -> dict[str, tuple[str, ...]]:
    """Agreement type -> the statuses it admits (`x-statuses` in the vocabulary; all when absent)."""
    every = agreement_statuses()
    return {
        item["const"]: tuple(item.get("x-statuses", every))
        for item in raw_schema()["$defs"]["agreement_type"]["oneOf"]
    }


# Entity labels that may carry `belongs_to`, the GPE a body governs or a post belongs to (guidelines 1.2).
BELONGS_TO_LABELS = ("GOV", "ROLE")
