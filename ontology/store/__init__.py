"""One small interface through which every analysis runs its SPARQL.

- :class:`OxigraphStore` — the default: embedded pyoxigraph, in memory or on disk.
- :class:`RdflibStore` — rdflib's in-memory engine, used to prove the rule queries
  are portable and as the baseline in benchmarks.
- :class:`EndpointStore` — an existing SPARQL 1.1 server over HTTP.

All return results as :mod:`ontology.results` objects. None of them fetches
anything a query names: ``SERVICE`` is refused before the query reaches an
engine (:mod:`ontology.store.sparqltext`), and ``FROM <url>`` only selects graphs
already in the store. The parts: :mod:`.sparqltext` (lexical checks of query
text), :mod:`.base` (the interface), :mod:`.local` (pyoxigraph, rdflib),
:mod:`.endpoint` (the HTTP client).

>>> store = OxigraphStore()
>>> store.select("SELECT (1 AS ?one) WHERE {}").values("one").__next__()
('1',)
"""

from __future__ import annotations

from .base import SparqlStore, rdflib_triples
from .endpoint import EndpointStore, EndpointUpload, is_loopback_host
from .local import NotAStore, OxigraphStore, RdflibStore, replace_on_disk
from .sparqltext import refuse_remote_access

__all__ = [
    "SparqlStore",
    "OxigraphStore",
    "RdflibStore",
    "rdflib_triples",
    "replace_on_disk",
    "NotAStore",
    "EndpointStore",
    "EndpointUpload",
    "refuse_remote_access",
    "is_loopback_host",
]
