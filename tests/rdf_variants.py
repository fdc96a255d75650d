"""The same model written differently, with rdflib: blank nodes for nameless nodes, other datatypes, other label properties.

Each function takes an rdflib graph and gives a new one; :func:`turtle` writes it as rdflib's
Turtle serializer does (a blank node used once comes out inline, ``[ … ]``, as people write it).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Literal, Namespace, URIRef

from ontology.loaders import load_model
from ontology.model import Model
from ontology.store import OxigraphStore, RdflibStore

SA = Namespace("https://w3id.org/stratalign#")
NUMBERS = (SA.targetValue, SA.baseline, SA.actualValue)
YEARS = (SA.targetYear, SA.baselineYear, SA.actualYear)

Rewrite = Callable[[rdflib.Graph], rdflib.Graph]


def graph_of(path) -> rdflib.Graph:
    """The model file as stratalign loads it, as an rdflib graph."""
    return load_model([path]).to_rdflib()


def _mapped(graph: rdflib.Graph, term: Callable) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        out.add((term(s), p, term(o)))
    return out


def blank(graph: rdflib.Graph, nodes: set) -> rdflib.Graph:
    """``graph`` with each of ``nodes`` a blank node."""
    fresh = {node: BNode() for node in nodes}
    return _mapped(graph, lambda t: fresh.get(t, t))


def blank_nameless(graph: rdflib.Graph) -> rdflib.Graph:
    """Targets and actors (owners, delegates) as blank nodes: what findings never name."""
    return blank(graph, set(graph.subjects(RDF.type, SA.Target)) | set(graph.subjects(RDF.type, SA.Actor)))


def blank_everything(graph: rdflib.Graph, namespace: str) -> rdflib.Graph:
    """Every node of the model's own ``namespace`` (goals, plans, indicators …) as a blank node."""
    nodes = {
        t for t in set(graph.subjects()) | set(graph.objects()) if isinstance(t, URIRef) and t.startswith(namespace)
    }
    return blank(graph, nodes)


def _retyped(graph: rdflib.Graph, predicates, retype: Callable[[Literal], Literal | None]) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        if p in predicates and isinstance(o, Literal):
            o = retype(o) or o
        out.add((s, p, o))
    return out


def numbers_as(datatype: URIRef) -> Rewrite:
    """Every integer target value, baseline and actual value as an ``xsd:decimal`` (120000.0) or ``xsd:double`` (1.2E5)."""

    def retype(o: Literal) -> Literal | None:
        if o.datatype != XSD.integer:
            return None
        value = Decimal(str(o))
        lexical = f"{value}.0" if datatype == XSD.decimal else f"{float(value):E}"
        return Literal(lexical, datatype=datatype)

    return lambda graph: _retyped(graph, NUMBERS, retype)


def years_as(datatype: URIRef) -> Rewrite:
    """Every year (target, baseline, actual) as ``xsd:gYear`` or ``xsd:integer``."""

    def retype(o: Literal) -> Literal | None:
        return Literal(str(o), datatype=datatype) if o.datatype in (XSD.gYear, XSD.integer) else None

    return lambda graph: _retyped(graph, YEARS, retype)


def labels_as(predicate: URIRef) -> Rewrite:
    """Every ``rdfs:label`` as ``predicate`` (``skos:prefLabel``)."""

    def rewrite(graph: rdflib.Graph) -> rdflib.Graph:
        out = rdflib.Graph()
        for s, p, o in graph:
            out.add((s, predicate if p == RDFS.label else p, o))
        return out

    return rewrite


VARIANTS: dict[str, Rewrite] = {
    "blank-nameless": blank_nameless,
    "numbers-decimal": numbers_as(XSD.decimal),
    "numbers-double": numbers_as(XSD.double),
    "years-integer": years_as(XSD.integer),
    "labels-skos": labels_as(SKOS.prefLabel),
}


def turtle(graph: rdflib.Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def raw_store(data: bytes, engine: str) -> Model:
    """Turtle in a store as it is, blank nodes and all: what a SPARQL server holds (no Skolem IRIs of ours)."""
    if engine == "rdflib":
        store = RdflibStore()
        store.graph.parse(data=data, format="turtle")
    else:
        store = OxigraphStore()
        store._store.load(data, format=ox.RdfFormat.TURTLE)  # noqa: SLF001 — past add(), which names blank nodes
    return Model(store)
