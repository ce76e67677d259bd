"""Done when: a new user's flow, in a copy of the repository, gives a valid sixth document.

add (a saved news page, tests/fixtures/news_page.html: an invented article) -> preannotate (rules) -> export
labelstudio -> an annotator's edit of the task (as Label Studio exports it) -> import labelstudio -> validate
-> build. The shipped corpus is not touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from labelstudio_helpers import (
    REPO,
    _choice,
    _region,
    _text_value,
    annotate,
    copy_repository,
    simulated_export,
    write_json,
)

from paradiplomacy.cli import main

PAGE = Path(__file__).parent / "fixtures" / "news_page.html"
pytest.importorskip("trafilatura")


def test_a_saved_page_becomes_a_valid_sixth_document(tmp_path: Path, capsys) -> None:
    root = copy_repository(tmp_path / "repo")
    shutil.copytree(REPO / "dataset", root / "dataset")
    shipped = {p.name: p.read_bytes() for p in (REPO / "seeds").iterdir()}

    assert main(["add", str(PAGE), "--url", "https://example.org/henan-grodno", "--root", str(root)]) == 0
    doc_id = capsys.readouterr().out.strip()
    assert main(["preannotate", doc_id, "--extractor", "rules", "--root", str(root)]) == 0
    draft = json.loads((root / "annotations" / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert draft["status"] == "draft" and draft["annotation"]["annotators"] == ["extractor:rules"]
    capsys.readouterr()

    # A draft is not gold: validate says so, build refuses it.
    assert main(["validate", str(root / "annotations")]) == 1
    assert "machine-made draft by extractor:rules, not gold" in capsys.readouterr().out
    build = [
        "build",
        "--annotations",
        str(root / "annotations"),
        "--seeds",
        str(root / "seeds"),
        "--out",
        str(root / "dataset"),
    ]
    assert main(build) == 1
    assert "not gold" in capsys.readouterr().err

    out = tmp_path / "labelstudio"
    assert main(["export", "labelstudio", "--root", str(root), "--out", str(out), doc_id]) == 0
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert len(tasks) == 1 and tasks[0]["predictions"][0]["model_version"] == "paradiplomacy draft"
    export = simulated_export(tasks, completed_by={"id": 3, "email": "reviewer@example.org"})
    export[0]["annotations"][0]["result"] = annotate(
        export[0]["annotations"][0]["result"], tasks[0]["data"]["text"]
    )
    path = write_json(tmp_path / "export.json", export)
    assert main(["import", "labelstudio", str(path), "--root", str(root)]) == 0, capsys.readouterr().err

    record = json.loads((root / "annotations" / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert "status" not in record
    assert record["annotation"]["annotators"] == ["reviewer@example.org"]
    assert record["annotation"]["method"] == "single"
    assert [e["id"] for e in record["entities"]] == [f"E{n}" for n in range(1, len(record["entities"]) + 1)]
    assert [e["start"] for e in record["entities"]] == sorted(e["start"] for e in record["entities"])
    texts = [e["text"] for e in record["entities"]]
    assert "People's Government of Henan Province" in texts and "Yuri Karaev" in texts
    assert main(["validate", str(root / "annotations")]) == 0
    capsys.readouterr()
    assert main(build) == 0

    import datasets

    gold = datasets.load_dataset(str(root / "dataset"), split="test")
    assert len(gold) == 6 and doc_id in gold["doc_id"]
    assert {p.name: p.read_bytes() for p in (REPO / "seeds").iterdir()} == shipped
    assert not (REPO / "annotations" / f"{doc_id}.json").exists()


def test_a_seed_without_annotation_is_annotated_from_scratch(tmp_path: Path, capsys) -> None:
    root = copy_repository(tmp_path / "repo")
    assert main(["add", str(PAGE), "--root", str(root)]) == 0
    doc_id = capsys.readouterr().out.strip()
    out = tmp_path / "labelstudio"
    assert main(["export", "labelstudio", "--root", str(root), "--out", str(out)]) == 0
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["doc_id"] for t in tasks][-1] == doc_id and "predictions" not in tasks[-1]
    export = simulated_export(tasks[-1:], completed_by={"id": 4, "first_name": "Ada", "last_name": "L"})
    text = tasks[-1]["data"]["text"]
    henan = _region("r1", text, "Henan Province", "GPE")
    grodno = _region("r2", text, "Grodno", "GPE", text.index("signed in Grodno"))
    export[0]["annotations"][0]["result"] = [
        henan,
        grodno,
        _text_value(henan, "entity_canonical", "Henan"),
        _text_value(henan, "entity_country", "CN"),
        _choice(henan, "entity_level", ["region"]),
        _text_value(grodno, "entity_canonical", "Grodno"),
        _text_value(grodno, "entity_country", "BY"),
        _choice(grodno, "entity_level", ["city"]),
        {
            "id": "doc",
            "from_name": "sectors",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["agriculture_food"]},
        },
    ]
    path = write_json(tmp_path / "export.json", export)
    assert main(["import", "labelstudio", str(path), "--root", str(root)]) == 0
    record = json.loads((root / "annotations" / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert [(e["id"], e["text"], e["canonical"]) for e in record["entities"]] == [
        ("E1", "Henan Province", "Henan"),
        ("E2", "Grodno", "Grodno"),
    ]
    assert record["annotation"]["annotators"] == ["Ada L"] and record["sectors"] == ["agriculture_food"]
    assert main(["validate", str(root / "annotations")]) == 0


def test_preannotate_never_overwrites_gold(tmp_path: Path, capsys) -> None:
    root = copy_repository(tmp_path / "repo")
    gold = root / "annotations" / "000_67ac76a5c4e2c77e.json"
    before = gold.read_bytes()
    assert main(["preannotate", gold.stem, "--extractor", "rules", "--root", str(root)]) == 1
    assert gold.read_bytes() == before
    assert "never overwrites it" in capsys.readouterr().err


def test_add_asks_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, repeated paragraphs are shown and the answer decides (here: keep them)."""
    import os
    import pty
    import select
    import subprocess
    import sys

    root = copy_repository(tmp_path / "repo")
    body = [
        "The delegation of Sichuan Province visited the Vitebsk region to discuss cooperation projects.",
        "The sides agreed to open a trade house of Sichuan in Vitebsk and to exchange student groups.",
    ]
    html = "".join(f"<p>{p}</p>" for p in [*body, "Other news of the region follow below this line.", *body])
    page = tmp_path / "p.html"
    page.write_text(f"<html><body><article><h1>Visit</h1>{html}</article></body></html>", encoding="utf-8")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "paradiplomacy", "add", str(page), "--root", str(root)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    os.close(terminal)
    seen = b""
    while b"[y/N]" not in seen:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            process.kill()
            pytest.fail(f"no question asked within 120 s; the terminal showed {seen!r}")
        chunk = os.read(controller, 1024)
        assert chunk, seen
        seen += chunk
    os.write(controller, b"y\n")
    out, _ = process.communicate(timeout=120)
    os.close(controller)
    assert process.returncode == 0 and b"repeats paragraph" in seen
    doc_id = out.decode().strip()
    assert (root / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8").count("trade house") == 2
