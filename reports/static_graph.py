"""The coverage graph as a static, labelled SVG with its legend: for print and the PDF.

Four columns, left to right: plans, goals, initiatives, indicators; a line
for each link the projection has between them (a plan's goals, what an
initiative contributes to, what a goal is measured by), and arcs for
conflicts and for goals under goals. Coverage is shown by shape *and*
colour (Okabe–Ito palette, safe for the common colour-blindnesses): a
filled circle for covered, a diamond for delegated, a hollow square with a
cross for uncovered, each named in the legend.

Labels are untrusted text: every one is XML-escaped, and cut to
:data:`LABEL_CHARS` characters with the whole label as the node's tooltip.

>>> from graphs import project  # doctest: +SKIP
>>> svg = coverage_svg(project(model, analysis), "da")  # doctest: +SKIP
"""

from __future__ import annotations

from html import escape

import networkx as nx

from graphs import EDGE_WORDS, KIND_WORDS, PLAN_KINDS, STATE_WORDS
from ontology import format_number

from .words import GRAPH_WORDS

__all__ = ["coverage_svg", "COLUMN_NODES", "LABEL_CHARS", "STATE_STYLE"]

#: Okabe–Ito colours with a shape each: colour is never the only signal.
STATE_STYLE = {"covered": ("#009E73", "circle"), "delegated": ("#0072B2", "diamond"), "uncovered": ("#D55E00", "cross")}
_OTHER = "#6c757d"
_CONFLICT = "#CC79A7"
_GREY = ' stroke="#adb5bd"'
#: A column lists this many elements, then says how many more there are (a national model has 26,000 goals).
COLUMN_NODES = 60
#: A label longer than this is cut with "…" (the whole label is the tooltip): about 8 units a character in a 250-unit column.
LABEL_CHARS = 24

_COLUMNS = (("plan", "plans"), ("goal", "goals"), ("initiative", "initiatives"), ("indicator", "indicators"))
_WIDTH = 1000
_COLUMN = _WIDTH // len(_COLUMNS)
_ROW = 22
#: Where a label ends at the most (24 characters of about 7.5 units): links start there, so they are seen.
_LABEL_END = 200
_TOP = 40
_LINKS = {"hasGoal", "realizes", "contributesTo", "measuredBy", "delegatedTo", "hinders"}
_ARCS = {"conflict", "conflictsWith", "duplicate", "shared"}


