"""Scoring what a system attempts: a subset of languages, of labels, a coarser label space, and layers.

- `languages`: only the gold documents in these languages are scored; predictions for other documents are
  ignored and counted in a warning.
- `label_space`: gold and predicted mentions are both mapped through the vocabulary's forward crosswalk
  (`conll` or `ontonotes`); a label without a counterpart there leaves the scored set on both sides.
- `labels`: only mentions with these labels (in the scored space) are scored, on both sides.
- `layers`: what the system attempts; a layer it does not attempt is `n/a` (null F1 and a reason), never 0.

Languages, labels and label space change what a score means, so each is in the settings and the signature
when used, and only then: a score computed without them keeps the signature it always had. The canonical
index through which names meet the gold is always built from the whole gold, so a subset's figures are
exactly the corresponding part of a full run's breakdown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from paradiplomacy.corpus import Document
from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import LAYERS

# Which headline metrics and which results blocks belong to each layer an extractor may attempt.
LAYER_METRICS = {
    "mentions": ("mentions.strict", "mentions.exact", "mentions.partial", "mentions.type", "mentions_text"),
    "entities": ("entities",),
    "agreements": ("agreement_types", "agreements"),
    "sectors": ("sectors.micro", "sectors.macro"),
}
LAYER_BLOCKS = {
    "mentions": ("mentions", "mentions_text"),
    "entities": ("entities",),
    "agreements": ("agreement_types", "agreements"),
    "sectors": ("sectors",),
}


@dataclass(frozen=True)
class Scope:
    """What is scored. None everywhere means everything, and leaves the signature as it always was."""

    languages: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    label_space: str | None = None
    layers: tuple[str, ...] | None = None

    def settings(self) -> dict[str, Any]:
        """The settings entries of the scope, only those in use."""
        out: dict[str, Any] = {}
        if self.languages is not None:
            out["languages"] = list(self.languages)
        if self.labels is not None:
            out["labels"] = list(self.labels)
        if self.label_space is not None:
            out["label_space"] = self.label_space
        return out

    def entity_view(self) -> EntityView | None:
        if self.labels is None and self.label_space is None:
            return None
        return EntityView(self.label_space, frozenset(self.labels) if self.labels is not None else None)


@dataclass(frozen=True)
class EntityView:
    """Mentions as scored: relabelled into the label space, then restricted to the chosen labels."""

    space: str | None
    labels: frozenset[str] | None

    def __call__(self, entities: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        from paradiplomacy.labelmaps import forward

        mapping = forward(self.space) if self.space else None
        out = []
        for entity in entities:
            label = mapping.get(entity["label"]) if mapping is not None else entity["label"]
            if label is None or (self.labels is not None and label not in self.labels):
                continue
            out.append({**entity, "label": label})
        return out

    def documents(self, documents: Iterable[Document]) -> list[Document]:
        return [dataclasses.replace(d, entities=self(d.entities)) for d in documents]


def parse_list(value: str) -> tuple[str, ...]:
    """`en,ru` -> ("en", "ru"): stripped, empty items left out, duplicates refused."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if len(set(items)) != len(items):
        raise ValueError(f"an item is given twice in {value!r}")
    return tuple(items)


class HasLanguage(Protocol):
    """A gold document, or what `stream.read_gold_folder` keeps of one."""

    @property
    def language(self) -> str: ...


class Identified(HasLanguage, Protocol):
    """A document or header with its id, as `restrict` reads it."""

    @property
    def doc_id(self) -> str: ...


Scoped = TypeVar("Scoped", bound=Identified)


