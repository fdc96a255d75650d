"""Query evaluation in worker processes, so that a query past its deadline can be stopped.

pyoxigraph evaluates a query inside Rust without returning to Python, so a thread
cannot interrupt it. Each query therefore runs in one of a few worker processes
that hold the store open read-only (RocksDB allows many read-only openers). When
a query outlives its deadline the parent kills that worker with SIGKILL, answers
503, and starts a fresh worker in the background; nothing partial is sent.

Every check of a query's text runs here too, inside the same deadline
(:func:`screen`): the request threads of the server never parse SPARQL. A query
is refused when it is an update, when it holds ``SERVICE`` anywhere, or when the
checking parser cannot read it. The check is rdflib's SPARQL 1.1 grammar, a real
parser rather than a keyword scan, given the text with the two lexical rules
rdflib and Oxigraph apply differently made equal first (see :func:`check_text`).
As a second wall the worker process cannot open an internet socket at all
(:func:`deny_network`, Linux seccomp), so even a query that slipped past the
check could not fetch anything.

>>> Reply.error(400, "bad").status
400
>>> update_keyword("PREFIX ex: <http://e/#x> # comment\\r INSERT DATA { }")
'INSERT'
"""

from __future__ import annotations

import functools
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
from dataclasses import KW_ONLY, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ontology import GRAPH_RESULTS, SERVICE_REFUSED, check_text, shape_problem, update_keyword

from .formats import GRAPH_FORMATS, HTML, SOLUTION_FORMATS, Format, choose, offered

__all__ = [
    "Job",
    "Reply",
    "WorkerPool",
    "check_text",
    "deny_network",
    "evaluate",
    "screen",
    "term_json",
    "update_keyword",
]

log = logging.getLogger("stratalign.serve")

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {f.name: f.rdf_format for f in GRAPH_RESULTS}


@dataclass(frozen=True)
class Job:
    """One query to evaluate, with its protocol dataset and the client's format wishes.

    Only the query is positional; the rest are named (``Job(text, accept=…, max_rows=…)``).
    """

    query: str
    _: KW_ONLY
    accept: str | None = None
    format: str | tuple[str, ...] | None = None  # the ?format= names, tried before Accept
    html: bool = False  # the query page may render the result
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)
    check: bool = True  # the worker runs screen() first; False only for the server's own queries
    base_iri: str | None = None  # the service's BASE for relative IRIs (the endpoint URL)


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
    names = (job.format,) if isinstance(job.format, str) else job.format or ()
    return choose(names, job.accept, offers + ((HTML,) if job.html else ()))


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


# -- the checks before evaluation ---------------------------------------------------

# update_keyword() and check_text() (ontology.store.sparqltext) run first, then the parser.
#: The checking parser recurses once per triple pattern and per nesting level: it runs
#: on its own thread with this much stack, and a query that needs more depth is refused.
#: 200,000 frames fit in 256 MiB (measured: 30,000 nested groups stop at the limit in
#: 8 s; 20,000 triple patterns parse in 20 s, so the deadline comes first).
_PARSE_STACK_BYTES = 256 * 1024 * 1024
_PARSE_RECURSION = 200_000


class _ServiceFound(Exception):
    """Raised from inside the parser the moment a SERVICE pattern matches (stops the parse)."""


_GRAMMAR: list[Any] = []
_GRAMMAR_LOCK = threading.Lock()
_CHECKING: list[int | None] = [None]  # the thread whose parse the SERVICE hook stops (no other rdflib parse)


def _query_grammar() -> Any:
    """rdflib's SPARQL 1.1 query grammar, with a hook that stops the check at the first SERVICE pattern.

    The hook runs for every match of the SERVICE rule, also while the parser tries
    an alternative it may drop later: it can only refuse more, never less. It acts
    only on the check's own parsing thread, so other users of rdflib in the same
    process (tests, embedding programs) parse as before.
    """
    if not _GRAMMAR:
        from rdflib.plugins.sparql import parser

        def found() -> None:
            if threading.get_ident() == _CHECKING[0]:
                raise _ServiceFound

        parser.ServiceGraphPattern.add_parse_action(found, call_during_try=True)
        _GRAMMAR.append(parser.Query)
    return _GRAMMAR[0]


