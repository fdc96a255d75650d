"""A small line chart per indicator for the report's progress section: inline SVG, no script.

It draws the observations (points joined by a line), the baseline (a square), each
target (a diamond) and the straight expected path from baseline to target (dashed),
on an axis of years. Colours are Okabe–Ito (blue, black, vermillion, grey) and each
mark has its own shape and line style, so print in black and white and colour-blind
readers lose nothing. A screen reader gets the chart as one image (``role="img"``)
whose ``aria-label`` and ``<title>`` state every value in words, numbers in the
report's language (:func:`ontology.format_number`).

Labels are untrusted: everything written into the SVG is XML-escaped here (the
report inserts the result as markup).

>>> svg = chart_svg({"label": "Folketal", "text": "…", "observations": [{"value": 1.0, "year": 2019}],
...     "targets": []}, "da")
>>> svg.startswith('<svg') and 'role="img"' in svg
True
"""

from __future__ import annotations

from html import escape
from typing import Any

from ontology import format_number

__all__ = ["chart_svg", "plain_number", "CHART_WIDTH", "CHART_HEIGHT"]

CHART_WIDTH = 360
CHART_HEIGHT = 190
#: Room for the value labels left (up to 9 characters of about 6 units), the years below and the legend.
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 14, 12, 56
_OBSERVED = "#0072B2"
_TARGET = "#D55E00"
_PATH = "#6c757d"
_BASE = "#000000"
#: At most this many year ticks (a series over 30 years would write its years on top of each other).
_YEAR_TICKS = 6


def plain_number(value: float | int, lang: str) -> str:
    """A value as the report writes it: 115905.0 → '115.905' in Danish; decimals keep up to 6 significant digits after the point.

    >>> plain_number(115905.0, "da"), plain_number(23.25, "da"), plain_number(0.5, "en")
    ('115.905', '23,25', '0.5')
    """
    if isinstance(value, float) and value.is_integer():
        return format_number(str(int(value)), lang)
    return format_number(f"{value:.6f}" if isinstance(value, float) else str(value), lang)


def _scale(low: float, high: float, start: float, end: float) -> Any:
    span = high - low or 1.0
    return lambda v: round(start + (v - low) / span * (end - start), 1)


def _year_ticks(first: int, last: int) -> list[int]:
    """At most about :data:`_YEAR_TICKS` years, the first and the last always among them."""
    step = max(1, -(-(last - first) // (_YEAR_TICKS - 1)))
    ticks = list(range(first, last + 1, step))
    if ticks[-1] != last:
        ticks[-1 if last - ticks[-1] < step / 2 and len(ticks) > 1 else len(ticks) :] = [last]
    return ticks


def chart_svg(chart: dict[str, Any], lang: str, *, words: dict[str, str] | None = None) -> str:
    """One indicator's chart (``chart`` as :func:`reports.content.report_content` gives it under ``progress.charts``)."""
    w = words or {"observed": "observed", "baseline": "baseline", "target": "target", "path": "expected path"}
    points = [(o["year"], o["value"]) for o in chart["observations"] if o["year"] is not None]
    marks: list[tuple[float, float]] = list(points)
    paths = []
    for t in chart["targets"]:
        if t["baseline"] is not None and t["baseline_year"] is not None:
            marks.append((t["baseline_year"], t["baseline"]))
        if t["value"] is not None and t["year"] is not None:
            marks.append((t["year"], t["value"]))
            if t["baseline"] is not None and t["baseline_year"] is not None:
                paths.append(((t["baseline_year"], t["baseline"]), (t["year"], t["value"])))
    text = escape(chart["text"])
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT}" role="img" aria-label="{text}" class="r-chart"><title>{text}</title>'
    )
    if not marks:
        return head + "</svg>"
    years = [m[0] for m in marks]
    values = [m[1] for m in marks]
    first, last = int(min(years)), int(max(years))
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
    low, high = low - pad, high + pad
    bottom = CHART_HEIGHT - _BOTTOM
    x = _scale(first - 0.5, last + 0.5, _LEFT, CHART_WIDTH - _RIGHT)
    y = _scale(low, high, bottom, _TOP)
    out = [head, '<g aria-hidden="true" font-size="10" fill="#212529">']
    out.append(f'<path d="M{_LEFT} {_TOP}V{bottom}H{CHART_WIDTH - _RIGHT}" stroke="#495057" fill="none"/>')
    for tick in _year_ticks(first, last):
        out.append(f'<path d="M{x(tick)} {bottom}v4" stroke="#495057"/>')
        out.append(f'<text x="{x(tick)}" y="{bottom + 15}" text-anchor="middle">{tick}</text>')
    for value in sorted({min(values), max(values)}):
        out.append(f'<path d="M{_LEFT - 4} {y(value)}h4" stroke="#495057"/>')
        out.append(
            f'<text x="{_LEFT - 6}" y="{y(value) + 3}" text-anchor="end">{escape(plain_number(value, lang))}</text>'
        )
    for (x0, y0), (x1, y1) in paths:
        out.append(
            f'<path d="M{x(x0)} {y(y0)}L{x(x1)} {y(y1)}" stroke="{_PATH}" stroke-width="1.5" stroke-dasharray="5 4" fill="none"/>'
        )
    for t in chart["targets"]:
        if t["value"] is not None and t["year"] is not None:
            tx, ty = x(t["year"]), y(t["value"])
            out.append(f'<path d="M{tx} {ty - 6}l6 6-6 6-6-6z" fill="{_TARGET}"/>')
    if len(points) > 1:
        line = "L".join(f"{x(px)} {y(py)}" for px, py in sorted(points))
        out.append(f'<path d="M{line}" stroke="{_OBSERVED}" stroke-width="2" fill="none"/>')
    for px, py in points:
        out.append(f'<circle cx="{x(px)}" cy="{y(py)}" r="3.5" fill="{_OBSERVED}"/>')
    # the baseline over the observations: a hollow square, so a first observation at the baseline shows through it
    for t in chart["targets"]:
        if t["baseline"] is not None and t["baseline_year"] is not None:
            bx, by = x(t["baseline_year"]), y(t["baseline"])
            out.append(
                f'<rect x="{bx - 5}" y="{by - 5}" width="10" height="10" fill="none" stroke="{_BASE}" stroke-width="1.5"/>'
            )
    # the legend: each mark as drawn, with its word
    ly = CHART_HEIGHT - 18
    legend = [
        (f'<circle cx="{_LEFT + 4}" cy="{ly}" r="3.5" fill="{_OBSERVED}"/>', w["observed"]),
        (
            f'<rect x="{_LEFT + 70}" y="{ly - 4}" width="8" height="8" fill="#fff" stroke="{_BASE}" stroke-width="1.5"/>',
            w["baseline"],
        ),
        (f'<path d="M{_LEFT + 144} {ly - 6}l6 6-6 6-6-6z" fill="{_TARGET}"/>', w["target"]),
        (f'<path d="M{_LEFT + 196} {ly}h16" stroke="{_PATH}" stroke-width="1.5" stroke-dasharray="5 4"/>', w["path"]),
    ]
    offsets = (12, 82, 154, 218)
    for (mark, word), offset in zip(legend, offsets):
        out.append(f'{mark}<text x="{_LEFT + offset}" y="{ly + 3}">{escape(word)}</text>')
    out.append("</g></svg>")
    return "".join(out)
