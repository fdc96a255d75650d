"""Conflicts: targets, directions, declared trade-offs, owners, timelines and visions that do not agree."""
from __future__ import annotations

from ..context import Context
from ..findings import Finding
from ..messages import TEXT

__all__ = [
    "target_conflict",
    "direction_conflict",
    "negative_contribution",
    "goal_conflict",
    "owner_conflict",
    "timeline_conflict",
    "vision_mismatch",
    "format_number",
]


def format_number(lexical: str, lang: str) -> str:
    """120000 → '120.000' in Danish, '120,000' in English; decimals keep their digits.

    >>> format_number("23.9", "da"), format_number("120000", "en")
    ('23,9', '120,000')
    """
    try:
        whole, _, fraction = lexical.partition(".")
        digits = f"{int(whole):,}"
    except ValueError:
        return lexical
    thousands, point = (".", ",") if lang == "da" else (",", ".")
    digits = digits.replace(",", thousands)
    fraction = fraction.rstrip("0")
    return f"{digits}{point}{fraction}" if fraction else digits


def _target(ctx: Context, value: str | None, year: str | None) -> str:
    number = format_number(value, ctx.lang) if value is not None else "?"
    return f"{number} ({year})" if year else f"{number} ({TEXT[ctx.lang]['no_year']})"


def target_conflict(ctx: Context) -> list[Finding]:
    rows = ctx.select("target-conflict").values("goalA", "goalB", "indicator", "valueA", "yearA", "valueB", "yearB")
    findings = {}
    for goal_a, goal_b, indicator, value_a, year_a, value_b, year_b in rows:
        key = (frozenset((goal_a, goal_b)), indicator)
        if key in findings:
            continue  # one finding per goal pair and indicator, however many targets differ
        findings[key] = ctx.finding(
            "target-conflict",
            [goal_a, goal_b],
            indicator=ctx.quote(indicator),
            target_a=_target(ctx, value_a, year_a),
            target_b=_target(ctx, value_b, year_b),
        )
    return list(findings.values())


def direction_conflict(ctx: Context) -> list[Finding]:
    seen = {}
    for goal_a, goal_b, indicator in ctx.select("direction-conflict").values("goalA", "goalB", "indicator"):
        seen.setdefault((goal_a, goal_b), indicator)
    return [ctx.finding("direction-conflict", [a, b], indicator=ctx.quote(i)) for (a, b), i in seen.items()]


def negative_contribution(ctx: Context) -> list[Finding]:
    rows = ctx.select("negative-contribution").values("element", "goal")
    return [ctx.finding("negative-contribution", [element, goal], a=ctx.quote(element), b=ctx.quote(goal)) for element, goal in rows]


def goal_conflict(ctx: Context) -> list[Finding]:
    return [ctx.finding("goal-conflict", [a, b]) for a, b in ctx.select("goal-conflict").values("goalA", "goalB")]


def owner_conflict(ctx: Context) -> list[Finding]:
    findings = []
    # IRIs hold no spaces, so the space-separated ?owners splits back exactly.
    for element, owners in ctx.select("owner-conflict", ordered=False).values("element", "owners"):
        if element is None or owners is None:
            continue  # rdflib may answer an empty grouping with one unbound row
        names = sorted(ctx.quote(o) for o in set(owners.split()))
        findings.append(ctx.finding("owner-conflict", [element], count=str(len(names)), owners=", ".join(names)))
    return findings


def timeline_conflict(ctx: Context) -> list[Finding]:
    words = TEXT[ctx.lang]
    findings = []
    for initiative, other, end, year in ctx.select("timeline-conflict").values("initiative", "other", "initiativeEnd", "otherYear"):
        is_plan = other in ctx.plan_types
        what = words["plan_end" if is_plan else "target_year"].format(plan=ctx.quote(other), goal=ctx.quote(other))
        findings.append(
            ctx.finding("timeline-conflict", [initiative, other], a=ctx.quote(initiative), b=what, end=end, year=year)
        )
    return findings


def vision_mismatch(ctx: Context) -> list[Finding]:
    rows = ctx.select("vision-mismatch", ordered=False).values("planA", "planB")
    return [ctx.finding("vision-mismatch", [a, b], plans=[a, b], a=ctx.quote(a), b=ctx.quote(b)) for a, b in rows]
