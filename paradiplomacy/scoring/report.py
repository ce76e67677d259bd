"""Results for people: a fixed-width terminal table and a Markdown table, headline metrics with their CIs."""

from __future__ import annotations

from typing import Any

from paradiplomacy.markdown import table as markdown_table

# Headline metric -> (row label, where its precision and recall live in the results).
ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mentions.strict": ("mentions, strict", ("mentions", "micro", "strict")),
    "mentions.exact": ("mentions, exact boundaries", ("mentions", "micro", "exact")),
    "mentions.partial": ("mentions, partial", ("mentions", "micro", "partial")),
    "mentions.type": ("mentions, type", ("mentions", "micro", "type")),
    "mentions_text": ("mentions by text", ("mentions_text", "micro")),
    "entities": ("entities (canonical)", ("entities", "micro")),
    "agreement_types": ("agreement types", ("agreement_types", "micro")),
    "agreements": ("agreements (full)", ("agreements", "micro")),
    "sectors.micro": ("sectors, micro", ("sectors", "micro")),
    "sectors.macro": ("sectors, macro", ("sectors", "macro")),
}
HEADER = ["metric", "P", "R", "F1", "95% CI"]


def _lookup(results: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node: Any = results
    for key in path:
        node = node[key]
    return dict(node)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _ci(interval: list[float] | None) -> str:
    return "–" if interval is None else f"[{interval[0]:.3f}, {interval[1]:.3f}]"


def rows(results: dict[str, Any]) -> list[list[str]]:
    """One row per headline metric present: label, P, R, F1, CI."""
    out = []
    for name, (label, path) in ROWS.items():
        if name not in results["headline"]:
            continue
        headline = results["headline"][name]
        if headline["f1"] is None:  # a layer the system does not attempt: n/a, never 0
            out.append([label, "n/a", "n/a", "n/a", "–"])
            continue
        prf = _lookup(results, path)
        out.append(
            [
                label,
                _number(prf["precision"]),
                _number(prf["recall"]),
                _number(headline["f1"]),
                _ci(headline["ci"]),
            ]
        )
    if not results["mentions"]["applicable"]:
        out.insert(0, ["mentions (offsets)", "n/a", "n/a", "n/a", "–"])
    return out


def _title(results: dict[str, Any]) -> str:
    languages = ", ".join(f"{lang} {n}" for lang, n in sorted(results["corpus"]["languages"].items()))
    system = results.get("system") or "predictions"
    return f"{system}: {len(results['corpus']['documents'])} documents ({languages})"


def table(results: dict[str, Any]) -> str:
    """Fixed-width table for a terminal; notes and the signature at the foot."""
    body = [HEADER, *rows(results)]
    widths = [max(len(row[i]) for row in body) for i in range(len(HEADER))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells).rstrip()

    lines = [_title(results), "", line(body[0]), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in body[1:]]
    lines += ["", *_notes(results), f"signature: {results['signature']}"]
    return "\n".join(lines) + "\n"


def markdown(results: dict[str, Any]) -> str:
    """A Markdown table for papers and READMEs, with the signature beneath it."""
    body = markdown_table(HEADER, rows(results))
    notes = "".join(f"\n\n_{note}_" for note in _notes(results))
    return f"**{_title(results)}**\n\n{body}{notes}\n\n`{results['signature']}`\n"


def _notes(results: dict[str, Any]) -> list[str]:
    from paradiplomacy.scoring.run_notes import run_notes

    notes = run_notes(results)
    if not results["mentions"]["applicable"]:
        notes.append(f"mentions with offsets: not applicable ({results['mentions']['reason']})")
    if "agreement" in results:
        notes.append(agreement_note(results["agreement"]))
    settings = results["settings"]
    if settings["bootstrap"]:
        notes.append(
            f"95% percentile bootstrap over documents, {settings['bootstrap']} resamples, "
            f"seed {settings['seed']}"
        )
    return notes


def _kappa(block: dict[str, Any]) -> str:
    return "undefined" if block["kappa"] is None else f"{block['kappa']:.3f}"


def agreement_note(agreement: dict[str, Any]) -> str:
    sectors, types = agreement["sectors"], agreement["agreement_types"]
    return (
        f"Cohen's kappa: sectors {_kappa(sectors)} ({sectors['decisions']} decisions, "
        f"mean Jaccard {sectors['jaccard']:.3f}); "
        f"agreement types {_kappa(types)} ({types['decisions']} decisions)"
    )


def _p(value: float) -> str:
    return f"{value:.4f}" if value >= 1e-4 else f"{value:.1e}"


def _in_evaluate_order(metrics: dict[str, Any]) -> list[tuple[str, Any]]:
    """Metrics in the order `evaluate` prints them; any other after them, by name."""
    order = {name: i for i, name in enumerate(ROWS)}
    return sorted(metrics.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def comparison_rows(comparison: dict[str, Any]) -> list[list[str]]:
    out = []
    for name, m in _in_evaluate_order(comparison["metrics"]):
        label = ROWS.get(name, (name, ()))[0]
        if m["p_value"] is None:  # one system does not attempt this layer
            out.append([label, _attempted(m["a"]), _attempted(m["b"]), "n/a", "n/a", "–"])
            continue
        method = "exact" if m["exact"] else f"MC seed {m['seed']}"
        out.append(
            [
                label,
                _number(m["a"]),
                _number(m["b"]),
                f"{m['difference']:+.3f}",
                _p(m["p_value"]),
                f"{method}, {m['permutations']}",
            ]
        )
    return out


def _attempted(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


COMPARISON_HEADER = ["metric", "A F1", "B F1", "B - A", "p", "test"]


def comparison_caveat(comparison: dict[str, Any]) -> str:
    n, floor = comparison["documents"], comparison["min_p_value"]
    if not comparison["can_reach_0_05"]:
        return (
            f"cannot reach p < 0.05 with {n} documents: the smallest two-sided p a paired permutation test "
            f"can give is 2/2^{n} = {floor:.4g}"
        )
    return f"smallest attainable two-sided p with {n} documents: {_p(floor)}"


def fixed_lines(body: list[list[str]]) -> list[str]:
    """A fixed-width table (header, rule, rows): first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in body) for i in range(len(body[0]))]
    return [
        "  ".join(
            [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        ).rstrip()
        for row in [body[0], ["-" * w for w in widths], *body[1:]]
    ]


def _signatures(comparison: dict[str, Any]) -> list[str]:
    a, b = comparison["signatures"]
    if a == b:
        return [f"signature (A and B): {a}"]
    return [f"signature A: {a}", f"signature B: {b}"]


def _groups(comparison: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(title, block) for every per-language and per-label comparison, in the vocabulary's order."""
    from paradiplomacy.vocabulary import entity_labels, languages

    out = []
    for key, title, order in (
        ("by_language", "language", languages()),
        ("by_label", "label", entity_labels()),
    ):
        blocks = comparison.get(key) or {}
        for name in [n for n in order if n in blocks] + sorted(set(blocks) - set(order)):
            documents = blocks[name]["documents"]
            out.append(
                (f"{title} {name} ({documents} document{'s' if documents != 1 else ''})", blocks[name])
            )
    return out


def comparison_table(comparison: dict[str, Any]) -> str:
    lines = [f"A: {comparison['a']}", f"B: {comparison['b']}", ""]
    lines += fixed_lines([COMPARISON_HEADER, *comparison_rows(comparison)])
    lines += ["", comparison_caveat(comparison), *_signatures(comparison)]
    for title, block in _groups(comparison):
        lines += ["", title, ""]
        rows = comparison_rows(block)
        lines += fixed_lines([COMPARISON_HEADER, *rows]) if rows else ["(no metric both files scored)"]
        lines.append(comparison_caveat(block))
    return "\n".join(lines) + "\n"


def comparison_markdown(comparison: dict[str, Any]) -> str:
    table_text = markdown_table(COMPARISON_HEADER, comparison_rows(comparison))
    caveat = comparison_caveat(comparison)
    signatures = "; ".join(f"`{s}`" for s in _signatures(comparison))
    out = f"A: `{comparison['a']}`, B: `{comparison['b']}`\n\n{table_text}\n\n_{caveat}_\n\n{signatures}\n"
    for title, block in _groups(comparison):
        rows = markdown_table(COMPARISON_HEADER, comparison_rows(block))
        out += f"\n**{title}**\n\n{rows}\n\n_{comparison_caveat(block)}_\n"
    return out


def comparison_json(comparison: dict[str, Any]) -> str:
    import json

    from paradiplomacy.scoring.results import rounded

    return json.dumps(rounded(comparison), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
