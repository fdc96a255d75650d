"""Interactive HTML views of the projection: ``coverage``, ``overlap`` and ``conflicts``.

The page is our own Jinja2 template (autoescaped) with vis-network inlined
from the file the pyvis wheel ships, so a view opens offline, never creates a
``lib/`` folder and is written as UTF-8 by the caller. The node and link data
are built here directly (pyvis' ``Network.add_node``/``add_edge`` check for
duplicates with list scans: quadratic, 70 s at 90,000 nodes), compactly: styles
and messages are shared tables, and the page writes tooltips for drawn nodes
only. Positions are precomputed here (a layered tree, or plan columns), so
the browser never runs a physics simulation unless asked to, and each node
carries a second position for the aggregated level of detail the page switches
to when more nodes pass the filters than the node limit.

Made to be read: labels are sized for the scale of the first view (at least
12 px on screen up to 400 drawn nodes) and wrapped to the room around them;
a goal's coverage shows by fill and border as well as by colour (Okabe–Ito,
``STATE_STYLE``, which the legend is drawn from too, on screen and in print);
with ``colour="progress"`` goals and plans take their progress status's fill, border
and a marker with its word under the label instead (``PROGRESS_STYLE``), statuses
read from the analysis' roll-up, never recomputed here;
conflict links carry their kind in the page's language; above the node limit
the overlap view sums duplicates into one link per pair of plans; the page has
a ``main`` landmark and 24 px targets (axe-core's WCAG 2.2 AA rules pass).

Every label is untrusted: it reaches the page as JSON inside a
``<script type="application/json">`` (with ``<``, ``>``, ``&`` and U+2028/9
escaped), is drawn on the canvas, shown in tooltips as plain text (vis-network 9
sets string titles with ``innerText``) and put into the DOM with
``textContent`` only.

The package in its concepts: :mod:`.words` (what the page says, Danish and
English), :mod:`.styles` (how nodes and links are drawn), :mod:`.layout` (where
they go, per view and level of detail), :mod:`.payload` (the page's data) and
:mod:`.html` (the page).

>>> VIEWS
('coverage', 'overlap', 'conflicts')
"""

from __future__ import annotations

from .html import CSP, ViewParts, render_view, script_json, view_parts, vis_network_js
from .layout import NODE_LIMIT, VIEWS
from .matrix import (
    MATRIX_LIMIT,
    SCALE_COLORS,
    group_by_plan,
    influence_grids,
    influence_matrices,
    matrix_env,
    matrix_markup,
    render_influence_view,
    strength_text,
)
from .payload import view_payload
from .styles import COLOURINGS, STATE_COLORS, STATE_STYLE
from .words import EDGE_WORDS, KIND_WORDS, SEVERITY_WORDS, STATE_WORDS, WORDS

__all__ = [
    "VIEWS",
    "MATRIX_LIMIT",
    "SCALE_COLORS",
    "influence_matrices",
    "influence_grids",
    "group_by_plan",
    "matrix_env",
    "matrix_markup",
    "render_influence_view",
    "strength_text",
    "NODE_LIMIT",
    "WORDS",
    "KIND_WORDS",
    "STATE_WORDS",
    "SEVERITY_WORDS",
    "EDGE_WORDS",
    "STATE_STYLE",
    "STATE_COLORS",
    "COLOURINGS",
    "view_payload",
    "render_view",
    "view_parts",
    "ViewParts",
    "script_json",
    "vis_network_js",
    "CSP",
]
