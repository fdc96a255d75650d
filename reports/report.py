"""The report in each of its formats: one self-contained HTML file, or the same content as
Markdown, JSON or PDF. What it says is :func:`reports.content.report_content`; each
format only renders it (:mod:`reports.html`, :mod:`reports.markdown`, :mod:`reports.pdf`).

>>> from ontology.loaders import load_model
>>> html = make_report(load_model(["tests/data/yaml/demo.yaml"]), lang="en")  # doctest: +SKIP
"""

from __future__ import annotations

import json

import networkx as nx

from alignment import Analysis, Config
from alignment import analyze_model as analyze
from graphs import NODE_LIMIT, project
from ontology import Model, gc_paused

from .content import report_content
from .html import build_report
from .markdown import build_markdown

__all__ = ["FORMATS", "build_json", "render_report", "make_report"]

FORMATS = ("html", "md", "json", "pdf")


def build_json(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> str:
    """The report's content as JSON (the same sections as the HTML, without the interactive view)."""
    return json.dumps(report_content(model, analysis, lang, graph=graph), ensure_ascii=False, indent=2) + "\n"


def render_report(
    model: Model,
    analysis: Analysis,
    fmt: str = "html",
    lang: str = "da",
    *,
    node_limit: int = NODE_LIMIT,
    where: str = "-",
) -> str | bytes:
    """The report in ``fmt``: html, md or json as text, pdf as bytes (``where`` names the output in errors)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with gc_paused():  # see ontology.gc
        graph = project(model, analysis, lang=lang)
        if fmt == "html":
            return build_report(model, analysis, lang, graph=graph, node_limit=node_limit)
        if fmt == "md":
            return build_markdown(model, analysis, lang, graph=graph)
        if fmt == "pdf":
            from .pdf import build_pdf

            return build_pdf(model, analysis, lang, graph=graph, where=where)
        return build_json(model, analysis, lang, graph=graph)


def make_report(
    model: Model,
    *,
    fmt: str = "html",
    lang: str = "da",
    config: Config | None = None,
    node_limit: int = NODE_LIMIT,
    where: str = "-",
) -> str | bytes:
    """Analyse the model and write its report: the library behind ``stratalign report`` (pdf: bytes)."""
    return render_report(model, analyze(model, config, lang=lang), fmt, lang, node_limit=node_limit, where=where)
