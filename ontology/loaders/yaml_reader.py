"""Read the YAML authoring format (docs/authoring.md) into RDF quads.

Works on PyYAML's node tree rather than on plain dicts, so that every error can
name the line it is on, and duplicate keys (which PyYAML silently overwrites)
are caught.

>>> quads, prefixes = read_yaml("base: https://ex.org/\\nvisions:\\n  - {id: v, label: Vision}\\n", "m.yaml")
>>> len(quads)
2
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterator

import pyoxigraph as ox
import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError
from ..limits import Limits, active, raise_hint
from ..namespaces import DCTERMS, DEFAULT_BASE, RDF, SA, STANDARD_PREFIXES, XSD
from ..textsafety import excerpt
from .rdf import refuse_outside_model
from .values import MAX_DIGITS, language_tag_problem
from .yaml_schema import (
    DECISION_RECORD_KEYS,
    DECISION_VERDICTS,
    EVIDENCE_KEYS,
    INFLUENCE_KEYS,
    INFLUENCER_KINDS,
    KEYS,
    KIND_CLASS,
    NESTS,
    OBSERVATION_KEYS,
    SECTIONS,
    SELF_INFLUENCE,
    SELF_REFERENCE,
    TARGET_KEYS,
    TOP_LEVEL_KEYS,
    Key,
    Term,
    ValueError_,
    encode,
    evidence_iri,
    influence_iri,
    iri,
    observation_iri,
    observation_time,
    parse_compact_evidence,
)

__all__ = ["read_yaml", "to_oxigraph", "MAX_DEPTH", "MAX_ALIAS_NODES", "MAX_DIGITS"]

#: Levels of nested lists and maps (docs/authoring.md, "Limits"): 100 holds about 48 goals
#: nested one in another. The bound keeps the reader, which recurses, far from Python's stack limit.
MAX_DEPTH = Limits.depth
#: Nodes that aliases (``*name``) may repeat in all: a 413-byte file of nested aliases would
#: otherwise stand for a billion nodes ("billion laughs"); an ordinary file uses none.
MAX_ALIAS_NODES = Limits.aliases
_SURROGATE = re.compile("[\ud800-\udfff]")

_ID = re.compile(r"^[^\s<>\"{}|\\^`]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_KIND_WORD = {
    "vision": "a vision",
    "strategy": "a strategy",
    "goal": "a goal",
    "focus_area": "a focus area",
    "initiative": "an initiative",
    "indicator": "an indicator",
    "actor": "an actor",
    "theme": "a theme",
    "target": "a target",
}


class _Constructor(SafeConstructor):
    """PyYAML's safe constructor, with a refusal (not a ValueError) for impossible dates and huge numbers."""

    def construct_yaml_int(self, node: ScalarNode) -> int:
        bound = active().digits
        digits = sum(map(str.isdigit, node.value))  # before int(): 5,000 digits raise ValueError there
        if digits > bound:
            raise ConstructorError(
                None,
                None,
                f"a number of {digits} digits is more than stratalign reads (at most {bound}); {raise_hint('digits')}",
                node.start_mark,
            )
        value = super().construct_yaml_int(node)
        if value.bit_length() > bound * 3.33:  # 0x… and 1:2:3 (base 60) forms grow fast
            raise ConstructorError(
                None,
                None,
                f"the number {excerpt(node.value, 40)} is larger than stratalign reads (at most {bound} digits); {raise_hint('digits')}",
                node.start_mark,
            )
        return value

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as err:
            raise ConstructorError(
                None, None, f"{excerpt(node.value, 40)} is not a valid date ({err})", node.start_mark
            ) from None


