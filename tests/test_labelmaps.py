"""Label maps: the inverse crosswalks in the vocabulary agree with the forward ones and say why at every
tie-break; --label-map maps a file's labels, --unknown-labels decides about the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.errors import InputError
from paradiplomacy.labelmaps import SPACES, builtin_map, forward, load_label_map


@pytest.mark.parametrize("space", SPACES)
def test_inverse_map_agrees_with_the_forward_crosswalk(space: str) -> None:
    inverse, ahead = builtin_map(space), forward(space)
    foreign = {label for label in ahead.values() if label is not None}
    assert foreign <= set(inverse.targets), f"{space}: labels of the crosswalk missing from the inverse map"
    for theirs, ours in inverse.targets.items():
        if ours is None:
            assert theirs not in foreign, f"{space}: {theirs} has counterparts but maps to null"
            continue
        assert ahead[ours] == theirs, f"{space}: {theirs} -> {ours}, but {ours} -> {ahead[ours]}"
        several = sorted(label for label, value in ahead.items() if value == theirs)
        if len(several) > 1:
            assert inverse.reasons.get(theirs), (
                f"{space}: {theirs} could be {several}: the tie-break needs a reason"
            )


def test_written_tie_breaks() -> None:
    assert builtin_map("ontonotes").targets["ORG"] == "ORG"
    assert builtin_map("ontonotes").targets["PERSON"] == "PER"
    assert builtin_map("ontonotes").targets["CARDINAL"] is None
    assert builtin_map("conll").targets["LOC"] == "GPE"


def test_a_file_map_and_its_errors(tmp_path: Path) -> None:
    good = tmp_path / "map.json"
    good.write_text(json.dumps({"PERSON": "PER", "CITY": {"label": "GPE"}, "NUM": None}))
    mapping = load_label_map(str(good), "error")
    kept, dropped = mapping.apply([{"label": "CITY", "text": "x"}, {"label": "NUM", "text": "1"}])
    assert kept == [{"label": "GPE", "text": "x"}] and dropped == {"NUM": 1}
    with pytest.raises(InputError, match=r"'THING' is not in the .* label map"):
        mapping.apply([{"label": "THING", "text": "x"}])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"PERSON": "HUMAN"}))
    with pytest.raises(InputError, match="'HUMAN' is not one of our labels"):
        load_label_map(str(bad))
    with pytest.raises(InputError, match="neither ontonotes, conll nor an existing file"):
        load_label_map(str(tmp_path / "absent.json"))


@pytest.fixture
def ontonotes_file(tmp_path: Path) -> Path:
    """Gold mentions relabelled as an OntoNotes tagger would, plus a CARDINAL and a made-up label."""
    back = {"PER": "PERSON", "GOV": "ORG", "INITIATIVE": "LAW"}
    lines = []
    for document in load_corpus():
        entities = [
            {
                "start": e["start"],
                "end": e["end"],
                "text": e["text"],
                "label": back.get(e["label"], e["label"]),
            }
            for e in document.entities
            if e["label"] != "ROLE"
        ]
        entities.append({"text": document.text[:1], "start": 0, "end": 1, "label": "CARDINAL"})
        lines.append(json.dumps({"doc_id": document.doc_id, "entities": entities}, ensure_ascii=False))
    lines[0] = lines[0].replace('"label": "CARDINAL"', '"label": "WIDGET"')
    path = tmp_path / "ontonotes.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unknown_label_is_an_error_naming_the_line(
    ontonotes_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--predictions", str(ontonotes_file), "--label-map", "ontonotes"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{ontonotes_file}: line 1" in err and "'WIDGET' is not in the ontonotes label map" in err
    assert "--unknown-labels drop" in err


def test_without_a_map_foreign_labels_are_refused(
    ontonotes_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--predictions", str(ontonotes_file)]) == 1
    assert "PERSON" in capsys.readouterr().err


def test_dropped_labels_are_counted(ontonotes_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options = ["--label-map", "ontonotes", "--unknown-labels", "drop", "--format", "json", "--bootstrap", "0"]
    assert main(["evaluate", "--predictions", str(ontonotes_file), *options]) == 0
    results = json.loads(capsys.readouterr().out)
    documents = len(results["per_document"])
    assert results["label_map"] == {
        "map": "ontonotes",
        "unknown_labels": "drop",
        "dropped": {"CARDINAL": documents - 1, "WIDGET": 1},
    }
    by_label = results["mentions"]["by_label"]
    assert by_label["PER"]["strict"]["f1"] == 1.0  # PERSON -> PER
    assert by_label["GPE"]["strict"]["f1"] == 1.0
    assert by_label["GOV"]["strict"]["recall"] == 0.0  # OntoNotes ORG -> ORG: the written tie-break