def check_scope(scope: Scope, documents: Sequence[HasLanguage], *, source: str = "--languages") -> Scope:
    """The scope with its lists checked and put in vocabulary order; InputError naming a bad entry."""
    from paradiplomacy.labelmaps import space_labels
    from paradiplomacy.vocabulary import languages

    present = [lang for lang in languages() if any(d.language == lang for d in documents)]
    langs = scope.languages
    if langs is not None:
        unknown = [lang for lang in langs if lang not in present]
        if unknown:
            raise InputError(
                f"{source}: {', '.join(map(repr, unknown))}: the corpus has no documents in that language "
                f"(it has {', '.join(present) or 'none'})"
            )
        langs = tuple(lang for lang in present if lang in langs)
    labels = scope.labels
    if labels is not None:
        known = space_labels(scope.label_space)
        unknown = [label for label in labels if label not in known]
        if unknown:
            space = f"the {scope.label_space} label space" if scope.label_space else "the vocabulary"
            raise InputError(
                f"--labels: {', '.join(map(repr, unknown))} is not a label of {space} ({', '.join(known)})"
            )
        labels = tuple(label for label in known if label in labels)
    layers = scope.layers
    if layers is not None:
        unknown = [layer for layer in layers if layer not in LAYERS]
        if unknown:
            raise InputError(
                f"--layers: {', '.join(map(repr, unknown))} is not a layer ({', '.join(LAYERS)})"
            )
        layers = tuple(layer for layer in LAYERS if layer in layers)
    return dataclasses.replace(scope, languages=langs, labels=labels, layers=layers)


def restrict(
    documents: Sequence[Scoped], records: Mapping[str, Any], scope: Scope
) -> tuple[list[Scoped], dict[str, Any], list[str]]:
    """Documents and predictions in the scope's languages, and a warning counting ignored predictions."""
    if scope.languages is None:
        return list(documents), dict(records), []
    kept = [d for d in documents if d.language in scope.languages]
    ids = {d.doc_id for d in kept}
    ignored = sorted(doc_id for doc_id in records if doc_id not in ids)
    warnings = []
    if ignored:
        warnings.append(
            f"{len(ignored)} predictions for documents outside --languages {','.join(scope.languages)} "
            "were ignored"
        )
    return kept, {doc_id: r for doc_id, r in records.items() if doc_id in ids}, warnings


def not_attempted(results: dict[str, Any], layers: Sequence[str], reason: str) -> dict[str, Any]:
    """`results` with every layer outside `layers` marked n/a: null F1 and `reason`, no counts, no errors.

    `results["per_document"]` is the `fold.PerDocument` of `evaluate`, which leaves the metrics and error
    blocks of those layers out of every document's entry.
    """
    missing = [layer for layer in LAYERS if layer not in layers]
    results["per_document"].omit(
        [name for layer in missing for name in LAYER_METRICS[layer]],
        [block for layer in missing for block in LAYER_BLOCKS[layer]],
    )
    for layer in missing:
        for name in LAYER_METRICS[layer]:
            headline = results["headline"].get(name)
            if headline is not None:
                results["headline"][name] = {**headline, "f1": None, "ci": None, "reason": reason}
        for block in LAYER_BLOCKS[layer]:
            results[block] = {"applicable": False, "reason": reason}
    return results


def scope_warnings(scope: Scope, attempts: Mapping[str, Any], system: str) -> list[str]:
    """Say so when an extractor is scored on languages or labels it does not attempt."""
    warnings = []
    scored_languages = scope.languages
    declared = attempts.get("languages")
    if declared is not None:
        outside = [lang for lang in (scored_languages or ()) if lang not in declared]
        if scored_languages is None:
            warnings.append(
                f"{system} attempts only {', '.join(declared)}; documents in other languages are scored as "
                f"empty predictions (give --languages {','.join(declared)} to score what it attempts)"
            )
        elif outside:
            warnings.append(f"{system} does not attempt {', '.join(outside)}; those documents score as empty")
    labels = attempts.get("labels")
    if labels is not None and scope.labels is None and scope.label_space is None:
        warnings.append(
            f"{system} predicts only {', '.join(labels)}; other gold labels count as missed "
            f"(give --labels {','.join(labels)} to score what it attempts)"
        )
    return warnings