# types-PyYAML types add_constructor for the base class only; the methods take our subclass
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)  # type: ignore[type-var]
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)  # type: ignore[type-var]


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses, while it composes the node tree, what would
    blow up later: nesting beyond :data:`MAX_DEPTH`, aliases repeating more than
    :data:`MAX_ALIAS_NODES` nodes (or themselves), a key twice in one mapping
    (PyYAML keeps the last one silently), and lone surrogates (``"\\udc80"``), which no
    output can encode. Linear in the size of the file.
    """

    def __init__(self, text: str, filename: str) -> None:
        super().__init__(text)
        self.file = filename
        self.depth = 0
        self.repeated = 0
        self.limits = active()
        self._keys = SafeConstructor()
        #: id of a node → the lines of the aliases that repeat it, in document order (a node
        #: reached through an alias carries its anchor's line, so an error there needs these)
        self.alias_lines: dict[int, list[int]] = {}

    def refuse(self, mark: Any, problem: str) -> InputError:
        return InputError(self.file, mark.line + 1 if mark is not None else None, problem)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            self.alias_lines.setdefault(id(node), []).append(event.start_mark.line + 1)
            size = getattr(node, "size", 1 if isinstance(node, ScalarNode) else None)
            if size is None:
                raise self.refuse(
                    event.start_mark,
                    f"the alias *{excerpt(event.anchor, 40)[1:-1]} refers to a list or map it is inside (a structure without end)",
                )
            self.repeated += size
            if self.repeated > self.limits.aliases:
                raise self.refuse(
                    event.start_mark,
                    f"aliases repeat more than {self.limits.aliases:,} values; write the values out (an alias bomb?; {raise_hint('aliases')})",
                )
            return node
        self.depth += 1
        if self.depth > self.limits.depth:
            raise self.refuse(
                self.peek_event().start_mark,
                f"lists and maps are nested more than {self.limits.depth} levels deep ({raise_hint('depth')})",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    # PyYAML passes the anchor name (str | None); types-PyYAML says dict[Any, Node], hence Any.
    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        if node.style == '"' and _SURROGATE.search(node.value):  # only a "\\udc80" escape makes one
            raise self.refuse(
                node.start_mark,
                f"invalid text: {excerpt(node.value, 60)} holds a lone surrogate (a half of a UTF-16 pair), which is not a character",
            )
        return node

    def compose_sequence_node(self, anchor: Any) -> SequenceNode:
        node = super().compose_sequence_node(anchor)
        # the number of nodes an alias to this one would repeat (the alias-bomb bound)
        setattr(node, "size", 1 + sum(getattr(child, "size", 1) for child in node.value))  # noqa: B010 (PyYAML's Node has no size)
        return node

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node = super().compose_mapping_node(anchor)
        seen: dict[Any, int] = {}
        size = 1
        for key_node, value_node in node.value:
            size += getattr(key_node, "size", 1) + getattr(value_node, "size", 1)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = key_node.value if key_node.tag == "tag:yaml.org,2002:str" else self._key(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self.refuse(
                    key_node.start_mark,
                    f"key {excerpt(key_node.value, 60)} appears twice in one mapping (first on line {seen[key]}); YAML would keep only the last",
                )
            seen[key] = line
        setattr(node, "size", size)  # noqa: B010
        return node

    def _key(self, node: ScalarNode) -> Any:
        """A non-text key as the value it stands for (1 and 0x1 are the same key)."""
        try:
            value = self._keys.construct_object(node)
            hash(value)
            return (node.tag, value)
        except Exception:  # refused later by the reader, with its line
            return (node.tag, node.value)


def _yaml_problem(err: yaml.YAMLError) -> tuple[int | None, str]:
    """A PyYAML error as (line, one-line problem): its own text names "<unicode string>" over four lines."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        problem = err.problem or err.context or "unreadable"
        if "could not determine a constructor for the tag" in problem:
            problem = (
                problem.replace("could not determine a constructor for the tag", "unknown YAML tag")
                + " (write the value without a tag)"
            )
        return (mark.line + 1 if mark else None), " ".join(problem.split())
    return None, " ".join(str(err).split())


#: Longest value quoted back in a syntax hint: the whole message stays within one 300-character line.
_HINT_VALUE = 80


def _syntax_hint(err: yaml.MarkedYAMLError, text: str) -> str:
    """The cause of a PyYAML syntax error in words and its fix, for the slips authors make daily, or "".

    A colon and a space inside a value ("label: Vision 2030: Sammen om mere") start a second key, so
    PyYAML says "mapping values are not allowed here"; a key or list item indented to a column no open
    map or list uses gives "expected <block end>" or "could not find expected ':'". Only string methods
    on the one line the error names: linear, no regex on the input.
    """
    mark = err.problem_mark or err.context_mark
    problem = err.problem or ""
    if mark is None:
        return ""
    lines = text.splitlines()
    source = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return "; the line is indented with a tab: indent with spaces only"
    if problem.startswith("mapping values are not allowed"):
        body = source.strip()
        if body.startswith("- "):
            body = body[2:].lstrip()
        key, colon, value = body.partition(": ")
        value = value.strip()
        if colon and ": " in value + " " and not value.startswith(("'", '"')):
            if len(value) > _HINT_VALUE:
                value = value[:_HINT_VALUE] + "…"
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            return f'; a colon followed by a space starts a new key, also inside a text: put the {excerpt(key, 30)[1:-1]} in quotes: {excerpt(key, 30)[1:-1]}: "{quoted}"'
        return "; check the indentation: a key may be indented too far, or a value holds ': ' (then put it in quotes)"
    if problem.startswith(("expected <block end>", "could not find expected ':'")) or (err.context or "").startswith(
        "while parsing a block"
    ):
        column = len(source) - len(source.lstrip(" "))
        return f"; check the indentation of line {mark.line + 1} (column {column + 1}): the keys of one element start in one column, the '- ' items of one list too"
    return ""


def to_oxigraph(term: Term) -> ox.NamedNode | ox.Literal:
    """Neutral term → pyoxigraph term."""
    if term[0] == "iri":
        return ox.NamedNode(term[1])
    if term[3]:
        return ox.Literal(term[1], language=term[3])
    return ox.Literal(term[1], datatype=ox.NamedNode(term[2]))


