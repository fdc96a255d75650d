"""The cross-impact matrices of the influences: goal × goal and initiative (or focus area) × goal.

Each cell shows the strength as a number **and** a word (Nilsson's scale, Danish or English)
on a colour of its own (:data:`SCALE_COLORS`, a diverging blue–orange scale whose every tint
keeps black text above 4.5:1 contrast), so nothing is said by colour alone. Rows can be
sorted by any column (a button in the column's header: keyboard-operable, ``aria-sort`` set).

Two shapes of the same matrices:

- :func:`influence_matrices`: static tables (the report, a printable document), at most ``limit``
  rows and columns, those with the largest total absolute influence, with a note saying how many
  of how many;
- :func:`influence_grids`: the data of ``graph --view influence``, held once in the page as JSON and
  drawn by a virtualised ARIA grid (only the rows and columns in view): up to :data:`MATRIX_LIMIT`
  rows and columns every element is shown; beyond, the elements of that axis are grouped by their
  plan (:func:`group_by_plan`: a row per plan with the sums of the positive and of the negative
  strengths and the count), and the page can switch to the :data:`MATRIX_LIMIT` elements with the
  most influence instead.

>>> SCALE_COLORS[3], SCALE_COLORS[-3]
('#67a9cf', '#ef8a62')
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any, Iterable, Mapping

from alignment import InfluenceEdge, pair_strengths
from ontology import format_number

from .words import WORDS

__all__ = [
    "MATRIX_LIMIT",
    "SCALE_COLORS",
    "influence_matrices",
    "influence_grids",
    "group_by_plan",
    "strength_text",
    "render_influence_view",
    "matrix_env",
    "matrix_markup",
]

#: Rows and columns ``graph --view influence`` shows element by element; beyond, that axis is grouped by plan.
MATRIX_LIMIT = 200
#: Strength → cell colour (ColorBrewer RdBu tints, orange for negative): black text on each ≥ 4.5:1.
SCALE_COLORS = {
    -3: "#ef8a62",
    -2: "#f4b183",
    -1: "#fddbc7",
    0: "#f7f7f7",
    1: "#d1e5f0",
    2: "#92c5de",
    3: "#67a9cf",
}
_ROWS = {"goal": ("goal",), "initiative": ("initiative", "focus_area")}


def strength_text(strength: int, lang: str) -> str:
    """The strength as the matrix writes it: a signed number and its word.

    >>> strength_text(-2, "da"), strength_text(3, "en")
    ('-2 modvirkende', '+3 indivisible')
    """
    sign = "+" if strength > 0 else ""
    return f"{sign}{format_number(str(strength), lang)} {WORDS[lang]['strength_' + str(strength)]}"


def influence_matrices(
    edges: Iterable[InfluenceEdge],
    kinds: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str = "da",
    *,
    limit: int = MATRIX_LIMIT,
    column_limit: int | None = None,
) -> list[dict[str, Any]]:
    """The goal × goal and initiative × goal matrices of the effective influences ``edges`` (an analysis's
    :attr:`~alignment.Analysis.influence_edges`; empty matrices left out),
    as static tables: at most ``limit`` rows and ``column_limit`` (default ``limit``) columns, those with the most
    influence, and a ``note`` saying how many of how many when cut.

    ``kinds`` gives each element's kind (goal, initiative, focus_area …), ``labels`` its label. Each matrix
    is ``{"name", "title", "columns": [{id, label, total}], "rows": [{id, label, total, cells}], "shown",
    "of"}``; a cell is ``{"value", "text", "color"}`` or None when not scored.
    """
    column_limit = limit if column_limit is None else column_limit
    w = WORDS[lang]
    out = []
    for name, chosen, rows, columns in _matrices(edges, kinds, labels):
        total_row: dict[str, int] = defaultdict(int)
        total_col: dict[str, int] = defaultdict(int)
        for (a, b), s in chosen.items():
            total_row[a] += s
            total_col[b] += s
        shown_rows, shown_cols = rows[:limit], columns[:column_limit]
        out.append(
            {
                "name": name,
                "title": w[f"matrix_{name}"],
                "columns": [{"id": c, "label": labels.get(c, c), "total": total_col[c]} for c in shown_cols],
                "rows": [
                    {
                        "id": r,
                        "label": labels.get(r, r),
                        "total": total_row[r],
                        "cells": [
                            None
                            if (r, c) not in chosen
                            else {
                                "value": chosen[r, c],
                                "text": strength_text(chosen[r, c], lang),
                                "color": SCALE_COLORS[chosen[r, c]],
                            }
                            for c in shown_cols
                        ],
                    }
                    for r in shown_rows
                ],
                "shown": (len(shown_rows), len(shown_cols)),
                "of": (len(rows), len(columns)),
                "note": (
                    w["matrix_cut"].format(
                        rows=format_number(str(len(shown_rows)), lang),
                        all_rows=format_number(str(len(rows)), lang),
                        columns=format_number(str(len(shown_cols)), lang),
                        all_columns=format_number(str(len(columns)), lang),
                    )
                    if len(rows) > limit or len(columns) > column_limit
                    else ""
                ),
            }
        )
    return out


def _matrices(
    edges: Iterable[InfluenceEdge], kinds: Mapping[str, str], labels: Mapping[str, str]
) -> Iterable[tuple[str, dict[tuple[str, str], int], list[str], list[str]]]:
    """Each non-empty matrix: its name, its pairs' strengths, and its rows and columns by total absolute influence."""
    pairs = pair_strengths(edges)
    for name, row_kinds in _ROWS.items():
        chosen = {p: s for p, s in pairs.items() if kinds.get(p[0]) in row_kinds and kinds.get(p[1]) == "goal"}
        if not chosen:
            continue
        weight_row: dict[str, int] = defaultdict(int)
        weight_col: dict[str, int] = defaultdict(int)
        for (a, b), s in chosen.items():
            weight_row[a] += abs(s)
            weight_col[b] += abs(s)
        yield name, chosen, _ranked(weight_row, labels), _ranked(weight_col, labels)


