"""The W3C SPARQL 1.1 Protocol test cases, reconstructed for `stratalign serve` (a read-only endpoint).

Source: the w3c/rdf-tests repository, ``sparql/sparql11/protocol/manifest.ttl``
(dawgt:Approved, 2012-11-20). The cases are reconstructed here rather than
vendored: each parametrized case carries its W3C name as test id and sends the
request the manifest describes, with these differences, each for a reason:

- The manifest's ``Host: www.example`` becomes the server's own loopback
  address: a server bound to loopback refuses other host names (DNS rebinding),
  which is tested in test_serve_hostile.py.
- The dataset cases use graphs ``http://kasei.us/2009/09/sparql/data/data1.rdf`` …
  that `serve` cannot hold (it serves one model in the default graph and its
  findings in the named graph https://w3id.org/stratalign/findings). They are
  rebuilt on the findings graph and a graph that does not exist, keeping what
  each case tests: the protocol's ``default-graph-uri`` / ``named-graph-uri``
  replace the query's dataset (and the store's default graph) entirely.
- The update cases that expect 2xx (update_dataset_default_graph,
  update_dataset_default_graphs, update_dataset_named_graphs,
  update_dataset_full, update_post_form, update_post_direct, update_base_uri)
  do not apply to a read-only endpoint; each is sent as written and must be
  refused (403, "read-only"), and its follow-up query must show nothing changed.
- The bad_update_* cases apply as they are: a 4xx is what they expect.

Not applicable at all: none beyond the above (the manifest has no Graph Store
or service description cases; those are in test_serve.py).
"""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
import rdflib
from serve_process import Server

