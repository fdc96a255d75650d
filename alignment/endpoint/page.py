"""The query page at ``/``: write or pick a query, run it, see the result as a table.

Rendered on the server with Jinja2 and autoescaping, so every label, literal and
error message is shown as text; the page loads nothing from elsewhere (inline CSS
and a few lines of script, allowed by a per-response CSP nonce) and works without
script too.
"""
from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ontology.results import term_text

from ..queries import named_queries
from .dataset import FINDINGS_GRAPH, DatasetInfo
from .worker import Reply, term_json

__all__ = ["Cell", "ResultTable", "render_page", "DEFAULT_QUERY"]

DEFAULT_QUERY = """PREFIX sa: <https://w3id.org/stratalign#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Every finding of the analysis, by severity and kind
SELECT ?severity ?kind ?message WHERE {
  GRAPH <https://w3id.org/stratalign/findings> {
    ?finding a sa:Finding ; sa:kind ?kind ; sa:severity ?severity ; sa:message ?message .
  }
}
ORDER BY ?severity ?kind
"""
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str = "literal"
    title: str = ""
    meta: str = ""


@dataclass
class ResultTable:
    summary: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    truncated: bool = False


def _cell(term: dict[str, Any] | None, prefixes: dict[str, str]) -> Cell:
    if term is None:
        return Cell("", "unbound")
    if term["type"] == "uri":
        return Cell(term_text(term, prefixes), "uri", term["value"])
    if term["type"] == "bnode":
        return Cell("_:" + term["value"], "bnode")
    if term["type"] == "triple":
        inner = term["value"]
        text = " ".join(_cell(inner[k], prefixes).text for k in ("subject", "predicate", "object"))
        return Cell(f"<< {text} >>", "triple")
    meta = "@" + term["xml:lang"] if "xml:lang" in term else ""
    if not meta and term.get("datatype") and term["datatype"] != _XSD_STRING:
        meta = term_text({"type": "uri", "value": term["datatype"]}, prefixes)
    return Cell(term["value"], "literal", "", meta)


def result_table(reply: Reply, prefixes: dict[str, str]) -> ResultTable:
    """The reply of an ``html`` job (SPARQL JSON or N-Triples) as rows of display cells."""
    took = f"{reply.seconds * 1000:.0f} ms"
    if reply.kind == "ask":
        value = json.loads(reply.body)["boolean"]
        return ResultTable(f"ASK: {'true' if value else 'false'} ({took})", ["answer"], [[Cell(str(value).lower())]])
    if reply.kind == "select":
        doc = json.loads(reply.body)
        columns = doc["head"]["vars"]
        rows = [[_cell(b.get(v), prefixes) for v in columns] for b in doc["results"]["bindings"]]
        return ResultTable(f"{len(rows)} row{'s' * (len(rows) != 1)} ({took})", columns, rows, reply.truncated)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
    rows = [[_cell(term_json(getattr(t, k)), prefixes) for k in ("subject", "predicate", "object")] for t in triples]
    return ResultTable(f"{len(rows)} triple{'s' * (len(rows) != 1)} ({took})", ["subject", "predicate", "object"], rows, reply.truncated)


@lru_cache(maxsize=1)
def _template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
        autoescape=True,  # labels come from user data: always text, never markup
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("page.html")


def render_page(
    *,
    info: DatasetInfo,
    nonce: str,
    host: str,
    endpoint_path: str = "/sparql",
    query_text: str = DEFAULT_QUERY,
    selected: str = "",
    reply: Reply | None = None,
    error: str = "",
    max_rows: int,
    timeout: float,
) -> str:
    """The whole page, with the result of ``reply`` (if any) as a table and ``error`` (if any)."""
    named = named_queries()
    result = result_table(reply, info.prefixes) if reply is not None and reply.status == 200 else None
    downloads = []
    if result is not None:
        offers = [("JSON", "json"), ("CSV", "csv"), ("TSV", "tsv")] if reply and reply.kind != "graph" else [("Turtle", "ttl"), ("N-Triples", "nt"), ("JSON-LD", "jsonld")]
        for label, fmt in offers:
            downloads.append((label, endpoint_path + "?" + urllib.parse.urlencode({"query": query_text, "format": fmt})))
    return _template().render(
        info=info,
        nonce=nonce,
        host=host,
        endpoint_path=endpoint_path,
        findings_graph=FINDINGS_GRAPH,
        named=named,
        named_texts={q.name: q.text for q in named},
        selected=selected,
        query_text=query_text,
        result=result,
        downloads=downloads,
        error=error,
        max_rows=max_rows,
        timeout=f"{timeout:g}",
    )
