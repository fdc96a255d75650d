"""The report's progress section: each goal's targets worst first, the plan roll-ups, a chart per indicator.

The statuses are the analysis's (``summary.progress``: reached, on track, behind, off track,
no data against the straight path from baseline to target); this module only orders,
words and draws them. The observations behind each chart are read from the model with
the named query ``progress-observations`` (the analysis counts them but does not list them).

>>> section = progress_section(model, analysis, "da", str)  # doctest: +SKIP
>>> [row["status"] for row in section["targets"]]  # doctest: +SKIP
['off-track', 'no-data']
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal
from typing import Any, Callable

from alignment import PROGRESS_WORDS, Analysis, get_query
from ontology import Model

from .progress_chart import plain_number
from .words import WORDS

__all__ = ["progress_section", "STATUS_ORDER", "STATUS_ICON", "CHARTS_SHOWN"]

#: The HTML report draws this many charts (worst first); a national model has ~20,000 indicators, at
#: about 2 KB of SVG each 40 MB. The JSON and Markdown outputs have every chart's values.
CHARTS_SHOWN = 24

#: The order the report lists targets and goals in: worst first, the unmeasured before the good.
STATUS_ORDER = ("off-track", "behind", "no-data", "on-track", "reached")
_RANK = {status: i for i, status in enumerate(STATUS_ORDER)}
#: A shape for each status beside its word and colour (a colour-blind reader and a black-and-white print keep it).
STATUS_ICON = {"off-track": "✕", "behind": "▲", "no-data": "○", "on-track": "●", "reached": "✓"}


def _year(time: Any) -> int | None:
    text = str(time or "").lstrip("-")[:4]
    return int(text) if text.isdigit() else None


def _expected(t: dict[str, Any], year: int | None) -> float | None:
    """Where the straight path from baseline to target stands in ``year`` (maintain: at the level to hold).

    The path starts where the status was judged from: the baseline, or without one the earliest
    observation (``path_baseline``), so a target "behind" shows what it is behind.
    """
    baseline, start = t.get("path_baseline", t["baseline"]), _year(t.get("path_baseline_year", t["baseline_year"]))
    value, end = t["value"], _year(t["year"])
    if baseline is None or value is None or year is None:
        return None
    if t["direction"] == "maintain":
        return float(value)
    if start is None or end is None or end <= start:
        return float(value)
    share = min(1.0, max(0.0, (year - start) / (end - start)))
    # one decimal more than the baseline and target have: 1000.5 → 1200 over 11 years is 1054.91 in
    # 2022, not 1054.909091 (a path between whole numbers has one decimal: 1054.9)
    return round(baseline + share * (value - baseline), min(6, 1 + max(_decimals(baseline), _decimals(value))))


def _decimals(number: float) -> int:
    """The decimal places a number is written with: 1000.5 → 1, 120 → 0.

    >>> _decimals(1000.5), _decimals(120.0), _decimals(0.25)
    (1, 0, 2)
    """
    exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _observations(model: Model) -> dict[str, list[dict[str, Any]]]:
    """Each indicator's observations, by year (a date counts in its year), as the model has them."""
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    answer = model.store.select(get_query("progress-observations").text)
    for indicator, value, year, date in answer.values("indicator", "value", "year", "date"):
        if indicator is None or value is None:
            continue
        try:
            number = float(value)
        except ValueError:
            continue  # not a number: check and the analysis say so; a chart has no place for it
        if not math.isfinite(number):
            continue  # INF or NaN (legal xsd:double lexicals) has no place on an axis
        series[indicator].append({"value": number, "time": date or year, "year": _year(date or year)})
    return series


def _chart_text(label: str, observations: list[dict[str, Any]], targets: list[dict[str, Any]], lang: str) -> str:
    """The chart in words, for a screen reader and for the Markdown report: every value it draws."""
    w = WORDS[lang]
    num = lambda v: plain_number(v, lang)  # noqa: E731
    parts = []
    if observations:
        listed = ", ".join(f"{o['time'] or w['no_year']}: {num(o['value'])}" for o in observations)
        parts.append(w["chart_observed"].format(values=listed))
    else:
        parts.append(w["chart_no_observations"])
    for t in targets:
        for key, value, year in (
            ("chart_baseline", t["baseline"], t["baseline_year"]),
            ("chart_target", t["value"], t["year"]),
        ):
            if value is not None:
                said = w[key if year else key + "_no_year"].format(value=num(value), year=year)
                if said not in parts:  # two targets on one indicator often share the baseline
                    parts.append(said)
    return f"{label}. " + "; ".join(parts) + "."


