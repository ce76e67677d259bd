"""The report page: one self-contained HTML file (inline style, script and SVG; a Content-Security-Policy that
forbids every external load), built with the standard library's `html.escape`, no template engine.

Per system: the summary (every layer's P/R/F1 and 95% CI, per label, per language, `n/a` where a layer was
not attempted, the signature), the outcome counts, a confusion matrix over paired mentions, and every document
with its mentions highlighted (`spans`) beside its agreements and sectors. With two or more systems, a view of
the mentions whose outcome differs between them.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from paradiplomacy import __version__
from paradiplomacy.corpus import Document
from paradiplomacy.report import layers, spans
from paradiplomacy.report.chart import svg
from paradiplomacy.report.load import Loaded, gold_in_scope
from paradiplomacy.scoring.pairs import OUTCOMES

ASSETS = Path(__file__).parent / "assets"
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
SIDES = ("gold", "predicted", "matched", "missed", "spurious")
OUTCOME_HELP = {
    "correct": "same span, same label",
    "boundary": "same label, other span",
    "label": "same span, other label",
    "boundary-label": "other span and other label",
    "missed": "gold mention without a prediction",
    "spurious": "prediction without a gold mention",
}


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value))


def _table(header: Sequence[str], rows: Iterable[str], css: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _prf_cells(entry: Mapping[str, Any] | None, ci: Any = None) -> str:
    if entry is None:
        return '<td class="na">n/a</td>' * 3 + '<td class="na">n/a</td>'
    ci = entry.get("ci") if ci is None else ci
    return (
        f"<td>{layers.fmt(entry.get('precision'))}</td><td>{layers.fmt(entry.get('recall'))}</td>"
        f'<td>{layers.fmt(entry.get("f1"))}</td><td class="ci">{layers.fmt_ci(ci)}</td>'
    )


def summary(results: Mapping[str, Any]) -> str:
    rows = []
    for row in layers.headline_rows(results):
        if row["na"]:
            rows.append(
                f'<tr><td>{_e(row["title"])}</td><td class="na" colspan="4" title="{_e(row["na"])}">'
                f"n/a ({_e(row['na'])})</td></tr>"
            )
        else:
            rows.append(f"<tr><td>{_e(row['title'])}</td>{_prf_cells(row, row['ci'])}</tr>")
    return _table(["metric", "P", "R", "F1", "95% CI"], rows)


def by_label(results: Mapping[str, Any]) -> str:
    found = layers.label_rows(results)
    if not found:
        return '<p class="notice">No per-label scores: the mention layers were not attempted.</p>'
    rows = []
    for row in found:
        strict = (row["schemes"] or {}).get("strict")
        counts = (
            "".join(f"<td>{strict.get(k, '')}</td>" for k in ("possible", "actual", "missed", "spurious"))
            if strict
            else '<td class="na">n/a</td>' * 4
        )
        partial = (row["schemes"] or {}).get("partial")
        partial_f1 = f"<td>{layers.fmt(partial.get('f1'))}</td>" if partial else '<td class="na">n/a</td>'
        text = row["text"]
        text_cells = (
            f'<td>{layers.fmt(text.get("f1"))}</td><td class="ci">{layers.fmt_ci(text.get("ci"))}</td>'
            if text
            else '<td class="na">n/a</td><td class="na">–</td>'
        )
        rows.append(
            f'<tr data-label="{_e(row["label"])}"><td>{_e(row["label"])}</td>{_prf_cells(strict)}'
            f"{partial_f1}{counts}{text_cells}</tr>"
        )
    header = ["label", "strict P", "strict R", "strict F1", "95% CI", "partial F1"]
    header += ["gold", "predicted", "missed", "spurious", "by text F1", "95% CI"]
    return _table(header, rows)


def by_language(results: Mapping[str, Any]) -> str:
    languages, found = layers.language_rows(results)
    rows = []
    for row in found:
        cells = []
        for language in languages:
            entry = row["cells"].get(language)
            if entry is None:
                cells.append('<td class="na">n/a</td>')
            else:
                cells.append(
                    f"<td>{layers.fmt(entry.get('f1'))} "
                    f'<span class="ci">{layers.fmt_ci(entry.get("ci"))}</span></td>'
                )
        rows.append(f"<tr><td>{_e(row['title'])}</td>{''.join(cells)}</tr>")
    counts = (results.get("corpus") or {}).get("languages") or {}
    header = ["F1 [95% CI]", *(f"{lang} ({layers.documents(counts.get(lang, 0))})" for lang in languages)]
    return _table(header, rows)


def legend() -> str:
    marks = "".join(
        f'<span><mark class="ent o-{o}">{_e(o)}<span class="tag">{spans.GLYPHS[o]}</span></mark> '
        f'<span class="muted">{_e(OUTCOME_HELP[o])}</span></span>'
        for o in OUTCOMES
    )
    pieces = (
        '<span><span class="gold-only">underlined</span>: in the gold span only</span>'
        '<span><span class="predicted-only">overlined, italic</span>: in the predicted span only</span>'
    )
    return f'<div class="legend">{marks}{pieces}</div>'


class SystemView:
    """One results file drawn against the corpus: its items per document and what follows from them."""

    def __init__(self, loaded: Loaded, documents: Sequence[Document]):
        self.loaded = loaded
        self.documents = documents
        results = loaded.results
        mentions, self.mentions_na = layers.layer(results, "mentions")
        self.items: dict[str, list[spans.Item]] = {}
        if loaded.no_documents is None and mentions is not None:
            per_document = results.get("per_document") or {}
            for document in documents:
                entry = per_document.get(document.doc_id)
                if entry is None:
                    continue
                pairs = ((entry.get("errors") or {}).get("mentions") or {}).get("pairs", [])
                self.items[document.doc_id] = spans.items(gold_in_scope(results, document), pairs)

    def outcome_counts(self) -> Counter[str]:
        return Counter(item.outcome for found in self.items.values() for item in found)

    def confusion(self, labels: Sequence[str]) -> str:
        cells: Counter[tuple[str, str]] = Counter()
        for found in self.items.values():
            for item in found:
                gold = item.gold["label"] if item.gold else "spurious"
                predicted = item.predicted["label"] if item.predicted else "missed"
                cells[(gold, predicted)] += 1
        seen = {label for key in cells for label in key} - {"missed", "spurious"}
        present = [lab for lab in labels if lab in seen] + sorted(seen - set(labels))  # another label space
        columns = [*present, "missed"]
        rows = []
        for gold in [*present, "spurious"]:
            tds = []
            for predicted in columns:
                n = cells[(gold, predicted)]
                css = "diag" if gold == predicted else "zero" if not n else "off"
                if gold == "spurious" and predicted == "missed":
                    tds.append('<td class="zero">·</td>')
                    continue
                tds.append(
                    f'<td class="{css}" data-gold="{_e(gold)}" data-predicted="{_e(predicted)}">{n}</td>'
                )
            rows.append(f"<tr><th>{_e(gold)}</th>{''.join(tds)}</tr>")
        header = ["gold ↓ / predicted →", *columns]
        return _table(header, rows, "confusion")

    def document(self, document: Document, index: int) -> str:
        found = self.items.get(document.doc_id)
        if found is None:
            why = self.loaded.no_documents or self.mentions_na or "no entry for this document in the results"
            text = f'<p class="notice">Mentions not shown: {_e(why)}</p>'
            text += f'<div class="text">{_e(document.text)}</div>'
        else:
            text = f'<div class="text">{spans.render(document.text, found)}</div>'
        counts = Counter(item.outcome for item in found or [])
        tally = " · ".join(f"{o} {counts[o]}" for o in OUTCOMES if counts[o])
        return (
            f'<article class="doc" id="s{index}-{_e(document.doc_id)}" data-doc="{_e(document.doc_id)}" '
            f'data-language="{_e(document.language)}">'
            f'<h4>{_e(document.doc_id)} <span class="muted">({_e(document.language)}; {tally})</span></h4>'
            f"{text}{self.side_by_side(document)}</article>"
        )

    def side_by_side(self, document: Document) -> str:
        from paradiplomacy.scoring.agreements import gold_agreements

        entry = (self.loaded.results.get("per_document") or {}).get(document.doc_id) or {}
        errors = entry.get("errors") or {}
        gold_agree = [key.as_dict() for key in gold_agreements(document)]
        agreements = _sides(gold_agree, errors.get("agreements"), _agreement)
        sectors = _sides(list(document.sectors), errors.get("sectors"), str, "inline")
        return (
            '<div class="side">'
            f"<div><h4>Agreements</h4>{agreements}</div><div><h4>Sectors</h4>{sectors}</div></div>"
        )


def _agreement(value: Mapping[str, Any]) -> str:
    parties = ", ".join(value.get("parties") or []) or "(no parties)"
    return f"{value.get('type')} · {value.get('status')} · {parties}"


def _sides(gold: list[Any], errors: Any, show: Any, css: str = "") -> str:
    """gold / predicted / matched / missed / spurious, from the gold and the results' missed and spurious."""
    if not isinstance(errors, dict):
        return '<p class="notice">n/a (not attempted)</p>'
    missed, spurious = list(errors.get("missed") or []), list(errors.get("spurious") or [])
    matched = list(gold)
    for item in missed:
        if item in matched:
            matched.remove(item)
    predicted = matched + spurious
    lists = {"gold": gold, "predicted": predicted, "matched": matched, "missed": missed, "spurious": spurious}

    def cell(values: list[Any]) -> str:
        if not values:
            return '<td class="muted">—</td>'
        return f'<td><ul class="{css}">' + "".join(f"<li>{_e(show(v))}</li>" for v in values) + "</ul></td>"

    rows = [f"<tr><th>{side} ({len(lists[side])})</th>{cell(lists[side])}</tr>" for side in SIDES]
    return f"<table>{''.join(rows)}</table>"


