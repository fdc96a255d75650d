"""A loaded model: the store holding its triples, and the prefixes for display."""

from __future__ import annotations

from dataclasses import dataclass, field

from .namespaces import STANDARD_PREFIXES
from .store import SparqlStore

__all__ = ["Model", "Position"]


@dataclass(frozen=True)
class Position:
    """Where an element is defined: a file and its line (YAML), or its sheet and row (spreadsheets; ``line`` is the row)."""

    file: str
    line: int | None = None
    sheet: str | None = None


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
    #: element IRI → where it is defined, for the YAML and spreadsheet files (RDF files: none)
    positions: dict[str, Position] = field(default_factory=dict)

    def to_rdflib(self):
        """The model as an rdflib Graph with its prefixes bound."""
        graph = self.store.to_rdflib()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph
