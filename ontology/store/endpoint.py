"""The HTTP client for ``--endpoint``: an existing SPARQL 1.1 server as a store (SPARQL protocol, Graph Store Protocol).

>>> is_loopback_host("[::1]"), is_loopback_host("example.org")
(True, False)
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..errors import QueryError
from ..results import AskResult, GraphResult, QueryResult, SelectResult
from .base import SparqlStore
from .sparqltext import query_form, refuse_remote_access, refuse_update

__all__ = ["EndpointStore", "EndpointUpload", "is_loopback_host"]


class EndpointStore(SparqlStore):
    """An existing SPARQL 1.1 server: queries go out over HTTP, only results travel back.

    ``graph`` scopes every query to one named graph (the protocol's
    ``default-graph-uri``), so several models can live in one server. Loading
    data (:meth:`upload`, ``stratalign load``) uses the SPARQL 1.1 Graph Store
    Protocol and falls back to SPARQL Update ``INSERT DATA``; the analyses only read.

    >>> EndpointStore("http://127.0.0.1:7878/query", graph="https://example.org/g").graph
    'https://example.org/g'
    """

    name = "endpoint"

    def __init__(
        self,
        url: str,
        *,
        graph: str | None = None,
        timeout: float = 60.0,
        store_url: str | None = None,
        update_url: str | None = None,
    ) -> None:
        self.url, self._auth = _split_url(url, "endpoint")
        if graph is not None and not _ABSOLUTE_IRI.match(graph):
            raise QueryError(f"--graph must be an absolute IRI such as https://example.org/plans, got {graph!r}")
        self.graph = graph
        self.timeout = timeout
        self.store_url = _split_url(store_url, "Graph Store URL")[0] if store_url else None
        self.update_url = _split_url(update_url, "update URL")[0] if update_url else None
        #: results shorter than this are known complete (see :meth:`_prove_complete`)
        self._complete_below = 1
        #: the server's row limit once a probe has found one
        self._row_limit: int | None = None
        self._default_graph_checked = False

    # -- reading -------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        """Run a query on the server; a result it may have cut off raises :class:`QueryError`.

        A result counts as complete when it is shorter than a result the server
        has been seen to send whole (see :meth:`_prove_complete`).
        """
        refuse_update(sparql)
        refuse_remote_access(sparql)
        self._refuse_repeating_default_graph()
        result = self._fetch(sparql, _ACCEPT.get(query_form(sparql), _ACCEPT[None]))
        if isinstance(result, SelectResult):
            self._prove_complete(len(result), "rows")
        elif isinstance(result, GraphResult):
            self._prove_complete(result.ntriples.count(b"\n"), "triples")
        return result

    def dump_ntriples(self) -> bytes:
        """Every triple of the (scoped) default graph, checked against the server's own count.

        The count (one aggregate row, which no row limit cuts) proves the dump
        complete without a probe, and also catches a cut that is not a row limit
        (a byte limit, a proxy).
        """
        self._refuse_repeating_default_graph()
        result = self._fetch("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", _ACCEPT["CONSTRUCT"])
        if not isinstance(result, GraphResult):
            raise QueryError(f"endpoint {self.url} answered a CONSTRUCT query with solutions instead of triples")
        # A graph is a set, and a default graph that repeats triples was refused above: COUNT(*) is exact.
        sent, held = result.ntriples.count(b"\n"), self.count()
        if sent < held:
            if self._row_limit is None and sent >= self._complete_below:
                self._row_limit = self._probe(max(2 * sent + 1, _FIRST_PROBE))  # only to name the limit
            cut = f"returns at most {self._row_limit} rows per result and " if self._row_limit is not None else ""
            raise QueryError(f"endpoint {self.url} {cut}sent {sent} of the {held} triples it holds{_RAISE_THE_LIMIT}")
        self._complete_below = max(self._complete_below, sent)  # it sent `sent` rows whole
        return result.ntriples

    def count(self) -> int:
        """How many triples the (scoped) default graph holds."""
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def _count(self, sparql: str) -> int:
        """The one number a COUNT query answers (an aggregate is one row: no row limit cuts it)."""
        result = self._fetch(sparql, _ACCEPT["SELECT"])
        rows = list(result.values("n")) if isinstance(result, SelectResult) else []
        try:
            return int(rows[0][0]) if rows and rows[0][0] is not None else 0
        except ValueError:
            raise QueryError(f"endpoint {self.url} answered COUNT with {rows[0][0]!r}") from None

    def _fetch(self, sparql: str, accept: str) -> QueryResult:
        """One protocol request; refuses an answer the server marks as cut off."""
        params = [("query", sparql)]
        if self.graph:
            params.append(("default-graph-uri", self.graph))
        # Form-encoded POST is the protocol form every server accepts (GET has URL limits).
        body, headers = self._request(
            self.url, urllib.parse.urlencode(params).encode("utf-8"), "application/x-www-form-urlencoded", accept
        )
        if headers.get("X-SPARQL-MaxRows"):  # Virtuoso (SELECT only) and `stratalign serve` mark a cut-off result so
            raise QueryError(
                f"endpoint {self.url} cut the result off at {headers['X-SPARQL-MaxRows']} rows; "
                "an analysis needs all of them: raise the server's row limit"
            )
        if (headers.get("X-SQL-State") or "").strip().upper() == "S1TAT":  # Virtuoso's "anytime" partial answer
            raise QueryError(
                f"endpoint {self.url} stopped the query at its time limit and sent part of the result "
                f"({headers.get('X-SQL-Message') or 'X-SQL-State S1TAT'}); raise the server's MaxQueryExecutionTime"
            )
        return _read_result(body, headers.get("Content-Type", ""), self.url)

    def _prove_complete(self, size: int, unit: str) -> None:
        """Refuse a result of ``size`` rows (or triples) unless the server is known to send more.

        A row-capped server (Virtuoso's ``ResultSetMaxRows``, 10,000 in Debian's
        config, which marks a cut-off CONSTRUCT with nothing) cuts every result
        at one number. So a result shorter than any result the server sent whole
        is complete, and only a result that reaches that size needs proof: a
        probe that asks for more rows than the result has (at least twice as
        many, so the next results need none) and counts what comes back.
        """
        if size < self._complete_below:
            return
        if self._row_limit is None:
            self._row_limit = self._probe(max(2 * size + 1, _FIRST_PROBE))
        if self._row_limit is not None and size >= self._row_limit:
            raise QueryError(
                f"endpoint {self.url} returns at most {self._row_limit} rows per result, "
                f"and this result has {size} {unit}, so it may be cut off{_RAISE_THE_LIMIT}"
            )

    def _probe(self, rows: int) -> int | None:
        """Ask for exactly ``rows`` rows; the server's row limit when fewer come back, else None."""
        digits = max(1, len(str(rows - 1)))  # 10 ** digits ≥ rows: cross product of one-digit VALUES
        values = " ".join(f"VALUES ?d{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(digits))
        sparql = f"SELECT ?d0 WHERE {{ {values} }} LIMIT {rows}"
        params = urllib.parse.urlencode([("query", sparql)]).encode("utf-8")
        try:
            body, headers = self._request(self.url, params, "application/x-www-form-urlencoded", _PROBE_ACCEPT)
        except QueryError as err:
            raise QueryError(
                f"cannot tell whether results from {self.url} are complete: its answer to a row-count probe: {err}"
            ) from None
        marked = (headers.get("X-SPARQL-MaxRows") or "").strip()
        media = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "text/csv":  # one digit a row under a header: count lines, parse nothing
            got = max(0, len(body.splitlines()) - 1)
        else:
            result = _read_result(body, headers.get("Content-Type", ""), self.url)
            got = len(result) if isinstance(result, SelectResult) else 0
        if got >= rows and not marked:
            self._complete_below = rows
            return None
        limit = int(marked) if marked.isdigit() else got
        self._complete_below = max(self._complete_below, limit)
        return limit

    def _refuse_repeating_default_graph(self) -> None:
        """Without ``--graph``, refuse a default graph that yields a triple more than once.

        A server whose default graph is the union of its named graphs (Virtuoso
        always, Oxigraph with ``--union-default-graph``) matches a triple once
        per graph holding it, so every rule would see each row twice.
        """
        if self.graph is not None or self._default_graph_checked:
            return
        try:
            matched = distinct = self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            if matched:  # one pass would do (COUNT(DISTINCT *) beside COUNT(*)), but not every engine has DISTINCT *
                distinct = self._count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        except QueryError as err:
            raise QueryError(
                f"{err} (counting the triples of the default graph: name the model's graph with --graph IRI)"
            ) from None
        self._default_graph_checked = True
        if matched != distinct:
            raise QueryError(
                f"the default graph of {self.url} matches {matched} triples of which {distinct} are distinct "
                "(a union of named graphs that hold the same triples): name the model's graph with --graph IRI"
            )

    # -- writing -------------------------------------------------------------

    def add(self, quads: Iterable[ox.Quad]) -> None:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        self.upload(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def upload(self, ntriples: bytes) -> "EndpointUpload":
        """Add N-Triples to the graph: Graph Store Protocol POST, else SPARQL Update ``INSERT DATA``.

        The Graph Store and update URLs are the ones given, else guessed from the
        query URL for Oxigraph, Fuseki, GraphDB/RDF4J and Virtuoso; each guess that
        the server answers with "no such service" (404, 405, 415, 501) is skipped.
        """
        triples = list(
            dict.fromkeys(
                ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
            )
        )
        if not triples:
            return EndpointUpload(0, "", "nothing to send")
        tried: list[str] = []
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        for store_url in [self.store_url] if self.store_url else _store_urls(self.url):
            joiner = "&" if "?" in store_url else "?"  # the URL may carry its own parameters (an access token)
            target = (
                store_url + joiner + ("graph=" + urllib.parse.quote(self.graph, safe="") if self.graph else "default")
            )
            try:
                # N-Triples is Turtle, and text/turtle is the type every Graph Store accepts.
                self._request(target, data, "text/turtle", "*/*", probing=True)
                return EndpointUpload(len(triples), store_url, "Graph Store Protocol")
            except _NoService as err:
                tried.append(f"{store_url} ({err.status})")
        for update_url in [self.update_url] if self.update_url else _update_urls(self.url):
            sent = 0
            try:
                for chunk in _chunks(triples, _UPDATE_CHUNK):
                    text = (ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
                    inner = f"GRAPH <{self.graph}> {{\n{text}}}" if self.graph else text
                    body = urllib.parse.urlencode({"update": f"INSERT DATA {{\n{inner}}}"}).encode("utf-8")
                    self._request(update_url, body, "application/x-www-form-urlencoded", "*/*", probing=True)
                    sent += len(chunk)
                return EndpointUpload(sent, update_url, "SPARQL Update")
            except QueryError as err:
                if sent:  # part of the data went in: say so rather than try elsewhere
                    raise QueryError(f"{err} (after {sent} of {len(triples)} triples had gone in)") from None
                if not isinstance(err, _NoService):
                    raise
                tried.append(f"{update_url} ({err.status})")
        raise QueryError(
            f"found no Graph Store or update service for {self.url} (tried {', '.join(tried)}); "
            "give them with --store-url or --update-url"
        )

    # -- HTTP ----------------------------------------------------------------

    def _request(
        self, url: str, body: bytes, content_type: str, accept: str, *, probing: bool = False
    ) -> tuple[bytes, Message]:
        """POST ``body``; ``probing`` turns "no such service here" answers into :class:`_NoService`."""
        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "stratalign (SPARQL 1.1 client)"}
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        try:
            with _opener(url).open(request, timeout=self.timeout) as response:
                return response.read(), response.headers
        except urllib.error.HTTPError as err:
            detail = _first_line(err.read(), err.headers.get("Content-Type", "")) or str(err.reason)
            message = f"endpoint {url} answered {err.code}: {detail}"
            if probing and err.code in _NO_SERVICE:
                raise _NoService(err.code, message) from None
            raise QueryError(message) from None
        except TimeoutError:
            raise QueryError(f"endpoint {url} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                raise QueryError(f"endpoint {url} did not answer within {self.timeout:g} s") from None
            raise QueryError(f"cannot reach endpoint {url}: {getattr(reason, 'strerror', None) or reason}") from None
        except (OSError, http.client.HTTPException) as err:
            raise QueryError(
                f"cannot reach endpoint {url}: {getattr(err, 'strerror', None) or err or type(err).__name__}"
            ) from None


@dataclass(frozen=True)
class EndpointUpload:
    """What :meth:`EndpointStore.upload` did: how many triples went where, and how."""

    triples: int
    target: str
    method: str


class _NoService(QueryError):
    """The URL exists on the server but is not a Graph Store / update service there."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# Answers that mean "not this kind of service here" when guessing service URLs.
_NO_SERVICE = {400, 404, 405, 406, 415, 501}
_UPDATE_CHUNK = 5000
#: rows the first completeness probe asks for: just above Virtuoso's default limit (10,000),
#: 10,001 one-digit CSV rows (30 KB), so most small models need no second probe
_FIRST_PROBE = 10_001
_RAISE_THE_LIMIT = "; an analysis needs all of them: raise the server's row limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
_PROBE_ACCEPT = "text/csv, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8"
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_ACCEPT: dict[str | None, str] = {
    "SELECT": "application/sparql-results+json, application/sparql-results+xml;q=0.8, text/tab-separated-values;q=0.5",
    "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, application/ld+json;q=0.4",
    "DESCRIBE": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, application/ld+json;q=0.4",
    None: "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8",
}
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}


def _split_url(url: str, what: str) -> tuple[str, str | None]:
    """The URL without credentials, and a Basic ``Authorization`` header when it had user:password."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as err:
        raise QueryError(f"{what} {url!r} is not a valid URL: {err}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(f"{what} must be an http(s) URL such as http://127.0.0.1:7878/query, got {url!r}")
    auth = None
    if parts.username is not None:
        pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        parts = parts._replace(netloc=host + (f":{parts.port}" if parts.port else ""))
    return urllib.parse.urlunsplit(parts._replace(fragment="")), auth


def is_loopback_host(host: str) -> bool:
    """Whether a host name (``localhost``, ``127.0.0.1``, ``[::1]``, a bind address) names this machine's loopback.

    The client keeps loopback traffic away from proxies; ``stratalign serve``
    answers only loopback ``Host`` names when it listens on loopback.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _opener(url: str) -> urllib.request.OpenerDirector:
    # A proxy from the environment must never see loopback traffic; other hosts use it as usual.
    if is_loopback_host(urllib.parse.urlsplit(url).hostname or ""):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _first_line(body: bytes, content_type: str) -> str:
    """The first meaningful line of an error body, tags removed, at most 300 characters."""
    text = body.decode("utf-8", "replace")
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", "\n", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    line = next((x for x in lines if x), "")
    return line if len(line) <= 300 else line[:299] + "…"


def _read_result(body: bytes, content_type: str, url: str) -> QueryResult:
    """Turn a protocol answer (SPARQL results in any standard format, or RDF) into a result object."""
    media = content_type.split(";")[0].strip().lower()
    if not media and body.lstrip()[:1] == b"{":
        media = "application/sparql-results+json"
    try:
        if media in ("application/sparql-results+json", "application/json"):
            doc = json.loads(body)
            if isinstance(doc, dict) and "boolean" in doc:
                return AskResult(bool(doc["boolean"]))
            return SelectResult.from_json(doc)
        if media in _RESULT_TYPES:
            parsed = ox.parse_query_results(body, format=_RESULT_TYPES[media])
            if isinstance(parsed, ox.QueryBoolean):
                return AskResult(bool(parsed))
            return SelectResult.from_json(parsed.serialize(format=ox.QueryResultsFormat.JSON) or b"")
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is not None:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf_format)]
            return GraphResult(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    except (ValueError, KeyError, TypeError, SyntaxError) as err:
        raise QueryError(f"endpoint {url} sent {media} that cannot be read: {err}") from None
    raise QueryError(
        f"endpoint {url} answered with {media or 'no content type'}, not SPARQL results: is it the query URL?"
    )


def _store_urls(url: str) -> list[str]:
    """Likely Graph Store Protocol URLs for a query URL (Oxigraph, Fuseki, RDF4J/GraphDB, Virtuoso)."""
    base = url.split("?", 1)[0].rstrip("/")
    if re.search(r"/repositories/[^/]+$", base):  # RDF4J and GraphDB
        return [base + "/rdf-graphs/service"]
    if base.endswith("/query"):  # Oxigraph /query → /store; Fuseki /ds/query → /ds/data
        return [base[: -len("/query")] + "/store", base[: -len("/query")] + "/data"]
    if base.endswith("/sparql"):  # Fuseki /ds/sparql → /ds/data; Virtuoso /sparql → /sparql-graph-crud
        root = base[: -len("/sparql")]
        return [root + "/data", base + "-graph-crud", root + "/store"]
    return [base]


def _update_urls(url: str) -> list[str]:
    """Likely SPARQL Update URLs for a query URL."""
    base = url.split("?", 1)[0].rstrip("/")
    if re.search(r"/repositories/[^/]+$", base):
        return [base + "/statements"]
    if base.endswith("/query"):
        return [base[: -len("/query")] + "/update"]
    if base.endswith("/sparql"):
        return [base[: -len("/sparql")] + "/update", base]
    return [base]


def _chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Batches of about ``size`` triples that never split the triples sharing a blank node.

    Each request gets fresh blank nodes, so a blank node's triples must travel together.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    blank = [[t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)] for triple in triples]
    for nodes in blank:
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    groups: dict[str, list[ox.Triple]] = {}
    batch: list[ox.Triple] = []
    for triple, nodes in zip(triples, blank):
        if nodes:
            groups.setdefault(find(nodes[0]), []).append(triple)
        else:
            batch.append(triple)
            if len(batch) >= size:
                yield batch
                batch = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch
