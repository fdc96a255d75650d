"""Read Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML with Oxigraph's parsers.

Every named graph (TriG, N-Quads, JSON-LD) is merged into the model's default
graph: a model is one graph, however its files are organised. Blank-node labels
are scoped to their file (``_:t1`` in two files is two nodes).

What is outside a strategy model is refused with the file and line: RDF-star
triple terms (``<< … >>``) and numbers longer than :data:`MAX_DIGITS` digits.
JSON-LD nested deeper than :data:`MAX_JSON_DEPTH` is refused before Oxigraph
parses it (its parser recurses: 5,000 levels of ``@list`` crash the process), and
so are RDF/XML entities that could expand without bound (Oxigraph expands them).

Oxigraph's JSON-LD parser has no document loader, so a remote ``@context`` is
never fetched: it is reported as an input error instead.
"""

from __future__ import annotations

import functools
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..errors import InputError
from ..formats import RDF_SYNTAXES
from ..limits import Limits, active, raise_hint

__all__ = [
    "RDF_FORMATS",
    "FORMAT_NAMES",
    "MAX_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_ENTITY_EXPANSION",
    "read_rdf",
    "iter_rdf",
    "outside_model",
    "NTriplesDocument",
]

RDF_FORMATS: dict[str, ox.RdfFormat] = {f.name: f.rdf_format for f in RDF_SYNTAXES}
#: The name of each format in messages.
FORMAT_NAMES = {f.name: f.label for f in RDF_SYNTAXES}
#: Formats that can name graphs; their quads are moved into the default graph.
_DATASET_FORMATS = ("trig", "nq", "jsonld")
#: Formats whose triple terms are written ``<<( … )>>`` or ``<< … >>``.
_ANGLE_FORMATS = ("ttl", "trig", "nt", "nq")

#: Python's own bound for turning digits into an int (sys.get_int_max_str_digits):
#: a longer number would crash the YAML writer, pySHACL and every int() on it.
MAX_DIGITS = Limits.rdf_digits
#: JSON-LD nesting bound. A real model nests about 6 levels (@graph, node, value,
#: @list); Oxigraph's parser recurses once per level and crashed at 5,000.
MAX_JSON_DEPTH = Limits.json_depth
#: Bytes that XML entity references in an RDF/XML file may add (64 MiB: far beyond namespace abbreviations).
MAX_ENTITY_EXPANSION = Limits.entities


# A run of more digits than MAX_DIGITS. The lookbehind anchors each attempt at the
# start of a run, so the scan is linear (each digit is read at most twice).
@functools.lru_cache(maxsize=4)
def _long_digits(bound: int) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![0-9])[0-9]{%d}" % (bound + 1))


_DIGIT_RUN = re.compile(rb"[0-9]*")
# JSON structure: a whole string (escapes included) or one bracket. The two
# alternatives of the string body are disjoint, so matching never backtracks.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# One <!ENTITY …> declaration: parameter mark, name, then a quoted value or SYSTEM/PUBLIC. Each part
# stops at a character the next cannot start with, so matching is linear.
_ENTITY = re.compile(rb"""<!ENTITY[ \t\r\n]+(%[ \t\r\n]+)?([^ \t\r\n%"'>]+)[ \t\r\n]+(?:"([^"]*)"|'([^']*)')?""")
# Turtle's directives, which N-Triples and N-Quads do not have (only for a message's hint).
_TURTLE_DIRECTIVE = re.compile(rb"(?im)^[ \t]*(?:@prefix|@base|prefix|base)[ \t]")
# The first text a parser's message quotes ('…'), to find its line.
_QUOTED = re.compile(r"'([^'\n]{3,200})'")
_JSON_KEYWORD = re.compile(r"@[a-z]+")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TEXT_TYPES = {
    _XSD + "string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString",
}


def iter_rdf(
    data: bytes,
    fmt: str,
    filename: str,
    base_iri: str | None = None,
    prefixes: dict[str, str] | None = None,
    *,
    read_as: str = "",
) -> Iterator[ox.Quad]:
    """Stream RDF bytes as quads in the default graph; ``prefixes`` gets the file's prefixes at the end.

    Errors come as :class:`InputError` with the line, while the quads are read;
    ``read_as`` says in a syntax error why the file was read in ``fmt``
    (e.g. "from its .nt suffix").

    >>> declared = {}
    >>> len(list(iter_rdf(b"@prefix ex: <http://e/> . ex:a ex:b ex:c .", "ttl", "a.ttl", prefixes=declared))), declared
    (1, {'ex': 'http://e/'})
    >>> [str(q.graph_name) for q in iter_rdf(b"<http://e/a> <http://e/b> <http://e/c> <http://e/g> .", "nq", "a.nq")]
    ['DEFAULT']
    """
    if fmt == "jsonld":
        _check_json_depth(data, filename)
        _check_json_languages(data, filename)
    elif fmt == "rdfxml" and b"<!ENTITY" in data:
        _check_entities(data, filename)
    with _input_errors(data, fmt, filename, read_as):
        # Labels are renamed so that _:b1 in two files stays two nodes (Oxigraph's
        # own loader does the same for N-Triples).
        # JSON-LD drops a triple whose IRI is relative when there is no base, silently (the
        # fuzzing found files read as 0 triples, exit 0): resolve against a sentinel and refuse it
        relative = fmt == "jsonld" and base_iri is None
        parser = ox.parse(
            data, format=RDF_FORMATS[fmt], base_iri=_NO_BASE if relative else base_iri, rename_blank_nodes=True
        )
        quads: Iterator[ox.Quad] = parser
        if fmt in _DATASET_FORMATS:  # a model is one graph: merge named graphs into the default graph
            quads = (ox.Quad(q.subject, q.predicate, q.object) for q in parser)
        if relative:
            quads = _absolute(quads, data, filename)
        if _suspect(data, fmt):
            quads = _checked(quads, data, fmt, filename)
        yield from quads
        if prefixes is not None:
            prefixes.update(parser.prefixes)


_NO_BASE = "https://no-base.stratalign.invalid/"


def _absolute(quads: Iterator[ox.Quad], data: bytes, filename: str) -> Iterator[ox.Quad]:
    """``quads``, refusing the first relative IRI (resolved against :data:`_NO_BASE`) with its line."""
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(_NO_BASE):
                written = term.value[len(_NO_BASE) :]
                raise InputError(
                    filename,
                    _line_of(data, f'"{written}'.encode("utf-8")) if written else None,
                    f"the IRI '{_clip(written, 80)}' is relative and the file has no @base: JSON-LD would drop "
                    'its triples; write an absolute IRI or add "@base" to the @context',
                )
        yield quad


def _suspect(data: bytes, fmt: str) -> bool:
    """Whether ``data`` may hold a triple term or an over-long number (a fast scan, no parse).

    Most files hold neither, and skip the per-quad check of :func:`_checked`.
    At national scale (65 MB of N-Triples) this takes about 10 ms.
    """
    if fmt in ("nt", "nq"):
        star = b"(" in data and b"<<" in data  # N-Triples writes a triple term <<( … )>>; "(" is rare there
    elif fmt in _ANGLE_FORMATS:
        star = b"<<" in data
    else:
        star = fmt == "jsonld" or b"Triple" in data  # RDF/XML: rdf:parseType="Triple"
    return star or _has_long_digit_run(data, active().rdf_digits)


def _has_long_digit_run(data: bytes, bound: int = MAX_DIGITS) -> bool:
    """Whether ``data`` holds more than ``bound`` digits in a row, looking at one byte in 2,150 (the default bound).

    Such a run covers a sampled byte followed by at least 2,151 digits, and only
    there is the run measured; a sample is scanned only up to the end of its run,
    so the work stays linear (a regular expression over 65 MB took 2.9 s).
    """
    stride = (bound + 1) // 2
    for index, byte in enumerate(data[::stride]):
        if 0x30 <= byte <= 0x39:
            at = index * stride
            if _DIGIT_RUN.match(data, at).end() - at > bound - stride:  # type: ignore[union-attr]
                before = data[max(0, at - bound - 1) : at]
                begin = at - (len(before) - len(before.rstrip(b"0123456789")))
                if _DIGIT_RUN.match(data, begin).end() - begin > bound:  # type: ignore[union-attr]
                    return True
    return False


