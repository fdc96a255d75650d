"""IRIs of the vocabularies stratalign reads and writes."""

from __future__ import annotations

__all__ = ["SA", "RDF", "RDFS", "XSD", "SKOS", "DCTERMS", "ORG", "OWL", "SH", "STANDARD_PREFIXES", "DEFAULT_BASE"]

SA = "https://w3id.org/stratalign#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

#: Prefixes every output knows, before the model's own.
STANDARD_PREFIXES: dict[str, str] = {
    "sa": SA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": ORG,
    "owl": OWL,
}

DEFAULT_BASE = "https://w3id.org/stratalign/model/"