def _ranked(weights: Mapping[str, int], labels: Mapping[str, str]) -> list[str]:
    return sorted(weights, key=lambda e: (-weights[e], labels.get(e, e), e))


def group_by_plan(
    chosen: Mapping[tuple[str, str], int],
    rows: list[str],
    columns: list[str],
    plans: Mapping[str, Iterable[str]],
    labels: Mapping[str, str],
    *,
    group_rows: bool,
    group_columns: bool,
    no_plan: str = "–",
) -> dict[str, Any]:
    """One level of the view's grid: each grouped axis has a line per plan, the others a line per element.

    A line is ``[label, positive sum, negative sum, count of influences, elements]`` (elements 0 for
    an element's own line); a cell ``[row, column, positive, negative, count]`` over the influences
    of the pairs it holds. An element in several plans counts in each; one in none is in ``no_plan``.

    >>> level = group_by_plan({("a", "b"): 2, ("c", "b"): -1}, ["a", "c"], ["b"], {"a": ["p"], "c": ["p"]},
    ...                       {"p": "Plan P"}, group_rows=True, group_columns=False)
    >>> level["rows"], level["cells"]
    ([['Plan P', 2, -1, 2, 2]], [[0, 0, 2, -1, 2]])
    """

    def groups(elements: list[str], grouped: bool) -> tuple[list[str], dict[str, list[int]]]:
        if not grouped:
            return elements, {e: [i] for i, e in enumerate(elements)}
        members: dict[str, set[str]] = defaultdict(set)
        for e in elements:
            for plan in plans.get(e, ()) or ("",):
                members[plan].add(e)
        names = sorted(members, key=lambda g: (g == "", labels.get(g, g) if g else no_plan, g))
        index = {g: i for i, g in enumerate(names)}
        of: dict[str, list[int]] = defaultdict(list)
        for g, es in members.items():
            for e in es:
                of[e].append(index[g])
        sizes.append({index[g]: len(es) for g, es in members.items()})
        return [labels.get(g, g) if g else no_plan for g in names], of

    sizes: list[dict[int, int]] = []
    row_names, row_of = groups(rows, group_rows)
    col_names, col_of = groups(columns, group_columns)
    row_sizes = sizes.pop(0) if group_rows else {}
    col_sizes = sizes.pop(0) if group_columns else {}
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    row_sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    col_sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(acc: list[int], s: int) -> None:
        acc[0 if s > 0 else 1] += s
        acc[2] += 1

    for (a, b), s in chosen.items():  # each influence once per group it is in, on each axis
        for r in row_of.get(a, ()):
            add(row_sums[r], s)
            for c in col_of.get(b, ()):
                add(sums[r, c], s)
        for c in col_of.get(b, ()):
            add(col_sums[c], s)
    return {
        "rowsGrouped": group_rows,
        "colsGrouped": group_columns,
        "rows": [
            [name if group_rows else labels.get(name, name), *row_sums[i], row_sizes.get(i, 0)]
            for i, name in enumerate(row_names)
        ],
        "cols": [
            [name if group_columns else labels.get(name, name), *col_sums[i], col_sizes.get(i, 0)]
            for i, name in enumerate(col_names)
        ],
        "cells": [[r, c, *acc] for (r, c), acc in sorted(sums.items())],
    }


