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


# Every attribute, in the order a reader checks them: entities, then agreements, then documents.
ATTRIBUTE_ORDER = (
    "mention_labels",
    "canonical_names",
    "gpe_country_level",
    "date_values",
    "belongs_to",
    "agreements_paired",
    "agreement_type",
    "agreement_status",
    "parties_sides",
    "parties_entities",
    "signatories",
    "date",
    "date_basis",
    "agreement_sectors",
    "evidence",
    "document_sectors_kappa",
    "document_sectors_jaccard",
    "agreement_types_kappa",
)
MAX_DIFFERENCES_SHOWN = 60


def _counts(measure: dict[str, Any]) -> str:
    counts = measure["counts"]
    if counts is None:
        return measure["reason"]
    kind = measure["kind"]
    if kind == "f1":
        return f"{counts['tp']} paired, {counts['fn']} only in reference, {counts['fp']} only in other"
    if kind == "accuracy":
        return f"{counts['agree']} of {counts['compared']} agree"
    if kind == "mean":
        return f"over {counts['compared']}"
    if kind == "dice":
        shared, total = counts["twice_shared_characters"] // 2, counts["evidence_characters"]
        return f"{shared} characters shared; {total} in both sets' evidence together"
    return (
        f"{counts['both']} both, {counts['reference_only']} reference only, "
        f"{counts['other_only']} other only, {counts['neither']} neither"
    )


def _value(measure: dict[str, Any], extra: str = "") -> str:
    if measure["value"] is None:
        return "n/a"
    name = {"f1": "F1", "accuracy": "", "mean": "", "dice": "", "kappa": "κ"}[measure["kind"]]
    return f"{name + ' ' if name else ''}{measure['value']:.3f}{_ci(measure)}{extra}"


def render_attributes(attributes: dict[str, Any]) -> str:
    """Every attribute with its value, 95% bootstrap interval over documents and counts."""
    measures, paired = attributes["measures"], attributes.get("paired_kappa", {})
    rows = []
    for name in ATTRIBUTE_ORDER:
        if name not in measures:
            continue
        measure = measures[name]
        extra = ""
        if name in paired:
            extra = f"; κ on pairs {_kappa({'kappa': paired[name]})}"
        rows.append([measure["label"], _value(measure, extra), _counts(measure)])
    return table(["attribute", "agreement", "counts"], rows)


def attribute_text(attributes: dict[str, Any]) -> str:
    """The attribute table for a terminal: fixed-width columns, then the number of differences."""
    measures, paired = attributes["measures"], attributes.get("paired_kappa", {})
    body = [["attribute", "agreement", "95% CI", "counts"]]
    for name in ATTRIBUTE_ORDER:
        if name not in measures:
            continue
        m = measures[name]
        value = "n/a" if m["value"] is None else f"{m['value']:.3f}"
        if m["kind"] == "kappa" and m["value"] is not None:
            value = f"κ {value}"
        if name in paired and paired[name] is not None:
            value += f" (κ {paired[name]:.3f})"
        interval = f"[{m['ci'][0]:.3f}, {m['ci'][1]:.3f}]" if m["ci"] else ""
        body.append([m["label"], value, interval, _counts(m)])
    widths = [max(len(row[i]) for row in body) for i in range(3)]
    lines = [
        "  ".join([r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].rjust(widths[2]), r[3]]) for r in body
    ]
    lines.insert(1, "  ".join("-" * w for w in [*widths, 6]))
    lines.append(
        f"{len(attributes['differences'])} agreement differences (listed in --format json and the card)"
    )
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return " ".join(f"[{', '.join(map(str, span))}]" for span in value)
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "∅"
    return str(value)


def render_differences(attributes: dict[str, Any]) -> str:
    differences = attributes["differences"]
    if not differences:
        return "No differences on any attribute."
    rows = [
        [
            d["doc_id"][:3],
            d["agreement"],
            d["attribute"],
            _show(d["reference_value"]),
            _show(d["other_value"]),
        ]
        for d in differences[:MAX_DIFFERENCES_SHOWN]
    ]
    more = len(differences) - len(rows)
    tail = f"\n\n… and {more} more in the results file." if more > 0 else ""
    return table(["doc", "mention or agreement (reference)", "attribute", "reference", "other"], rows) + tail


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
    parts = [caption, table(["measure", "agreement", "counts"], rows)]
    attributes = agreement.get("attributes")
    if attributes:
        parts += [
            "Every attribute (entity attributes on mentions with the same boundaries; agreement attributes "
            "on agreements paired by shared evidence; a GOV party counts as the GPE it `belongs_to`):",
            render_attributes(attributes),
            "<details><summary>Differences</summary>\n\n" + render_differences(attributes) + "\n\n</details>",
        ]
    parts.append(f"`{results['signature']}`")
    return "\n\n".join(parts) + "\n"
