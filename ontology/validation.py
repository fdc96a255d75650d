"""SHACL validation of a stratalign model, with a readable report.

The shapes (``shapes.ttl``) and the ontology (``stratalign.ttl``) ship as
package data next to this module. ``validate`` runs pySHACL and turns the
standard ``sh:ValidationReport`` into sorted :class:`ValidationIssue` values
whose message is in the language asked for.

>>> from rdflib import Graph
>>> outcome = validate(Graph().parse("model.ttl"), lang="da")  # doctest: +SKIP
>>> print(format_report(outcome))                              # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .namespaces import SA
from .results import one_line
from .textsafety import excerpt
from .words import VALIDATION_WORDS, counted

__all__ = [
    "ValidationIssue",
    "ValidationOutcome",
    "shapes_graph",
    "ontology_graph",
    "ontology_terms",
    "validate",
    "format_report",
    "focus_headings",
]

_SEVERITIES: dict[URIRef, str] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}
_INFERENCE = ("none", "rdfs", "owlrl", "both")

# Prefixes used to shorten property IRIs in the text report.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("sa:", "https://w3id.org/stratalign#"),
    ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
    ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("skos:", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms:", "http://purl.org/dc/terms/"),
    ("org:", "http://www.w3.org/ns/org#"),
)


@dataclass(frozen=True)
class ValidationIssue:
    """One validation result, flattened to text.

    ``focus`` is the element's IRI (or ``_:id`` for a blank node), ``path`` the
    property IRI when the result concerns one property (``None`` when it is
    about the element as a whole, e.g. its type), ``value`` the offending
    value as text, ``severity`` one of ``"violation"``, ``"warning"``,
    ``"info"``, ``shape`` the IRI of the shape that produced it.
    """

    focus: str
    path: str | None
    value: str | None
    severity: str
    message: str
    shape: str | None


@dataclass
class ValidationOutcome:
    """The result of :func:`validate`.

    ``conforms`` is ``True`` when no issue has severity ``"violation"``:
    warnings and infos are reported but do not fail a model. ``report_graph``
    is pySHACL's standard ``sh:ValidationReport``, whose ``sh:conforms`` is
    ``false`` as soon as it holds any result, warnings included.
    """

    conforms: bool
    issues: list[ValidationIssue]
    report_graph: Graph


def _load(name: str) -> Graph:
    # importlib.resources works from a wheel, a zip or a source checkout alike.
    source = resources.files(__package__ or "ontology").joinpath(name)
    graph = Graph()
    graph.parse(data=source.read_bytes(), format="turtle")
    return graph


@functools.cache
def shapes_graph() -> Graph:
    """The stratalign SHACL shapes (``shapes.ttl``), loaded once.

    The graph is shared between callers: read it, do not modify it.

    >>> len(shapes_graph()) > 0
    True
    """
    return _load("shapes.ttl")


@functools.cache
def ontology_graph() -> Graph:
    """The stratalign OWL ontology (``stratalign.ttl``), loaded once.

    The graph is shared between callers: read it, do not modify it.

    >>> from rdflib import OWL, URIRef
    >>> (URIRef("https://w3id.org/stratalign"), OWL.versionInfo, None) in ontology_graph()
    True
    """
    return _load("stratalign.ttl")


def _node_text(node: Node) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_text(report: Graph, path: Node | None) -> str | None:
    """A property IRI, or SPARQL property-path syntax for a complex path."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    for key, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = report.value(path, key)
        if inner is not None:
            return template.format(_path_text(report, inner))
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(report, p) or "?" for p in Collection(report, alternatives))
    if report.value(path, RDF.first) is not None:
        return "/".join(_path_text(report, p) or "?" for p in Collection(report, path))
    return _node_text(path)


def _pick_message(messages: list[Literal], lang: str) -> str:
    """The message in ``lang`` (or its base language), else English, else any."""
    if not messages:
        return ""
    wanted = lang.lower()
    base = wanted.split("-")[0]

    def tag(m: Literal) -> str:
        return (m.language or "").lower()

    for test in (
        lambda m: tag(m) == wanted,
        lambda m: tag(m).split("-")[0] == base,
        lambda m: tag(m).split("-")[0] == "en",
        lambda m: tag(m) == "",
    ):
        found = sorted(str(m) for m in messages if test(m))
        if found:
            return found[0]
    return sorted(str(m) for m in messages)[0]


