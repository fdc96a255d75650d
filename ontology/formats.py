"""The model formats, each declared once: its name, suffixes, media types, who reads it and who writes it.

The loaders' suffix dispatch, ``convert`` (and its ``--to`` choices), the SPARQL
server's negotiation of graph results and the CLI's names for suffixes all
derive from :data:`MODEL_FORMATS`; a new format is one entry here (plus its
reader or writer).

>>> by_name("ttl").media_type, by_suffix(".TURTLE").name, by_suffix(".pdf") is None
('text/turtle', 'ttl', True)
>>> [f.name for f in WRITABLE]
['ttl', 'nt', 'jsonld', 'rdfxml', 'yaml', 'csv', 'xlsx']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "ModelFormat",
    "MODEL_FORMATS",
    "INPUTS",
    "WRITABLE",
    "RDF_SYNTAXES",
    "GRAPH_RESULTS",
    "by_name",
    "by_suffix",
    "input_suffixes",
    "DOCUMENT_SUFFIXES",
    "output_suffixes",
]

#: Which loader reads a format: an RDF syntax (pyoxigraph), the YAML authoring format, a spreadsheet.
Reader = Literal["rdf", "yaml", "spreadsheet"]


@dataclass(frozen=True)
class ModelFormat:
    """One format a model can be read from or written to.

    ``suffixes`` are the file suffixes it is known by (the usual one first);
    ``media_type`` is the one sent, ``media_aliases`` others a client may ask
    for; ``reader`` says which loader reads it (None: not a model input);
    ``writable`` whether ``convert`` writes it; ``any_name``: ``convert``
    writes it under any file name (RDF/XML is .rdf, .owl and .xml alike);
    ``graph_result``: the server answers CONSTRUCT and DESCRIBE in it;
    ``w3c`` its name under http://www.w3.org/ns/formats/.
    """

    name: str
    label: str
    suffixes: tuple[str, ...]
    media_type: str
    media_aliases: tuple[str, ...] = ()
    reader: Reader | None = None
    writable: bool = False
    binary: bool = False
    any_name: bool = False
    graph_result: bool = False
    w3c: str | None = None

    @property
    def rdf_format(self) -> "ox.RdfFormat":
        """Its pyoxigraph parser and serializer (RDF syntaxes only; ValueError for YAML and spreadsheets).

        >>> by_name("nt").rdf_format
        <RdfFormat N-Triples>
        """
        import pyoxigraph as ox

        found = ox.RdfFormat.from_media_type(self.media_type) if self.reader == "rdf" else None
        if found is None:
            raise ValueError(f"{self.label} is not an RDF syntax")
        return found


#: Every model format, in the order messages and choices list them.
MODEL_FORMATS: tuple[ModelFormat, ...] = (
    # Turtle is N3 too: a client asking for N3 (SPARQLWrapper's N3) reads it.
    ModelFormat(
        "ttl",
        "Turtle",
        (".ttl", ".turtle"),
        "text/turtle",
        ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3"),
        reader="rdf",
        writable=True,
        graph_result=True,
        w3c="Turtle",
    ),
    ModelFormat("trig", "TriG", (".trig",), "application/trig", reader="rdf", w3c="TriG"),
    ModelFormat(
        "nt",
        "N-Triples",
        (".nt",),
        "application/n-triples",
        ("text/plain",),
        reader="rdf",
        writable=True,
        graph_result=True,
        w3c="N-Triples",
    ),
    ModelFormat("nq", "N-Quads", (".nq",), "application/n-quads", reader="rdf", w3c="N-Quads"),
    ModelFormat(
        "jsonld",
        "JSON-LD",
        (".jsonld", ".json"),
        "application/ld+json",
        ("application/json",),
        reader="rdf",
        writable=True,
        graph_result=True,
        w3c="JSON-LD",
    ),
    ModelFormat(
        "rdfxml",
        "RDF/XML",
        (".rdf", ".owl"),
        "application/rdf+xml",
        ("application/xml", "text/xml"),
        reader="rdf",
        writable=True,
        any_name=True,
        graph_result=True,
        w3c="RDF_XML",
    ),
    ModelFormat("yaml", "YAML", (".yaml", ".yml"), "application/yaml", reader="yaml", writable=True),
    ModelFormat("csv", "CSV", (".csv",), "text/csv", reader="spreadsheet", writable=True),
    ModelFormat(
        "xlsx",
        "XLSX",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        reader="spreadsheet",
        writable=True,
        binary=True,
    ),
)

#: What a model file may be (``MODEL…`` arguments), what ``convert --to`` writes,
#: the RDF syntaxes pyoxigraph reads, and what the server answers graph queries in.
INPUTS = tuple(f for f in MODEL_FORMATS if f.reader is not None)
WRITABLE = tuple(f for f in MODEL_FORMATS if f.writable)
RDF_SYNTAXES = tuple(f for f in MODEL_FORMATS if f.reader == "rdf")
GRAPH_RESULTS = tuple(f for f in MODEL_FORMATS if f.graph_result)

_BY_NAME = {f.name: f for f in MODEL_FORMATS}
_BY_SUFFIX = {suffix: f for f in INPUTS for suffix in f.suffixes}


def by_name(name: str) -> ModelFormat:
    """The format called ``name`` (``ttl``, ``xlsx`` …); KeyError for any other."""
    return _BY_NAME[name]


def by_suffix(suffix: str) -> ModelFormat | None:
    """The input format a file suffix (``.ttl``, case-insensitive) names, else None."""
    return _BY_SUFFIX.get(suffix.lower())


def input_suffixes() -> str:
    """Every suffix a model file may have, for messages: ``.ttl .turtle .trig …``."""
    return " ".join(_BY_SUFFIX)


#: The formats a command writes that are not model formats, each with its suffixes (the usual one
#: first). With the model formats above, every output suffix of every command is named here once.
DOCUMENT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".text"),
    "table": (".txt", ".text"),  # query's SELECT table: text
    "md": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "json": (".json",),
    "tsv": (".tsv", ".tab"),
    "sarif": (".sarif",),
    "junit": (".xml",),
    "graphml": (".graphml", ".xml"),
    "gexf": (".gexf", ".xml"),
    "pdf": (".pdf",),
}


def output_suffixes(name: str) -> tuple[str, ...]:
    """The suffixes an output format is written as: a document format, else a model format.

    >>> output_suffixes("md"), output_suffixes("ttl"), output_suffixes("csv")
    (('.md', '.markdown'), ('.ttl', '.turtle'), ('.csv',))
    """
    if name in DOCUMENT_SUFFIXES:
        return DOCUMENT_SUFFIXES[name]
    return by_name(name).suffixes
