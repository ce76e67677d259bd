"""The HTML report opened in a real headless browser (Debian's chromium, driven by Playwright for Python; the
browser is never downloaded by Playwright): the rendered DOM holds every gold mention once with its outcome,
the counts by `data-outcome` equal the results' counts, the text survives the markup unchanged, the page loads
nothing from outside and logs no error, and the filters work.

Skips with the reason where chromium or Playwright is missing, except under CI=true, where that fails.
A screenshot of one document is kept as a test artefact: in $PARADIPLOMACY_ARTIFACTS if set, else the test's
temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paradiplomacy.cli import main
from paradiplomacy.corpus import Document, load_corpus
from paradiplomacy.scoring.evaluate import evaluate
from paradiplomacy.scoring.pairs import OUTCOMES, outcome_counts
from paradiplomacy.scoring.results import dumps

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PARADIPLOMACY_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENTITY_KEYS = ("start", "end", "label", "text", "canonical")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install '.[test]')")
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Opened:
    """A report loaded in a page, with every request and console message it made."""

    def __init__(self, browser: Any, path: Path):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        target = path.resolve().as_uri()

        def route(route: Any) -> None:
            self.requests.append(route.request.url)
            if route.request.url == target:
                route.continue_()
            else:
                route.abort()

        self.page.route("**/*", route)
        self.page.goto(target)
        self.target = target

    def external(self) -> list[str]:
        return [url for url in self.requests if url != self.target]

    def errors(self) -> list[str]:
        return [m for m in self.console if m.startswith(("error", "pageerror", "warning"))]

    def items(self, system: int = 0) -> list[dict[str, Any]]:
        """Every element with data-outcome in a system's documents, as the DOM has it."""
        return list(
            self.page.evaluate(
                """(index) => Array.from(document.querySelectorAll(
                    `#system-${index} article.doc mark[data-outcome]`)).map(m => ({
                    doc: m.closest('article').dataset.doc, outcome: m.dataset.outcome,
                    label: m.dataset.label, gold: m.dataset.gold || null,
                    predicted: m.dataset.predicted || null,
                    dim: m.classList.contains('dim')}))""",
                system,
            )
        )

    def texts(self, system: int = 0) -> dict[str, str]:
        """Each document's text as rendered, with the label tags taken out."""
        return dict(
            self.page.evaluate(
                """(index) => Object.fromEntries(Array.from(document.querySelectorAll(
                    `#system-${index} article.doc`)).map(a => {
                    const copy = a.querySelector('.text').cloneNode(true);
                    copy.querySelectorAll('.tag').forEach(t => t.remove());
                    return [a.dataset.doc, copy.textContent]; }))""",
                system,
            )
        )


@pytest.fixture(scope="module")
def gold() -> list[Document]:
    return load_corpus()


def _entities(document: Document) -> list[dict[str, Any]]:
    return [{k: e[k] for k in ENTITY_KEYS if k in e} for e in document.entities]


def _jittered(gold: list[Document]) -> list[dict[str, Any]]:
    """Predictions with every outcome, overlapping and crossing spans included."""
    rng = random.Random(11)
    records = []
    for document in gold:
        entities = []
        labels = sorted({e["label"] for e in document.entities})
        for entity in document.entities:
            roll = rng.random()
            start, end, label = entity["start"], entity["end"], entity["label"]
            if roll < 0.2:
                continue
            if roll < 0.35:
                end = min(len(document.text), end + rng.randint(2, 25))  # may swallow the next mention
            elif roll < 0.45:
                label = rng.choice(labels)
            elif roll < 0.55:
                start, label = max(0, start - 3), rng.choice(labels)
            if document.text[start:end].strip():
                entities.append(
                    {"start": start, "end": end, "label": label, "text": document.text[start:end]}
                )
        for _ in range(3):  # inventions: spurious, or crossing a gold mention
            start = rng.randrange(0, len(document.text) - 12)
            end = start + rng.randint(3, 12)
            if document.text[start:end].strip():
                entities.append(
                    {"start": start, "end": end, "label": "ORG", "text": document.text[start:end]}
                )
        records.append({"doc_id": document.doc_id, "entities": entities})
    return records


def _write(tmp: Path, name: str, results: dict[str, Any]) -> Path:
    path = tmp / f"{name}.json"
    path.write_text(dumps(results), encoding="utf-8")
    return path


def _report(tmp: Path, *results: Path, name: str = "report.html") -> Path:
    output = tmp / name
    assert main(["report", *map(str, results), "--output", str(output)]) == 0
    return output


