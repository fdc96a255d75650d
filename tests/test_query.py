"""`stratalign query` in every format, the named-query library, and the store's safety."""

from __future__ import annotations

import csv
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import rdflib

from alignment.queries import get_query, named_queries
from ontology.errors import QueryError
from ontology.loaders import load_model
from ontology.store import OxigraphStore, RdflibStore, refuse_remote_access

GOALS = "PREFIX sa: <https://w3id.org/stratalign#> SELECT ?goal WHERE { ?goal a sa:Goal } ORDER BY ?goal"


def test_table_shortens_iris_with_the_model_prefixes(run, data):
    result = run("query", data / "yaml/demo.yaml", "-q", GOALS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "goal"
    assert lines[2:] == [":flere-borgere", ":iværksættere "]


def test_json_is_sparql_results_json(run, data):
    result = run("query", data / "yaml/demo.yaml", "-q", GOALS, "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["goal"]
    values = [b["goal"] for b in doc["results"]["bindings"]]
    assert values[0] == {"type": "uri", "value": "https://w3id.org/stratalign/example/demo/flere-borgere"}


def test_csv_and_tsv_follow_the_sparql_formats(run, data):
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(str(?label) = 'Bosætning') }"
    rows = list(csv.reader(io.StringIO(run("query", data / "yaml/demo.yaml", "-q", query, "--format", "csv").stdout)))
    assert rows == [["s", "label"], ["https://w3id.org/stratalign/example/demo/bosaetning", "Bosætning"]]
    tsv = run("query", data / "yaml/demo.yaml", "-q", query, "--format", "tsv").stdout.splitlines()
    assert tsv == ["?s\t?label", '<https://w3id.org/stratalign/example/demo/bosaetning>\t"Bosætning"@da']


def test_construct_gives_turtle(run, data):
    query = "PREFIX sa: <https://w3id.org/stratalign#> CONSTRUCT { ?p sa:hasGoal ?g } WHERE { ?p sa:hasGoal ?g }"
    result = run("query", data / "yaml/demo.yaml", "-q", query)
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 3
    assert "@prefix sa:" in result.stdout


def test_ask_prints_true_or_false(run, data):
    assert run("query", data / "yaml/demo.yaml", "-q", "ASK { ?s ?p ?o }").stdout == "true\n"
    assert (
        json.loads(run("query", data / "yaml/demo.yaml", "-q", "ASK { ?s ?p 42 }", "--format", "json").stdout)[
            "boolean"
        ]
        is False
    )


def test_query_from_file(run, data, tmp_path):
    (tmp_path / "q.rq").write_text(GOALS, encoding="utf-8")
    assert run("query", data / "yaml/demo.yaml", "--file", tmp_path / "q.rq", "--format", "csv").stdout.count("\n") == 3


@pytest.mark.parametrize("lang", ["da", "en"])
def test_list_shows_every_named_query_with_its_description(run, lang):
    result = run("query", "--list", "--lang", lang)
    assert result.exit_code == 0
    for named in named_queries():
        assert named.name in result.stdout and named.description and named.danish
        assert named.describe(lang) in result.stdout
        assert named.danish != named.description  # each file has its own Danish line, not a copy


@pytest.mark.parametrize("named", named_queries(), ids=lambda q: q.name)
def test_every_named_query_runs_unchanged_on_both_engines(named, data):
    """Portable SPARQL: each .rq gives the same rows on Oxigraph and on rdflib."""
    source = data / "yaml/tricky.yaml"
    oxi = load_model([source]).store.query(named.text)
    rdf = load_model([source], store=RdflibStore()).store.query(named.text)
    normalise = lambda r: sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in r.bindings)  # noqa: E731
    assert normalise(oxi) == normalise(rdf)