def _parse(text: str) -> None:
    """Parse ``text`` as a SPARQL 1.1 query on a thread with a deep stack; raise what the parser raises."""
    grammar = _query_grammar()
    failure: list[BaseException] = []

    def run() -> None:
        _CHECKING[0] = threading.get_ident()
        try:
            grammar.parse_string(text, parse_all=True)
        except BaseException as err:  # handed to the caller's thread
            failure.append(err)
        finally:
            _CHECKING[0] = None

    with _GRAMMAR_LOCK:
        previous_limit = sys.getrecursionlimit()
        try:
            previous_stack = threading.stack_size(_PARSE_STACK_BYTES)
            try:
                thread = threading.Thread(target=run, name="stratalign-check", daemon=True)
                sys.setrecursionlimit(_PARSE_RECURSION)
                thread.start()
            finally:
                threading.stack_size(previous_stack)
        except (RuntimeError, ValueError, MemoryError):  # no room for the deep stack: the usual one and limit
            sys.setrecursionlimit(previous_limit)
            thread = threading.Thread(target=run, name="stratalign-check", daemon=True)
            thread.start()
        try:
            thread.join()
        finally:
            sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]


def _mentions_service(sparql: str) -> bool:
    """Whether a query the parser could not read has SERVICE outside names, strings and comments (for the message only)."""
    if "ervic" not in sparql.lower():  # cheap first (the scan below reads each character several times)
        return False
    from ontology import QueryError, refuse_remote_access

    try:
        refuse_remote_access(sparql)
    except QueryError:
        return True
    return False


def screen(job: Job) -> Reply | None:
    """The refusal for ``job``'s query — an update, a SERVICE, text the check cannot read — else None.

    Runs in the worker, inside the request's deadline: the parse is rdflib's, and
    its cost (about 1 s per 1,000 triple patterns) is bounded by ``--timeout``.

    >>> screen(Job("SELECT * WHERE { OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }")).status
    403
    >>> screen(Job("SELECT * WHERE { ?s <http://e/service> ?service }")) is None
    True
    """
    verdict = _verdict_cached(job.query) if len(job.query) <= _CACHED_TEXT else _verdict(job.query)
    return Reply.error(*verdict) if verdict else None


#: Verdicts on query texts up to this size are kept (the library's rule queries, a page's
#: named queries and a client's repeated queries take 20–200 ms each to parse).
_CACHED_TEXT = 16 * 1024  # with 256 entries at most 4 MB of text per worker


def _verdict(sparql: str) -> tuple[int, str] | None:
    """:func:`screen`'s answer as (status, message), or None."""
    from pyparsing import ParseBaseException

    keyword = update_keyword(sparql)
    if keyword:
        return 403, f"this endpoint is read-only: SPARQL Update ({keyword}) is refused"
    # before any parser: Oxigraph's crashes the worker at ~5,000 nested brackets or ~10,000 chained
    # operators (exit 139, answered 500), and its planner stalls on a group of a few hundred patterns
    problem = shape_problem(sparql)
    if problem is not None:
        return 400, problem
    try:
        _parse(check_text(sparql))
    except _ServiceFound:
        return 403, SERVICE_REFUSED
    except ParseBaseException as err:
        # Refused either way; the answer names SERVICE when the text seems to ask for one, since
        # that is the likelier trouble with, say, `?o.SERVICE` or `62SERVICE` than the syntax.
        if _mentions_service(sparql):
            return 403, SERVICE_REFUSED
        return 400, f"SPARQL syntax error: error at {err.lineno}:{err.col}: {err.msg}"
    except RecursionError:
        return 400, "the query is nested too deeply (or has too many triple patterns in one group) to check"
    return None


_verdict_cached = functools.lru_cache(maxsize=256)(_verdict)


