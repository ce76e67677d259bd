"""What `evaluate --show labels,languages,errors` adds to the table: per-label and per-language scores with
their intervals, and the paired error listing (gold ↔ prediction, outcome, the text around it), read from the
same results object and the same pairs as the HTML report."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.markdown import table as markdown_table
from paradiplomacy.report import layers
from paradiplomacy.scoring.pairs import OUTCOMES
from paradiplomacy.scoring.report import fixed_lines

SHOWABLE = ("labels", "languages", "errors")
CONTEXT = 32  # characters of text shown on each side of a pair
MAX_LISTED = 1000  # pairs listed at most; the HTML report shows every one


def fixed(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return "\n".join(fixed_lines([list(header), *map(list, rows)]))


def label_table(results: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    header = ["label", "gold", "pred", "strict P", "strict R", "strict F1", "95% CI", "partial F1", "text F1"]
    rows = []
    for row in layers.label_rows(results):
        strict = (row["schemes"] or {}).get("strict") or {}
        partial = (row["schemes"] or {}).get("partial") or {}
        text = row["text"] or {}
        rows.append(
            [
                row["label"],
                str(strict.get("possible", "n/a")),
                str(strict.get("actual", "n/a")),
                layers.fmt(strict.get("precision")),
                layers.fmt(strict.get("recall")),
                layers.fmt(strict.get("f1")),
                layers.fmt_ci(strict.get("ci")),
                layers.fmt(partial.get("f1")),
                layers.fmt(text.get("f1")),
            ]
        )
    return header, rows


def language_table(results: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    languages, found = layers.language_rows(results)
    counts = (results.get("corpus") or {}).get("languages") or {}
    header = ["F1 [95% CI]", *(f"{lang} ({layers.documents(counts.get(lang, 0))})" for lang in languages)]
    rows = []
    for row in found:
        cells = []
        for language in languages:
            entry = row["cells"].get(language)
            cells.append(
                "n/a" if entry is None else f"{layers.fmt(entry.get('f1'))} {layers.fmt_ci(entry.get('ci'))}"
            )
        rows.append([row["title"], *cells])
    return header, rows


def _side(side: Mapping[str, Any] | None) -> str:
    if not side:
        return "—"
    return f"{side['label']} “{side['text']}” [{side['start']}, {side['end']})"


def context(text: str, start: int, end: int) -> str:
    """The text around [start, end) on one line, the span between ⟦ and ⟧."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]

    def flat(part: str) -> str:
        return re.sub(r"\s+", " ", part)

    left = ("…" if start > CONTEXT else "") + flat(before)
    right = flat(after) + ("…" if end + CONTEXT < len(text) else "")
    return f"{left}⟦{flat(text[start:end])}⟧{right}"


def error_lines(results: Mapping[str, Any], documents: Sequence[Document]) -> list[str]:
    """Every listed pair, by document and position: outcome, gold ↔ prediction, and the text around it."""
    mentions, reason = layers.layer(results, "mentions")
    if mentions is None:
        return [f"mentions with offsets: n/a ({reason}); no paired errors"]
    texts = {d.doc_id: d for d in documents}
    out: list[str] = []
    listed = 0
    total = 0
    per_document = results.get("per_document") or {}
    for doc_id in sorted(per_document):
        pairs = ((per_document[doc_id].get("errors") or {}).get("mentions") or {}).get("pairs", [])
        total += len(pairs)
        if not pairs or listed >= MAX_LISTED:
            continue
        document = texts.get(doc_id)
        out.append(f"{doc_id} ({per_document[doc_id].get('language', '?')}), {len(pairs)} errors:")
        for pair in pairs[: MAX_LISTED - listed]:
            gold, predicted = pair.get("gold"), pair.get("predicted")
            out.append(f"  {pair['outcome']:<14}  {_side(gold)}  ↔  {_side(predicted)}")
            if document is not None:
                spans = [s for s in (gold, predicted) if s]
                start = min(s["start"] for s in spans)
                end = max(s["end"] for s in spans)
                out.append(f"  {'':<14}  {context(document.text, start, end)}")
            listed += 1
    if total > listed:
        out.append(f"… {total - listed} more pairs not listed; `paradiplomacy report` shows every one")
    if not out:
        out.append("no errors: every gold mention was predicted exactly")
    return out


def outcome_line(results: Mapping[str, Any]) -> str:
    """Outcome counts over the corpus, from the SemEval counts (the same numbers the pairs partition)."""
    from collections import Counter

    from paradiplomacy.scoring.pairs import outcome_counts

    total: Counter[str] = Counter()
    for entry in (results.get("per_document") or {}).values():
        total.update(outcome_counts(entry.get("counts") or {}) or {})
    return "outcomes: " + ", ".join(f"{o} {total[o]}" for o in OUTCOMES)


def sections(
    results: Mapping[str, Any], documents: Sequence[Document], show: Sequence[str], markdown: bool = False
) -> str:
    """The requested extra sections, as fixed-width text or Markdown."""

    def render(title: str, header: list[str], rows: list[list[str]]) -> str:
        if markdown:
            return f"**{title}**\n\n{markdown_table(header, rows)}\n"
        return f"{title}\n\n{fixed(header, rows)}\n"

    out = []
    if "labels" in show:
        out.append(
            render("mentions per label (each label scored on its own mentions)", *label_table(results))
        )
    if "languages" in show:
        out.append(
            render("F1 per language (intervals over each language's documents)", *language_table(results))
        )
    if "errors" in show:
        lines = [outcome_line(results), "", *error_lines(results, documents)]
        body = "\n".join(lines)
        out.append(f"**paired errors**\n\n```\n{body}\n```\n" if markdown else f"paired errors\n\n{body}\n")
    return "\n".join(out)