EXAMPLE = "esbjerg-2020"
SA = "https://w3id.org/stratalign#"
FINDINGS = "https://w3id.org/stratalign/findings"
NO_GRAPH = "http://kasei.us/2009/09/sparql/data/data0.rdf"  # the manifest's graph, absent here
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
SOLUTION_TYPES = {
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF_TYPES = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
SRX = "{http://www.w3.org/2005/sparql-results#}"


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


@dataclass(frozen=True)
class Case:
    """One request of a manifest entry and what its answer must be."""

    method: str
    path: str
    body: bytes | None = None
    content_type: str | None = None
    status: str = "2xx"  # or "4xx", or "403"
    boolean: bool | None = None  # mf:expectedBoolean
    result: str | None = None  # mf:expectedFormat: boolean, tabular, RDF
    follow_up: tuple["Case", ...] = field(default_factory=tuple)


ASK_FINDING = f"ASK {{ ?f a <{SA}Finding> }}"
ASK_GOAL = f"ASK {{ ?g a <{SA}Goal> }}"
ASK_NAMED_FINDING = f"ASK {{ GRAPH ?g1 {{ ?f a <{SA}Finding> }} }}"

# Each update case's follow-up query (reconstructed), which must stay false on a read-only endpoint.
_FOLLOW = {
    "update_dataset_default_graph": "ASK { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s ?p ?o } }",
    "update_dataset_default_graphs": "ASK { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { ?s ?p ?o } }",
    "update_dataset_named_graphs": "ASK { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { ?s ?p ?o } }",
    "update_dataset_full": "ASK { GRAPH <http://example.org/protocol-update-dataset-full-test/> { ?s ?p ?o } }",
    "update_base_uri": "ASK { GRAPH <http://example.org/protocol-base-test/> { ?s ?p ?o } }",
}
_INSERT = (
    "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n{clear} ;\n"
    "INSERT DATA {{\n    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {{ <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }}\n}} ;\n"
    "INSERT {{\n    GRAPH <{target}> {{\n        ?s a dc:BibliographicResource\n    }}\n}}\nWHERE {{\n    ?s a foaf:Document\n}}"
)


def _update_case(name: str, path: str, clear: str) -> Case:
    target = _FOLLOW[name].split("<", 1)[1].split(">", 1)[0]
    body = _INSERT.format(clear=clear, target=target).encode()
    follow = Case("POST", "/sparql/", _FOLLOW[name].encode(), DIRECT, boolean=False, result="boolean")
    return Case("POST", path, body, UPDATE, status="403", follow_up=(follow,))


CASES: dict[str, Case] = {
    "query_post_form": Case(
        "POST", f"/sparql/?default-graph-uri={q(NO_GRAPH)}", b"query=ASK%20%7B%7D", FORM, boolean=True, result="boolean"
    ),
    # two protocol default graphs: their union replaces the store's default graph (the goals are not in it)
    "query_dataset_default_graphs_get": Case(
        "GET",
        f"/sparql/?query={q(ASK_FINDING)}&default-graph-uri={q(FINDINGS)}&default-graph-uri={q(NO_GRAPH)}",
        boolean=True,
        result="boolean",
        follow_up=(
            Case(
                "GET",
                f"/sparql/?query={q(ASK_GOAL)}&default-graph-uri={q(FINDINGS)}&default-graph-uri={q(NO_GRAPH)}",
                boolean=False,
                result="boolean",
            ),
        ),
    ),
    "query_dataset_default_graphs_post": Case(
        "POST",
        f"/sparql/?default-graph-uri={q(FINDINGS)}&default-graph-uri={q(NO_GRAPH)}",
        ASK_FINDING.encode(),
        DIRECT,
        boolean=True,
        result="boolean",
        follow_up=(
            Case(
                "POST",
                f"/sparql/?default-graph-uri={q(FINDINGS)}&default-graph-uri={q(NO_GRAPH)}",
                ASK_GOAL.encode(),
                DIRECT,
                boolean=False,
                result="boolean",
            ),
        ),
    ),
    "query_dataset_named_graphs_post": Case(
        "POST",
        f"/sparql/?named-graph-uri={q(FINDINGS)}&named-graph-uri={q(NO_GRAPH)}",
        ASK_NAMED_FINDING.encode(),
        DIRECT,
        boolean=True,
        result="boolean",
        follow_up=(
            Case(
                "POST",
                f"/sparql/?named-graph-uri={q(NO_GRAPH)}",
                ASK_NAMED_FINDING.encode(),
                DIRECT,
                boolean=False,
                result="boolean",
            ),
        ),
    ),
    "query_dataset_named_graphs_get": Case(
        "GET",
        f"/sparql/?query={q(ASK_NAMED_FINDING)}&named-graph-uri={q(FINDINGS)}&named-graph-uri={q(NO_GRAPH)}",
        boolean=True,
        result="boolean",
        follow_up=(
            Case(
                "GET",
                f"/sparql/?query={q(ASK_NAMED_FINDING)}&named-graph-uri={q(NO_GRAPH)}",
                boolean=False,
                result="boolean",
            ),
        ),
    ),
    "query_dataset_full": Case(
        "POST",
        f"/sparql/?default-graph-uri={q(NO_GRAPH)}&named-graph-uri={q(FINDINGS)}",
        f"ASK {{\n  GRAPH ?g1 {{ ?f a <{SA}Finding> }}\n  FILTER NOT EXISTS {{ ?g a <{SA}Goal> }}\n}}".encode(),
        DIRECT,
        boolean=True,
        result="boolean",
    ),
    # FROM in the query, named graphs in the protocol: the protocol's dataset is used (FROM alone would hide every named graph)
    "query_multiple_dataset": Case(
        "POST",
        f"/sparql/?named-graph-uri={q(FINDINGS)}",
        f"ASK FROM <{NO_GRAPH}> {{ GRAPH ?g1 {{ ?f a <{SA}Finding> }} }}".encode(),
        DIRECT,
        boolean=True,
        result="boolean",
    ),
    "query_get": Case(
        "GET", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(NO_GRAPH)}", boolean=True, result="boolean"
    ),
    "query_content_type_select": Case(
        "POST", f"/sparql/?default-graph-uri={q(NO_GRAPH)}", b"SELECT (1 AS ?value) {}", DIRECT, result="tabular"
    ),
    "query_content_type_ask": Case(
        "POST", f"/sparql/?default-graph-uri={q(NO_GRAPH)}", b"ASK {}", DIRECT, result="boolean", boolean=True
    ),
    "query_content_type_describe": Case(
        "POST", f"/sparql/?default-graph-uri={q(NO_GRAPH)}", b"DESCRIBE <http://example.org/>", DIRECT, result="RDF"
    ),
    "query_content_type_construct": Case(
        "POST", f"/sparql/?default-graph-uri={q(NO_GRAPH)}", b"CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT, result="RDF"
    ),
    "update_dataset_default_graph": _update_case(
        "update_dataset_default_graph",
        f"/sparql/?using-graph-uri={q('http://kasei.us/2009/09/sparql/data/data1.rdf')}",
        "CLEAR ALL",
    ),
    "update_dataset_default_graphs": _update_case(
        "update_dataset_default_graphs", "/sparql/?using-graph-uri=x&using-graph-uri=y", "DROP ALL"
    ),
    "update_dataset_named_graphs": _update_case(
        "update_dataset_named_graphs", "/sparql/?using-named-graph-uri=x&using-named-graph-uri=y", "DROP ALL"
    ),
    "update_dataset_full": _update_case(
        "update_dataset_full", "/sparql/?using-graph-uri=x&using-named-graph-uri=y", "DROP ALL"
    ),
    "update_post_form": Case(
        "POST",
        "/sparql/",
        b"update=CLEAR+ALL",
        FORM,
        status="403",
        follow_up=(Case("POST", "/sparql/", ASK_GOAL.encode(), DIRECT, boolean=True, result="boolean"),),
    ),
    "update_post_direct": Case(
        "POST",
        "/sparql/",
        b"CLEAR ALL",
        UPDATE,
        status="403",
        follow_up=(Case("POST", "/sparql/", ASK_GOAL.encode(), DIRECT, boolean=True, result="boolean"),),
    ),
    "update_base_uri": Case(
        "POST",
        "/sparql/",
        b"CLEAR GRAPH <http://example.org/protocol-base-test/> ;\nINSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
        b"{ <http://example.org/s> <http://example.org/p> <test> } }",
        UPDATE,
        status="403",
        follow_up=(
            Case("POST", "/sparql/", _FOLLOW["update_base_uri"].encode(), DIRECT, boolean=False, result="boolean"),
        ),
    ),
    "query_post_direct": Case("POST", "/sparql/", b"ASK {}", DIRECT, boolean=True, result="boolean"),
    "bad_query_method": Case(
        "PUT", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(NO_GRAPH)}", b"", FORM, status="4xx"
    ),
    "bad_multiple_queries": Case("GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx"),
    "bad_query_wrong_media_type": Case("POST", "/sparql/", b"ASK {}", "text/plain", status="4xx"),
    "bad_query_missing_form_type": Case("POST", "/sparql/", b"query=ASK%20%7B%7D", status="4xx"),
    "bad_query_missing_direct_type": Case("POST", "/sparql/", b"ASK {}", status="4xx"),
    "bad_query_non_utf8": Case(
        "POST", "/sparql/", "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16", status="4xx"
    ),
    "bad_query_syntax": Case("GET", "/sparql/?query=ASK%20%7B", status="4xx"),
    "bad_update_get": Case("GET", "/sparql/?update=CLEAR%20ALL", status="4xx"),
    "bad_multiple_updates": Case(
        "POST", "/sparql/", b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status="4xx"
    ),
    "bad_update_wrong_media_type": Case("POST", "/sparql/", b"CLEAR NAMED", "text/plain", status="4xx"),
    "bad_update_missing_form_type": Case("POST", "/sparql/", b"update=CLEAR%20NAMED", status="4xx"),
    "bad_update_non_utf8": Case(
        "POST", "/sparql/", "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16", status="4xx"
    ),
    "bad_update_syntax": Case("POST", "/sparql/", b"update=CLEAR%20XYZ", FORM, status="4xx"),
    "bad_update_dataset_conflict": Case(
        "POST",
        f"/sparql/?using-named-graph-uri={q('http://example/people')}",
        b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\nDELETE { ?person foaf:givenName 'Bill' }\n"
        b"INSERT { ?person foaf:givenName 'William' }\nWHERE {\n    ?person foaf:givenName 'Bill'\n}",
        UPDATE,
        status="4xx",
    ),
}
# The manifest's mf:entries, in its order: every entry is reconstructed above.
MANIFEST_ENTRIES = [
    "query_post_form",
    "query_dataset_default_graphs_get",
    "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post",
    "query_dataset_named_graphs_get",
    "query_dataset_full",
    "query_multiple_dataset",
    "query_get",
    "query_content_type_select",
    "query_content_type_ask",
    "query_content_type_describe",
    "query_content_type_construct",
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_post_form",
    "update_post_direct",
    "update_base_uri",
    "query_post_direct",
    "bad_query_method",
    "bad_multiple_queries",
    "bad_query_wrong_media_type",
    "bad_query_missing_form_type",
    "bad_query_missing_direct_type",
    "bad_query_non_utf8",
    "bad_query_syntax",
    "bad_update_get",
    "bad_multiple_updates",
    "bad_update_wrong_media_type",
    "bad_update_missing_form_type",
    "bad_update_non_utf8",
    "bad_update_syntax",
    "bad_update_dataset_conflict",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("w3c"), "--example", EXAMPLE, "--workers", "2", "--quiet")
    yield running
    assert running.stop() == 0


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    return ET.fromstring(body).find(f"{SRX}boolean").text == "true"