def evaluate(store: ox.Store, job: Job) -> Reply:
    """Run one query on ``store`` and serialise at most ``job.max_rows`` rows (or triples)."""
    started = time.perf_counter()
    try:
        options: dict[str, Any] = {"base_iri": job.base_iri} if job.base_iri else {}
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
        return Reply(
            200, chosen.media_type, result.serialize(format=_RESULT_FORMATS[name]) or b"", "ask", 1, html=chosen is HTML
        )
    if isinstance(result, ox.QuerySolutions):
        chosen = _choose(job, SOLUTION_FORMATS)
        if chosen is None:
            return Reply.error(406, f"SELECT results are available as {offered(SOLUTION_FORMATS)}")
        variables = [v.value for v in result.variables]
        bindings: list[dict[str, Any]] = []
        truncated = False
        for solution in result:
            if len(bindings) >= job.max_rows:
                truncated = True
                break
            bindings.append({v: term_json(solution[v]) for v in variables if solution[v] is not None})
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode(
            "utf-8"
        )
        if chosen is not HTML and chosen.name != "json":
            # pyoxigraph writes every standard format; it reads back the capped rows first.
            body = (
                ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
                    format=_RESULT_FORMATS[chosen.name]
                )
                or b""
            )
        return Reply(200, chosen.media_type, body or b"", "select", len(bindings), truncated, chosen is HTML)
    chosen = _choose(job, GRAPH_FORMATS)
    if chosen is None:
        return Reply.error(406, f"CONSTRUCT and DESCRIBE results are available as {offered(GRAPH_FORMATS)}")
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) >= job.max_rows:
            truncated = True
            break
        triples.append(triple)
    name = "nt" if chosen is HTML else chosen.name
    prefixes = job.prefixes if name in ("ttl", "rdfxml") else None
    body = (
        ox.serialize(triples, format=_RDF_FORMATS[name], prefixes=prefixes)
        if prefixes
        else ox.serialize(triples, format=_RDF_FORMATS[name])
    ) or b""
    if not body and name == "jsonld":
        body = b"[]"
    return Reply(200, chosen.media_type, body or b"", "graph", len(triples), truncated, chosen is HTML)


# -- the worker process's own walls ---------------------------------------------------

# seccomp-BPF: socket(AF_INET or AF_INET6, …) fails with EACCES; everything else is allowed
# (the worker talks to the server over an inherited Unix socket). Per machine: the audit
# arch and the socket() system call number.
_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 1, 38, 22, 2


def _prctl(*args: int) -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(*(ctypes.c_ulong(a) for a in args)) == 0
    except (OSError, AttributeError):
        return False


