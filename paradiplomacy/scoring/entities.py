"""Entities across languages: a predicted name meets the gold through the gold's own surface forms.

The gold's canonical names are English, so "Москвы", "Moskau" and "Moscow" all mean the entity whose
canonical is "Moscow" when any gold document writes it that way. Matching is by sets per document:
(canonical, label) pairs, so each entity counts once however often it is mentioned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.scoring.setcounts import Tally
from paradiplomacy.scoring.text_match import normalise
from paradiplomacy.vocabulary import agreement_role_labels

# Labels that can be a party to an agreement, preferred when a party name is ambiguous.
PARTY_LABELS = agreement_role_labels("party")


@dataclass(frozen=True)
class MultisetMatch:
    tally: Tally
    missed: list[Any]  # gold items left unmatched
    spurious: list[Any]  # predicted items left unmatched


def match_multisets(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> MultisetMatch:
    """One-to-one matching of equal items: the multiset intersection is the true positives."""
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    common = gold_counts & predicted_counts
    missed = sorted((gold_counts - common).elements(), key=repr)
    spurious = sorted((predicted_counts - common).elements(), key=repr)
    tp = sum(common.values())
    return MultisetMatch(Tally(tp, len(spurious), len(missed)), missed, spurious)


CanonicalIndex = Mapping[str, Sequence[tuple[str, str]]]
# The index while it is being built, one document at a time: name -> the set of (canonical, label) it names.
RawIndex = dict[str, set[tuple[str, str]]]


def canonical_index(documents: Iterable[Document]) -> dict[str, list[tuple[str, str]]]:
    """Normalised surface form or canonical -> the (canonical, label) pairs it names anywhere in the gold."""
    return finished_index(raw_index(documents))


def raw_index(documents: Iterable[Document]) -> RawIndex:
    index: RawIndex = {}
    for document in documents:
        add_to_index(index, document.entities)
    return index


def add_to_index(index: RawIndex, gold_entities: Iterable[Mapping[str, Any]]) -> None:
    """Index one document's gold entities (a corpus read as a stream adds each document in turn)."""
    for entity in gold_entities:
        target = (entity["canonical"], entity["label"])
        for name in (entity["text"], entity["canonical"]):
            index.setdefault(normalise(name), set()).add(target)


def finished_index(index: RawIndex) -> dict[str, list[tuple[str, str]]]:
    """The index as `resolve` reads it: each name's pairs sorted, so ambiguity resolves the same every run."""
    return {key: sorted(values) for key, values in index.items()}


def viewed_index(
    index: RawIndex, view: Callable[[Iterable[Mapping[str, Any]]], list[dict[str, Any]]]
) -> RawIndex:
    """The index of the gold as `view` shows it (`subsets.EntityView`: labels mapped, some left out), made
    from the index of the gold as it is: what indexing the viewed documents would give."""
    out: RawIndex = {}
    for key, targets in index.items():
        kept = view([{"label": label, "canonical": canonical} for canonical, label in targets])
        if kept:
            out[key] = {(entity["canonical"], entity["label"]) for entity in kept}
    return out


def resolve(
    name: str, index: CanonicalIndex, labels: Sequence[str] = (), local: Collection[tuple[str, str]] = ()
) -> str:
    """The gold canonical `name` stands for, preferring `labels` if ambiguous; else its normalised form.

    Among candidates of a label, one of `local` (the scored document's own gold entities) comes first: a
    deictic "today" is the date of the document it is written in, not of another document.
    """
    candidates = index.get(normalise(name), ())
    for label in labels:
        of_label = [canonical for canonical, candidate_label in candidates if candidate_label == label]
        here = [canonical for canonical in of_label if (canonical, label) in local]
        if here or of_label:
            return (here or of_label)[0]
    return candidates[0][0] if candidates else normalise(name)


def resolve_entity(
    entity: Mapping[str, Any], index: CanonicalIndex, local: Collection[tuple[str, str]] = ()
) -> str:
    """A predicted entity's gold canonical: its `canonical` field first, then its text."""
    label = entity["label"]
    for name in (entity.get("canonical"), entity["text"]):
        if name and normalise(name) in index:
            return resolve(name, index, (label,), local)
    return normalise(entity["text"])


def gold_entities(document: Document) -> set[tuple[str, str]]:
    return {(entity["canonical"], entity["label"]) for entity in document.entities}


def predicted_entities(
    entities: Iterable[Mapping[str, Any]], index: CanonicalIndex, local: Collection[tuple[str, str]] = ()
) -> set[tuple[str, str]]:
    return {(resolve_entity(entity, index, local), entity["label"]) for entity in entities}


def match_entities(
    document: Document, entities: Iterable[Mapping[str, Any]], index: CanonicalIndex
) -> MultisetMatch:
    gold = gold_entities(document)
    return match_multisets(gold, predicted_entities(entities, index, gold))
