"""Every analysis against a real Oxigraph server: `stratalign load`, then `--endpoint` (and `--graph`).

The fixture starts `oxigraph serve` on a free loopback port with a temporary
location, loads each bundled example into a named graph of its own (and
horsens-2014 into the default graph too), and the tests compare what the
commands print with the embedded run.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import require
from synthetic import synthetic_ntriples  # tests/synthetic.py

from ontology.examples import example_names
from ontology.store import EndpointStore
from stratalign.cli import cli

GRAPH = "https://example.org/stratalign-test/"
DEFAULT_EXAMPLE = "horsens-2014"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answers: up
        except OSError:
            time.sleep(0.1)
    return False


def _start_oxigraph(folder: Path, *options: str) -> tuple[subprocess.Popen, int, IO[bytes]]:
    """`oxigraph serve OPTIONS` on a free loopback port: (process, port, its log file)."""
    for _attempt in range(5):  # a free port can be taken between probe and bind: try again
        port = free_port()
        log = open(folder / "server.log", "ab")  # noqa: SIM115 - closed by the caller
        process = subprocess.Popen(
            [OXIGRAPH, "serve", *options, "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT
        )
        if _wait_until_up(f"http://127.0.0.1:{port}/", process):
            return process, port, log
        process.kill()
        process.wait(10)
        log.close()
    pytest.fail("oxigraph serve did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])


def _stop(process: subprocess.Popen, log: IO[bytes] | None = None, grace: float = 10) -> None:
    """Stop a server process: SIGTERM, then SIGKILL after ``grace`` seconds; close its log."""
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    if log is not None:
        log.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real `oxigraph serve` with every example loaded by `stratalign load`: (query URL, load outputs)."""
    require(Path(OXIGRAPH).is_file(), "the oxigraph server binary (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    process, port, log = _start_oxigraph(folder, "--location", str(folder / "db"))
    url = f"http://127.0.0.1:{port}/query"
    outputs = {}
    try:
        for name in example_names():
            result = invoke("load", "--example", name, "--endpoint", url, "--graph", GRAPH + name, "--lang", "en")
            assert result.exit_code == 0, result.output
            outputs[name] = result.stdout
        result = invoke("load", "--example", DEFAULT_EXAMPLE, "--endpoint", url)
        assert result.exit_code == 0, result.output
        outputs["default"] = result.stdout
        yield url, outputs
    finally:
        _stop(process, log)


def _triples(name: str) -> int:
    result = invoke("query", "--example", name, "-q", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    return int(result.stdout.split()[1])


@pytest.mark.parametrize("name", example_names())
def test_load_reports_how_many_triples_went_in(oxigraph, name):
    _, outputs = oxigraph
    count = _triples(name)
    assert outputs[name].startswith(f"loaded {count} triples into <{GRAPH + name}>")
    assert "Graph Store Protocol" in outputs[name]
    assert outputs[name].rstrip().endswith(f"it now holds {count} triples")


def test_load_says_what_it_did_in_danish_by_default(oxigraph):
    """Like every command, `load` speaks Danish unless --lang en (its line was English only)."""
    from alignment.rules.conflict import format_number

    _, outputs = oxigraph
    count = format_number(str(_triples(DEFAULT_EXAMPLE)), "da")
    assert outputs["default"].startswith(f"lagde {count} tripler i standardgrafen via ")
    assert "triples" not in outputs["default"] and "loaded" not in outputs["default"]


@pytest.mark.parametrize("name", example_names())
def test_analyze_on_the_server_gives_exactly_the_embedded_findings(oxigraph, name):
    url, _ = oxigraph
    embedded = invoke("analyze", "--example", name, "--format", "json")
    remote = invoke("analyze", "--endpoint", url, "--graph", GRAPH + name, "--format", "json")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == embedded.stdout  # the same JSON, byte for byte
    assert json.loads(remote.stdout)["findings"]


def test_graph_scopes_the_analysis_to_one_example(oxigraph):
    url, _ = oxigraph
    names = example_names()
    per_graph = {
        n: json.loads(invoke("analyze", "--endpoint", url, "--graph", GRAPH + n, "--format", "json").stdout)
        for n in names
    }
    for name, analysis in per_graph.items():
        subjects = {s for f in analysis["findings"] for s in f["subjects"]}
        assert all(f"/example/{name}/" in s for s in subjects), name  # nothing from the other examples
    # Without --graph the default graph is read: it holds horsens-2014 alone.
    unscoped = invoke("analyze", "--endpoint", url, "--format", "json")
    assert unscoped.stdout == invoke("analyze", "--example", DEFAULT_EXAMPLE, "--format", "json").stdout


def test_check_and_query_run_on_the_server(oxigraph):
    url, _ = oxigraph
    name = "esbjerg-2020"
    embedded = invoke("check", "--example", name, "--format", "json")
    remote = invoke("check", "--endpoint", url, "--graph", GRAPH + name, "--format", "json")

    def results(done) -> list[dict]:  # a model on a server has no file and line: everything else is the same
        return [{k: v for k, v in f.items() if k != "location"} for f in json.loads(done.stdout)["findings"]]

    assert remote.exit_code == embedded.exit_code == 1
    assert results(remote) == results(embedded) != []
    args = ("--name", "goals-by-plan", "--format", "csv")
    assert (
        invoke("query", "--endpoint", url, "--graph", GRAPH + name, *args).stdout
        == invoke("query", "--example", name, *args).stdout
    )
    construct = "CONSTRUCT { ?p <https://w3id.org/stratalign#hasGoal> ?g } WHERE { ?p <https://w3id.org/stratalign#hasGoal> ?g }"
    remote_graph = invoke("query", "--endpoint", url, "--graph", GRAPH + name, "-q", construct).stdout
    embedded_graph = invoke("query", "--example", name, "-q", construct).stdout
    assert _triple_set(remote_graph) == _triple_set(embedded_graph) != set()


def _triple_set(turtle: str) -> set:
    return set(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))


def test_convert_reads_the_whole_graph_from_the_server(oxigraph):
    url, _ = oxigraph
    name = "esbjerg-2025"
    remote = invoke("convert", "--endpoint", url, "--graph", GRAPH + name, "--to", "nt")
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(
        invoke("convert", "--example", name, "--to", "nt").stdout.splitlines()
    )


def test_load_falls_back_to_sparql_update(oxigraph):
    url, _ = oxigraph
    base = url.rsplit("/", 1)[0]
    graph = GRAPH + "via-update"
    result = invoke(
        "load",
        "--example",
        "esbjerg-2020",
        "--endpoint",
        url,
        "--graph",
        graph,
        "--store-url",
        base + "/no-graph-store-here",
    )
    assert result.exit_code == 0, result.output
    assert "SPARQL Update" in result.stdout and f"via {base}/update" in result.stdout
    scoped = invoke("analyze", "--endpoint", url, "--graph", graph, "--format", "json")
    assert scoped.stdout == invoke("analyze", "--example", "esbjerg-2020", "--format", "json").stdout


def test_unreachable_endpoint_exits_2_with_one_line():
    port = free_port()  # bound and released: nothing listens there
    result = invoke("analyze", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "cannot reach endpoint" in result.stderr and "Traceback" not in result.stderr


def test_http_errors_exit_2_with_one_line(oxigraph):
    url, _ = oxigraph
    wrong = url.rsplit("/", 1)[0] + "/nope"
    result = invoke("analyze", "--endpoint", wrong)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "answered 404" in result.stderr
    bad = invoke("query", "--endpoint", url, "-q", "SELECT * WHERE {")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "answered 400" in bad.stderr


def test_service_is_refused_before_anything_is_sent(oxigraph):
    url, _ = oxigraph
    result = invoke("query", "--endpoint", url, "-q", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2 and "SERVICE" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--graph", "not an iri"), "absolute IRI"),
        (("--endpoint", "ftp://example.org/sparql"), "http(s) URL"),
    ],
    ids=["graph-not-iri", "not-http"],
)
def test_bad_endpoint_arguments_exit_2(args, message):
    base = ["analyze"] + ([] if "--endpoint" in args else ["--endpoint", "http://127.0.0.1:9/query"])
    result = invoke(*base, *args)
    assert result.exit_code == 2 and message in result.stderr


class _HtmlPage(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<html><body><h1>Welcome</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_server_that_answers_html_is_a_clear_error():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HtmlPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = invoke("analyze", "--endpoint", f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2
    assert "not SPARQL results" in result.stderr and result.stderr.count("\n") == 1


def test_load_with_a_bad_file_sends_nothing(oxigraph, tmp_path):
    url, _ = oxigraph
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    graph = GRAPH + "broken"
    result = invoke("load", broken, "--endpoint", url, "--graph", graph)
    assert result.exit_code == 2 and "broken.ttl" in result.stderr
    count = invoke(
        "query",
        "--endpoint",
        url,
        "--graph",
        graph,
        "-q",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "--format",
        "csv",
    )
    assert count.stdout.split()[1] == "0"


def test_report_and_graph_run_on_the_server(oxigraph):
    url, _ = oxigraph
    name = "esbjerg-2020"
    remote = json.loads(invoke("report", "--endpoint", url, "--graph", GRAPH + name, "--format", "json").stdout)
    embedded = json.loads(invoke("report", "--example", name, "--format", "json").stdout)
    assert remote.pop("sources") == [url] and embedded.pop("sources")
    assert remote == embedded
    args = ("--format", "graphml")
    assert (
        invoke("graph", "--endpoint", url, "--graph", GRAPH + name, *args).stdout
        == invoke("graph", "--example", name, *args).stdout
    )


# -- complete or refused ------------------------------------------------------

#: a synthetic model whose labels (10,111 rows) and triples (38,432) pass the first probe's 10,001 rows
BIG = (10, 100, 9)


@pytest.fixture(scope="module")
def big_model(oxigraph, tmp_path_factory) -> tuple[Path, str]:
    """The BIG model as a file and loaded into a graph of the Oxigraph server: (file, graph IRI)."""
    path = tmp_path_factory.mktemp("big") / "big.nt"
    path.write_text(synthetic_ntriples(*BIG), encoding="utf-8")
    url, _ = oxigraph
    assert invoke("load", path, "--endpoint", url, "--graph", GRAPH + "big").exit_code == 0
    return path, GRAPH + "big"


@pytest.fixture
def probes(monkeypatch) -> list[int]:
    """The row counts every completeness probe of the test asks for."""
    asked: list[int] = []
    real = EndpointStore._probe

    def counting(self, rows):
        asked.append(rows)
        return real(self, rows)

    monkeypatch.setattr(EndpointStore, "_probe", counting)
    return asked


@pytest.mark.parametrize(
    ("command", "largest", "most_probes"),
    [
        (("analyze", "--format", "json"), 10_111, 2),
        (("convert", "--to", "nt"), 38_432, 0),  # the server's count proves the whole graph complete
    ],
    ids=["analyze", "convert"],
)
def test_an_uncapped_server_passes_the_completeness_check_at_little_cost(
    oxigraph, big_model, probes, command, largest, most_probes
):
    url, _ = oxigraph
    model, graph = big_model
    remote = invoke(*command, "--endpoint", url, "--graph", graph)
    assert remote.exit_code == 0, remote.output
    embedded = invoke(*command, model).stdout
    if command[0] == "convert":
        assert sorted(remote.stdout.splitlines()) == sorted(embedded.splitlines())
    else:
        assert remote.stdout == embedded
    # At most two probes of one-digit CSV rows, each at most twice the largest result: a few hundred KB.
    assert min(1, most_probes) <= len(probes) <= most_probes and all(rows <= 2 * largest + 1 for rows in probes), probes


@pytest.fixture(scope="module")
def union_oxigraph(tmp_path_factory):
    """`oxigraph serve --union-default-graph` holding esbjerg-2020 in two named graphs: the query URL."""
    require(Path(OXIGRAPH).is_file(), "the oxigraph server binary (pip install oxigraph)")
    process, port, log = _start_oxigraph(tmp_path_factory.mktemp("union"), "--union-default-graph")
    url = f"http://127.0.0.1:{port}/query"
    try:
        for copy in ("first", "second"):
            assert (
                invoke("load", "--example", "esbjerg-2020", "--endpoint", url, "--graph", GRAPH + copy).exit_code == 0
            )
        yield url
    finally:
        _stop(process, log)


@pytest.mark.parametrize(
    "command",
    [
        ("analyze", "--format", "json"),
        ("check",),
        ("report", "--format", "json"),
        ("graph", "--format", "graphml"),
        ("convert", "--to", "nt"),
    ],
    ids=["analyze", "check", "report", "graph", "convert"],
)
def test_a_union_default_graph_holding_the_model_twice_asks_for_graph(union_oxigraph, command):
    # Was exit 3: "duplicate item key" (every rule saw each row twice).
    result = invoke(*command, "--endpoint", union_oxigraph)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "--graph" in result.stderr and union_oxigraph in result.stderr
    # the model's triples, counted by writing it out: each is there twice
    distinct = sum(
        1 for line in invoke("convert", "--example", "esbjerg-2020", "--to", "nt").stdout.splitlines() if line.strip()
    )
    assert f"{2 * distinct:,} triples of which {distinct:,} are distinct" in result.stderr


def test_one_graph_of_a_union_server_gives_the_embedded_findings(union_oxigraph):
    remote = invoke("analyze", "--endpoint", union_oxigraph, "--graph", GRAPH + "second", "--format", "json")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == invoke("analyze", "--example", "esbjerg-2020", "--format", "json").stdout


class _CuttingProxy(BaseHTTPRequestHandler):
    """Forwards to a real server and cuts its answers at ``limit`` rows or triples, unmarked."""

    upstream = ""
    limit = 0
    cut = ("application/sparql-results+json", "text/csv", "application/n-triples")

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        forwarded = urllib.request.Request(
            self.upstream,
            data=body,
            method="POST",
            headers={"Content-Type": self.headers["Content-Type"], "Accept": self.headers["Accept"]},
        )
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(forwarded, timeout=60) as answer:
            media, data = answer.headers.get("Content-Type", ""), answer.read()
        kind = media.split(";")[0].strip()
        if kind in self.cut and kind == "application/sparql-results+json":
            doc = json.loads(data)
            if "results" in doc:
                doc["results"]["bindings"] = doc["results"]["bindings"][: self.limit]
            data = json.dumps(doc).encode("utf-8")
        elif kind in self.cut:
            lines = data.splitlines(keepends=True)
            data = b"".join(lines[: self.limit + (kind == "text/csv")])  # CSV: the header, then rows
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    ("cut", "command", "message"),
    [
        # Like Virtuoso's ResultSetMaxRows without its header: the probe finds the limit.
        (_CuttingProxy.cut, ("analyze", "--format", "json"), "returns at most 1000 rows per result"),
        (_CuttingProxy.cut, ("convert", "--to", "nt"), "returns at most 1000 rows per result"),
        # Only CONSTRUCT answers cut (the probe passes): the server's own count catches it.
        (("application/n-triples",), ("convert", "--to", "nt"), "sent 1000 of the 38432 triples"),
    ],
    ids=["row-cap-analyze", "row-cap-convert", "construct-cut-convert"],
)
def test_a_server_that_cuts_results_unmarked_is_refused(oxigraph, big_model, cut, command, message):
    url, _ = oxigraph
    _, graph = big_model
    handler = type("Proxy", (_CuttingProxy,), {"upstream": url, "limit": 1000, "cut": cut})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = f"http://127.0.0.1:{server.server_address[1]}/query"
    try:
        result = invoke(*command, "--endpoint", proxy, "--graph", graph)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and proxy in result.stderr and message in result.stderr


class _AnytimeAnswer(BaseHTTPRequestHandler):
    """Virtuoso's "anytime" answer: the rows found before its time limit, marked by X-SQL-State."""

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("X-SQL-State", "S1TAT")
        self.send_header("X-SQL-Message", "RC...: Returning incomplete results, query interrupted by result timeout")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_partial_answer_at_the_time_limit_is_refused():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AnytimeAnswer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = invoke(
            "analyze", "--endpoint", f"http://127.0.0.1:{server.server_address[1]}/sparql", "--graph", GRAPH
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "time limit" in result.stderr and "incomplete results" in result.stderr
