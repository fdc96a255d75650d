"""Nothing is fetched at run time: an audit hook fails on any socket or URL opening.

Audit hooks cannot be removed once installed, so each check runs in its own
interpreter. `serve` runs with a recording hook in the server and in its query
workers, and a loopback server that counts requests stands in for a remote one
(Oxigraph's own HTTP client, in Rust, is invisible to Python's audit hooks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from test_serve import Server

from ontology.examples import example_names

ROOT = Path(__file__).resolve().parent.parent

GUARD = textwrap.dedent(
    """
    import sys

    def deny(event, args):
        if event.startswith(("socket.", "urllib.Request")) and event not in ("socket.__new__", "socket.gethostname"):
            raise RuntimeError(f"network access during an offline command: {event} {args!r}")

    sys.addaudithook(deny)
    from stratalign.cli import cli
    cli(sys.argv[1:], prog_name="stratalign")
    """
)


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "--format", "json"],
        ["report", "-o", "{tmp}/report.html"],
        ["graph", "--view", "coverage", "-o", "{tmp}/view.html"],
    ],
    ids=["analyze", "report", "graph"],
)
def test_commands_open_no_socket_and_no_url(tmp_path, name, command):
    args = [a.format(tmp=tmp_path) for a in command] + ["--example", name]
    result = subprocess.run([sys.executable, "-c", GUARD, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "network access" not in result.stderr


def test_the_guard_itself_catches_a_connection(tmp_path):
    probe = GUARD.replace(
        'from stratalign.cli import cli\ncli(sys.argv[1:], prog_name="stratalign")',
        "import socket\nsocket.create_connection(('127.0.0.1', 9))",
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network access during an offline command" in result.stderr


# -- serve: refuses what would fetch, and fetches nothing -----------------------------

# Installed in the server and in each of its query workers (every Python process that
# inherits PYTHONPATH imports sitecustomize): records, one JSON line per event, any
# socket activity towards a non-loopback address and any urllib request, plus one
# "started" line per process so the test knows the hook was live.
SITECUSTOMIZE = textwrap.dedent(
    """
    import ipaddress, json, os, sys

    _LOG = os.environ.get("STRATALIGN_TEST_AUDIT_LOG")

    def _loopback(host):
        if host is None or host in ("", "localhost", "localhost.localdomain"):
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _write(kind, event, detail):
        line = json.dumps({"kind": kind, "pid": os.getpid(), "event": event, "detail": repr(detail)[:300]}) + "\\n"
        fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    def _host_of(address):
        return address[0] if isinstance(address, tuple) and address else None

    def _hook(event, args):
        if event in ("socket.connect", "socket.sendto", "socket.bind"):
            address = args[1] if event != "socket.sendto" else args[-1]
            if isinstance(address, tuple) and not _loopback(_host_of(address)):
                _write("outbound", event, address)
        elif event == "socket.sendmsg" and len(args) > 1 and isinstance(args[-1], tuple):
            if not _loopback(_host_of(args[-1])):
                _write("outbound", event, args[-1])
        elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
            if not _loopback(args[0]):
                _write("outbound", event, args[0])
        elif event == "socket.getnameinfo":
            if not _loopback(_host_of(args[0])):
                _write("outbound", event, args[0])
        elif event.startswith("urllib.Request"):
            _write("outbound", event, args[0] if args else None)

    if _LOG:
        sys.addaudithook(_hook)
        _write("started", "sitecustomize", sys.argv[:3])
    """
)


class _Counter(BaseHTTPRequestHandler):
    """A loopback 'remote' that counts requests: Oxigraph's own (Rust) HTTP client is invisible to audit hooks."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).hits.append(self.path)
        body = b"<http://e/a> <http://e/p> <http://e/b> ."
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bait() -> Iterator[str]:
    _Counter.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def hooked_server(tmp_path_factory) -> Iterator[tuple[Server, Path]]:
    """`stratalign serve` with the audit hook in the server and in both query workers."""
    folder = tmp_path_factory.mktemp("serve-offline")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = folder / "audit.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))
        patch.setenv("STRATALIGN_TEST_AUDIT_LOG", str(log))
        running = Server(folder, "--example", "esbjerg-2020", "--workers", "2", "--timeout", "5", "--quiet")
    yield running, log
    assert running.stop() == 0


