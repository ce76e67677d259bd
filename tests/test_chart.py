"""The leaderboard chart: deterministic SVG whose bars and error bars sit where the F1s and intervals say."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from paradiplomacy.extractors.leaderboard import CHART, COLUMNS, chart
from paradiplomacy.report.chart import LEFT, RIGHT, WIDTH, svg

SVG = "{http://www.w3.org/2000/svg}"


def _results(system: str, f1: float | None, ci: list[float] | None) -> dict:
    headline = {} if f1 is None else {"mentions_text": {"f1": f1, "ci": ci}}
    return {
        "system": system,
        "headline": headline,
        "signature": "sig",
        "settings": {},
        "corpus": {"documents": ["d"]},
    }


def test_bars_and_error_bars_sit_at_their_values() -> None:
    text = svg(
        [("a", _results("a", 0.5, [0.25, 0.75])), ("b", _results("b", None, None))], {"mentions_text": "F1"}
    )
    root = ET.fromstring(text)
    scale = WIDTH - LEFT - RIGHT
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 1 and float(bars[0].get("width", "0")) == round(0.5 * scale, 1)
    assert "a: F1 F1 0.500 [0.250, 0.750]" in (bars[0].find(f"{SVG}title").text or "")
    path = next(root.iter(f"{SVG}path")).get("d", "")
    low, high = (float(x) for x in re.match(r"M([\d.]+) [\d.]+H([\d.]+)", path).groups())
    assert (low, high) == (round(LEFT + 0.25 * scale, 1), round(LEFT + 0.75 * scale, 1))
    assert "n/a" in text  # b did not attempt the layer: no bar, no zero


def test_chart_is_deterministic_and_in_the_leaderboard() -> None:
    results = {Path("x.json"): _results("x", 0.4, [0.3, 0.5]), Path("y.json"): _results("y", 0.6, None)}
    assert chart(results) == chart(dict(reversed(list(results.items()))))
    repo = Path(__file__).resolve().parent.parent
    assert f"]({CHART})" in (repo / "eval" / "LEADERBOARD.md").read_text(encoding="utf-8")
    ET.fromstring((repo / "eval" / CHART).read_text(encoding="utf-8"))
    assert set(COLUMNS) >= {"mentions.strict", "mentions_text"}
