"""Load model files (YAML, Turtle, N-Triples, JSON-LD) into one store.

>>> from ontology.loaders import load_model
>>> model = load_model(["ontology/examples/horsens-2014.yaml"])  # doctest: +SKIP
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence

import pyoxigraph as ox

from ..errors import InputError
from ..model import Model
from ..namespaces import STANDARD_PREFIXES
from ..skolem import Named, skolemize
from ..store import OxigraphStore, SparqlStore
from .rdf import RDF_FORMATS, NTriplesDocument, iter_rdf, read_rdf
from .spreadsheet import read_spreadsheet
from .yaml_reader import read_yaml

__all__ = ["load_model", "read_source", "FORMAT_BY_SUFFIX", "sniff_format"]

FORMAT_BY_SUFFIX = {
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".yaml": "yaml",
    ".yml": "yaml",
}


def sniff_format(data: bytes) -> str:
    """Guess the format of standard input: JSON-LD, YAML or Turtle (N-Triples is Turtle)."""
    text = data.lstrip()[:4096].decode("utf-8", "replace")
    if text.startswith(("{", "[")):
        return "jsonld"
    first_keys = [line.split(":", 1)[0] for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    if any(k in ("stratalign", "base", "visions", "strategies", "goals", "lang", "title") for k in first_keys):
        return "yaml"
    return "ttl"


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise InputError(name, None, f"the file is {encoding} text; stratalign reads UTF-8: save it as UTF-8")
    head = data[:8192]
    if len(head) >= 4 and (head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4):
        raise InputError(name, None, "the file looks like UTF-16 text (every other byte is 0); stratalign reads UTF-8: save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(name, None, "not a text file (it contains binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(name, line, f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8") from None


def read_source(
    source: str | Path, *, stdin: BinaryIO | None = None, skip_bad_rows: bool = False, lazy: bool = False
) -> tuple[Iterable[ox.Quad], dict[str, str]]:
    """Read one file (or ``-`` for standard input) into quads and prefixes.

    With ``lazy``, an RDF file's quads are parsed while they are consumed
    (syntax errors are raised then), and its prefixes are filled in at the end.
    """
    if str(source) == "-":
        name = "<stdin>"
        data = (stdin or sys.stdin.buffer).read()
        fmt = sniff_format(data)
    else:
        path = Path(source)
        name = str(source)
        fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
        if fmt is None:
            if path.suffix.lower() in (".csv", ".xlsx"):
                return _read_spreadsheet(path, name, skip_bad_rows=skip_bad_rows)
            raise InputError(name, None, f"cannot tell the format from '{path.suffix or path.name}'; use .yaml .yml .ttl .nt .jsonld .csv .xlsx")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(name, None, "no such file") from None
        except IsADirectoryError:
            raise InputError(name, None, "is a folder, not a model file") from None
        except PermissionError:
            raise InputError(name, None, "permission denied") from None
    if not data.strip():
        raise InputError(name, 1, "the file is empty")
    if fmt == "yaml":
        return read_yaml(_decode(data, name), name)
    _decode(data, name)  # the same UTF-8 check and message for every format
    if fmt not in RDF_FORMATS:  # pragma: no cover
        raise InputError(name, None, f"unsupported format {fmt}")
    if lazy:
        if fmt == "nt":
            return NTriplesDocument(data, name), {}
        prefixes: dict[str, str] = {}
        return iter_rdf(data, fmt, name, prefixes=prefixes), prefixes
    return read_rdf(data, fmt, name)


def _read_spreadsheet(path: Path, name: str, *, skip_bad_rows: bool = False) -> tuple[list[ox.Quad], dict[str, str]]:
    return read_spreadsheet(path, name, skip_bad_rows=skip_bad_rows)


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
    if store is None:
        # A new in-memory store is dropped on any error, so files stream straight into it:
        # no list of half a million quads (twice as fast at national scale).
        store = OxigraphStore()
        for source in sources:
            quads, declared = read_source(source, stdin=stdin, skip_bad_rows=skip_bad_rows, lazy=True)
            store.add(quads)
            for prefix, namespace in declared.items():
                prefixes.setdefault(prefix, namespace)
        return Model(store=store, prefixes=prefixes, sources=[str(s) for s in sources])
    everything = Named()
    for source in sources:
        quads, declared = read_source(source, stdin=stdin, skip_bad_rows=skip_bad_rows)
        everything.extend(skolemize(quads))  # per file: blank-node labels are local to their document
        for prefix, namespace in declared.items():
            prefixes.setdefault(prefix, namespace)
    store.add(everything)
    return Model(store=store, prefixes=prefixes, sources=[str(s) for s in sources])
