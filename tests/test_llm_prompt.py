"""The `llm` extractor's offline parts: the generated prompt, the tolerant answer reader, offset anchoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_rules import gold_names, leaked_names

from paradiplomacy import vocabulary
from paradiplomacy.extractors.llm import prompt as prompt_module
from paradiplomacy.extractors.llm.anchor import anchor
from paradiplomacy.extractors.llm.answer import AnswerError, first_object, to_prediction
from paradiplomacy.extractors.llm.prompt import build_prompt, tie_breaks

PROMPT_VOCABULARIES = ("entity_label", "agreement_type", "agreement_status", "sector")
LLM_DIR = Path(prompt_module.__file__).resolve().parent


def task_definition_names() -> set[str]:
    """Gold names that the vocabulary's own definitions use as category words (every system gets these)."""
    definitions = " ".join(
        term.definition for key in PROMPT_VOCABULARIES for term in vocabulary.vocabulary(key).terms
    )
    return set(leaked_names(prompt_module.definition(definitions), gold_names()))


def test_llm_files_hold_no_gold_name() -> None:
    files = sorted(p for p in LLM_DIR.rglob("*") if p.suffix in (".py", ".json", ".md"))
    assert {p.name for p in files} >= {"instructions.md", "examples.json", "prompt.py"}
    leaked = leaked_names("\n".join(p.read_text(encoding="utf-8") for p in files), gold_names())
    assert not leaked, f"gold mention texts in {LLM_DIR}: {leaked}"


def test_prompt_holds_no_gold_name_beyond_the_task_definition() -> None:
    allowed = task_definition_names()
    assert allowed <= {"high-tech park", "counselors' office"}, allowed  # generic category words only
    leaked = set(leaked_names(build_prompt().system, gold_names())) - allowed
    assert not leaked, f"gold mention texts in the LLM prompt: {sorted(leaked)}"


def test_prompt_carries_every_label_type_status_sector_and_the_tie_breaks() -> None:
    system = build_prompt().system
    for key in PROMPT_VOCABULARIES:
        for term in vocabulary.vocabulary(key).terms:
            assert f"- {term.name}: {prompt_module.definition(term.definition)}" in system
    assert tie_breaks().startswith("Tie-breaks") and tie_breaks() in system
    assert "composite materials are manufacturing" in tie_breaks() and "`" not in tie_breaks()
    for kind, statuses in vocabulary.statuses_by_type().items():
        assert f"Status: {' or '.join(statuses)}." in system.split(f"\n- {kind}: ", 1)[1].split("\n")[0]
    assert '("' not in prompt_module.definition('A post ("Mayor", "мэр").') + "x"


def test_prompt_id_is_a_hash_of_what_is_sent(monkeypatch, tmp_path: Path) -> None:
    first = build_prompt()
    assert first.id.startswith("p1-") and build_prompt().id == first.id
    changed = tmp_path / "instructions.md"
    changed.write_text(prompt_module.INSTRUCTIONS.read_text(encoding="utf-8") + "\nBe brief.\n")
    monkeypatch.setattr(prompt_module, "INSTRUCTIONS", changed)
    build_prompt.cache_clear()
    try:
        assert build_prompt().id != first.id
    finally:
        build_prompt.cache_clear()


def test_missing_tie_breaks_is_an_input_error(tmp_path: Path) -> None:
    from paradiplomacy.errors import InputError

    guidelines = tmp_path / "GUIDELINES.md"
    guidelines.write_text("# Guidelines\n\nNo tie-break paragraph here.\n")
    with pytest.raises(InputError, match="no 'Tie-breaks' paragraph"):
        tie_breaks(guidelines)


def test_invented_examples_are_valid_answers_and_anchor_in_their_texts() -> None:
    data = json.loads(prompt_module.EXAMPLES.read_text(encoding="utf-8"))
    assert {shot["language"] for shot in data["shots"]} == {"en", "de", "ru"}
    for shot in data["shots"]:
        prediction, dropped = to_prediction(shot["answer"])
        assert not dropped, shot["doc_id"]
        names = [e["text"] for e in prediction["entities"]]
        assert None not in anchor(shot["text"], names), shot["doc_id"]
        for agreement in prediction["agreements"]:
            assert set(agreement["parties"]) <= set(names)
            assert set(agreement["sectors"]) <= set(prediction["sectors"])
    assert set(data["labels"]) == set(vocabulary.entity_labels())


