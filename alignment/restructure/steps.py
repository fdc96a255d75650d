"""The steps of the restructuring (numbered as in :mod:`alignment.restructure`), each a function
that edits the graph and records its moves, and :func:`restructure`, which runs them in order."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox

from ontology import Model

from ..config import Config
from ..context import Context, Labels
from ..duplicate_decisions import decide
from ..evidence import EvidenceIndex
from ..findings import KINDS, Finding, sort_findings
from ..rules import RULES
from .graph import (
    DESCRIPTION,
    GOAL,
    HAS_GOAL,
    HAS_INITIATIVE,
    INITIATIVE,
    LABELS,
    PLAN,
    REALIZES,
    STRATEGY,
    TYPE,
    VISION,
    Graph,
    Subject,
    new_iri,
    node,
    reached_goals,
    value,
)
from .merge import groups, merge
from .moves import (
    GoalLifted,
    InitiativeLifted,
    InitiativeMoved,
    Move,
    RealizesAdded,
    RealizesMoved,
    TypedStrategy,
    VisionCreated,
    VisionDemoted,
    VisionReused,
)
from .proposal import Proposal
from .words import WORDS

__all__ = ["CHECKED_KINDS", "restructure"]

#: What the proposal must be free of.
CHECKED_KINDS = ("shared-goal", "duplicate-goal", "vision-mismatch")


def common_vision(graph: Graph, labels: Labels, base: str | None, moves: list[Move]) -> Subject:
    """Step 1: the model's only vision, else a new one above the former visions (now strategies);
    a plan of no particular type becomes a strategy."""
    visions = graph.typed(VISION)
    if len(visions) == 1:
        vision = visions[0]
        moves.append(VisionReused(subject=value(vision)))
    else:
        from ontology import guess_base as _guess_base

        root = base or _guess_base([value(s) for s in graph.typed(STRATEGY) + visions if isinstance(s, ox.NamedNode)])
        created = ox.NamedNode(new_iri(graph, root, "faelles-vision"))
        vision = created
        graph.add(created, TYPE, VISION)
        for tag in ("da", "en"):
            graph.add(created, LABELS[0], ox.Literal(WORDS[tag]["vision_label"], language=tag))
            graph.add(created, DESCRIPTION, ox.Literal(WORDS[tag]["vision_description"], language=tag))
        labels.by_element[created.value] = {"da": WORDS["da"]["vision_label"], "en": WORDS["en"]["vision_label"]}
        moves.append(VisionCreated(subject=created.value, count=len(visions)))
        for old in visions:
            graph.remove(old, TYPE, VISION)
            graph.add(old, TYPE, STRATEGY)
            moves.append(VisionDemoted(subject=value(old), after=[created.value]))
    for plan in graph.typed(PLAN):
        if not graph.has(plan, TYPE, STRATEGY) and not graph.has(plan, TYPE, VISION):
            graph.add(plan, TYPE, STRATEGY)
            moves.append(TypedStrategy(subject=value(plan)))
    return vision


def realize_vision(graph: Graph, vision: Subject, moves: list[Move]) -> None:
    """Step 2: every strategy realizes the common vision, and nothing else."""
    for strategy in graph.typed(STRATEGY):
        if strategy == vision:
            continue
        before = graph.objects(strategy, REALIZES)
        others = [v for v in before if v != vision]
        for other in others:
            graph.remove(strategy, REALIZES, other)
        if vision not in before:
            graph.add(strategy, REALIZES, vision)
            move = RealizesMoved if others else RealizesAdded
            moves.append(move(subject=value(strategy), before=[value(v) for v in others], after=[value(vision)]))


def lift_shared_goals(graph: Graph, vision: Subject, moves: list[Move]) -> bool:
    """Step 4: a goal listed by several plans is listed by the vision only. True when one was."""
    lifted = False
    for goal in graph.typed(GOAL):
        plans = graph.subjects(HAS_GOAL, goal)
        if len(plans) >= 2:
            for plan in plans:
                if plan != vision:
                    graph.remove(plan, HAS_GOAL, goal)
            graph.add(vision, HAS_GOAL, goal)
            moves.append(GoalLifted(subject=value(goal), before=[value(p) for p in plans], after=[value(vision)]))
            lifted = True
    return lifted


def merge_and_lift(
    graph: Graph, vision: Subject, only_duplicates: Config, lang: str, moves: list[Move], max_rounds: int
) -> None:
    """Steps 3 and 4, repeated (at most ``max_rounds`` times) until the analysis finds no duplicate and no shared goal."""
    for _ in range(max_rounds):
        changed = False
        ctx = Context.build(graph.store(), only_duplicates, lang)
        # a pair decided not to be a duplicate (the model's sa:notDuplicateOf, a decisions file) is not merged
        found, _, _ = decide(ctx, RULES["duplicate-goal"](ctx))
        pairs = [(f.subjects, f.score) for f in found]
        for group in groups(pairs):
            merge(graph, group, vision, ctx, moves)
            changed = True
        changed = lift_shared_goals(graph, vision, moves) or changed
        if not changed:
            break


def follow_goals(graph: Graph, vision: Subject, only_duplicates: Config, lang: str, moves: list[Move]) -> None:
    """Step 6: an initiative a plan lists is listed by the one strategy of the goals it serves, else by
    the vision (goals in several strategies, or in the vision); one that serves no goal of a plan stays."""
    ctx = Context.build(graph.store(), only_duplicates, lang)
    vision_iri = value(vision)
    for initiative in graph.typed(INITIATIVE):
        listed = graph.subjects(HAS_INITIATIVE, initiative)
        if not listed:
            continue
        goals = reached_goals(graph, initiative)
        plans = {p for g in goals for p in ctx.plans_of.get(value(g), ()) if p != value(g) and p in ctx.plan_types}
        strategies = sorted(p for p in plans if p != vision_iri)
        if len(strategies) == 1:
            target = [strategies[0]]
        elif strategies or vision_iri in plans:
            target = [vision_iri]
        else:
            target = [value(listed[0])] if len(listed) == 1 else [vision_iri]
        if sorted(value(p) for p in listed) == target:
            continue
        for plan in listed:
            graph.remove(plan, HAS_INITIATIVE, initiative)
        graph.add(node(target[0]), HAS_INITIATIVE, initiative)
        before = [value(p) for p in listed]
        if len(strategies) >= 2:
            moves.append(
                InitiativeLifted(subject=value(initiative), before=before, after=target, strategies=strategies)
            )
        else:
            served = [value(g) for g in goals if target[0] in ctx.plans_of.get(value(g), ())]
            moves.append(InitiativeMoved(subject=value(initiative), before=before, after=target, goals=served))


def check(graph: Graph, config: Config, lang: str) -> tuple[Context, list[Finding]]:
    """The analysis of the proposal for :data:`CHECKED_KINDS`, even those the user's settings silence."""
    checks = replace(
        config,
        severity={k: (config.severity[k] if config.severity[k] != "off" else "warning") for k in KINDS},
        thresholds=dict(config.thresholds),
    )
    ctx = Context.build(graph.store(), checks, lang)
    remaining, _, _ = decide(ctx, [f for kind in CHECKED_KINDS for f in RULES[kind](ctx)])
    return ctx, sort_findings(remaining)


