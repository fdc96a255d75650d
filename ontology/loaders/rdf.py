"""Read Turtle, N-Triples and JSON-LD with Oxigraph's parsers.

Oxigraph's JSON-LD parser has no document loader, so a remote ``@context`` is
never fetched: it is reported as an input error instead.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox

from ..errors import InputError

__all__ = ["RDF_FORMATS", "read_rdf", "iter_rdf", "NTriplesDocument"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def iter_rdf(
    data: bytes, fmt: str, filename: str, base_iri: str | None = None, prefixes: dict[str, str] | None = None
) -> Iterator[ox.Quad]:
    """Stream RDF bytes as quads in the default graph; ``prefixes`` gets the file's prefixes at the end.

    Errors come as :class:`InputError` with the line, while the quads are read.

    >>> declared = {}
    >>> len(list(iter_rdf(b"@prefix ex: <http://e/> . ex:a ex:b ex:c .", "ttl", "a.ttl", prefixes=declared))), declared
    (1, {'ex': 'http://e/'})
    """
    with _input_errors(data, fmt, filename):
        parser = ox.parse(data, format=RDF_FORMATS[fmt], base_iri=base_iri)
        if fmt == "jsonld":  # JSON-LD may name graphs: merge them into the default graph
            for q in parser:
                yield ox.Quad(q.subject, q.predicate, q.object)
        else:  # Turtle and N-Triples only hold default-graph triples: take them as parsed
            yield from parser
        if prefixes is not None:
            prefixes.update(parser.prefixes)


@dataclass(frozen=True)
class NTriplesDocument:
    """N-Triples bytes not parsed yet: iterate for quads, or let an Oxigraph store load them itself.

    Loading natively makes no Python object per triple: a fifth faster at
    national scale. (Only N-Triples: it declares no prefixes to collect.)

    >>> doc = NTriplesDocument(b"<http://e/a> <http://e/b> <http://e/c> .", "a.nt")
    >>> len(list(doc)), len(doc.load_into(ox.Store()))
    (1, 1)
    """

    data: bytes
    filename: str

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter_rdf(self.data, "nt", self.filename)

    def load_into(self, store: ox.Store) -> ox.Store:
        with _input_errors(self.data, "nt", self.filename):
            store.load(self.data, format=ox.RdfFormat.N_TRIPLES)
        return store


@contextmanager
def _input_errors(data: bytes, fmt: str, filename: str) -> Iterator[None]:
    """Parser errors as :class:`InputError` naming the file and the line."""
    try:
        yield
    except MemoryError as err:
        # Oxigraph's parsers cap one token (a literal, an IRI) at 16 MiB.
        raise InputError(filename, None, f"a single value is larger than the parser allows ({err})") from None
    except SyntaxError as err:
        line = getattr(err, "lineno", None)
        message = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(getattr(err, "msg", err)))
        if "LoadDocumentCallback" in message or "remote context" in message.lower():
            line = _line_of(data, b"@context")
            message = "a remote JSON-LD @context is not fetched (stratalign works offline); put the context inline"
        kind = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD"}[fmt]
        raise InputError(filename, line, f"{kind} syntax error: {message}") from None


def read_rdf(data: bytes, fmt: str, filename: str, base_iri: str | None = None) -> tuple[list[ox.Quad], dict[str, str]]:
    """Parse RDF bytes into quads in the default graph, with the prefixes the file declares.

    >>> quads, prefixes = read_rdf(b"@prefix ex: <http://e/> . ex:a ex:b ex:c .", "ttl", "a.ttl")
    >>> len(quads), prefixes
    (1, {'ex': 'http://e/'})
    """
    prefixes: dict[str, str] = {}
    quads = list(iter_rdf(data, fmt, filename, base_iri, prefixes))
    return quads, prefixes


def _line_of(data: bytes, needle: bytes) -> int | None:
    at = data.find(needle)
    return data[:at].count(b"\n") + 1 if at >= 0 else None
