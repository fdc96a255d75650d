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
conflict links carry their kind in the page's language; above the node limit
the overlap view sums duplicates into one link per pair of plans; the page has
a ``main`` landmark and 24 px targets (axe-core's WCAG 2.2 AA rules pass).

Every label is untrusted: it reaches the page as JSON inside a
``<script type="application/json">`` (with ``<``, ``>``, ``&`` and U+2028/9
escaped), is drawn on the canvas, shown in tooltips as plain text (vis-network 9
sets string titles with ``innerText``) and put into the DOM with
``textContent`` only.

>>> VIEWS
('coverage', 'overlap', 'conflicts')
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

import networkx as nx
from markupsafe import Markup

from .projection import NODE_KINDS, PLAN_KINDS

__all__ = [
    "VIEWS",
    "NODE_LIMIT",
    "WORDS",
    "view_payload",
    "render_view",
    "view_parts",
    "ViewParts",
    "script_json",
    "vis_network_js",
]

VIEWS = ("coverage", "overlap", "conflicts")
#: Above this many nodes passing the filters, a view aggregates (and then asks for a filter).
NODE_LIMIT = 2000
#: A tooltip lists this many of a node's findings, then says how many more there are.
_TOOLTIP_FINDINGS = 6

_KIND_RANK = {kind: rank for rank, kind in enumerate(NODE_KINDS)}
_PLAN_PREFERENCE = {"strategy": 0, "plan": 1, "vision": 2}

#: UI text, Danish and English.
WORDS: dict[str, dict[str, str]] = {
    "da": {
        "html_lang": "da",
        "view_coverage": "Dækning",
        "view_overlap": "Overlap",
        "view_conflicts": "Konflikter",
        "about_coverage": "Vision → strategier → mål → indsatsområder → indsatser. Farve = dækning; størrelse = antal indsatser, der når målet.",
        "about_overlap": "Planerne side om side. Fælles og dublerede mål og indsatser står mellem planerne og er fremhævet.",
        "about_conflicts": "Konflikter og afvejninger mellem mål, tegnet over målhierarkiet. Elementer uden konflikt er nedtonet.",
        "search": "Søg",
        "search_placeholder": "Søg efter navn …",
        "matches": "{n} fundet",
        "no_matches": "Intet fundet",
        "layout": "Layout",
        "layout_td": "Hierarki, oppefra og ned",
        "layout_lr": "Hierarki, fra venstre mod højre",
        "layout_force": "Kræfter (fysik stopper, når grafen er stabil)",
        "fit": "Vis hele grafen",
        "kinds": "Elementtyper",
        "plans": "Planer",
        "all": "Alle",
        "none": "Ingen",
        "legend": "Forklaring",
        "coverage": "Dækning",
        "edges": "Forbindelser",
        "details": "Detaljer",
        "details_hint": "Klik på et element for at se detaljer.",
        "shown": "{shown} af {total} elementer vises",
        "aggregated": "{n} elementer er flere end grænsen på {limit}: nogle er samlet i grupper. Filtrér på en plan eller elementtype for at se dem enkeltvis.",
        "too_many": "{n} elementer er for mange at tegne (grænse {limit}): kun {what} vises. Vælg en plan eller færre elementtyper.",
        "too_many_goals": "planer og mål",
        "too_many_plans": "planer",
        "show_all": "Vis alle alligevel",
        "group_label": "{n} {kind}",
        "group_mixed": "{n} elementer",
        "group_hint": "Samlet gruppe. Filtrér på en plan eller elementtype for at se elementerne enkeltvis.",
        "kind": "Type",
        "in_plans": "Plan(er)",
        "owner": "Ejer",
        "status": "Status",
        "reaching": "Indsatser, der når målet",
        "delegated_to": "Overdraget til",
        "findings": "Fund",
        "more": "… og {n} mere",
        "emphasis": "Fremhævet",
        "dimmed": "Nedtonet (ingen overlap/konflikt)",
        "noscript": "Visningen kræver JavaScript.",
        "physics_running": "Beregner layout …",
        "plan_goals": "Mål: {n} (dækket {covered} · overdraget {delegated} · ikke dækket {uncovered})",
        "plans_coloured": "Planerne er farvet efter, hvor stor en del af deres mål der er dækket: rød 0 % … grøn 100 %.",
        "focus_hint": "Dobbeltklik på et element for kun at vise dets plan(er).",
        "group_expand": "Dobbeltklik for at folde gruppen ud: dens plan(er) vises enkeltvis.",
        "links_between": "{n} × {what}",
        "links_heaviest": "Mellem grupperne vises de {shown} stærkeste af {total} samlede forbindelser.",
        "edge_hinders": "modarbejder",
        "edge_conflictsWith": "afvejning",
        "edge_conflict": "konflikt",
        "edge_target-conflict": "forskellige måltal",
        "edge_direction-conflict": "modsat retning",
        "edge_timeline-conflict": "tidsplan",
        "edge_owner-conflict": "forskellige ejere",
        "edge_shared": "fælles",
        "edge_duplicate": "dublet",
        "edge_delegatedTo": "overdraget",
        "state_covered_shape": "fyldt cirkel",
        "state_delegated_shape": "fyldt cirkel, stiplet kant",
        "state_uncovered_shape": "tom ring, tyk kant",
        "graph_region": "Grafen",
    },
    "en": {
        "html_lang": "en",
        "view_coverage": "Coverage",
        "view_overlap": "Overlap",
        "view_conflicts": "Conflicts",
        "about_coverage": "Vision → strategies → goals → focus areas → initiatives. Colour = coverage; size = number of initiatives reaching the goal.",
        "about_overlap": "The plans side by side. Shared and duplicate goals and initiatives sit between the plans and are highlighted.",
        "about_conflicts": "Conflicts and trade-offs between goals, drawn over the goal hierarchy. Elements without a conflict are dimmed.",
        "search": "Search",
        "search_placeholder": "Search by name …",
        "matches": "{n} found",
        "no_matches": "Nothing found",
        "layout": "Layout",
        "layout_td": "Hierarchy, top down",
        "layout_lr": "Hierarchy, left to right",
        "layout_force": "Forces (physics stops once the graph is stable)",
        "fit": "Show the whole graph",
        "kinds": "Element kinds",
        "plans": "Plans",
        "all": "All",
        "none": "None",
        "legend": "Legend",
        "coverage": "Coverage",
        "edges": "Links",
        "details": "Details",
        "details_hint": "Click an element to see its details.",
        "shown": "{shown} of {total} elements shown",
        "aggregated": "{n} elements exceed the limit of {limit}: some are collapsed into groups. Filter by a plan or element kind to see them one by one.",
        "too_many": "{n} elements are too many to draw (limit {limit}): only {what} are shown. Choose a plan or fewer element kinds.",
        "too_many_goals": "plans and goals",
        "too_many_plans": "plans",
        "show_all": "Show all anyway",
        "group_label": "{n} {kind}",
        "group_mixed": "{n} elements",
        "group_hint": "A collapsed group. Filter by a plan or element kind to see the elements one by one.",
        "kind": "Kind",
        "in_plans": "Plan(s)",
        "owner": "Owner",
        "status": "Status",
        "reaching": "Initiatives reaching the goal",
        "delegated_to": "Delegated to",
        "findings": "Findings",
        "more": "… and {n} more",
        "emphasis": "Highlighted",
        "dimmed": "Dimmed (no overlap/conflict)",
        "noscript": "This view needs JavaScript.",
        "physics_running": "Computing the layout …",
        "plan_goals": "Goals: {n} ({covered} covered · {delegated} delegated · {uncovered} uncovered)",
        "plans_coloured": "The plans are coloured by the share of their goals that is covered: red 0 % … green 100 %.",
        "focus_hint": "Double-click an element to show its plan(s) only.",
        "group_expand": "Double-click to expand the group: its plan(s) are shown one element at a time.",
        "links_between": "{n} × {what}",
        "links_heaviest": "Between the groups, the {shown} strongest of {total} summed links are drawn.",
        "edge_hinders": "hinders",
        "edge_conflictsWith": "trade-off",
        "edge_conflict": "conflict",
        "edge_target-conflict": "different targets",
        "edge_direction-conflict": "opposite directions",
        "edge_timeline-conflict": "timeline",
        "edge_owner-conflict": "different owners",
        "edge_shared": "shared",
        "edge_duplicate": "duplicate",
        "edge_delegatedTo": "delegated",
        "state_covered_shape": "filled circle",
        "state_delegated_shape": "filled circle, dashed border",
        "state_uncovered_shape": "hollow ring, thick border",
        "graph_region": "The graph",
    },
}

#: kind → (singular, plural) per language.
KIND_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "da": {
        "vision": ("Vision", "visioner"),
        "strategy": ("Strategi", "strategier"),
        "plan": ("Plan", "planer"),
        "goal": ("Mål", "mål"),
        "focus_area": ("Indsatsområde", "indsatsområder"),
        "initiative": ("Indsats", "indsatser"),
        "indicator": ("Indikator", "indikatorer"),
        "actor": ("Aktør", "aktører"),
        "other": ("Andet", "andre"),
        "group": ("Gruppe", "grupper"),
    },
    "en": {
        "vision": ("Vision", "visions"),
        "strategy": ("Strategy", "strategies"),
        "plan": ("Plan", "plans"),
        "goal": ("Goal", "goals"),
        "focus_area": ("Focus area", "focus areas"),
        "initiative": ("Initiative", "initiatives"),
        "indicator": ("Indicator", "indicators"),
        "actor": ("Actor", "actors"),
        "other": ("Other", "others"),
        "group": ("Group", "groups"),
    },
}

