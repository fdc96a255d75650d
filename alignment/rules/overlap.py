"""Overlap: the same goal, initiative or indicator used by several plans."""
from __future__ import annotations

from ..context import Context
from ..findings import Finding

__all__ = ["shared_goal", "shared_initiative", "shared_indicator"]


def shared_goal(ctx: Context) -> list[Finding]:
    return [ctx.finding("shared-goal", [goal]) for (goal,) in ctx.select("shared-goal").values("goal")]


def shared_initiative(ctx: Context) -> list[Finding]:
    rows = ctx.select("shared-initiative").values("initiative")
    return [ctx.finding("shared-initiative", [initiative]) for (initiative,) in rows]


def shared_indicator(ctx: Context, earlier: list[Finding]) -> list[Finding]:
    """Goal pairs on one indicator, unless already reported as duplicates or conflicts."""
    related = {
        frozenset(f.subjects)
        for f in earlier
        if f.kind in ("duplicate-goal", "target-conflict", "direction-conflict", "goal-conflict")
    }
    findings = []
    seen = set()
    for goal_a, goal_b, indicator in ctx.select("indicator-goals").values("goalA", "goalB", "indicator"):
        pair = frozenset((goal_a, goal_b))
        if pair in related or pair in seen:
            continue
        seen.add(pair)
        findings.append(ctx.finding("shared-indicator", [goal_a, goal_b], indicator=ctx.quote(indicator)))
    return findings
