"""Training exports, each read back by its own library or reader: spaCy DocBin, CoNLL (conllu), brat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import load_corpus
from paradiplomacy.vocabulary import entity_labels, sectors

REPO = Path(__file__).resolve().parent.parent
GOLD = {d.doc_id: d for d in load_corpus(REPO / "annotations", REPO / "seeds")}


def _export(fmt: str, out: Path) -> Path:
    assert main(["export", fmt, "--root", str(REPO), "--out", str(out)]) == 0
    return out


def test_spacy_docbin_reads_back_with_spacy(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    path = _export("spacy", tmp_path / "gold.spacy")
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab))
    assert len(docs) == len(GOLD)
    for doc in docs:
        gold = GOLD[doc.user_data["doc_id"]]
        assert doc.text == gold.text  # the seed, character for character (Russian and German included)
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (e["start"], e["end"], e["label"]) for e in gold.entities
        ]
        assert set(doc.cats) == set(sectors())
        assert {name for name, value in doc.cats.items() if value == 1.0} == set(gold.sectors)


def test_conll_reads_back_with_conllu(tmp_path: Path) -> None:
    conllu = pytest.importorskip("conllu")
    from paradiplomacy.dataset.tokens import Token, bio_to_spans

    path = _export("conll", tmp_path / "gold.conll")
    blocks = conllu.parse(path.read_text(encoding="utf-8"), fields=("form", "start", "end", "ner"))
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for block in blocks:
        tokens = [Token(t["form"], int(t["start"]), int(t["end"])) for t in block]
        text = GOLD[block.metadata["doc_id"]].text
        assert all(text[t.start : t.end] == t.text for t in tokens)
        found = bio_to_spans(tokens, [t["ner"] for t in block])
        spans.setdefault(block.metadata["doc_id"], []).extend((s.start, s.end, s.label) for s in found)
    assert set(spans) == set(GOLD)
    for doc_id, gold in GOLD.items():
        assert spans[doc_id] == [(e["start"], e["end"], e["label"]) for e in gold.entities]


def _read_brat(
    ann: str,
) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[str], dict[str, dict]]:
    """A small brat standoff reader: text-bound annotations (with fragments), relations, attributes, notes."""
    bound: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    others: list[str] = []
    notes: dict[str, dict] = {}
    for line in ann.splitlines():
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, quoted = rest.split("\t", 1)
            label, offsets = head.split(" ", 1)
            fragments = [tuple(map(int, part.split())) for part in offsets.split(";")]
            bound[ident] = (label, fragments, quoted)  # type: ignore[assignment]
        elif ident.startswith("#"):
            head, body = rest.split("\t", 1)
            notes[head.split()[1]] = json.loads(body)
        else:
            others.append(rest)
    return bound, others, notes


def test_brat_standoff_reads_back(tmp_path: Path) -> None:
    out = _export("brat", tmp_path / "brat")
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert {*entity_labels(), "Agreement"} == set(conf.split("[relations]")[0].split()) - {"[entities]"}
    for doc_id, gold in GOLD.items():
        assert (out / f"{doc_id}.txt").read_bytes() == (REPO / "seeds" / f"{doc_id}.txt").read_bytes()
        bound, others, notes = _read_brat((out / f"{doc_id}.ann").read_text(encoding="utf-8"))
        mentions = [
            (label, frags[0], quoted) for label, frags, quoted in bound.values() if label != "Agreement"
        ]
        assert mentions == [(e["label"], (e["start"], e["end"]), e["text"]) for e in gold.entities]
        for _, frags, quoted in bound.values():
            assert quoted == " ".join(gold.text[s:e] for s, e in frags).replace("\n", " ")
        agreements = [(t, frags) for t, (label, frags, _) in bound.items() if label == "Agreement"]
        assert [[list(f) for f in frags] for _, frags in agreements] == [
            a["evidence"] for a in gold.agreements
        ]
        parties = sum(len(a["parties"]) + len(a.get("signatories", [])) for a in gold.agreements)
        assert sum(1 for o in others if o.startswith(("Party", "Signatory"))) == parties
        canonical = [notes[f"T{n}"]["canonical"] for n in range(1, len(gold.entities) + 1)]
        assert canonical == [e["canonical"] for e in gold.entities]


def test_training_exports_refuse_a_draft(tmp_path: Path) -> None:
    from labelstudio_helpers import copy_repository

    root = copy_repository(tmp_path / "repo")
    path = next((root / "annotations").glob("000_*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(record | {"status": "draft"}), encoding="utf-8")
    assert main(["export", "conll", "--root", str(root), "--out", str(tmp_path / "x.conll")]) == 1
    assert not (tmp_path / "x.conll").exists()
