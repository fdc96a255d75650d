"""How the views draw: the shape and colours of each kind of node, a goal's coverage state and each kind of link.

>>> STATE_STYLE["uncovered"]["width"], edge_style("conflict")["smooth"]["type"]
(4.5, 'curvedCW')
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

__all__ = [
    "KIND_STYLE",
    "STATE_STYLE",
    "STATE_COLORS",
    "PROGRESS_STYLE",
    "COLOURINGS",
    "EDGE_STYLE",
    "node_style",
    "group_style",
    "edge_style",
]

# Node styles: shape, background, border, font colour. Goals take their colour from coverage.
KIND_STYLE: dict[str, dict[str, str]] = {
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
#: What ``--colour`` accepts: the default colours (kind, and a goal's coverage), or goals and plans by progress.
COLOURINGS = ("default", "progress")
# Progress of a goal or plan (``--colour progress``), Okabe–Ito again (vermillion, orange, sky blue,
# bluish green), and told apart without hue too: the border (thick, dashed, thin, double width; dotted
# for no data), a marker with the status word under the label on the canvas (``mark``), the legend and
# the tooltip in words. "no-target" is neutral: a pale fill and a thin grey border.
PROGRESS_STYLE: dict[str, dict[str, Any]] = {
    "off-track": {
        "bg": "#d55e00",
        "border": "#6b2f00",
        "width": 5.0,
        "dashes": None,
        "mark": "\u2715",
        "font": "#ffffff",
    },
    "behind": {
        "bg": "#e69f00",
        "border": "#7a5400",
        "width": 3.5,
        "dashes": [6, 3],
        "mark": "\u25b2",
        "font": "#212529",
    },
    "on-track": {
        "bg": "#56b4e9",
        "border": "#1c5d80",
        "width": 1.5,
        "dashes": None,
        "mark": "\u25cf",
        "font": "#212529",
    },
    "reached": {
        "bg": "#009e73",
        "border": "#00402e",
        "width": 3.0,
        "dashes": None,
        "mark": "\u2713",
        "font": "#212529",
    },
    "no-data": {
        "bg": "#ffffff",
        "border": "#495057",
        "width": 2.0,
        "dashes": [2, 3],
        "mark": "\u25cb",
        "font": "#212529",
    },
    "no-target": {
        "bg": "#e9ecef",
        "border": "#adb5bd",
        "width": 1.0,
        "dashes": None,
        "mark": "\u2013",
        "font": "#212529",
    },
}
# Edge styles: colour, width, dashes, curved (drawn as an arc over the hierarchy), arrow.
EDGE_STYLE: dict[str, tuple[str, float, bool, bool, bool]] = {
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


def node_style(graph: nx.MultiDiGraph, node: str, view: str, colour: str = "default") -> dict[str, Any]:
    """The vis-network options of one node: its kind's shape, its coverage, status or progress colours, its size.

    With ``colour="progress"`` a goal or plan takes the colours of its ``progress`` (``PROGRESS_STYLE``)
    instead of its coverage or kind; its shape and size stay.
    """
    data = graph.nodes[node]
    kind = data.get("kind", "other")
    style = KIND_STYLE.get(kind, KIND_STYLE["other"])
    bg, border = style["bg"], style["border"]
    font = style["font"] if style["shape"] == "box" else "#212529"
    size: float = 12
    border_width = 1.5
    dashes = None
    progress = PROGRESS_STYLE.get(data.get("progress", "")) if colour == "progress" else None
    if progress is not None:
        bg, border, border_width, dashes = progress["bg"], progress["border"], progress["width"], progress["dashes"]
        # inside a box, text on the fill: dark on the light fills, white on vermillion (4.9:1; dark is 3.3:1)
        font = progress["font"] if style["shape"] == "box" else "#212529"
        if kind == "goal" and view == "coverage":
            size = min(44, 12 + 6 * math.sqrt(data.get("initiatives", 0)))
    elif kind == "goal" and data.get("coverage") in STATE_STYLE:
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
        "font": {"color": font},
    }
    if dashes:
        options["shapeProperties"] = {"borderDashes": dashes}
    if style["shape"] == "box":
        options["margin"] = 8
    return options


def group_style() -> dict[str, Any]:
    """The vis-network options every collapsed group node shares."""
    style = KIND_STYLE["group"]
    return {
        "shape": style["shape"],
        "color": {"background": style["bg"], "border": style["border"]},
        "borderWidth": 1,
        "shapeProperties": {"borderDashes": [4, 3]},
        "font": {"color": style["font"]},
    }


def edge_style(kind: str) -> dict[str, Any]:
    """How one kind of link is drawn; every link of the kind shares it (the page looks it up by kind)."""
    color, width, dashes, curved, arrow = EDGE_STYLE.get(kind, ("#adb5bd", 1.0, False, False, True))
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