STATE_WORDS = {
    "da": {"covered": "Dækket", "uncovered": "Ikke dækket", "delegated": "Overdraget"},
    "en": {"covered": "Covered", "uncovered": "Uncovered", "delegated": "Delegated"},
}
STATUS_WORDS = {
    "da": {"planned": "planlagt", "ongoing": "i gang", "completed": "afsluttet", "cancelled": "aflyst"},
    "en": {"planned": "planned", "ongoing": "ongoing", "completed": "completed", "cancelled": "cancelled"},
}
SEVERITY_WORDS = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
EDGE_WORDS = {
    "da": {
        "realizes": "realiserer",
        "hasGoal": "har mål",
        "hasInitiative": "har indsats",
        "contributesTo": "bidrager til",
        "hinders": "modarbejder",
        "conflictsWith": "afvejning (erklæret konflikt)",
        "measuredBy": "måles ved",
        "targets": "målsætning på indikator",
        "owner": "ejer",
        "stakeholder": "interessent",
        "delegatedTo": "overdraget til",
        "shared": "fælles (står i flere planer)",
        "duplicate": "dublet (siger det samme)",
        "conflict": "konflikt (fundet af analysen)",
        "group": "samlet gruppe",
    },
    "en": {
        "realizes": "realizes",
        "hasGoal": "has goal",
        "hasInitiative": "has initiative",
        "contributesTo": "contributes to",
        "hinders": "hinders",
        "conflictsWith": "trade-off (declared conflict)",
        "measuredBy": "measured by",
        "targets": "target on indicator",
        "owner": "owner",
        "stakeholder": "stakeholder",
        "delegatedTo": "delegated to",
        "shared": "shared (listed by several plans)",
        "duplicate": "duplicate (says the same thing)",
        "conflict": "conflict (found by the analysis)",
        "group": "collapsed group",
    },
}

