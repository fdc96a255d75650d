"""The dataset a server answers from: the model, the findings beside it, and its service description.

Layout (what a query sees):

- the **default graph** holds the model *and* the findings, so a simple
  ``SELECT ?f WHERE { ?f a sa:Finding }`` works with no ``GRAPH`` clause;
- the named graph ``https://w3id.org/stratalign/findings`` holds the findings
  alone: ``GRAPH <…/findings> { … }``, ``FROM <…/findings>`` or
  ``default-graph-uri=…/findings`` select just them.

The findings are stored twice (they are few) so that Oxigraph's own dataset
handling — ``FROM``, ``FROM NAMED``, the protocol's graph parameters — stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from alignment import FINDING_BASE, Analysis, findings_quads
from ontology import GRAPH_RESULTS, RDF, STANDARD_PREFIXES, Model

__all__ = ["FINDINGS_GRAPH", "DatasetInfo", "build_dataset", "service_description"]

FINDINGS_GRAPH = "https://w3id.org/stratalign/findings"

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class DatasetInfo:
    """What was loaded: counts for the page and the service description, and display prefixes."""

    location: Path
    model_triples: int
    findings: int
    finding_triples: int
    prefixes: dict[str, str]


def build_dataset(model: Model, analysis: Analysis, folder: Path) -> DatasetInfo:
    """Write the model and the findings of ``analysis`` into a new on-disk store in ``folder``.

    The store is closed again before returning, so worker processes can open it read-only.
    """
    model_quads = list(ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES))
    found = findings_quads(analysis.findings, analysis.lang)
    graph = ox.NamedNode(FINDINGS_GRAPH)
    store = ox.Store(str(folder))
    store.bulk_extend(model_quads)
    store.bulk_extend(found)
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in found)
    store.flush()
    model_triples = len({(q.subject, q.predicate, q.object) for q in model_quads})
    del store  # release the write lock before read-only openers arrive
    prefixes = {**STANDARD_PREFIXES, **model.prefixes, "finding": FINDING_BASE}
    return DatasetInfo(folder, model_triples, len(analysis.findings), len(set(found)), prefixes)


def service_description(endpoint: str, info: DatasetInfo, *, max_rows: int, timeout: float) -> list[ox.Triple]:
    """A SPARQL 1.1 Service Description of the endpoint at ``endpoint``."""
    service = ox.NamedNode(endpoint)
    dataset, default, named, findings = ox.BlankNode(), ox.BlankNode(), ox.BlankNode(), ox.BlankNode()

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri("http://www.w3.org/2001/XMLSchema#integer"))

    triples: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]] = [
        (service, iri(RDF + "type"), iri(SD + "Service")),
        (service, iri(SD + "endpoint"), service),
        (service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        (
            service,
            iri(DCTERMS + "description"),
            ox.Literal(
                "stratalign read-only SPARQL 1.1 endpoint: a strategy model and its alignment findings. "
                f"Updates, Graph Store writes and SERVICE are refused; each query may run {timeout:g} s "
                f"and returns at most {max_rows} rows or triples.",
                language="en",
            ),
        ),
        (service, iri(SD + "defaultDataset"), dataset),
        (dataset, iri(RDF + "type"), iri(SD + "Dataset")),
        (dataset, iri(SD + "defaultGraph"), default),
        (default, iri(RDF + "type"), iri(SD + "Graph")),
        (default, iri(VOID + "triples"), count(info.model_triples + info.finding_triples)),
        (default, iri(DCTERMS + "description"), ox.Literal("the model and the findings", language="en")),
        (dataset, iri(SD + "namedGraph"), named),
        (named, iri(RDF + "type"), iri(SD + "NamedGraph")),
        (named, iri(SD + "name"), iri(FINDINGS_GRAPH)),
        (named, iri(SD + "graph"), findings),
        (findings, iri(RDF + "type"), iri(SD + "Graph")),
        (findings, iri(VOID + "triples"), count(info.finding_triples)),
    ]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        *(f.w3c or f.name for f in GRAPH_RESULTS),
    ):
        triples.append((service, iri(SD + "resultFormat"), iri(FORMATS + name)))
    return [ox.Triple(*t) for t in triples]
