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

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from alignment.cli import cli
from ontology.examples import example_names

from conftest import require

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


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real `oxigraph serve` with every example loaded by `stratalign load`: (query URL, load outputs)."""
    require(Path(OXIGRAPH).is_file(), "the oxigraph server binary (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    process = None
    for _attempt in range(5):  # a free port can be taken between probe and bind: try again
        port = free_port()
        log = open(folder / "server.log", "ab")  # noqa: SIM115 - closed in teardown
        process = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if _wait_until_up(f"http://127.0.0.1:{port}/", process):
            break
        process.kill()
        process.wait(10)
        log.close()
        process = None
    if process is None:
        pytest.fail("oxigraph serve did not start: " + (folder / "server.log").read_text(errors="replace")[-2000:])
    url = f"http://127.0.0.1:{port}/query"
    outputs = {}
    try:
        for name in example_names():
            result = invoke("load", "--example", name, "--endpoint", url, "--graph", GRAPH + name)
            assert result.exit_code == 0, result.output
            outputs[name] = result.stdout
        result = invoke("load", "--example", DEFAULT_EXAMPLE, "--endpoint", url)
        assert result.exit_code == 0, result.output
        outputs["default"] = result.stdout
        yield url, outputs
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


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
    per_graph = {n: json.loads(invoke("analyze", "--endpoint", url, "--graph", GRAPH + n, "--format", "json").stdout) for n in names}
    for name, analysis in per_graph.items():
        subjects = {s for f in analysis["findings"] for s in f["subjects"]}
        assert all(f"/example/{name}/" in s for s in subjects), name  # nothing from the other examples
    # Without --graph the default graph is read: it holds horsens-2014 alone.
    unscoped = invoke("analyze", "--endpoint", url, "--format", "json")
    assert unscoped.stdout == invoke("analyze", "--example", DEFAULT_EXAMPLE, "--format", "json").stdout


def test_check_and_query_run_on_the_server(oxigraph):
    url, _ = oxigraph
    name = "esbjerg-2020"
    embedded, remote = invoke("check", "--example", name), invoke("check", "--endpoint", url, "--graph", GRAPH + name)
    assert (remote.exit_code, remote.stdout) == (embedded.exit_code, embedded.stdout)
    args = ("--name", "goals-by-plan", "--format", "csv")
    assert invoke("query", "--endpoint", url, "--graph", GRAPH + name, *args).stdout == invoke("query", "--example", name, *args).stdout
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
    assert sorted(remote.stdout.splitlines()) == sorted(invoke("convert", "--example", name, "--to", "nt").stdout.splitlines())


def test_load_falls_back_to_sparql_update(oxigraph):
    url, _ = oxigraph
    base = url.rsplit("/", 1)[0]
    graph = GRAPH + "via-update"
    result = invoke("load", "--example", "esbjerg-2020", "--endpoint", url, "--graph", graph, "--store-url", base + "/no-graph-store-here")
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
    count = invoke("query", "--endpoint", url, "--graph", graph, "-q", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert count.stdout.split()[1] == "0"


def test_report_and_graph_run_on_the_server(oxigraph):
    url, _ = oxigraph
    name = "esbjerg-2020"
    remote = json.loads(invoke("report", "--endpoint", url, "--graph", GRAPH + name, "--format", "json").stdout)
    embedded = json.loads(invoke("report", "--example", name, "--format", "json").stdout)
    assert remote.pop("sources") == [url] and embedded.pop("sources")
    assert remote == embedded
    args = ("--format", "graphml")
    assert invoke("graph", "--endpoint", url, "--graph", GRAPH + name, *args).stdout == invoke("graph", "--example", name, *args).stdout