def _issues(report: Graph, lang: str) -> list[ValidationIssue]:
    issues: set[ValidationIssue] = set()
    # Only top-level results: pySHACL also types the nested sh:detail results
    # of sh:node as sh:ValidationResult, and those would repeat the outer one.
    results = {r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)}
    for result in results:
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        issues.add(
            ValidationIssue(
                focus=_node_text(focus) if focus is not None else "",
                path=_path_text(report, report.value(result, SH.resultPath)),
                value=_node_text(value) if value is not None else None,
                severity=_SEVERITIES.get(severity, "violation"),  # type: ignore[call-overload]
                message=_pick_message(messages, lang),
                shape=_node_text(shape) if shape is not None else None,
            )
        )
    # A set first: pySHACL can report the same result twice (e.g. via two
    # targets); the sort key makes the order independent of hashing.
    return sorted(
        issues,
        key=lambda i: (i.focus, i.path or "", i.message, i.value or "", i.severity, i.shape or ""),
    )


def validate(data: Graph, *, lang: str = "en", inference: str = "none") -> ValidationOutcome:
    """Validate ``data`` against the stratalign shapes.

    ``lang`` picks the message language (falls back to English).
    ``inference`` is passed to pySHACL (``"none"``, ``"rdfs"``, ``"owlrl"``,
    ``"both"``); with inference the ontology is mixed into a copy of the data
    first, so subclass reasoning sees the ontology's axioms. ``data`` itself is
    never modified.

    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
    """
    if inference not in _INFERENCE:
        raise ValueError(f"inference must be one of {', '.join(_INFERENCE)}, got {inference!r}")
    conforms_std, report_graph, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph() if inference != "none" else None,
        inference=inference,
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,  # keep the report standard; warnings are judged below
        # SHACL-AF, for the SPARQL target of sash:StartNotAfterEndShape.
        advanced=True,
        # Advanced mode makes pySHACL clone the data in case sh:rule adds
        # triples; the shapes have no rules (a test keeps it so), so without
        # inference nothing writes to the data and the copy can be skipped.
        inplace=inference == "none",
        meta_shacl=False,
        debug=False,
    )
    unknown = _unknown_terms(data)
    _add_unknown_results(report_graph, unknown)
    issues = _issues(report_graph, lang)
    conforms = (bool(conforms_std) and not unknown) or not any(i.severity == "violation" for i in issues)
    return ValidationOutcome(conforms=conforms, issues=issues, report_graph=report_graph)


#: The shape that names a term of the stratalign namespace the ontology does not define (shapes.ttl,
#: deactivated there: the check is a scan in Python, one pass over the triples, not a SPARQL constraint
#: that pySHACL would evaluate with STRSTARTS over every triple).
KNOWN_TERM_SHAPE = URIRef("https://w3id.org/stratalign/shapes#KnownTermShape")


@functools.cache
def ontology_terms() -> frozenset[str]:
    """The IRIs the stratalign ontology defines in its namespace (classes, properties, values).

    >>> "https://w3id.org/stratalign#hasGoal" in ontology_terms()
    True
    """
    return frozenset(str(s) for s in ontology_graph().subjects() if str(s).startswith(SA))


def _unknown_terms(data: Graph) -> list[tuple[Node, URIRef, URIRef | None]]:
    """(subject, predicate, the unknown object or None when the predicate is the unknown term), in order.

    A typo in RDF (``sa:hasGoals``, ``sa:Goall``) drops the link without a word; YAML refuses the same
    mistake. One pass over the triples, a set lookup each.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("https://e.org/v"), URIRef(SA + "hasGoals"), URIRef("https://e.org/g")))
    >>> [str(p) for _, p, _ in _unknown_terms(g)]
    ['https://w3id.org/stratalign#hasGoals']
    """
    known = ontology_terms()
    found: set[tuple[Node, URIRef, URIRef | None]] = set()
    # the distinct properties first, then only the triples of unknown ones (1.1 s at national scale, 434,482 triples)
    unknown = {p for p in set(data.predicates()) if str(p).startswith(SA) and str(p) not in known}
    for p in unknown:
        found.update((s, p, None) for s in data.subjects(p, None))  # type: ignore[misc]
    # a class; other values (sa:direction sa:Upward) have their sh:in shape, which says what may be there
    for s, o in data.subject_objects(RDF.type):
        if isinstance(o, URIRef) and str(o).startswith(SA) and str(o) not in known:
            found.add((s, RDF.type, o))
    return sorted(found, key=lambda t: (str(t[0]), str(t[1]), str(t[2] or "")))


@functools.cache  # one typo repeated on every goal is looked up once
def _closest_term(term: str) -> str | None:
    """The defined term a typo most likely meant (``sa:hastarget`` → ``sa:hasTarget``), or None."""
    import difflib

    names = {t[len(SA) :].casefold(): t[len(SA) :] for t in ontology_terms()}
    local = term[len(SA) :]
    if local.casefold() in names:
        return "sa:" + names[local.casefold()]
    close = difflib.get_close_matches(local.casefold(), sorted(names), n=1, cutoff=0.8)
    return "sa:" + names[close[0]] if close else None