def differences(views: Sequence[SystemView], documents: Sequence[Document]) -> str:
    """Mentions whose outcome is not the same in every system that scored the document (a language subset
    may not have): gold mentions, then spurious predictions."""
    usable = [v for v in views if v.items]
    if len(usable) < 2:
        return (
            '<p class="notice">Fewer than two systems have a document view; nothing to set side by side.</p>'
        )
    rows = []
    for document in documents:
        keyed: list[dict[tuple[Any, ...], spans.Item] | None] = []
        for view in usable:
            if document.doc_id not in view.items:
                keyed.append(None)  # not scored on this document
                continue
            table: dict[tuple[Any, ...], spans.Item] = {}
            for item in view.items.get(document.doc_id, []):
                side = item.gold or item.predicted
                assert side is not None
                table[("gold" if item.gold else "predicted", side["start"], side["end"], side["label"])] = (
                    item
                )
            keyed.append(table)
        scored = [table for table in keyed if table is not None]
        if len(scored) < 2:
            continue
        keys = sorted({k for table in scored for k in table}, key=lambda k: (k[1], k[2], k[0], k[3]))
        for key in keys:
            # Every system has an item for every gold mention; a spurious prediction only where it was made.
            names = {table[key].outcome if key in table else "not predicted" for table in scored}
            if len(names) < 2:
                continue
            what = "gold" if key[0] == "gold" else "prediction"
            surface = document.text[key[1] : key[2]]
            cells = "".join(
                '<td class="muted">not scored</td>' if table is None else _diff_cell(table.get(key))
                for table in keyed
            )
            rows.append(
                f'<tr data-language="{_e(document.language)}"><td>{_e(document.doc_id)}</td>'
                f"<td>{what}: {_e(key[3])} “{_e(surface)}” [{key[1]}, {key[2]})</td>{cells}</tr>"
            )
    if not rows:
        return '<p class="notice">Every mention has the same outcome in every system.</p>'
    header = ["document", "mention", *(v.loaded.name for v in usable)]
    return _table(header, rows, "diff")


