"""The data of one view for its page script: nodes, links, legends and shared tables, JSON-ready.

Compact, because a national model has 70,000 elements: node and link styles sit in
shared tables, finding messages and names are listed once and nodes point into them,
and the page composes a tooltip only for the nodes it draws.

>>> from networkx import MultiDiGraph
>>> graph = MultiDiGraph(lang="en")
>>> graph.add_node("g", kind="goal", label="A goal", plans=[], coverage="uncovered", initiatives=0)
>>> payload = view_payload(graph, "coverage")
>>> payload["nodes"][0]["state"], payload["states"][2]["label"]
('uncovered', 'Uncovered')
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from ontology import format_number, format_time

from ..projection import NODE_KINDS, PLAN_KINDS, PROGRESS_STATES
from .layout import LAYOUTS, NODE_LIMIT, VIEW_EDGES, VIEWS, Layout, draw_edge, sort_key
from .styles import (
    COLOURINGS,
    EDGE_STYLE,
    KIND_STYLE,
    PROGRESS_STYLE,
    STATE_STYLE,
    edge_style,
    group_style,
    node_style,
)
from .words import (
    EDGE_WORDS,
    KIND_WORDS,
    SEVERITY_WORDS,
    STATE_WORDS,
    STATUS_WORDS,
    WORDS,
    progress_words,
)

__all__ = ["view_payload"]

#: A tooltip lists this many of a node's findings, then says how many more there are.
_TOOLTIP_FINDINGS = 6
#: A goal's tooltip states this many of its own targets (latest observation against target), then how many more.
_TOOLTIP_MEASURES = 4


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


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
    colour: str = "default",
) -> dict[str, Any]:
    """Everything the page script needs for one view, as JSON-ready data.

    Node and link styles sit in shared tables (``styles``, ``edgeStyles``),
    finding messages and names are listed once (``messages``, ``names``) and
    nodes point into them. A node has ``id``, ``kind``, ``full`` (its label),
    ``plans`` (indices into ``plans``), its positions per level of detail
    (``s``/``d`` full, ``as``/``ad`` grouped, ``ps``/``pd`` plans alone) and
    ``st`` (its style); group nodes have ``agg``.

    With ``message_function`` (the name of a global JavaScript function the
    embedding page defines, such as the report's), a node's ``f`` holds the
    findings' numbers in ``analysis.findings`` and the page asks that function
    for severity and message: the report already carries every message once.
    """
    if message_function is not None and not message_function.isidentifier():
        raise ValueError(f"not a JavaScript function name: {message_function!r}")
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    if colour not in COLOURINGS:
        raise ValueError(f"unknown colouring {colour!r}; expected one of {', '.join(COLOURINGS)}")
    lang = lang or graph.graph.get("lang", "da")
    lang = lang if lang in WORDS else "en"
    frame = _Frame.of(graph, view, lang, message_function, colour)
    nodes = [_member_node(frame, node) for node in frame.layout.members]
    group_nodes, edges = _groups(frame)
    nodes += group_nodes
    edges += _links(frame)
    layout = frame.layout
    payload: dict[str, Any] = {
        "view": view,
        "lang": lang,
        "limit": int(node_limit),
        "title": graph.graph.get("title", ""),
        "orientation": layout.orientation,
        "words": dict(WORDS[lang]),
        **_legends(frame, edges, node_limit),
        "plans": _plan_entries(frame),
        "emphasis": layout.emphasis is not None,
        "total": len(layout.members),
        "styles": frame.styles.items,
        "edgeStyles": {k: edge_style(k) for k in (*VIEW_EDGES[view], "group")},
        "messages": frame.messages.items,
        "messageFunction": message_function,
        "names": frame.names.items,
        "nodes": nodes,
        "edges": edges,
        # only in a model with evidence (graph.graph["evidence"]): a node's "ev" points here, -1 for none
        **({"quotes": frame.quotes.items} if graph.graph.get("evidence") else {}),
    }
    if colour == "progress":
        payload["colour"] = colour
        payload["progressStates"] = _progress_legend(frame)
    if colour == "progress" or any("ms" in n for n in nodes):
        payload["progressWords"] = progress_words(lang)
    return payload


def _progress_legend(frame: _Frame) -> list[dict[str, Any]]:
    """The progress statuses of the drawn goals and plans, worst first, with their words and swatches."""
    present = {frame.graph.nodes[n].get("progress") for n in frame.layout.members}
    words = progress_words(frame.lang)
    return [
        {
            "id": s,
            "label": words[s],
            "shape": words[f"progress_{s}_shape"],
            "mark": PROGRESS_STYLE[s]["mark"],
            "color": PROGRESS_STYLE[s]["bg"],
            "border": PROGRESS_STYLE[s]["border"],
            "width": PROGRESS_STYLE[s]["width"],
            "bs": _border_style(PROGRESS_STYLE[s]["dashes"]),
        }
        for s in PROGRESS_STATES
        if s in present
    ]


@dataclass
class _Frame:
    """One view being built: the graph, its layout, the numbering of nodes and plans, the shared tables."""

    graph: nx.MultiDiGraph
    view: str
    lang: str
    message_function: str | None
    colour: str
    layout: Layout
    plan_nodes: list[str]
    plan_index: dict[str, int]  # plan → its number in ``plans``
    index: dict[str, int]  # drawn element → its node id
    group_index: dict[str, int]  # group key → its node id (after the elements')
    styles: _Table = field(default_factory=lambda: _Table())
    messages: _Table = field(default_factory=lambda: _Table())
    quotes: _Table = field(default_factory=lambda: _Table())  # evidence lines, shared like the messages
    names: _Table = field(default_factory=lambda: _Table())
    style_of: dict[tuple[Any, ...], int] = field(default_factory=dict)  # what node_style depends on → style id

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, view: str, lang: str, message_function: str | None, colour: str) -> "_Frame":
        """Lay the view out and number what it draws."""
        layout = LAYOUTS[view](graph)
        plan_nodes = sorted(
            (n for n, k in graph.nodes(data="kind") if k in PLAN_KINDS), key=lambda n: sort_key(graph, n)
        )
        index = {node: i for i, node in enumerate(layout.members)}
        return cls(
            graph,
            view,
            lang,
            message_function,
            colour,
            layout,
            plan_nodes,
            plan_index={plan: i for i, plan in enumerate(plan_nodes)},
            index=index,
            group_index={key: len(index) + i for i, key in enumerate(layout.groups)},
        )

    def name_ids(self, iris: Iterable[str]) -> list[int]:
        """Numbers in ``names`` of the labels of ``iris`` (an IRI outside the graph names itself)."""
        return [self.names.add(self.graph.nodes[i]["label"] if i in self.graph else i) for i in iris]

    def style_id(self, options: dict[str, Any]) -> int:
        """The number of a style in ``styles``, added when new."""
        return self.styles.add(json.dumps(options, sort_keys=True), options)

    def node_style_id(self, node: str, data: dict[str, Any]) -> int:
        """The style of a node, built once per distinct kind, coverage, reach and cancellation."""
        kind = data.get("kind", "other")
        key = (
            kind,
            data.get("coverage"),
            data.get("initiatives", 0) if kind == "goal" else 0,
            data.get("status") == "cancelled",
            data.get("progress") if self.colour == "progress" else None,
        )
        found = self.style_of.get(key)
        if found is None:
            found = self.style_of[key] = self.style_id(node_style(self.graph, node, self.view, self.colour))
        return found


def _member_node(frame: _Frame, node: str) -> dict[str, Any]:
    """The entry of one drawn element: its positions, style, group and the facts of its tooltip."""
    layout, data = frame.layout, frame.graph.nodes[node]
    kind = data.get("kind", "other")
    s, d = layout.pos[node]
    group = layout.group_of.get(node)
    a = layout.apos.get(node, layout.groups[group]["pos"] if group else (s, d))
    entry: dict[str, Any] = {
        "id": frame.index[node],
        "kind": kind,
        "full": data["label"],  # as it is: the page puts it on one line where it shows it
        "plans": [frame.plan_index[p] for p in data.get("plans", []) if p in frame.plan_index],
        "s": round(s, 3),
        "d": round(d, 3),
        "as": round(a[0], 3),
        "ad": round(a[1], 3),
        "st": frame.node_style_id(node, data),
        "iri": node,
    }
    if node in layout.ppos:
        entry["ps"], entry["pd"] = (round(v, 3) for v in layout.ppos[node])
    if node in frame.plan_index:
        entry["pi"] = frame.plan_index[node]
    if data.get("coverage"):
        entry["state"] = data["coverage"]
        entry["ini"] = data.get("initiatives", 0)
    if group:
        entry["g"] = frame.group_index[group]
    if layout.emphasis is not None:
        entry["em"] = 1 if node in layout.emphasis else 0
    if frame.colour == "progress" and data.get("progress"):
        entry["pg"] = data["progress"]
    _tooltip_facts(frame, entry, data, kind)
    return entry


def _tooltip_facts(frame: _Frame, entry: dict[str, Any], data: dict[str, Any], kind: str) -> None:
    """The facts of a node's tooltip, as numbers into the shared tables; the page writes the words around them."""
    missing = [p for p in data.get("plans", []) if p not in frame.plan_index]
    if missing and kind not in PLAN_KINDS:
        entry["xplans"] = frame.name_ids(missing)
    if data.get("owner"):
        entry["own"] = frame.name_ids(data["owner"])
    if data.get("status"):
        entry["stat"] = STATUS_WORDS[frame.lang].get(data["status"], data["status"])
    if data.get("delegated_to"):
        entry["dlg"] = frame.name_ids(data["delegated_to"])
    measures = data.get("measures")
    if measures and (frame.view == "coverage" or frame.colour == "progress"):
        entry["ms"] = [_measure(frame, m) for m in measures[:_TOOLTIP_MEASURES]]
        if len(measures) > _TOOLTIP_MEASURES:
            entry["nms"] = len(measures)
    if frame.graph.graph.get("evidence"):
        found = data.get("evidence")
        if found:
            quote, document, page = found
            where = f"{document}, {WORDS[frame.lang]['page_word']} {page}" if page else document
            entry["ev"] = frame.quotes.add(f"«{quote}» ({where})")
        else:
            entry["ev"] = -1
    findings = data.get("findings") or []
    if findings:
        entry["nf"] = len(findings)
        shown = findings[:_TOOLTIP_FINDINGS]
        if frame.message_function:
            entry["f"] = [f["index"] for f in shown]
        else:  # keyed by the finding, so a finding on two nodes travels once
            entry["f"] = [
                frame.messages.add(f.get("index", f["message"]), [f["severity"], f["message"]]) for f in shown
            ]


def _border_style(dashes: list[int] | None) -> str:
    """The CSS border style of a legend swatch for a canvas border: solid, dashed, or dotted ([2, 3])."""
    return "solid" if not dashes else "dotted" if dashes[0] <= 2 else "dashed"


def _measure(frame: _Frame, measure: dict[str, Any]) -> list[Any]:
    """One target in a tooltip: [latest observation, target, status, indicator's name number], the numbers
    written in the page's language (115.652 in Danish), each with its year; "" where there is none."""
    return [
        _number_at(measure["latest"], measure["latest_time"], frame.lang),
        _number_at(measure["value"], measure["year"], frame.lang),
        measure["status"],
        frame.name_ids([measure["indicator"]])[0],
    ]


def _number_at(value: float | None, time: str | None, lang: str) -> str:
    """``115.652 (2019)`` in Danish, ``115,652 (2019)`` in English; without a value ""."""
    if value is None:
        return ""
    number = format_number(repr(float(value)), lang)
    return f"{number} ({format_time(time, lang)})" if time else number


def _groups(frame: _Frame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The collapsed groups of the aggregated level, and the links from each group's parent to it."""
    graph, layout, plan_index = frame.graph, frame.layout, frame.plan_index
    members_of: dict[str, list[str]] = defaultdict(list)
    for node, group in layout.group_of.items():
        members_of[group].append(node)
    style = frame.style_id(group_style())
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for key, entry in layout.groups.items():
        s, d = entry["pos"]
        nodes.append(
            {
                "id": frame.group_index[key],
                "kind": "group",
                "agg": 1,
                "plans": sorted(
                    {plan_index[p] for m in members_of[key] for p in graph.nodes[m]["plans"] if p in plan_index}
                ),
                "gkind": entry["kind"],
                "s": round(s, 3),
                "d": round(d, 3),
                "as": round(s, 3),
                "ad": round(d, 3),
                "st": style,
            }
        )
        if entry["parent"] is not None and entry["parent"] in frame.index:
            edges.append(
                {"from": frame.index[entry["parent"]], "to": frame.group_index[key], "kind": "group", "agg": 1}
            )
    return nodes, edges


def _links(frame: _Frame) -> list[dict[str, Any]]:
    """The links the view draws between its elements, in a stable order, with their message, finding kinds and score."""
    graph, view, index = frame.graph, frame.view, frame.index
    allowed = VIEW_EDGES[view]
    edges: list[dict[str, Any]] = []
    for source, target, relation, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if relation not in allowed or source not in index or target not in index or source == target:
            continue
        if (
            relation in ("hasGoal", "hasInitiative")
            and "shared" in allowed
            and graph.has_edge(source, target, "shared")
        ):
            continue  # the highlighted shared edge stands for it (the conflicts view draws none: it keeps the plan's link)
        if not draw_edge(graph, view, source, target, relation):
            continue
        edge: dict[str, Any] = {"from": index[source], "to": index[target], "kind": relation}
        if data.get("message"):
            edge["msg"] = data["message"]
        if relation == "conflict" and data.get("finding"):
            edge["fk"] = sorted(set(data["finding"].split()))  # the finding kinds: the page labels the link with them
        if data.get("score") is not None:
            edge["score"] = round(float(data["score"]), 4)
            # the tooltip shows it as the page's language writes numbers (0,81 in Danish)
            edge["scoreText"] = format_number(f"{float(data['score']):.2f}", frame.lang, decimals=2)
        edges.append(edge)
    return edges


def _legends(frame: _Frame, edges: list[dict[str, Any]], node_limit: int) -> dict[str, Any]:
    """The kinds, coverage states and link kinds present, with their words and swatches, for the panel."""
    graph, layout, lang = frame.graph, frame.layout, frame.lang
    edge_words = EDGE_WORDS[lang]
    kinds_present = {data.get("kind", "other") for data in (graph.nodes[n] for n in layout.members)}
    edge_kinds_present = {e["kind"] for e in edges}
    edges_present = [k for k in VIEW_EDGES[frame.view] if k in edge_kinds_present]
    if layout.groups and len(layout.members) > node_limit:
        edges_present.append("group")
    return {
        "kinds": [
            {
                "id": k,
                "label": KIND_WORDS[lang][k][0],
                "plural": KIND_WORDS[lang][k][1],
                "color": KIND_STYLE[k]["bg"],
                "shape": KIND_STYLE[k]["shape"],
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
            {
                "id": s,
                "label": STATE_WORDS[lang][s],
                "color": st["bg"],
                "border": st["border"],
                "width": st["width"],
                "dashed": bool(st["dashes"]),
            }
            for s, st in STATE_STYLE.items()
        ]
        # coloured by progress, a goal's fill no longer shows its coverage (the tooltip still says it)
        if frame.colour != "progress" and any(graph.nodes[n].get("coverage") for n in layout.members)
        else [],
        "edgeKinds": [
            {
                "id": k,
                "label": edge_words[k],
                "color": EDGE_STYLE[k][0],
                "dashes": EDGE_STYLE[k][2],
                "width": EDGE_STYLE[k][1],
            }
            for k in edges_present
        ],
    }


def _plan_entries(frame: _Frame) -> list[dict[str, Any]]:
    """Each plan for the plan filter: its label, kind, family (as plan numbers) and goal coverage counts."""
    graph, plan_index = frame.graph, frame.plan_index
    families = _plan_families(graph, frame.plan_nodes)
    coverage = _plan_coverage(graph, families)
    return [
        {
            "id": p,
            "label": _one_line(graph.nodes[p]["label"]),
            "kind": graph.nodes[p]["kind"],
            "family": sorted(plan_index[q] for q in families[p]),
            "cov": coverage[p],
        }
        for p in frame.plan_nodes
    ]
