"""`evaluate --predictions` reads gold and predictions one document at a time; its results are those of
scoring the whole corpus in memory (`score`), on a generated corpus with every kind of error and 1% of
predictions spanning the whole text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.predictions import read_predictions
from paradiplomacy.scoring.evaluate import missing_warnings, score
from paradiplomacy.scoring.results import dumps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scale import generate


@pytest.mark.parametrize("bootstrap", ["0", "200"])
def test_streamed_results_equal_in_memory_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bootstrap: str
) -> None:
    corpus = generate(tmp_path / "corpus", 60, seed=5)
    annotations, seeds, predictions = corpus
    # One document without a prediction, so the warnings are compared too.
    lines = predictions.read_text(encoding="utf-8").splitlines()
    predictions.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    streamed = _evaluate(capsys, corpus, "--bootstrap", bootstrap, "--system", "s")
    gold = load_corpus(annotations, seeds)
    by_id = {d.doc_id: d for d in gold}
    records = read_predictions(predictions, by_id)
    expected = score(gold, records, bootstrap=int(bootstrap), seed=12345, system="s",
                     warnings=missing_warnings(by_id, records))  # fmt: skip
    assert streamed == dumps(expected)
    assert json.loads(streamed)["warnings"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return generate(tmp_path_factory.mktemp("generated") / "corpus", 40, seed=11)


def _evaluate(capsys: pytest.CaptureFixture[str], corpus: tuple[Path, Path, Path], *extra: str) -> str:
    annotations, seeds, predictions = corpus
    argv = [
        "evaluate",
        "--predictions",
        str(predictions),
        "--corpus",
        str(annotations),
        "--seeds",
        str(seeds),
    ]
    capsys.readouterr()
    assert main([*argv, "--format", "json", "--bootstrap", "50", *extra]) == 0  # a later --bootstrap wins
    return capsys.readouterr().out


def test_any_number_of_workers_gives_the_same_bytes(
    generated: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    """Documents are scored in spawned processes, a few per chunk; results and details file are the same."""
    import paradiplomacy.workers as workers

    one = _evaluate(capsys, generated, "--workers", "1", "--details", str(tmp_path / "one.jsonl"))
    monkeypatch.setattr(workers, "CHUNK", 7)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 8)
    two = _evaluate(capsys, generated, "--workers", "2", "--details", str(tmp_path / "two.jsonl"))
    assert one == two
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert len((tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()) == 40


def test_each_document_is_one_line_of_the_results(
    generated: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    text = _evaluate(capsys, generated, "--details", "inline")
    results = json.loads(text)
    lines = text.splitlines()
    start = lines.index('  "per_document": {')
    entries = lines[start + 1 : start + 1 + len(results["per_document"])]
    assert lines[start + 1 + len(entries)].startswith("  }")
    for line, doc_id in zip(entries, sorted(results["per_document"]), strict=True):
        key, _, value = line.strip().rstrip(",").partition(": ")
        assert json.loads(key) == doc_id
        assert json.loads(value) == results["per_document"][doc_id]
        assert results["per_document"][doc_id]["errors"]  # inline errors are on the document's line too


def test_a_bad_entry_found_while_writing_leaves_the_old_results(tmp_path: Path) -> None:
    """Entries are checked a batch at a time while the file is written: a bad one must not leave half a file
    (nor a temporary one) behind."""
    from paradiplomacy.scoring.evaluate import evaluate
    from paradiplomacy.scoring.results import write

    results = evaluate({})
    path = tmp_path / "results.json"
    path.write_text("old\n", encoding="utf-8")
    doc_id = sorted(results["per_document"])[-1]
    results["per_document"][doc_id]["counts"]["entities"] = [-1, 0, 0]
    with pytest.raises(ValueError, match=f"/per_document/{doc_id}/counts/entities/0"):
        write(results, path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_the_corpus_is_read_in_doc_id_order_whatever_the_file_names_sort_to(tmp_path: Path) -> None:
    """`a-b.json` sorts before `a.json`, but the doc id `a` before `a-b`: the gold hash follows doc ids."""
    from paradiplomacy.corpus import load_corpus
    from paradiplomacy.scoring.signature import gold_hash
    from paradiplomacy.scoring.stream import read_gold_folder

    annotations, seeds, _ = generate(tmp_path / "corpus", 3, seed=2)
    for index, path in enumerate(sorted(annotations.glob("*.json"))):
        new_id = ["a", "a-b", "a.c"][index]
        record = json.loads(path.read_text(encoding="utf-8"))
        (seeds / f"{record['doc_id']}.txt").rename(seeds / f"{new_id}.txt")
        record["doc_id"] = new_id
        path.unlink()
        (annotations / f"{new_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    folder = read_gold_folder(annotations, seeds)
    assert [h.doc_id for h in folder.documents] == ["a", "a-b", "a.c"]
    assert folder.gold_sha256 == gold_hash(load_corpus(annotations, seeds))
