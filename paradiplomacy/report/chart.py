"""The leaderboard as a chart: F1 with its 95% bootstrap interval, per layer and system, as plain SVG.

A pure function of the results (fixed geometry, coordinates printed to one decimal, systems in the order
given), so the same results give the same bytes and `leaderboard --check` can compare them. No script, no
external font or stylesheet: it renders in a browser, on GitHub and inside the HTML report alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

# Okabe and Ito's palette: told apart with every common colour-vision deficiency; bars also differ by
# their hatching, so the chart reads in greyscale.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
HATCHES = ("", "url(#h1)", "url(#h2)", "url(#h3)")
WIDTH = 760
LEFT = 190  # room for the layer names
RIGHT = 40
BAR = 14
GAP = 12
TOP = 30


def _x(value: float) -> float:
    return LEFT + value * (WIDTH - LEFT - RIGHT)


def _n(value: float) -> str:
    return f"{value:.1f}"


def _cell(results: Mapping[str, Any], key: str) -> tuple[float | None, list[float] | None]:
    headline = (results.get("headline") or {}).get(key)
    if not isinstance(headline, dict) or headline.get("f1") is None:
        return None, None
    ci = headline.get("ci")
    return float(headline["f1"]), (list(ci) if isinstance(ci, list) and len(ci) == 2 else None)


def svg(systems: Sequence[tuple[str, Mapping[str, Any]]], layers: Mapping[str, str]) -> str:
    """One group of bars per layer (`layers`: headline key -> title), one bar per system, with error bars."""
    group = len(systems) * BAR + GAP
    legend_rows = len(systems)  # one per line: names carry what each system was scored on
    height = TOP + len(layers) * group + 30 + legend_rows * 18
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12" role="img" '
        'aria-labelledby="chart-title">',
        '<title id="chart-title">F1 per layer and system, with 95% bootstrap confidence intervals</title>',
        "<defs>",
        '<pattern id="h1" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="white" fill-opacity="0"/><line x1="0" y1="0" x2="0" y2="6" '
        'stroke="white" stroke-width="2"/></pattern>',
        '<pattern id="h2" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<circle cx="3" cy="3" r="1.2" fill="white"/></pattern>',
        '<pattern id="h3" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<line x1="0" y1="3" x2="6" y2="3" stroke="white" stroke-width="1.5"/></pattern>',
        "</defs>",
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
    ]
    axis_bottom = TOP + len(layers) * group
    for tick in range(6):
        value = tick / 5
        x = _n(_x(value))
        out.append(
            f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{axis_bottom}" stroke="#ddd" stroke-width="1"/>'
        )
        out.append(f'<text x="{x}" y="{TOP - 10}" text-anchor="middle" fill="#333">{value:.1f}</text>')
    out.append(f'<text x="{_n(_x(1.0))}" y="{axis_bottom + 16}" text-anchor="end" fill="#333">F1</text>')
    for row, (key, title) in enumerate(layers.items()):
        y0 = TOP + row * group
        middle = y0 + len(systems) * BAR / 2 + 4
        out.append(
            f'<text x="{LEFT - 8}" y="{_n(middle)}" text-anchor="end" fill="#000">{escape(title)}</text>'
        )
        for index, (name, results) in enumerate(systems):
            y = y0 + index * BAR
            f1, ci = _cell(results, key)
            colour = COLOURS[index % len(COLOURS)]
            if f1 is None:
                out.append(
                    f'<text x="{_n(_x(0) + 4)}" y="{_n(y + BAR - 3)}" fill="#555" font-style="italic">'
                    f"n/a<title>{escape(name)}: {escape(title)} not attempted</title></text>"
                )
                continue
            interval = f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""
            label = f"{escape(name)}: {escape(title)} F1 {f1:.3f}{interval}"
            width = _n(_x(f1) - _x(0))
            out.append(
                f'<rect x="{_n(_x(0))}" y="{_n(y + 1)}" width="{width}" height="{BAR - 2}" fill="{colour}">'
                f"<title>{label}</title></rect>"
            )
            hatch = HATCHES[index % len(HATCHES)]
            if hatch:
                out.append(
                    f'<rect x="{_n(_x(0))}" y="{_n(y + 1)}" width="{width}" height="{BAR - 2}" '
                    f'fill="{hatch}"/>'
                )
            if ci:
                low, high, mid = _n(_x(ci[0])), _n(_x(ci[1])), _n(y + BAR / 2)
                out.append(
                    f'<path d="M{low} {mid}H{high}M{low} {_n(y + 3)}V{_n(y + BAR - 3)}'
                    f'M{high} {_n(y + 3)}V{_n(y + BAR - 3)}" stroke="#000" stroke-width="1.5" fill="none"/>'
                )
    legend_top = axis_bottom + 30
    for index, (name, _) in enumerate(systems):
        lx = LEFT
        ly = legend_top + index * 18
        colour, hatch = COLOURS[index % len(COLOURS)], HATCHES[index % len(HATCHES)]
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        if hatch:
            out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{hatch}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly}" fill="#000">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
