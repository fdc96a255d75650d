"""Conflicts: targets, directions, declared trade-offs, owners, timelines and visions that do not agree."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ontology import (
    SA,
    format_number,  # how a number is written in each language (ontology/words.py)
)

from ..findings import Finding, Kind
from ..messages import INFLUENCE_WORDS, TEXT

if TYPE_CHECKING:  # the rules get a Context; this module is imported before it (the kinds are read early)
    from ..context import Context

__all__ = [
    "DECLARED",
    "target_conflict",
    "direction_conflict",
    "negative_contribution",
    "goal_conflict",
    "owner_conflict",
    "timeline_conflict",
    "vision_mismatch",
    "invalid_period",
    "format_number",
]


def _target(ctx: Context, value: str | None, year: str | None) -> str:
    number = format_number(value, ctx.lang) if value is not None else "?"
    return f"{number} ({year})" if year else f"{number} ({TEXT[ctx.lang]['no_year']})"


def target_conflict(ctx: Context) -> list[Finding]:
    rows = ctx.select("target-conflict", ordered=False).values(
        "goalA", "goalB", "indicator", "valueA", "yearA", "valueB", "yearB"
    )
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
        findings.append(
            ctx.finding(
                "target-conflict",
                [goal_a, goal_b],
                indicator=ctx.quote(indicator),
                target_a=_target(ctx, value_a, year_a or None),
                target_b=_target(ctx, value_b, year_b or None),
            )
        )
    return findings


TARGET_CONFLICT = Kind(
    "target-conflict",
    "conflict",
    "error",
    target_conflict,
    title={"da": ("modstridende måltal", "modstridende måltal"), "en": ("conflicting targets", "conflicting targets")},
    rule_title={"da": "Forskellige mål for samme indikator", "en": "Different targets for one indicator"},
    message={
        "da": "Forskellige mål for indikatoren {indicator}: {a} sigter mod {target_a}, {b} mod {target_b}.",
        "en": "Different targets for the indicator {indicator}: {a} aims at {target_a}, {b} at {target_b}.",
    },
    query="target-conflict",
    subjects="the two goals (one goal, when two of its own targets conflict)",
    decisions={
        "en": (
            "Two targets on one indicator conflict when their values differ, or when both have values and only one "
            "names a year or the years differ.",
            "Within one goal, a later target further in the goal's direction (26 % in 2025, 30 % in 2030) is a "
            "trajectory, not a conflict.",
        ),
        "da": (
            "To måltal på én indikator er i konflikt, når deres værdier er forskellige, eller når begge har en værdi "
            "og kun det ene har et år, eller årene er forskellige.",
            "Inden for ét mål er et senere måltal længere i målets retning (26 % i 2025, 30 % i 2030) en trinvis vej, "
            "ikke en konflikt.",
        ),
    },
)


def _numeric(lexical: str | None) -> tuple:
    """A sort key by number (120000, 120000.0 and 1.2E5 alike), anything else after the numbers."""
    try:
        number = Decimal(lexical) if lexical is not None else None
    except InvalidOperation:
        number = None
    return (0, number) if number is not None and number.is_finite() else (1, 0)


def direction_conflict(ctx: Context) -> list[Finding]:
    # Rows are (raising goal, lowering goal) or (moving goal, level goal): one finding per pair of
    # goals, on its least indicator, up against down before a level target on the same indicator.
    seen: dict[tuple[str, str], tuple[str, int, str]] = {}
    rows = ctx.select("direction-conflict", ordered=False).values(
        "goalA", "goalB", "indicator", "directionA", "directionB"
    )
    for goal_a, goal_b, indicator, direction_a, direction_b in rows:
        pair = (goal_a, goal_b) if goal_a <= goal_b else (goal_b, goal_a)
        clash = _CLASHES[(direction_a, direction_b)]
        key = (indicator, clash[0], clash[1])
        if pair not in seen or key < seen[pair]:
            seen[pair] = key
    words = TEXT[ctx.lang]
    return [
        ctx.finding("direction-conflict", [a, b], indicator=ctx.quote(i), directions=words[word])
        for (a, b), (i, _, word) in seen.items()
    ]


#: (direction of goal A, of goal B) → (rank, the words for the two directions)
_CLASHES = {
    (SA + "Increase", SA + "Decrease"): (0, "up_and_down"),
    (SA + "Increase", SA + "Maintain"): (1, "up_and_level"),
    (SA + "Decrease", SA + "Maintain"): (1, "down_and_level"),
}


DIRECTION_CONFLICT = Kind(
    "direction-conflict",
    "conflict",
    "error",
    direction_conflict,
    title={"da": ("modsat retning", "modsatte retninger"), "en": ("opposite direction", "opposite directions")},
    rule_title={
        "da": "Mål, der trækker en indikator i hver sin retning",
        "en": "Goals pulling one indicator in opposite directions",
    },
    message={
        "da": "Målene {a} og {b} trækker indikatoren {indicator} i hver sin retning ({directions}).",
        "en": "The goals {a} and {b} pull the indicator {indicator} in opposite directions ({directions}).",
    },
    query="direction-conflict",
    subjects="the two goals",
    decisions={
        "en": (
            "A target to maintain an indicator (keep it level) conflicts with a target to increase or decrease it: "
            "the message says which (up and held level, down and held level).",
        ),
        "da": (
            "Et måltal om at fastholde en indikator (holde den uændret) er i konflikt med et måltal om at øge eller "
            "mindske den: meddelelsen siger hvilket (op og uændret, ned og uændret).",
        ),
    },
)


def negative_contribution(ctx: Context) -> list[Finding]:
    """One finding per (element, goal): a sa:hinders link (score null, as before influences existed) or a
    negative sa:Influence (score = its strength, the most negative when several; the message says what to do).

    The rows are those of the kind's named query, ``negative-contribution``, computed from the run's
    influence edges (:attr:`Context.influence_edges`, read once for this rule and the influence
    section) and the ``hinders-links`` query: at national scale with ten scored influences per goal
    the named query's own 113,547 rows cost 2.7 s beside an edge list already read
    (``tests/test_influence_network.py`` holds the two equal).
    """
    strength: dict[tuple[str, str], int | None] = {}
    for element, goal in ctx.select("hinders-links", ordered=False).values("element", "goal"):
        if element is not None and goal is not None:
            strength[element, goal] = None
    for edge in ctx.influence_edges:
        if edge.source == "influence" and edge.strength < 0:
            key = (edge.influencer, edge.influenced)
            known = strength.get(key)
            strength[key] = edge.strength if known is None else min(known, edge.strength)
    words = INFLUENCE_WORDS[ctx.lang]
    out = []
    for (element, goal), score in sorted(strength.items()):
        a, b = ctx.quote(element), ctx.quote(goal)
        how = ""
        if score is not None:
            how = words["advice"].format(strength=format_number(str(score), ctx.lang), word=words[str(score)], a=a)
        out.append(ctx.finding("negative-contribution", [element, goal], score=score, a=a, b=b, how=how))
    return out


NEGATIVE_CONTRIBUTION = Kind(
    "negative-contribution",
    "conflict",
    "warning",
    negative_contribution,
    title={
        # the subject may be a goal as well (sa:hinders, a negative sa:Influence): the title says both
        "da": ("modarbejdende indsats eller mål", "modarbejdende indsatser eller mål"),
        "en": ("initiative or goal working against a goal", "initiatives or goals working against goals"),
    },
    rule_title={
        "da": "En indsats eller et mål, der modarbejder et mål",
        "en": "An initiative or goal working against a goal",
    },
    message={
        "da": "{a} modarbejder målet {b}.{how}",
        "en": "{a} works against the goal {b}.{how}",
    },
    query="negative-contribution",
    subjects="the initiative or goal that works against the goal, and that goal",
    decisions={
        "en": (
            "Also fires for an sa:Influence of negative strength (-1 constraining, -2 counteracting, -3 cancelling); "
            "score = the strength (the most negative when several score the pair), null for an sa:hinders link "
            "alone; one finding per element and goal, whichever says it.",
        ),
        "da": (
            "Finder også en sa:Influence med negativ styrke (-1 begrænsende, -2 modvirkende, -3 ophævende); "
            "score = styrken (den mest negative, når flere scorer parret), null for en sa:hinders-forbindelse "
            "alene; ét fund pr. element og mål, uanset hvad der siger det.",
        ),
    },
)


def _pairs(rows) -> list[tuple[str, str]]:
    """Each unordered pair once, in order: a query gives a pair with a blank node both ways."""
    return sorted({(a, b) if a <= b else (b, a) for a, b in rows})


def goal_conflict(ctx: Context) -> list[Finding]:
    return [
        ctx.finding("goal-conflict", [a, b]) for a, b in _pairs(ctx.select("goal-conflict").values("goalA", "goalB"))
    ]


GOAL_CONFLICT = Kind(
    "goal-conflict",
    "conflict",
    "warning",
    goal_conflict,
    title={
        "da": ("erklæret målkonflikt", "erklærede målkonflikter"),
        "en": ("declared goal conflict", "declared goal conflicts"),
    },
    rule_title={"da": "Mål, der er erklæret i konflikt", "en": "Goals declared in conflict"},
    message={
        "da": "Målene {a} og {b} er erklæret i konflikt (afvejning): beslut prioriteten.",
        "en": "The goals {a} and {b} are declared in conflict (a trade-off): decide the priority.",
    },
    query="goal-conflict",
    subjects="the two goals",
)


#: The decision shared-goal, shared-initiative and owner-conflict take: what is listed again down
#: a ``sa:realizes`` line is passed on, not shared.
CASCADING = {
    "en": (
        "A vision and a strategy that realizes it listing the same element is cascading, not sharing: not reported.",
    ),
    "da": (
        "En vision og en strategi, der realiserer den, som har samme element, er en kaskade, ikke deling: det meldes ikke.",
    ),
}


def owner_conflict(ctx: Context) -> list[Finding]:
    owners: dict[str, set[str]] = defaultdict(set)
    shared = set(ctx.shared("shared-goal")).union(ctx.shared("shared-initiative"))
    for element, owner in ctx.select("owner-conflict", ordered=False).values("element", "owner"):
        if element in shared:
            owners[element].add(owner)
    findings = []
    for element, found in owners.items():
        if len(found) > 1:
            names = sorted(ctx.quote(o) for o in found)
            findings.append(ctx.finding("owner-conflict", [element], count=str(len(names)), owners=", ".join(names)))
    return findings


OWNER_CONFLICT = Kind(
    "owner-conflict",
    "conflict",
    "warning",
    owner_conflict,
    title={"da": ("flere ejere", "flere ejere"), "en": ("several owners", "several owners")},
    rule_title={"da": "Et delt element med flere ejere", "en": "A shared element with several owners"},
    message={
        "da": "{a} deles af flere planer og har {count} forskellige ejere ({owners}): aftal én ansvarlig.",
        "en": "{a} is shared by several plans and has {count} different owners ({owners}): agree on one owner.",
    },
    query="owner-conflict",
    subjects="the shared goal or initiative",
    decisions={
        "en": (
            CASCADING["en"][0],
            "The owners are the element's own, or, where it has none, the owners of the plans that list it.",
        ),
        "da": (
            CASCADING["da"][0],
            "Ejerne er elementets egne, eller, hvor det ingen har, ejerne af de planer, der har det med.",
        ),
    },
)


def timeline_conflict(ctx: Context) -> list[Finding]:
    words = TEXT[ctx.lang]
    findings = []
    for initiative, other, end, year in ctx.select("timeline-conflict").values(
        "initiative", "other", "initiativeEnd", "otherYear"
    ):
        is_plan = other in ctx.plan_types
        what = words["plan_end" if is_plan else "target_year"].format(plan=ctx.quote(other), goal=ctx.quote(other))
        findings.append(
            ctx.finding("timeline-conflict", [initiative, other], a=ctx.quote(initiative), b=what, end=end, year=year)
        )
    return findings


TIMELINE_CONFLICT = Kind(
    "timeline-conflict",
    "conflict",
    "warning",
    timeline_conflict,
    title={
        "da": ("tidsplan ud over målåret", "tidsplaner ud over målåret"),
        "en": ("timeline past the target year", "timelines past the target year"),
    },
    rule_title={
        "da": "En indsats, der slutter efter målåret eller planens slutning",
        "en": "An initiative ending after its target year or plan",
    },
    message={
        "da": "Indsatsen {a} slutter {end}, efter {b} ({year}).",
        "en": "The initiative {a} ends in {end}, after {b} ({year}).",
    },
    query="timeline-conflict",
    subjects="the initiative, and the goal or plan it outlasts",
    decisions={
        "en": (
            "Years are compared, so an initiative ending within the target year is fine.",
            "A goal with several target years is judged by its last: an earlier one is a milestone on the way.",
        ),
        "da": (
            "Årene sammenlignes, så en indsats, der slutter i målåret, er i orden.",
            "Et mål med flere målår vurderes på det sidste: et tidligere er en milepæl på vejen.",
        ),
    },
)


def vision_mismatch(ctx: Context) -> list[Finding]:
    share = ctx.realizes.share_a_vision
    rows = [
        (a, b)
        for a, b in _pairs(ctx.select("vision-mismatch", ordered=False).values("planA", "planB"))
        if not share((a, b))
    ]
    return [ctx.finding("vision-mismatch", [a, b], plans=[a, b], a=ctx.quote(a), b=ctx.quote(b)) for a, b in rows]


VISION_MISMATCH = Kind(
    "vision-mismatch",
    "conflict",
    "warning",
    vision_mismatch,
    title={"da": ("ingen fælles vision", "ingen fælles vision"), "en": ("no common vision", "no common vision")},
    rule_title={
        "da": "Planer, der deler elementer uden fælles vision",
        "en": "Plans sharing elements without a common vision",
    },
    message={
        "da": "{a} og {b} deler mål eller indsatser, men realiserer ingen fælles vision.",
        "en": "{a} and {b} share goals or initiatives but realize no common vision.",
    },
    query="vision-mismatch",
    subjects="the two plans (they are its plans too)",
    decisions={
        "en": (
            "Two plans sharing a goal or initiative are reported when no vision is, or is realized by, both (so Vision "
            "2020 and a growth strategy that does not realize it).",
        ),
        "da": (
            "To planer, der deler et mål eller en indsats, meldes, når ingen vision er eller realiseres af dem begge "
            "(så Vision 2020 og en vækststrategi, der ikke realiserer den).",
        ),
    },
)


def invalid_period(ctx: Context) -> list[Finding]:
    # One finding per element: an element with two starts or ends shows the first reversed pair.
    seen: dict[str, tuple[str, str]] = {}
    for element, start, end in ctx.select("invalid-period").values("element", "start", "end"):
        seen.setdefault(element, (start, end))
    return [ctx.finding("invalid-period", [e], a=ctx.quote(e), start=s, end=t) for e, (s, t) in seen.items()]


INVALID_PERIOD = Kind(
    "invalid-period",
    "conflict",
    "error",
    invalid_period,
    title={
        "da": ("ugyldig periode", "ugyldige perioder"),
        "en": ("period ending before it starts", "periods ending before they start"),
    },
    rule_title={"da": "En periode, der slutter, før den begynder", "en": "A period that ends before it starts"},
    message={
        "da": "{a} slutter ({end}), før den begynder ({start}): ret start eller slut.",
        "en": "{a} ends ({end}) before it starts ({start}): correct the start or the end.",
    },
    query="invalid-period",
    subjects="the vision, strategy, plan or initiative",
    decisions={
        "en": (
            "Visions, strategies, plans and initiatives are checked. Two dates compare as dates, otherwise the years "
            "(start 2020, end 2020-03-01 is fine).",
        ),
        "da": (
            "Visioner, strategier, planer og indsatser tjekkes. To datoer sammenlignes som datoer, ellers årene "
            "(start 2020, slut 2020-03-01 er i orden).",
        ),
    },
)

#: The kinds of this family, in the order of the findings.
DECLARED: tuple[Kind, ...] = (
    TARGET_CONFLICT,
    DIRECTION_CONFLICT,
    NEGATIVE_CONTRIBUTION,
    GOAL_CONFLICT,
    OWNER_CONFLICT,
    TIMELINE_CONFLICT,
    VISION_MISMATCH,
    INVALID_PERIOD,
)
