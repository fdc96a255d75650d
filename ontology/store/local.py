"""The local stores: embedded pyoxigraph (the default) and rdflib's engine (portability, benchmarks).

>>> store = OxigraphStore()
>>> store.select("SELECT (1 AS ?one) WHERE {}").values("one").__next__()
('1',)
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..errors import QueryError
from ..results import AskResult, GraphResult, QueryResult, SelectResult
from ..skolem import Named, may_hold_blank_nodes, set_aside, skolemize
from .base import SparqlStore, rdflib_triples
from .sparqltext import refuse_deep_nesting, refuse_remote_access

__all__ = ["OxigraphStore", "RdflibStore"]


class OxigraphStore(SparqlStore):
    """The embedded pyoxigraph store; ``path`` keeps it on disk (RocksDB)."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None) -> None:
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def __len__(self) -> int:
        return len(self._store)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        load_into = getattr(quads, "load_into", None)  # a document Oxigraph parses itself (loaders.rdf)
        if load_into is not None and not may_hold_blank_nodes(getattr(quads, "data", b"_:")):
            load_into(self._store)
        elif isinstance(quads, Named):
            self._store.bulk_extend(quads)
        else:  # one document: its blank nodes get their stable names (ontology.skolem) at the end
            aside: list[ox.Quad] = []
            self._store.bulk_extend(set_aside(quads, aside))
            if aside:
                self._store.bulk_extend(skolemize(aside))

    def query(self, sparql: str) -> QueryResult:
        refuse_deep_nesting(sparql)
        refuse_remote_access(sparql)
        try:
            result = self._store.query(sparql)
            # Oxigraph evaluates lazily: errors can surface while the solutions are read.
            if isinstance(result, ox.QuerySolutions):
                return SelectResult.from_solutions(result)
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            return GraphResult(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        except OSError as err:
            raise QueryError(f"query failed: {err}") from None

    def dump_ntriples(self) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""

    def quads(self) -> list[ox.Quad]:
        # Straight from the store: re-parsing a dump would hit the parser's 16 MiB token limit.
        return list(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

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
        quads = skolemize(quads)  # one document: stable names for its blank nodes (ontology.skolem)
        for triple in rdflib_triples(quads):
            self.graph.add(triple)

    def query(self, sparql: str) -> QueryResult:
        refuse_deep_nesting(sparql)
        refuse_remote_access(sparql)
        try:  # rdflib evaluates lazily, so errors can surface while serialising
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                return SelectResult.from_json(result.serialize(format="json") or b"")
            if result.type == "ASK":
                return AskResult(bool(result.askAnswer))
            assert result.graph is not None  # CONSTRUCT and DESCRIBE results are a graph
            return GraphResult(result.graph.serialize(format="nt", encoding="utf-8"))
        except Exception as err:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"SPARQL error: {err}") from None

    def dump_ntriples(self) -> bytes:
        return self.graph.serialize(format="nt", encoding="utf-8")
