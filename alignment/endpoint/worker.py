"""Query evaluation in worker processes, so that a query past its deadline can be stopped.

pyoxigraph evaluates a query inside Rust without returning to Python, so a thread
cannot interrupt it. Each query therefore runs in one of a few worker processes
that hold the store open read-only (RocksDB allows many read-only openers). When
a query outlives its deadline the parent kills that worker with SIGKILL, answers
503, and starts a fresh worker in the background; nothing partial is sent.

>>> Reply.error(400, "bad").status
400
"""
from __future__ import annotations

import json
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .formats import GRAPH_FORMATS, HTML, SOLUTION_FORMATS, Format, by_name, negotiate, offered

__all__ = ["Job", "Reply", "WorkerPool", "evaluate", "term_json"]

log = logging.getLogger("stratalign.serve")

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Job:
    """One query to evaluate, with its protocol dataset and the client's format wishes."""

    query: str
    accept: str | None = None
    format: str | None = None  # ?format= overrides Accept
    html: bool = False  # the query page may render the result
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """An HTTP answer. ``kind`` is select, ask, graph or error; ``html`` asks the parent to render the page.

    For ``html`` replies the body is SPARQL JSON (select, ask) or N-Triples (graph).
    """

    status: int
    media_type: str
    body: bytes
    kind: str = "error"
    rows: int = 0
    truncated: bool = False
    html: bool = False
    seconds: float = 0.0

    @classmethod
    def error(cls, status: int, message: str) -> "Reply":
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    @property
    def message(self) -> str:
        return self.body.decode("utf-8", "replace").strip() if self.kind == "error" else ""


def _choose(job: Job, offers: tuple[Format, ...]) -> Format | None:
    if job.format:
        return by_name(job.format, offers)
    return negotiate(job.accept, offers + ((HTML,) if job.html else ()))