# Node styles: shape, background, border, font colour. Goals take their colour from coverage.
_KIND_STYLE: dict[str, dict[str, str]] = {
    "vision": {"shape": "box", "bg": "#4b2e83", "border": "#2f1b57", "font": "#ffffff"},
    "strategy": {"shape": "box", "bg": "#1f4e79", "border": "#12304b", "font": "#ffffff"},
    "plan": {"shape": "box", "bg": "#35526e", "border": "#1f3245", "font": "#ffffff"},
    "goal": {"shape": "dot", "bg": "#868e96", "border": "#495057", "font": "#212529"},
    "focus_area": {"shape": "diamond", "bg": "#b08b3e", "border": "#6f5726", "font": "#212529"},
    "initiative": {"shape": "square", "bg": "#5c7cfa", "border": "#364fc7", "font": "#212529"},
    "indicator": {"shape": "triangle", "bg": "#ae3ec9", "border": "#702082", "font": "#212529"},
    "actor": {"shape": "hexagon", "bg": "#a07855", "border": "#654a33", "font": "#212529"},
    "other": {"shape": "dot", "bg": "#adb5bd", "border": "#6c757d", "font": "#212529"},
    "group": {"shape": "box", "bg": "#f1f3f5", "border": "#868e96", "font": "#343a40"},
}
# Coverage of a goal, by fill and border as well as colour (a colour-blind reader loses hue, not
# shape): covered is a filled dot, delegated a filled dot with a dashed border, uncovered a hollow
# ring with a thick border. Colours from the Okabe–Ito palette (bluish green, blue, vermillion),
# which stays distinct under the common colour-vision deficiencies. The legend is drawn from this
# table too, so it shows what the canvas shows.
STATE_STYLE: dict[str, dict[str, Any]] = {
    "covered": {"bg": "#009e73", "border": "#00573f", "width": 1.5, "dashes": None},
    "delegated": {"bg": "#0072b2", "border": "#003f63", "width": 2.5, "dashes": [4, 3]},
    "uncovered": {"bg": "#ffffff", "border": "#d55e00", "width": 4.5, "dashes": None},
}
STATE_COLORS = {state: (style["bg"], style["border"]) for state, style in STATE_STYLE.items()}
# Edge styles: colour, width, dashes, curved (drawn as an arc over the hierarchy), arrow.
_EDGE_STYLE: dict[str, tuple[str, float, bool, bool, bool]] = {
    "realizes": ("#9775fa", 1.5, False, False, True),
    "hasGoal": ("#adb5bd", 1.0, False, False, True),
    "hasInitiative": ("#ced4da", 1.0, False, False, True),
    "contributesTo": ("#868e96", 1.0, False, False, True),
    "hinders": ("#e8590c", 3.0, False, True, True),
    "conflictsWith": ("#c92a2a", 3.0, True, True, False),
    "measuredBy": ("#cc5de8", 1.0, False, False, True),
    "targets": ("#cc5de8", 1.0, False, False, True),
    "owner": ("#a07855", 1.0, False, False, True),
    "stakeholder": ("#c8a27c", 1.0, True, False, True),
    "delegatedTo": ("#1c7ed6", 1.5, True, False, True),
    "shared": ("#f08c00", 3.5, False, False, False),
    "duplicate": ("#d6336c", 3.5, True, True, False),
    "conflict": ("#c92a2a", 3.0, False, True, False),
    "group": ("#ced4da", 1.0, True, False, True),
}

# Which kinds and links each view draws.
_VIEW_KINDS = {
    "coverage": ("vision", "strategy", "plan", "goal", "focus_area", "initiative"),
    "overlap": ("vision", "strategy", "plan", "goal", "initiative"),
    "conflicts": ("vision", "strategy", "plan", "goal", "focus_area", "initiative", "indicator", "actor", "other"),
}
_VIEW_EDGES = {
    "coverage": ("realizes", "hasGoal", "hasInitiative", "contributesTo", "delegatedTo", "shared"),
    "overlap": ("hasGoal", "hasInitiative", "shared", "duplicate"),
    "conflicts": ("realizes", "hasGoal", "contributesTo", "hinders", "conflictsWith", "conflict"),
}
_CONFLICT_EDGES = ("hinders", "conflictsWith", "conflict")


@dataclass
class _Layout:
    """What a view draws, where, and how it collapses above the node limit."""

    members: list[str]
    pos: dict[str, tuple[float, float]]
    apos: dict[str, tuple[float, float]]
    group_of: dict[str, str] = field(default_factory=dict)  # member → group key, when collapsed
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → {"parent", "pos", "kind"}
    emphasis: set[str] | None = None  # None: every node at full strength
    orientation: str = "td"
    ppos: dict[str, tuple[float, float]] = field(default_factory=dict)  # plans alone, the coarsest level


# ---------------------------------------------------------------------------
# layout


def _block_columns(leaves: int) -> int:
    # Many leaf children (initiatives under a goal) wrap into a block instead of one endless row.
    return leaves if leaves <= 6 else max(6, math.ceil(math.sqrt(leaves * 3)))


# Pixels per slot and per level, top-down and left-right: the same numbers as in view.js.
_SX, _SY, _LX, _LY = 175, 130, 330, 64
_ROW = 0.55  # a wrapped row of leaves, as a fraction of one level


_GAP = 0.4  # between wrapped rows of subtrees, in levels
_ROOT = "\x00root"  # a virtual parent of the trees, so they wrap like any siblings


