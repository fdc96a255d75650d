"""SPARQL results in one neutral shape, whatever engine produced them.

Every store returns SELECT results as the SPARQL 1.1 Query Results JSON
structure (``head.vars`` and ``results.bindings``): Oxigraph and rdflib
serialise to it natively and a remote endpoint sends it over HTTP, so one
reader serves all three.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from sys import intern
from typing import Any, Iterator, Mapping, cast

from .namespaces import STANDARD_PREFIXES, XSD
from .textsafety import one_line, without_controls

__all__ = [
    "SelectResult",
    "AskResult",
    "GraphResult",
    "QueryResult",
    "term_text",
    "shorten",
    "one_line",
    "without_controls",
]


class SelectResult:
    """Rows of a SELECT query; each binding maps a variable to a SPARQL-JSON term dict.

    The embedded store hands over its solutions as terms (``from_solutions``):
    the plain values that analyses read come straight from them, and the
    JSON-shaped ``bindings`` are only built when an output needs them.

    >>> r = SelectResult(["x"], [{"x": {"type": "uri", "value": "https://w3id.org/stratalign#Goal"}}])
    >>> r.to_table()
    'x      \\n-------\\nsa:Goal\\n'
    """

    def __init__(
        self, variables: list[str], bindings: list[dict[str, dict]] | None = None, *, terms: list[tuple] | None = None
    ) -> None:
        self.variables = list(variables)
        self._bindings = bindings
        #: rows of pyoxigraph terms in variable order (None when unbound)
        self._terms = terms if bindings is None else None
        if bindings is None and terms is None:
            self._bindings = []

    @classmethod
    def from_json(cls, data: bytes | str | Mapping) -> "SelectResult":
        doc = json.loads(data) if isinstance(data, (bytes, str)) else data
        return cls(list(doc["head"].get("vars", [])), list(doc["results"]["bindings"]))

    @classmethod
    def from_solutions(cls, solutions: Any) -> "SelectResult":
        """Take a ``pyoxigraph.QuerySolutions`` without a JSON round trip."""
        return cls([v.value for v in solutions.variables], terms=list(map(tuple, solutions)))

    @property
    def bindings(self) -> list[dict[str, dict]]:
        if self._bindings is None:
            names = self.variables
            self._bindings = [
                {n: _term_dict(t) for n, t in zip(names, row) if t is not None} for row in self._terms or ()
            ]
            self._terms = None
        return self._bindings

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelectResult):
            return NotImplemented
        return self.variables == other.variables and self.bindings == other.bindings

    def __repr__(self) -> str:
        return f"SelectResult(variables={self.variables!r}, rows={len(self)})"

    def __len__(self) -> int:
        return len(self._terms) if self._terms is not None else len(self.bindings)

    def values(self, *names: str, mark_blank_nodes: bool = False) -> Iterator[tuple[str | None, ...]]:
        """Each row as a tuple of plain values (IRI or lexical form), None when unbound.

        ``mark_blank_nodes`` gives a blank node as ``_:id``, so that it never meets an IRI.
        """
        names = names or tuple(self.variables)
        if self._terms is not None:
            at = [self.variables.index(n) if n in self.variables else None for n in names]
            if not mark_blank_nodes:
                yield from _term_values(self._terms, at)
                return
            for row in self._terms:
                yield tuple([None if i is None or (t := row[i]) is None else _marked(t) for i in at])
            return
        for binding in self.bindings:
            yield tuple(_plain_value(binding.get(n), mark_blank_nodes) for n in names)

    def to_json(self) -> str:
        return json.dumps(
            {"head": {"vars": self.variables}, "results": {"bindings": self.bindings}},
            ensure_ascii=False,
            indent=2,
        )

    def to_csv(self) -> str:
        # SPARQL 1.1 CSV: plain values, blank nodes as _:id, CRLF line ends.
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.bindings:
            writer.writerow([_csv_value(row.get(v)) for v in self.variables])
        return out.getvalue()

    def to_tsv(self) -> str:
        # SPARQL 1.1 TSV: header with '?', terms in Turtle/N-Triples syntax.
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.bindings:
            lines.append("\t".join(_tsv_value(row.get(v)) for v in self.variables))
        return "\n".join(lines) + "\n"

    def to_table(self, prefixes: Mapping[str, str] | None = None, max_width: int = 60) -> str:
        prefixes = {**STANDARD_PREFIXES, **(prefixes or {})}
        rows = [[_clip(term_text(row.get(v), prefixes), max_width) for v in self.variables] for row in self.bindings]
        widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(self.variables)]
        lines = [_row(self.variables, widths), "  ".join("-" * w for w in widths)]
        lines += [_row(r, widths) for r in rows]
        return "\n".join(lines) + "\n"


@dataclass
class AskResult:
    value: bool

    def to_json(self) -> str:
        return json.dumps({"head": {}, "boolean": self.value})


@dataclass
class GraphResult:
    """CONSTRUCT/DESCRIBE results as canonical N-Triples."""

    ntriples: bytes

    def to_turtle(self, prefixes: Mapping[str, str] | None = None) -> str:
        import pyoxigraph as ox

        triples = [
            ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES)
        ]
        used = {p: i for p, i in {**STANDARD_PREFIXES, **(prefixes or {})}.items() if p and i.encode() in self.ntriples}
        written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)
        assert written is not None  # serialize returns the bytes when no output is given
        return written.decode("utf-8")


QueryResult = SelectResult | AskResult | GraphResult


def shorten(iri: str, prefixes: Mapping[str, str]) -> str:
    """The IRI as prefix:local with the longest matching namespace, else <iri>."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")) and iri != namespace:
            best = prefix
    if best or ("" in prefixes and iri.startswith(prefixes[""]) and iri != prefixes[""]):
        return f"{best}:{iri[len(prefixes[best]) :]}"
    return f"<{iri}>"


