"""Load model files (YAML, Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, CSV, XLSX) into one store.

>>> from ontology.loaders import load_model
>>> model = load_model(["ontology/examples/horsens-2014.yaml"])  # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

import pyoxigraph as ox

from ..errors import InputError
from ..formats import INPUTS, by_suffix, input_suffixes
from ..model import Model, Position
from ..namespaces import STANDARD_PREFIXES
from ..skolem import Named, skolemize
from ..store import OxigraphStore, SparqlStore
from .rdf import RDF_FORMATS, NTriplesDocument, iter_rdf, read_rdf
from .spreadsheet import read_spreadsheet
from .yaml_reader import read_yaml

__all__ = ["load_model", "read_source", "FORMAT_BY_SUFFIX", "SUFFIXES", "MAX_PREFIXES", "sniff_format"]

#: The suffix of each text format (RDF or YAML); spreadsheets go by :func:`ontology.formats.by_suffix` too.
FORMAT_BY_SUFFIX = {suffix: f.name for f in INPUTS if f.reader != "spreadsheet" for suffix in f.suffixes}
#: Every suffix a model file may have, for messages.
SUFFIXES = input_suffixes()


def sniff_format(data: bytes) -> str:
    """Guess the format of standard input: JSON-LD, RDF/XML, YAML, N-Quads or Turtle (N-Triples and TriG are Turtle).

    >>> sniff_format(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    'rdfxml'
    >>> sniff_format(b"<http://e/a> <http://e/p> <http://e/o> <http://e/graph> .")
    'nq'
    """
    text = data.lstrip()[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    if text.startswith(_CSV_HEADERS):  # the spreadsheet's own header row, as `convert --to csv` writes it
        return "csv"
    if text.startswith(("{", "[")):
        return "jsonld"
    if text.startswith(("<?xml", "<!--", "<!DOCTYPE")) or (text.startswith("<") and _looks_like_xml(text)):
        return "rdfxml"
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    first_keys = [line.split(":", 1)[0] for line in lines if not line[0].isspace()]
    if any(k in ("stratalign", "base", "visions", "strategies", "goals", "lang", "title") for k in first_keys):
        return "yaml"
    if any(_is_quad_line(line) for line in lines[:20]):
        return "nq"
    return "ttl"


#: How the model spreadsheet's header row begins (either delimiter); no RDF syntax or YAML starts so.
_CSV_HEADERS = ("id;type;", "id,type,", "id\ttype\t")


def _looks_like_xml(text: str) -> bool:
    """``<rdf:RDF …`` or another element with namespace declarations, not a Turtle ``<iri>``."""
    end = 1
    while end < len(text) and (text[end].isalnum() or text[end] in "_-.:"):
        end += 1
    tag = text[1:end]
    first_tag = text[: text.find(">") + 1]
    return (
        bool(tag)
        and not tag[0].isdigit()
        and end < len(text)
        and text[end] in " \t\r\n/>"
        and (tag.endswith(":RDF") or tag == "RDF" or "xmlns" in first_tag)
    )


def _is_quad_line(line: str) -> bool:
    """Whether one N-Quads line names a graph (four terms); N-Triples lines are read as Turtle."""
    try:
        quads = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError):
        return False
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def _decode(data: bytes, name: str) -> str:
    """The text of ``data``, or an :class:`InputError` saying why it is not UTF-8 text."""
    _check_text(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(data, name, err) from None


#: Bytes validated at a time: 64 KiB chunks stay in the CPU cache and reuse one buffer, so
#: checking 229 MB of N-Triples with a non-ASCII letter in every IRI takes 0.035 s, where
#: decoding it whole (a 458 MB string, made only to be thrown away) took 0.17-0.85 s.
_CHECK_CHUNK = 1 << 16


def _check_utf8(data: bytes, name: str) -> None:
    """The check of :func:`_decode` (and its messages) without keeping the text: for the RDF formats,
    whose parsers read the bytes themselves.

    >>> _check_utf8("Ærø".encode(), "a.ttl")
    >>> _check_utf8("<a> <b> 'café' .".encode("latin-1"), "a.ttl")
    Traceback (most recent call last):
    ...
    ontology.errors.InputError: a.ttl:1: not valid UTF-8 text (byte 0xe9); save the file as UTF-8
    """
    _check_text(data, name)
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHECK_CHUNK):
            decoder.decode(view[start : start + _CHECK_CHUNK])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        try:  # rare: decode whole for the exact position
            data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise _not_utf8(data, name, err) from None
        raise  # pragma: no cover - the two decoders agree


def _not_utf8(data: bytes, name: str, err: UnicodeDecodeError) -> InputError:
    line = data[: err.start].count(b"\n") + 1
    return InputError(name, line, f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8")


def _check_text(data: bytes, name: str) -> None:
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(bom):
            raise InputError(name, None, f"the file is {encoding} text; stratalign reads UTF-8: save it as UTF-8")
    head = data[:8192]
    if len(head) >= 4 and (head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4):
        raise InputError(
            name,
            None,
            "the file looks like UTF-16 text (every other byte is 0); stratalign reads UTF-8: save it as UTF-8",
        )
    if b"\x00" in data[:8192]:
        raise InputError(name, None, "not a text file (it contains binary data)")


def read_source(
    source: str | Path,
    *,
    stdin: BinaryIO | None = None,
    skip_bad_rows: bool = False,
    lazy: bool = False,
    positions: dict | None = None,
) -> tuple[Iterable[ox.Quad], dict[str, str]]:
    """Read one file (or ``-`` for standard input) into quads and prefixes.

    With ``lazy``, an RDF file's quads are parsed while they are consumed
    (syntax errors are raised then), and its prefixes are filled in at the end.
    ``positions`` receives where the YAML and spreadsheet elements are defined.
    """
    if str(source) == "-":
        name = "<stdin>"
        data = (stdin or sys.stdin.buffer).read()
        fmt = sniff_format(data)
        if fmt == "csv":  # the spreadsheet reader reads a file: a pipe from `convert --to csv` was read as TriG
            with tempfile.TemporaryDirectory() as folder:
                sheet = Path(folder) / "stdin.csv"
                sheet.write_bytes(data)
                return _read_spreadsheet(sheet, name, skip_bad_rows=skip_bad_rows, positions=positions)
        if fmt == "ttl":
            fmt = "trig"  # TriG is Turtle with graphs: one parser reads both
        read_as = "as sniffed from standard input"
    else:
        path = Path(source)
        name = str(source)
        known = by_suffix(path.suffix)
        if known is None:
            raise InputError(name, None, f"cannot tell the format from '{path.suffix or path.name}'; use {SUFFIXES}")
        if known.reader == "spreadsheet":
            return _read_spreadsheet(path, name, skip_bad_rows=skip_bad_rows, positions=positions)
        fmt = known.name
        read_as = f"from its {path.suffix} suffix"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(name, None, "no such file") from None
        except IsADirectoryError:
            raise InputError(name, None, "is a folder, not a model file") from None
        except PermissionError:
            raise InputError(name, None, "permission denied") from None
    if not data or data.isspace():  # data.strip() copied the whole file (0.14 s at 229 MB)
        raise InputError(name, 1, "the file is empty")
    if fmt == "yaml":
        return read_yaml(_decode(data, name), name, positions)
    _check_utf8(data, name)  # the same UTF-8 check and message for every format
    if data.startswith(b"\xef\xbb\xbf"):  # a byte order mark: YAML, JSON-LD and RDF/XML read past it, and
        data = data[3:]  # Turtle, TriG and N-Triples refused it with an invisible character in the message
    if fmt not in RDF_FORMATS:  # pragma: no cover
        raise InputError(name, None, f"unsupported format {fmt}")
    if lazy:
        if fmt == "nt":
            return NTriplesDocument(data, name, read_as), {}
        prefixes: dict[str, str] = {}
        return iter_rdf(data, fmt, name, prefixes=prefixes, read_as=read_as), prefixes
    return read_rdf(data, fmt, name, read_as=read_as)


def _read_spreadsheet(
    path: Path, name: str, *, skip_bad_rows: bool = False, positions: dict | None = None
) -> tuple[list[ox.Quad], dict[str, str]]:
    return read_spreadsheet(path, name, skip_bad_rows=skip_bad_rows, positions=positions)


#: Prefixes kept from the files for writing output. A prefix only abbreviates IRIs in
#: what is written (the graph is the same); rdflib binds each in linear time, so
#: 100,000 declared prefixes made `validate` run past 120 s and `convert --to yaml` 12 s.
MAX_PREFIXES = 1000


def _keep_prefixes(prefixes: dict[str, str], declared: dict[str, str]) -> None:
    for prefix, namespace in declared.items():
        if len(prefixes) >= MAX_PREFIXES:
            return
        prefixes.setdefault(prefix, namespace)


def load_model(
    sources: Sequence[str | Path],
    *,
    store: SparqlStore | None = None,
    stdin: BinaryIO | None = None,
    skip_bad_rows: bool = False,
) -> Model:
    """Read every source and merge them into one graph in ``store`` (default: in-memory Oxigraph).

    Into a given ``store``, files are read completely before anything is added,
    so a bad file leaves that store untouched.
    """
    if not sources:
        raise InputError("<arguments>", None, "no model given: name files, '-' for standard input, or --example NAME")
    prefixes = dict(STANDARD_PREFIXES)
    positions: dict[str, Position] = {}  # first definition wins, as in the merged graph's order
    if store is None:
        # A new in-memory store is dropped on any error, so files stream straight into it:
        # no list of half a million quads (twice as fast at national scale).
        store = OxigraphStore()
        for source in sources:
            quads, declared = read_source(
                source, stdin=stdin, skip_bad_rows=skip_bad_rows, lazy=True, positions=positions
            )
            store.add(quads)
            _keep_prefixes(prefixes, declared)
        return Model(store=store, prefixes=prefixes, sources=[str(s) for s in sources], positions=positions)
    everything = Named()
    for source in sources:
        quads, declared = read_source(source, stdin=stdin, skip_bad_rows=skip_bad_rows, positions=positions)
        everything.extend(skolemize(quads))  # per file: blank-node labels are local to their document
        _keep_prefixes(prefixes, declared)
    store.add(everything)
    return Model(store=store, prefixes=prefixes, sources=[str(s) for s in sources], positions=positions)
