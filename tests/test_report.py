"""`paradiplomacy report` without a browser: bad input gets one clear line naming the file, the page is
self-contained, the inline markup survives crossing spans, and the output is written atomically."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paradiplomacy.cli import main
from paradiplomacy.report import spans
from paradiplomacy.report.load import MAX_RESULTS_BYTES

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "eval" / "results" / "rules.json"


def _shipped() -> dict[str, Any]:
    return dict(json.loads(SHIPPED.read_text(encoding="utf-8")))


def _save(path: Path, results: dict[str, Any]) -> Path:
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["report", *args])
    return status, capsys.readouterr().err


class Text(HTMLParser):
    """The character data of a fragment without the label tags, and every start tag's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[dict[str, str | None]] = []
        self.in_tag = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(dict(attrs))
        if dict(attrs).get("class") == "tag" or self.in_tag:
            self.in_tag += 1

    def handle_endtag(self, tag: str) -> None:
        if self.in_tag:
            self.in_tag -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_tag:
            self.text.append(data)


def test_crossing_and_nested_spans_keep_the_text_and_one_head_per_item() -> None:
    text = "Минск и Шанхай <подписали> меморандум"
    g1 = {"start": 0, "end": 5, "label": "GPE", "text": "Минск"}
    g2 = {"start": 8, "end": 14, "label": "GPE", "text": "Шанхай"}
    p1 = {"start": 3, "end": 10, "label": "ORG", "text": text[3:10]}  # crosses g1 and g2
    g3 = {"start": 27, "end": 37, "label": "INITIATIVE", "text": "меморандум"}
    pairs = [
        {"outcome": "boundary-label", "gold": g1, "predicted": p1},
        {"outcome": "missed", "gold": g2},
        {"outcome": "spurious", "predicted": {"start": 15, "end": 26, "label": "ORG", "text": text[15:26]}},
    ]
    found = spans.items([g1, g2, g3], pairs)
    assert [i.outcome for i in found] == ["boundary-label", "missed", "spurious", "correct"]
    parsed = Text()
    parsed.feed(spans.render(text, found))
    assert "".join(parsed.text) == text
    heads = [t for t in parsed.tags if "data-outcome" in t]
    assert [t["data-outcome"] for t in heads] == ["boundary-label", "missed", "spurious", "correct"]
    assert heads[1]["data-gold"] == "8-14" and heads[0]["data-predicted"] == "3-10"
    assert [t["data-item"] for t in parsed.tags if t.get("data-part") == "cont"] == ["1"]


def test_page_is_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "report.html"
    status, err = _run(capsys, str(SHIPPED), "--output", str(output))
    assert status == 0, err
    page = output.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", page)
    assert "<svg" in page and 'data-outcome="missed"' in page
    assert _shipped()["signature"] in page
    assert output.stat().st_mode & 0o777 != 0o600  # the temporary file's private mode is not kept


def test_other_schema_version_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = _shipped()
    results["schema_version"] = "2.0.0"
    bad = _save(tmp_path / "future.json", results)
    status, err = _run(capsys, str(bad), "--output", str(tmp_path / "r.html"))
    assert status == 1
    assert f"{bad}: results of schema 2.0.0" in err and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()


def test_tampered_counts_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = _shipped()
    doc_id = sorted(results["per_document"])[0]
    pairs = results["per_document"][doc_id]["errors"]["mentions"]["pairs"]
    pairs.remove(next(p for p in pairs if p["outcome"] == "missed"))
    bad = _save(tmp_path / "tampered.json", results)
    status, err = _run(capsys, str(bad), "--output", str(tmp_path / "r.html"))
    assert status == 1
    assert f"{bad}: /per_document/{doc_id}: the paired errors disagree with the counts" in err
    assert "missed" in err and "Traceback" not in err


def test_other_gold_is_rendered_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = _shipped()
    results["settings"]["gold_sha256"] = "0" * 64
    other = _save(tmp_path / "other.json", results)
    output = tmp_path / "r.html"
    status, err = _run(capsys, str(SHIPPED), str(other), "--output", str(output))
    assert status == 0
    assert f"warning: {other}: scored on other gold" in err
    assert "scored on different gold" in err
    page = output.read_text(encoding="utf-8")
    assert page.count('class="system"') == 2 and "Document view left out" in page


def test_too_large_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_RESULTS_BYTES + 1)  # sparse: no disk is used
    status, err = _run(capsys, str(big), "--output", str(tmp_path / "r.html"))
    assert status == 1
    assert f"{big}: " in err and "over the report's limit" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not a results file: line 1"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "the top level is not a JSON object"),
        (b'{"schema_version": "1.0.0"}', "not a results file: /: "),
    ],
)
def test_unreadable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    status, err = _run(capsys, str(bad), "--output", str(tmp_path / "r.html"))
    assert status == 1
    assert err.startswith(f"paradiplomacy report: error: {bad}: ") and message in err


def test_missing_file_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _run(capsys, str(tmp_path / "none.json"), "--output", str(tmp_path / "r.html"))
    assert status == 1 and "none.json: no such file" in err
    status, err = _run(capsys, str(SHIPPED), "--output", str(tmp_path / "no" / "r.html"))
    assert status == 1 and "no such folder" in err