def _add_unknown_results(report: Graph, unknown: list[tuple[Node, URIRef, URIRef | None]]) -> None:
    """Each unknown term as a standard sh:ValidationResult (messages in Danish and English), so the
    report graph says what the text report says."""
    holder = next(report.subjects(RDF.type, SH.ValidationReport), None)
    if holder is None or not unknown:
        return
    for subject, predicate, value in unknown:
        term = str(value if value is not None else predicate)
        near = _closest_term(term)
        result = BNode()
        report.add((holder, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, subject))
        report.add((result, SH.resultPath, predicate))
        if value is not None:
            report.add((result, SH.value, value))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.sourceShape, KNOWN_TERM_SHAPE))
        report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        for lang, words in VALIDATION_WORDS.items():
            hint = words["did_you_mean"].format(term=near) if near else ""
            text = words["unknown_term" if value is not None else "unknown_property"].format(
                term="sa:" + term[len(SA) :], hint=hint
            )
            report.add((result, SH.resultMessage, Literal(text, lang=lang)))
    report.set((holder, SH.conforms, Literal(False)))


def _short(text: str) -> str:
    """Prefixed names for the well-known namespaces, also inside a path like a|b."""
    for prefix, namespace in _PREFIXES:
        text = text.replace(namespace, prefix)
    return text


def _is_iri(text: str) -> bool:
    return "://" in text and not any(c.isspace() for c in text)


def focus_headings(outcome: ValidationOutcome, data: Graph, label: Callable[[str], str]) -> dict[str, str]:
    """The heading of each element the report names: its label; for a blank node, where it hangs.

    A target written as a blank node (``sa:hasTarget [ … ]``) has no name a reader knows,
    so it is shown by the element that holds it and the link: ``Flere i job › sa:hasTarget``.

    >>> from rdflib import Graph
    >>> data = Graph().parse(data="<https://e.org/g> <https://w3id.org/stratalign#hasTarget> _:t .", format="turtle")
    >>> t = next(data.objects())
    >>> issue = ValidationIssue(f"_:{t}", None, None, "violation", "…", None)
    >>> list(focus_headings(ValidationOutcome(False, [issue], Graph()), data, lambda iri: "Flere i job").values())
    ['Flere i job › sa:hasTarget']
    """
    headings: dict[str, str] = {}
    for focus in {issue.focus for issue in outcome.issues}:
        if not focus.startswith("_:"):
            headings[focus] = label(focus)
            continue
        # the first holder in a fixed order, so the report reads the same in every run
        holders = sorted(data.subject_predicates(BNode(focus[2:])), key=lambda sp: (str(sp[1]), str(sp[0])))
        if holders:
            parent, link = holders[0]
            name = _node_text(parent) if isinstance(parent, BNode) else label(str(parent))
            headings[focus] = f"{name} › {_short(str(link))}"
    return headings


def format_report(outcome: ValidationOutcome, labels: Mapping[str, str] | None = None, lang: str = "en") -> str:
    """Readable text grouped by element: a heading per focus node (label + IRI), one indented line per issue; a last line with counts.

    ``labels`` maps an element's IRI to the label shown in its heading.

    >>> from rdflib import Graph
    >>> print(format_report(validate(Graph())))
    The model conforms: 0 elements with issues, 0 violations, 0 warnings, 0 info.
    """
    labels = labels or {}
    lines: list[str] = []
    groups: dict[str, list[ValidationIssue]] = {}
    for issue in outcome.issues:  # already sorted by focus
        groups.setdefault(issue.focus, []).append(issue)
    for focus, issues in groups.items():
        label = labels.get(focus)
        lines.append(f"{one_line(label)} <{focus}>" if label else f"<{focus}>")
        for issue in issues:
            where = f" {_short(issue.path)}:" if issue.path else ""
            # Node-level results carry the element itself as value: not worth repeating.
            shown = issue.value is not None and issue.value != issue.focus
            text = issue.value or ""
            if shown and _is_iri(text):
                text = _short(text)
            # as written when its spaces or line breaks are what is wrong (" 42 ", "42\n"), not as 42
            written = one_line(text) if one_line(text) == text else excerpt(text)
            value = f" ({VALIDATION_WORDS[lang]['value']}: {written})" if shown else ""
            lines.append(
                f"  [{VALIDATION_WORDS[lang].get(issue.severity, issue.severity)}]{where} {issue.message}{value}"
            )
    counts = {s: sum(1 for i in outcome.issues if i.severity == s) for s in ("violation", "warning", "info")}
    n = {key: counted(value, key, lang) for key, value in counts.items()}
    w = VALIDATION_WORDS.get(lang, VALIDATION_WORDS["en"])  # any other language: English, as before
    verdict = w["conforms"] if outcome.conforms else w["does_not_conform"]
    lines.append(
        f"{verdict}: {counted(len(groups), 'element', lang)} {w['with_issues']}, {n['violation']}, {n['warning']}, {n['info']}."
    )
    return "\n".join(lines)