def _diff_cell(item: spans.Item | None) -> str:
    if item is None:
        return '<td class="muted">not predicted</td>'
    detail = ""
    if item.predicted and item.outcome != "correct":
        p = item.predicted
        detail = f" ({_e(p['label'])} [{p['start']}, {p['end']}))"
    return f'<td data-diff-outcome="{_e(item.outcome)}">{_e(item.outcome)}{detail}</td>'


def filters(labels: Sequence[str], languages: Sequence[str]) -> str:
    def boxes(name: str, values: Sequence[str]) -> str:
        inputs = "".join(
            f'<label><input type="checkbox" name="{name}" value="{_e(v)}" checked> {_e(v)}</label>'
            for v in values
        )
        return (
            f"<fieldset><legend>{name}</legend>{inputs}"
            f'<button type="button" data-all="{name}">all/none</button></fieldset>'
        )

    return (
        '<form id="filters" aria-label="filters">'
        f"{boxes('outcome', OUTCOMES)}{boxes('label', labels)}{boxes('language', languages)}"
        '<span id="shown"></span></form>'
    )


def page(loaded: Sequence[Loaded], documents: Sequence[Document], chart_layers: Mapping[str, str]) -> str:
    """The whole report."""
    from paradiplomacy.vocabulary import entity_labels, languages

    views = [SystemView(item, documents) for item in loaded]
    labels = list(entity_labels())
    present_languages = [lang for lang in languages() if any(d.language == lang for d in documents)]
    warnings = [w for item in loaded for w in item.warnings]
    nav = "".join(f'<a href="#system-{i}">{_e(v.loaded.name)}</a>' for i, v in enumerate(views))
    if len(views) > 1:
        nav += '<a href="#differences">where systems differ</a>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>paradiplomacy error analysis</title>",
        f"<style>{_asset('report.css')}</style></head><body>",
        "<header><h1>Error analysis</h1>",
        f'<p class="muted">{len(documents)} documents; {len(views)} results file(s): '
        + ", ".join(f"<code>{_e(v.loaded.path)}</code>" for v in views)
        + f"; written by paradiplomacy {_e(__version__)}.</p>",
    ]
    if warnings:
        parts.append('<ul class="warnings">' + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>")
    parts.append(f"<nav>{nav}</nav></header>")
    systems = [(v.loaded.name, v.loaded.results) for v in views]
    parts.append(
        '<section id="leaderboard"><h2>F1 per layer</h2><div class="chart">'
        + svg(systems, chart_layers)
        + "</div></section>"
    )
    parts.append(filters(labels, present_languages))
    parts.append(legend())
    for index, view in enumerate(views):
        parts.append(_system_section(view, index, labels))
    if len(views) > 1:
        parts.append(
            '<section id="differences"><h2>Where the systems differ</h2>'
            '<p class="muted">Each gold mention or prediction whose outcome is not the same in every '
            "system that scored its document.</p>" + differences(views, documents) + "</section>"
        )
    parts.append(f"<script>{_asset('report.js')}</script></body></html>")
    return "\n".join(parts) + "\n"


def _system_section(view: SystemView, index: int, labels: Sequence[str]) -> str:
    results = view.loaded.results
    counts = view.outcome_counts()
    out = [
        f'<section class="system" id="system-{index}" data-system="{_e(view.loaded.name)}">',
        f"<h2>{_e(view.loaded.name)}</h2>",
        f'<p>signature: <code class="signature">{_e(results.get("signature", ""))}</code></p>',
    ]
    settings = results.get("settings") or {}
    if settings.get("bootstrap"):
        out.append(
            '<p class="muted">95% percentile bootstrap over documents, '
            f"{_e(settings['bootstrap'])} resamples, seed {_e(settings.get('seed'))}.</p>"
        )
    if isinstance(results.get("agreement"), dict):
        from paradiplomacy.scoring.report import agreement_note

        # An agreement block of another shape is left out: its scores are in the tables anyway.
        with contextlib.suppress(KeyError, TypeError):
            out.append(f"<p>{_e(agreement_note(results['agreement']))}</p>")
    for warning in results.get("warnings") or []:
        out.append(f'<p class="notice">{_e(warning)}</p>')
    out += ["<h3>Summary</h3>", summary(results), "<h3>By label</h3>", by_label(results)]
    out += ["<h3>By language</h3>", by_language(results)]
    if view.items:
        outcome_rows = [f'<tr><td>{o}</td><td data-count="{o}">{counts[o]}</td></tr>' for o in OUTCOMES]
        out += ["<h3>Outcomes of paired mentions</h3>", _table(["outcome", "mentions"], outcome_rows)]
        out += ["<h3>Confusion matrix</h3>", view.confusion(labels)]
    elif view.loaded.no_documents:
        out.append(f'<p class="notice">Document view left out: {_e(view.loaded.no_documents)}</p>')
    out.append("<h3>Documents</h3>")
    if view.loaded.no_documents is None:
        scored = results.get("per_document") or {}
        shown = [document for document in view.documents if document.doc_id in scored]
        if len(shown) < len(view.documents):
            out.append(
                f'<p class="notice">{len(view.documents) - len(shown)} of {len(view.documents)} documents '
                "were not scored in these results (a subset of languages); they are left out.</p>"
            )
        out += [view.document(document, index) for document in shown]
    out.append("</section>")
    return "\n".join(out)