def _events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def _post_form(server: Server, field: str, text: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({field: text}).encode()
    status, _, answer = server.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
    return status, answer


def test_serve_refuses_service_and_updates_and_opens_no_outbound_socket(hooked_server, bait):
    server, log = hooked_server
    remote = "http://example.org"
    goals = "SELECT ?g WHERE { ?g a <https://w3id.org/stratalign#Goal> }"
    assert server.get(goals)[0] == 200  # the hook lets ordinary work through
    for target in (f"{remote}/sparql", f"{bait}/sparql"):
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?g a ?k . SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        ):
            status, _, body = server.get(query)
            assert status == 403 and b"SERVICE" in body, (query, status, body[:200])
            assert _post_form(server, "query", query)[0] == 403
        # FROM and the protocol's graph parameters only select graphs already in the store
        for query, params in (
            (f"SELECT * FROM <{target.replace('/sparql', '/x')}> WHERE {{ ?s ?p ?o }}", {}),
            (f"SELECT * FROM NAMED <{target}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
            ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": f"{target}/x"}),
            ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": f"{target}/x"}),
        ):
            status, _, body = server.get(query, **params)
            assert status == 200 and json.loads(body)["results"]["bindings"] == [], (query, params)
        # updates, including LOAD (the one that would fetch), by every route
        for update in (
            f"LOAD <{target}/data.ttl>",
            f"LOAD SILENT <{target}/data.ttl> INTO GRAPH <http://e/g>",
            "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        ):
            assert _post_form(server, "update", update)[0] == 403
            status, _, body = server.get(update)
            assert status == 403 and b"read-only" in body
            status, _, body = server.request(
                "POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}
            )
            assert status == 403 and b"read-only" in body
    status, _, body = server.get("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/b> ?o }")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"  # no update landed
    assert _Counter.hits == []  # nothing reached the loopback 'remote', from Python or from Oxigraph
    events = _events(log)
    assert len({e["pid"] for e in events if e["kind"] == "started"}) >= 3, events  # server and both workers hooked
    assert [e for e in events if e["kind"] == "outbound"] == []


def test_the_serve_hook_records_an_outbound_attempt(tmp_path):
    """The hook itself works: a connect, a lookup and a URL off loopback are recorded.

    A second hook, added after the recording one, stops each attempt before it leaves the machine.
    """
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    probe = textwrap.dedent(
        """
        import socket, sys, urllib.request

        class Stopped(Exception):
            pass

        def stop(event, args):
            if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
                raise Stopped(event)

        sys.addaudithook(stop)
        attempts = [
            lambda: socket.socket().connect(("192.0.2.1", 9)),  # TEST-NET-1
            lambda: socket.getaddrinfo("example.invalid", 80),
            lambda: urllib.request.urlopen("http://192.0.2.1:9/"),
        ]
        for attempt in attempts:
            try:
                attempt()
            except Stopped:
                pass
        """
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "STRATALIGN_TEST_AUDIT_LOG": str(log)}
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    outbound = {e["event"] for e in _events(log) if e["kind"] == "outbound"}
    assert {"socket.connect", "socket.getaddrinfo", "urllib.Request"} <= outbound


# Oxigraph needs no word boundary around a keyword, and `<` is an IRI or an operator by
# context: each spelling below reached Oxigraph's SERVICE (and the network) through an
# earlier lexical check in ontology/store.py (refuse_remote_access). Regression tests.


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE<{url}>{{?s ?p ?o}} }}",
        "SELECT * WHERE {{ ?g ?p ?o }} #\nSERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?g ?p ?o.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?g ?p 62SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?g ?p trueSERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ {{}}.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ [].SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX ex: <http://e/> SELECT * WHERE {{ ?g ?p ex:.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?g ?p ?o FILTER(?o<'a>b') SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?o != 'x') }}",
        "SELECT * WHERE {{ ?g ?p ?z FILTER(?z<1)SERVICE#>\n<{url}>{{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?g ?p ?o \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
    ids=[
        "no-spaces",
        "after-a-comment",
        "after-a-dot",
        "glued-to-a-number",
        "glued-to-true",
        "after-empty-group",
        "after-blank-node",
        "after-empty-local-name",
        "after-a-less-than",
        "less-than-then-comment",
        "codepoint-escape",
    ],
)
def test_serve_refuses_service_however_it_is_spelled(hooked_server, bait, template):
    server, _ = hooked_server
    before = len(_Counter.hits)
    status, _, body = server.get(template.format(url=f"{bait}/sparql"))
    fetched = len(_Counter.hits) - before
    assert fetched == 0, f"the server fetched {bait} ({status} {body[:120]!r})"
    assert status == 403 and b"SERVICE" in body


def test_an_evaluation_error_is_an_answer_not_a_dead_worker(bait):
    """Regression: pyoxigraph's RuntimeError (here a SERVICE answer it cannot read) killed the query worker."""
    import pyoxigraph as ox

    from stratalign.serve.worker import Job, evaluate

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    # evaluate() is below the server's SERVICE check: the counting server answers Turtle, not SPARQL results
    reply = evaluate(store, Job(f"SELECT * WHERE {{ SERVICE <{bait}/sparql> {{ ?s ?p ?o }} }}"))
    assert reply.status == 500 and b"query evaluation failed" in reply.body
