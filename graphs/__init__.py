"""stratalign's third pipeline stage: the networkx projection, its exports and the interactive views.

>>> from ontology.loaders import load_model
>>> html = render_graph(load_model(["tests/data/yaml/demo.yaml"]), view="coverage")  # doctest: +SKIP
"""

from __future__ import annotations

from alignment import Config
from alignment import analyze_model as analyze
from ontology import Model, gc_paused

from .export import FORMATS as EXPORT_FORMATS
from .export import export_graph, flatten
from .projection import (
    COVERAGE_STATES,
    EDGE_KINDS,
    NODE_KINDS,
    PLAN_KINDS,
    PROGRESS_STATES,
    document_texts,
    project,
)
from .views import (
    COLOURINGS,
    CSP,
    EDGE_WORDS,
    KIND_WORDS,
    MATRIX_LIMIT,
    NODE_LIMIT,
    SCALE_COLORS,
    SEVERITY_WORDS,
    STATE_COLORS,
    STATE_STYLE,
    STATE_WORDS,
    VIEWS,
    WORDS,
    ViewParts,
    group_by_plan,
    influence_grids,
    influence_matrices,
    matrix_env,
    matrix_markup,
    render_influence_view,
    render_view,
    script_json,
    strength_text,
    view_parts,
    view_payload,
    vis_network_js,
)

# What the later stages (the report, the applications) use: nothing there reaches into a submodule.
__all__ = [
    "GRAPH_VIEWS",
    "MATRIX_LIMIT",
    "SCALE_COLORS",
    "influence_matrices",
    "influence_grids",
    "group_by_plan",
    "matrix_env",
    "matrix_markup",
    "render_influence_view",
    "strength_text",
    "project",
    "export_graph",
    "render_view",
    "render_graph",
    "VIEWS",
    "GRAPH_FORMATS",
    "NODE_LIMIT",
    "flatten",
    "NODE_KINDS",
    "PLAN_KINDS",
    "EDGE_KINDS",
    "COVERAGE_STATES",
    "PROGRESS_STATES",
    "COLOURINGS",
    "document_texts",
    "view_payload",
    "view_parts",
    "ViewParts",
    "script_json",
    "vis_network_js",
    "CSP",
    "WORDS",
    "KIND_WORDS",
    "STATE_WORDS",
    "SEVERITY_WORDS",
    "EDGE_WORDS",
    "STATE_STYLE",
    "STATE_COLORS",
]

#: What `stratalign graph --format` accepts: an interactive page, or the projection for other tools.
GRAPH_FORMATS = ("html", *EXPORT_FORMATS)
#: What `stratalign graph --view` accepts: the network views, and the cross-impact matrices of the influences.
GRAPH_VIEWS = (*VIEWS, "influence")


def render_graph(
    model: Model,
    *,
    view: str = "coverage",
    fmt: str = "html",
    lang: str = "da",
    config: Config | None = None,
    node_limit: int | None = None,
    colour: str = "default",
) -> str | bytes:
    """Analyse and project the model, then write one view as HTML or the whole projection as an export.

    ``node_limit``: above this many elements a network view groups them (default :data:`NODE_LIMIT`);
    for the ``influence`` view, the rows and columns shown element by element before an axis is
    grouped by plan (default :data:`MATRIX_LIMIT`).

    ``colour="progress"``: goals and plans drawn by their progress status (an export gets it as the
    node attribute ``progress``).
    """
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(GRAPH_FORMATS)}")
    analysis = analyze(model, config, lang=lang)
    with gc_paused():  # hundreds of thousands of acyclic objects: see ontology.gc
        graph = project(model, analysis, lang=lang)
        if fmt == "html" and view == "influence":
            kinds = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
            labels = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
            plans = {n: d.get("plans", ()) for n, d in graph.nodes(data=True)}
            return render_influence_view(
                analysis.influence_edges,
                kinds,
                labels,
                lang,
                title=graph.graph.get("title"),
                plans=plans,
                limit=MATRIX_LIMIT if node_limit is None else node_limit,
            )
        if fmt == "html":
            limit = NODE_LIMIT if node_limit is None else node_limit
            return render_view(graph, view, lang=lang, node_limit=limit, colour=colour)
        return export_graph(graph, fmt, colour=colour)