def placement(graph: Graph, ctx: Context, vision: str, labels: Labels, lang: str) -> dict[str, list[str]]:
    """Where every goal sits: plan → its goals, the vision first, then by label."""
    out: dict[str, list[str]] = {}
    for plan in sorted(ctx.plan_types, key=lambda p: (p != vision, labels.get(p, lang))):
        out[plan] = sorted((value(g) for g in graph.objects(node(plan), HAS_GOAL)), key=lambda g: labels.get(g, lang))
    return out


def restructure(model: Model, *, lang: str = "da", config: Config | None = None, max_rounds: int = 5) -> Proposal:
    """Apply the memo's model to ``model`` and return the proposal (see :mod:`alignment.restructure`).

    ``config`` gives the duplicate thresholds (as for ``analyze``).
    """
    config = config or Config()
    quads = ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    labels = Labels.from_store(model.store)
    base = model.prefixes.get("") or None
    moves: list[Move] = []
    vision = common_vision(graph, labels, base, moves)
    realize_vision(graph, vision, moves)
    # the run's thesauri, duplicate scope and decisions kept: only the kinds change
    only_duplicates = replace(
        config,
        severity={k: ("off" if k != "duplicate-goal" else "warning") for k in KINDS},
        thresholds=dict(config.thresholds),
    )
    merge_and_lift(graph, vision, only_duplicates, lang, moves, max_rounds)
    # Step 5, every other goal stays in the one plan that lists it, moves nothing.
    follow_goals(graph, vision, only_duplicates, lang, moves)
    ctx, remaining = check(graph, config, lang)
    where = placement(graph, ctx, value(vision), labels, lang)
    return Proposal(
        graph.triples,
        value(vision),
        moves,
        labels,
        base,
        dict(model.prefixes),
        list(model.sources),
        lang,
        remaining,
        where,
        EvidenceIndex.from_store(model.store, lang),
    )