def _expected(results: dict[str, Any]) -> Counter[str]:
    total: Counter[str] = Counter()
    for entry in results["per_document"].values():
        total.update(outcome_counts(entry["counts"]) or {})
    return +total


def _check_page(opened: Opened, results: dict[str, Any], gold: list[Document], system: int = 0) -> None:
    items = opened.items(system)
    # Counts by data-outcome equal the counts in the results (derived from the SemEval counts, not the pairs).
    assert Counter(i["outcome"] for i in items) == _expected(results)
    # Every gold mention of every document appears once, with its outcome.
    for document in gold:
        shown = Counter(
            (i["gold"], i["label"])
            for i in items
            if i["doc"] == document.doc_id and i["outcome"] != "spurious"
        )
        assert shown == Counter((f"{e['start']}-{e['end']}", e["label"]) for e in document.entities)
    # The markup changes no character of any text, however the spans overlap.
    assert opened.texts(system) == {d.doc_id: d.text for d in gold}
    assert opened.external() == []
    assert opened.errors() == []


def test_shipped_results_render_with_their_counts(browser: Any, gold: list[Document], tmp_path: Path) -> None:
    """`paradiplomacy report eval/results/*.json`: every system's section has its own counts."""
    shipped = sorted((REPO / "eval" / "results").glob("*.json"))
    opened = Opened(browser, _report(tmp_path, *shipped))
    for index, path in enumerate(shipped):
        results = json.loads(path.read_text(encoding="utf-8"))
        scored = [d for d in gold if d.doc_id in results["per_document"]]
        items = opened.items(index)
        assert Counter(i["outcome"] for i in items) == _expected(results), path.name
        for document in scored:
            shown = Counter(
                (i["gold"], i["label"]) for i in items if i["doc"] == document.doc_id and i["gold"]
            )
            assert shown == Counter((f"{e['start']}-{e['end']}", e["label"]) for e in document.entities)
        assert opened.texts(index) == {d.doc_id: d.text for d in scored}, path.name
    assert opened.page.locator("#differences tr[data-language]").count() > 0
    assert opened.external() == [] and opened.errors() == []
    artefacts = Path(os.environ.get("PARADIPLOMACY_ARTIFACTS", tmp_path))
    artefacts.mkdir(parents=True, exist_ok=True)
    opened.page.evaluate("document.getElementById('filters').style.position = 'static'")
    shot = artefacts / "report-document.png"
    opened.page.locator("#system-0 article.doc").first.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a rendered document, not a blank box


def test_every_outcome_and_crossing_spans(browser: Any, gold: list[Document], tmp_path: Path) -> None:
    results = evaluate(_jittered(gold), gold, bootstrap=50, system="jittered")
    assert set(_expected(results)) == set(OUTCOMES)
    opened = Opened(browser, _report(tmp_path, _write(tmp_path, "jittered", results)))
    _check_page(opened, results, gold)


def test_perfect_predictions_show_only_correct(browser: Any, gold: list[Document], tmp_path: Path) -> None:
    perfect = [{"doc_id": d.doc_id, "entities": _entities(d)} for d in gold]
    results = evaluate(perfect, gold, bootstrap=0, system="perfect")
    opened = Opened(browser, _report(tmp_path, _write(tmp_path, "perfect", results)))
    outcomes = Counter(i["outcome"] for i in opened.items())
    assert outcomes == Counter({"correct": sum(len(d.entities) for d in gold)})
    _check_page(opened, results, gold)


def test_empty_predictions_show_only_missed(browser: Any, gold: list[Document], tmp_path: Path) -> None:
    results = evaluate(
        [{"doc_id": d.doc_id, "entities": []} for d in gold], gold, bootstrap=0, system="empty"
    )
    opened = Opened(browser, _report(tmp_path, _write(tmp_path, "empty", results)))
    outcomes = Counter(i["outcome"] for i in opened.items())
    assert outcomes == Counter({"missed": sum(len(d.entities) for d in gold)})
    _check_page(opened, results, gold)


