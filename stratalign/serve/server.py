"""A read-only SPARQL 1.1 Protocol server over a model and its findings (the library behind `serve`).

Built on the standard library's :class:`http.server.ThreadingHTTPServer`: the
protocol is a handful of GET/POST forms, the heavy work happens in the query
worker processes (:mod:`.worker`), and a web framework would add a dependency
without removing any of the safety work below.

Paths:

- ``/sparql`` (also ``/query`` and ``/``): the protocol endpoint — GET ``?query=``,
  POST form-encoded ``query=``, POST ``application/sparql-query``; with no query,
  ``/sparql`` answers the service description (Turtle unless asked otherwise);
- ``/``: the query page for people;
- ``/service-description``: the SPARQL 1.1 Service Description;
- ``/store?graph=IRI`` or ``/store?default``: Graph Store Protocol reads.

Safe by default: updates and Graph Store writes get 403/405 with the reason,
``SERVICE`` gets 403 before a query reaches the engine, ``FROM <url>`` only
selects graphs already in the store (Oxigraph never fetches), every query has a
deadline (:class:`~.worker.WorkerPool`) that covers its checks as well as its
evaluation (the request threads parse no SPARQL), and results a row cap. The
server binds 127.0.0.1 and sends no CORS headers unless told to; ``Host`` and
``Content-Length`` are read strictly (400 otherwise, before any body is read),
and while bound to loopback it answers only requests addressed to a loopback
name (no DNS rebinding).

>>> ServeSettings().host
'127.0.0.1'
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import secrets
import shutil
import socket
import string
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from alignment import Analysis, Config, analyze_store, get_query
from ontology import RDF_SYNTAXES, InputError, Model, is_loopback_host
from ontology import model_format as by_name

from .dataset import DatasetInfo, build_dataset, service_description
from .formats import GRAPH_FORMATS, HTML, Format, choose, negotiate, offered
from .page import DEFAULT_QUERY, page_lang, render_page
from .worker import Job, Reply, WorkerPool

__all__ = ["ServeSettings", "SparqlServer", "default_workers"]

#: Bodies up to this size are read and dropped before a 413, so the client sees the answer.
_DRAIN_LIMIT = 32 * 1024 * 1024

log = logging.getLogger("stratalign.serve")

_QUERY_PATHS = ("/", "/sparql", "/query")
#: Bodies that are RDF (a write this read-only server refuses): each RDF syntax, and what Turtle and N-Triples pass as.
_RDF_BODIES = {f.media_type for f in RDF_SYNTAXES} | {"text/n3", "application/x-turtle", "text/plain"}
_PLAIN = Format("text", "text/plain")
# RFC 3986 reg-name characters (unreserved, sub-delims, and % of a pct-encoding) and IPv6 literal characters.
_REG_NAME = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=%")
_IPV6_LITERAL = frozenset(string.hexdigits + ":.")
_HEX = frozenset(string.hexdigits)
_DIGITS = frozenset(string.digits)
#: A chunk-size line longer than this is refused (16 hex digits and a short extension).
_CHUNK_LINE = 256


def default_workers() -> int:
    """Worker processes by default: one per core, between 2 and 4."""
    return min(4, max(2, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServeSettings:
    """How to serve: where to listen, the per-query deadline and row cap, CORS, worker count."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_rows: int = 10_000
    cors: bool = False
    workers: int = 0  # 0: default_workers()
    lang: str = "en"  # the query page's language when the browser's Accept-Language names neither da nor en
    max_request_bytes: int = 1_000_000


def parse_host(value: str) -> tuple[str, str] | None:
    """A ``Host`` header's host and port (RFC 3986: reg-name, IPv4 or ``[IPv6]``, then ``:digits``), else None.

    Strict on purpose: the loopback check reads the host from the result, so a
    value with anything else in it (``[::1]evil.example``, ``localhost:80/x``, a
    space, a zone id) is refused rather than read in some lenient way.

    >>> parse_host("[::1]:7878")
    ('::1', '7878')
    >>> parse_host("LocalHost")
    ('localhost', '')
    >>> [parse_host(v) for v in ("[::1].evil.example", "localhost:7878/evil", "a b", "localhost:", "[::1%25lo]")]
    [None, None, None, None, None]
    """
    value = value.strip(" \t")  # optional white space around a field value (RFC 9110)
    host, port = value, ""
    if value.startswith("["):
        close = value.find("]")
        if close < 0:
            return None
        host, rest = value[1:close], value[close + 1 :]
        if rest:
            if not rest.startswith(":"):
                return None
            port = rest[1:]
            if not port:
                return None
        if not host or not set(host) <= _IPV6_LITERAL:
            return None
        try:
            host = ipaddress.IPv6Address(host).compressed
        except ValueError:
            return None
    else:
        if ":" in value:
            host, _, port = value.partition(":")
            if not port:
                return None
        if not host or not set(host) <= _REG_NAME or not _pct_encoded_ok(host):
            return None
        host = host.lower()
    if port and (not set(port) <= _DIGITS or len(port) > 5):
        return None
    return host, port


