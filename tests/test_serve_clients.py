"""`stratalign serve` spoken to by SPARQL clients nobody here wrote: rdflib's SPARQLStore and SPARQLWrapper.

Each answer is checked on its data — the rows, the boolean, the triples — against
the same query run on the embedded store, not just on its status.

- rdflib's ``SPARQLStore`` with its default namespace bindings (about 30 PREFIX
  lines in front of every query; they hung the server before), by GET, POST and
  POST form: SELECT, ASK, CONSTRUCT, DESCRIBE.
- SPARQLWrapper with every ``setReturnFormat`` that applies to each query form,
  its defaults included (a CONSTRUCT asks ``format=xml`` with ``Accept:
  application/rdf+xml`` and got 406 before), by GET and by POST both URL-encoded
  and directly.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import warnings
import xml.dom.minidom

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from serve_process import Server
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from ontology.examples import example_path
from ontology.loaders import load_model

EXAMPLE = "esbjerg-2020"
SA = "https://w3id.org/stratalign#"
SELECT = f"PREFIX sa: <{SA}> SELECT ?goal WHERE {{ ?goal a sa:Goal }} ORDER BY ?goal"
ASK = f"PREFIX sa: <{SA}> ASK {{ ?goal a sa:Goal }}"
ASK_FALSE = "ASK { ?s ?p 'nothing like this anywhere' }"
CONSTRUCT = f"PREFIX sa: <{SA}> CONSTRUCT {{ ?plan sa:hasGoal ?goal }} WHERE {{ ?plan sa:hasGoal ?goal }}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("clients"), "--example", EXAMPLE, "--workers", "2", "--quiet")
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def embedded():
    return load_model([example_path(EXAMPLE)])


@pytest.fixture(scope="module")
def goals(embedded) -> list[str]:
    found = [row[0] for row in embedded.store.query(SELECT).values("goal")]
    assert found
    return found


@pytest.fixture(scope="module")
def plan_goals(embedded) -> set:
    triples = set(rdflib.Graph().parse(data=embedded.store.query(CONSTRUCT).ntriples.decode(), format="nt"))
    assert triples
    return triples


@pytest.fixture(scope="module")
def described(embedded, goals) -> tuple[str, set]:
    query = f"DESCRIBE <{goals[0]}>"
    triples = set(rdflib.Graph().parse(data=embedded.store.query(query).ntriples.decode(), format="nt"))
    assert triples
    return query, triples


# -- rdflib's SPARQLStore --------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_with_its_default_namespaces(server, goals, plan_goals, described, method):
    graph = rdflib.Graph(SPARQLStore(query_endpoint=server.endpoint, method=method))
    assert len(dict(graph.namespaces())) >= 25  # rdflib's defaults: brick, csvw, dc, dcat, … xsd
    sent = graph.store._inject_prefixes(SELECT, {})
    assert sent.count("PREFIX ") >= 25  # what goes over the wire
    assert [str(row.goal) for row in graph.query(SELECT)] == goals
    assert graph.query(ASK).askAnswer is True
    assert graph.query(ASK_FALSE).askAnswer is False
    assert set(graph.query(CONSTRUCT).graph) == plan_goals
    query, triples = described
    assert set(graph.query(query).graph) == triples
    # Graph API calls become SELECT/ASK on the server as well.
    assert len(list(graph.triples((None, rdflib.URIRef(SA + "hasGoal"), None)))) == len(plan_goals)


# -- SPARQLWrapper ---------------------------------------------------------------------------

METHODS = {"get": (GET, URLENCODED), "post-form": (POST, URLENCODED), "post-direct": (POST, POSTDIRECTLY)}
SOLUTION_FORMATS = [None, JSON, XML, CSV, TSV]  # None: SPARQLWrapper's default
GRAPH_FORMATS = [None, XML, RDFXML, TURTLE, N3, JSONLD, JSON, CSV]
RDF_SYNTAX = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


def _wrapper(server, query: str, fmt: str | None, method: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.endpoint)
    wrapper.setQuery(query)
    wrapper.setMethod(METHODS[method][0])
    wrapper.setRequestMethod(METHODS[method][1])
    if fmt is not None:
        wrapper.setReturnFormat(fmt)
    wrapper.setTimeout(30)
    return wrapper


def _run(wrapper: SPARQLWrapper):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SPARQLWrapper warns about Accept: */* for some formats
        result = wrapper.query()
        media = result.info()["content-type"].split(";")[0].strip()
        return media, result.convert()


def _solution_rows(media: str, converted) -> list[str]:
    if isinstance(converted, dict):
        return [b["goal"]["value"] for b in converted["results"]["bindings"]]
    if isinstance(converted, xml.dom.minidom.Document):
        return [node.firstChild.data for node in converted.getElementsByTagName("uri")]
    text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
    if media == "text/csv":
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == ["goal"]
        return [row[0] for row in table[1:]]
    lines = text.splitlines()
    assert media == "text/tab-separated-values" and lines[0] == "?goal"
    return [line.strip("<>") for line in lines[1:]]


def _boolean(media: str, converted) -> bool:
    if isinstance(converted, dict):
        return converted["boolean"]
    if isinstance(converted, xml.dom.minidom.Document):
        return converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
    text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
    assert media in ("text/csv", "text/tab-separated-values")
    return text.strip().splitlines()[-1] == "true"


def _triples(media: str, converted) -> set:
    if isinstance(converted, rdflib.Graph):
        return set(converted.triples((None, None, None)))
    data = converted.decode("utf-8") if isinstance(converted, bytes) else converted
    if not isinstance(data, str):
        data = json.dumps(converted)
    return set(rdflib.Graph().parse(data=data, format=RDF_SYNTAX[media]))


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=[f or "default" for f in SOLUTION_FORMATS])
def test_sparqlwrapper_select(server, goals, fmt, method):
    media, converted = _run(_wrapper(server, SELECT, fmt, method))
    assert _solution_rows(media, converted) == goals


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=[f or "default" for f in SOLUTION_FORMATS])
def test_sparqlwrapper_ask(server, fmt, method):
    media, converted = _run(_wrapper(server, ASK, fmt, method))
    assert _boolean(media, converted) is True
    media, converted = _run(_wrapper(server, ASK_FALSE, fmt, method))
    assert _boolean(media, converted) is False


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=[f or "default" for f in GRAPH_FORMATS])
def test_sparqlwrapper_construct(server, plan_goals, fmt, method):
    media, converted = _run(_wrapper(server, CONSTRUCT, fmt, method))
    if fmt in (None, XML, RDFXML):
        assert media == "application/rdf+xml"  # SPARQLWrapper's CONSTRUCT default asks for RDF/XML
    assert _triples(media, converted) == plan_goals


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=[f or "default" for f in GRAPH_FORMATS])
def test_sparqlwrapper_describe(server, described, fmt, method):
    query, triples = described
    media, converted = _run(_wrapper(server, query, fmt, method))
    assert _triples(media, converted) == triples


def test_sparqlwrapper_is_told_an_update_is_refused(server):
    wrapper = SPARQLWrapper(server.endpoint)
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper passes a 403 on as it is
        wrapper.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    assert _run(_wrapper(server, "SELECT * WHERE { <http://e/a> ?p ?o }", JSON, "get"))[1]["results"]["bindings"] == []