def test_two_systems_and_filters(browser: Any, gold: list[Document], tmp_path: Path) -> None:
    shipped = REPO / "eval" / "results" / "rules.json"
    jittered = evaluate(_jittered(gold), gold, bootstrap=0, system="jittered")
    opened = Opened(browser, _report(tmp_path, shipped, _write(tmp_path, "jittered", jittered)))
    page = opened.page
    _check_page(opened, json.loads(shipped.read_text(encoding="utf-8")), gold, system=0)
    _check_page(opened, jittered, gold, system=1)
    differing = page.locator("#differences tr[data-language]").count()
    assert differing > 0
    # Filters: untick "missed" and those items lose their highlight; the others keep it.
    page.locator('#filters input[name="outcome"][value="missed"]').uncheck()
    items = opened.items(0)
    assert all(i["dim"] == (i["outcome"] == "missed") for i in items)
    # Untick a language and its documents disappear.
    page.locator('#filters input[name="language"][value="de"]').uncheck()
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('article.doc')).filter(a => a.offsetParent === null)"
        ".map(a => a.dataset.language)"
    )
    assert hidden and set(hidden) == {"de"}
    assert opened.errors() == []


def _differences(*systems: dict[str, Any]) -> int:
    """Gold mentions whose outcome differs between systems, plus spurious predictions not made by all."""
    outcomes: list[dict[tuple[str, int, int, str], str]] = []
    spurious: list[set[tuple[str, int, int, str]]] = []
    for results in systems:
        found: dict[tuple[str, int, int, str], str] = {}
        extra: set[tuple[str, int, int, str]] = set()
        for doc_id, entry in results["per_document"].items():
            for pair in entry["errors"]["mentions"]["pairs"]:
                if "gold" in pair:
                    g = pair["gold"]
                    found[(doc_id, g["start"], g["end"], g["label"])] = pair["outcome"]
                else:
                    p = pair["predicted"]
                    extra.add((doc_id, p["start"], p["end"], p["label"]))
        outcomes.append(found)
        spurious.append(extra)
    gold_keys = set().union(*outcomes)
    differing = {k for k in gold_keys if len({o.get(k, "correct") for o in outcomes}) > 1}
    return len(differing) + len(set().union(*spurious) - set.intersection(*spurious))


def test_differences_list_exactly_the_mentions_that_differ(
    browser: Any, gold: list[Document], tmp_path: Path
) -> None:
    shipped = REPO / "eval" / "results" / "rules.json"
    jittered = evaluate(_jittered(gold), gold, bootstrap=0, system="jittered")
    opened = Opened(browser, _report(tmp_path, shipped, _write(tmp_path, "jittered", jittered)))
    rows = opened.page.locator("#differences tr[data-language]").count()
    assert rows == _differences(json.loads(shipped.read_text(encoding="utf-8")), jittered)


def test_text_only_predictions_render_without_highlights(
    browser: Any, gold: list[Document], tmp_path: Path
) -> None:
    names = [
        {"doc_id": d.doc_id, "entities": [{"label": e["label"], "text": e["text"]} for e in d.entities]}
        for d in gold
    ]
    results = evaluate(names, gold, bootstrap=0, system="names")
    opened = Opened(browser, _report(tmp_path, _write(tmp_path, "names", results)))
    assert opened.items() == []
    assert "n/a" in opened.page.locator("#system-0 table").first.inner_text()
    assert opened.texts() == {d.doc_id: d.text for d in gold}
    assert opened.external() == [] and opened.errors() == []


@pytest.mark.parametrize(
    "scope",
    [
        ["--languages", "en,ru", "--layers", "mentions"],
        ["--labels", "GPE,PER"],
        ["--label-space", "conll"],
    ],
    ids=["languages-and-na-layers", "labels", "label-space"],
)
def test_subsets_and_na_layers(browser: Any, gold: list[Document], tmp_path: Path, scope: list[str]) -> None:
    """Results of issue 10's scoring options render with their own counts and n/a where not attempted."""
    predictions = tmp_path / "jittered.jsonl"
    predictions.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _jittered(gold)), "utf-8"
    )
    output = tmp_path / "results.json"
    args = ["evaluate", "--predictions", str(predictions), "--bootstrap", "50", "--output", str(output)]
    assert main([*args, *scope]) == 0
    results = json.loads(output.read_text(encoding="utf-8"))
    opened = Opened(browser, _report(tmp_path, output))
    items = opened.items()
    assert Counter(i["outcome"] for i in items) == _expected(results)
    scored = [d for d in gold if d.doc_id in results["per_document"]]
    assert {i["doc"] for i in items} <= {d.doc_id for d in scored}
    assert opened.texts() == {d.doc_id: d.text for d in scored}
    summary = opened.page.locator("#system-0 table").first.inner_text()
    if "--layers" in scope:
        assert "n/a (not attempted" in summary
    assert opened.external() == [] and opened.errors() == []
