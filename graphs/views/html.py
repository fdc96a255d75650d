"""The page of a view: the component markup, the inline CSS and scripts (vis-network, ours and the
data as JSON), and the self-contained HTML page whose policy lets no request leave it.

>>> any(c in script_json({"label": "</script><!-- & \u2028"}) for c in "<>&\u2028")
False
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
from markupsafe import Markup

from ontology import html_templates, script_json

from .layout import NODE_LIMIT
from .payload import view_payload

__all__ = ["CSP", "ViewParts", "view_parts", "render_view", "script_json", "vis_network_js"]

#: The package whose ``templates`` folder holds the page, its component, CSS and script.
_TEMPLATES = "graphs"


def _inline_script(text: str) -> str:
    # Static code we inline; refuse rather than emit anything that could end the <script> early.
    lowered = text.lower()
    if "</script" in lowered or "<!--" in text:
        raise ValueError("inline script contains </script or <!--")
    return text


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network 9.1.2 as shipped in the pyvis wheel, without its source-map comment (nothing to fetch)."""
    text = (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(
        encoding="utf-8"
    )
    # split("\n"), not splitlines(): the library has U+2028 and friends inside string literals.
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    return _inline_script(text)


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (resources.files(_TEMPLATES) / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env() -> Any:
    return html_templates(package=_TEMPLATES)


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
    colour: str = "default",
) -> ViewParts:
    """The view's inline CSS, its component markup and its inline scripts (vis-network + ours + data)."""
    payload = view_payload(
        graph, view, lang=lang, node_limit=node_limit, message_function=message_function, colour=colour
    )
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
    colour: str = "default",
) -> str:
    """One self-contained HTML page for the view (the caller writes it as UTF-8); ``colour="progress"``
    draws goals and plans by their progress, with its legend."""
    parts = view_parts(graph, view, lang=lang, node_limit=node_limit, height="auto", colour=colour)
    words = parts.payload["words"]
    heading = f"{words['view_' + view]}: {title or graph.graph.get('title') or 'stratalign'}"
    about = words["about_" + view]
    if colour == "progress":  # the coverage view's own text says its colour is coverage: not on this page
        progress = parts.payload["progressWords"]
        about = progress.get("about_" + view, about) + " " + progress["about_progress"]
    return _env().get_template("view.html.j2").render(parts=parts, words=words, heading=heading, about=about, csp=CSP)


#: No request may leave the page: everything is inline, and the policy forbids anything else.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