def _check(case: Case, status: int, headers: dict[str, str], body: bytes) -> None:
    if case.status == "2xx":
        assert 200 <= status < 400, body[:300]
    elif case.status == "403":
        assert status == 403 and b"read-only" in body, (status, body[:300])
    else:
        assert 400 <= status < 500, (status, body[:300])
        return
    media = headers.get("content-type", "").split(";")[0].strip()
    if case.result == "boolean":
        assert media in BOOLEAN_TYPES
    elif case.result == "tabular":
        assert media in SOLUTION_TYPES
        value = json.loads(body)["results"]["bindings"][0]["value"]["value"] if media.endswith("json") else None
        assert value in (None, "1")
    elif case.result == "RDF":
        assert media in RDF_TYPES
        rdflib.Graph().parse(data=body.decode(), format=RDF_TYPES[media])
    if case.boolean is not None:
        assert _boolean(media, body) is case.boolean


def test_every_manifest_entry_is_reconstructed():
    assert list(CASES) == MANIFEST_ENTRIES


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_protocol(server, name):
    case = CASES[name]
    before = server.get("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")[2]
    for step in (case, *case.follow_up):
        headers = {"Content-Type": step.content_type} if step.content_type else {}  # http.client adds none itself
        status, answer_headers, body = server.request(step.method, step.path, step.body, headers)
        _check(step, status, answer_headers, body)
    assert server.get("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")[2] == before


def test_construct_resolves_relative_iris_against_the_endpoint(server):
    """query_content_type_construct uses <s> and <p>: the service's BASE is the endpoint URL."""
    status, headers, body = server.request(
        "POST",
        "/sparql/",
        b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        {"Content-Type": DIRECT, "Accept": "application/n-triples"},
    )
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode(), format="nt")
    base = server.endpoint.rsplit("/", 1)[0]
    assert set(graph) == {(rdflib.URIRef(base + "/s"), rdflib.URIRef(base + "/p"), rdflib.Literal(1))}