def deny_network() -> bool:
    """Forbid this process to open IPv4 and IPv6 sockets from now on (Linux seccomp); whether it worked.

    Oxigraph performs ``SERVICE`` itself and cannot be told not to (pyoxigraph 0.5
    has no option for it), so the worker makes sure that even a query the check
    let through could reach no host: the engine's connect fails, the query gets
    an error, nothing leaves the machine. Elsewhere than Linux on x86-64 or ARM64
    this returns False and the check before evaluation is the only wall.
    """
    import ctypes
    import platform
    import struct

    if not sys.platform.startswith("linux") or platform.machine() not in _SECCOMP_ARCH:
        return False
    arch, socket_call = _SECCOMP_ARCH[platform.machine()]

    def op(code: int, jump_true: int, jump_false: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jump_true, jump_false, k)

    load, equal, at_least, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K
    allow, refuse = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = b"".join(
        [  # jump offsets count from the next instruction
            op(load, 0, 0, 4),  # 0: seccomp_data.arch
            op(equal, 0, 7, arch),  # 1: another ABI (32-bit calls): refuse whatever it asks
            op(load, 0, 0, 0),  # 2: seccomp_data.nr
            op(at_least, 5, 0, 0x40000000),  # 3: the x32 ABI's numbers: refuse
            op(equal, 0, 3, socket_call),  # 4: not socket(): allow
            op(load, 0, 0, 16),  # 5: args[0], the address family (low 32 bits)
            op(equal, 2, 0, socket.AF_INET),  # 6
            op(equal, 1, 0, socket.AF_INET6),  # 7
            op(ret, 0, 0, allow),  # 8
            op(ret, 0, 0, refuse),  # 9
        ]
    )

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    buffer = ctypes.create_string_buffer(program)
    fprog = _Program(len(program) // 8, ctypes.addressof(buffer))
    if not _prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _worker_main(conn: Connection, location: str, parent: int = 0) -> None:
    """A worker process: open the store read-only, then answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the parent, which stops us
    # Die with the server, even mid-query and even when it was killed (SIGKILL leaves it no time to stop us).
    if (
        sys.platform.startswith("linux")
        and _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        and parent
        and os.getppid() != parent
    ):
        return  # the server was gone before the signal was set up
    isolated = deny_network()
    try:
        store = ox.Store.read_only(location)
        _query_grammar()  # import the checking parser now, not on the first request
    except OSError as err:
        conn.send(("failed", str(err)))
        return
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if job is None:
            return
        reply = screen(job) if job.check else None
        conn.send(reply or evaluate(store, job))


class _Worker:
    """One ``python -m stratalign.serve.worker`` child, talking pickled jobs over a socket pair.

    A plain subprocess rather than :mod:`multiprocessing`: spawning re-imports the
    caller's main module, which breaks any embedding script without a main guard.
    """

    def __init__(self, location: str) -> None:
        ours, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])  # so the child imports this very package
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "stratalign.serve.worker", str(theirs.fileno()), location, str(os.getpid())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self._closing = threading.Lock()
        self._closed = False

    def wait_ready(self, seconds: float) -> bool:
        """Wait until the worker answers jobs; whether its network is shut (:func:`deny_network`)."""
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
        return bool(detail)

    def kill(self) -> None:
        """Stop the child and close its socket, once: a stop and a request thread may both get here.

        The request thread whose query the stop interrupted replaces its worker while the pool's
        close() kills the same one; the second close of the socket raised EBADF (exit 1 after
        "stopped"), and could have closed a descriptor the number had been given to since.
        """
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        with self._closing:
            if self._closed:
                return
            self._closed = True
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the read-only store at ``location``; :meth:`run` applies the deadline.

    A request that finds every worker busy waits up to the same deadline for one,
    then gets 503 as well. Every worker is started from one long-lived thread of
    the pool: a worker asks Linux to kill it when the thread that started it ends
    (``PR_SET_PDEATHSIG``), so that it dies with the server even mid-query.
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
        self.isolated = True  # every worker runs without network access (deny_network)
        self._spawns: queue.Queue[queue.Queue[Any] | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="stratalign-spawner", daemon=True)
        self._spawner.start()
        try:
            starting = [self._spawn() for _ in range(size)]
            self._workers.update(starting)
            for worker in starting:
                self.isolated &= worker.wait_ready(self.STARTUP_SECONDS)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise
        if not self.isolated:
            log.warning(
                "the query workers could not shut off their network access (seccomp); SERVICE is still refused by the query check"
            )

    def _spawn_loop(self) -> None:
        while True:
            done = self._spawns.get()
            if done is None:
                return
            try:
                done.put(_Worker(self._location))
            except BaseException as err:  # handed to the thread that asked
                done.put(err)

    def _spawn(self) -> _Worker:
        done: queue.Queue[Any] = queue.Queue(1)
        self._spawns.put(done)
        made = done.get()
        if isinstance(made, BaseException):
            raise made
        return made

    def run(self, job: Job, timeout: float) -> Reply:
        """Check and evaluate ``job`` in a worker; 503 when both take longer than ``timeout`` seconds."""
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
            if self._closed:
                return Reply.error(503, "the server is stopping")
            return Reply.error(
                500, "the query worker died while evaluating the query (out of memory?); it has been restarted"
            )
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
            worker = self._spawn()
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
                self._workers.add(worker)
            self.isolated &= worker.wait_ready(self.STARTUP_SECONDS)
            self._idle.put(worker)
        except Exception as err:  # the pool shrinks; requests still time out cleanly
            log.error("could not restart a query worker: %s", err)

    def close(self) -> None:
        """Stop every worker: an idle one is asked to, one busy with a query is killed at once.

        A busy worker reads the request to stop only after its query, which may run
        until the deadline; killing it is what keeps a stop within a second or so.
        """
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        idle: set[_Worker] = set()
        while True:
            try:
                idle.add(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in workers:
            if worker in idle:
                try:
                    worker.conn.send(None)
                except (OSError, ValueError):
                    worker.process.kill()
            else:
                worker.process.kill()
        deadline = time.monotonic() + 1
        for worker in workers:
            try:
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            worker.kill()
        self._spawns.put(None)


if __name__ == "__main__":  # started by _Worker: python -m stratalign.serve.worker FD LOCATION PARENT_PID
    # Run from the module under its real name, so replies unpickle as stratalign.serve.worker.Reply.
    from stratalign.serve import worker as _module

    _module._worker_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
