"""Write a loaded model in any of the supported formats (text, or bytes for XLSX)."""

from __future__ import annotations

import re
from typing import Callable

import pyoxigraph as ox

from .errors import InputError
from .formats import WRITABLE, by_name
from .loaders.spreadsheet_writer import write_csv, write_xlsx
from .loaders.yaml_writer import write_yaml
from .model import Model
from .namespaces import STANDARD_PREFIXES

__all__ = ["serialize_model", "OUTPUT_FORMATS", "BINARY_FORMATS"]

#: What ``convert --to`` writes, from the format registry; the formats whose output is bytes, not text.
OUTPUT_FORMATS = tuple(f.name for f in WRITABLE)
BINARY_FORMATS = tuple(f.name for f in WRITABLE if f.binary)
# Characters XML 1.0 cannot hold, not even as a character reference: RDF/XML with one is not XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The writers of the formats that are not RDF syntaxes (those pyoxigraph writes, sorted, with the prefixes).
_WRITERS: dict[str, Callable[[list[ox.Quad], Model], str | bytes]] = {
    "yaml": lambda quads, model: write_yaml(quads, base=model.prefixes.get(""), prefixes=model.prefixes),
    "xlsx": lambda quads, model: write_xlsx(quads, base=model.prefixes.get("")),
    "csv": lambda quads, model: write_csv(quads, base=model.prefixes.get("")),
}


def _subject_text(subject: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    return str(subject) if isinstance(subject, ox.Triple) else subject.value


def serialize_model(model: Model, fmt: str) -> str | bytes:
    """The model's default graph in ``fmt``: text for ttl, nt, jsonld, rdfxml, yaml and csv; bytes for xlsx.

    >>> from ontology.store import OxigraphStore
    >>> serialize_model(Model(OxigraphStore()), "nt")
    ''
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    quads = model.store.quads()
    writer = _WRITERS.get(fmt)
    if writer is not None:
        return writer(quads, model)
    syntax = by_name(fmt).rdf_format
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in sorted(quads, key=str)]
    if fmt == "nt":  # N-Triples has no prefixes
        return (ox.serialize(triples, format=syntax) or b"").decode("utf-8")
    prefixes = {p: i for p, i in {**STANDARD_PREFIXES, **model.prefixes}.items() if p}
    text = (ox.serialize(triples, format=syntax, prefixes=prefixes) or b"").decode("utf-8")
    if fmt == "rdfxml" and _NOT_XML.search(text):
        _refuse_for_xml(triples)
    return text


def _refuse_for_xml(triples: list[ox.Triple]) -> None:
    """Exit 2 naming the first element whose text XML cannot hold (RDF/XML would not be well-formed)."""
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            found = _NOT_XML.search(term.value) if isinstance(term, (ox.Literal, ox.NamedNode)) else None
            if found:
                raise InputError(
                    "--to rdfxml",
                    None,
                    f"<{_subject_text(triple.subject)[:200]}> holds the control character U+{ord(found.group()):04X}, "
                    "which XML cannot hold; write Turtle, N-Triples or JSON-LD instead",
                )
