"""Overlap: the same goal, initiative or indicator used by several plans."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Callable

from ..findings import Finding, Kind
from ..messages import TEXT
from . import duplicates
from .conflict import CASCADING

if TYPE_CHECKING:  # the rules get a Context; this module is imported before it (the kinds are read early)
    from ..context import Context

__all__ = ["DECLARED", "shared_goal", "shared_initiative", "shared_indicator"]


def shared_goal(ctx: Context) -> list[Finding]:
    goals = ctx.shared("shared-goal")
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


SHARED_GOAL = Kind(
    "shared-goal",
    "overlap",
    "warning",
    shared_goal,
    title={"da": ("fælles mål", "fælles mål"), "en": ("shared goal", "shared goals")},
    rule_title={"da": "Samme mål i flere planer", "en": "The same goal in several plans"},
    message={
        # {under}: TEXT's "one_vision" or "no_vision", whichever is true of the plans
        "da": "Målet {a} står i flere planer ({plans}){under}: koordinér det ét sted.",
        "en": "The goal {a} is listed by several plans ({plans}){under}: coordinate it in one place.",
    },
    query="shared-goal",
    subjects="the goal",
    decisions=CASCADING,
)


def _common_vision(ctx: Context) -> Callable[[frozenset[str]], str | None]:
    """A function: plans → the most specific vision that each of them is or realizes (``sa:realizes*``), or None.

    The same test as vision-mismatch's (:class:`~alignment.realizes.Realizes`). Findings
    name a few plan combinations: each combination is answered once.
    """
    hierarchy = ctx.realizes
    answers: dict[frozenset[str], str | None] = {}

    def common(plans: frozenset[str]) -> str | None:
        if plans not in answers:
            shared = hierarchy.common_visions(plans) if plans else frozenset()
            # the most specific: one that no other common vision realizes
            nearest = [v for v in shared if not any(w != v and hierarchy.above(w, v) for w in shared)]
            answers[plans] = min(nearest or shared) if shared else None
        return answers[plans]

    return common


def shared_initiative(ctx: Context) -> list[Finding]:
    return [ctx.finding("shared-initiative", [initiative]) for initiative in ctx.shared("shared-initiative")]


SHARED_INITIATIVE = Kind(
    "shared-initiative",
    "overlap",
    "warning",
    shared_initiative,
    title={"da": ("fælles indsats", "fælles indsatser"), "en": ("shared initiative", "shared initiatives")},
    rule_title={"da": "Samme indsats i flere planer", "en": "The same initiative in several plans"},
    message={
        "da": "Indsatsen {a} står i flere planer ({plans}): aftal hvor den hører hjemme.",
        "en": "The initiative {a} is listed by several plans ({plans}): agree where it belongs.",
    },
    query="shared-initiative",
    subjects="the initiative",
    decisions=CASCADING,
)


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


SHARED_INDICATOR = Kind(
    "shared-indicator",
    "overlap",
    "info",
    shared_indicator,
    title={"da": ("fælles indikator", "fælles indikatorer"), "en": ("shared indicator", "shared indicators")},
    rule_title={"da": "Mål, der måles på samme indikator", "en": "Goals measured by the same indicator"},
    message={
        "da": "Målene {a} og {b} måles på samme indikator {indicator}: hold målepunkterne i takt.",
        "en": "The goals {a} and {b} are measured by the same indicator {indicator}: keep the measurement points in step.",
    },
    query="indicator-uses",
    waits="findings",
    subjects="the two goals",
    decisions={
        "en": (
            "A pair of goals already reported as duplicates or as conflicting (target, direction, declared) is not reported again, "
            "nor a duplicate pair whose merge is accepted (sa:duplicateOf); a pair decided not to be a duplicate "
            "(sa:notDuplicateOf) is two goals again and is reported.",
        ),
        "da": (
            "Et par mål, der allerede er meldt som dubletter eller i konflikt (måltal, retning, erklæret), meldes ikke igen, "
            "heller ikke et dubletpar, hvis sammenlægning er godkendt (sa:duplicateOf); et par, der er afgjort ikke at være "
            "dubletter (sa:notDuplicateOf), er igen to mål og meldes.",
        ),
    },
)

#: The kinds of this family, in the order of the findings.
DECLARED: tuple[Kind, ...] = (SHARED_GOAL, SHARED_INITIATIVE, *duplicates.DECLARED, SHARED_INDICATOR)
