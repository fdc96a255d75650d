"""Coverage: goals without initiatives or indicators, and loose ends."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ontology import SA

from ..findings import Finding, Kind
from ..messages import TEXT

if TYPE_CHECKING:  # the rules get a Context; this module is imported before it (the kinds are read early)
    from ..context import Context

__all__ = [
    "DECLARED",
    "uncovered_goal",
    "delegated_goal",
    "unmeasured_goal",
    "orphan_initiative",
    "unanchored_strategy",
    "missing_baseline",
    "missing_owner",
    "unverified_delegation",
]


def _each(ctx: Context, kind: str, variable: str) -> list[Finding]:
    # One finding per element, and findings are sorted at the end: the rows' order does not matter.
    return [ctx.finding(kind, [element]) for (element,) in ctx.select(kind, ordered=False).values(variable)]


def uncovered_goal(ctx: Context) -> list[Finding]:
    return _each(ctx, "uncovered-goal", "goal")


UNCOVERED_GOAL = Kind(
    "uncovered-goal",
    "coverage",
    "error",
    uncovered_goal,
    title={"da": ("udækket mål", "udækkede mål"), "en": ("uncovered goal", "uncovered goals")},
    rule_title={"da": "Et mål uden indsatser", "en": "A goal without initiatives"},
    message={
        "da": "Målet {a} har ingen indsatser (annullerede tæller ikke med).",
        "en": "The goal {a} has no initiatives (cancelled ones do not count).",
    },
    query="uncovered-goal",
    subjects="the goal",
)


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


DELEGATED_GOAL = Kind(
    "delegated-goal",
    "coverage",
    "info",
    delegated_goal,
    title={"da": ("overdraget mål", "overdragne mål"), "en": ("delegated goal", "delegated goals")},
    rule_title={"da": "Et mål, der er overdraget til en anden plan", "en": "A goal delegated to another plan"},
    message={
        "da": "Målet {a} har ingen indsatser her, men er overdraget til {delegates}.",
        "en": "The goal {a} has no initiatives here but is delegated to {delegates}.",
    },
    query="delegated-goal",
    subjects="the goal (its plans include the plans it is delegated to)",
)


def unmeasured_goal(ctx: Context) -> list[Finding]:
    return _each(ctx, "unmeasured-goal", "goal")


UNMEASURED_GOAL = Kind(
    "unmeasured-goal",
    "coverage",
    "warning",
    unmeasured_goal,
    title={
        "da": ("mål uden indikator", "mål uden indikator"),
        "en": ("goal without indicator", "goals without indicator"),
    },
    rule_title={"da": "Et mål uden indikator", "en": "A goal without an indicator"},
    message={
        "da": "Målet {a} har ingen indikator (målepunkt).",
        "en": "The goal {a} has no indicator (measurement point).",
    },
    query="unmeasured-goal",
    subjects="the goal",
)


def orphan_initiative(ctx: Context) -> list[Finding]:
    return _each(ctx, "orphan-initiative", "initiative")


ORPHAN_INITIATIVE = Kind(
    "orphan-initiative",
    "coverage",
    "warning",
    orphan_initiative,
    title={
        "da": ("indsats uden mål", "indsatser uden mål"),
        "en": ("initiative without goal", "initiatives without goal"),
    },
    rule_title={"da": "En indsats, der ikke bidrager til noget mål", "en": "An initiative contributing to no goal"},
    message={
        "da": "Indsatsen {a} bidrager ikke til noget mål eller indsatsområde.",
        "en": "The initiative {a} contributes to no goal or focus area.",
    },
    query="orphan-initiative",
    subjects="the initiative",
)


def unanchored_strategy(ctx: Context) -> list[Finding]:
    return _each(ctx, "unanchored-strategy", "strategy")


UNANCHORED_STRATEGY = Kind(
    "unanchored-strategy",
    "coverage",
    "warning",
    unanchored_strategy,
    title={
        "da": ("strategi uden vision", "strategier uden vision"),
        "en": ("strategy without vision", "strategies without vision"),
    },
    rule_title={"da": "En strategi uden vision", "en": "A strategy realizing no vision"},
    message={
        "da": "Strategien {a} realiserer ingen vision.",
        "en": "The strategy {a} realizes no vision.",
    },
    query="unanchored-strategy",
    subjects="the strategy",
)


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
        findings.append(
            ctx.finding("missing-baseline", [indicator], plans=ctx.plans(goals_of[indicator]), missing=missing)
        )
    return findings


MISSING_BASELINE = Kind(
    "missing-baseline",
    "coverage",
    "info",
    missing_baseline,
    title={
        # the kind covers a missing data source too: "3 indikatorer uden baseline" counted two that had one
        "da": ("indikator uden baseline eller kilde", "indikatorer uden baseline eller kilde"),
        "en": ("indicator without baseline or source", "indicators without baseline or source"),
    },
    rule_title={
        "da": "En indikator uden baseline eller datakilde",
        "en": "An indicator without a baseline or data source",
    },
    message={
        "da": "Indikatoren {a} mangler {missing}: målepunktet bygger ikke på fakta.",
        "en": "The indicator {a} lacks {missing}: the measurement point is not based on facts.",
    },
    query="missing-baseline",
    subjects="the indicator (its plans are those of the goals it measures)",
)


def missing_owner(ctx: Context) -> list[Finding]:
    words = TEXT[ctx.lang]
    # The owner of a plan answers for its goals and their sub-goals (the run's plan membership):
    # asked in SPARQL, the chain from each goal took minutes at M scale; here a set look-up.
    owned = {plan for plan, owner in ctx.select("plans", ordered=False).values("plan", "owner") if owner}
    findings = []
    for element, kind in ctx.select("missing-owner", ordered=False).values("element", "type"):
        if kind == SA + "Goal":
            if owned and not owned.isdisjoint(ctx.plans_of.get(element, ())):
                continue
            findings.append(ctx.finding("missing-owner", [element], element=words["the_goal"]))
        else:
            findings.append(ctx.finding("missing-owner", [element], element=words["the_initiative"]))
    return findings


MISSING_OWNER = Kind(
    "missing-owner",
    "coverage",
    "info",
    missing_owner,
    title={
        "da": ("indsats eller mål uden ejer", "indsatser og mål uden ejer"),
        "en": ("initiative or goal without owner", "initiatives and goals without owner"),
    },
    rule_title={"da": "En indsats eller et mål uden ejer", "en": "An initiative or a goal without an owner"},
    message={
        "da": "{element} {a} har ingen ejer.",
        "en": "{element} {a} has no owner.",
    },
    query="missing-owner",
    subjects="the initiative or the goal",
    decisions={
        "en": (
            "An initiative needs an owner of its own.",
            "A goal has an owner when it names one, when it is delegated (the body it is delegated to answers for it), "
            "or when a plan that lists it, or lists a goal it contributes to, has an owner.",
        ),
        "da": (
            "En indsats skal have sin egen ejer.",
            "Et mål har en ejer, når det selv nævner en, når det er overdraget (den, det er overdraget til, svarer for "
            "det), eller når en plan, der har det med eller har et mål, det bidrager til, har en ejer.",
        ),
    },
)


def unverified_delegation(ctx: Context) -> list[Finding]:
    return [
        ctx.finding(
            "unverified-delegation",
            [goal, plan],
            plans=ctx.plans([goal]) | {plan},
            a=ctx.quote(goal),
            b=ctx.quote(plan),
        )
        for goal, plan in ctx.select("unverified-delegation", ordered=False).values("goal", "plan")
    ]


UNVERIFIED_DELEGATION = Kind(
    "unverified-delegation",
    "coverage",
    "info",
    unverified_delegation,
    title={
        "da": ("ubekræftet overdragelse", "ubekræftede overdragelser"),
        "en": ("unverified delegation", "unverified delegations"),
    },
    rule_title={
        "da": "Et mål overdraget til en plan, der ikke har det med",
        "en": "A goal delegated to a plan that does not take it up",
    },
    message={
        "da": "Målet {a} er overdraget til {b}, men {b} har det ikke med og dækker det ikke: "
        "skriv målet ind i {b}, eller giv det en indsats dér.",
        "en": "The goal {a} is delegated to {b}, but {b} neither lists nor covers it: "
        "add the goal to {b}, or give it an initiative there.",
    },
    query="unverified-delegation",
    subjects="the goal and the plan it is delegated to",
    decisions={
        "en": (
            "A plan covers a goal when one of its goals or initiatives (cancelled ones aside) contributes to it, "
            "directly or through a chain; a goal delegated to an actor, not a plan, is not checked.",
        ),
        "da": (
            "En plan dækker et mål, når et af dens mål eller indsatser (bortset fra aflyste) bidrager til det, "
            "direkte eller gennem en kæde; et mål overdraget til en aktør, ikke en plan, kontrolleres ikke.",
        ),
    },
)

#: The kinds of this family, in the order of the findings.
#: (unverified-delegation, declared later, goes after the first contract's kinds: their order stays the findings' order)
DECLARED: tuple[Kind, ...] = (
    UNCOVERED_GOAL,
    DELEGATED_GOAL,
    UNMEASURED_GOAL,
    ORPHAN_INITIATIVE,
    UNANCHORED_STRATEGY,
    MISSING_BASELINE,
    MISSING_OWNER,
    UNVERIFIED_DELEGATION,
)
