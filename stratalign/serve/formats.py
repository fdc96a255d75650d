"""Media types of the SPARQL 1.1 result formats and RDF syntaxes, and ``Accept`` negotiation.

Kept free of heavy imports: the query worker processes import it too.

>>> negotiate("text/csv;q=0.9, application/sparql-results+xml", SOLUTION_FORMATS).name
'xml'
>>> negotiate("*/*", GRAPH_FORMATS).media_type
'text/turtle'
>>> negotiate("image/png", SOLUTION_FORMATS) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ontology import GRAPH_RESULTS

__all__ = ["Format", "SOLUTION_FORMATS", "GRAPH_FORMATS", "HTML", "negotiate", "by_name", "choose", "offered"]


@dataclass(frozen=True)
class Format:
    """One output format: a short name (for ``?format=``), the media type sent, and aliases accepted."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def matches(self, media_range: str) -> int:
        """How specifically ``media_range`` selects this format: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not."""
        if media_range == self.media_type or media_range in self.aliases:
            return 3
        if media_range.endswith("/*") and self.media_type.split("/")[0] == media_range[:-2]:
            return 2
        return 1 if media_range == "*/*" else 0


# SELECT and ASK results; the first is the default.
SOLUTION_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
# CONSTRUCT and DESCRIBE results, the service description and Graph Store reads: the format registry's graph results.
GRAPH_FORMATS: tuple[Format, ...] = tuple(Format(f.name, f.media_type, f.media_aliases) for f in GRAPH_RESULTS)
# The query page renders any result as a table when a browser asks for HTML.
HTML = Format("html", "text/html", ("application/xhtml+xml",))


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    return ranges


def negotiate(accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The offer the client prefers (RFC 9110 ``Accept``), the first offer when it states nothing.

    Per offer the most specific matching range decides its weight; ties go to the
    range the client listed first, then to the order of ``offers``.
    """
    ranges = _parse_accept(accept or "")
    if not ranges:
        return offers[0] if offers else None
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, offer in enumerate(offers):
        matching = [(offer.matches(media), q, index) for media, q, index in ranges if offer.matches(media)]
        if not matching:
            continue
        _, q, index = max(matching, key=lambda m: (m[0], -m[2]))
        key = (q, -index, -position)
        if q > 0 and (best is None or key > best):
            best, chosen = key, offer
    return chosen


def by_name(name: str, offers: Sequence[Format]) -> Format | None:
    """The offer named ``name`` (short name or media type), for ``?format=``."""
    name = name.strip().lower()
    for offer in offers:
        if name in (offer.name, offer.media_type, *offer.aliases):
            return offer
    # The names clients put in ?format= (SPARQLWrapper sends xml, json, turtle, n3, rdf+xml, json-ld, csv, tsv):
    # "xml" is SPARQL XML for solutions and RDF/XML for graphs, "json" is SPARQL JSON or JSON-LD.
    aliases = {
        "turtle": "ttl",
        "n3": "ttl",
        "ntriples": "nt",
        "n-triples": "nt",
        "json-ld": "jsonld",
        "rdf": "rdfxml",
        "rdf+xml": "rdfxml",
        "xml": "rdfxml",
        "json": "jsonld",
    }
    return by_name(aliases[name], offers) if name in aliases else None


def choose(names: Sequence[str], accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The format to answer in: the first of the ``?format=`` ``names`` on offer, else what ``Accept`` asks for.

    A name the server cannot serve does not make the answer fail while the
    ``Accept`` header asks for something it can (SPARQLWrapper sends
    ``format=xml`` with ``Accept: application/rdf+xml`` for a CONSTRUCT); a
    name that is not served and no ``Accept`` header give None (406).

    >>> choose(["xml"], "application/rdf+xml", GRAPH_FORMATS).name
    'rdfxml'
    >>> choose(["csv"], "text/turtle", GRAPH_FORMATS).name
    'ttl'
    >>> choose(["csv"], None, GRAPH_FORMATS) is None
    True
    """
    for name in names:
        named = by_name(name, offers) if name.strip() else None
        if named is not None:
            return named
    if any(name.strip() for name in names) and not (accept or "").strip():
        return None
    return negotiate(accept, offers)


def offered(offers: Sequence[Format]) -> str:
    """The media types of ``offers``, for a 406 answer."""
    return ", ".join(o.media_type for o in offers)
