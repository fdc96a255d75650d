"""Where a view puts its nodes: which kinds and links each view draws, a layered tree (coverage,
conflicts) or plan columns (overlap), and the grouped and plans-only levels of detail the page
switches to above the node limit. Positions are in slots and levels; the page scales them.

>>> VIEWS, NODE_LIMIT
(('coverage', 'overlap', 'conflicts'), 2000)
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from ..projection import NODE_KINDS, PLAN_KINDS

__all__ = [
    "VIEWS",
    "NODE_LIMIT",
    "VIEW_KINDS",
    "VIEW_EDGES",
    "CONFLICT_EDGES",
    "Layout",
    "LAYOUTS",
    "sort_key",
    "draw_edge",
]

VIEWS = ("coverage", "overlap", "conflicts")
#: Above this many nodes passing the filters, a view aggregates (and then asks for a filter).
NODE_LIMIT = 2000

_KIND_RANK = {kind: rank for rank, kind in enumerate(NODE_KINDS)}
_PLAN_PREFERENCE = {"strategy": 0, "plan": 1, "vision": 2}

# Which kinds and links each view draws.
VIEW_KINDS = {
    "coverage": ("vision", "strategy", "plan", "goal", "focus_area", "initiative"),
    "overlap": ("vision", "strategy", "plan", "goal", "initiative"),
    "conflicts": ("vision", "strategy", "plan", "goal", "focus_area", "initiative", "indicator", "actor", "other"),
}
VIEW_EDGES = {
    "coverage": ("realizes", "hasGoal", "hasInitiative", "contributesTo", "delegatedTo", "shared"),
    "overlap": ("hasGoal", "hasInitiative", "shared", "duplicate"),
    "conflicts": ("realizes", "hasGoal", "contributesTo", "hinders", "conflictsWith", "conflict"),
}
CONFLICT_EDGES = ("hinders", "conflictsWith", "conflict")


@dataclass
class Layout:
    """What a view draws, where, and how it collapses above the node limit."""

    members: list[str]
    pos: dict[str, tuple[float, float]]
    apos: dict[str, tuple[float, float]]
    group_of: dict[str, str] = field(default_factory=dict)  # member → group key, when collapsed
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → {"parent", "pos", "kind"}
    emphasis: set[str] | None = None  # None: every node at full strength
    orientation: str = "td"
    ppos: dict[str, tuple[float, float]] = field(default_factory=dict)  # plans alone, the coarsest level


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


def sort_key(graph: nx.MultiDiGraph, node: str) -> tuple:
    """The order of nodes everywhere in a view: by kind (the projection's order), label, IRI."""
    data = graph.nodes[node] if node in graph else {}
    return (_KIND_RANK.get(data.get("kind", "other"), 99), data.get("label", node).casefold(), node)


def _parents(graph: nx.MultiDiGraph, members: set[str]) -> dict[str, str | None]:
    """One parent per node (the hierarchy the tree shows); cycles in the model are cut, never followed."""

    nodes = graph.nodes
    keys: dict[str, tuple] = {}

    def key(node: str) -> tuple:  # sort_key, once per node: most nodes are a candidate many times
        found = keys.get(node)
        if found is None:
            found = keys[node] = sort_key(graph, node)
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


def _tree_layout(graph: nx.MultiDiGraph, members: set[str], collapsible: Callable[[str], bool]) -> Layout:
    parent = _parents(graph, members)
    ordered = sorted(members, key=lambda n: sort_key(graph, n))  # once: 70,000 keys at national scale
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for node in ordered:
        up = parent[node]
        (children[up] if up is not None else roots).append(node)
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
    for key, entry in groups.items():
        entry["pos"] = apos[key]
    layout = Layout(ordered, pos, apos, group_of, groups)
    layout.ppos = _plan_positions(graph, ordered, parent)
    return layout


def _plan_positions(
    graph: nx.MultiDiGraph, ordered: list[str], parent: dict[str, str | None]
) -> dict[str, tuple[float, float]]:
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
    kinds = VIEW_KINDS[view]
    return {n for n, k in graph.nodes(data="kind") if k in kinds}


def _coverage_layout(graph: nx.MultiDiGraph) -> Layout:
    members = _members(graph, "coverage")
    return _tree_layout(graph, members, lambda n: graph.nodes[n]["kind"] == "initiative")


def _involved_in_conflict(graph: nx.MultiDiGraph) -> set[str]:
    involved: set[str] = set()
    for source, target, relation in graph.edges(keys=True):
        if relation in CONFLICT_EDGES:
            involved |= {source, target}
    findings: Any  # a list of finding dicts, or None (the stubs type node data as a dict)
    for node, findings in graph.nodes(data="findings"):
        if any(f["group"] == "conflict" for f in findings or ()):
            involved.add(node)
    return involved


def _conflicts_layout(graph: nx.MultiDiGraph) -> Layout:
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
    layout = _tree_layout(graph, members, lambda n: n not in keep and graph.nodes[n]["kind"] not in PLAN_KINDS)
    layout.emphasis = involved & members
    return layout


def _overlap_layout(graph: nx.MultiDiGraph) -> Layout:
    """Plans as columns; elements of one plan under it, shared ones in columns between their plans."""
    members = _members(graph, "overlap")
    plans = sorted((n for n in members if graph.nodes[n]["kind"] in PLAN_KINDS), key=lambda n: sort_key(graph, n))
    column = {plan: 2 * i for i, plan in enumerate(plans)}
    overlapping: set[str] = set()
    for source, target, relation in graph.edges(keys=True):
        if relation in ("shared", "duplicate"):
            overlapping |= {n for n in (source, target) if n in members and graph.nodes[n]["kind"] not in PLAN_KINDS}
    buckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    # in model order, not set order: a set of strings iterates by hash, which differs per process
    # (PYTHONHASHSEED), and gave the same model's groups different numbers on each run
    for node in sorted(members, key=lambda n: sort_key(graph, n)):
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
            items = sorted(bucket_items[bucket], key=lambda n: (n not in overlapping, *sort_key(graph, n)))
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
    span = sum(
        max(1, math.ceil(len(items) / max(8, math.ceil(math.sqrt(len(items) * 2))))) + 1 for items in abuckets.values()
    )
    apos = place(abuckets, band=max(12.0, math.ceil(math.sqrt(span * 4))))
    for key, group in groups.items():
        group["pos"] = apos[key]
    ordered = plans + sorted((m for m in members if m not in column), key=lambda n: sort_key(graph, n))
    # the plans alone wrap into a block of rows rather than one row of a thousand columns
    columns = max(1, math.ceil(math.sqrt(len(plans) * 3)))
    ppos = {plan: (float(i % columns), (i // columns) * 0.6) for i, plan in enumerate(plans)}
    return Layout(ordered, pos, apos, group_of, groups, emphasis=overlapping | set(plans), ppos=ppos)


LAYOUTS: dict[str, Callable[[nx.MultiDiGraph], Layout]] = {
    "coverage": _coverage_layout,
    "overlap": _overlap_layout,
    "conflicts": _conflicts_layout,
}


def draw_edge(graph: nx.MultiDiGraph, view: str, source: str, target: str, relation: str) -> bool:
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
