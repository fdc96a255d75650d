"""Progress roll-up: initiative status and indicator actuals, rolled up to goals, plans and the vision.

Two measures, each a share:

* **completed share** (0 to 1) — completed initiatives out of the initiatives that
  count: every initiative reaching the goal through ``sa:contributesTo``
  chains (for a plan: also every initiative it lists), except cancelled ones
  (they cover nothing). An initiative with no status counts, as not completed.
* **target progress** — for each target with a value whose indicator has an
  actual value (``sa:actualValue``): the share of the distance from the
  baseline to the target that the actual value has covered, between −1 and 1
  and direction-aware. **Negative means it moved against the target's
  direction**: such a target is never counted as reached, whatever side of
  the target it ends on.

  - ``increase``: (actual − baseline) / (target − baseline), at most 1 (an
    overshoot is reached); ``decrease`` mirrored;
  - a target at or behind its baseline for its direction (met before anything
    was done): 1 while the value has not moved against the direction, else
    the move against it as a share of |target − baseline|, negative;
  - ``maintain``: the share of the gap |baseline − target| closed,
    1 − |actual − target| / |baseline − target|: 0 at the baseline, 1 at the
    target, negative further from it than the baseline was. At a baseline
    equal to the target any move is against it: 1 only while held exactly,
    else −|actual − target| / |target|;
  - no direction: taken from the sign of target − baseline;
  - no baseline: 1 when the actual value has reached the target (for
    ``maintain``: 1 − |actual − target| / |target|), else unknown.

  Integers, decimals and doubles are the same numbers (120000 = 120000.0).

* **status** (:mod:`.trajectory`) — each target's latest observation (``sa:hasObservation``,
  ``sa:actualValue`` with ``sa:actualYear`` counting as one) against the straight path from
  the baseline to the target: reached, on-track, behind, off-track (moved against the
  direction) or no-data, with ``[progress] tolerance`` (default 0.1 of the distance). A goal
  takes the worst status of its own targets and its sub-goals' (so a goal whose indicator
  moved against its target is never reached or on track); a plan the worst of its goals'
  targets, and a vision also of the strategies that realize it. Every measured target counts
  once per goal or plan, with its ``weight`` (``sa:weight``, default 1) in ``on_track_share``:
  the weighted share of the measured targets that are reached or on track.

  A goal's target progress is the mean over its own targets and those of
  its sub-goals; a plan's over the targets of its goals; a vision's also over
  the goals of the strategies that realize it.

>>> from ontology.loaders import load_model
>>> data = progress(load_model(["tests/data/progress/progress.yaml"]))
>>> data["total"]["completed_share"], data["total"]["by_status"]["completed"]
(0.5, 2)
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import AbstractSet as Set
from typing import Any, Collection, Iterable, Mapping

from ontology import SA, XSD, Model, SparqlStore, counted, one_line, percent, well_formed

from .config import Config
from .context import Context
from .messages import PROGRESS_WORDS
from .trajectory import DEFAULT_TOLERANCE, Observation, latest, status_of, worst, year_of
from .trajectory import STATUSES as TARGET_STATUSES

__all__ = ["progress", "target_progress", "target_statuses", "format_progress", "STATUSES"]

STATUSES = ("planned", "ongoing", "completed", "cancelled", "unknown")
_STATUS = {
    SA + "Planned": "planned",
    SA + "Ongoing": "ongoing",
    SA + "Completed": "completed",
    SA + "Cancelled": "cancelled",
}
_DIRECTION = {SA + "Increase": "increase", SA + "Decrease": "decrease", SA + "Maintain": "maintain"}


def _float(text: str | None) -> float | None:
    # Only a number as XSD writes it: Python's float() also takes "1_00" and " 120 ", which the store (and
    # so every rule) reads as no value; progress read them as 100 and 120 (a goal "reached" on no value)
    if text is None or not well_formed(text, XSD + "double"):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    # "INF"^^xsd:double, NaN or 1e400 measure nothing (and JSON has no Infinity): like a non-number
    return value if math.isfinite(value) else None


def _share(x: float) -> float:
    return round(max(-1.0, min(1.0, x)), 3) + 0.0  # + 0.0: a tiny move back is 0.0, not -0.0


def target_progress(
    baseline: float | None, actual: float | None, target: float | None, direction: str | None
) -> float | None:
    """The share of the distance from ``baseline`` to ``target`` that ``actual`` has covered (−1 to 1), or None when it cannot be told.

    Negative when the value moved against ``direction``: such a target is never reached.

    >>> target_progress(100, 150, 200, "increase"), target_progress(100, 80, 50, "decrease")
    (0.5, 0.4)
    >>> target_progress(100, 90, 200, "increase")
    -0.1
    >>> target_progress(100, 90, 80, "increase")  # met at the baseline, then moved the wrong way
    -0.5
    >>> target_progress(None, 210, 200, "increase"), target_progress(None, 150, 200, "increase")
    (1.0, None)
    """
    if target is None or actual is None:
        return None
    if direction is None and baseline is not None:
        direction = "increase" if target > baseline else "decrease" if target < baseline else "maintain"
    if direction == "maintain":
        gap = abs(baseline - target) if baseline is not None else 0.0
        if gap:
            return _share(1 - abs(actual - target) / gap)
        if actual == target:
            return 1.0
        scale = abs(target) or abs(actual)
        # held at the baseline, any move is against it; without a baseline, how close it stays
        return _share(-abs(actual - target) / scale if baseline is not None else 1 - abs(actual - target) / scale)
    sign = -1.0 if direction == "decrease" else 1.0
    if baseline is None:
        return 1.0 if sign * (actual - target) >= 0 else None
    moved = sign * (actual - baseline)  # how far it went in the target's direction
    needed = sign * (target - baseline)
    if moved < 0:  # against the direction: never reached, wherever the target lies
        scale = abs(target - baseline) or abs(target) or abs(actual - baseline)
        return _share(moved / scale)
    if needed <= 0:  # the target was met at the baseline, and the value has not moved back
        return 1.0
    return _share(moved / needed)


@dataclass
class _Target:
    iri: str
    goal: str
    indicator: str
    value: float | None
    year: str | None
    direction: str | None
    baseline: float | None
    baseline_year: str | None
    actual: float | None
    actual_year: str | None
    observations: list[Observation]
    tolerance: float = DEFAULT_TOLERANCE
    weight: float = 1.0

    progress: float | None = None
    status: str = "no-data"
    latest: Observation | None = None
    #: the start of the path the status is judged against: the baseline, or the earliest observation standing in
    path_baseline: float | None = None
    path_baseline_year: int | None = None

    def __post_init__(self) -> None:
        series = list(self.observations)
        if self.actual is not None and not any(o.time == self.actual_year and o.value == self.actual for o in series):
            series.append(Observation(self.actual, self.actual_year))  # sa:actualValue reads as one observation
        baseline, baseline_year = self.baseline, year_of(self.baseline_year)
        if baseline is not None and baseline_year is not None:
            # a value measured before the baseline says nothing of the way since: 90 in 2017 against a
            # baseline of 100 in 2019 read as "moved the wrong way" (off track, -10 %)
            series = [o for o in series if (at := year_of(o.time)) is None or at >= baseline_year]
        self.latest = latest(series)
        if baseline is None and len(series) > 1:
            first = min(
                (o for o in series if year_of(o.time) is not None),
                key=lambda o: (year_of(o.time), o.time or ""),
                default=None,
            )
            if first is not None and first is not self.latest:
                baseline, baseline_year = first.value, year_of(first.time)  # the earliest observation stands in
        now = self.latest.value if self.latest is not None else None
        self.path_baseline, self.path_baseline_year = baseline, baseline_year
        self.progress = target_progress(baseline, now, self.value, self.direction)
        self.status = status_of(
            baseline,
            baseline_year,
            self.value,
            year_of(self.year),
            self.direction,
            now,
            year_of(self.latest.time) if self.latest is not None else None,
            self.tolerance,
        )

    def details(self, ctx: Context, lang: str) -> dict[str, Any]:
        return {
            "target": self.iri,
            "goal": self.goal,
            "indicator": self.indicator,
            "indicator_label": ctx.labels.get(self.indicator, lang),
            "baseline": self.baseline,
            "baseline_year": self.baseline_year,
            # the start of the path the status was judged against (the earliest observation without a baseline)
            "path_baseline": self.path_baseline,
            "path_baseline_year": self.path_baseline_year,
            "actual": self.actual,
            "actual_year": self.actual_year,
            "value": self.value,
            "year": self.year,
            "direction": self.direction,
            "progress": self.progress,
            "status": self.status,
            "latest": self.latest.value if self.latest is not None else None,
            "latest_time": self.latest.time if self.latest is not None else None,
            "observations": len(self.observations),
            "weight": self.weight,
        }


def _context(source: Context | Model | SparqlStore, lang: str) -> Context:
    if isinstance(source, Context):
        return source
    store = source.store if isinstance(source, Model) else source
    return Context.build(store, Config(), lang)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


_NO_COUNTS = dict.fromkeys(STATUSES, 0)


def _initiative_figures(initiatives: Collection[str], status: dict[str, str]) -> dict[str, Any]:
    """The status counts of ``initiatives``; ``status`` holds every initiative."""
    counts = _NO_COUNTS.copy()
    for initiative in initiatives:
        counts[status[initiative]] += 1
    counting = len(initiatives) - counts["cancelled"]
    return {
        "initiatives": counting,
        "by_status": counts,
        "completed": counts["completed"],
        "completed_share": round(counts["completed"] / counting, 3) if counting else None,
    }


def _target_figures(targets: list[_Target]) -> dict[str, Any]:
    measured = [t.progress for t in targets if t.progress is not None]
    counts = dict.fromkeys(TARGET_STATUSES, 0)
    for t in targets:
        counts[t.status] += 1
    weighed = [t for t in targets if t.status != "no-data"]
    total = sum(t.weight for t in weighed)
    good = sum(t.weight for t in weighed if t.status in ("reached", "on-track"))
    return {
        "targets": len(targets),
        "measured_targets": len(measured),
        "target_progress": _mean(measured),
        "status": worst([t.status for t in targets]),
        "by_target_status": counts,
        "on_track_share": round(good / total, 3) if total else None,
    }


_BY_IRI = attrgetter("iri")


def target_statuses(ctx: Context) -> dict[str, _Target]:
    """Each target (IRI → its figures: ``status``, ``progress``, ``latest``, …), built once per run.

    The progress roll-up and the ``off-track-goal`` rule both read them.
    """
    known = ctx.pending.get("target-statuses")
    if known is None:
        known = ctx.pending["target-statuses"] = _build_targets(ctx)
    return known


def _build_targets(ctx: Context) -> dict[str, _Target]:
    tolerance = ctx.config.tolerance
    series: dict[str, list[Observation]] = defaultdict(list)
    for indicator, value, year, date in ctx.select("progress-observations", ordered=False).values(
        "indicator", "value", "year", "date"
    ):
        number = _float(value)
        if number is not None:
            series[indicator].append(Observation(number, date or year))
    weights: dict[str, float] = {}
    for target, weight in ctx.select("progress-weights", ordered=False).values("target", "weight"):
        number = _float(weight)
        if number is not None and number >= 0 and target not in weights:
            weights[target] = number
    targets: dict[str, _Target] = {}
    rows = ctx.select("progress-targets").values(
        "goal", "target", "indicator", "value", "year", "direction", "baseline", "baselineYear", "actual", "actualYear"
    )
    for goal, target, indicator, value, year, direction, baseline, baseline_year, actual, actual_year in rows:
        if target in targets:
            continue  # one row per target (an indicator with two baselines is a SHACL violation)
        targets[target] = _Target(
            target,
            goal,
            indicator,
            _float(value),
            year,
            _DIRECTION.get(direction or ""),
            _float(baseline),
            baseline_year,
            _float(actual),
            actual_year,
            series.get(indicator, []),
            tolerance,
            weights.get(target, 1.0),
        )
    return targets


def progress(source: Context | Model | SparqlStore, *, lang: str = "da") -> dict[str, Any]:
    """The progress roll-up of a model: totals, and one entry per goal and per plan.

    ``source`` is a loaded model, a store, or the :class:`Context` of an
    analysis run (then nothing is computed twice). The SPARQL is in the named
    queries ``progress-initiatives``, ``progress-targets`` and ``sub-goals``.
    """
    ctx = _context(source, lang)
    reaching: dict[str, set[str]] = defaultdict(set)  # goal → initiatives
    states: dict[str, str | None] = {}
    for initiative, state, goal in ctx.select("progress-initiatives", ordered=False).values(
        "initiative", "status", "goal"
    ):
        known = states.get(initiative)
        if known is None or (state and state < known):
            states[initiative] = state or known  # two statuses (a SHACL violation): the same one in every run
        if goal:
            reaching[goal].add(initiative)
    all_initiatives = set(states)
    status = {initiative: _STATUS.get(state or "", "unknown") for initiative, state in states.items()}
    targets = target_statuses(ctx)
    by_goal: dict[str, list[_Target]] = defaultdict(list)
    for target in targets.values():
        by_goal[target.goal].append(target)
    subs: dict[str, set[str]] = defaultdict(set)
    for goal, sub in ctx.select("sub-goals", ordered=False).values("goal", "sub"):
        subs[goal].add(sub)
    # (label, goal) pairs sort as the goals by label, then IRI; each label is looked up once.
    labelled = sorted(
        [(ctx.labels.get(g, lang), g) for g in {g for (g,) in ctx.select("goals", ordered=False).values("goal")}]
    )

    goal_entries = []
    # A sub-goal's targets also show under its parents: each target's details are built once.
    details = {iri: t.details(ctx, lang) for iri, t in targets.items()}
    no_targets: list[_Target] = []
    for label, goal in labelled:
        rolled = by_goal.get(goal, no_targets)
        if goal in subs:
            rolled = rolled + [t for sub in sorted(subs[goal]) for t in by_goal.get(sub, ())]
            shown = sorted(rolled, key=lambda t: (t.goal != goal, t.iri))
        else:  # only its own targets
            shown = sorted(rolled, key=_BY_IRI) if len(rolled) > 1 else rolled
        goal_entries.append(
            {
                "goal": goal,
                "label": label,
                **_initiative_figures(reaching.get(goal, ()), status),
                **_target_figures(rolled),
                "target_details": [details[t.iri] for t in shown],
            }
        )

    listed: dict[str, set[str]] = defaultdict(set)
    for element, plans in ctx.plans_of.items():
        if element in all_initiatives:
            for plan in plans:
                listed[plan].add(element)
    # The plans under each plan (that realize it, through any number of links): the hierarchy
    # of the run (ctx.realizes, read once), turned downwards, plans only.
    realizers: dict[str, list[str]] = defaultdict(list)
    for plan, ups in ctx.realizes.parents.items():
        if plan in ctx.plan_types:
            for up in dict.fromkeys(ups):
                if up != plan:
                    realizers[up].append(plan)

    order = {g: i for i, (_, g) in enumerate(labelled)}
    goals_of: dict[str, list[str]] = defaultdict(list)  # plan → its goals, in the order of the goal entries
    for _, goal in labelled:
        for plan in ctx.plans_of.get(goal, ()):
            goals_of[plan].append(goal)
    # Each plan's own initiatives (listed, or reaching one of its goals), once: a vision unites its strategies'.
    own_initiatives: dict[str, set[str]] = {}
    for plan in ctx.plan_types:
        mine = set(listed.get(plan, ()))
        for goal in goals_of.get(plan, ()):
            mine.update(reaching.get(goal, ()))
        own_initiatives[plan] = mine
    # What each plan holds with the plans under it, unions shared down a chain: a chain of
    # 10,000 plans holds one set, where walking each plan's scope was quadratic (23.6 s CPU).
    goals_under = _rolled_up(ctx.plan_types, realizers, {p: frozenset(g) for p, g in goals_of.items()})
    initiatives_under = _rolled_up(ctx.plan_types, realizers, own_initiatives)
    plan_entries = []
    for plan in sorted(ctx.plan_types, key=lambda p: (ctx.plan_types[p] != SA + "Vision", ctx.labels.get(p, lang), p)):
        initiatives: Set[str]
        if plan not in realizers:  # no plan under it
            plan_goals = goals_of.get(plan, [])
            initiatives = own_initiatives[plan]
        else:
            plan_goals = sorted(goals_under[plan], key=order.__getitem__)
            initiatives = initiatives_under[plan]
        plan_targets = [t for g in plan_goals for t in by_goal.get(g, no_targets)]
        plan_entries.append(
            {
                "plan": plan,
                "label": ctx.labels.get(plan, lang),
                "type": ctx.plan_types[plan].rsplit("#", 1)[-1].lower(),
                "goals": len(plan_goals),
                **_initiative_figures(initiatives, status),
                **_target_figures(plan_targets),
            }
        )

    total = {**_initiative_figures(all_initiatives, status), **_target_figures(list(targets.values()))}
    return {"total": total, "goals": goal_entries, "plans": plan_entries}


def _rolled_up(
    plans: Iterable[str], below: Mapping[str, list[str]], own: Mapping[str, Set[str]]
) -> dict[str, Set[str]]:
    """plan → the union of ``own`` over the plan and every plan ``below`` it (transitively), for each of ``plans``.

    Each plan once, leaves first, without recursion; a plan with nothing of its own and
    one plan below shares that plan's set. A plan on a ``below`` cycle gets a walk of its own.

    >>> rolled = _rolled_up(["v", "s", "p"], {"v": ["s"], "s": ["p"]}, {"p": {"g"}, "v": {"h"}})
    >>> sorted(rolled["v"]), rolled["s"] is rolled["p"]
    (['g', 'h'], True)
    """
    memo: dict[str, Set[str]] = {}
    opened: set[str] = set()
    for root in plans:
        stack = [root]
        while stack:
            at = stack[-1]
            if at in memo:
                stack.pop()
                continue
            kids = below.get(at, ())
            if at not in opened:
                opened.add(at)
                waiting = [kid for kid in kids if kid not in memo and kid not in opened]
                if waiting:
                    stack.extend(waiting)
                    continue
            stack.pop()
            mine = own.get(at, _EMPTY)
            if any(kid not in memo for kid in kids):  # on a cycle: walk it whole (rare)
                memo[at] = _walk_union(at, below, own)
                continue
            parts = [memo[kid] for kid in kids]
            if not mine and len(parts) == 1:
                memo[at] = parts[0]
            else:
                memo[at] = frozenset(mine).union(*parts)
    return memo


_EMPTY: frozenset[str] = frozenset()


def _walk_union(plan: str, below: Mapping[str, list[str]], own: Mapping[str, Set[str]]) -> frozenset[str]:
    seen, todo = {plan}, [plan]
    while todo:
        for kid in below.get(todo.pop(), ()):
            if kid not in seen:
                seen.add(kid)
                todo.append(kid)
    return frozenset().union(*(own.get(p, _EMPTY) for p in seen))


_WORDS = PROGRESS_WORDS


def format_progress(data: dict[str, Any], lang: str = "da", *, goals: bool = False) -> str:
    """The roll-up as text lines: the total, each plan (visions first) and, with ``goals``, each goal."""
    w = _WORDS[lang]

    def line(label: str, figures: dict[str, Any]) -> str:
        return w["line"].format(
            label=label,
            completed=figures["completed"],
            initiatives=counted(figures["initiatives"], "initiative", lang),  # "0 af 1 indsats", not "indsatser"
            share=percent(figures["completed_share"]),
            progress=percent(figures["target_progress"]),
            measured=figures["measured_targets"],
            targets=counted(figures["targets"], "target", lang),
        ) + (w["status"].format(status=w[figures["status"]]) if figures.get("targets") else "")

    lines = [w["title"], "  " + line("Total" if lang == "en" else "I alt", data["total"])]
    # Labels are untrusted: one line each, so that none can forge a line of the roll-up.
    lines += ["  " + line(one_line(p["label"]), p) for p in data["plans"]]
    if goals:
        lines += ["    " + line(one_line(g["label"]), g) for g in data["goals"]]
    return "\n".join(lines) + "\n"
