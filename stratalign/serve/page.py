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

from alignment import PAGE_TEXT, named_queries
from ontology import format_number, html_templates, term_text
from ontology import model_format as by_name

from .dataset import FINDINGS_GRAPH, DatasetInfo
from .worker import Reply, term_json

__all__ = ["Cell", "ResultTable", "render_page", "page_lang", "DEFAULT_QUERY"]

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


def page_lang(accept_language: str | None, default: str) -> str:
    """ "da" or "en", whichever the browser's Accept-Language ranks higher (RFC 9110 q-values); ``default`` when it names neither.

    >>> page_lang("en-GB,en;q=0.9,da;q=0.8", "da"), page_lang("da-DK, en;q=0.5", "en"), page_lang("fr", "da"), page_lang(None, "en")
    ('en', 'da', 'da', 'en')
    """
    best, best_q = default, 0.0
    for part in (accept_language or "").split(",")[:50]:  # a header of thousands of ranges: the first 50 decide
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in PAGE_TEXT:
            continue
        q = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
        if q > best_q:
            best, best_q = primary, q
    return best


def _counted(words: str, n: int, took: str, lang: str) -> str:
    one, many = words.split("|")
    return (one if n == 1 else many).format(n=format_number(str(n), lang), took=took)


def result_table(reply: Reply, prefixes: dict[str, str], lang: str = "en") -> ResultTable:
    """The reply of an ``html`` job (SPARQL JSON or N-Triples) as rows of display cells."""
    words = PAGE_TEXT[lang]
    took = f"{format_number(str(round(reply.seconds * 1000)), lang)} ms"
    if reply.kind == "ask":
        value = json.loads(reply.body)["boolean"]
        shown = words["ask"].format(value=words["true" if value else "false"], took=took)
        return ResultTable(shown, ["answer"], [[Cell(str(value).lower())]])
    if reply.kind == "select":
        doc = json.loads(reply.body)
        columns = doc["head"]["vars"]
        rows = [[_cell(b.get(v), prefixes) for v in columns] for b in doc["results"]["bindings"]]
        return ResultTable(_counted(words["rows"], len(rows), took, lang), columns, rows, reply.truncated)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
    rows = [[_cell(term_json(getattr(t, k)), prefixes) for k in ("subject", "predicate", "object")] for t in triples]
    return ResultTable(
        _counted(words["triples"], len(rows), took, lang), ["subject", "predicate", "object"], rows, reply.truncated
    )


@lru_cache(maxsize=1)
def _template() -> Any:
    # the one environment of the product: autoescape (labels come from user data), undefined names are errors
    return html_templates(folder=str(Path(__file__).parent)).get_template("page.html")


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
    lang: str = "en",
) -> str:
    """The whole page in ``lang``, with the result of ``reply`` (if any) as a table and ``error`` (if any)."""
    named = named_queries()
    result = result_table(reply, info.prefixes, lang) if reply is not None and reply.status == 200 else None
    downloads = []
    if result is not None:
        offers = (
            [("JSON", "json"), ("CSV", "csv"), ("TSV", "tsv")]
            if reply and reply.kind != "graph"
            else [(by_name(n).label, n) for n in ("ttl", "nt", "jsonld")]
        )
        for label, fmt in offers:
            downloads.append(
                (label, endpoint_path + "?" + urllib.parse.urlencode({"query": query_text, "format": fmt}))
            )
    return _template().render(
        info=info,
        nonce=nonce,
        host=host,
        endpoint_path=endpoint_path,
        findings_graph=FINDINGS_GRAPH,
        named=named,
        lang=lang,
        t=PAGE_TEXT[lang],
        number=lambda n: format_number(str(n), lang),
        named_texts={q.name: q.text for q in named},
        selected=selected,
        query_text=query_text,
        result=result,
        downloads=downloads,
        error=error,
        max_rows=max_rows,
        timeout=f"{timeout:g}",
    )
