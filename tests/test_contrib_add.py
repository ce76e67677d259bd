"""`paradiplomacy add`: a saved page becomes a seed with provenance; bad input is refused, nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from labelstudio_helpers import REPO, copy_repository

from paradiplomacy.cli import main
from paradiplomacy.contrib.docids import DOC_ID
from paradiplomacy.contrib.repeats import find_repeats

PAGE = Path(__file__).parent / "fixtures" / "news_page.html"
pytest.importorskip("trafilatura")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


def _state(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "seeds").iterdir())}


def _refused(root: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    before = _state(root)
    assert main(["add", *argv, "--root", str(root)]) == 1
    assert _state(root) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_adds_a_saved_page(root: Path, capsys) -> None:
    assert main(["add", str(PAGE), "--url", "https://example.org/a", "--root", str(root)]) == 0
    doc_id = capsys.readouterr().out.strip()
    assert DOC_ID.match(doc_id) and doc_id.startswith("005_")
    data = (root / "seeds" / f"{doc_id}.txt").read_bytes()
    text = data.decode("utf-8")
    assert doc_id.endswith(hashlib.sha256(data).hexdigest()[:16])
    assert "Grodno Regional Executive Committee" in text
    assert "Subscribe" not in text and "All rights reserved" not in text and "Most read" not in text
    entry = json.loads((root / "seeds" / "provenance.json").read_text(encoding="utf-8"))["documents"][doc_id]
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert (
        entry["language"] == "en"
        and entry["published"] == "2025-09-18"
        and entry["outlet"] == "Example Daily"
    )
    assert entry["url"] == "https://example.org/a" and entry["extraction"]["tool"] == "trafilatura"
    assert entry["retrieved"]
    from paradiplomacy.schemas import validator

    provenance = json.loads((root / "seeds" / "provenance.json").read_text(encoding="utf-8"))
    assert not list(validator("provenance.schema.json").iter_errors(provenance))


def test_a_text_file_is_taken_as_it_is(root: Path, tmp_path: Path, capsys) -> None:
    text = (
        "  Minsk und Chengdu vereinbaren Zusammenarbeit.\r\n"
        + "Die Delegation aus Chengdu besuchte den Industriepark. " * 6
    )
    page = tmp_path / "article.txt"
    page.write_bytes(text.encode("utf-8"))
    assert main(["add", str(page), "--root", str(root), "--date", "2024-03"]) == 0
    doc_id = capsys.readouterr().out.strip()
    assert (root / "seeds" / f"{doc_id}.txt").read_bytes() == text.encode("utf-8")


def test_no_article_text(root: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav></body></html>")
    assert "no article text found" in _refused(root, [str(page)], capsys)


def test_unsupported_language(root: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "fr.html"
    body = [
        "La délégation de la province du Henan a signé un accord de coopération avec la région de Grodno.",
        "Les deux parties ont convenu de développer les échanges dans l'agriculture et l'éducation.",
        "Une exposition des produits du Henan aura lieu à Grodno au premier semestre de l'année prochaine.",
    ]
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    page.write_text(
        f"<html><body><article><h1>Coopération</h1>{paragraphs}</article></body></html>", encoding="utf-8"
    )
    err = _refused(root, [str(page)], capsys)
    assert str(page) in err and "'fr'" in err and "en, de, ru" in err


def test_duplicate_article(root: Path, capsys) -> None:
    seed = REPO / "seeds" / "002_2d6cc9298a0dcdd9.txt"
    err = _refused(root, [str(seed)], capsys)
    assert "already in the corpus" in err and "002_2d6cc9298a0dcdd9.txt" in err


def test_near_duplicate_page(root: Path, tmp_path: Path, capsys) -> None:
    text = (REPO / "seeds" / "000_67ac76a5c4e2c77e.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page = tmp_path / "resaved.html"
    page.write_text(
        f"<html><body><nav>Home | World</nav><article>{paragraphs}</article></body></html>", encoding="utf-8"
    )
    assert "already in the corpus as" in _refused(root, [str(page)], capsys)


def test_not_html(root: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "article.html"
    page.write_bytes(b"%PDF-1.7\n\x00\x01binary")
    err = _refused(root, [str(page)], capsys)
    assert f"{page}: not an HTML page" in err


def test_doc_id_collision(root: Path, capsys) -> None:
    err = _refused(root, [str(PAGE), "--doc-id", "001_8cc4421e3e9f85cc"], capsys)
    assert "001_8cc4421e3e9f85cc: doc id already taken" in err


def test_seed_001_repeats_its_body() -> None:
    text = (REPO / "seeds" / "001_8cc4421e3e9f85cc.txt").read_text(encoding="utf-8")
    repeats = find_repeats(text)
    assert [(r.index, r.original) for r in repeats] == [(6, 2), (7, 3), (8, 4), (9, 5)]
    assert all(r.similarity == 1.0 for r in repeats)


def test_near_verbatim_repeat_is_found() -> None:
    first = "Die chinesische Delegation berichtete über erfolgreiche Praktiken bei der Entwicklung der Stadt."
    changed = first.replace("erfolgreiche", "erfolgreichen").replace(".", "!")
    repeats = find_repeats(f"Kopf\n{first}\nMitte des Textes, anders.\n{changed}")
    assert [(r.index, r.original) for r in repeats] == [(3, 1)] and 0.9 <= repeats[0].similarity < 1.0


def _repeated_page(tmp_path: Path) -> Path:
    body = [
        "MOGILEV, 3 June - The Mogilev Regional Executive Committee received a delegation of Jiangsu.",
        "The parties discussed cooperation in mechanical engineering, agriculture and education projects.",
        "The delegation visited the free economic zone and a dairy plant in the city of Mogilev.",
    ]
    paragraphs = "".join(f"<p>{p}</p>" for p in body + body[1:])
    page = tmp_path / "twice.html"
    page.write_text(
        f"<html><body><article><h1>Visit</h1>{paragraphs}</article></body></html>", encoding="utf-8"
    )
    return page


def test_repeats_without_a_terminal_or_a_flag_are_refused(root: Path, tmp_path: Path) -> None:
    page = _repeated_page(tmp_path)
    before = _state(root)
    run = subprocess.run(
        [sys.executable, "-m", "paradiplomacy", "add", str(page), "--root", str(root)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 1, run.stderr
    assert "2 paragraphs repeat earlier ones" in run.stderr and "--keep-repeats" in run.stderr
    assert _state(root) == before


@pytest.mark.parametrize("flag", ["--keep-repeats", "--drop-repeats"])
def test_repeats_kept_or_dropped_on_request(root: Path, tmp_path: Path, flag: str, capsys) -> None:
    assert main(["add", str(_repeated_page(tmp_path)), flag, "--root", str(root)]) == 0
    doc_id = capsys.readouterr().out.strip()
    text = (root / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
    assert text.count("free economic zone") == (2 if flag == "--keep-repeats" else 1)
    entry = json.loads((root / "seeds" / "provenance.json").read_text(encoding="utf-8"))["documents"][doc_id]
    assert entry["extraction"]["repeated_paragraphs"] == (
        "2 kept" if flag == "--keep-repeats" else "2 dropped"
    )
