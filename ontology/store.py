"""One small interface through which every analysis runs its SPARQL.

- :class:`OxigraphStore` — the default: embedded pyoxigraph, in memory or on disk.
- :class:`RdflibStore` — rdflib's in-memory engine, used to prove the rule queries
  are portable and as the baseline in benchmarks.
- :class:`EndpointStore` — an existing SPARQL 1.1 server over HTTP.

All return results as :mod:`ontology.results` objects. None of them fetches
anything a query names: ``SERVICE`` is refused before the query reaches an
engine, and ``FROM <url>`` only selects graphs already in the store.

>>> store = OxigraphStore()
>>> store.select("SELECT (1 AS ?one) WHERE {}").values("one").__next__()
('1',)
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .errors import QueryError
from .results import AskResult, GraphResult, QueryResult, SelectResult

__all__ = ["SparqlStore", "OxigraphStore", "RdflibStore", "EndpointStore", "refuse_remote_access"]

# A lexical pass is enough to find the SERVICE keyword: it cannot occur inside
# strings, IRIs or comments, which are removed first.
_STRIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*",
)
_SERVICE = re.compile(r"(?<![\w:?$.\-])SERVICE(?![\w:.\-])", re.IGNORECASE)


def refuse_remote_access(sparql: str) -> None:
    """Raise :class:`QueryError` for a federated ``SERVICE`` clause.

    >>> refuse_remote_access("SELECT * WHERE { ?s <http://e/service> ?o }")
    >>> refuse_remote_access("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    ontology.errors.QueryError: SERVICE (federated query) is disabled: stratalign never fetches remote data
    """
    if _SERVICE.search(_STRIP.sub(" ", sparql)):
        raise QueryError("SERVICE (federated query) is disabled: stratalign never fetches remote data")


class SparqlStore(ABC):
    """What an analysis needs from a triple store."""

    name: str = "store"

    @abstractmethod
    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."""

    @abstractmethod
    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add triples to the default graph."""

    @abstractmethod
    def dump_ntriples(self) -> bytes:
        """Every triple of the default graph as N-Triples."""

    def select(self, sparql: str) -> SelectResult:
        result = self.query(sparql)
        if not isinstance(result, SelectResult):
            raise QueryError("expected a SELECT query")
        return result

    def to_rdflib(self):
        """The default graph as an :class:`rdflib.Graph` (for pySHACL and conversions)."""
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=self.dump_ntriples(), format="nt")
        return graph


class OxigraphStore(SparqlStore):
    """The embedded pyoxigraph store; ``path`` keeps it on disk (RocksDB)."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None) -> None:
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def __len__(self) -> int:
        return len(self._store)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        self._store.bulk_extend(quads)

    def query(self, sparql: str) -> QueryResult:
        refuse_remote_access(sparql)
        try:
            result = self._store.query(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None
        if isinstance(result, ox.QuerySolutions):
            return SelectResult.from_json(result.serialize(format=ox.QueryResultsFormat.JSON))
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        return GraphResult(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")

    def dump_ntriples(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""

    def flush(self) -> None:
        self._store.flush()


class RdflibStore(SparqlStore):
    """rdflib's in-memory graph and SPARQL engine."""

    name = "rdflib"

    def __init__(self) -> None:
        import rdflib
        import rdflib.plugins.sparql

        # rdflib would otherwise dereference FROM <url> (security_considerations.md).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        # A Dataset (not a Graph) so that FROM / FROM NAMED select graphs instead of failing.
        self.dataset = rdflib.Dataset()
        self.graph = self.dataset.default_graph

    def __len__(self) -> int:
        return len(self.graph)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
        if data:
            self.graph.parse(data=data, format="nt")

    def query(self, sparql: str) -> QueryResult:
        refuse_remote_access(sparql)
        try:  # rdflib evaluates lazily, so errors can surface while serialising
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                return SelectResult.from_json(result.serialize(format="json"))
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            return GraphResult(result.graph.serialize(format="nt", encoding="utf-8"))
        except Exception as err:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"SPARQL error: {err}") from None

    def dump_ntriples(self) -> bytes:
        return self.graph.serialize(format="nt", encoding="utf-8")

    def to_rdflib(self):
        return self.graph


class EndpointStore(SparqlStore):
    """An existing SPARQL 1.1 server: queries go out over HTTP, only results travel back.

    Loading data into it (``stratalign load``) uses the SPARQL 1.1 Graph Store
    Protocol; the analyses themselves only read.
    """

    name = "endpoint"

    def __init__(self, url: str, *, graph: str | None = None, timeout: float = 60.0) -> None:
        if not re.match(r"^https?://", url):
            raise QueryError(f"endpoint must be an http(s) URL, got {url!r}")
        self.url = url
        self.graph = graph
        self.timeout = timeout

    def _post(self, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        params = {"default-graph-uri": self.graph} if self.graph else {}
        url = self.url + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - user-given endpoint
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"endpoint {self.url} answered {err.code}: {detail[0] if detail else err.reason}") from None
        except (urllib.error.URLError, OSError) as err:
            raise QueryError(f"cannot reach endpoint {self.url}: {getattr(err, 'reason', err)}") from None

    def query(self, sparql: str) -> QueryResult:
        refuse_remote_access(sparql)
        body, content_type = self._post(
            sparql.encode("utf-8"),
            "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if "json" in content_type or body.lstrip().startswith(b"{"):
            doc = json.loads(body)
            if "boolean" in doc:
                return AskResult(bool(doc["boolean"]))
            return SelectResult.from_json(doc)
        return GraphResult(body)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
        store_url = re.sub(r"/(query|sparql)/?$", "/store", self.url)
        target = store_url + ("?graph=" + urllib.parse.quote(self.graph, safe="") if self.graph else "?default")
        request = urllib.request.Request(target, data=data, method="POST", headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):  # noqa: S310
                pass
        except urllib.error.HTTPError as err:
            raise QueryError(f"endpoint {target} refused the data: {err.code} {err.reason}") from None
        except (urllib.error.URLError, OSError) as err:
            raise QueryError(f"cannot reach endpoint {target}: {getattr(err, 'reason', err)}") from None

    def dump_ntriples(self) -> bytes:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(result, GraphResult)
        return result.ntriples
