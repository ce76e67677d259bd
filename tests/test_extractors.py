"""Any extractor, however it is run (Python callable, entry point, external program), gives the same file."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.errors import InputError
from paradiplomacy.extractors import registry
from paradiplomacy.extractors.base import run_extractor
from paradiplomacy.extractors.documents import gold_documents
from paradiplomacy.extractors.jsonl import dumps_predictions

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "eval" / "examples"
EXTERNAL = f"{shlex.quote(sys.executable)} {shlex.quote(str(EXAMPLES / 'years_jsonl.py'))}"


@pytest.fixture
def examples_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLES))


@pytest.fixture
def years_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, examples_importable: None) -> str:
    """Register `years` the real way: a distribution's entry_points.txt on sys.path."""
    dist = tmp_path / "site" / "years_extractor-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: years-extractor\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[paradiplomacy.extractors]\nyears-ep = years:extract\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return "years-ep"


@pytest.fixture(scope="module")
def expected() -> str:
    """The predictions file the years example gives, computed directly."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        from years import extract
    finally:
        sys.path.remove(str(EXAMPLES))
    return dumps_predictions(
        extract({"doc_id": d.doc_id, "language": d.language, "text": d.text}) for d in gold_documents()
    )


def predict(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["predict", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("spec", ["years:extract", "years:YearsBatch"])
def test_python_callable_and_batch_class(capsys, examples_importable, expected, spec):
    assert predict(capsys, "--extractor", spec) == expected


def test_entry_point(capsys, years_entry_point, expected):
    assert years_entry_point in registry.available()
    assert years_entry_point not in registry.shipped()
    assert predict(capsys, "--extractor", years_entry_point) == expected


def test_external_program(capsys, expected):
    assert predict(capsys, "--command", EXTERNAL, "--timeout", "20") == expected


def test_output_file_in_doc_id_order(tmp_path, capsys, examples_importable, expected):
    out = tmp_path / "p.jsonl"
    assert main(["predict", "--extractor", "years:extract", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected
    ids = [line.split('"doc_id": ')[1].split('"')[1] for line in expected.splitlines()]
    assert ids == sorted(ids) and len(ids) == len(gold_documents())


def test_scores_match_the_file(tmp_path, capsys, examples_importable, expected):
    from paradiplomacy.predictions import read_predictions
    from paradiplomacy.scoring.evaluate import evaluate

    documents = gold_documents()
    path = tmp_path / "p.jsonl"
    path.write_text(expected, encoding="utf-8")
    from_file = read_predictions(path, {d.doc_id: d for d in documents})
    import years

    direct = run_extractor(years.extract, documents, source="test")
    kwargs = {"bootstrap": 20, "system": "years"}
    assert evaluate(direct, documents, **kwargs) == evaluate(from_file, documents, **kwargs)


def test_shipped_rules_is_registered():
    assert "rules" in registry.shipped()
    assert callable(registry.resolve("rules"))


def test_doc_id_filled_in_and_wrong_one_refused():
    documents = gold_documents()[:2]
    filled = run_extractor(lambda d: {"entities": []}, documents, source="test")
    assert [p["doc_id"] for p in filled] == [d.doc_id for d in documents]
    with pytest.raises(
        InputError, match=rf"document {documents[0].doc_id}: prediction is for doc_id 'other'"
    ):
        run_extractor(lambda d: {"doc_id": "other"}, documents, source="test")


# Faults of in-process extractors, through the command line: one message, exit status 1.


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def test_unknown_name_lists_available(capsys):
    status, err = run_cli(capsys, "predict", "--extractor", "no-such-thing")
    assert status == 1
    assert "no such extractor" in err and "rules" in err


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such_module_xyz:f", "cannot import module 'no_such_module_xyz'"),
        ("years:nothing", "has no attribute 'nothing'"),
        ("years:", "expected module:attribute"),
        ("years:YEAR", "not callable"),
    ],
)
def test_bad_module_attribute(capsys, examples_importable, spec, message):
    status, err = run_cli(capsys, "predict", "--extractor", spec)
    assert status == 1 and message in err


def test_extractor_raising_names_document(tmp_path, capsys, monkeypatch):
    (tmp_path / "broken_extractor.py").write_text(
        "def extract(document):\n    raise ValueError('cannot read ' + document['language'])\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    status, err = run_cli(capsys, "predict", "--extractor", "broken_extractor:extract")
    first = gold_documents()[0]
    assert status == 1
    assert f"document {first.doc_id}: ValueError: cannot read {first.language}" in err


def test_invalid_prediction_is_refused(tmp_path, capsys, monkeypatch):
    (tmp_path / "bad_label.py").write_text(
        "def extract(document):\n    return {'entities': [{'label': 'NOPE', 'text': 'x'}]}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    status, err = run_cli(capsys, "predict", "--extractor", "bad_label:extract")
    assert status == 1 and "NOPE" in err


def test_missing_corpus(tmp_path, capsys):
    status, err = run_cli(capsys, "predict", "--extractor", "rules", "--corpus", str(tmp_path / "none"))
    assert status == 1 and "no such corpus folder" in err