def test_failed_run_keeps_the_old_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "r.html"
    output.write_text("old report", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status, _ = _run(capsys, str(bad), "--output", str(output))
    assert status == 1 and output.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "r.html"]


def test_results_before_pairs_render_without_document_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _shipped()
    for entry in results["per_document"].values():
        entry["errors"]["mentions"] = {"false_negatives": [], "false_positives": []}
    old = _save(tmp_path / "old.json", results)
    output = tmp_path / "r.html"
    status, err = _run(capsys, str(old), "--output", str(output))
    assert status == 0 and "lists no paired errors" in err
    assert 'data-outcome="' not in output.read_text(encoding="utf-8").split("<h3>Documents</h3>")[1]


def test_layers_not_attempted_render_as_na(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A results object where layers are null or not applicable (issue 10's `n/a` layers) still renders."""
    from paradiplomacy.corpus import load_corpus
    from paradiplomacy.report.html import page
    from paradiplomacy.report.load import Loaded

    results = _shipped()
    results["agreements"] = None
    results["mentions"] = {"applicable": False, "reason": "the model gives no offsets"}
    del results["headline"]["agreements"]
    documents = load_corpus()
    text = page([Loaded(SHIPPED, "partial", results)], documents, {"agreements": "agreements F1"})
    assert "n/a (the model gives no offsets)" in text and "n/a (not attempted)" in text
    assert 'data-outcome="' not in text.split("<h3>Documents</h3>")[1]


def test_counts_over_other_gold_mentions_leave_out_the_document_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _shipped()
    doc_id = sorted(results["per_document"])[1]
    for name, vector in results["per_document"][doc_id]["counts"].items():
        if name.startswith("mentions."):
            vector[3] += 1  # one more missed mention than the corpus has, in every scheme
    odd = _save(tmp_path / "odd.json", results)
    output = tmp_path / "r.html"
    status, err = _run(capsys, str(odd), "--output", str(output))
    assert status == 0
    assert f"{odd}: /per_document/{doc_id}: the results count" in err and "the corpus has" in err
    assert "Document view left out" in output.read_text(encoding="utf-8")


@pytest.mark.slow
def test_report_command_in_a_subprocess(tmp_path: Path) -> None:
    import subprocess
    import sys

    output = tmp_path / "report.html"
    command = [sys.executable, "-m", "paradiplomacy", "report", str(SHIPPED), "--output", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{output}: report of 1 results file(s), 5 documents" in done.stderr
    assert output.read_text(encoding="utf-8").count('data-outcome="') == sum(
        n for n in _outcomes(_shipped()).values()
    )


def _outcomes(results: dict[str, Any]) -> dict[str, int]:
    from collections import Counter

    from paradiplomacy.scoring.pairs import outcome_counts

    total: Counter[str] = Counter()
    for entry in results["per_document"].values():
        total.update(outcome_counts(entry["counts"]) or {})
    return dict(total)


@st.composite
def _document_and_items(draw: st.DrawFn) -> tuple[str, list[spans.Item]]:
    text = draw(st.text(alphabet="ab <&>\nМн", min_size=1, max_size=40))
    n = len(text)

    def span(label: str) -> st.SearchStrategy[dict[str, Any]]:
        return (
            st.tuples(st.integers(0, n - 1), st.integers(1, n))
            .filter(lambda se: se[0] < se[1])
            .map(lambda se: {"start": se[0], "end": se[1], "label": label, "text": text[se[0] : se[1]]})
        )

    found = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["pair", "missed", "spurious"]))
        gold = draw(span(draw(st.sampled_from(["GPE", "ORG"]))))
        predicted = draw(span(draw(st.sampled_from(["GPE", "ORG"]))))
        if kind == "missed":
            found.append(spans.Item("missed", gold, None))
        elif kind == "spurious":
            found.append(spans.Item("spurious", None, predicted))
        else:  # any two spans, overlapping or not: the markup must not care
            found.append(spans.Item("boundary-label", gold, predicted))
    return text, sorted(found, key=lambda i: (i.start, -i.end))


@settings(max_examples=300, deadline=None)
@given(_document_and_items())
def test_any_spans_keep_the_text_and_one_head_per_item(case: tuple[str, list[spans.Item]]) -> None:
    text, found = case
    parsed = Text()
    parsed.feed(spans.render(text, found))
    parsed.close()
    assert "".join(parsed.text) == text
    heads = [t["data-item"] for t in parsed.tags if "data-outcome" in t]
    assert sorted(heads, key=int) == [str(i) for i in range(len(found))]


def test_documents_outside_the_results_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A language subset (issue 10's --languages) scores fewer documents on the same gold."""
    results = _shipped()
    dropped = next(d for d, e in results["per_document"].items() if e["language"] == "ru")
    del results["per_document"][dropped]
    results["corpus"]["documents"].remove(dropped)
    subset = _save(tmp_path / "subset.json", results)
    output = tmp_path / "r.html"
    status, err = _run(capsys, str(subset), "--output", str(output))
    assert status == 0, err
    page = output.read_text(encoding="utf-8")
    assert "1 of 5 documents were not scored" in page
    assert f'data-doc="{dropped}"' not in page and page.count('<article class="doc"') == 4
