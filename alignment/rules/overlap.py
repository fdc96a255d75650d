"""Overlap: the same goal, initiative or indicator used by several plans."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Callable

from ontology.namespaces import SA

from ..context import Context
from ..findings import Finding
from ..messages import TEXT

__all__ = ["shared_goal", "shared_initiative", "shared_indicator"]


def shared_goal(ctx: Context) -> list[Finding]:
    goals = [goal for (goal,) in ctx.select("shared-goal", ordered=False).values("goal")]
    if not goals:
        return []
    vision_of = _common_vision(ctx)
    words = TEXT[ctx.lang]
    findings = []
    for goal in goals:
        # The message says whether the goal's plans sit under one vision: two strategies
        # realizing the same vision share a goal too, and must not be told they do not.
        vision = vision_of(frozenset(ctx.plans([goal])))
        under = words["no_vision"] if vision is None else words["one_vision"].format(vision=ctx.quote(vision))
        findings.append(ctx.finding("shared-goal", [goal], under=under))
    return findings


def _common_vision(ctx: Context) -> Callable[[frozenset[str]], str | None]:
    """A function: plans → the most specific vision that each of them is or realizes (``sa:realizes*``), or None.

    The same test as vision-mismatch's. A few thousand plans at national scale,
    and findings name a few plan combinations: each combination is answered once.
    """
    realizes: dict[str, set[str]] = defaultdict(set)
    visions = set()
    for plan, kind, target in ctx.select("plans", ordered=False).values("plan", "type", "realizes"):
        if kind == SA + "Vision":
            visions.add(plan)
        if target:
            realizes[plan].add(target)
    above: dict[str, frozenset[str]] = {}

    def up(plan: str) -> frozenset[str]:
        """The plan and every plan it realizes, transitively (cycles end where they close)."""
        found = above.get(plan)
        if found is None:
            seen, todo = {plan}, [plan]
            while todo:
                for target in realizes.get(todo.pop(), ()):
                    if target not in seen:
                        seen.add(target)
                        todo.append(target)
            found = above[plan] = frozenset(seen)
        return found

    answers: dict[frozenset[str], str | None] = {}

    def common(plans: frozenset[str]) -> str | None:
        if plans not in answers:
            shared = set(visions).intersection(*[up(plan) for plan in plans]) if plans else set()
            # the most specific: one that no other common vision realizes
            nearest = [v for v in shared if not any(w != v and v in up(w) for w in shared)]
            answers[plans] = min(nearest or shared) if shared else None
        return answers[plans]

    return common


def shared_initiative(ctx: Context) -> list[Finding]:
    rows = ctx.select("shared-initiative", ordered=False).values("initiative")
    return [ctx.finding("shared-initiative", [initiative]) for (initiative,) in rows]


def shared_indicator(ctx: Context, earlier: list[Finding]) -> list[Finding]:
    """Goal pairs on one indicator, unless already reported as duplicates or conflicts."""
    related = {
        frozenset(f.subjects)
        for f in earlier
        if f.kind in ("duplicate-goal", "target-conflict", "direction-conflict", "goal-conflict")
    }
    goals_of: dict[str, set[str]] = defaultdict(set)
    for goal, indicator in ctx.select("indicator-uses", ordered=False).values("goal", "indicator"):
        goals_of[indicator].add(goal)
    # Pairs are formed here, per indicator, rather than by a self-join in SPARQL:
    # the join of every goal with every goal on an indicator is what made it slow.
    findings = {}
    for indicator in sorted(goals_of):
        for goal_a, goal_b in combinations(sorted(goals_of[indicator]), 2):
            pair = frozenset((goal_a, goal_b))
            if pair in related or pair in findings:
                continue
            findings[pair] = ctx.finding("shared-indicator", [goal_a, goal_b], indicator=ctx.quote(indicator))
    return list(findings.values())