def test_named_query_by_name(run, data):
    result = run("query", data / "yaml/demo.yaml", "--name", "goals-by-plan", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4
    assert "goals-by-plan" == get_query("goals-by-plan").name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-q", "SELEC ?x"), "SPARQL syntax error"),
        (("--name", "nope"), "no named query 'nope'"),
        ((), "give exactly one of"),
    ],
    ids=["syntax-error", "unknown-name", "no-query"],
)
def test_query_errors_exit_2(run, data, args, message):
    result = run("query", data / "yaml/demo.yaml", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        pytest.param("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "INSERT", id="insert-data"),
        pytest.param("PREFIX e: <http://e/> # why\nDELETE WHERE { ?s ?p ?o }", "DELETE", id="prefixed-delete"),
        pytest.param("drop all", "DROP", id="drop"),
        pytest.param("LOAD <http://e/x.ttl>", "LOAD", id="load"),
    ],
)
def test_an_update_is_refused_as_one_not_as_a_syntax_error(run, data, text, keyword):
    """Regression: Oxigraph's query parser called INSERT DATA a syntax error ("expected CONSTRUCT")."""
    result = run("query", data / "yaml/demo.yaml", "-q", text)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"stratalign: error: --query: SPARQL Update ({keyword}) is refused: queries only read the model; "
        "change its files instead"
    )
    for store in (OxigraphStore(), RdflibStore()):
        with pytest.raises(QueryError, match=rf"SPARQL Update \({keyword}\) is refused"):
            store.query(text)
        assert len(store) == 0


class _Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<http://e/a> <http://e/p> <http://e/b> .")

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def bait_server():
    """A real HTTP server on loopback that counts every request it receives."""
    _Counting.hits = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counting
    server.shutdown()