@pytest.mark.parametrize(
    "text",
    [
        '{"entities": []}',
        'Here you are:\n```json\n{"entities": []}\n```',
        '```\n{"entities": []}\n```',
        'Answer: {"entities": []} and that is all {"ignored": 1}',
        'noise { not json } then {"entities": []}',
        '<think>maybe {"entities": ["x"]}? no.</think>\n{"entities": []}',
    ],
)
def test_tolerant_reader_finds_the_first_object(text: str) -> None:
    assert first_object(text) == {"entities": []}


@pytest.mark.parametrize("text", ["", "no json here", '["a list"]', '{"unclosed": [1, 2'])
def test_reader_refuses_answers_without_an_object(text: str) -> None:
    with pytest.raises(AnswerError):
        first_object(text)


def test_anchoring_takes_the_kth_free_occurrence_in_text_order() -> None:
    text = "Vitebsk met Harbin. The Vitebsk region and Vitebsk agreed; Harbin signed."
    spans = anchor(text, ["Vitebsk", "Harbin", "Vitebsk region", "Vitebsk", "Harbin"])
    assert [text[s:e] for s, e in spans] == ["Vitebsk", "Harbin", "Vitebsk region", "Vitebsk", "Harbin"]
    assert spans[3] == (text.rindex("Vitebsk"), text.rindex("Vitebsk") + 7)
    assert spans[4][0] == text.rindex("Harbin")
    # A third "Vitebsk" has no free occurrence left: it stays without offsets.
    assert anchor(text, ["Vitebsk region", "Vitebsk", "Vitebsk", "Vitebsk"])[3] is None


def test_anchoring_out_of_order_falls_back_to_the_first_free_occurrence() -> None:
    text = "Harbin and Vitebsk; later Harbin."
    assert anchor(text, ["Vitebsk", "Harbin", "Harbin"]) == [(11, 18), (26, 32), (0, 6)]


def test_anchoring_needs_whole_words() -> None:
    text = "Die Vitebsker Delegation besuchte Vitebsk."
    assert anchor(text, ["Vitebsk"]) == [(34, 41)]
    assert anchor("Die Vitebsker Delegation.", ["Vitebsk"]) == [None]


def test_anchoring_falls_back_to_case_and_unicode_folding_in_russian_and_german() -> None:
    text = "ВИТЕБСК, 6\xa0марта. Делегация Витебска посетила Харбин’s парк. Straße in Gießen."
    spans = anchor(text, ["Витебск", "6 марта", "витебска", "Харбин's", "STRASSE", "Gießen"])
    assert [text[s:e] if (s, e) else None for s, e in spans] == [
        "ВИТЕБСК",
        "6\xa0марта",
        "Витебска",
        "Харбин’s",
        "Straße",
        "Gießen",
    ]


def test_anchoring_on_the_gold_texts_reproduces_the_gold_offsets() -> None:
    from paradiplomacy.extractors.documents import gold_documents

    for document in gold_documents():
        names = [m["text"] for m in document.entities]
        spans = anchor(document.text, names)
        assert spans == [(m["start"], m["end"]) for m in document.entities], document.doc_id


def test_layers_of_the_wrong_shape_are_dropped_and_counted() -> None:
    prediction, dropped = to_prediction(
        {"entities": {"label": "GPE"}, "agreements": "none", "sectors": "trade"}
    )
    assert prediction == {"entities": [], "agreements": [], "sectors": []}
    assert dropped == {"agreements that is not a list": 1, "entities that is not a list": 1}


def test_answer_schema_admits_only_the_statuses_each_type_admits() -> None:
    import jsonschema

    schema = build_prompt().schema
    answer = {"doc_id": "d", "entities": [], "sectors": [], "agreements": []}
    for kind, statuses in vocabulary.statuses_by_type().items():
        for status in vocabulary.agreement_statuses():
            answer["agreements"] = [{"type": kind, "status": status, "parties": [], "sectors": []}]
            valid = jsonschema.Draft202012Validator(schema).is_valid(answer)
            assert valid == (status in statuses), (kind, status)
            prediction, dropped = to_prediction(answer)
            assert bool(prediction["agreements"]) == (status in statuses) and bool(dropped) != valid