def _cut(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _marker(x: float, y: float, state: str | None) -> str:
    if state is None:
        return f'<circle cx="{x}" cy="{y}" r="4" fill="{_OTHER}"/>'
    colour, shape = STATE_STYLE[state]
    if shape == "circle":
        return f'<circle cx="{x}" cy="{y}" r="5.5" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{x} {y - 6.5}l6.5 6.5-6.5 6.5-6.5-6.5z" fill="{colour}"/>'
    return (
        f'<rect x="{x - 5.5}" y="{y - 5.5}" width="11" height="11" fill="#fff" stroke="{colour}" stroke-width="2"/>'
        f'<path d="M{x - 3.5} {y - 3.5}l7 7m0-7l-7 7" stroke="{colour}" stroke-width="1.6"/>'
    )


def coverage_svg(graph: nx.MultiDiGraph, lang: str = "da") -> str:
    """The coverage graph of ``graph`` (the report's projection) as one ``<svg>`` element with its legend."""
    lang = lang if lang in GRAPH_WORDS else "en"
    t = GRAPH_WORDS[lang]
    columns: dict[str, list[str]] = {name: [] for name, _ in _COLUMNS}
    for node, kind in graph.nodes(data="kind"):
        column = "plan" if kind in PLAN_KINDS else kind
        if column in columns:
            columns[column].append(node)

    def label(node: str) -> str:
        return " ".join(str(graph.nodes[node].get("label") or node).split())

    # plans by name; goals by their first plan, then name; initiatives and indicators by the first goal they touch
    row: dict[str, int] = {}
    columns["plan"].sort(key=lambda n: (label(n).casefold(), n))
    for i, n in enumerate(columns["plan"]):
        row[n] = i
    plan_rank = dict(row)
    columns["goal"].sort(
        key=lambda n: (
            min((plan_rank.get(p, 1 << 30) for p in graph.nodes[n].get("plans", ())), default=1 << 30),
            label(n).casefold(),
            n,
        )
    )
    for i, n in enumerate(columns["goal"]):
        row[n] = i
    goal_rank = {n: row[n] for n in columns["goal"]}
    for column in ("initiative", "indicator"):

        def first_goal(n: str) -> int:
            near = [goal_rank[m] for m in (*graph.successors(n), *graph.predecessors(n)) if m in goal_rank]
            return min(near, default=1 << 30)

        columns[column].sort(key=lambda n: (first_goal(n), label(n).casefold(), n))
        for i, n in enumerate(columns[column]):
            row[n] = i

    shown: dict[str, tuple[int, int]] = {}
    body: list[str] = []
    tallest = 0
    for c, (column, title) in enumerate(_COLUMNS):
        x0 = c * _COLUMN + 12
        members = columns[column]
        body.append(
            f'<text x="{x0}" y="18" class="sg-h">{escape(t[title])} ({format_number(str(len(members)), lang)})</text>'
        )
        for i, node in enumerate(members[:COLUMN_NODES]):
            y = _TOP + i * _ROW
            shown[node] = (x0 + 6, y)
        extra = len(members) - COLUMN_NODES
        rows = min(len(members), COLUMN_NODES) + (1 if extra > 0 else 0)
        if extra > 0:
            body.append(
                f'<text x="{x0 + 16}" y="{_TOP + COLUMN_NODES * _ROW + 4}" class="sg-more">{escape(t["more"].format(n=format_number(str(extra), lang)))}</text>'
            )
        tallest = max(tallest, rows)

    lines: list[str] = []
    arcs: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for a, b, kind in graph.edges(data="kind"):
        if a not in shown or b not in shown or (a, b, kind) in seen:
            continue
        seen.add((a, b, kind))
        (xa, ya), (xb, yb) = shown[a], shown[b]
        if kind not in _ARCS and kind not in _LINKS:
            continue
        conflict = kind in ("conflict", "conflictsWith")
        style = f' stroke="{_CONFLICT}" stroke-width="1.4" stroke-dasharray="5 3"' if conflict else ""
        if xa == xb:  # within a column (goals under goals, a conflict of two goals): an arc on the left
            bulge = min(max(18.0, abs(yb - ya) / 4), xa - 9)  # the first column has 9 units of margin
            arcs.append(
                f'<path d="M{xa - 7} {ya}C{xa - 7 - bulge} {ya} {xb - 7 - bulge} {yb} {xb - 7} {yb}" fill="none"'
                f"{style or _GREY}/>"
            )
        else:  # from the end of the left label to the right marker
            left, right = sorted(((xa, ya), (xb, yb)))
            (arcs if conflict else lines).append(
                f'<line x1="{left[0] + _LABEL_END}" y1="{left[1]}" x2="{right[0] - 8}" y2="{right[1]}"{style}/>'
            )

    nodes: list[str] = []
    for node, (x, y) in shown.items():
        data = graph.nodes[node]
        state = data.get("coverage") if data.get("kind") == "goal" else None
        name = label(node)
        nodes.append(
            f"<g><title>{escape(name)}</title>{_marker(x, y, state if state in STATE_STYLE else None)}"
            f'<text x="{x + 10}" y="{y + 4.5}">{escape(_cut(name))}</text></g>'
        )

    # the legend: each shape with its word, and the two kinds of line
    legend_y = _TOP + tallest * _ROW + 16
    legend = [f'<text x="12" y="{legend_y + 4}" class="sg-h">{escape(t["legend"])}</text>']
    x = 120
    for state, (_colour, _) in STATE_STYLE.items():
        legend.append(
            _marker(x, legend_y, state)
            + f'<text x="{x + 10}" y="{legend_y + 4.5}">{escape(STATE_WORDS[lang][state])}</text>'
        )
        x += 150
    legend.append(
        f'<line x1="{x - 8}" y1="{legend_y}" x2="{x + 22}" y2="{legend_y}" class="sg-link"/>'
        f'<text x="{x + 28}" y="{legend_y + 4.5}">{escape(", ".join(EDGE_WORDS[lang][k] for k in ("hasGoal", "contributesTo", "measuredBy")))}</text>'
    )
    legend_y += _ROW
    x = 120
    legend.append(
        f'<path d="M{x - 8} {legend_y}h30" stroke="{_CONFLICT}" stroke-width="1.4" stroke-dasharray="5 3"/>'
        f'<text x="{x + 28}" y="{legend_y + 4.5}">{escape(EDGE_WORDS[lang]["conflict"])}</text>'
    )
    legend.append(
        _marker(x + 300, legend_y, None) + f'<text x="{x + 310}" y="{legend_y + 4.5}">'
        f"{escape(KIND_WORDS[lang]['plan'][0])}, {escape(KIND_WORDS[lang]['initiative'][1])}, {escape(KIND_WORDS[lang]['indicator'][1])}</text>"
    )
    height = legend_y + 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sg" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(t["title"])}" font-family="system-ui, Arial, sans-serif" font-size="14">'
        # Labels carry a white halo and are painted after every line: a link that skips a column
        # (a goal measured by an indicator passes the initiatives) runs under the words, not over them.
        f"<style>.sg text{{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}}"
        f".sg-h{{font-weight:700;font-size:15px}}.sg-more{{fill:#5c636a;font-style:italic}}"
        f".sg-lines line,.sg-link{{stroke:#adb5bd;stroke-width:1}}</style>"
        f'<g class="sg-lines">{"".join(lines)}</g>{"".join(arcs)}{"".join(nodes)}{"".join(body)}{"".join(legend)}</svg>'
    )
