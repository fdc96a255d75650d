"""`stratalign serve` as a real process, spoken to with real HTTP requests.

Protocol forms (GET, POST form, POST sparql-query), every result format by
Accept, CONSTRUCT in Turtle/N-Triples/JSON-LD, the service description, the
refusals (update, Graph Store writes, SERVICE, FROM <url>), the deadline and the
row cap, the findings graph, the query page, CORS, the bind address, and 20
concurrent clients. Every request has a timeout; the fixture kills the process.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import markupsafe
import pytest
import rdflib
from click.testing import CliRunner
from conftest import require
from serve_process import Server

from alignment.analyze import analyze
from alignment.queries import get_query, named_queries
from ontology.examples import example_path
from ontology.loaders import load_model
from stratalign.cli import cli

EXAMPLE = "esbjerg-2020"
FINDINGS = "https://w3id.org/stratalign/findings"
SA = "https://w3id.org/stratalign#"
MAX_ROWS = 200
TIMEOUT = 2
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(
        tmp_path_factory.mktemp("serve"),
        "--example",
        EXAMPLE,
        "--timeout",
        str(TIMEOUT),
        "--max-rows",
        str(MAX_ROWS),
        "--workers",
        "2",
    )
    yield running
    assert running.stop() == 0  # SIGTERM stops it cleanly


@pytest.fixture(scope="module")
def embedded():
    return load_model([example_path(EXAMPLE)])


def rows(body: bytes) -> list[tuple]:
    doc = json.loads(body)
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in doc["results"]["bindings"])


def embedded_rows(model, query: str) -> list[tuple]:
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in model.store.query(query).bindings)


GOALS = f"PREFIX sa: <{SA}> SELECT ?goal WHERE {{ ?goal a sa:Goal }} ORDER BY ?goal"


# -- the protocol ------------------------------------------------------------------


def test_get_post_form_and_post_query_give_the_same_answer(server, embedded):
    expected = embedded_rows(embedded, GOALS)
    status, headers, body = server.get(GOALS)
    assert status == 200 and headers["content-type"] == "application/sparql-results+json"
    assert rows(body) == expected
    form = urllib.parse.urlencode({"query": GOALS}).encode()
    status, _, body = server.request("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and rows(body) == expected
    status, _, body = server.request("POST", "/sparql", GOALS.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and rows(body) == expected


def test_each_result_format_by_accept(server, embedded):
    count = len(embedded_rows(embedded, GOALS))
    status, headers, body = server.get(GOALS, "application/sparql-results+xml")
    assert status == 200 and headers["content-type"] == "application/sparql-results+xml"
    assert len(ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == count
    status, headers, body = server.get(GOALS, "text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["goal"] and len(table) == count + 1
    status, headers, body = server.get(GOALS, "text/tab-separated-values")
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?goal" and len(lines) == count + 1 and lines[1].startswith("<https://")
    status, headers, body = server.get(GOALS, "application/json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == count
    status, headers, _ = server.get(GOALS, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert headers["content-type"] == "application/sparql-results+xml"
    status, headers, _ = server.get(GOALS, format="tsv")
    assert headers["content-type"].startswith("text/tab-separated-values")
    status, _, body = server.get(GOALS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


def test_ask(server):
    status, _, body = server.get(f"ASK {{ ?g a <{SA}Goal> }}")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = server.get("ASK { ?s ?p 'nothing like this' }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>false</boolean>" in body


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
    ids=["turtle", "n-triples", "json-ld", "rdf-xml"],
)
def test_construct_in_each_rdf_format(server, embedded, accept, rdflib_format):
    query = f"PREFIX sa: <{SA}> CONSTRUCT {{ ?p sa:hasGoal ?g }} WHERE {{ ?p sa:hasGoal ?g }}"
    status, headers, body = server.get(query, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=body.decode(), format=rdflib_format)
    expected = rdflib.Graph().parse(data=embedded.store.query(query).ntriples.decode(), format="nt")
    assert set(graph) == set(expected) and len(graph) > 0


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("params", "accept", "media_type"),
    [
        ({"format": "xml"}, "application/rdf+xml", "application/rdf+xml"),  # SPARQLWrapper's CONSTRUCT default
        ({"format": "xml"}, None, "application/rdf+xml"),  # xml names RDF/XML for a graph
        ({"format": "csv"}, "text/turtle", "text/turtle"),  # Accept wins over a format a graph cannot have
        ({"format": "csv"}, "*/*", "text/turtle"),
        ({"format": "n3"}, None, "text/turtle"),
        ({"format": "json"}, None, "application/ld+json"),
        ({"format": "rdf+xml", "output": "application/rdf+xml"}, None, "application/rdf+xml"),
        ({"format": "tsv", "output": "nt"}, None, "application/n-triples"),  # the first servable name
        ({}, "text/n3", "text/turtle"),
        ({"format": "bogus"}, None, None),  # nothing servable asked for: 406
        ({"format": "csv"}, "text/csv", None),
    ],
    ids=[
        "xml-with-accept",
        "xml",
        "csv-accept-turtle",
        "csv-accept-any",
        "n3",
        "json",
        "two-names",
        "second-name",
        "accept-n3",
        "unknown",
        "nothing-servable",
    ],
)
def test_construct_format_names_and_accept(server, embedded, params, accept, media_type):
    query = f"PREFIX sa: <{SA}> CONSTRUCT {{ ?p sa:hasGoal ?g }} WHERE {{ ?p sa:hasGoal ?g }}"
    status, headers, body = server.get(query, accept, **params)
    if media_type is None:
        assert status == 406 and b"text/turtle" in body
        return
    assert status == 200 and headers["content-type"].split(";")[0] == media_type
    syntax = {
        "text/turtle": "turtle",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
        "application/n-triples": "nt",
    }[media_type]
    expected = rdflib.Graph().parse(data=embedded.store.query(query).ntriples.decode(), format="nt")
    assert set(rdflib.Graph().parse(data=body.decode(), format=syntax)) == set(expected)


def test_a_select_format_name_the_result_cannot_have_yields_to_accept(server, embedded):
    status, headers, body = server.get(GOALS, "application/sparql-results+json", format="turtle")
    assert status == 200 and headers["content-type"] == "application/sparql-results+json"
    assert rows(body) == embedded_rows(embedded, GOALS)
    status, _, _ = server.get(GOALS, None, format="turtle")
    assert status == 406


def test_the_service_description_answers_rdf_xml(server):
    status, headers, body = server.request("GET", "/sparql?format=xml")
    assert status == 200 and headers["content-type"] == "application/rdf+xml"
    graph = rdflib.Graph().parse(data=body.decode(), format="xml")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#Service")) in graph


def test_describe(server):
    goal = next(iter(json.loads(server.get(GOALS)[2])["results"]["bindings"]))["goal"]["value"]
    status, headers, body = server.get(f"DESCRIBE <{goal}>", "text/turtle")
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert (rdflib.URIRef(goal), rdflib.RDF.type, rdflib.URIRef(SA + "Goal")) in graph


def test_malformed_query_is_400_with_the_parsers_message(server):
    status, headers, body = server.get("SELECT * WHERE { ?s ?p ")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.startswith(b"SPARQL syntax error: error at 1:")
    # Regression: an empty query parameter answered 200 with the service description, so a
    # client that lost its query text read RDF it had not asked for as its results.
    for path in ("/sparql?query=", "/query?query=%20", "/sparql?query=&query=ASK%7B%7D"):
        status, _, body = server.request("GET", path)
        assert status == 400 and b"exactly one non-empty query" in body, path
    status, _, body = server.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and b"sd:Service" in body  # no query parameter at all: the description


def test_service_description(server):
    for path, accept in (("/sparql", "text/turtle"), ("/service-description", None)):
        status, headers, body = server.request("GET", path, headers={"Accept": accept} if accept else {})
        assert status == 200 and headers["content-type"].startswith("text/turtle")
        graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
        sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
        service = next(graph.subjects(rdflib.RDF.type, sd.Service))
        assert str(service) == server.endpoint
        assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
        assert (None, sd.name, rdflib.URIRef(FINDINGS)) in graph
    status, headers, _ = server.request("GET", "/sparql", headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["content-type"] == "application/ld+json"


# -- safe by default ---------------------------------------------------------------


def _count(server) -> int:
    return int(
        json.loads(server.get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])["results"]["bindings"][0]["n"]["value"]
    )


def test_every_update_and_graph_store_write_is_refused(server):
    before = _count(server)
    insert = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    attempts = [
        (
            "POST",
            "/sparql",
            urllib.parse.urlencode({"update": insert}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        ("POST", "/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}),
        ("POST", "/update", insert.encode(), {"Content-Type": "application/sparql-update"}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": insert}), None, {}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": "PREFIX e: <http://e/#x>\n# c\nDROP ALL"}), None, {}),
        ("POST", "/store?default", b"<http://e/a> <http://e/b> <http://e/c> .", {"Content-Type": "text/turtle"}),
        (
            "PUT",
            "/store?graph=http%3A%2F%2Fe%2Fg",
            b"<http://e/a> <http://e/b> <http://e/c> .",
            {"Content-Type": "text/turtle"},
        ),
        ("DELETE", "/store?default", None, {}),
        ("POST", "/sparql", b"<http://e/a> <http://e/b> <http://e/c> .", {"Content-Type": "application/n-triples"}),
    ]
    for method, path, body, headers in attempts:
        status, _, answer = server.request(method, path, body, headers)
        assert 400 <= status < 500, (method, path, status)
        assert b"read-only" in answer, (method, path, answer)
    assert _count(server) == before


_TURTLE = b"<http://e/a> <http://e/b> <http://e/c> ."
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "says"),
    [
        pytest.param("GET", "/nowhere", None, {}, 404, b"the query page is /", id="get-unknown-path"),
        pytest.param(
            "POST", "/nowhere", b"query=ASK%7B%7D", _FORM, 404, b"the endpoint is /sparql\n", id="post-unknown-path"
        ),
        pytest.param(
            "POST",
            "/nowhere",
            b"INSERT DATA {}",
            {"Content-Type": "application/sparql-update"},
            403,
            b"SPARQL Update",
            id="update-body-beats-path",
        ),
        pytest.param(
            "POST",
            "/update",
            _TURTLE,
            {"Content-Type": "text/turtle"},
            403,
            b"SPARQL Update",
            id="update-path-beats-rdf-body",
        ),
        pytest.param(
            "POST",
            "/nowhere",
            _TURTLE,
            {"Content-Type": "text/turtle"},
            405,
            b"Graph Store write",
            id="rdf-body-beats-path",
        ),
        pytest.param("GET", "/update", None, {}, 403, b"SPARQL Update", id="get-update-path"),
        pytest.param("GET", "/nowhere?update=x", None, {}, 403, b"SPARQL Update", id="update-parameter-beats-path"),
        pytest.param(
            "POST",
            "/sparql",
            b"x",
            {"Content-Type": "text/html"},
            415,
            b"application/sparql-query",
            id="post-other-body",
        ),
        pytest.param(
            "POST",
            "/sparql",
            b"ASK {}",
            {"Content-Type": "text/plain"},
            415,
            b"application/sparql-query",
            id="post-query-as-plain-text",  # regression: 405 "Graph Store write is refused"
        ),
        pytest.param(
            "POST",
            "/store",
            b"<urn:a> <urn:b> <urn:c> .",
            {"Content-Type": "text/plain"},
            405,
            b"Graph Store write",
            id="post-n-triples-as-plain-text-to-the-store",
        ),
        pytest.param("GET", "/favicon.ico", None, {}, 204, b"", id="favicon"),
        pytest.param(
            "GET",
            "/sparql/?query=ASK%7B%7D",
            None,
            {"Accept": "application/sparql-results+json"},
            200,
            b'"boolean"',
            id="trailing-slash",
        ),
        pytest.param(
            "GET",
            "/service-description?query=ASK%7B%7D",
            None,
            {"Accept": "text/turtle"},
            200,
            b"sd:Service",
            id="description-ignores-query",
        ),
        pytest.param("GET", "/query", None, {"Accept": "text/turtle"}, 200, b"sd:Service", id="endpoint-without-query"),
    ],
)
def test_each_route_answers_as_the_table_says(server, method, path, body, headers, status, says):
    got, _, answer = server.request(method, path, body, headers)
    assert got == status, answer
    assert says in answer


class _Bait(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", "37")
        self.end_headers()
        self.wfile.write(b"<http://e/a> <http://e/p> <http://e/b> .")

    do_POST = do_GET

    def log_message(self, *args):
        pass


def test_service_is_refused_and_from_fetches_nothing(server):
    bait = ThreadingHTTPServer(("127.0.0.1", 0), _Bait)
    threading.Thread(target=bait.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{bait.server_address[1]}"
    try:
        status, _, body = server.get(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")
        assert status == 403 and b"SERVICE" in body
        status, _, body = server.get(f"SELECT * WHERE {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}")
        assert status == 403
        status, _, body = server.get(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}")
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
        status, _, body = server.get(f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
        assert _Bait.hits == 0
    finally:
        bait.shutdown()
        bait.server_close()


def test_a_slow_query_is_stopped_at_the_timeout_and_the_server_recovers(server, embedded):
    started = time.monotonic()
    status, _, body = server.get(CROSS_JOIN)
    took = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert TIMEOUT <= took < TIMEOUT + 5
    # The worker was replaced: answers keep coming, and correctly.
    for _ in range(5):
        status, _, body = server.get(GOALS)
        assert status == 200 and rows(body) == embedded_rows(embedded, GOALS)


def test_results_are_capped_at_max_rows(server):
    assert _count(server) > MAX_ROWS
    status, headers, body = server.get("SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["x-sparql-maxrows"] == str(MAX_ROWS)
    status, headers, body = server.get("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and len(body.decode().strip().splitlines()) == MAX_ROWS
    assert headers["x-sparql-maxrows"] == str(MAX_ROWS)
    status, headers, _ = server.get(GOALS)
    assert "x-sparql-maxrows" not in headers


def test_large_request_bodies_are_refused(server):
    status, _, _ = server.request("POST", "/sparql", b"#" * 2_000_000, {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_binds_loopback_and_refuses_foreign_host_names(server):
    assert server.host == "127.0.0.1"
    tcp = Path("/proc/net/tcp")
    if tcp.exists():  # the listening socket itself: 0100007F is 127.0.0.1
        listening = [line.split()[1] for line in tcp.read_text().splitlines()[1:] if line.split()[3] == "0A"]
        assert f"0100007F:{server.port:04X}" in listening
        assert f"00000000:{server.port:04X}" not in listening
    # DNS rebinding: a page on another host name must not reach the loopback server.
    status, _, _ = server.request(
        "GET", "/sparql?" + urllib.parse.urlencode({"query": GOALS}), headers={"Host": f"evil.example:{server.port}"}
    )
    assert status == 403
    assert server.request("GET", "/", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_no_cors_headers_by_default(server):
    _, headers, _ = server.get(GOALS)
    assert not any(h.startswith("access-control-") for h in headers)
    _, headers, _ = server.request(
        "OPTIONS", "/sparql", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert not any(h.startswith("access-control-") for h in headers)


def test_cors_when_asked(tmp_path):
    other = Server(tmp_path, "--example", "horsens-2014", "--cors", "--workers", "1", "--quiet")
    try:
        _, headers, _ = other.get(GOALS)
        assert headers["access-control-allow-origin"] == "*"
        status, headers, _ = other.request(
            "OPTIONS",
            "/sparql",
            headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
        )
        assert status == 204 and "POST" in headers["access-control-allow-methods"]
    finally:
        assert other.stop() == 0


# -- the findings beside the model ------------------------------------------------


def test_the_findings_are_queryable_in_their_graph_and_in_the_default_graph(server, embedded):
    findings = analyze(embedded).findings
    in_graph = f"PREFIX sa: <{SA}> SELECT ?f ?kind WHERE {{ GRAPH <{FINDINGS}> {{ ?f a sa:Finding ; sa:kind ?kind }} }}"
    simple = f"PREFIX sa: <{SA}> SELECT ?f ?kind WHERE {{ ?f a sa:Finding ; sa:kind ?kind }}"
    named = rows(server.get(in_graph)[2])
    assert len(named) == len(findings) > 0
    assert sorted(dict(r)["kind"] for r in named) == sorted(f.kind for f in findings)
    assert rows(server.get(simple)[2]) == named
    # The protocol's default-graph-uri selects the findings alone: no goals there.
    status, _, body = server.get(GOALS, **{"default-graph-uri": FINDINGS})
    assert status == 200 and rows(body) == []
    assert rows(server.get(simple, **{"default-graph-uri": FINDINGS})[2]) == named
    # And the library's query that joins findings with labels has something to join.
    status, _, body = server.get(get_query("findings-with-labels").text)
    assert status == 200 and json.loads(body)["results"]["bindings"]


# -- the page for people ----------------------------------------------------------


def test_the_page_lists_every_named_query_and_loads_nothing_from_elsewhere(server):
    status, headers, body = server.request("GET", "/", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    for named in named_queries():
        assert f'value="{named.name}"' in page
    assert "nonce-" in headers["content-security-policy"] and "default-src 'none'" in headers["content-security-policy"]
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)  # self-contained
    status, _, body = server.request("GET", "/?name=goals-by-plan&load=1", headers={"Accept": "text/html"})
    assert status == 200 and "SELECT" in body.decode() and 'value="goals-by-plan" selected' in body.decode()


def test_the_page_shows_results_as_a_table_with_labels_escaped(server):
    query = 'SELECT ?x ?goal WHERE { BIND("<script>alert(1)</script>" AS ?x) ?goal a <https://w3id.org/stratalign#Goal> } LIMIT 2'
    status, _, body = server.get(query, "text/html", path="/")
    page = body.decode()
    assert status == 200 and '<table id="results">' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('<tr><td class="num">') == 2
    status, _, body = server.get("SELECT * WHERE {", "text/html", path="/")
    assert status == 400 and "SPARQL syntax error" in body.decode() and 'id="error"' in body.decode()


@pytest.mark.parametrize(
    "accept_language, lang, words, foreign",
    [
        pytest.param(
            "da-DK,da;q=0.9,en;q=0.8",
            "da",
            ["Kør forespørgsel", "Navngiven forespørgsel", "Biblioteket af navngivne forespørgsler"],
            ["Run query", "Named query", " the "],
            id="da",
        ),
        pytest.param(
            "en-GB,en;q=0.9,da;q=0.5",
            "en",
            ["Run query", "Named query", "The library of named queries"],
            ["Kør", "forespørgsel"],
            id="en",
        ),
        pytest.param("", "da", ["Kør forespørgsel"], ["Run query"], id="no-header-serve-lang"),
    ],
)
def test_the_page_speaks_the_browser_s_language(server, accept_language, lang, words, foreign):
    headers = {"Accept": "text/html", **({"Accept-Language": accept_language} if accept_language else {})}
    query = urllib.parse.urlencode({"query": "SELECT ?goal WHERE { ?goal a <https://w3id.org/stratalign#Goal> }"})
    status, response, body = server.request("GET", "/?" + query, headers=headers)
    page = body.decode()
    assert status == 200 and f'<html lang="{lang}">' in page and response["content-language"] == lang
    assert "Accept-Language" in response["vary"]
    for word in words:
        assert word in page
    visible = re.sub(
        r"<script.*?</script>|<style.*?</style>|<code>.*?</code>|<textarea.*?</textarea>", "", page, flags=re.S
    )
    for word in foreign:
        assert word not in visible, word
    for named in named_queries():
        assert str(markupsafe.escape(named.describe(lang))) in page
    assert re.search(r'id="summary">\d+ (rækker|række)' if lang == "da" else r'id="summary">\d+ rows?', page)


CHROMIUM = Path("/usr/bin/chromium")


def test_the_page_in_a_real_browser(server, embedded):
    """Pick a named query, run it, see the table; no console error (CSP holds), no request off loopback."""
    require(CHROMIUM.exists(), "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require(False, "playwright is not installed (pip install -e '.[test]')")
    errors: list[str] = []
    foreign: list[str] = []
    with sync_playwright() as manager:
        browser = manager.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on(
                "request",
                lambda request: foreign.append(request.url) if not request.url.startswith(server.base) else None,
            )
            page.goto(server.base + "/")
            page.select_option("#named", "goals-by-plan")
            assert page.input_value("#query") == get_query("goals-by-plan").text
            page.click("#run-button")
            page.wait_for_selector("#results")
            shown = page.locator("#results tbody tr").count()
            assert shown == len(embedded.store.query(get_query("goals-by-plan").text))
            assert "goals-by-plan" not in page.url  # Run sends only the query
        finally:
            browser.close()
    assert errors == [] and foreign == []


# -- many clients -------------------------------------------------------------------

CONCURRENT_QUERIES = [
    "goals-by-plan",
    "plans",
    "labels",
    "shared-goal",
    "uncovered-goal",
    "element-plans",
    "goal-texts",
    "covered-goals",
]


def test_twenty_concurrent_clients_all_get_correct_answers(server, embedded):
    jobs = [get_query(CONCURRENT_QUERIES[i % len(CONCURRENT_QUERIES)]).text for i in range(20)]
    expected = {text: embedded_rows(embedded, text) for text in set(jobs)}
    barrier = threading.Barrier(20, timeout=30)

    def client(text: str):
        barrier.wait()
        answers = []
        for _ in range(3):
            status, _, body = server.get(text)
            answers.append((status, rows(body) if status == 200 else body))
        return text, answers

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(client, jobs, timeout=120))
    took = time.monotonic() - started
    assert len(results) == 20
    for text, answers in results:
        for status, got in answers:
            assert status == 200 and got == expected[text]
    assert took < 60


def test_the_analysis_runs_against_the_served_endpoint(server):
    runner = CliRunner()
    remote = runner.invoke(cli, ["analyze", "--endpoint", server.endpoint, "--format", "json"], catch_exceptions=False)
    embedded = runner.invoke(cli, ["analyze", "--example", EXAMPLE, "--format", "json"], catch_exceptions=False)
    assert (
        remote.exit_code == 0 and remote.stdout == embedded.stdout
    )  # the findings in the default graph change nothing
    # A result cut off at --max-rows is an error for a client that needs every row, never a silent gap.
    cut = runner.invoke(
        cli, ["query", "--endpoint", server.endpoint, "-q", "SELECT * WHERE { ?s ?p ?o }"], catch_exceptions=False
    )
    assert cut.exit_code == 2 and f"cut the result off at {MAX_ROWS} rows" in cut.stderr


@pytest.mark.parametrize(
    ("args", "duplicate_pairs"),
    [pytest.param((), 1, id="undecided"), pytest.param(("--decisions",), 0, id="decided-not-duplicate")],
)
def test_serve_takes_duplicate_decisions(tmp_path, args, duplicate_pairs) -> None:
    """`serve --decisions FILE`: the served findings graph leaves out the decided pair, as `analyze` does."""
    data = Path(__file__).parent / "data" / "decisions"
    extra = (*args, str(data / "not-duplicate.ttl")) if args else ()
    running = Server(tmp_path, str(data / "model.yaml"), *extra, "--workers", "1", "--quiet")
    try:
        query = (
            f'PREFIX sa: <{SA}> SELECT (COUNT(?f) AS ?n) WHERE {{ GRAPH <{FINDINGS}> {{ ?f sa:kind "duplicate-goal" ; '
            "sa:subject <https://e.org/g-a>, <https://e.org/g-b> } }"
        )
        status, _, body = running.get(query, accept="application/sparql-results+json")
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == duplicate_pairs
    finally:
        assert running.stop() == 0


def test_a_graph_the_store_does_not_hold_is_404(server):
    """Regression: GET /store?graph=… of a graph that is not there answered 200 with an empty body, so a
    mistyped graph IRI looked like an empty graph (Graph Store Protocol: 404)."""
    status, _, answer = server.request("GET", "/store?graph=" + urllib.parse.quote("urn:none", safe=""), None, {})
    assert status == 404 and b"no graph <urn:none>" in answer
    status, _, answer = server.request("GET", "/store?default", None, {"Accept": "application/n-triples"})
    assert status == 200 and answer.count(b" .\n") > 100
