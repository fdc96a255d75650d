"""Write any RDF graph as the YAML authoring format, losing nothing.

The writer uses the flat form (top-level lists with explicit links), and only
writes a triple as a YAML key when the reader would produce exactly that triple
again (see :func:`yaml_schema.decode`). Every other triple goes, as Turtle, into
the ``rdf:`` block, so RDF → YAML → RDF is isomorphic for any graph the loaders
accept (docs/authoring.md, "Round trips"). What the reader would refuse as an
entry stays in that block whole: an element with no label it can write (the
reader requires ``label``), a blank node, an IRI the reader cannot take as an id,
a number it reads differently (``1.234``, over 100 digits), RDF 1.2 triple terms
and directional literals. A graph with no element and no other triple is written
as a valid model whose ``rdf:`` block is a comment only.

>>> import pyoxigraph as ox
>>> g = ox.NamedNode("https://e.org/g")
>>> typed = ox.Quad(g, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://w3id.org/stratalign#Goal"))
>>> labelled = ox.Quad(g, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Mål", language="da"))
>>> print(write_yaml([typed, labelled], base="https://e.org/"), end="")
stratalign: 1
base: https://e.org/
lang: da
goals:
- id: g
  label:
    da: Mål
>>> print(write_yaml([typed], base="https://e.org/"), end="")  # no label: the reader would refuse the entry
stratalign: 1
base: https://e.org/
lang: da
rdf: |
  <https://e.org/g> a sa:Goal .
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable, Mapping, TypeGuard

import pyoxigraph as ox
import yaml

from ..namespaces import DCTERMS, RDF, SA, STANDARD_PREFIXES, XSD
from .values import MAX_DIGITS  # the reader refuses longer integers; they go to rdf:
from .yaml_reader import to_oxigraph
from .yaml_schema import (
    EVIDENCE_KEYS,
    INFLUENCE_KEYS,
    INFLUENCER_KINDS,
    KEYS,
    KIND_CLASS,
    KINDS,
    OBSERVATION_KEYS,
    SECTIONS,
    TARGET_KEYS,
    Key,
    Term,
    ValueError_,
    compact_evidence,
    decode,
    encode,
    evidence_iri,
    influence_iri,
    observation_iri,
)

__all__ = ["write_yaml", "element_kinds", "writable_targets", "guess_base", "observation_nodes", "evidence_records"]

_ID = re.compile(r"^[^\s<>\"{}|\\^`:]+$")
#: What the reader takes as an id or a base at all (yaml_reader._ID); a full IRI id must match it.
_READER_ID = re.compile(r"^[^\s<>\"{}|\\^`]+$")
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Prefix names the rdf: block's Turtle header can declare (an ASCII subset of Turtle's PN_PREFIX).
_PREFIX_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
#: What the reader refuses as "ambiguous" when unquoted (yaml_reader._looks_danish_thousands): 1.234 is
#: 1234 to a Danish reader. Such a decimal goes to the rdf: block instead.
_DANISH_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_SCHEMES = {"http", "https", "urn", "mailto", "file", "tag", "ftp", "data"}
_SECTION_OF = {kind: section for section, kind in SECTIONS.items()}
_CLASS_KIND = {cls: kind for kind, cls in KIND_CLASS.items()}
_ABOUT = (
    Key("title", DCTERMS + "title", "text"),
    Key("description", DCTERMS + "description", "text"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
)


def _neutral(term) -> Term:
    """pyoxigraph term → neutral term; an RDF 1.2 triple term or a directional literal, which no key
    can hold, is ``("opaque", text, term)`` and goes to the ``rdf:`` block as it is."""
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal) and getattr(term, "direction", None) is None:
        return ("literal", term.value, term.datatype.value, term.language)
    return ("opaque", str(term), term)


class _Str(str):
    """A multi-line string written as a YAML literal block."""


def _block(dumper: yaml.SafeDumper, data: _Str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # PyYAML writes NEL (U+0085) raw in plain, single-quoted and block styles and reads it back
    # as a line break ('a\x85b' came back as 'a b'); in double quotes it is the escape \N.
    style = '"' if "\x85" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Str, _block)
_Dumper.add_representer(str, _text)


def guess_base(iris: Iterable[str]) -> str:
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


def writable_targets(
    goal: Term, by_subject: Mapping[Term, list], kind_of: Mapping[str, str]
) -> list[tuple[Term, Term]]:
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


_OBS_TYPE = (("iri", RDF + "type"), ("iri", SA + "Observation"))
_OBS_PREDICATES = {("iri", k.predicate): k for k in OBSERVATION_KEYS}


def observation_nodes(indicator: Term, by_subject: Mapping[Term, list]) -> list[tuple[Term, Term]]:
    """The indicator's (observation, time) pairs a writer can express as an observation entry: an IRI
    typed sa:Observation with one value, one year or date, sources and nothing else, named as the
    readers name it (:func:`observation_iri`); one per time. Sorted by time."""
    found: dict[Term, Term] = {}
    for p, o in by_subject.get(indicator, []):
        if p != ("iri", SA + "hasObservation") or o[0] != "iri":
            continue
        facts = by_subject.get(o, [])
        if _OBS_TYPE not in facts:
            continue
        counts: dict[str, int] = {}
        times = []
        for q, x in facts:
            if (q, x) == _OBS_TYPE:
                continue
            key = _OBS_PREDICATES.get(q)
            if key is None:
                counts["other"] = 1
                break
            counts[key.name] = counts.get(key.name, 0) + 1
            if key.name in ("year", "date"):
                if x[0] != "literal" or x[2] != XSD + ("gYear" if key.name == "year" else "date"):
                    counts["other"] = 1  # "2019"^^xsd:integer, a gYear under observedDate: the rdf: block keeps them
                    break
                times.append(x)
        if counts.get("other") or counts.get("value") != 1 or len(times) != 1 or times[0][0] != "literal":
            continue
        if times[0] in found or o[1] != observation_iri(indicator[1], times[0]):
            continue
        found[times[0]] = o
    return sorted(((o, time) for time, o in found.items()), key=lambda pair: pair[1][1])


_EVIDENCE_TYPE = (("iri", RDF + "type"), ("iri", SA + "Evidence"))
_EVIDENCE_PREDICATES = {("iri", k.predicate): k for k in EVIDENCE_KEYS}


def evidence_records(subject: Term, by_subject: Mapping[Term, list], id_of) -> list[tuple[Term, dict[str, Any]]]:
    """The subject's evidence nodes a writer can express as records, with their records: IRIs named as the
    readers name them (:func:`evidence_iri` 1, 2 … without a gap), typed sa:Evidence, holding one
    document, one quote and only the keys of :data:`EVIDENCE_KEYS` (at most one each). The first node
    that does not qualify ends the list: the reader numbers the records it reads 1, 2 …, so a later
    one would come back under another IRI; it and the rest stay in the rdf: block."""
    if subject[0] != "iri":
        return []
    linked = {o for p, o in by_subject.get(subject, []) if p == ("iri", SA + "evidence")}
    out: list[tuple[Term, dict[str, Any]]] = []
    for index in range(1, len(linked) + 1):
        node = ("iri", evidence_iri(subject[1], index))
        facts = by_subject.get(node, [])
        if node not in linked or _EVIDENCE_TYPE not in facts:
            break
        record: dict[str, Any] = {}
        for q, x in facts:
            if (q, x) == _EVIDENCE_TYPE:
                continue
            key = _EVIDENCE_PREDICATES.get(q)
            if key is not None and key.value == "text" and _writable_text(key, x):
                texts = record.setdefault(key.name, {})
                if x[3] not in texts:  # one quote per language, as the reader reads {da: …, en: …}
                    texts[x[3]] = x[1]
                    continue
            value = None if key is None or key.value == "text" else _writable(key, x, id_of)
            if value is None or key is None or key.name in record:
                record = {}
                break
            record[key.name] = value
        if "document" not in record or "quote" not in record:
            break
        out.append((node, {k.name: record[k.name] for k in EVIDENCE_KEYS if k.name in record}))
    return out


def _evidence_value(record: dict[str, Any], lang: str) -> Any:
    """A record as YAML: the one-line form when it says no more than that (quote in the model's language)."""
    quote = record["quote"]
    if set(quote) == {lang}:
        line = compact_evidence({**record, "quote": quote[lang]})
        if line is not None:
            return line
        record = {**record, "quote": quote[lang]}
    return record


def _usable_base(base: str | None) -> TypeGuard[str]:
    """Whether the reader takes ``base`` as the model's base (an absolute IRI it can read as an id)."""
    return base is not None and bool(_IRI_SCHEME.match(base)) and bool(_READER_ID.match(base))


def _usable_prefixes(prefixes: Mapping[str, str]) -> dict[str, str]:
    """The model's prefixes that the YAML can declare: a name Turtle takes, an absolute IRI, none of the standard ones."""
    out = {}
    for name, namespace in prefixes.items():
        if (
            not name
            or name in _SCHEMES
            or name in STANDARD_PREFIXES
            or not _PREFIX_NAME.match(name)
            or name.endswith(".")
        ):
            continue
        if not isinstance(namespace, str) or not _IRI_SCHEME.match(namespace) or not _READER_ID.match(namespace):
            continue
        try:
            ox.NamedNode(namespace)
        except ValueError:
            continue
        out[name] = namespace
    return out


_LABEL = next(k for k in KEYS["goal"] if k.name == "label")


def _writable_text(key: Key, term: Term) -> bool:
    """Whether ``term`` can be a text key's value: a language-tagged literal the reader gives back exactly."""
    if term[0] != "literal" or not term[3]:
        return False
    try:
        return encode(key, {term[3]: term[1]}, lang="da", resolve=lambda i, k: i) == [term]
    except ValueError_:
        return False


def _writable(key: Key, term: Term, id_of) -> object | None:
    """The YAML value the reader turns back into exactly ``term`` under ``key``, or None (then it goes to rdf:)."""
    if term[0] not in ("iri", "literal"):
        return None  # a blank node or an opaque term: only Turtle can hold it
    if key.value == "number" and term[0] == "literal" and len(term[1]) > MAX_DIGITS:
        return None  # also keeps int() below Python's 4,300-digit limit
    value = decode(key, term, id_of=id_of)
    if key.value == "number" and isinstance(value, float) and _DANISH_THOUSANDS.match(repr(value)):
        return None
    return value


def write_yaml(quads: Iterable[ox.Quad], *, base: str | None = None, prefixes: Mapping[str, str] | None = None) -> str:
    """The graph as YAML text in the flat form, with an ``rdf:`` block for the rest.

    The YAML loader reads the result back to an isomorphic graph, whatever the graph
    (docs/authoring.md, "Round trips").
    """
    triples = {(_neutral(q.subject), _neutral(q.predicate), _neutral(q.object)) for q in quads}
    by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))

    # An entry needs a label the reader takes (it refuses an element without one) and an id it
    # reads back as the same IRI; any other typed node is written, whole, in the rdf: block.
    kind_of = {
        element: kind
        for element, kind in element_kinds(triples).items()
        if _READER_ID.match(element)
        and any(p == ("iri", _LABEL.predicate) and _writable_text(_LABEL, o) for p, o in by_subject[("iri", element)])
    }
    if not _usable_base(base):
        base = guess_base(kind_of)
    prefixes = _usable_prefixes(prefixes or {})

    ids: dict[str, str] = {}
    for element in kind_of:
        rest = element[len(base) :] if element.startswith(base) else ""
        ids[element] = rest if rest and _ID.match(rest) else element
    # The reader expands 'p:x' with a declared prefix p: a full IRI id of scheme p must not meet one.
    schemes = {ident.partition(":")[0] for ident in ids.values() if ":" in ident}
    prefixes = {name: namespace for name, namespace in prefixes.items() if name not in schemes}
    consumed: set[tuple[Term, Term, Term]] = set()

    def id_of(value: str, kinds: tuple[str, ...]) -> str | None:
        return ids[value] if kind_of.get(value) in kinds else None

    def write_keys(subject: Term, keys: Iterable[Key], into: dict) -> None:
        facts = by_subject.get(subject, [])
        for key in keys:
            values: list[Any] = []
            for p, o in sorted(facts):
                if p != ("iri", key.predicate) or (subject, p, o) in consumed:
                    continue
                if key.predicate == RDF + "type" and o[1] in _CLASS_KIND:
                    continue
                if key.value == "text":
                    if not _writable_text(key, o) or any(o[3] == seen for seen, _ in values):
                        continue  # a second label in one language stays in rdf:
                    value: Any = (o[3], o[1])
                else:
                    value = _writable(key, o, id_of)
                    if value is None or (not key.many and values):
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

    def write_evidence(subject: Term, into: dict) -> None:
        records = evidence_records(subject, by_subject, id_of)
        for node, _ in records:
            consumed.add((subject, ("iri", SA + "evidence"), node))
            consumed.update((node, q, x) for q, x in by_subject[node])
        if records:
            into["evidence"] = [_evidence_value(record, "da") for _, record in records]

    written_targets: set[str] = set()
    element_ids = set(ids.values())

    def targets(goal: Term) -> list[dict]:
        out = []
        for p, o in writable_targets(goal, by_subject, kind_of):
            if o[1] in written_targets or not _READER_ID.match(o[1]):
                continue  # a target shared by two goals is defined once; the other link stays in rdf:
            written_targets.add(o[1])
            rest = o[1][len(base) :] if o[1].startswith(base) else ""
            target_id = rest if rest and _ID.match(rest) and rest not in element_ids else o[1]
            if ":" in target_id and target_id.partition(":")[0] in prefixes:
                del prefixes[target_id.partition(":")[0]]
            entry: dict = {"id": target_id}
            consumed.add((goal, p, o))
            consumed.add((o, ("iri", RDF + "type"), ("iri", KIND_CLASS["target"])))
            write_keys(o, TARGET_KEYS, entry)
            write_evidence(o, entry)
            out.append(entry)
        return out

    def observations(indicator: Term) -> list | dict | None:
        """The indicator's observations the reader gives back exactly: the compact form when none has a
        date or a source, else the long form; any other observation (or fact) stays in rdf:."""
        out = []
        for o, _ in observation_nodes(indicator, by_subject):
            entry: dict = {}
            for q, x in sorted(by_subject[o]):
                key = _OBS_PREDICATES.get(q)
                if key is None:
                    continue
                value = _writable(key, x, id_of)
                if value is None:
                    break
                if key.name == "source":
                    entry.setdefault("source", []).append(value)
                else:
                    entry[key.name] = value
            else:
                consumed.add((indicator, ("iri", SA + "hasObservation"), o))
                consumed.update((o, q, x) for q, x in by_subject[o])
                if len(entry.get("source", ())) == 1:
                    entry["source"] = entry["source"][0]
                out.append({k: entry[k] for k in ("year", "date", "value", "source") if k in entry})
        if not out:
            return None
        if all(set(entry) == {"year", "value"} for entry in out):
            return {entry["year"]: entry["value"] for entry in out}
        return out

    influence_nodes: dict[Term, list[Term]] = defaultdict(list)
    for s, p, o in triples:
        if p == ("iri", SA + "influencer") and s[0] == "iri" and o[0] == "iri":
            influence_nodes[o].append(s)
    influence_keys = {("iri", k.predicate): k for k in INFLUENCE_KEYS}

    def influences(influencer: Term) -> list[dict]:
        """The element's influences the reader gives back exactly (named by :func:`influence_iri`, one
        influencer, one influenced goal, one strength, reasons and sources only); the rest stays in rdf:."""
        out = []
        for node in sorted(influence_nodes.get(influencer, [])):
            facts = by_subject.get(node, [])
            if (("iri", RDF + "type"), ("iri", SA + "Influence")) not in facts:
                continue
            entry: dict = {}
            whys: dict[str, str] = {}
            ok = True
            for q, x in sorted(facts):
                if q == ("iri", RDF + "type") and x == ("iri", SA + "Influence"):
                    continue
                if q == ("iri", SA + "influencer"):
                    ok = ok and x == influencer and "influencer" not in entry
                    entry["influencer"] = True
                    continue
                key = influence_keys.get(q)
                if key is None:
                    ok = False
                elif key.value == "text":
                    if not _writable_text(key, x) or x[3] in whys:
                        ok = False
                    else:
                        whys[x[3]] = x[1]
                else:
                    value = _writable(key, x, id_of)
                    if value is None:
                        ok = False
                    elif key.many:
                        entry.setdefault(key.name, []).append(value)
                    elif key.name in entry:
                        ok = False
                    else:
                        entry[key.name] = value
                if not ok:
                    break
            if not ok or "goal" not in entry or "strength" not in entry or "influencer" not in entry:
                continue
            goal = next(x for q, x in facts if q == ("iri", SA + "influenced"))
            if node[1] != influence_iri(influencer[1], goal[1]):
                continue
            consumed.update((node, q, x) for q, x in facts)
            written = {"goal": entry["goal"], "strength": entry["strength"]}
            if whys:
                written["why"] = dict(sorted(whys.items()))
            if entry.get("source"):
                written["source"] = entry["source"][0] if len(entry["source"]) == 1 else entry["source"]
            out.append(written)
        return sorted(out, key=lambda e: e["goal"])

    doc: dict = {"stratalign": 1, "base": base, "lang": "da"}
    about: dict = {}
    if base not in kind_of:
        write_keys(("iri", base), _ABOUT, about)
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
        if kind == "indicator":
            series = observations(subject)
            if series:
                entry["observations"] = series
        if kind in INFLUENCER_KINDS:
            scored = influences(subject)
            if scored:
                entry["influences"] = scored
        write_evidence(subject, entry)
        sections[_SECTION_OF[kind]].append(entry)
    if prefixes:  # after the targets, which may have dropped a prefix their ids would clash with
        doc["prefixes"] = dict(sorted(prefixes.items()))
    doc.update(about)
    for section, entries in sections.items():
        if entries:
            doc[section] = entries

    left = [t for t in triples if t not in consumed]
    if left:
        ttl_prefixes = {**STANDARD_PREFIXES, **prefixes}
        written = ox.serialize(
            [ox.Triple(*(_to_ox(x) for x in t)) for t in sorted(left, key=_sort_key)],
            format=ox.RdfFormat.TURTLE,
            prefixes=ttl_prefixes,
        )
        assert written is not None  # serialize returns the bytes when no output is given
        text = written.decode("utf-8")
        # The reader declares the same prefixes itself; keep the block to the triples.
        # Tabs would stop YAML from writing a readable literal block (indentation is all they are here:
        # Oxigraph writes a tab inside a literal as \t). NEL is a line break to YAML; raw, it can only
        # be inside a Turtle string (no IRI or name holds U+0085), where \u0085 is the same text.
        # Split on \n only: str.splitlines() also breaks at NEL, U+2028 and U+2029, which Oxigraph
        # leaves raw inside a string literal (Turtle then refused the block: "line jumps are not allowed").
        lines = [line.replace("\t", "    ") for line in text.split("\n") if not line.startswith("@prefix")]
        text = "\n".join(lines).strip().replace("\x85", "\\u0085") + "\n"
        doc["rdf"] = _Str(text)
    elif not any(section in doc for section in SECTIONS):
        # The reader refuses a file with no elements and no rdf: block ("no elements"); an empty
        # graph (or one with only a title) is still a model, so say so in a block that adds nothing.
        doc["rdf"] = _Str("# no elements and no other triples\n")
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _sort_key(triple: tuple[Term, Term, Term]) -> tuple:
    """Triples in a stable order (an opaque term compares by its text, not as a pyoxigraph object)."""
    return tuple(tuple(str(x) for x in term) for term in triple)


def _to_ox(term: Term):
    if term[0] == "bnode":
        return ox.BlankNode(term[1])
    if term[0] == "opaque":
        return term[2]
    return to_oxigraph(term)