def influence_grids(
    edges: Iterable[InfluenceEdge],
    kinds: Mapping[str, str],
    labels: Mapping[str, str],
    plans: Mapping[str, Iterable[str]],
    lang: str = "da",
    *,
    limit: int = MATRIX_LIMIT,
) -> list[dict[str, Any]]:
    """The data of ``graph --view influence``: per matrix its levels (:func:`group_by_plan`), the first shown first.

    Up to ``limit`` rows and columns one level, ``all``, an element per line; beyond, ``plans`` (each axis
    beyond the limit grouped by plan) and ``top`` (the ``limit`` elements of that axis with the most
    influence). Each level has its ``note`` and the words of the button that shows it.

    >>> from ontology.loaders import load_model
    >>> model = load_model(["tests/data/influence/plans.yaml"])  # doctest: +SKIP
    >>> graph = project(model)  # doctest: +SKIP
    >>> plans = {n: d.get("plans", ()) for n, d in graph.nodes(data=True)}  # doctest: +SKIP
    >>> [level["id"] for level in influence_grids(influence_edges(model.store), kinds, labels, plans, limit=2)[0]["levels"]]  # doctest: +SKIP
    ['plans', 'top']
    """
    w = WORDS[lang]
    num = lambda n: format_number(str(n), lang)  # noqa: E731
    out = []
    for name, chosen, rows, columns in _matrices(edges, kinds, labels):
        level = partial(group_by_plan, chosen, plans=plans, labels=labels, no_plan=w["matrix_no_plan"])
        sizes = {"rows": num(len(rows)), "columns": num(len(columns)), "limit": num(limit)}
        if len(rows) <= limit and len(columns) <= limit:
            levels = [
                {
                    "id": "all",
                    **level(rows, columns, group_rows=False, group_columns=False),
                    "note": w["matrix_all"].format(**sizes),
                }
            ]
        else:
            big_rows, big_cols = len(rows) > limit, len(columns) > limit
            grouped = level(rows, columns, group_rows=big_rows, group_columns=big_cols)
            top = rows[:limit], columns[:limit]
            keep_rows, keep_cols = set(top[0]), set(top[1])
            kept = {p: s for p, s in chosen.items() if p[0] in keep_rows and p[1] in keep_cols}
            top_level = group_by_plan(kept, top[0], top[1], plans, labels, group_rows=False, group_columns=False)
            levels = [
                {
                    "id": "plans",
                    **grouped,
                    "button": w["matrix_show_plans"],
                    "note": w["matrix_grouped"].format(
                        **sizes, groups=num(len(grouped["rows"] if big_rows else grouped["cols"]))
                    ),
                },
                {
                    "id": "top",
                    **top_level,
                    "button": w["matrix_show_top"].format(**sizes),
                    "note": w["matrix_cut"].format(
                        rows=num(len(top[0])),
                        all_rows=num(len(rows)),
                        columns=num(len(top[1])),
                        all_columns=num(len(columns)),
                    ),
                },
            ]
        out.append({"name": name, "title": w[f"matrix_{name}"], "levels": levels})
    return out


def matrix_env() -> Any:
    from ontology import html_templates

    return html_templates(package="graphs")


def render_influence_view(
    edges: Iterable[InfluenceEdge],
    kinds: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str = "da",
    *,
    title: str | None = None,
    plans: Mapping[str, Iterable[str]] | None = None,
    limit: int = MATRIX_LIMIT,
) -> str:
    """The standalone page of ``graph --view influence``: both matrices of ``edges`` (an analysis's
    :attr:`~alignment.Analysis.influence_edges`) as virtualised grids, the scale.

    The grids' data is one ``<script type="application/json">`` (:func:`~ontology.script_json`: no label
    can end it); the page's script draws the rows and columns in view and sorts by a header.
    """
    from ontology import script_json

    from .html import CSP

    words = WORDS[lang]
    scale = [(v, strength_text(v, lang), SCALE_COLORS[v]) for v in range(3, -4, -1)]
    grids = influence_grids(edges, kinds, labels, plans or {}, lang, limit=limit)
    data = {
        "grids": grids,
        "strengths": [strength_text(v, lang) for v in range(-3, 4)],
        "colors": [SCALE_COLORS[v] for v in range(-3, 4)],
        "words": {k: v for k, v in words.items() if k.startswith("matrix_")},
        "thousands": "." if lang == "da" else ",",
    }
    return (
        matrix_env()
        .get_template("influence.html.j2")
        .render(
            grids=grids,
            data=script_json(data),
            words=words,
            heading=f"{words['view_influence']}: {title or 'stratalign'}",
            scale=scale,
            csp=CSP,
        )
    )


def matrix_markup(matrices: list[dict[str, Any]], lang: str = "da", *, script: bool = True) -> str:
    """The matrices as HTML to embed in another page (the report): their style, tables and, unless
    ``script`` is false (a page to print), the sorting script. Labels are escaped by the template."""
    env = matrix_env()
    words = WORDS[lang]
    parts = ["<style>", env.get_template("influence_matrix.css").render(), "</style>"]
    parts += [env.get_template("influence_matrix.html.j2").render(m=m, words=words) for m in matrices]
    if script:
        parts += ["<script>", env.get_template("influence_matrix.js").render(), "</script>"]
    return "\n".join(parts)
