"""The interface every store offers, and rdflib triples from Oxigraph quads (for pySHACL and the rdflib store)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..errors import QueryError
from ..literals import XSD, well_formed
from ..results import QueryResult, SelectResult
from ..skolem import GENID

__all__ = ["SparqlStore", "rdflib_triples"]

_XSD_STRING = XSD + "string"
_GENID_IRI = re.compile(re.escape(GENID) + "([0-9a-f]{32})")


def _literal(lexical: str, datatype: str):
    """An rdflib literal as written, with no value when XSD has none for it (:mod:`ontology.literals`).

    As written: rdflib would otherwise rewrite "1_000"^^xsd:integer as "1000" (Python's int() reads
    it), and the shapes could not see a form that XSD and Oxigraph refuse. No value: so that rdflib's
    SPARQL, like Oxigraph's, compares and adds nothing with it (it added 1 to "1_000" and got 1001).

    >>> _literal("1_000", XSD + "integer").value, _literal("1000", XSD + "integer").value
    (None, 1000)
    """
    import rdflib

    literal = rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype), normalize=False)
    if not literal.ill_typed and not well_formed(lexical, datatype):
        # rdflib has no other way to make an ill-typed literal: the two slots its constructor sets
        literal._value = None
        literal._ill_typed = True
    return literal


def rdflib_triples(quads: Iterable[ox.Quad], *, blank_genids: bool = False) -> Iterator[tuple]:
    """Oxigraph quads as rdflib triples, term by term; ``blank_genids`` turns Skolem IRIs back into blank nodes.

    Not through rdflib's N-Triples parser: it reads a long line in quadratic time
    (a 300 KB label took 1.1 s, a 5 MB one over 120 s in `validate`). A Skolem IRI
    of :func:`ontology.skolem.skolemize` becomes the blank node ``g`` + its hex
    digits, as :func:`ontology.skolem.blank_nodes_back` names it.

    >>> next(rdflib_triples([ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x", language="da"))]))[2]
    rdflib.term.Literal('x', lang='da')
    """
    import rdflib

    terms: dict = {}

    def term(node):
        known = terms.get(node)
        if known is None:
            if isinstance(node, ox.NamedNode):
                genid = _GENID_IRI.fullmatch(node.value) if blank_genids else None
                known = rdflib.BNode("g" + genid.group(1)) if genid else rdflib.URIRef(node.value)
            elif isinstance(node, ox.BlankNode):
                known = rdflib.BNode(node.value)
            elif node.language:
                known = rdflib.Literal(node.value, lang=node.language)
            elif node.datatype.value == _XSD_STRING:  # as rdflib's own parsers read "x": no datatype
                known = rdflib.Literal(node.value)
            else:
                known = _literal(node.value, node.datatype.value)
            terms[node] = known
        return known

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object)


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

    def quads(self) -> list[ox.Quad]:
        """Every triple of the default graph (as quads in the default graph)."""
        return list(ox.parse(self.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES))

    def select(self, sparql: str) -> SelectResult:
        result = self.query(sparql)
        if not isinstance(result, SelectResult):
            raise QueryError("expected a SELECT query")
        return result

    def to_rdflib(self):
        """The default graph as an :class:`rdflib.Graph` (for pySHACL), loaded Skolem IRIs as blank nodes again."""
        import rdflib

        graph = rdflib.Graph()
        # each blank node keeps its label (its hash): a report names it the same in every run
        for triple in rdflib_triples(self.quads(), blank_genids=True):
            graph.add(triple)
        return graph
