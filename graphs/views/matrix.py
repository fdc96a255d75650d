"""The cross-impact matrices of the influences: goal × goal and initiative (or focus area) × goal.

Each cell shows the strength as a number **and** a word (Nilsson's scale, Danish or English)
on a colour of its own (:data:`SCALE_COLORS`, a diverging blue–orange scale whose every tint
keeps black text above 4.5:1 contrast), so nothing is said by colour alone. Rows can be
sorted by any column (a button in the column's header: keyboard-operable, ``aria-sort`` set).
Beyond :data:`MATRIX_LIMIT` rows or columns only the elements with the largest total absolute
influence are shown, with a note saying how many of how many: a 200 × 200 matrix stays
readable (and 40,000 cells are not put in the page).

>>> SCALE_COLORS[3], SCALE_COLORS[-3]
('#67a9cf', '#ef8a62')
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from alignment import influence_edges, pair_strengths
from ontology import SparqlStore, format_number

from .words import WORDS

__all__ = [
    "MATRIX_LIMIT",
    "SCALE_COLORS",
    "influence_matrices",
    "strength_text",
    "render_influence_view",
    "matrix_env",
    "matrix_markup",
]

#: Rows and columns shown at most per matrix (the ones with the most influence, by absolute sum).
MATRIX_LIMIT = 50
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
    store: SparqlStore,
    kinds: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str = "da",
    *,
    limit: int = MATRIX_LIMIT,
) -> list[dict[str, Any]]:
    """The goal × goal and initiative × goal matrices of the model's effective influences (empty ones left out).

    ``kinds`` gives each element's kind (goal, initiative, focus_area …), ``labels`` its label. Each matrix
    is ``{"name", "title", "columns": [{id, label, total}], "rows": [{id, label, total, cells}], "shown",
    "of"}``; a cell is ``{"value", "text", "color"}`` or None when not scored.
    """
    pairs = pair_strengths(influence_edges(store))
    w = WORDS[lang]
    out = []
    for name, row_kinds in _ROWS.items():
        chosen = {p: s for p, s in pairs.items() if kinds.get(p[0]) in row_kinds and kinds.get(p[1]) == "goal"}
        if not chosen:
            continue
        weight_row: dict[str, int] = defaultdict(int)
        weight_col: dict[str, int] = defaultdict(int)
        total_row: dict[str, int] = defaultdict(int)
        total_col: dict[str, int] = defaultdict(int)
        for (a, b), s in chosen.items():
            weight_row[a] += abs(s)
            weight_col[b] += abs(s)
            total_row[a] += s
            total_col[b] += s
        rank = lambda weights: sorted(weights, key=lambda e: (-weights[e], labels.get(e, e), e))  # noqa: E731
        rows, columns = rank(weight_row), rank(weight_col)
        shown_rows, shown_cols = rows[:limit], columns[:limit]
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
                    if len(rows) > limit or len(columns) > limit
                    else ""
                ),
            }
        )
    return out


def matrix_env() -> Any:
    from ontology import html_templates

    return html_templates(package="graphs")


def render_influence_view(
    store: SparqlStore,
    kinds: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str = "da",
    *,
    title: str | None = None,
    limit: int = MATRIX_LIMIT,
) -> str:
    """The standalone page of ``graph --view influence``: both matrices, the scale, sorting by a header."""
    from .html import CSP

    words = WORDS[lang]
    scale = [(v, strength_text(v, lang), SCALE_COLORS[v]) for v in range(3, -4, -1)]
    return (
        matrix_env()
        .get_template("influence.html.j2")
        .render(
            matrices=influence_matrices(store, kinds, labels, lang, limit=limit),
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
