"""Reading a results object defensively: a layer may be absent, null or marked not applicable (`n/a`), and
every view (HTML, terminal) asks the same questions here, in `evaluate`'s order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from paradiplomacy.scoring.report import ROWS
from paradiplomacy.vocabulary import entity_labels
from paradiplomacy.vocabulary import languages as vocabulary_languages

NOT_ATTEMPTED = "not attempted"
SCHEME_ORDER = ("strict", "exact", "partial", "type")
TALLY_LAYERS = ("mentions_text", "entities", "agreement_types", "agreements")


def layer(results: Mapping[str, Any], name: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the layer, None) when it was scored; (None, why not) when absent, null or not applicable."""
    value = results.get(name)
    if value is None:
        reason = (
            (results.get("not_attempted") or {}).get(name)
            if isinstance(results.get("not_attempted"), dict)
            else None
        )
        return None, str(reason or NOT_ATTEMPTED)
    if not isinstance(value, dict):
        return None, NOT_ATTEMPTED
    if value.get("applicable") is False:
        return None, str(value.get("reason") or NOT_ATTEMPTED)
    return value, None


def _walk(node: Any, path: tuple[str, ...]) -> dict[str, Any] | None:
    for key in path:
        if not isinstance(node, dict) or node.get(key) is None:
            return None
        node = node[key]
    return node if isinstance(node, dict) else None


def headline_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per headline metric in evaluate's order: name, title, P, R, F1, CI or the reason it is n/a."""
    out: list[dict[str, Any]] = []
    headline = results.get("headline") or {}
    for name, (title, path) in ROWS.items():
        found, reason = layer(results, path[0])
        prf = _walk(found, path[1:]) if found is not None else None
        entry = headline.get(name) if isinstance(headline, dict) else None
        if prf is None or not isinstance(entry, dict) or entry.get("f1") is None:
            out.append({"name": name, "title": title, "na": reason or NOT_ATTEMPTED})
            continue
        out.append(
            {
                "name": name,
                "title": title,
                "precision": prf.get("precision"),
                "recall": prf.get("recall"),
                "f1": entry["f1"],
                "ci": entry.get("ci"),
                "na": None,
            }
        )
    return out


def label_rows(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per entity label: every mention scheme's P/R/F1 (+CI) and counts, and the by-text F1 (+CI)."""
    mentions, _ = layer(results, "mentions")
    text, _ = layer(results, "mentions_text")
    by_label = (mentions or {}).get("by_label") or {}
    by_text = (text or {}).get("by_label") or {}
    out = []
    for label in _ordered({*by_label, *by_text}, entity_labels()):
        schemes = by_label.get(label) or {}
        out.append({"label": label, "schemes": schemes, "text": by_text.get(label)})
    return out


def language_rows(results: Mapping[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """(languages, one row per layer with an F1 per language): mentions per scheme, then the tally layers."""
    corpus = results.get("corpus") or {}
    languages = _ordered((corpus.get("languages") or {}).keys(), vocabulary_languages())
    rows = []
    mentions, reason = layer(results, "mentions")
    for scheme in SCHEME_ORDER:
        cells = {}
        for language in languages:
            entry = _walk(mentions, ("by_language", language, scheme)) if mentions else None
            cells[language] = entry
        rows.append({"title": ROWS[f"mentions.{scheme}"][0], "cells": cells, "na": reason})
    for name in TALLY_LAYERS:
        found, reason = layer(results, name)
        cells = {
            language: _walk(found, ("by_language", language)) if found else None for language in languages
        }
        title = ROWS[name][0]
        rows.append({"title": title, "cells": cells, "na": reason})
    return languages, rows


def _ordered(names: Iterable[str], order: Sequence[str]) -> list[str]:
    """Names in the vocabulary's order; any the vocabulary does not know after them, sorted."""
    names = set(names)
    return [n for n in order if n in names] + sorted(names - set(order))


def documents(n: int) -> str:
    return f"{n} document" if n == 1 else f"{n} documents"


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def fmt_ci(interval: Any) -> str:
    if not isinstance(interval, (list, tuple)) or len(interval) != 2:
        return "–"
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]"
