"""A surface form the gold gives several canonicals of one label (a deictic "today" in two documents) resolves
to the scored document's own entity, so a text-only prediction of it can be correct."""

from __future__ import annotations

from collections import defaultdict

import paradiplomacy
from paradiplomacy.corpus import load_corpus
from paradiplomacy.scoring.text_match import normalise


def test_an_ambiguous_surface_form_resolves_to_the_scored_documents_entity() -> None:
    documents = load_corpus()
    canonicals: dict[tuple[str, str], set[str]] = defaultdict(set)
    for document in documents:
        for entity in document.entities:
            canonicals[(normalise(entity["text"]), entity["label"])].add(entity["canonical"])
    ambiguous = {key for key, values in canonicals.items() if len(values) > 1}
    assert ambiguous, "the gold has no surface form with two canonicals of one label: this test needs one"
    for document in documents:
        mentions = [e for e in document.entities if (normalise(e["text"]), e["label"]) in ambiguous]
        if not mentions:
            continue
        predicted = [{"label": e["label"], "text": e["text"]} for e in mentions]
        results = paradiplomacy.evaluate([{"doc_id": document.doc_id, "entities": predicted}], documents)
        errors = results["per_document"][document.doc_id]["errors"]["entities"]
        assert errors["spurious"] == [], (document.doc_id, errors)