def outside_model(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str | None:
    """Why ``term`` cannot be part of a model (a triple term, a number too long for Python), else None.

    For every loader that parses RDF itself (the YAML ``rdf:`` block, a spreadsheet's ``rdf`` rows).

    >>> outside_model(ox.Literal("1" * 5000, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    'a number with 5000 digits (11111111111111111111…); numbers may have at most 4300 digits (--input-limit rdf-digits=N raises it)'
    >>> outside_model(ox.Literal("1" * 5000)) is None
    True
    """
    bound = active().rdf_digits
    if isinstance(term, ox.Triple):
        return (
            f"an RDF-star triple term ({_clip(str(term), 100)}) is not part of a strategy model; "
            "state the triple itself, or describe it with ordinary triples"
        )
    if (
        isinstance(term, ox.Literal)
        and len(term.value) > bound
        and term.datatype.value not in _TEXT_TYPES
        and _long_digits(bound).search(term.value.encode("utf-8"))
    ):
        digits = sum(c.isdigit() for c in term.value)
        return f"a number with {digits} digits ({term.value[:20]}…); numbers may have at most {bound} digits ({raise_hint('rdf_digits')})"
    return None


def refuse_outside_model(quads: Iterable[ox.Quad], turtle: bytes, filename: str) -> list[ox.Quad]:
    """``quads`` (parsed from the Turtle ``turtle``) as a list, or InputError for the first one :func:`outside_model` refuses.

    For the loaders that parse Turtle themselves (the YAML ``rdf:`` block, a spreadsheet's
    ``rdf`` rows): the error's line is the line within ``turtle``, for the caller to place.

    >>> star = b"<http://e/a> <http://e/b> <<( <http://e/a> <http://e/b> <http://e/c> )>> ."
    >>> try:
    ...     refuse_outside_model(ox.parse(star, format=ox.RdfFormat.TURTLE), star, "x.yaml")
    ... except InputError as err:
    ...     print(err.line, err.problem[:23])
    1 an RDF-star triple term
    """
    return list(_checked(iter(quads), turtle, "ttl", filename))


def _checked(quads: Iterator[ox.Quad], data: bytes, fmt: str, filename: str) -> Iterator[ox.Quad]:
    """``quads``, refusing what :func:`outside_model` refuses, with the line."""
    for quad in quads:
        for term in (quad.subject, quad.object):
            problem = outside_model(term)
            if problem is None:
                continue
            if isinstance(term, ox.Triple):
                line = _line_of_quoted_triple(data) if fmt in _ANGLE_FORMATS else None
            else:  # the lexical form as written, else (JSON-LD rewrites numbers) the first long run of digits
                line = _line_of(data, term.value[:64].encode("utf-8"))
                if line is None:
                    run = _long_digits(active().rdf_digits).search(data)
                    line = data.count(b"\n", 0, run.start()) + 1 if run else None
            raise InputError(filename, line, problem)
        yield quad


def _check_entities(data: bytes, filename: str) -> None:
    """Refuse XML entities that could expand without bound before Oxigraph expands them.

    OWL files declare plain entities for namespaces (``<!ENTITY owl "http://…#">``):
    those are read. Refused: an entity whose text refers to another entity (a
    "billion laughs": 7 levels of 16 aborted the process at 2 GB), parameter and
    external (SYSTEM, PUBLIC) entities, more than 256 declarations, and references
    that would expand the file beyond :data:`MAX_ENTITY_EXPANSION` bytes.
    """
    declarations = list(_ENTITY.finditer(data))
    if len(declarations) > 256:
        raise InputError(
            filename, _line_at(data, declarations[256].start()), "RDF/XML declares more than 256 XML entities"
        )
    expansion = 0
    for found in declarations:
        name = found.group(2).decode("utf-8", "replace")
        value = found.group(3) if found.group(3) is not None else found.group(4)
        problem = None
        if found.group(1):
            problem = "is a parameter entity"
        elif value is None:
            problem = "is an external entity (SYSTEM or PUBLIC), which is never fetched"
        elif b"&" in value or b"%" in value:
            problem = "refers to another entity, so it can expand without bound"
        else:
            expansion += data.count(b"&" + found.group(2) + b";") * len(value)
        if problem:
            raise InputError(
                filename,
                _line_at(data, found.start()),
                f"the XML entity '{_clip(name, 40)}' {problem}; write the text out",
            )
    bound = active().entities
    if expansion > bound:
        raise InputError(
            filename,
            _line_at(data, declarations[0].start()),
            f"its XML entities expand to {expansion:,} bytes (at most {bound:,}; {raise_hint('entities')}); write the text out",
        )


def _line_at(data: bytes, at: int) -> int:
    return data.count(b"\n", 0, at) + 1


def _check_json_depth(data: bytes, filename: str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH`, before a recursive parser meets it."""
    bound = active().json_depth
    if data.count(b"[") + data.count(b"{") <= bound:
        return  # too few brackets to nest that deep: no scan
    depth = 0
    for token in _JSON_TOKEN.finditer(data):
        c = data[token.start()]
        if c in b"[{":
            depth += 1
            if depth > bound:
                raise InputError(
                    filename,
                    data.count(b"\n", 0, token.start()) + 1,
                    f"JSON-LD nested more than {bound} levels deep (objects and lists); a model needs a few ({raise_hint('json_depth')})",
                )
        elif c in b"]}":
            depth -= 1


#: A JSON string value of "@language": one linear pattern (no nested quantifiers).
_JSON_LANGUAGE = re.compile(rb'"@language"[ \t\r\n]*:[ \t\r\n]*"((?:[^"\\]|\\.)*)"')


def _check_json_languages(data: bytes, filename: str) -> None:
    """Refuse a JSON-LD ``@language`` that is no well-formed language tag: JSON-LD's to-RDF algorithm drops
    such a literal without a word (a goal read with no label, exit 0), where Turtle and RDF/XML refuse it."""
    from .values import language_tag_problem

    if b'"@language"' not in data:
        return
    for m in _JSON_LANGUAGE.finditer(data):
        try:
            tag = json.loads(b'"' + m.group(1) + b'"')
        except ValueError:
            continue  # the JSON parser names a bad string itself
        problem = language_tag_problem(tag) if isinstance(tag, str) and tag else None
        if problem:
            raise InputError(filename, data.count(b"\n", 0, m.start()) + 1, f"@language: {problem}")


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
    read_as: str = ""

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter_rdf(self.data, "nt", self.filename, read_as=self.read_as)

    def load_into(self, store: ox.Store) -> ox.Store:
        if _suspect(self.data, "nt"):  # may hold what the model refuses: read it quad by quad
            store.bulk_extend(list(self))
            return store
        with _input_errors(self.data, "nt", self.filename, self.read_as):
            store.load(self.data, format=ox.RdfFormat.N_TRIPLES)
        return store


@contextmanager
def _input_errors(data: bytes, fmt: str, filename: str, read_as: str = "") -> Iterator[None]:
    """Parser errors as :class:`InputError` naming the file and the line."""
    try:
        yield
    except MemoryError as err:
        # Oxigraph's parsers cap one token (a literal, an IRI) at 16 MiB.
        raise InputError(filename, None, f"a single value is larger than the parser allows ({err})") from None
    except SyntaxError as err:
        line = getattr(err, "lineno", None)
        message = re.sub(
            r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(getattr(err, "msg", err))
        )
        if "LoadDocumentCallback" in message or "remote context" in message.lower():
            line = _line_of(data, b"@context")
            message = "a remote JSON-LD @context is not fetched (stratalign works offline); put the context inline"
        if line is None:
            line = _guess_line(data, fmt, message)
        kind = FORMAT_NAMES[fmt]
        # A parser may quote a whole value (megabytes on one line): the message stays one short line.
        raise InputError(
            filename, line, f"{kind} syntax error: {_clip(message, 160)}{_read_as_note(data, fmt, read_as)}"
        ) from None


def _clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters.

    >>> _clip("a\\nb" + "c" * 10, 6)
    'a bcc…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _guess_line(data: bytes, fmt: str, message: str) -> int | None:
    """The line of an error whose parser gave none (RDF/XML and some JSON-LD errors); only on the error path.

    XML that is not well-formed: the line Python's XML parser stops at. Otherwise
    the line of the first text the message quotes, when the file holds it.
    """
    if fmt == "rdfxml":
        # Expat only checks the XML here: it fetches no external entity (no handler is set), and
        # entities that could expand without bound were refused before parsing (_check_entities).
        from xml.parsers import expat

        try:
            expat.ParserCreate().Parse(data, True)
        except expat.ExpatError as err:
            return err.lineno
        except (LookupError, ValueError):  # encoding="uNaNtf-8" in the declaration (was exit 3): line 1
            return 1
    if fmt == "jsonld":
        keyword = _JSON_KEYWORD.search(message)
        if keyword:  # "@id value must be a string": the first "@id" whose value is not a string, else the first "@id"
            name = re.escape(f'"{keyword.group()}"'.encode("utf-8"))
            found = re.search(name + rb"[ \t\r\n]*:[ \t\r\n]*[^\" \t\r\n]", data) if "string" in message else None
            found = found or re.search(name, data)
            if found:
                return data.count(b"\n", 0, found.start()) + 1
    quoted = _QUOTED.search(message)
    return _line_of(data, quoted.group(1).strip().encode("utf-8")) if quoted and quoted.group(1).strip() else None


def _read_as_note(data: bytes, fmt: str, read_as: str) -> str:
    """Why the file was read as ``fmt``, and what it looks like when that is something else."""
    from . import sniff_format  # the package's sniffer; imported here to avoid a cycle

    looks = sniff_format(data)
    if looks == "ttl":  # the sniffer's Turtle covers N-Triples and TriG: only directives tell
        looks = "ttl" if _TURTLE_DIRECTIVE.search(data[:4096]) else fmt
    note = f" (read as {FORMAT_NAMES[fmt]}{' ' + read_as if read_as else ''}"
    if looks != fmt and not (fmt == "trig" and looks == "ttl"):
        note += f"; the text looks like {FORMAT_NAMES.get(looks, looks.upper())}"
    return note + ")"


def _line_of_quoted_triple(data: bytes) -> int | None:
    """The line of the first ``<<`` that is not inside a one-line string (good enough for a message)."""
    at = data.find(b"<<")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        before = data[start:at]
        if before.count(b'"') % 2 == 0 and before.count(b"'") % 2 == 0 and b"#" not in before:
            return data.count(b"\n", 0, at) + 1
        at = data.find(b"<<", at + 2)
    return None


def read_rdf(
    data: bytes, fmt: str, filename: str, base_iri: str | None = None, *, read_as: str = ""
) -> tuple[list[ox.Quad], dict[str, str]]:
    """Parse RDF bytes into quads in the default graph, with the prefixes the file declares.

    >>> quads, prefixes = read_rdf(b"@prefix ex: <http://e/> . ex:a ex:b ex:c .", "ttl", "a.ttl")
    >>> len(quads), prefixes
    (1, {'ex': 'http://e/'})
    """
    prefixes: dict[str, str] = {}
    quads = list(iter_rdf(data, fmt, filename, base_iri, prefixes, read_as=read_as))
    return quads, prefixes


def _line_of(data: bytes, needle: bytes) -> int | None:
    at = data.find(needle)
    return data[:at].count(b"\n") + 1 if at >= 0 else None