@pytest.mark.parametrize("store_class", [OxigraphStore, RdflibStore], ids=["oxigraph", "rdflib"])
def test_service_and_from_fetch_nothing(bait_server, store_class):
    url, handler = bait_server
    store = store_class()
    with pytest.raises(QueryError, match="SERVICE"):
        store.query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}")
    result = store.query(f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}")
    assert len(result) == 0
    result = store.query(f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert len(result) == 0
    assert handler.hits == 0


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?service ?p ?o }", False),
        ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ?o }", False),
        ("SELECT * WHERE { ?s ?p 'SERVICE <x>' }", False),
        ("SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE", False),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?p = <http://e/service> || ?o IN (<http://e/Service>)) }", False),
        ("SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s <http://e/service> 1 } }", False),
        ("SELECT (COUNT(?s) AS ?services) WHERE { ?s a sd:Service }", False),
        ("SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p 62SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o FILTER(?o<'a>b') SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o \\u0053ERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o FILTER(" + "?o<1" * 3000 + ") }", False),
        # the grammar ends a comment at CR as well as LF: the keyword after a bare CR is code
        ("SELECT * WHERE { # c\rSERVICE <http://x/> { ?s ?p ?o } }", True),
        ("# top comment\rSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { #\rservice <http://x/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o } # c\r\n", False),
    ],
    ids=[
        "lowercase",
        "silent",
        "variable",
        "local-name",
        "in-string",
        "in-iri-and-comment",
        "iri-in-expression",
        "iri-in-exists",
        "sd-service",
        "after-a-dot",
        "glued-to-a-number",
        "less-than-hides-string",
        "codepoint-escape",
        "many-less-thans",
        "comment-ended-by-cr",
        "top-comment-ended-by-cr",
        "empty-comment-cr",
        "crlf-comment",
    ],
)
def test_service_detection_is_lexical_not_naive(query, refused):
    if refused:
        with pytest.raises(QueryError):
            refuse_remote_access(query)
    else:
        refuse_remote_access(query)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ASK { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }", id="parentheses-5000"),
        pytest.param("ASK { ?s ?p " + "[ ?p " * 200 + "1" + " ]" * 200 + " }", id="brackets-200"),
    ],
)
def test_a_query_nested_too_deeply_is_exit_2_not_a_crash(run, tmp_path, text):
    """Regression: 5,000 nested parentheses crashed the process in Oxigraph's parser (exit 139), and 200
    nested brackets ran for minutes; both are refused before any engine parses them, on both stores."""
    path = tmp_path / "deep.rq"
    path.write_text(text, encoding="utf-8")
    result = run("query", "--example", "esbjerg-2020", "-f", path)
    assert result.exit_code == 2
    assert "nests brackets" in result.output and "at most 64" in result.output
    for store in (OxigraphStore(), RdflibStore()):
        with pytest.raises(QueryError, match="nests brackets"):
            store.query(text)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        pytest.param('SELECT * { ?s ?p "((((" }', 1, id="string"),
        pytest.param("SELECT * { ?s ?p ?o } # ((((", 1, id="comment"),
        pytest.param("SELECT * { ?s <http://e/((((> ?o }", 1, id="iri"),
        pytest.param("ASK { FILTER(((1 < 2))) }", 4, id="less-than"),
        pytest.param("ASK { ?s ?p [ ?q [ ?r 1 ] ] }", 3, id="brackets"),
    ],
)
def test_nesting_is_counted_outside_strings_comments_and_iris(text, depth):
    from ontology import nesting_depth

    assert nesting_depth(text) == depth


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(
            "ASK { FILTER(" + " && ".join(["true"] * 12_000) + ") }", "chains 11,999 operators", id="and-12000"
        ),
        pytest.param(
            "ASK { ?s " + "/".join(["<http://e/p>"] * 5_000) + " ?o }", "4,999 triple patterns, path", id="path-5000"
        ),
        pytest.param("ASK { " + " . ".join(["?s <http://e/p> ?o"] * 256) + " }", "255 triple patterns", id="group-256"),
        pytest.param(
            "ASK { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 300 + "}", "300 triple patterns", id="optional-300"
        ),
    ],
)
def test_a_long_chain_or_group_is_exit_2_not_a_crash_or_a_stall(run, tmp_path, text, says):
    """Regression: 12,000 chained && crashed the process in Oxigraph's parser (exit 139, nothing said), and a
    path of 5,000 steps ran for over 15 minutes (the planner's time grows with the cube of its length)."""
    path = tmp_path / "long.rq"
    path.write_text(text, encoding="utf-8")
    result = run("query", "--example", "esbjerg-2020", "-f", path)
    assert result.exit_code == 2 and says in result.output, result.output
    for store in (OxigraphStore(), RdflibStore()):
        with pytest.raises(QueryError, match="at most"):
            store.query(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('SELECT * { ?s ?p 1.5 , 2.25 ; ex:q ex:a.b . ?s ex:r "a . b ; c" }', id="numbers-names-strings"),
        pytest.param("ASK { FILTER(?x IN (" + ", ".join(str(i) for i in range(5_000)) + ")) }", id="in-list-5000"),
        pytest.param("SELECT * { VALUES ?x { " + " ".join(str(i) for i in range(10_000)) + " } }", id="values-10000"),
        pytest.param(
            'ASK { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#int> FILTER(?s != ?p) }', id="datatype-not-equal"
        ),
    ],
)
def test_a_long_list_that_the_engine_answers_at_once_is_not_refused(text):
    from ontology import shape_problem

    assert shape_problem(text) is None


def test_no_shipped_query_comes_near_the_bounds(monkeypatch):
    from pathlib import Path

    import ontology.store.sparqltext as sparqltext

    # a quarter of each bound: every shipped query is far inside them
    monkeypatch.setattr(sparqltext, "MAX_GROUP", sparqltext.MAX_GROUP // 4)
    monkeypatch.setattr(sparqltext, "MAX_CHAIN", sparqltext.MAX_CHAIN // 4)
    root = Path(__file__).resolve().parents[1]
    shipped = sorted([*root.glob("alignment/queries/*.rq"), *root.glob("graphs/queries/*.rq")])
    assert len(shipped) > 50
    for path in shipped:
        assert sparqltext.shape_problem(path.read_text(encoding="utf-8-sig")) is None, path.name
