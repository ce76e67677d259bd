"""The published inter-annotator agreement as Markdown, for the guidelines and the dataset card.

Renders what `paradiplomacy agree --output annotations/agreement.json` wrote; nothing here is typed by hand.
"""

from __future__ import annotations

from typing import Any

from paradiplomacy.markdown import table


def _f1(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ci(headline: dict[str, Any]) -> str:
    interval = headline.get("ci")
    return "" if not interval else f" [{interval[0]:.3f}, {interval[1]:.3f}]"


def _mention_row(results: dict[str, Any], scheme: str, label: str) -> list[str]:
    mentions = results["mentions"]
    if not mentions["applicable"]:
        return [label, "n/a", mentions["reason"]]
    counts = mentions["micro"][scheme]
    headline = results["headline"][f"mentions.{scheme}"]
    detail = (
        f"{counts['correct']} correct, {counts['partial']} partial; "
        f"{counts['possible']} in reference, {counts['actual']} in other"
    )
    return [label, f"F1 {_f1(headline['f1'])}{_ci(headline)}", detail]


def _tally(layer: dict[str, Any]) -> str:
    micro = layer["micro"]
    return f"{micro['tp']} matched, {micro['fn']} only in reference, {micro['fp']} only in other"


def _kappa(block: dict[str, Any]) -> str:
    return "undefined" if block["kappa"] is None else f"{block['kappa']:.3f}"


def render_markdown(agreement_results: dict[str, Any]) -> str:
    """A compact table of mention, agreement and sector agreement, with counts and the signature."""
    results, agreement = agreement_results, agreement_results["agreement"]
    headline = results["headline"]
    types, sectors = agreement["agreement_types"], agreement["sectors"]
    rows = [
        _mention_row(results, "strict", "Entity mentions, labelled (strict)"),
        _mention_row(results, "exact", "Entity mentions, unlabelled (exact boundaries, any label)"),
        _mention_row(results, "partial", "Entity mentions, partial overlap"),
        [
            "Entities (canonical name and label)",
            f"F1 {_f1(headline['entities']['f1'])}{_ci(headline['entities'])}",
            _tally(results["entities"]),
        ],
        [
            "Agreement types",
            f"F1 {_f1(headline['agreement_types']['f1'])}{_ci(headline['agreement_types'])}; "
            f"κ {_kappa(types)}",
            f"{_tally(results['agreement_types'])}; κ over {types['decisions']} (document, type) decisions",
        ],
        [
            "Agreements (type, status, parties)",
            f"F1 {_f1(headline['agreements']['f1'])}{_ci(headline['agreements'])}",
            _tally(results["agreements"]),
        ],
        [
            "Sectors",
            f"κ {_kappa(sectors)}; mean Jaccard {sectors['jaccard']:.3f}",
            f"κ over {sectors['decisions']} (document, sector) decisions; "
            f"micro F1 {_f1(headline['sectors.micro']['f1'])}",
        ],
    ]
    documents = len(results["corpus"]["documents"])
    caption = (
        f"`{agreement['other']}` scored against `{agreement['reference']}` over {documents} documents; "
        "95% bootstrap intervals over documents in brackets."
    )
    return f"{caption}\n\n{table(['measure', 'agreement', 'counts'], rows)}\n\n`{results['signature']}`\n"