def term_json(term: Any) -> dict[str, Any]:
    """A term as SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    raise TypeError(f"unexpected term {term!r}")


def evaluate(store: ox.Store, job: Job) -> Reply:
    """Run one query on ``store`` and serialise at most ``job.max_rows`` rows (or triples)."""
    started = time.perf_counter()
    try:
        options: dict[str, Any] = {}
        if job.default_graphs is not None or job.named_graphs is not None:
            # SPARQL Protocol: once either list is given, the two lists are the whole dataset.
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
        result = store.query(job.query, **options)
        reply = _serialise(result, job)
    except SyntaxError as err:
        reply = Reply.error(400, f"SPARQL syntax error: {err}")
    except ValueError as err:  # an invalid graph IRI
        reply = Reply.error(400, f"bad request: {err}")
    except (OSError, RuntimeError) as err:  # pyoxigraph raises RuntimeError for some evaluation errors
        reply = Reply.error(500, f"query evaluation failed: {err}")
    reply.seconds = time.perf_counter() - started
    return reply


def _serialise(result: Any, job: Job) -> Reply:
    if isinstance(result, ox.QueryBoolean):
        chosen = _choose(job, SOLUTION_FORMATS)
        if chosen is None:
            return Reply.error(406, f"an ASK result is available as {offered(SOLUTION_FORMATS)}")
        name = "json" if chosen is HTML else chosen.name
        return Reply(200, chosen.media_type, result.serialize(format=_RESULT_FORMATS[name]), "ask", 1, html=chosen is HTML)
    if isinstance(result, ox.QuerySolutions):
        chosen = _choose(job, SOLUTION_FORMATS)
        if chosen is None:
            return Reply.error(406, f"SELECT results are available as {offered(SOLUTION_FORMATS)}")
        variables = [v.value for v in result.variables]
        bindings, truncated = [], False
        for solution in result:
            if len(bindings) >= job.max_rows:
                truncated = True
                break
            bindings.append({v: term_json(solution[v]) for v in variables if solution[v] is not None})
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
        if chosen is not HTML and chosen.name != "json":
            # pyoxigraph writes every standard format; it reads back the capped rows first.
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[chosen.name])
        return Reply(200, chosen.media_type, body or b"", "select", len(bindings), truncated, chosen is HTML)
    chosen = _choose(job, GRAPH_FORMATS)
    if chosen is None:
        return Reply.error(406, f"CONSTRUCT and DESCRIBE results are available as {offered(GRAPH_FORMATS)}")
    triples, truncated = [], False
    for triple in result:
        if len(triples) >= job.max_rows:
            truncated = True
            break
        triples.append(triple)
    name = "nt" if chosen is HTML else chosen.name
    prefixes = job.prefixes if name in ("ttl", "rdfxml") else None
    body = ox.serialize(triples, format=_RDF_FORMATS[name], prefixes=prefixes) if prefixes else ox.serialize(triples, format=_RDF_FORMATS[name])
    if not body and name == "jsonld":
        body = b"[]"
    return Reply(200, chosen.media_type, body or b"", "graph", len(triples), truncated, chosen is HTML)


def _worker_main(conn: Connection, location: str) -> None:
    """A worker process: open the store read-only, then answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the parent, which stops us
    try:
        store = ox.Store.read_only(location)
    except OSError as err:
        conn.send(("failed", str(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if job is None:
            return
        conn.send(evaluate(store, job))


class _Worker:
    """One ``python -m alignment.endpoint.worker`` child, talking pickled jobs over a socket pair.

    A plain subprocess rather than :mod:`multiprocessing`: spawning re-imports the
    caller's main module, which breaks any embedding script without a main guard.
    """

    def __init__(self, location: str) -> None:
        ours, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])  # so the child imports this very package
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "alignment.endpoint.worker", str(theirs.fileno()), location],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    def wait_ready(self, seconds: float) -> None:
        try:
            if not self.conn.poll(seconds):
                raise RuntimeError(f"a query worker did not start within {seconds:g} s")
            state, detail = self.conn.recv()
        except (EOFError, OSError):
            state, detail = "failed", f"it exited with code {self.process.poll()}"
        except RuntimeError:
            self.kill()
            raise
        if state != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not start: {detail}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the read-only store at ``location``; :meth:`run` applies the deadline.

    A request that finds every worker busy waits up to the same deadline for one,
    then gets 503 as well.
    """

    STARTUP_SECONDS = 60.0

    def __init__(self, location: str, size: int) -> None:
        self._location = location
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self.size = size
        self.killed = 0
        starting = [_Worker(location) for _ in range(size)]
        self._workers.update(starting)
        try:
            for worker in starting:
                worker.wait_ready(self.STARTUP_SECONDS)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def run(self, job: Job, timeout: float) -> Reply:
        """Evaluate ``job`` in a worker; 503 when it takes longer than ``timeout`` seconds."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Reply.error(503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again later")
        healthy = False
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                healthy = True
                return reply
            return Reply.error(
                503,
                f"query stopped: it ran longer than the time limit of {timeout:g} s (serve --timeout); "
                "narrow the patterns or add a LIMIT",
            )
        except (EOFError, OSError):
            return Reply.error(500, "the query worker died while evaluating the query (out of memory?); it has been restarted")
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
            self.killed += 1
            if self._closed:
                return
        threading.Thread(target=self._start_one, name="stratalign-respawn", daemon=True).start()

    def _start_one(self) -> None:
        try:
            worker = _Worker(self._location)
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
                self._workers.add(worker)
            worker.wait_ready(self.STARTUP_SECONDS)
            self._idle.put(worker)
        except Exception as err:  # the pool shrinks; requests still time out cleanly
            log.error("could not restart a query worker: %s", err)

    def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 2
        for worker in workers:
            try:
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            worker.kill()


if __name__ == "__main__":  # started by _Worker: python -m alignment.endpoint.worker FD LOCATION
    # Run from the module under its real name, so replies unpickle as alignment.endpoint.worker.Reply.
    from alignment.endpoint import worker as _module

    _module._worker_main(Connection(int(sys.argv[1])), sys.argv[2])
