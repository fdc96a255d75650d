"""The graph the restructuring edits: triples indexed by subject and object, the vocabulary's
terms, and the lookups the steps need (a target's facts, the goals an initiative reaches).

>>> g = Graph([ox.Triple(ox.NamedNode("https://e.org/i"), CONTRIBUTES, ox.NamedNode("https://e.org/g")),
...            ox.Triple(ox.NamedNode("https://e.org/g"), TYPE, GOAL)])
>>> [value(n) for n in reached_goals(g, ox.NamedNode("https://e.org/i"))]
['https://e.org/g']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ontology import RDF, RDFS, SA, SKOS, OxigraphStore

__all__ = [
    "ALT_LABEL",
    "CONFLICTS",
    "CONTRIBUTES",
    "DESCRIPTION",
    "GOAL",
    "HAS_GOAL",
    "HAS_INITIATIVE",
    "HAS_TARGET",
    "INITIATIVE",
    "LABELS",
    "OWNER",
    "PLAN",
    "REALIZES",
    "STRATEGY",
    "TARGET_VALUE",
    "TYPE",
    "VISION",
    "Graph",
    "Subject",
    "TargetFacts",
    "Term",
    "covered",
    "new_iri",
    "node",
    "reached_goals",
    "value",
]

#: What a triple's subject can be, and its object.
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

TYPE = ox.NamedNode(RDF + "type")
VISION = ox.NamedNode(SA + "Vision")
STRATEGY = ox.NamedNode(SA + "Strategy")
PLAN = ox.NamedNode(SA + "Plan")
GOAL = ox.NamedNode(SA + "Goal")
INITIATIVE = ox.NamedNode(SA + "Initiative")
REALIZES = ox.NamedNode(SA + "realizes")
HAS_GOAL = ox.NamedNode(SA + "hasGoal")
HAS_INITIATIVE = ox.NamedNode(SA + "hasInitiative")
HAS_TARGET = ox.NamedNode(SA + "hasTarget")
CONTRIBUTES = ox.NamedNode(SA + "contributesTo")
CONFLICTS = ox.NamedNode(SA + "conflictsWith")
OWNER = ox.NamedNode(SA + "owner")
LABELS = (ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel"))
ALT_LABEL = ox.NamedNode(SKOS + "altLabel")
DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
TARGET_VALUE = ox.NamedNode(SA + "targetValue")
_INDICATOR = ox.NamedNode(SA + "indicator")
_TARGET_YEAR = ox.NamedNode(SA + "targetYear")
_DIRECTION = ox.NamedNode(SA + "direction")


def value(term: Term) -> str:
    """The IRI, blank node id or lexical form of a term (a triple term as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


class Graph:
    """A set of triples indexed by subject and by object (the restructuring only looks things up that way).
    Every lookup answers in ``str`` order, so the proposal is the same run to run."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples: set[ox.Triple] = set()
        self._by_s: dict[Term, set[ox.Triple]] = defaultdict(set)
        self._by_o: dict[Term, set[ox.Triple]] = defaultdict(set)
        for t in triples:
            self.put(t)

    def put(self, t: ox.Triple) -> None:
        self.triples.add(t)
        self._by_s[t.subject].add(t)
        self._by_o[t.object].add(t)

    def discard(self, t: ox.Triple) -> None:
        self.triples.discard(t)
        self._by_s[t.subject].discard(t)
        self._by_o[t.object].discard(t)

    # Lookups take any term: a literal is the subject of nothing, so it has no objects.
    def objects(self, s: Term, p: ox.NamedNode) -> list[Term]:
        return sorted((t.object for t in self._by_s.get(s, ()) if t.predicate == p), key=str)

    def subjects(self, p: ox.NamedNode, o: Term) -> list[Subject]:
        return sorted((t.subject for t in self._by_o.get(o, ()) if t.predicate == p), key=str)

    def about(self, s: Term) -> list[ox.Triple]:
        return sorted(self._by_s.get(s, ()), key=str)

    def pointing(self, o: Term) -> list[ox.Triple]:
        return sorted(self._by_o.get(o, ()), key=str)

    def typed(self, cls: ox.NamedNode) -> list[Subject]:
        return self.subjects(TYPE, cls)

    def add(self, s: Subject, p: ox.NamedNode, o: Term) -> None:
        self.put(ox.Triple(s, p, o))

    def remove(self, s: Subject, p: ox.NamedNode, o: Term) -> None:
        self.discard(ox.Triple(s, p, o))

    def has(self, s: Subject, p: ox.NamedNode, o: Term) -> bool:
        return ox.Triple(s, p, o) in self.triples

    def store(self) -> OxigraphStore:
        """The graph as a store, for the analysis to run on."""
        store = OxigraphStore()
        store.add(ox.Quad(t.subject, t.predicate, t.object) for t in self.triples)
        return store


def node(text: str) -> ox.NamedNode | ox.BlankNode:
    """An element named by a SPARQL answer as a term: an IRI has a scheme (so a colon), a blank node's id none.

    >>> node("https://e.org/g"), node("b1")
    (<NamedNode value=https://e.org/g>, <BlankNode value=b1>)
    """
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return ox.NamedNode(text) if ":" in text else ox.BlankNode(text)


def _number(term: Term | None) -> Decimal | None:
    if term is None or isinstance(term, ox.Triple):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class TargetFacts:
    """A target's indicator, value, year and direction as the graph has them (the first of each, or None)."""

    indicator: Term | None
    value: Term | None
    year: Term | None
    direction: Term | None

    @classmethod
    def of(cls, graph: Graph, target: Term) -> TargetFacts:
        def first(predicate: ox.NamedNode) -> Term | None:
            values = graph.objects(target, predicate)
            return values[0] if values else None

        return cls(first(_INDICATOR), first(TARGET_VALUE), first(_TARGET_YEAR), first(_DIRECTION))


def covered(graph: Graph, target: Term, by_targets: list[Term]) -> bool:
    """An equal or more precise target on the same indicator is already there."""
    mine = TargetFacts.of(graph, target)
    for other in by_targets:
        theirs = TargetFacts.of(graph, other)
        if mine.indicator is None or mine.indicator != theirs.indicator:
            continue
        if mine.value is not None and _number(mine.value) != _number(theirs.value):
            continue
        if mine.year is not None and (theirs.year is None or value(mine.year) != value(theirs.year)):
            continue
        if mine.direction is not None and mine.direction != theirs.direction:
            continue
        return True
    return False


def new_iri(graph: Graph, base: str, local: str) -> str:
    """``base`` + ``local``, or with ``-2``, ``-3`` … when the graph already uses that IRI."""
    candidate, n = base + local, 1
    taken = {str(t.subject) for t in graph.triples} | {str(t.object) for t in graph.triples}
    while f"<{candidate}>" in taken:
        n += 1
        candidate = f"{base}{local}-{n}"
    return candidate


def reached_goals(graph: Graph, start: Subject) -> list[Term]:
    """The goals ``start`` contributes to, directly or through other elements (``sa:contributesTo``)."""
    seen: set[Term] = {start}
    queue: list[Term] = [start]
    goals: list[Term] = []
    while queue:
        current = queue.pop()
        for nxt in graph.objects(current, CONTRIBUTES):
            if nxt in seen:
                continue
            seen.add(nxt)
            queue.append(nxt)
            if not isinstance(nxt, ox.Literal) and graph.has(nxt, TYPE, GOAL):  # a literal is typed as nothing
                goals.append(nxt)
    return sorted(goals, key=str)
