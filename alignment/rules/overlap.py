"""Overlap: the same goal, initiative or indicator used by several plans."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ..context import Context
from ..findings import Finding

__all__ = ["shared_goal", "shared_initiative", "shared_indicator"]


def shared_goal(ctx: Context) -> list[Finding]:
    return [ctx.finding("shared-goal", [goal]) for (goal,) in ctx.select("shared-goal", ordered=False).values("goal")]


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
