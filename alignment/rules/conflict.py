"""Conflicts: targets, directions, declared trade-offs, owners, timelines and visions that do not agree."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

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
    """120000 → '120.000' in Danish, '120,000' in English; decimals keep their digits, doubles read as decimals.

    120000, 120000.0 and 1.2E5 are one number, and read the same.

    >>> format_number("23.9", "da"), format_number("120000", "en"), format_number("1.2E5", "da"), format_number("+7.50", "en")
    ('23,9', '120,000', '120.000', '7.5')
    """
    try:
        number = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    # far beyond any target's size the fixed-point digits would only grow (1E999999999)
    if not number.is_finite() or abs(number.adjusted()) > 30:
        return lexical
    whole, _, fraction = f"{number:f}".partition(".")
    negative = whole.startswith("-")
    digits = f"{int(whole):,}"
    thousands, point = (".", ",") if lang == "da" else (",", ".")
    digits = ("-" if negative and not digits.startswith("-") else "") + digits.replace(",", thousands)
    fraction = fraction.rstrip("0")
    return f"{digits}{point}{fraction}" if fraction else digits


def _target(ctx: Context, value: str | None, year: str | None) -> str:
    number = format_number(value, ctx.lang) if value is not None else "?"
    return f"{number} ({year})" if year else f"{number} ({TEXT[ctx.lang]['no_year']})"


def target_conflict(ctx: Context) -> list[Finding]:
    rows = ctx.select("target-conflict", ordered=False).values("goalA", "goalB", "indicator", "valueA", "yearA", "valueB", "yearB")
    # One finding per goal pair and indicator, however many targets differ. The query gives a
    # pair of one goal's targets (or of blank-node goals) both ways: each row is turned to one
    # orientation (the goals in order, then the earlier year first), and of several target
    # pairs the least is shown, so that the message does not depend on how targets are named.
    chosen: dict[tuple[frozenset[str], str], tuple] = {}
    for goal_a, goal_b, indicator, value_a, year_a, value_b, year_b in rows:
        side_a = (goal_a, year_a or "", _numeric(value_a), value_a)
        side_b = (goal_b, year_b or "", _numeric(value_b), value_b)
        row = (*side_a, *side_b) if side_a <= side_b else (*side_b, *side_a)
        key = (frozenset((goal_a, goal_b)), indicator)
        if key not in chosen or row < chosen[key]:
            chosen[key] = row
    findings = []
    # in the order of the goal pairs, then of the indicators (the findings' order for one pair)
    for (_, indicator), (goal_a, year_a, _, value_a, goal_b, year_b, _, value_b) in sorted(
        chosen.items(), key=lambda item: (item[1][0], item[1][4], item[0][1])
    ):
        findings.append(ctx.finding(
            "target-conflict",
            [goal_a, goal_b],
            indicator=ctx.quote(indicator),
            target_a=_target(ctx, value_a, year_a or None),
            target_b=_target(ctx, value_b, year_b or None),
        ))
    return findings


def _numeric(lexical: str | None) -> tuple:
    """A sort key by number (120000, 120000.0 and 1.2E5 alike), anything else after the numbers."""
    try:
        number = Decimal(lexical) if lexical is not None else None
    except InvalidOperation:
        number = None
    return (0, number) if number is not None and number.is_finite() else (1, 0)


def direction_conflict(ctx: Context) -> list[Finding]:
    # Rows are (raising goal, lowering goal): one finding per pair of goals, on its least indicator.
    seen: dict[tuple[str, str], str] = {}
    for goal_a, goal_b, indicator in ctx.select("direction-conflict", ordered=False).values("goalA", "goalB", "indicator"):
        pair = (goal_a, goal_b) if goal_a <= goal_b else (goal_b, goal_a)
        if pair not in seen or indicator < seen[pair]:
            seen[pair] = indicator
    return [ctx.finding("direction-conflict", [a, b], indicator=ctx.quote(i)) for (a, b), i in seen.items()]


def negative_contribution(ctx: Context) -> list[Finding]:
    rows = ctx.select("negative-contribution").values("element", "goal")
    return [ctx.finding("negative-contribution", [element, goal], a=ctx.quote(element), b=ctx.quote(goal)) for element, goal in rows]


def _pairs(rows) -> list[tuple[str, str]]:
    """Each unordered pair once, in order: a query gives a pair with a blank node both ways."""
    return sorted({(a, b) if a <= b else (b, a) for a, b in rows})


def goal_conflict(ctx: Context) -> list[Finding]:
    return [ctx.finding("goal-conflict", [a, b]) for a, b in _pairs(ctx.select("goal-conflict").values("goalA", "goalB"))]


def owner_conflict(ctx: Context) -> list[Finding]:
    owners: dict[str, set[str]] = defaultdict(set)
    for element, owner in ctx.select("owner-conflict", ordered=False).values("element", "owner"):
        owners[element].add(owner)
    findings = []
    for element, found in owners.items():
        if len(found) > 1:
            names = sorted(ctx.quote(o) for o in found)
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
    rows = _pairs(ctx.select("vision-mismatch", ordered=False).values("planA", "planB"))
    return [ctx.finding("vision-mismatch", [a, b], plans=[a, b], a=ctx.quote(a), b=ctx.quote(b)) for a, b in rows]
