"""Step 3 of the restructuring: goals that say the same thing (``duplicate-goal``) merged into one.

The goal kept is the one in the vision, else the one with most target values, else the one
with most facts; the others' labels become ``skos:altLabel``, their targets follow unless an
equal or more precise one is there, their owners, themes, sources and links follow.

>>> groups([(("a", "b"), 0.8), (("b", "c"), 0.6), (("x", "y"), None)])[0].members
['a', 'b', 'c']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from ontology import format_number

from ..context import Context
from .graph import (
    ALT_LABEL,
    CONFLICTS,
    CONTRIBUTES,
    HAS_GOAL,
    HAS_TARGET,
    LABELS,
    OWNER,
    TARGET_VALUE,
    TYPE,
    Graph,
    Subject,
    TargetFacts,
    Term,
    covered,
    node,
    value,
)
from .moves import GoalMerged, Move, TargetDropped, TargetKept, TwoOwners
from .words import WORDS, direction_word

__all__ = ["DuplicateGroup", "groups", "merge"]


@dataclass
class DuplicateGroup:
    """Goals that say the same thing (sorted), with the best score of a pair each is in (None: same target)."""

    members: list[str]
    scores: dict[str, float | None]


def groups(pairs: list[tuple[tuple[str, ...], float | None]]) -> list[DuplicateGroup]:
    """Union-find over duplicate pairs (their subjects and score): each group of goals that say the same thing."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for subjects, _ in pairs:
        a, b = subjects[0], subjects[-1]
        parent[find(a)] = find(b)
    found: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        found[find(x)].append(x)
    best: dict[str, float | None] = {}
    for subjects, score in pairs:
        for s in subjects:
            current = best.get(s)
            best[s] = score if current is None else max(current, score or 0)
    out = []
    for members in found.values():
        members = sorted(members)
        out.append(DuplicateGroup(members, {m: best.get(m) for m in members}))
    return sorted(out, key=lambda g: g.members)


def target_words(facts: TargetFacts, lang: str) -> str:
    """A target in a few words: value in ``lang``'s number style (as analyze writes it), year as
    written, (direction); a dash when it has none.

    >>> facts = TargetFacts(None, ox.Literal("1234.5"), ox.Literal("2030"), None)
    >>> target_words(facts, "da"), target_words(facts, "en")
    ('1.234,5 i 2030', '1,234.5 in 2030')
    """
    parts = []
    if facts.value is not None:
        parts.append(format_number(value(facts.value), lang))
    if facts.year is not None:
        parts.append(WORDS[lang]["in_year"].format(year=value(facts.year)))
    if facts.direction is not None:
        parts.append(f"({direction_word(value(facts.direction).rsplit('#', 1)[-1], lang)})")
    return " ".join(parts) or "–"


class _Merger:
    """One group merged into its keeper; ``details`` are the target and owner moves it made."""

    def __init__(self, graph: Graph, keeper: ox.NamedNode | ox.BlankNode, lift: bool, lang: str) -> None:
        self.graph, self.keeper, self.lift, self.lang = graph, keeper, lift, lang
        self.keeper_labels = {t.object for p in LABELS for t in graph.about(keeper) if t.predicate == p}
        self.details: list[Move] = []

    def take_target(self, other: ox.NamedNode | ox.BlankNode, target: Term) -> None:
        graph, keeper = self.graph, self.keeper
        mine = TargetFacts.of(graph, target)
        text = target_words(mine, self.lang)
        indicator = value(mine.indicator) if mine.indicator is not None else ""
        if covered(graph, target, graph.objects(keeper, HAS_TARGET)):
            for fact in graph.about(target):
                graph.discard(fact)
            self.details.append(
                TargetDropped(subject=keeper.value, other=other.value, target=text, indicator=indicator)
            )
        else:
            # a keeper's target the incoming one states more precisely (120.000 without a year, and 120.000
            # in 2020) goes: kept beside it, the merged goal had two targets on one indicator and a
            # target-conflict with itself
            for weaker in graph.objects(keeper, HAS_TARGET):
                if weaker != target and covered(graph, weaker, [target]):
                    weaker_text = target_words(TargetFacts.of(graph, weaker), self.lang)
                    graph.remove(keeper, HAS_TARGET, weaker)
                    if not graph.subjects(HAS_TARGET, weaker):  # no other goal holds it
                        for fact in graph.about(weaker):
                            graph.discard(fact)
                    self.details.append(
                        TargetDropped(subject=keeper.value, other=keeper.value, target=weaker_text, indicator=indicator)
                    )
            graph.add(keeper, HAS_TARGET, target)
            self.details.append(TargetKept(subject=keeper.value, other=other.value, target=text, indicator=indicator))

    def take(self, other: ox.NamedNode | ox.BlankNode) -> None:
        """Everything ``other`` says, and everything pointing at it, moved to the keeper."""
        graph, keeper = self.graph, self.keeper
        for t in graph.about(other):
            graph.discard(t)
            p, o = t.predicate, t.object
            if p == TYPE or o == keeper and p in (CONTRIBUTES, CONFLICTS):
                continue
            if p in LABELS:
                if o not in self.keeper_labels:
                    graph.add(keeper, ALT_LABEL, o)
                continue
            if p == HAS_TARGET:
                self.take_target(other, o)
                continue
            graph.add(keeper, p, other if o == other else o)
        for t in graph.pointing(other):
            graph.discard(t)
            if t.subject == keeper or t.subject == other or (self.lift and t.predicate == HAS_GOAL):
                continue
            graph.add(t.subject, t.predicate, keeper)


def merge(graph: Graph, group: DuplicateGroup, vision: Subject, ctx: Context, moves: list[Move]) -> None:
    """Merge ``group`` into one goal (lifted to ``vision`` when it came from several plans); record the moves."""
    nodes = [node(g) for g in group.members]

    def rank(goal: ox.NamedNode | ox.BlankNode) -> tuple[bool, int, int, str]:
        in_vision = graph.has(vision, HAS_GOAL, goal)
        values = sum(1 for t in graph.objects(goal, HAS_TARGET) if graph.objects(t, TARGET_VALUE))
        return (not in_vision, -values, -len(graph.about(goal)), goal.value)

    def plans_of(goal: str) -> list[str]:
        return sorted(p for p in ctx.plans_of.get(goal, ()) if p in ctx.plan_types)

    keeper = min(nodes, key=rank)
    others = [n for n in nodes if n != keeper]
    lift = len({p for g in group.members for p in plans_of(g)}) >= 2
    before = sorted({p for o in others for p in plans_of(o.value)})
    keeper_plans = plans_of(keeper.value)
    merger = _Merger(graph, keeper, lift, ctx.lang)
    for other in others:
        merger.take(other)
    for t in list(graph.about(keeper)):
        if t.object in others:
            graph.discard(t)
    if lift:  # the merged goal served several plans: it belongs to the common vision
        for plan in graph.subjects(HAS_GOAL, keeper):
            graph.remove(plan, HAS_GOAL, keeper)
        graph.add(vision, HAS_GOAL, keeper)
    owners = graph.objects(keeper, OWNER)
    if len(owners) > 1:
        merger.details.append(TwoOwners(subject=keeper.value, owners=[value(o) for o in owners]))
    moves.append(
        GoalMerged(
            subject=keeper.value,
            others=[o.value for o in others],
            before=before,
            keeper_plans=keeper_plans,
            after=sorted(value(p) for p in graph.subjects(HAS_GOAL, keeper)) or plans_of(keeper.value),
            score=max((s for s in group.scores.values() if s is not None), default=None),
            lift=lift,
        )
    )
    moves.extend(merger.details)
