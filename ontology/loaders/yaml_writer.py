"""Write any RDF graph as the YAML authoring format, losing nothing.

The writer uses the flat form (top-level lists with explicit links), and only
writes a triple as a YAML key when the reader would produce exactly that triple
again (see :func:`yaml_schema.decode`). Every other triple goes, as Turtle, into
the ``rdf:`` block, so YAML → RDF → YAML → RDF is isomorphic.

>>> import pyoxigraph as ox
>>> q = ox.Quad(ox.NamedNode("https://e.org/g"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://w3id.org/stratalign#Goal"))
>>> print(write_yaml([q], base="https://e.org/"), end="")
stratalign: 1
base: https://e.org/
lang: da
goals:
- id: g
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Mapping

import pyoxigraph as ox
import yaml

from ..namespaces import DCTERMS, RDF, SA, STANDARD_PREFIXES
from .yaml_schema import KEYS, KIND_CLASS, KINDS, SECTIONS, TARGET_KEYS, Key, Term, ValueError_, decode, encode
from .yaml_reader import to_oxigraph

__all__ = ["write_yaml", "element_kinds", "writable_targets"]

_ID = re.compile(r"^[^\s<>\"{}|\\^`:]+$")
_SCHEMES = {"http", "https", "urn", "mailto", "file", "tag", "ftp", "data"}
_SECTION_OF = {kind: section for section, kind in SECTIONS.items()}
_CLASS_KIND = {cls: kind for kind, cls in KIND_CLASS.items()}
_ABOUT = (
    Key("title", DCTERMS + "title", "text"),
    Key("description", DCTERMS + "description", "text"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
)


def _neutral(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return ("literal", term.value, term.datatype.value, term.language)


class _Str(str):
    """A multi-line string written as a YAML literal block."""


def _block(dumper: yaml.SafeDumper, data: _Str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Str, _block)


def _guess_base(iris: Iterable[str]) -> str:
    iris = sorted(iris)
    if not iris:
        return "https://w3id.org/stratalign/model/"
    first, last = iris[0], iris[-1]
    common = first[: next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), min(len(first), len(last)))]
    cut = max(common.rfind("/"), common.rfind("#"))
    return common[: cut + 1] if cut > common.find("://") + 2 else "https://w3id.org/stratalign/model/"


def element_kinds(triples: Iterable[tuple[Term, Term, Term]]) -> dict[str, str]:
    """IRI → the element kind its rdf:type gives (the first in KINDS order when it has several; targets excluded)."""
    kind_of: dict[str, str] = {}
    for s, p, o in triples:
        if s[0] == "iri" and p == ("iri", RDF + "type") and o[0] == "iri" and o[1] in _CLASS_KIND:
            kind = _CLASS_KIND[o[1]]
            if kind == "target":
                continue
            current = kind_of.get(s[1])
            if current is None or KINDS.index(kind) < KINDS.index(current):
                kind_of[s[1]] = kind
    return kind_of


def writable_targets(goal: Term, by_subject: Mapping[Term, list], kind_of: Mapping[str, str]) -> list[tuple[Term, Term]]:
    """The goal's (sa:hasTarget, target) pairs that a writer can express as a target entry:
    an IRI typed sa:Target with exactly one sa:indicator, pointing to an indicator element."""
    out = []
    for p, o in sorted(by_subject.get(goal, [])):
        if p != ("iri", SA + "hasTarget") or o[0] != "iri" or o[1] in kind_of:
            continue
        facts = by_subject.get(o, [])
        if (("iri", RDF + "type"), ("iri", KIND_CLASS["target"])) not in facts:
            continue
        indicators = [x for q, x in facts if q == ("iri", SA + "indicator")]
        if len(indicators) != 1 or indicators[0][0] != "iri" or kind_of.get(indicators[0][1]) != "indicator":
            continue
        out.append((p, o))
    return out


def write_yaml(quads: Iterable[ox.Quad], *, base: str | None = None, prefixes: Mapping[str, str] | None = None) -> str:
    """The graph as YAML text in the flat form, with an ``rdf:`` block for the rest."""
    triples = {(_neutral(q.subject), _neutral(q.predicate), _neutral(q.object)) for q in quads}
    by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))

    kind_of = element_kinds(triples)
    if base is None:
        base = _guess_base(kind_of)
    prefixes = {p: i for p, i in (prefixes or {}).items() if p and p not in _SCHEMES and p not in STANDARD_PREFIXES}

    ids: dict[str, str] = {}
    for element in kind_of:
        rest = element[len(base):] if element.startswith(base) else ""
        ids[element] = rest if rest and _ID.match(rest) else element
    consumed: set[tuple[Term, Term, Term]] = set()

    def id_of(value: str, kinds: tuple[str, ...]) -> str | None:
        return ids[value] if kind_of.get(value) in kinds else None

    def write_keys(subject: Term, keys: Iterable[Key], into: dict) -> None:
        facts = by_subject.get(subject, [])
        for key in keys:
            values = []
            for p, o in sorted(facts):
                if p != ("iri", key.predicate) or (subject, p, o) in consumed:
                    continue
                if key.predicate == RDF + "type" and o[1] in _CLASS_KIND:
                    continue
                value = decode(key, o, id_of=id_of)
                if value is None:
                    continue
                if key.value == "text":
                    lang, text = value
                    if any(lang == seen for seen, _ in values):
                        continue
                    try:
                        if encode(key, {lang: text}, lang="da", resolve=lambda i, k: i) != [o]:
                            continue
                    except ValueError_:
                        continue
                elif not key.many and values:
                    continue
                values.append(value)
                consumed.add((subject, p, o))
            if not values:
                continue
            if key.value == "text":
                into[key.name] = {lang: text for lang, text in values}
            elif key.many and (key.plural or len(values) > 1):
                into[key.name] = values
            else:
                into[key.name] = values[0]

    def plan_links(subject: Term, predicate: str, kinds: tuple[str, ...]) -> list[str]:
        out = []
        for p, o in sorted(by_subject.get(subject, [])):
            if p == ("iri", predicate) and o[0] == "iri" and kind_of.get(o[1]) in kinds:
                out.append(ids[o[1]])
                consumed.add((subject, p, o))
        return out

    def targets(goal: Term) -> list[dict]:
        out = []
        for p, o in writable_targets(goal, by_subject, kind_of):
            rest = o[1][len(base):] if o[1].startswith(base) else ""
            target_id = rest if rest and _ID.match(rest) and rest not in ids.values() else o[1]
            entry: dict = {"id": target_id}
            consumed.add((goal, p, o))
            consumed.add((o, ("iri", RDF + "type"), ("iri", KIND_CLASS["target"])))
            write_keys(o, TARGET_KEYS, entry)
            out.append(entry)
        return out

    doc: dict = {"stratalign": 1, "base": base, "lang": "da"}
    if prefixes:
        doc["prefixes"] = dict(sorted(prefixes.items()))
    about: dict = {}
    if base not in kind_of:
        write_keys(("iri", base), _ABOUT, about)
    doc.update(about)
    sections: dict[str, list] = {section: [] for section in SECTIONS}
    for element in sorted(kind_of, key=lambda e: ids[e]):
        kind = kind_of[element]
        subject = ("iri", element)
        consumed.add((subject, ("iri", RDF + "type"), ("iri", KIND_CLASS[kind])))
        entry: dict = {"id": ids[element]}
        write_keys(subject, KEYS[kind], entry)
        if kind in ("vision", "strategy"):
            goals = plan_links(subject, SA + "hasGoal", ("goal",))
            initiatives = plan_links(subject, SA + "hasInitiative", ("initiative",))
            if goals:
                entry["goals"] = goals
            if initiatives:
                entry["initiatives"] = initiatives
        if kind == "goal":
            found = targets(subject)
            if found:
                entry["targets"] = found
        sections[_SECTION_OF[kind]].append(entry)
    for section, entries in sections.items():
        if entries:
            doc[section] = entries

    rest = [t for t in triples if t not in consumed]
    if rest:
        ttl_prefixes = {**STANDARD_PREFIXES, **prefixes}
        text = ox.serialize(
            [ox.Triple(*(_to_ox(x) for x in t)) for t in sorted(rest)],
            format=ox.RdfFormat.TURTLE,
            prefixes=ttl_prefixes,
        ).decode("utf-8")
        # The reader declares the same prefixes itself; keep the block to the triples.
        # Tabs would stop YAML from writing a readable literal block (indentation is all they are here).
        lines = [line.replace("\t", "    ") for line in text.splitlines() if not line.startswith("@prefix")]
        text = "\n".join(lines).strip() + "\n"
        doc["rdf"] = _Str(text)
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _to_ox(term: Term):
    if term[0] == "bnode":
        return ox.BlankNode(term[1])
    return to_oxigraph(term)