def term_text(term: dict | None, prefixes: Mapping[str, str] | None = None) -> str:
    """A term for people: shortened IRI, literal text with @lang for tagged strings."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return shorten(term["value"], prefixes or STANDARD_PREFIXES)
    if term["type"] == "bnode":
        return "_:" + term["value"]
    if "xml:lang" in term:
        return f"{term['value']}@{term['xml:lang']}"
    return term["value"]


def _term_values(rows: list[tuple], at: list[int | None]) -> Iterator[tuple[str | None, ...]]:
    # Analyses read hundreds of thousands of rows: one and two columns get unrolled loops.
    # Values are interned: one IRI comes back from many queries, and a run keeps
    # it in many tables (a national run holds a million of them).
    if None not in at and len(at) == 1:
        (i,) = cast("list[int]", at)
        for row in rows:
            t = row[i]
            yield (None if t is None else intern(t.value),)
    elif None not in at and len(at) == 2:
        i, j = cast("list[int]", at)
        for row in rows:
            a, b = row[i], row[j]
            yield (None if a is None else intern(a.value), None if b is None else intern(b.value))
    else:
        for row in rows:
            yield tuple([None if i is None or (t := row[i]) is None else intern(t.value) for i in at])


def _marked(term: Any) -> str:
    return "_:" + term.value if type(term).__name__ == "BlankNode" else term.value


def _plain_value(term: dict | None, mark_blank_nodes: bool) -> str | None:
    if term is None:
        return None
    return "_:" + term["value"] if mark_blank_nodes and term["type"] == "bnode" else term["value"]


def _term_dict(term: Any) -> dict:
    """A pyoxigraph term as a SPARQL 1.1 JSON term (as Oxigraph itself writes it)."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    # RDF-star quoted triples: as Oxigraph's JSON writer nests them
    return {
        "type": "triple",
        "value": {
            "subject": _term_dict(term.subject),
            "predicate": _term_dict(term.predicate),
            "object": _term_dict(term.object),
        },
    }


def _csv_value(term: dict | None) -> str:
    if term is None:
        return ""
    return "_:" + term["value"] if term["type"] == "bnode" else term["value"]


def _tsv_value(term: dict | None) -> str:
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return "_:" + value
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    if "xml:lang" in term:
        return f'"{escaped}"@{term["xml:lang"]}'
    datatype = term.get("datatype")
    if datatype and datatype != XSD + "string":
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _width(text: str) -> int:
    # Combining marks take no column; everything else one (no East Asian wide handling needed here).
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _clip(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths))