def progress_section(model: Model, analysis: Analysis, lang: str, label: Callable[[str], str]) -> dict[str, Any] | None:
    """The progress section's content, or None for a model without targets (the report then leaves the section out)."""
    data = analysis.summary.get("progress") or {}
    status_words = PROGRESS_WORDS[lang]
    rows: list[dict[str, Any]] = []
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for goal in data.get("goals", []):
        for t in goal.get("target_details", []):
            if (goal["goal"], t["target"]) in seen:
                continue  # a sub-goal's target is rolled up into its parent too: a row of its own goal only
            if t["goal"] != goal["goal"]:
                continue
            seen.add((goal["goal"], t["target"]))
            latest_year = _year(t["latest_time"])
            rows.append(
                {
                    "goal": goal["goal"],
                    "label": label(goal["goal"]),
                    "target": t["target"],
                    "indicator": t["indicator"],
                    "indicator_label": t.get("indicator_label") or (label(t["indicator"]) if t["indicator"] else ""),
                    "status": t["status"],
                    "status_label": status_words[t["status"]],
                    "icon": STATUS_ICON[t["status"]],
                    "direction": t["direction"],
                    "baseline": t["baseline"],
                    "baseline_year": t["baseline_year"],
                    "value": t["value"],
                    "year": t["year"],
                    "latest": t["latest"],
                    "latest_time": t["latest_time"],
                    "expected": _expected(t, latest_year) if t["latest"] is not None else None,
                    "progress": t["progress"],
                }
            )
            if t["indicator"]:
                by_indicator[t["indicator"]].append(t)
    if not rows:
        return None
    rows.sort(key=lambda r: (_RANK[r["status"]], r["label"].casefold(), r["goal"], r["target"]))
    series = _observations(model) if by_indicator else {}
    charts = []

    # charts worst first too (an indicator ranks by its worst target), so the ones the report shows are the ones that matter
    def chart_order(item: tuple[str, list[dict[str, Any]]]) -> tuple[int, str, str]:
        indicator, targets = item
        return (
            min(_RANK[t["status"]] for t in targets),
            (targets[0].get("indicator_label") or label(indicator)).casefold(),
            indicator,
        )

    for indicator, targets in sorted(by_indicator.items(), key=chart_order):
        observations = list(series.get(indicator, []))
        for t in targets:  # sa:actualValue with sa:actualYear reads as one observation, as the status does
            if t["actual"] is not None and not any(
                o["value"] == t["actual"] and o["time"] == t["actual_year"] for o in observations
            ):
                observations.append(
                    {"value": float(t["actual"]), "time": t["actual_year"], "year": _year(t["actual_year"])}
                )
        observations.sort(key=lambda o: (o["year"] is None, o["year"] or 0, str(o["time"] or "")))
        name = targets[0].get("indicator_label") or label(indicator)
        drawn = [
            {
                "baseline": t["baseline"],
                "baseline_year": _year(t["baseline_year"]),
                "value": t["value"],
                "year": _year(t["year"]),
            }
            for t in targets
        ]
        if not any(o["year"] is not None for o in observations) and not any(
            d["year"] is not None and d["value"] is not None for d in drawn
        ):
            continue  # nothing to place on a time axis: the table says "no data"
        charts.append(
            {
                "indicator": indicator,
                "label": name,
                "observations": observations,
                "targets": drawn,
                "text": _chart_text(name, observations, targets, lang),
            }
        )
    plans = [
        {
            "plan": p["plan"],
            "label": label(p["plan"]),
            "type": p["type"],
            "status": p["status"],
            "status_label": status_words[p["status"]],
            "icon": STATUS_ICON[p["status"]],
            "targets": p["targets"],
            "by_status": {s: p["by_target_status"][s] for s in STATUS_ORDER},
            "on_track_share": p["on_track_share"],
        }
        for p in data.get("plans", [])
    ]
    plans.sort(key=lambda p: (p["type"] != "vision", _RANK[p["status"]], p["label"].casefold(), p["plan"]))
    total = data.get("total", {})
    return {
        "statuses": [{"status": s, "label": status_words[s], "icon": STATUS_ICON[s]} for s in STATUS_ORDER],
        "targets": rows,
        "plans": plans,
        "total": {
            "status": total.get("status", "no-data"),
            "status_label": status_words[total.get("status", "no-data")],
            "targets": total.get("targets", 0),
            "by_status": {s: total.get("by_target_status", {}).get(s, 0) for s in STATUS_ORDER},
            "on_track_share": total.get("on_track_share"),
        },
        "measured": sum(1 for r in rows if r["status"] != "no-data"),
        "charts": charts,
    }