def _pct_encoded_ok(name: str) -> bool:
    """Whether every % in a reg-name starts a pct-encoding (% and two hex digits)."""
    at = name.find("%")
    while at >= 0:
        if len(name) < at + 3 or not set(name[at + 1 : at + 3]) <= _HEX:
            return False
        at = name.find("%", at + 3)
    return True


def body_length(values: list[str]) -> int | str:
    """The body size that ``Content-Length`` header ``values`` state, or why they are refused.

    One header holding a non-negative decimal integer (any size: the caller
    compares it with its limit and answers 413).

    >>> body_length(["12"]), body_length([])
    (12, 0)
    >>> [isinstance(body_length([v]), str) for v in ("-1", "+5", "1e3", "1 2", "", "٣")]
    [True, True, True, True, True, True]
    >>> body_length(["5", "5"])
    'more than one Content-Length header'
    """
    if not values:
        return 0
    if len(values) > 1:
        return "more than one Content-Length header"
    text = values[0].strip(" \t")
    if not text or len(text) > 19 or not set(text) <= _DIGITS:
        return f"Content-Length must be a non-negative decimal integer, not {values[0][:40]!r}"
    return int(text)


def _format_names(params: dict[str, list[str]]) -> tuple[str, ...]:
    """The ``format=`` and ``output=`` values, in order (clients send one, some send several)."""
    return tuple(params.get("format", [])) + tuple(params.get("output", []))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # idle keep-alive connections must not delay shutdown
    request_queue_size = 128  # many clients connecting at once are queued, not refused
    app: "SparqlServer"


class _HTTPServer6(_HTTPServer):
    address_family = socket.AF_INET6