def read_yaml(text: str, filename: str, positions: dict | None = None) -> tuple[list[ox.Quad], dict[str, str]]:
    """Parse one YAML model; return its quads and the prefixes it declares.

    Raises :class:`InputError` naming the file and line for any problem.
    ``positions``, when given, receives element IRI → :class:`~ontology.model.Position` (its id's line).
    """
    reader = _Reader(filename)
    result = reader.read(text)
    if positions is not None:
        from ..model import Position

        for ident, (_, line) in reader.defined.items():
            positions.setdefault(reader.expand(ident, None), Position(filename, line))
    return result


class _Reader:
    def __init__(self, filename: str) -> None:
        self.file = filename
        self.base = DEFAULT_BASE
        self.lang = "da"
        self.prefixes: dict[str, str] = {}
        self.triples: list[tuple[Term, Term, Term]] = []
        self.extra: list[ox.Quad] = []
        self.defined: dict[str, tuple[str, int]] = {}
        self._definitions: dict[str, Node] = {}  # the node that defined each id
        self._alias_lines: dict[int, list[int]] = {}
        self.refs: list[tuple[str, tuple[str, ...], int]] = []
        self._constructor = _Constructor()
        self._line = 0
        self._item_lines: Iterator[int] | None = None

    # -- helpers -----------------------------------------------------------
    def fail(self, node: Node | None, problem: str) -> InputError:
        line = node.start_mark.line + 1 if node is not None else None
        return InputError(self.file, line, problem)

    def scalar(self, node: Node) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            line, problem = _yaml_problem(err)
            raise InputError(self.file, line or node.start_mark.line + 1, f"cannot read value: {problem}") from None

    def mapping(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys (key: value)")
        seen: dict[str, int] = {}
        out = []
        previous: Node | None = None
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                if (
                    node.flow_style
                    and key_node.tag == "tag:yaml.org,2002:int"
                    and isinstance(previous, ScalarNode)
                    and previous.tag == "tag:yaml.org,2002:int"
                ):
                    # {value: 6,2}: inside {…} the comma ends the value, and 2 becomes a key of its own
                    raise self.fail(
                        key_node,
                        f'keys of {what} must be words, got {excerpt(key_node.value)}; inside {{…}} a comma ends a value: write a decimal comma in quotes, "{previous.value},{key_node.value}", or a point, {previous.value}.{key_node.value}',
                    )
                raise self.fail(key_node, f"keys of {what} must be words, got {excerpt(self.scalar(key_node))}")
            previous = value_node
            if key in seen:
                raise self.fail(key_node, f"key '{key}' appears twice in {what} (first on line {seen[key]})")
            seen[key] = key_node.start_mark.line + 1
            out.append((key, key_node, value_node))
        return out

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{what} must be a list (- item)")
        return list(node.value)

    def unknown_key(self, key: str, key_node: Node, allowed: list[str], what: str) -> InputError:
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(sorted(allowed))}"
        return self.fail(key_node, f"unknown key {excerpt(key, 60)} in {what}{hint}")

    def expand(self, ident: str, node: Node | None, line: int | None = None) -> str:
        if not _ID.match(ident):
            raise self.fail(node, f'{excerpt(ident, 60)} is not a usable id (no spaces or <>"{{}}|\\^` characters)')
        if ":" in ident:
            prefix, _, local = ident.partition(":")
            if prefix in self.prefixes:
                return self.checked(self.prefixes[prefix] + local, ident, node, line)
            if _SCHEME.match(ident):
                return self.checked(ident, ident, node, line)
        # checked also here: base https://e.org:80 and id x give a port 80x
        return self.checked(self.base + ident, ident, node, line)

    def checked(self, full: str, ident: str, node: Node | None, line: int | None = None) -> str:
        """``full`` if it is an IRI the store takes (``https://e.o1:2:3/`` passes the id pattern but is none)."""
        problem = _iri_problem(full)
        if problem:
            where = node.start_mark.line + 1 if node is not None else line
            raise InputError(self.file, where, f"{excerpt(ident, 60)} does not give a valid IRI ({problem})")
        return full

    def define(self, ident: str, kind: str, node: Node, element: Node | None = None) -> str:
        """``ident`` defined by the id ``node`` of the map ``element``: once per file."""
        element = element if element is not None else node
        if ident in self.defined:
            other_kind, line = self.defined[ident]
            repeats = self._alias_lines.get(id(element), [])
            if self._definitions[ident] is element and repeats:
                # the same node again: an alias (*name) repeats the definition, and the line is the alias's
                raise InputError(
                    self.file,
                    repeats[0],
                    f"id {excerpt(ident, 60)} is defined twice: this alias repeats {_KIND_WORD[other_kind]} defined on line {line}; "
                    f"to share it, write its id here instead (a plain string is a reference)",
                )
            raise self.fail(
                node, f"id {excerpt(ident, 60)} is defined twice (first as {_KIND_WORD[other_kind]} on line {line})"
            )
        self.defined[ident] = (kind, node.start_mark.line + 1)
        self._definitions[ident] = element
        return self.expand(ident, node)

    def resolve(self, ident: str, kinds: tuple[str, ...]) -> str:
        line = next(self._item_lines, self._line) if self._item_lines is not None else self._line
        self.refs.append((ident, kinds, line))
        if not _ID.match(ident):
            # owner: Byrådet Esbjerg, or a goal written as plain text: a name where an id belongs
            hint = (
                f"; write the id of {' or '.join(_KIND_WORD[k] for k in kinds)} here, not its name"
                if " " in ident.strip()
                else ""
            )
            raise InputError(
                self.file, line, f'{excerpt(ident, 60)} is not a usable id (no spaces or <>"{{}}|\\^` characters){hint}'
            )
        return self.expand(ident, None, line)

    def add(self, s: str, p: str, o: Term) -> None:
        self.triples.append((iri(s), iri(p), o))

    def encode_key(self, subject: str, key: Key, value_node: Node) -> None:
        if key.value == "number" and _looks_danish_thousands(value_node):
            raise self.fail(
                value_node,
                f"'{key.name}': {value_node.value} is ambiguous (YAML reads it as a decimal number): write "
                f"{value_node.value.replace('.', '')} if you mean thousands; YAML numbers have no thousands separator",
            )
        value = self.scalar(value_node)
        self._line = value_node.start_mark.line + 1
        # A reference names the line it is written on, also in a block list of ids.
        if key.value == "ref" and isinstance(value_node, SequenceNode):
            self._item_lines = iter([item.start_mark.line + 1 for item in value_node.value])
        try:
            terms = encode(key, value, lang=self.lang, resolve=self.resolve)
        except ValueError_ as err:
            raise self.fail(value_node, f"'{key.name}': {err}") from None
        finally:
            self._item_lines = None
        for term in terms:
            if key.value == "ref" and term[0] == "iri" and term[1] == subject:
                raise self.fail(value_node, f"'{key.name}': {SELF_REFERENCE}")
            if term[0] == "iri" and key.value == "iri_or_text" and _iri_problem(term[1]):
                raise self.fail(
                    value_node, f"'{key.name}': {excerpt(term[1], 60)} is not a valid URL ({_iri_problem(term[1])})"
                )
            self.add(subject, key.predicate, term)

    # -- the document ------------------------------------------------------
    def read(self, text: str) -> tuple[list[ox.Quad], dict[str, str]]:
        loader = None
        try:
            loader = _Loader(text, self.file)  # its reader checks the first characters already
            root = loader.get_single_node()
            self._alias_lines = loader.alias_lines
        except yaml.MarkedYAMLError as err:
            line, problem = _yaml_problem(err)
            hint = _syntax_hint(err, text)
            raise InputError(self.file, line, f"YAML syntax error: {problem}{hint}") from None
        except yaml.reader.ReaderError as err:
            # Not a MarkedYAMLError: it carries a character position, not a line.
            line = text[: err.position].count("\n") + 1
            char = f"#x{err.character:04x}" if isinstance(err.character, int) else repr(err.character)
            raise InputError(
                self.file,
                line,
                f"YAML syntax error: unacceptable character {char} (control characters are not allowed in YAML)",
            ) from None
        except yaml.YAMLError as err:
            raise InputError(self.file, None, f"YAML error: {_yaml_problem(err)[1]}") from None
        finally:
            if loader is not None:
                loader.dispose()
        if root is None:
            raise InputError(self.file, 1, "the file is empty")
        entries = self.mapping(root, "the model")
        by_key = {key: (key_node, value_node) for key, key_node, value_node in entries}
        for key, key_node, _ in entries:
            if key not in TOP_LEVEL_KEYS:
                raise self.unknown_key(key, key_node, list(TOP_LEVEL_KEYS), "the model")
        if not any(section in by_key for section in SECTIONS) and "rdf" not in by_key:
            raise self.fail(root, "no elements: expected at least one of " + ", ".join(SECTIONS))
        self._header(by_key)
        for section, kind in SECTIONS.items():
            if section in by_key:
                for item in self.sequence(by_key[section][1], f"'{section}'"):
                    if not isinstance(item, MappingNode):
                        raise self.fail(item, f"each entry of '{section}' must define an element (id:, label: …)")
                    self.element(item, kind, parent=None, plan=None)
        if "rdf" in by_key:
            self.rdf_block(by_key["rdf"][1])
        self.check_refs()
        # subjects are IRIs and predicates IRIs by construction (encode_key); only objects may be literals
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self.triples]  # type: ignore[arg-type]
        prefixes = dict(self.prefixes)
        prefixes.setdefault("", self.base)
        return quads + self.extra, prefixes

    def _header(self, by_key: dict[str, tuple[Node, Node]]) -> None:
        if "stratalign" in by_key:
            version = self.scalar(by_key["stratalign"][1])
            if version != 1:
                raise self.fail(
                    by_key["stratalign"][1], f"unsupported format version {excerpt(version)}; this stratalign reads 1"
                )
        if "draft" in by_key and not isinstance(self.scalar(by_key["draft"][1]), bool):
            raise self.fail(by_key["draft"][1], "'draft' is true or false (true: written by stratalign extract)")
        if "prefixes" in by_key:
            for key, _, value_node in self.mapping(by_key["prefixes"][1], "'prefixes'"):
                value = self.scalar(value_node)
                if not isinstance(value, str) or not _SCHEME.match(value) or _iri_problem(value):
                    raise self.fail(
                        value_node, f"prefix {excerpt(key, 60)} must map to an absolute IRI, got {excerpt(value)}"
                    )
                self.prefixes[key] = value
        if "base" in by_key:
            base = self.scalar(by_key["base"][1])
            if not isinstance(base, str) or not _SCHEME.match(base) or not _ID.match(base) or _iri_problem(base):
                raise self.fail(
                    by_key["base"][1],
                    f"'base' must be an absolute IRI such as https://example.org/plan/, got {excerpt(base)}",
                )
            self.base = base
        if "lang" in by_key:
            lang = self.scalar(by_key["lang"][1])
            if not isinstance(lang, str) or not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", lang):
                raise self.fail(
                    by_key["lang"][1], f"'lang' must be a language tag such as da or en, got {excerpt(lang)}"
                )
            if language_tag_problem(lang):
                raise self.fail(by_key["lang"][1], f"'lang': {language_tag_problem(lang)}")
            self.lang = lang.lower()
        about = {
            "title": Key("title", DCTERMS + "title", "text"),
            "description": Key("description", DCTERMS + "description", "text"),
            "source": Key("source", DCTERMS + "source", "iri_or_text", many=True),
        }
        for name, about_key in about.items():
            if name in by_key:
                self.encode_key(self.base, about_key, by_key[name][1])

    def element(self, node: Node, kind: str, parent: str | None, plan: str | None) -> str:
        """Read one element (or a reference) and return its IRI."""
        if isinstance(node, ScalarNode):
            ident = self.scalar(node)
            if not isinstance(ident, str):
                raise self.fail(node, f"expected the id of {_KIND_WORD[kind]}, got {excerpt(ident)}")
            self._line = node.start_mark.line + 1
            return self.resolve(ident, (kind,))
        what = _KIND_WORD[kind]
        entries = self.mapping(node, what)
        keys = {k.name: k for k in KEYS[kind]}
        nests = {n.name: n for n in NESTS.get(kind, ())}
        allowed = (
            ["id", *keys, *nests]
            + (["targets"] if kind == "goal" else [])
            + (["observations"] if kind == "indicator" else [])
            + (["influences"] if kind in INFLUENCER_KINDS else [])
            + ["evidence"]
        )
        by_key = {}
        for key, key_node, value_node in entries:
            if key not in allowed:
                raise self.unknown_key(key, key_node, allowed, what)
            by_key[key] = (key_node, value_node)
        if "id" not in by_key:
            raise self.fail(node, f"{what} needs an 'id'")
        ident = self.scalar(by_key["id"][1])
        if not isinstance(ident, str) or not ident.strip():
            raise self.fail(by_key["id"][1], f"the id of {what} must be a text, got {excerpt(ident)}")
        if "label" not in by_key:
            raise self.fail(node, f"{what} {excerpt(ident, 60)} needs a 'label'")
        subject = self.define(ident, kind, by_key["id"][1], node)
        self.add(subject, RDF + "type", iri(KIND_CLASS[kind]))
        own_plan = subject if kind in ("vision", "strategy") else plan
        for name, (_, value_node) in by_key.items():
            if name in DECISION_VERDICTS and _has_records(value_node):
                self.duplicate_decisions(subject, keys[name], value_node)
            elif name in keys:
                self.encode_key(subject, keys[name], value_node)
            elif name in nests:
                nest = nests[name]
                for child_node in self.sequence(value_node, f"'{name}' of {what} {excerpt(ident, 60)}"):
                    child = self.element(child_node, nest.child, parent=subject, plan=own_plan)
                    if nest.child_is_subject:
                        self.add(child, nest.predicate, iri(subject))
                    else:
                        self.add(subject, nest.predicate, iri(child))
                    if nest.enclosing_plan_lists and own_plan is not None:
                        self.add(own_plan, SA + "hasInitiative", iri(child))
            elif name == "targets":
                for index, target_node in enumerate(
                    self.sequence(value_node, f"'targets' of goal {excerpt(ident, 60)}"), 1
                ):
                    self.target(target_node, subject, index)
            elif name == "observations":
                self.observations(value_node, subject, by_key)
            elif name == "influences":
                self.influences(value_node, subject, f"{what} {excerpt(ident, 60)}")
            elif name == "evidence":
                self.evidence(value_node, subject)
        return subject

    def influences(self, node: Node, influencer: str, owner: str) -> None:
        """An element's scored influences on goals: ``[{goal: g2, strength: -2, why: …}]``, one per goal.

        Each becomes an sa:Influence named by :func:`influence_iri`; the goal id is checked with the other
        references (an unknown id fails with its line), the strength is a whole number from -3 to +3.
        """
        keys = {k.name: k for k in INFLUENCE_KEYS}
        seen: dict[str, int] = {}
        for item in self.sequence(node, f"'influences' of {owner}"):
            if not isinstance(item, MappingNode):
                raise self.fail(item, "each influence is a map such as {goal: g2, strength: -2, why: …}")
            entries: dict[str, Node] = {}
            for key, key_node, value_node in self.mapping(item, "an influence"):
                if key not in keys:
                    raise self.unknown_key(key, key_node, list(keys), "an influence")
                entries[key] = value_node
            for required in ("goal", "strength"):
                if required not in entries:
                    raise self.fail(
                        item,
                        f"an influence needs a '{required}' (e.g. {{goal: g2, strength: -2}}; strength from -3 to +3)",
                    )
            goal_node = entries["goal"]
            self._line = goal_node.start_mark.line + 1
            try:
                (goal,) = encode(keys["goal"], self.scalar(goal_node), lang=self.lang, resolve=self.resolve)
            except ValueError_ as err:
                raise self.fail(goal_node, f"'goal': {err}") from None
            line = goal_node.start_mark.line + 1
            if goal[1] == influencer:
                raise self.fail(goal_node, f"'influences': {SELF_INFLUENCE}")
            if goal[1] in seen:
                raise self.fail(
                    goal_node,
                    f"'influences': the goal {excerpt(self.scalar(goal_node), 60)} is scored twice "
                    f"(line {seen[goal[1]]} and here); keep one strength per goal",
                )
            seen[goal[1]] = line
            subject = influence_iri(influencer, goal[1])
            self.add(subject, RDF + "type", iri(SA + "Influence"))
            self.add(subject, SA + "influencer", iri(influencer))
            self.add(subject, SA + "influenced", goal)
            for name in ("strength", "why", "source"):
                if name in entries:
                    self.encode_key(subject, keys[name], entries[name])

    def duplicate_decisions(self, subject: str, key: Key, node: Node) -> None:
        """``not_duplicate_of`` / ``duplicate_of`` with records: ``[g-b, {id: g-c, reason: …, date: …, by: …}]``.

        An id is the plain triple; a record is the triple and an sa:DuplicateDecision node
        (``<element>/decision/<n>``) with the verdict, the reason, the date and who decided.
        """
        items = node.value if isinstance(node, SequenceNode) else [node]
        record_keys = {k.name: k for k in DECISION_RECORD_KEYS}
        for index, item in enumerate(items, 1):
            if not isinstance(item, MappingNode):
                self.encode_key(subject, key, item)
                continue
            entries: dict[str, Node] = {}
            for name, key_node, value_node in self.mapping(item, f"a '{key.name}' record"):
                if name not in record_keys:
                    raise self.unknown_key(name, key_node, list(record_keys), f"a '{key.name}' record")
                entries[name] = value_node
            if "id" not in entries:
                raise self.fail(item, f"a '{key.name}' record needs an 'id', e.g. {{id: g2, reason: …}}")
            self._line = entries["id"].start_mark.line + 1
            try:
                (other,) = encode(key, self.scalar(entries["id"]), lang=self.lang, resolve=self.resolve)
            except ValueError_ as err:
                raise self.fail(entries["id"], f"'{key.name}': {err}") from None
            self.add(subject, key.predicate, other)
            decision = f"{subject}/decision/{index}"
            self.add(decision, RDF + "type", iri(SA + "DuplicateDecision"))
            self.add(decision, SA + "decisionOn", iri(subject))
            self.add(decision, SA + "decisionOn", other)
            self.add(decision, SA + "verdict", iri(DECISION_VERDICTS[key.name]))
            for name in ("reason", "date", "by"):
                if name in entries:
                    self.encode_key(decision, record_keys[name], entries[name])

    # -- evidence ------------------------------------------------------------
    def evidence(self, node: Node, subject: str) -> None:
        """``evidence:`` on an element or a target: one record or a list of them; a record is a map
        ``{document, page, quote, start, end, confidence}`` or the one-line form
        ``"DOCUMENT p. PAGE: «QUOTE»"`` (:func:`~.yaml_schema.parse_compact_evidence`).
        The n-th record becomes the node :func:`~.yaml_schema.evidence_iri` (subject, n)."""
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not items:
            raise self.fail(node, "'evidence' is an empty list: give at least one record or leave the key out")
        keys = {k.name: k for k in EVIDENCE_KEYS}
        for index, item in enumerate(items, 1):
            record = evidence_iri(subject, index)
            if isinstance(item, ScalarNode):
                text = self.scalar(item)
                if not isinstance(text, str):
                    raise self.fail(
                        item,
                        f"'evidence': expected a record or a text such as \"v.pdf p. 3: «…»\", got {excerpt(text)}",
                    )
                try:
                    fields = parse_compact_evidence(text)
                except ValueError_ as err:
                    raise self.fail(item, f"'evidence': {err}") from None
                self.add(subject, SA + "evidence", iri(record))
                self.add(record, RDF + "type", iri(SA + "Evidence"))
                for name, value in fields.items():
                    try:
                        for term in encode(keys[name], value, lang=self.lang, resolve=self.resolve):
                            self.add(record, keys[name].predicate, term)
                    except ValueError_ as err:
                        raise self.fail(item, f"'evidence' {name}: {err}") from None
                continue
            entries = {}
            for key, key_node, value_node in self.mapping(item, "an evidence record"):
                if key not in keys:
                    raise self.unknown_key(key, key_node, list(keys), "an evidence record")
                entries[key] = value_node
            for needed in ("document", "quote"):
                if needed not in entries:
                    raise self.fail(
                        item, f"an evidence record needs a '{needed}', e.g. {{document: v.pdf, page: 3, quote: …}}"
                    )
            self.add(subject, SA + "evidence", iri(record))
            self.add(record, RDF + "type", iri(SA + "Evidence"))
            for name, value_node in entries.items():
                self.encode_key(record, keys[name], value_node)
            if "start" in entries and "end" in entries:
                start, end = self.scalar(entries["start"]), self.scalar(entries["end"])
                if isinstance(start, int) and isinstance(end, int) and end < start:
                    raise self.fail(
                        entries["end"], f"an evidence record's 'end' ({end}) is before its 'start' ({start})"
                    )

    def number_term(self, name: str, node: Node) -> Term:
        """One number as :meth:`encode_key` reads it (Danish thousands refused), for keys read by hand."""
        if _looks_danish_thousands(node):
            raise self.fail(
                node,
                f"'{name}': {node.value} is ambiguous (YAML reads it as a decimal number): write {node.value.replace('.', '')} if you mean thousands; YAML numbers have no thousands separator",
            )
        try:
            return encode(
                Key(name, SA + "observedValue", "number"), self.scalar(node), lang=self.lang, resolve=self.resolve
            )[0]
        except ValueError_ as err:
            raise self.fail(node, f"'{name}': {err}") from None

    def observations(self, node: Node, indicator: str, by_key: dict[str, tuple[Node, Node]]) -> None:
        """An indicator's observations: ``{2017: 115905, 2019: 115652}`` or a list of ``{year|date, value, source}``.

        A year (or date) given twice must give one value; ``actual``/``actual_year`` count as one more observation.
        """
        items: list[tuple[Node, Term, Term, Node | None]] = []  # (where, time, value, source node)
        if isinstance(node, MappingNode):
            previous: Node | None = None
            for key_node, value_node in node.value:
                try:
                    _, time = observation_time(self.scalar(key_node))
                except ValueError_ as err:
                    if (
                        node.flow_style
                        and isinstance(previous, ScalarNode)
                        and previous.tag == "tag:yaml.org,2002:int"
                        and isinstance(key_node, ScalarNode)
                        and key_node.value.isdigit()
                    ):
                        # {2021: 11,8, 2023: 10.9}: inside {…} the comma ends 11, and 8 reads as a year
                        raise self.fail(
                            key_node,
                            f"'observations': inside {{…}} a comma ends a value, so {key_node.value} was read as a year: "
                            f'write a decimal comma in quotes, "{previous.value},{key_node.value}", or a point, '
                            f"{previous.value}.{key_node.value}",
                        ) from None
                    raise self.fail(
                        key_node,
                        f"'observations': {err}; the compact form is year: value, e.g. {{2017: 115905, 2019: 115652}}",
                    ) from None
                previous = value_node
                items.append((key_node, time, self.number_term("observations", value_node), None))
        elif isinstance(node, SequenceNode):
            keys = {k.name: k for k in OBSERVATION_KEYS}
            for item in node.value:
                entries = {}
                for key, key_node, value_node in self.mapping(item, "an observation"):
                    if key not in keys:
                        raise self.unknown_key(key, key_node, list(keys), "an observation")
                    entries[key] = value_node
                if "year" in entries and "date" in entries:
                    raise self.fail(item, "an observation has one time: give its 'year' or its 'date', not both")
                when = entries.get("year") or entries.get("date")
                if when is None:
                    raise self.fail(
                        item, "an observation needs a 'year' (or a 'date'), e.g. {year: 2019, value: 115652}"
                    )
                if "value" not in entries:
                    raise self.fail(item, "an observation needs a 'value' (a number)")
                try:
                    encode(
                        keys["year" if "year" in entries else "date"],
                        self.scalar(when),
                        lang=self.lang,
                        resolve=self.resolve,
                    )
                    _, time = observation_time(self.scalar(when))
                except ValueError_ as err:
                    raise self.fail(when, f"'{'year' if 'year' in entries else 'date'}': {err}") from None
                if "date" in entries and time[2] != XSD + "date":
                    raise self.fail(
                        when,
                        f"'date': expected a date such as 2019-01-01, got {excerpt(self.scalar(when))} (a year goes under 'year')",
                    )
                items.append((when, time, self.number_term("value", entries["value"]), entries.get("source")))
        else:
            raise self.fail(
                node,
                "'observations' must be a map of year: value, e.g. {2017: 115905, 2019: 115652}, or a list of {year, value, source}",
            )
        seen: dict[Term, tuple[Term, int]] = {}
        if "actual" in by_key and "actual_year" in by_key:
            try:
                actual_year = encode(
                    KEYS_BY_NAME["actual_year"],
                    self.scalar(by_key["actual_year"][1]),
                    lang=self.lang,
                    resolve=self.resolve,
                )[0]
                seen[actual_year] = (
                    self.number_term("actual", by_key["actual"][1]),
                    by_key["actual"][1].start_mark.line + 1,
                )
            except ValueError_:
                pass  # reported by the key itself
        for where, time, value, source in items:
            line = where.start_mark.line + 1
            if time in seen and _number_value(seen[time][0]) != _number_value(value):
                raise self.fail(
                    where,
                    f"'observations': {time[1]} is given twice with different values ({seen[time][0][1]} on line {seen[time][1]}, {value[1]} here); keep the one the source gives",
                )
            seen.setdefault(time, (value, line))
            subject = observation_iri(indicator, time)
            self.add(indicator, SA + "hasObservation", iri(subject))
            self.add(subject, RDF + "type", iri(SA + "Observation"))
            self.add(subject, SA + ("observedDate" if time[2] == XSD + "date" else "observedYear"), time)
            self.add(subject, SA + "observedValue", value)
            if source is not None:
                self.encode_key(subject, OBSERVATION_KEYS[3], source)

    def target(self, node: Node, goal: str, index: int) -> None:
        entries = self.mapping(node, "a target")
        keys = {k.name: k for k in TARGET_KEYS}
        by_key = {}
        for key, key_node, value_node in entries:
            if key not in keys and key not in ("id", "evidence"):
                raise self.unknown_key(key, key_node, ["id", *keys, "evidence"], "a target")
            by_key[key] = value_node
        if "indicator" not in by_key:
            raise self.fail(node, "a target needs an 'indicator' (the id of the indicator it is set on)")
        if "id" in by_key:
            ident = self.scalar(by_key["id"])
            if not isinstance(ident, str):
                raise self.fail(by_key["id"], f"the id of a target must be a text, got {excerpt(ident)}")
            subject = self.define(ident, "target", by_key["id"], node)
        else:
            subject = f"{goal}/target/{index}"
        self.add(goal, SA + "hasTarget", iri(subject))
        self.add(subject, RDF + "type", iri(KIND_CLASS["target"]))
        for name, value_node in by_key.items():
            if name == "evidence":
                self.evidence(value_node, subject)
            elif name != "id":
                self.encode_key(subject, keys[name], value_node)

    def rdf_block(self, node: Node) -> None:
        text = self.scalar(node)
        if not isinstance(text, str):
            raise self.fail(node, "'rdf' must be Turtle text (use rdf: |)")
        header = "".join(f"@prefix {p}: <{i}> .\n" for p, i in {**STANDARD_PREFIXES, **self.prefixes}.items())
        # A literal block's first content line is the line after 'rdf: |'.
        first_line = node.start_mark.line + (2 if getattr(node, "style", None) in ("|", ">") else 1)
        turtle = (header + text).encode("utf-8")
        try:
            parsed = ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=self.base)
            # a triple term or a 5,000-digit number is refused here as in a Turtle file (validate crashed on both)
            self.extra.extend(refuse_outside_model(parsed, turtle, self.file))
        except SyntaxError as err:
            line = getattr(err, "lineno", None)
            where = first_line + line - 1 - header.count("\n") if line else first_line
            raise InputError(self.file, max(where, first_line), f"Turtle error in 'rdf': {_oxi_message(err)}") from None
        except InputError as err:
            where = first_line + err.line - 1 - header.count("\n") if err.line else first_line
            raise InputError(self.file, max(where, first_line), f"in 'rdf': {err.problem}") from None

    def check_refs(self) -> None:
        for ident, kinds, line in self.refs:
            if ident in self.defined:
                kind = self.defined[ident][0]
                if kind not in kinds:
                    want = " or ".join(_KIND_WORD[k] for k in kinds)
                    raise InputError(
                        self.file, line, f"{excerpt(ident, 60)} is {_KIND_WORD[kind]}, but {want} is expected here"
                    )
            elif ":" not in ident:
                close = difflib.get_close_matches(ident, list(self.defined), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise InputError(
                    self.file, line, f"{excerpt(ident, 60)} refers to no element defined in this file{hint}"
                )


KEYS_BY_NAME = {k.name: k for k in KEYS["indicator"]}


def _number_value(term: Term) -> Any:
    """A number literal's value, so that 115652 and 115652.0 count as one value."""
    from decimal import Decimal

    return Decimal(term[1])


def _has_records(node: Node) -> bool:
    """True when a decisions key holds a record (``{id: …, reason: …}``), alone or in its list."""
    items = node.value if isinstance(node, SequenceNode) else [node]
    return any(isinstance(item, MappingNode) for item in items)


def _iri_problem(value: str) -> str | None:
    """Why the store would refuse ``value`` as an IRI, or None."""
    try:
        ox.NamedNode(value)
    except ValueError as err:
        return str(err)
    return None


def _looks_danish_thousands(node: Node) -> bool:
    """'120.000' in Danish is 120000, but YAML reads it as 120.0: refuse rather than guess."""
    return isinstance(node, ScalarNode) and node.style is None and bool(re.fullmatch(r"\d{1,3}(\.\d{3})+", node.value))


def _oxi_message(err: SyntaxError) -> str:
    message = str(err.msg if hasattr(err, "msg") else err)
    return re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