def _tidy(children: dict[str, list[str]], roots: list[str]) -> dict[str, tuple[float, float]]:
    """Slot (x) and depth (y) for every node of a forest, each parent centred over its children.

    Leaf children sit in one block in the middle of their siblings, wrapped into
    rows when there are many, so a goal with 300 initiatives is a compact square
    rather than a row 300 slots wide. Subtrees under a parent with many children
    wrap into several bands the same way, aiming at a landscape page: 500 goals
    under one strategy make a block, not a line 90,000 pixels long.
    """
    children = dict(children)
    children[_ROOT] = list(roots)
    order: list[str] = []
    stack = [_ROOT]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children.get(node, [])))
    size: dict[str, tuple[float, float]] = {}
    rows_of: dict[str, list[list[tuple[Any, float, float]]]] = {}
    for node in reversed(order):  # children before parents
        kids = children.get(node, [])
        if not kids:
            size[node] = (1.0, 1.0)
            continue
        inner = [k for k in kids if children.get(k)]
        leaves = [k for k in kids if not children.get(k)]
        items: list[tuple[Any, float, float]] = [(k, *size[k]) for k in inner]
        if leaves:
            columns = _block_columns(len(leaves))
            block = (tuple(leaves), float(columns), 1.0 + (math.ceil(len(leaves) / columns) - 1) * _ROW)
            items.insert(len(inner) // 2, block)
        total = sum(w for _, w, _ in items)
        tallest = max(h for _, _, h in items)
        bands = math.sqrt(total * _SX / (1.6 * tallest * _SY))
        limit = max(max(w for _, w, _ in items), total / math.ceil(bands)) if bands >= 1.5 and total > 16 else math.inf
        rows: list[list[tuple[Any, float, float]]] = [[]]
        used = 0.0  # width of the current row so far (summing it per item was quadratic)
        for item in items:
            if rows[-1] and used + item[1] > limit:
                rows.append([])
                used = 0.0
            rows[-1].append(item)
            used += item[1]
        width = max(sum(w for _, w, _ in row) for row in rows)
        height = 1 + sum(max(h for _, _, h in row) for row in rows) + _GAP * (len(rows) - 1)
        size[node], rows_of[node] = (width, height), rows
    pos: dict[str, tuple[float, float]] = {}
    place: list[tuple[str, float, float]] = [(_ROOT, 0.0, -1.0)]
    while place:
        node, left, top = place.pop()
        width = size[node][0]
        pos[node] = (left + (width - 1) / 2, top)
        y = top + 1
        for row in rows_of.get(node, []):
            x = left + (width - sum(w for _, w, _ in row)) / 2
            for item, w, _ in row:
                if isinstance(item, tuple):  # a block of leaves
                    columns = int(w)
                    for index, leaf in enumerate(item):
                        r, c = divmod(index, columns)
                        pos[leaf] = (x + c, y + r * _ROW)
                else:
                    place.append((item, x, y))
                x += w
            y += max(h for _, _, h in row) + _GAP
    del pos[_ROOT]
    return pos


def _sort_key(graph: nx.MultiDiGraph, node: str) -> tuple:
    data = graph.nodes[node] if node in graph else {}
    return (_KIND_RANK.get(data.get("kind", "other"), 99), data.get("label", node).casefold(), node)


def _parents(graph: nx.MultiDiGraph, members: set[str]) -> dict[str, str | None]:
    """One parent per node (the hierarchy the tree shows); cycles in the model are cut, never followed."""

    nodes = graph.nodes
    keys: dict[str, tuple] = {}

    def key(node: str) -> tuple:  # _sort_key, once per node: most nodes are a candidate many times
        found = keys.get(node)
        if found is None:
            found = keys[node] = _sort_key(graph, node)
        return found

    def plan_key(plan: str) -> tuple:
        return (_PLAN_PREFERENCE.get(nodes[plan]["kind"], 9), *key(plan))

    parent: dict[str, str | None] = {}
    # One pass over the links collects every node's candidates: looking at each node's own
    # adjacency cost a second at national scale (a goal also has its duplicate and conflict links).
    up: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    listed: dict[str, list[str]] = defaultdict(list)
    linked: dict[str, list[str]] = defaultdict(list)
    for source, target, relation in graph.edges(keys=True):
        if source == target or source not in members or target not in members:
            continue
        if relation in ("realizes", "contributesTo", "hinders"):
            up[source][relation].append(target)
        elif relation in ("hasGoal", "hasInitiative"):
            listed[target].append(source)
        elif relation in ("measuredBy", "targets", "owner"):
            linked[target].append(source)
    for node in members:
        kind = nodes[node]["kind"]
        out = up.get(node, {})
        if kind in PLAN_KINDS:
            candidates = out.get("realizes", ())
        else:
            candidates = out.get("contributesTo") or out.get("hinders") or ()
            if not candidates and node in listed:
                parent[node] = min(listed[node], key=plan_key)
                continue
            if not candidates and kind not in ("goal", "focus_area", "initiative"):
                # indicators and actors hang under the first element they serve
                candidates = linked.get(node, ())
        parent[node] = min(candidates, key=key) if candidates else None
    done: set[str] = set()
    for node in members:
        seen: set[str] = set()
        current: str | None = node
        while current is not None and current not in done:
            if current in seen:
                parent[current] = None  # cut the cycle here
                break
            seen.add(current)
            current = parent[current]
        done |= seen
    return parent


def _tree_layout(
    graph: nx.MultiDiGraph, members: set[str], collapsible: Callable[[str], bool]
) -> _Layout:
    parent = _parents(graph, members)
    ordered = sorted(members, key=lambda n: _sort_key(graph, n))  # once: 70,000 keys at national scale
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for node in ordered:
        (children[parent[node]] if parent[node] is not None else roots).append(node)
    pos = _tidy(children, roots)

    # Aggregated level: collapsible subtrees become one group node per (nearest kept ancestor, kind).
    group_of: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    achildren: dict[str, list[str]] = defaultdict(list)
    aroots: list[str] = []
    stack: list[tuple[str, str | None, str | None]] = [(r, None, None) for r in reversed(roots)]
    while stack:
        node, kept, group = stack.pop()
        if group is None and collapsible(node):
            group = f"group:{kept or ''}:{graph.nodes[node]['kind']}"
            if group not in groups:
                groups[group] = {"parent": kept, "kind": graph.nodes[node]["kind"]}
                (achildren[kept] if kept is not None else aroots).append(group)
        if group is not None:
            group_of[node] = group
            stack.extend((k, kept, group) for k in reversed(children.get(node, [])))
        else:
            (achildren[kept] if kept is not None else aroots).append(node)
            stack.extend((k, node, None) for k in reversed(children.get(node, [])))
    apos = _tidy(achildren, aroots) if groups else dict(pos)
    for key, group in groups.items():
        group["pos"] = apos[key]
    layout = _Layout(ordered, pos, apos, group_of, groups)
    layout.ppos = _plan_positions(graph, ordered, parent)
    return layout


def _plan_positions(graph: nx.MultiDiGraph, ordered: list[str], parent: dict[str, str | None]) -> dict[str, tuple[float, float]]:
    """The plans alone as a compact forest: at national scale the coarsest level draws only them, and
    their positions in the full tree would leave them scattered across the room their goals take."""
    plans = [n for n in ordered if graph.nodes[n]["kind"] in PLAN_KINDS]
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for plan in plans:
        up = parent.get(plan)
        while up is not None and graph.nodes[up]["kind"] not in PLAN_KINDS:
            up = parent.get(up)
        (children[up] if up is not None else roots).append(plan)
    return _tidy(children, roots) if plans else {}


def _members(graph: nx.MultiDiGraph, view: str) -> set[str]:
    kinds = _VIEW_KINDS[view]
    return {n for n, k in graph.nodes(data="kind") if k in kinds}


def _coverage_layout(graph: nx.MultiDiGraph) -> _Layout:
    members = _members(graph, "coverage")
    return _tree_layout(graph, members, lambda n: graph.nodes[n]["kind"] == "initiative")


def _involved_in_conflict(graph: nx.MultiDiGraph) -> set[str]:
    involved: set[str] = set()
    for source, target, relation in graph.edges(keys=True):
        if relation in _CONFLICT_EDGES:
            involved |= {source, target}
    for node, findings in graph.nodes(data="findings"):
        if any(f["group"] == "conflict" for f in findings or ()):
            involved.add(node)
    return involved


def _conflicts_layout(graph: nx.MultiDiGraph) -> _Layout:
    involved = _involved_in_conflict(graph)
    base = {n for n, k in graph.nodes(data="kind") if k in PLAN_KINDS or k == "goal"}
    members = base | (involved & set(graph.nodes))
    # Keep whatever leads down to a conflict; collapse the rest above the limit.
    parent = _parents(graph, members)
    keep = set(involved)
    for node in involved & members:
        current = parent.get(node)
        while current is not None and current not in keep:
            keep.add(current)
            current = parent.get(current)
    layout = _tree_layout(
        graph, members, lambda n: n not in keep and graph.nodes[n]["kind"] not in PLAN_KINDS
    )
    layout.emphasis = involved & members
    return layout


def _overlap_layout(graph: nx.MultiDiGraph) -> _Layout:
    """Plans as columns; elements of one plan under it, shared ones in columns between their plans."""
    members = _members(graph, "overlap")
    plans = sorted((n for n in members if graph.nodes[n]["kind"] in PLAN_KINDS), key=lambda n: _sort_key(graph, n))
    column = {plan: 2 * i for i, plan in enumerate(plans)}
    overlapping: set[str] = set()
    for source, target, relation in graph.edges(keys=True):
        if relation in ("shared", "duplicate"):
            overlapping |= {n for n in (source, target) if n in members and graph.nodes[n]["kind"] not in PLAN_KINDS}
    buckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    # in model order, not set order: a set of strings iterates by hash, which differs per process
    # (PYTHONHASHSEED), and gave the same model's groups different numbers on each run
    for node in sorted(members, key=lambda n: _sort_key(graph, n)):
        if graph.nodes[node]["kind"] in PLAN_KINDS:
            continue
        own = tuple(sorted((p for p in graph.nodes[node]["plans"] if p in column), key=column.__getitem__))
        if len(own) > 1:
            overlapping.add(node)
        buckets[own].append(node)
    for plan in plans:
        buckets.setdefault((plan,), [])

    def where(bucket: tuple[str, ...]) -> tuple:
        if not bucket:
            return (math.inf, 0)
        return (sum(column[p] for p in bucket) / len(bucket), len(bucket), bucket)

    def place(bucket_items: dict[tuple[str, ...], list[str]], band: float = math.inf) -> dict[str, tuple[float, float]]:
        """Bucket columns left to right; past ``band`` slots the next column starts a new band below."""
        pos: dict[str, tuple[float, float]] = {}
        left, top, deepest = 0.0, 0.0, 0.0
        for bucket in sorted(bucket_items, key=where):
            items = sorted(bucket_items[bucket], key=lambda n: (n not in overlapping, *_sort_key(graph, n)))
            rows = max(8, math.ceil(math.sqrt(len(items) * 2)))  # a long column wraps into a block
            width = max(1, math.ceil(len(items) / rows))
            if left and left + width > band:
                left, top, deepest = 0.0, top + deepest + 1.0, 0.0
            if len(bucket) == 1:
                pos[bucket[0]] = (left + (width - 1) / 2, top)
            for index, item in enumerate(items):
                col, row = divmod(index, rows)
                pos[item] = (left + col, top + 1.0 + row * _ROW)
            deepest = max(deepest, 1.0 + (min(len(items), rows) - 1) * _ROW if items else 0.0)
            left += width + 1
        return pos

    pos = place(buckets)
    group_of: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    abuckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    # Above the limit every element collapses into a group per (plans, kind, overlapping or not): the
    # duplicates between two plans are then one link between their groups, with its count, not
    # thousands of arcs (5 synthetic municipalities: 8,778 arcs took 81 s to draw). A double-click
    # on a group shows its plans one element at a time.
    for bucket, items in buckets.items():
        abuckets[bucket]
        for item in items:
            flag = ":o" if item in overlapping else ""
            key = f"group:{'|'.join(bucket)}:{graph.nodes[item]['kind']}{flag}"
            if key not in groups:
                groups[key] = {"parent": bucket[0] if len(bucket) == 1 else None, "kind": graph.nodes[item]["kind"]}
                abuckets[bucket].append(key)
            group_of[item] = key
    # the groups wrap into bands for a landscape page: 55 plans and their pairs in one row were 300 slots wide
    span = sum(max(1, math.ceil(len(items) / max(8, math.ceil(math.sqrt(len(items) * 2))))) + 1 for items in abuckets.values())
    apos = place(abuckets, band=max(12.0, math.ceil(math.sqrt(span * 4))))
    for key, group in groups.items():
        group["pos"] = apos[key]
    ordered = plans + sorted((m for m in members if m not in column), key=lambda n: _sort_key(graph, n))
    # the plans alone wrap into a block of rows rather than one row of a thousand columns
    columns = max(1, math.ceil(math.sqrt(len(plans) * 3)))
    ppos = {plan: (float(i % columns), (i // columns) * 0.6) for i, plan in enumerate(plans)}
    return _Layout(ordered, pos, apos, group_of, groups, emphasis=overlapping | set(plans), ppos=ppos)


_LAYOUTS: dict[str, Callable[[nx.MultiDiGraph], _Layout]] = {
    "coverage": _coverage_layout,
    "overlap": _overlap_layout,
    "conflicts": _conflicts_layout,
}


# ---------------------------------------------------------------------------
# payload


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _node_style(graph: nx.MultiDiGraph, node: str, view: str) -> dict[str, Any]:
    data = graph.nodes[node]
    kind = data.get("kind", "other")
    style = _KIND_STYLE.get(kind, _KIND_STYLE["other"])
    bg, border = style["bg"], style["border"]
    size, border_width = 12, 1.5
    dashes = None
    if kind == "goal" and data.get("coverage") in STATE_STYLE:
        state = STATE_STYLE[data["coverage"]]
        bg, border, border_width, dashes = state["bg"], state["border"], state["width"], state["dashes"]
        if view == "coverage":
            size = min(44, 12 + 6 * math.sqrt(data.get("initiatives", 0)))
    elif kind == "initiative":
        size = 8
        if data.get("status") == "cancelled":
            bg, border = "#dee2e6", "#868e96"
    elif kind == "focus_area":
        size = 10
    options: dict[str, Any] = {
        "shape": style["shape"],
        # hover and selection keep the node's own colour (it carries the coverage state); only the border darkens
        "color": {
            "background": bg,
            "border": border,
            "highlight": {"background": bg, "border": "#000000"},
            "hover": {"background": bg, "border": "#000000"},
        },
        "borderWidth": border_width,
        "size": round(size, 2),
        "font": {"color": style["font"]} if style["shape"] == "box" else {"color": "#212529"},
    }
    if dashes:
        options["shapeProperties"] = {"borderDashes": dashes}
    if style["shape"] == "box":
        options["margin"] = 8
    return options


def _group_style() -> dict[str, Any]:
    style = _KIND_STYLE["group"]
    return {
        "shape": style["shape"],
        "color": {"background": style["bg"], "border": style["border"]},
        "borderWidth": 1,
        "shapeProperties": {"borderDashes": [4, 3]},
        "font": {"color": style["font"]},
    }


def _edge_style(kind: str) -> dict[str, Any]:
    """How one kind of link is drawn; every link of the kind shares it (the page looks it up by kind)."""
    color, width, dashes, curved, arrow = _EDGE_STYLE.get(kind, ("#adb5bd", 1.0, False, False, True))
    options: dict[str, Any] = {
        "color": {"color": color, "highlight": "#000000", "hover": color, "opacity": 1.0},
        "width": width,
        "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.5}},
    }
    if dashes:
        options["dashes"] = True
    if curved:
        # only the few conflict/overlap arcs are curved; thousands of smooth edges are slow to draw
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25}
    return options


def _draw_edge(graph: nx.MultiDiGraph, view: str, source: str, target: str, relation: str) -> bool:
    """Leave out links the layout already says, so what is drawn is what matters."""
    if view == "coverage":
        if relation == "hasInitiative":  # the tree shows where an initiative belongs
            return not any("contributesTo" in relations for relations in graph.succ[target].values())
        if relation == "shared":  # plan → shared element only; goal ↔ goal (shared indicator) is overlap
            return graph.nodes[source]["kind"] in PLAN_KINDS
    if view == "overlap" and relation in ("hasGoal", "hasInitiative"):
        # an element in its plan's own column needs no line; one listed by several plans does
        return len(graph.nodes[target].get("plans", ())) > 1
    return True


class _Table:
    """Distinct values and their numbers: a style or a message shared by many nodes travels once."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[Any, int] = {}

    def add(self, key: Any, item: Any = None) -> int:
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.items)
            self.items.append(key if item is None else item)
        return found


def _plan_families(graph: nx.MultiDiGraph, plan_nodes: list[str]) -> dict[str, set[str]]:
    """Each plan and the plans that realise it, directly or further down (a vision and its strategies)."""
    below: dict[str, set[str]] = defaultdict(set)
    for source, target, relation in graph.edges(keys=True):
        if relation == "realizes" and source != target:
            below[target].add(source)
    family: dict[str, set[str]] = {}
    for plan in plan_nodes:
        seen, stack = {plan}, [plan]
        while stack:  # a cycle of realizes links ends here: seen stops it
            for lower in below.get(stack.pop(), ()):
                if lower not in seen:
                    seen.add(lower)
                    stack.append(lower)
        family[plan] = seen
    return family


def _plan_coverage(graph: nx.MultiDiGraph, families: dict[str, set[str]]) -> dict[str, list[int]]:
    """Covered, delegated and uncovered goals per plan (a vision counts its strategies' goals once each)."""
    member_of: dict[str, set[str]] = defaultdict(set)  # plan → plans whose family holds it
    for plan, family in families.items():
        for lower in family:
            member_of[lower].add(plan)
    counts: dict[str, list[int]] = {plan: [0, 0, 0] for plan in families}
    slot = {"covered": 0, "delegated": 1, "uncovered": 2}
    for _, data in graph.nodes(data=True):
        if data.get("kind") != "goal" or data.get("coverage") not in slot:
            continue
        for plan in {p for listed in data.get("plans", ()) for p in member_of.get(listed, ())}:
            counts[plan][slot[data["coverage"]]] += 1
    return counts


def view_payload(
    graph: nx.MultiDiGraph,
    view: str = "coverage",
    *,
    lang: str | None = None,
    node_limit: int = NODE_LIMIT,
    message_function: str | None = None,
) -> dict[str, Any]:
    """Everything the page script needs for one view, as JSON-ready data.

    Compact, because a national model has 70,000 elements: node and link styles
    sit in shared tables (``styles``, ``edgeStyles``), finding messages and
    names are listed once (``messages``, ``names``) and nodes point into them,
    and the page composes a tooltip only for the nodes it draws. A node has
    ``id``, ``kind``, ``full`` (its label), ``plans`` (indices into ``plans``),
    its positions per level of detail (``s``/``d`` full, ``as``/``ad`` grouped,
    ``ps``/``pd`` plans alone) and ``st`` (its style); group nodes have ``agg``.

    With ``message_function`` (the name of a global JavaScript function the
    embedding page defines, such as the report's), a node's ``f`` holds the
    findings' numbers in ``analysis.findings`` and the page asks that function
    for severity and message: the report already carries every message once.
    """
    if message_function is not None and not message_function.isidentifier():
        raise ValueError(f"not a JavaScript function name: {message_function!r}")
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    lang = lang or graph.graph.get("lang", "da")
    lang = lang if lang in WORDS else "en"
    layout = _LAYOUTS[view](graph)
    plan_nodes = sorted((n for n, k in graph.nodes(data="kind") if k in PLAN_KINDS), key=lambda n: _sort_key(graph, n))
    plan_index = {plan: i for i, plan in enumerate(plan_nodes)}
    index = {node: i for i, node in enumerate(layout.members)}
    group_index = {key: len(index) + i for i, key in enumerate(layout.groups)}
    families = _plan_families(graph, plan_nodes)
    coverage = _plan_coverage(graph, families)
    styles, messages, names = _Table(), _Table(), _Table()
    status_words = STATUS_WORDS[lang]

    def name_ids(iris: Iterable[str]) -> list[int]:
        return [names.add(graph.nodes[i]["label"] if i in graph else i) for i in iris]

    def style_id(options: dict[str, Any]) -> int:
        return styles.add(json.dumps(options, sort_keys=True), options)

    style_of: dict[tuple, int] = {}

    def node_style_id(node: str, data: dict[str, Any]) -> int:
        # what _node_style depends on; the style itself is built once per distinct key
        kind = data.get("kind", "other")
        key = (kind, data.get("coverage"), data.get("initiatives", 0) if kind == "goal" else 0, data.get("status") == "cancelled")
        found = style_of.get(key)
        if found is None:
            found = style_of[key] = style_id(_node_style(graph, node, view))
        return found

    nodes: list[dict[str, Any]] = []
    for node in layout.members:
        data = graph.nodes[node]
        kind = data.get("kind", "other")
        s, d = layout.pos[node]
        group = layout.group_of.get(node)
        a = layout.apos.get(node, layout.groups[group]["pos"] if group else (s, d))
        entry: dict[str, Any] = {
            "id": index[node],
            "kind": kind,
            "full": data["label"],  # as it is: the page puts it on one line where it shows it
            "plans": [plan_index[p] for p in data.get("plans", []) if p in plan_index],
            "s": round(s, 3),
            "d": round(d, 3),
            "as": round(a[0], 3),
            "ad": round(a[1], 3),
            "st": node_style_id(node, data),
            "iri": node,
        }
        if node in layout.ppos:
            entry["ps"], entry["pd"] = (round(v, 3) for v in layout.ppos[node])
        if node in plan_index:
            entry["pi"] = plan_index[node]
        if data.get("coverage"):
            entry["state"] = data["coverage"]
            entry["ini"] = data.get("initiatives", 0)
        if group:
            entry["g"] = group_index[group]
        if layout.emphasis is not None:
            entry["em"] = 1 if node in layout.emphasis else 0
        # the facts of the tooltip; the page writes the words around them
        missing = [p for p in data.get("plans", []) if p not in plan_index]
        if missing and kind not in PLAN_KINDS:
            entry["xplans"] = name_ids(missing)
        if data.get("owner"):
            entry["own"] = name_ids(data["owner"])
        if data.get("status"):
            entry["stat"] = status_words.get(data["status"], data["status"])
        if data.get("delegated_to"):
            entry["dlg"] = name_ids(data["delegated_to"])
        findings = data.get("findings") or []
        if findings:
            entry["nf"] = len(findings)
            shown = findings[:_TOOLTIP_FINDINGS]
            if message_function:
                entry["f"] = [f["index"] for f in shown]
            else:  # keyed by the finding, so a finding on two nodes travels once
                entry["f"] = [messages.add(f.get("index", f["message"]), [f["severity"], f["message"]]) for f in shown]
        nodes.append(entry)

    members_of: dict[str, list[str]] = defaultdict(list)
    for node, group in layout.group_of.items():
        members_of[group].append(node)
    group_style = style_id(_group_style())
    edges: list[dict[str, Any]] = []
    for key, group in layout.groups.items():
        s, d = group["pos"]
        nodes.append(
            {
                "id": group_index[key],
                "kind": "group",
                "agg": 1,
                "plans": sorted({plan_index[p] for m in members_of[key] for p in graph.nodes[m]["plans"] if p in plan_index}),
                "gkind": group["kind"],
                "s": round(s, 3),
                "d": round(d, 3),
                "as": round(s, 3),
                "ad": round(d, 3),
                "st": group_style,
            }
        )
        if group["parent"] is not None and group["parent"] in index:
            edges.append({"from": index[group["parent"]], "to": group_index[key], "kind": "group", "agg": 1})

    allowed_edges = _VIEW_EDGES[view]
    for source, target, relation, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if relation not in allowed_edges or source not in index or target not in index or source == target:
            continue
        if relation in ("hasGoal", "hasInitiative") and "shared" in allowed_edges and graph.has_edge(source, target, "shared"):
            continue  # the highlighted shared edge stands for it (the conflicts view draws none: it keeps the plan's link)
        if not _draw_edge(graph, view, source, target, relation):
            continue
        edge: dict[str, Any] = {"from": index[source], "to": index[target], "kind": relation}
        if data.get("message"):
            edge["msg"] = data["message"]
        if relation == "conflict" and data.get("finding"):
            edge["fk"] = sorted(set(data["finding"].split()))  # the finding kinds: the page labels the link with them
        if data.get("score") is not None:
            edge["score"] = round(float(data["score"]), 4)
        edges.append(edge)

    edge_words = EDGE_WORDS[lang]
    kinds_present = {data.get("kind", "other") for data in (graph.nodes[n] for n in layout.members)}
    edge_kinds_present = {e["kind"] for e in edges}
    edges_present = [k for k in _VIEW_EDGES[view] if k in edge_kinds_present]
    if layout.groups and len(layout.members) > node_limit:
        edges_present.append("group")
    return {
        "view": view,
        "lang": lang,
        "limit": int(node_limit),
        "title": graph.graph.get("title", ""),
        "orientation": layout.orientation,
        "words": dict(WORDS[lang]),
        "kinds": [
            {
                "id": k,
                "label": KIND_WORDS[lang][k][0],
                "plural": KIND_WORDS[lang][k][1],
                "color": _KIND_STYLE[k]["bg"],
                "shape": _KIND_STYLE[k]["shape"],
            }
            for k in NODE_KINDS
            if k in kinds_present
        ],
        "kindWords": {k: list(v) for k, v in KIND_WORDS[lang].items()},
        "kindPlurals": {k: KIND_WORDS[lang][k][1] for k in KIND_WORDS[lang]},
        "stateWords": STATE_WORDS[lang],
        "severityWords": SEVERITY_WORDS[lang],
        "edgeWords": edge_words,
        "states": [
            {"id": s, "label": STATE_WORDS[lang][s], "color": st["bg"], "border": st["border"], "width": st["width"], "dashed": bool(st["dashes"])}
            for s, st in STATE_STYLE.items()
        ]
        if any(graph.nodes[n].get("coverage") for n in layout.members)
        else [],
        "edgeKinds": [
            {"id": k, "label": edge_words[k], "color": _EDGE_STYLE[k][0], "dashes": _EDGE_STYLE[k][2], "width": _EDGE_STYLE[k][1]}
            for k in edges_present
        ],
        "plans": [
            {
                "id": p,
                "label": _one_line(graph.nodes[p]["label"]),
                "kind": graph.nodes[p]["kind"],
                "family": sorted(plan_index[q] for q in families[p]),
                "cov": coverage[p],
            }
            for p in plan_nodes
        ],
        "emphasis": layout.emphasis is not None,
        "total": len(layout.members),
        "styles": styles.items,
        "edgeStyles": {k: _edge_style(k) for k in (*_VIEW_EDGES[view], "group")},
        "messages": messages.items,
        "messageFunction": message_function,
        "names": names.items,
        "nodes": nodes,
        "edges": edges,
    }


# ---------------------------------------------------------------------------
# HTML


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--``, ``&`` or U+2028/9 can break out."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _inline_script(text: str) -> str:
    # Static code we inline; refuse rather than emit anything that could end the <script> early.
    lowered = text.lower()
    if "</script" in lowered or "<!--" in text:
        raise ValueError("inline script contains </script or <!--")
    return text


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network 9.1.2 as shipped in the pyvis wheel, without its source-map comment (nothing to fetch)."""
    text = (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    # split("\n"), not splitlines(): the library has U+2028 and friends inside string literals.
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    return _inline_script(text)


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env():
    import jinja2

    # autoescape=True, not select_autoescape: our template names end in .j2, which select_autoescape would not escape.
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class ViewParts:
    """A view in pieces, for pages that embed it (the report): style, markup and scripts, all inline."""

    style: Markup
    body: Markup
    scripts: Markup
    payload: dict[str, Any]


def view_parts(
    graph: nx.MultiDiGraph,
    view: str = "coverage",
    *,
    lang: str | None = None,
    node_limit: int = NODE_LIMIT,
    height: str = "100%",
    dom_id: str = "sa-view",
    message_function: str | None = None,
) -> ViewParts:
    """The view's inline CSS, its component markup and its inline scripts (vis-network + ours + data)."""
    payload = view_payload(graph, view, lang=lang, node_limit=node_limit, message_function=message_function)
    module = _env().get_template("view_component.html.j2").module
    body = module.component(payload, dom_id, height)
    style = Markup("<style>\n") + Markup(_inline_style(_asset("view.css"))) + Markup("\n</style>")
    scripts = (
        Markup("<script>\n")
        + Markup(vis_network_js())
        + Markup("\n</script>\n<script>\n")
        + Markup(_inline_script(_asset("view.js")))
        + Markup("\n</script>\n")
        + Markup(f'<script type="application/json" id="{dom_id}-data">')
        + Markup(script_json(payload))
        + Markup("</script>\n<script>StratalignView.mount(document.getElementById(")
        + Markup(json.dumps(dom_id))
        + Markup("), JSON.parse(document.getElementById(")
        + Markup(json.dumps(dom_id + "-data"))
        + Markup(").textContent));</script>")
    )
    return ViewParts(style, Markup(body), scripts, payload)


def _inline_style(text: str) -> str:
    if "</style" in text.lower():
        raise ValueError("inline style contains </style")
    return text


def render_view(
    graph: nx.MultiDiGraph,
    view: str = "coverage",
    *,
    lang: str | None = None,
    node_limit: int = NODE_LIMIT,
    title: str | None = None,
) -> str:
    """One self-contained HTML page for the view (the caller writes it as UTF-8)."""
    parts = view_parts(graph, view, lang=lang, node_limit=node_limit, height="auto")
    words = parts.payload["words"]
    heading = f"{words['view_' + view]}: {title or graph.graph.get('title') or 'stratalign'}"
    return _env().get_template("view.html.j2").render(
        parts=parts, words=words, heading=heading, about=words["about_" + view], csp=CSP
    )


#: No request may leave the page: everything is inline, and the policy forbids anything else.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
