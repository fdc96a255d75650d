"""A loaded model: the store holding its triples, and the prefixes for display."""
from __future__ import annotations

from dataclasses import dataclass, field

from .namespaces import STANDARD_PREFIXES
from .store import SparqlStore

__all__ = ["Model"]


@dataclass
class Model:
    """The merged graph of one or more model files, held in a :class:`SparqlStore`.

    >>> from ontology.store import OxigraphStore
    >>> Model(OxigraphStore()).prefixes["sa"]
    'https://w3id.org/stratalign#'
    """

    store: SparqlStore
    prefixes: dict[str, str] = field(default_factory=lambda: dict(STANDARD_PREFIXES))
    sources: list[str] = field(default_factory=list)

    def to_rdflib(self):
        """The model as an rdflib Graph with its prefixes bound."""
        graph = self.store.to_rdflib()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph
