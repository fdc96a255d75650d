"""Progress: targets that contradict their own indicator, and indicators nobody has measured lately."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ontology import (
    DIRECTION_WORDS,  # a target's direction in each language (ontology/words.py)
    SA,
    format_number,
    format_time,
    percent,
)

from ..findings import Finding, Kind
from ..messages import TEXT

if TYPE_CHECKING:  # the rules get a Context; this module is imported before it (the kinds are read early)
    from ..context import Context

__all__ = ["DECLARED", "off_track_goal", "implausible_target", "stale_indicator", "analysis_year", "year_of"]


def year_of(lexical: str | None) -> int | None:
    """The year of a year or a date literal (``2019``, ``2019-04-01``, ``2019Z``), or None.

    >>> year_of("2019"), year_of("2019-04-01"), year_of("19"), year_of(None)
    (2019, 2019, None, None)
    """
    if not lexical:
        return None
    head = lexical.strip()[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def _number(lexical: str | None) -> Decimal | None:
    try:
        number = Decimal(lexical) if lexical is not None else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def implausible_target(ctx: Context) -> list[Finding]:
    rows = ctx.select("implausible-target", ordered=False).values(
        "goal", "indicator", "value", "year", "direction", "baseline", "baselineYear"
    )
    words = TEXT[ctx.lang]
    problems: dict[str, set[str]] = defaultdict(set)
    for goal, indicator, value, year, direction, baseline, baseline_year in rows:
        found = []
        target_year, base_year = year_of(year), year_of(baseline_year)
        if target_year is not None and base_year is not None and target_year <= base_year:
            found.append(words["year_not_after"].format(year=target_year, baseline_year=base_year))
        target, base = _number(value), _number(baseline)
        if target is not None and base is not None and direction == SA + "Maintain":
            # a level to hold that the baseline is outside of: "fastholde 60" from 50 is an increase
            if abs(target - base) > Decimal(repr(ctx.config.tolerance)) * abs(target):  # exact: decimals
                found.append(
                    words["maintain_away"].format(
                        target=format_number(value or "", ctx.lang), baseline=format_number(baseline or "", ctx.lang)
                    )
                )
        elif target is not None and base is not None:
            numbers = {
                "target": format_number(value or "", ctx.lang),
                "baseline": format_number(baseline or "", ctx.lang),
            }
            sign = _SIGN.get(direction or "")
            if target == base:
                found.append(words["met_at_baseline"].format(**numbers))
            elif sign is not None and sign * (target - base) < 0:
                way = DIRECTION_WORDS[ctx.lang][(direction or "").rsplit("#", 1)[-1].lower()]
                found.append(words["wrong_side"].format(direction=way, **numbers))
        problems[goal].update(f"{ctx.quote(indicator)}: {problem}" for problem in found)
    return [
        ctx.finding("implausible-target", [goal], problems="; ".join(sorted(found)))
        for goal, found in problems.items()
        if found
    ]


#: which way a target's value should lie from its baseline
_SIGN = {SA + "Increase": 1, SA + "Decrease": -1}


IMPLAUSIBLE_TARGET = Kind(
    "implausible-target",
    "progress",
    "warning",
    implausible_target,
    title={"da": ("utroværdigt måltal", "utroværdige måltal"), "en": ("implausible target", "implausible targets")},
    rule_title={
        "da": "Et måltal, der modsiger sin egen indikator",
        "en": "A target that contradicts its own indicator",
    },
    message={
        "da": "Målet {a} har et måltal, der modsiger sin indikator ({problems}): ret måltallet, dets år eller retning, "
        "eller indikatorens baseline.",
        "en": "The goal {a} has a target that contradicts its indicator ({problems}): correct the target, its year or "
        "direction, or the indicator's baseline.",
    },
    query="implausible-target",
    subjects="the goal",
    decisions={
        "en": (
            "A target is compared with its indicator's baseline: met at the baseline (the same value), on the wrong side "
            "of it (an increase target below it, a decrease target above it), or a target year not after the baseline "
            "year. A maintain target at its baseline is plausible; one whose baseline lies outside its tolerance band "
            "([progress] tolerance of the target's value) says to hold a level the indicator is not at. A target without "
            "a direction is judged only on being met at the baseline and on its year.",
            "One finding per goal, naming each of its targets' problems.",
        ),
        "da": (
            "Et måltal sammenlignes med indikatorens baseline: allerede nået ved baseline (samme værdi), på den forkerte "
            "side af den (et mål om at øge under den, et mål om at mindske over den), eller et målår, der ikke ligger "
            "efter baseline-året. Et mål om at fastholde baseline er troværdigt; et mål om at fastholde en værdi, som "
            "baseline ligger uden for toleransen af ([progress] tolerance af måltallet), siger at holde et niveau, "
            "indikatoren ikke er på. Et måltal uden retning vurderes kun på, om det er nået ved baseline, og på sit år.",
            "Ét fund pr. mål, der nævner hvert af dets måltals problemer.",
        ),
    },
)


def analysis_year(ctx: Context) -> int:
    """The year an analysis looks from: ``--as-of``, else the current year."""
    return ctx.config.as_of if ctx.config.as_of is not None else datetime.date.today().year


def stale_indicator(ctx: Context) -> list[Finding]:
    latest: dict[str, int] = {}
    for indicator, time in ctx.select("stale-indicator", ordered=False).values("indicator", "time"):
        year = year_of(time)
        if year is not None and year > latest.get(indicator, year - 1):
            latest[indicator] = year
    as_of, limit = analysis_year(ctx), ctx.config.stale_years
    stale = {indicator: year for indicator, year in latest.items() if as_of - year > limit}
    if not stale:
        return []
    # An indicator's plans are the plans of the goals it measures.
    goals_of: dict[str, set[str]] = defaultdict(set)
    for goal, indicator in ctx.select("indicator-uses", ordered=False).values("goal", "indicator"):
        if indicator in stale:
            goals_of[indicator].add(goal)
    return [
        ctx.finding(
            "stale-indicator",
            [indicator],
            plans=ctx.plans(goals_of[indicator]),
            latest=str(year),
            age=str(as_of - year),
            as_of=str(as_of),
            limit=str(limit),
        )
        for indicator, year in stale.items()
    ]


STALE_INDICATOR = Kind(
    "stale-indicator",
    "progress",
    "info",
    stale_indicator,
    title={"da": ("forældet indikator", "forældede indikatorer"), "en": ("stale indicator", "stale indicators")},
    rule_title={"da": "En indikator, der ikke er målt i flere år", "en": "An indicator not measured for years"},
    message={
        "da": "Indikatoren {a} blev sidst målt i {latest}, {age} år før {as_of} (mere end {limit}): "
        "tilføj en nyere måling, så fremdriften kan følges.",
        "en": "The indicator {a} was last measured in {latest}, {age} years before {as_of} (more than {limit}): "
        "add a newer observation so that progress can be followed.",
    },
    query="stale-indicator",
    subjects="the indicator (its plans are those of the goals it measures)",
    decisions={
        "en": (
            "Only indicators a target is set on are checked; the latest observation is the latest year of sa:actualYear "
            "and of the observations' sa:observedYear or sa:observedDate. An indicator with no dated observation is not "
            "stale (it has no data at all).",
            "The analysis year is --as-of YEAR, else the current year; the allowed age is [progress] stale_years in "
            "stratalign.toml (default 2).",
        ),
        "da": (
            "Kun indikatorer, som et måltal er sat på, kontrolleres; den seneste måling er det seneste år af sa:actualYear "
            "og af målingernes sa:observedYear eller sa:observedDate. En indikator uden daterede målinger er ikke forældet "
            "(den har slet ingen data).",
            "Analyseåret er --as-of ÅR, ellers det aktuelle år; den tilladte alder er [progress] stale_years i "
            "stratalign.toml (standard 2).",
        ),
    },
)


def _when(time: str | None, words: dict[str, str], lang: str) -> str:
    """ "i 2023", or "pr. 1.4.2024" for a date (a Danish sentence read "118.100 i 2024-04-01")."""
    if not time:
        return words["in_year"].format(year="?")
    if len(time) > 4 and "-" in time[1:]:
        return words["on_date"].format(date=format_time(time, lang))
    return words["in_year"].format(year=time)


def off_track_goal(ctx: Context) -> list[Finding]:
    from ..progress import target_statuses  # the progress roll-up imports the analysis' context: loaded when run

    off: dict[str, list] = defaultdict(list)
    for target in target_statuses(ctx).values():
        if target.status in ("off-track", "behind"):
            off[target.goal].append(target)
    words = TEXT[ctx.lang]
    findings = []
    for goal, targets in off.items():
        parts = []
        for target in sorted(targets, key=lambda t: t.iri):
            latest = target.latest
            parts.append(
                words["moved_against" if target.status == "off-track" else "behind_path"].format(
                    indicator=ctx.quote(target.indicator),
                    latest=format_number(repr(latest.value), ctx.lang) if latest is not None else "?",
                    time=_when(latest.time if latest is not None else None, words, ctx.lang),
                    # the target as conflicts write it: "120.000 (2020)", or "(uden år)" without a year
                    target=f"{format_number(repr(target.value), ctx.lang) if target.value is not None else '?'} "
                    f"({target.year or words['no_year']})",
                    share=percent(target.progress) if target.progress is not None else "?",
                )
            )
        scores = [t.progress for t in targets if t.progress is not None]
        findings.append(
            ctx.finding("off-track-goal", [goal], score=min(scores) if scores else None, details="; ".join(parts))
        )
    return findings


OFF_TRACK_GOAL = Kind(
    "off-track-goal",
    "progress",
    "warning",
    off_track_goal,
    title={"da": ("mål ude af kurs", "mål ude af kurs"), "en": ("off-track goal", "off-track goals")},
    rule_title={
        "da": "Et mål, hvis indikator er bagud eller går den forkerte vej",
        "en": "A goal whose indicator is behind or moving the wrong way",
    },
    message={
        "da": "Målet {a} er ude af kurs: {details}. Sæt flere eller andre indsatser ind, eller revidér måltallet og begrund det.",
        "en": "The goal {a} is off track: {details}. Put in more or other initiatives, or revise the target and say why.",
    },
    query="progress-targets",
    subjects="the goal (score: the share of the distance covered, negative when it moved against the target)",
    decisions={
        "en": (
            "A goal is off track when one of its own targets is off track (its latest observation moved against the "
            "target's direction) or behind (short of the straight path from the baseline to the target by more than "
            "[progress] tolerance, default 10 % of the distance); a sub-goal's targets count for the sub-goal.",
            "The score is the least share of the distance covered among those targets.",
        ),
        "da": (
            "Et mål er ude af kurs, når et af dets egne måltal er gået den forkerte vej (den seneste måling er flyttet mod "
            "målets retning) eller er bagud (længere fra den lige vej fra baseline til målet end [progress] tolerance, "
            "standard 10 % af afstanden); et delmåls måltal tæller for delmålet.",
            "Scoren er den mindste andel af afstanden, der er tilbagelagt, blandt de måltal.",
        ),
    },
)

#: The kinds of this family, in the order of the findings.
DECLARED: tuple[Kind, ...] = (OFF_TRACK_GOAL, IMPLAUSIBLE_TARGET, STALE_INDICATOR)