class SparqlServer:
    """A running endpoint: the dataset on disk, the worker pool, and the HTTP listener.

    >>> from ontology.loaders import load_model                      # doctest: +SKIP
    >>> with SparqlServer.from_model(load_model(["plan.yaml"]), ServeSettings(port=0)) as server:  # doctest: +SKIP
    ...     server.start_in_thread(); print(server.endpoint_url)
    """

    def __init__(self, model: Model, analysis: Analysis, settings: ServeSettings = ServeSettings()) -> None:
        if settings.timeout <= 0 or settings.max_rows < 1:
            raise InputError("serve", None, "--timeout must be above 0 and --max-rows at least 1")
        self.settings = settings
        server_class = _HTTPServer6 if ":" in settings.host else _HTTPServer
        try:  # listen first: a busy port fails before any expensive work
            self.httpd = server_class((settings.host, settings.port), _Handler)
        except OSError as err:
            raise InputError(
                "serve", None, f"cannot listen on {settings.host}:{settings.port}: {err.strerror or err}"
            ) from None
        self.httpd.app = self
        self._folder = Path(tempfile.mkdtemp(prefix="stratalign-serve-"))
        self.pool: WorkerPool | None = None
        self._thread: threading.Thread | None = None
        try:
            self.info: DatasetInfo = build_dataset(model, analysis, self._folder / "store")
            self.pool = WorkerPool(str(self.info.location), settings.workers or default_workers())
        except BaseException:
            self.close()
            raise
        self.loopback_only = is_loopback_host(settings.host)

    @classmethod
    def from_model(
        cls, model: Model, settings: ServeSettings = ServeSettings(), *, config: Config | None = None, lang: str = "da"
    ) -> "SparqlServer":
        """Analyse ``model`` once, then serve it with its findings."""
        return cls(model, analyze_store(model.store, config, lang=lang), settings)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        host = str(self.httpd.server_address[0])
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def endpoint_url(self) -> str:
        return self.base_url + "/sparql"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` (or Ctrl+C in the caller)."""
        self.httpd.serve_forever(poll_interval=0.25)

    def start_in_thread(self) -> threading.Thread:
        """Serve from a background thread (for tests and embedding)."""
        self._thread = threading.Thread(target=self.serve_forever, name="stratalign-serve", daemon=True)
        self._thread.start()
        return self._thread

    def shutdown(self) -> None:
        self.httpd.shutdown()

    def close(self) -> None:
        """Stop listening, stop the workers, delete the temporary store."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(5)
            self._thread = None
        self.httpd.server_close()
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> "SparqlServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class _Request:
    """What routing needs of a request: its path (no trailing slash: /sparql/ is /sparql), query string, URL parameters (GET) and body type (POST)."""

    path: str
    query_string: str
    params: dict[str, list[str]]
    media: str

    @classmethod
    def of(cls, target: str, media: str = "") -> _Request:
        path, _, query_string = target.partition("?")
        return cls(path.rstrip("/") or "/", query_string, {}, media)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "stratalign"
    sys_version = ""
    timeout = 30  # a client that stops sending is dropped
    server: _HTTPServer

    # -- plumbing -------------------------------------------------------------

    @property
    def app(self) -> SparqlServer:
        return self.server.app

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> None:
        if media_type.startswith("text/") and "charset" not in media_type:
            media_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept")
        if self.app.settings.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(
        self, status: int, message: str, headers: dict[str, str] | None = None, query_text: str | None = None
    ) -> None:
        """An error as one line of text, or on the query page when a browser asked."""
        if (
            negotiate(self.headers.get("Accept"), (_PLAIN, HTML)) is HTML
            and (self.path.split("?")[0].rstrip("/") or "/") in _QUERY_PATHS
        ):
            self._page(status=status, error=message, query_text=query_text or DEFAULT_QUERY)
            return
        self._send(status, (message + "\n").encode("utf-8"), "text/plain", headers)

    def _check_headers(self) -> tuple[int, str] | None:
        """The refusal of a request whose ``Host`` or body framing headers are malformed, else None.

        Runs before anything reads the body: a request that states its length in
        some way other than one plain ``Content-Length`` (or ``chunked``) is
        answered 400 and the connection closed, so no byte of it is read.
        """
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            return 400, "a request needs exactly one Host header"
        parsed = parse_host(hosts[0])
        if parsed is None:
            return (
                400,
                "malformed Host header (expected a host name, an IPv4 address or [IPv6], then an optional :port)",
            )
        if self.app.loopback_only and not (
            is_loopback_host(parsed[0]) or parsed[0] == self.app.settings.host.strip("[]").lower()
        ):
            return 403, "forbidden: this server answers only requests addressed to a loopback host name"
        coding = self.headers.get_all("Transfer-Encoding") or []
        length = body_length(self.headers.get_all("Content-Length") or [])
        if coding:
            if self.headers.get_all("Content-Length"):
                return 400, "a request may not have both Transfer-Encoding and Content-Length"
            if len(coding) != 1 or coding[0].strip(" \t").lower() != "chunked":
                return 501, "the only transfer coding this server reads is chunked"
        elif isinstance(length, str):
            return 400, length
        return None

    def _dispatch(self, handler) -> None:
        try:
            refusal = self._check_headers()
            if refusal is not None:
                self.close_connection = True  # the body (if any) is not read: it must not be parsed as a request
                self._send(refusal[0], (refusal[1] + "\n").encode("utf-8"), "text/plain")
                return
            if self.command in ("GET", "HEAD", "OPTIONS") and (
                self.headers.get("Transfer-Encoding") or self.headers.get("Content-Length", "0").strip() != "0"
            ):
                self.close_connection = True  # a body nobody reads must not be read as the next request
            handler()
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # a bug: answer 500 and keep serving
            log.exception("internal error on %s %s", self.command, self.path)
            try:
                self._send(500, b"internal server error (see the server log)\n", "text/plain")
            except OSError:
                pass

    def _params(self, text: str) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")

    def _read_body(self) -> bytes | None:
        """The request body (at most ``max_request_bytes``), or None after answering 411/413/408/400.

        A body that stops short of its length, or stalls past the socket's timeout, is an incomplete
        message (RFC 9112 §6.3 and §8): it is answered as one and never run. A query cut from
        ``LIMIT 100`` to ``LIMIT 1`` ran and answered 200, and a stalled body was a 500 with two
        tracebacks in the log.
        """
        try:
            return self._read_whole_body()
        except TimeoutError:
            self.close_connection = True
            self._fail(408, f"the request body did not arrive within {self.timeout:g} s")
            return None

    def _read_whole_body(self) -> bytes | None:
        limit = self.app.settings.max_request_bytes
        if self.headers.get("Transfer-Encoding"):
            return self._read_chunked(limit)
        if not self.headers.get_all("Content-Length"):
            self.close_connection = True
            self._fail(411, "a POST needs a Content-Length header")
            return None
        size = body_length(self.headers.get_all("Content-Length") or [])
        assert isinstance(size, int)  # _check_headers refused anything else
        if size > limit:
            self.close_connection = True  # the unread body must not be parsed as the next request
            # Read (and drop) a moderately large body first: a client still sending it would
            # otherwise get a broken pipe instead of the 413. Beyond the drain limit, just close.
            remaining = size if size <= _DRAIN_LIMIT else 0
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    break
                remaining -= len(chunk)
            self._fail(413, f"request body too large ({size} bytes; at most {limit})")
            return None
        body = self.rfile.read(size)
        if len(body) != size:
            self.close_connection = True
            self._fail(400, f"the request body ended after {len(body)} of its {size} bytes (Content-Length)")
            return None
        return body

    def _read_chunked(self, limit: int) -> bytes | None:
        """A ``Transfer-Encoding: chunked`` body of at most ``limit`` bytes (RFC 9112 §7.1), else None after 400/413.

        Reads no line longer than :data:`_CHUNK_LINE` and no more than ``limit``
        bytes of data: the chunk sizes are checked before their data is read.
        """
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_CHUNK_LINE + 1)
            size_text = line.split(b";", 1)[0].strip(b" \t\r\n")
            if (
                len(line) > _CHUNK_LINE
                or not line.endswith(b"\n")
                or not size_text
                or len(size_text) > 16
                or not set(size_text.decode("latin-1")) <= _HEX
            ):
                self.close_connection = True
                self._fail(400, "malformed chunked request body")
                return None
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > limit:
                self.close_connection = True
                self._fail(413, f"request body too large (more than {limit} bytes)")
                return None
            parts.append(self.rfile.read(size))
            if len(parts[-1]) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                self.close_connection = True
                self._fail(400, "malformed chunked request body")
                return None
        for _ in range(64):  # the trailer section, up to its empty line
            line = self.rfile.readline(_CHUNK_LINE + 1)
            if line in (b"\r\n", b"\n", b""):
                break
        else:
            self.close_connection = True
        return b"".join(parts)

    # -- methods ----------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        def answer() -> None:
            headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
            if self.app.settings.cors:
                headers.update(
                    {
                        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                        "Access-Control-Allow-Headers": "Content-Type, Accept",
                        "Access-Control-Max-Age": "600",
                    }
                )
            self._send(204, b"", "text/plain", headers)

        self._dispatch(answer)

    def _refuse_write(self, request: _Request | None = None) -> None:
        self._read_body_quietly()
        self._fail(
            405,
            f"this endpoint is read-only: {self.command} (a Graph Store write) is refused",
            {"Allow": "GET, HEAD, POST, OPTIONS"},
        )

    def _read_body_quietly(self) -> None:
        """Drop the body of a request that is refused anyway (a small one; else the connection closes)."""
        size = body_length(self.headers.get_all("Content-Length") or [])
        if (
            self.headers.get("Transfer-Encoding")
            or not isinstance(size, int)
            or size > self.app.settings.max_request_bytes
        ):
            self.close_connection = True
        else:
            self.rfile.read(size)

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch(self._refuse_write)

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch(self._refuse_write)

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch(self._refuse_write)

    # -- routes -------------------------------------------------------------------
    # The paths are a table (_ROUTES, below the class); the checks that hold for every
    # path (a malformed parameter, an update, a body that is RDF) come first.

    def _get(self) -> None:
        request = _Request.of(self.path)
        try:
            params = self._params(request.query_string)
        except UnicodeDecodeError:
            self._fail(400, "the request parameters are not valid UTF-8")
            return
        if "update" in params:
            self._refuse_update(request)
            return
        _ROUTES.get(("GET", request.path), _Handler._not_found)(self, replace(request, params=params))

    def _post(self) -> None:
        request = _Request.of(self.path, media=self.headers.get("Content-Type", "").split(";")[0].strip().lower())
        route = _ROUTES.get(("POST", request.path), _Handler._not_found)
        if request.media == "application/sparql-update":
            route = _Handler._refuse_update
        elif (
            request.media in _RDF_BODIES
            and route is not _Handler._refuse_update
            # text/plain to a query path is a query sent with the wrong type (415 says which), not
            # N-Triples written there: text/plain is N-Triples' old media type, and still a write on /store
            and not (request.media == "text/plain" and route is _Handler._post_query)
        ):
            route = _Handler._refuse_write
        route(self, request)

    def _not_found(self, request: _Request) -> None:
        if self.command == "POST":
            self._read_body_quietly()
            self._fail(404, f"no such path {request.path}; the endpoint is /sparql")
            return
        self._fail(404, f"no such path {request.path}; the endpoint is /sparql, the query page is /")

    def _refuse_update(self, request: _Request) -> None:
        if self.command == "POST":
            self._read_body_quietly()
        self._fail(403, "this endpoint is read-only: SPARQL Update is refused")

    def _get_page(self, request: _Request) -> None:
        """``/``: a query (``?query=``) is answered, else the query page is shown."""
        if request.params.get("query", [""]) != [""]:
            self._query(request.params)
        else:
            self._page_for(request.params)

    def _get_endpoint(self, request: _Request) -> None:
        """``/sparql`` and ``/query``: a query is answered, else the service description is sent.

        A ``query`` parameter that is present but empty is a client's mistake (400), not a
        request for the description: a client that sent ``query=`` expects results.
        """
        if "query" in request.params:
            self._query(request.params)
        else:
            self._service_description(request.params, page_allowed=True)

    def _get_description(self, request: _Request) -> None:
        self._service_description(request.params, page_allowed=False)

    def _get_store(self, request: _Request) -> None:
        self._graph_store_read(request.params)

    def _get_icon(self, request: _Request) -> None:
        self._send(204, b"", "text/plain")  # browsers ask; no icon, and no error in their console

    def _post_query(self, request: _Request) -> None:
        media = request.media
        if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            self._read_body_quietly()
            self._fail(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")
            return
        body = self._read_body()
        if body is None:
            return
        try:
            params = self._params(request.query_string)
            if media == "application/sparql-query":
                params["query"] = [body.decode("utf-8")]
            else:
                for key, values in self._params(body.decode("ascii")).items():
                    params.setdefault(key, []).extend(values)
        except UnicodeDecodeError:
            self._fail(400, "the request is not valid UTF-8")
            return
        if "update" in params:
            self._fail(403, "this endpoint is read-only: SPARQL Update is refused")
            return
        self._query(params)

    # -- answers --------------------------------------------------------------------

    def _query(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._fail(400, "give exactly one non-empty query parameter")
            return
        text = queries[0]
        # The checks (update, SERVICE, syntax) run in the worker, inside the same deadline as the query.
        app = self.app
        fmt = _format_names(params)
        default = tuple(params["default-graph-uri"]) if "default-graph-uri" in params else None
        named = tuple(params["named-graph-uri"]) if "named-graph-uri" in params else None
        job = Job(
            query=text,
            accept=self.headers.get("Accept"),
            format=fmt,
            html=True,
            default_graphs=default,
            named_graphs=named,
            max_rows=app.settings.max_rows,
            prefixes=app.info.prefixes,
            base_iri=app.endpoint_url,
        )
        assert app.pool is not None
        reply = app.pool.run(job, app.settings.timeout)
        if reply.html:
            self._page(status=200, query_text=text, reply=reply)
        elif reply.status != 200:
            self._fail(reply.status, reply.message, query_text=text)
        else:
            headers = {"X-SPARQL-MaxRows": str(app.settings.max_rows)} if reply.truncated else {}
            self._send(200, reply.body, reply.media_type, headers)

    def _page_for(self, params: dict[str, list[str]]) -> None:
        name = (params.get("name") or [""])[0]
        if not name:
            self._page(status=200)
            return
        try:
            text = get_query(name).text
        except KeyError as err:
            self._page(status=404, error=err.args[0])
            return
        self._page(status=200, query_text=text, selected=name)

    def _page(
        self,
        *,
        status: int,
        query_text: str = DEFAULT_QUERY,
        selected: str = "",
        reply: Reply | None = None,
        error: str = "",
    ) -> None:
        app = self.app
        nonce = secrets.token_urlsafe(16)
        lang = page_lang(self.headers.get("Accept-Language"), app.settings.lang)
        html = render_page(
            info=app.info,
            nonce=nonce,
            host=self.headers.get("Host") or app.base_url.split("//", 1)[1],
            query_text=query_text,
            selected=selected,
            reply=reply,
            error=error,
            max_rows=app.settings.max_rows,
            timeout=app.settings.timeout,
            lang=lang,
        )
        policy = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        headers = {
            "Content-Security-Policy": policy,
            "X-Frame-Options": "DENY",
            "Vary": "Accept-Language",
            "Content-Language": lang,
        }
        if reply is not None and reply.truncated:
            headers["X-SPARQL-MaxRows"] = str(app.settings.max_rows)
        self._send(status, html.encode("utf-8"), "text/html", headers)

    def _service_description(self, params: dict[str, list[str]], *, page_allowed: bool) -> None:
        offers = GRAPH_FORMATS + ((HTML,) if page_allowed else ())
        chosen = choose(_format_names(params), self.headers.get("Accept"), offers)
        if chosen is None:
            self._fail(406, f"the service description is available as {offered(GRAPH_FORMATS)}")
            return
        if chosen is HTML:
            self._page(status=200)
            return
        app = self.app
        # Name the endpoint as the client reached it (behind 0.0.0.0 the bound address names nothing).
        host = self.headers.get("Host") or app.base_url.split("//", 1)[1]
        try:
            triples = service_description(
                f"http://{host}/sparql", app.info, max_rows=app.settings.max_rows, timeout=app.settings.timeout
            )
        except ValueError:  # a Host header that makes no IRI
            triples = service_description(
                app.endpoint_url, app.info, max_rows=app.settings.max_rows, timeout=app.settings.timeout
            )
        rdf_format = by_name(chosen.name).rdf_format
        prefixes = {
            "sd": "http://www.w3.org/ns/sparql-service-description#",
            "void": "http://rdfs.org/ns/void#",
            "dcterms": "http://purl.org/dc/terms/",
            "formats": "http://www.w3.org/ns/formats/",
        }
        body = (
            ox.serialize(triples, format=rdf_format, prefixes=prefixes)
            if chosen.name in ("ttl", "rdfxml")
            else ox.serialize(triples, format=rdf_format)
        )
        self._send(200, body or b"", chosen.media_type)

    def _graph_store_read(self, params: dict[str, list[str]]) -> None:
        graphs = params.get("graph", [])
        if "default" in params and not graphs:
            query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        elif len(graphs) == 1 and "default" not in params:
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$", graphs[0]):
                self._fail(400, "graph= must be an absolute IRI")
                return
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graphs[0]}> {{ ?s ?p ?o }} }}"
        else:
            self._fail(400, "give either ?default or ?graph=IRI (Graph Store Protocol)")
            return
        app = self.app
        job = Job(
            query=query,
            accept=self.headers.get("Accept"),
            format=_format_names(params),
            max_rows=app.settings.max_rows,
            prefixes=app.info.prefixes,
        )
        assert app.pool is not None
        reply = app.pool.run(job, app.settings.timeout)
        if reply.status != 200:
            self._fail(reply.status, reply.message)
            return
        if graphs and reply.rows == 0:
            # Graph Store Protocol §5.6: a graph the store does not hold is 404, not an empty 200 (a
            # mistyped IRI looked like an empty graph); a read-only store holds no graph without triples
            self._fail(404, f"no graph <{graphs[0]}> in this store")
            return
        headers = {"X-SPARQL-MaxRows": str(app.settings.max_rows)} if reply.truncated else {}
        self._send(200, reply.body, reply.media_type, headers)


#: Which handler answers each method and path (HEAD is answered as GET; PUT, DELETE and PATCH are
#: Graph Store writes, refused on every path). A path not listed is answered 404.
_ROUTES: dict[tuple[str, str], Callable[[_Handler, _Request], None]] = {
    ("GET", "/"): _Handler._get_page,
    ("GET", "/sparql"): _Handler._get_endpoint,
    ("GET", "/query"): _Handler._get_endpoint,
    ("GET", "/service-description"): _Handler._get_description,
    ("GET", "/store"): _Handler._get_store,
    ("GET", "/favicon.ico"): _Handler._get_icon,
    ("GET", "/update"): _Handler._refuse_update,
    **{("POST", path): _Handler._post_query for path in _QUERY_PATHS},
    ("POST", "/update"): _Handler._refuse_update,
    ("POST", "/store"): _Handler._refuse_write,
}
