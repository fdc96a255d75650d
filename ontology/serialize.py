"""Write a loaded model in any of the supported formats (text, or bytes for XLSX)."""
from __future__ import annotations

import re

import pyoxigraph as ox

from .loaders.spreadsheet_writer import write_csv, write_xlsx
from .loaders.yaml_writer import write_yaml
from .model import Model
from .errors import InputError
from .namespaces import STANDARD_PREFIXES

__all__ = ["serialize_model", "OUTPUT_FORMATS", "BINARY_FORMATS"]

OUTPUT_FORMATS = ("ttl", "nt", "jsonld", "rdfxml", "yaml", "csv", "xlsx")
#: Formats whose output is bytes, not text.
BINARY_FORMATS = ("xlsx",)
# Characters XML 1.0 cannot hold, not even as a character reference: RDF/XML with one is not XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def serialize_model(model: Model, fmt: str) -> str | bytes:
    """The model's default graph in ``fmt``: text for ttl, nt, jsonld, rdfxml, yaml and csv; bytes for xlsx.

    >>> from ontology.store import OxigraphStore
    >>> serialize_model(Model(OxigraphStore()), "nt")
    ''
    """
    quads = model.store.quads()
    if fmt == "yaml":
        return write_yaml(quads, base=model.prefixes.get(""), prefixes=model.prefixes)
    if fmt == "xlsx":
        return write_xlsx(quads, base=model.prefixes.get(""))
    if fmt == "csv":
        return write_csv(quads, base=model.prefixes.get(""))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in sorted(quads, key=str)]
    if fmt == "nt":
        return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    prefixes = {p: i for p, i in {**STANDARD_PREFIXES, **model.prefixes}.items() if p}
    if fmt == "ttl":
        return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode("utf-8")
    if fmt == "jsonld":
        return (ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=prefixes) or b"").decode("utf-8")
    if fmt == "rdfxml":
        text = (ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes) or b"").decode("utf-8")
        if _NOT_XML.search(text):
            _refuse_for_xml(triples)
        return text
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")


def _refuse_for_xml(triples: list[ox.Triple]) -> None:
    """Exit 2 naming the first element whose text XML cannot hold (RDF/XML would not be well-formed)."""
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            found = _NOT_XML.search(term.value) if isinstance(term, (ox.Literal, ox.NamedNode)) else None
            if found:
                raise InputError(
                    "--to rdfxml", None,
                    f"<{triple.subject.value[:200]}> holds the control character U+{ord(found.group()):04X}, "
                    "which XML cannot hold; write Turtle, N-Triples or JSON-LD instead",
                )
