"""Coverage: goals without initiatives or indicators, and loose ends."""
from __future__ import annotations

from collections import defaultdict

from ..context import Context
from ..findings import Finding
from ..messages import TEXT

__all__ = [
    "uncovered_goal",
    "delegated_goal",
    "unmeasured_goal",
    "orphan_initiative",
    "unanchored_strategy",
    "missing_baseline",
    "missing_owner",
]


def _each(ctx: Context, kind: str, variable: str) -> list[Finding]:
    # One finding per element, and findings are sorted at the end: the rows' order does not matter.
    return [ctx.finding(kind, [element]) for (element,) in ctx.select(kind, ordered=False).values(variable)]


def uncovered_goal(ctx: Context) -> list[Finding]:
    return _each(ctx, "uncovered-goal", "goal")


def delegated_goal(ctx: Context) -> list[Finding]:
    delegates: dict[str, set[str]] = defaultdict(set)
    for goal, delegate in ctx.select("delegated-goal").values("goal", "delegate"):
        delegates[goal].add(delegate)
    findings = []
    for goal, targets in delegates.items():
        plans = ctx.plans([goal]) | {t for t in targets if t in ctx.plan_types}
        names = ", ".join(ctx.quote(t) for t in sorted(targets))
        findings.append(ctx.finding("delegated-goal", [goal], plans=plans, delegates=names))
    return findings


def unmeasured_goal(ctx: Context) -> list[Finding]:
    return _each(ctx, "unmeasured-goal", "goal")


def orphan_initiative(ctx: Context) -> list[Finding]:
    return _each(ctx, "orphan-initiative", "initiative")


def unanchored_strategy(ctx: Context) -> list[Finding]:
    return _each(ctx, "unanchored-strategy", "strategy")


def missing_baseline(ctx: Context) -> list[Finding]:
    has: dict[str, set[str]] = defaultdict(set)
    for indicator, what in ctx.select("indicator-facts", ordered=False).values("indicator", "has"):
        has[indicator].add(what)
    # An indicator's plans are the plans of the goals it measures.
    goals_of: dict[str, set[str]] = defaultdict(set)
    for goal, indicator in ctx.select("indicator-uses", ordered=False).values("goal", "indicator"):
        goals_of[indicator].add(goal)
    words = TEXT[ctx.lang]
    findings = []
    for (indicator,) in ctx.select("missing-baseline", ordered=False).values("indicator"):
        lacking = [words["baseline"]] if "baseline" not in has[indicator] else []
        lacking += [words["data_source"]] if "source" not in has[indicator] else []
        missing = f" {words['and']} ".join(lacking)
        findings.append(ctx.finding("missing-baseline", [indicator], plans=ctx.plans(goals_of[indicator]), missing=missing))
    return findings


def missing_owner(ctx: Context) -> list[Finding]:
    return _each(ctx, "missing-owner", "initiative")
