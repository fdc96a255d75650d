"""Write a loaded model in any of the supported formats (text, or bytes for XLSX)."""
from __future__ import annotations

import pyoxigraph as ox

from .loaders.spreadsheet_writer import write_csv, write_xlsx
from .loaders.yaml_writer import write_yaml
from .model import Model
from .namespaces import STANDARD_PREFIXES

__all__ = ["serialize_model", "OUTPUT_FORMATS", "BINARY_FORMATS"]

OUTPUT_FORMATS = ("ttl", "nt", "jsonld", "yaml", "csv", "xlsx")
#: Formats whose output is bytes, not text.
BINARY_FORMATS = ("xlsx",)


def serialize_model(model: Model, fmt: str) -> str | bytes:
    """The model's default graph in ``fmt``: text for ttl, nt, jsonld, yaml and csv; bytes for xlsx.

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
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
