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
from typing import Any

import pyoxigraph as ox
import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InputError
from ..namespaces import DCTERMS, DEFAULT_BASE, RDF, SA, STANDARD_PREFIXES
from .yaml_schema import (
    KEYS,
    KIND_CLASS,
    NESTS,
    SECTIONS,
    TARGET_KEYS,
    TOP_LEVEL_KEYS,
    Key,
    Term,
    ValueError_,
    encode,
    iri,
)

__all__ = ["read_yaml", "to_oxigraph"]

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
        self.refs: list[tuple[str, tuple[str, ...], int]] = []
        self._constructor = SafeConstructor()
        self._line = 0

    # -- helpers -----------------------------------------------------------
    def fail(self, node: Node | None, problem: str) -> InputError:
        line = node.start_mark.line + 1 if node is not None else None
        return InputError(self.file, line, problem)

    def scalar(self, node: Node) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            raise self.fail(node, f"cannot read value: {err}") from None

    def mapping(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys (key: value)")
        seen: dict[str, int] = {}
        out = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail(key_node, f"keys of {what} must be words, got {self.scalar(key_node)!r}")
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
        return self.fail(key_node, f"unknown key '{key}' in {what}{hint}")

    def expand(self, ident: str, node: Node | None) -> str:
        if not _ID.match(ident):
            raise self.fail(node, f"'{ident}' is not a usable id (no spaces or <>\"{{}}|\\^` characters)")
        if ":" in ident:
            prefix, _, local = ident.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + local
            if _SCHEME.match(ident):
                return ident
        return self.base + ident

    def define(self, ident: str, kind: str, node: Node) -> str:
        if ident in self.defined:
            other_kind, line = self.defined[ident]
            raise self.fail(node, f"id '{ident}' is defined twice (first as {_KIND_WORD[other_kind]} on line {line})")
        self.defined[ident] = (kind, node.start_mark.line + 1)
        return self.expand(ident, node)

    def resolve(self, ident: str, kinds: tuple[str, ...]) -> str:
        self.refs.append((ident, kinds, self._line))
        return self.expand(ident, None)

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
        try:
            terms = encode(key, value, lang=self.lang, resolve=self.resolve)
        except ValueError_ as err:
            raise self.fail(value_node, f"'{key.name}': {err}") from None
        for term in terms:
            self.add(subject, key.predicate, term)

    # -- the document ------------------------------------------------------
    def read(self, text: str) -> tuple[list[ox.Quad], dict[str, str]]:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line = mark.line + 1 if mark else None
            raise InputError(self.file, line, f"YAML syntax error: {err.problem or err}") from None
        except yaml.reader.ReaderError as err:
            # Not a MarkedYAMLError: it carries a character position, not a line.
            line = text[: err.position].count("\n") + 1
            char = f"#x{err.character:04x}" if isinstance(err.character, int) else repr(err.character)
            raise InputError(self.file, line, f"YAML syntax error: unacceptable character {char} (control characters are not allowed in YAML)") from None
        except yaml.YAMLError as err:
            raise InputError(self.file, None, f"YAML error: {' '.join(str(err).split())}") from None
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
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self.triples]
        prefixes = dict(self.prefixes)
        prefixes.setdefault("", self.base)
        return quads + self.extra, prefixes

    def _header(self, by_key: dict[str, tuple[Node, Node]]) -> None:
        if "stratalign" in by_key:
            version = self.scalar(by_key["stratalign"][1])
            if version != 1:
                raise self.fail(by_key["stratalign"][1], f"unsupported format version {version!r}; this stratalign reads 1")
        if "prefixes" in by_key:
            for key, _, value_node in self.mapping(by_key["prefixes"][1], "'prefixes'"):
                value = self.scalar(value_node)
                if not isinstance(value, str) or not _SCHEME.match(value):
                    raise self.fail(value_node, f"prefix '{key}' must map to an absolute IRI, got {value!r}")
                self.prefixes[key] = value
        if "base" in by_key:
            base = self.scalar(by_key["base"][1])
            if not isinstance(base, str) or not _SCHEME.match(base) or not _ID.match(base):
                raise self.fail(by_key["base"][1], f"'base' must be an absolute IRI such as https://example.org/plan/, got {base!r}")
            self.base = base
        if "lang" in by_key:
            lang = self.scalar(by_key["lang"][1])
            if not isinstance(lang, str) or not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", lang):
                raise self.fail(by_key["lang"][1], f"'lang' must be a language tag such as da or en, got {lang!r}")
            self.lang = lang.lower()
        about = {
            "title": Key("title", DCTERMS + "title", "text"),
            "description": Key("description", DCTERMS + "description", "text"),
            "source": Key("source", DCTERMS + "source", "iri_or_text", many=True),
        }
        for name, key in about.items():
            if name in by_key:
                self.encode_key(self.base, key, by_key[name][1])

    def element(self, node: Node, kind: str, parent: str | None, plan: str | None) -> str:
        """Read one element (or a reference) and return its IRI."""
        if isinstance(node, ScalarNode):
            ident = self.scalar(node)
            if not isinstance(ident, str):
                raise self.fail(node, f"expected the id of {_KIND_WORD[kind]}, got {ident!r}")
            self._line = node.start_mark.line + 1
            return self.resolve(ident, (kind,))
        what = _KIND_WORD[kind]
        entries = self.mapping(node, what)
        keys = {k.name: k for k in KEYS[kind]}
        nests = {n.name: n for n in NESTS.get(kind, ())}
        allowed = ["id", *keys, *nests] + (["targets"] if kind == "goal" else [])
        by_key = {}
        for key, key_node, value_node in entries:
            if key not in allowed:
                raise self.unknown_key(key, key_node, allowed, what)
            by_key[key] = (key_node, value_node)
        if "id" not in by_key:
            raise self.fail(node, f"{what} needs an 'id'")
        ident = self.scalar(by_key["id"][1])
        if not isinstance(ident, str) or not ident.strip():
            raise self.fail(by_key["id"][1], f"the id of {what} must be a text, got {ident!r}")
        if "label" not in by_key:
            raise self.fail(node, f"{what} '{ident}' needs a 'label'")
        subject = self.define(ident, kind, by_key["id"][1])
        self.add(subject, RDF + "type", iri(KIND_CLASS[kind]))
        own_plan = subject if kind in ("vision", "strategy") else plan
        for name, (_, value_node) in by_key.items():
            if name in keys:
                self.encode_key(subject, keys[name], value_node)
            elif name in nests:
                nest = nests[name]
                for child_node in self.sequence(value_node, f"'{name}' of {what} '{ident}'"):
                    child = self.element(child_node, nest.child, parent=subject, plan=own_plan)
                    if nest.child_is_subject:
                        self.add(child, nest.predicate, iri(subject))
                    else:
                        self.add(subject, nest.predicate, iri(child))
                    if nest.enclosing_plan_lists and own_plan is not None:
                        self.add(own_plan, SA + "hasInitiative", iri(child))
            elif name == "targets":
                for index, target_node in enumerate(self.sequence(value_node, f"'targets' of goal '{ident}'"), 1):
                    self.target(target_node, subject, index)
        return subject

    def target(self, node: Node, goal: str, index: int) -> None:
        entries = self.mapping(node, "a target")
        keys = {k.name: k for k in TARGET_KEYS}
        by_key = {}
        for key, key_node, value_node in entries:
            if key not in keys and key != "id":
                raise self.unknown_key(key, key_node, ["id", *keys], "a target")
            by_key[key] = value_node
        if "indicator" not in by_key:
            raise self.fail(node, "a target needs an 'indicator' (the id of the indicator it is set on)")
        if "id" in by_key:
            ident = self.scalar(by_key["id"])
            if not isinstance(ident, str):
                raise self.fail(by_key["id"], f"the id of a target must be a text, got {ident!r}")
            subject = self.define(ident, "target", by_key["id"])
        else:
            subject = f"{goal}/target/{index}"
        self.add(goal, SA + "hasTarget", iri(subject))
        self.add(subject, RDF + "type", iri(KIND_CLASS["target"]))
        for name, value_node in by_key.items():
            if name != "id":
                self.encode_key(subject, keys[name], value_node)

    def rdf_block(self, node: Node) -> None:
        text = self.scalar(node)
        if not isinstance(text, str):
            raise self.fail(node, "'rdf' must be Turtle text (use rdf: |)")
        header = "".join(f"@prefix {p}: <{i}> .\n" for p, i in {**STANDARD_PREFIXES, **self.prefixes}.items())
        # A literal block's first content line is the line after 'rdf: |'.
        first_line = node.start_mark.line + (2 if node.style in ("|", ">") else 1)
        try:
            parsed = ox.parse((header + text).encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=self.base)
            self.extra.extend(parsed)
        except SyntaxError as err:
            line = getattr(err, "lineno", None)
            where = first_line + line - 1 - header.count("\n") if line else first_line
            raise InputError(self.file, max(where, first_line), f"Turtle error in 'rdf': {_oxi_message(err)}") from None

    def check_refs(self) -> None:
        for ident, kinds, line in self.refs:
            if ident in self.defined:
                kind = self.defined[ident][0]
                if kind not in kinds:
                    want = " or ".join(_KIND_WORD[k] for k in kinds)
                    raise InputError(self.file, line, f"'{ident}' is {_KIND_WORD[kind]}, but {want} is expected here")
            elif ":" not in ident:
                close = difflib.get_close_matches(ident, list(self.defined), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise InputError(self.file, line, f"'{ident}' refers to no element defined in this file{hint}")


def _looks_danish_thousands(node: Node) -> bool:
    """'120.000' in Danish is 120000, but YAML reads it as 120.0: refuse rather than guess."""
    return isinstance(node, ScalarNode) and node.style is None and bool(re.fullmatch(r"\d{1,3}(\.\d{3})+", node.value))


def _oxi_message(err: SyntaxError) -> str:
    message = str(err.msg if hasattr(err, "msg") else err)
    return re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
