"""The status of a target against the straight path from its baseline to its target.

A target sets a value for a year on an indicator that has a baseline (value, year) and
observations (``sa:hasObservation``; ``sa:actualValue``/``sa:actualYear`` count as one).
The latest observation is compared with where the straight line from (baseline year,
baseline) to (target year, target value) stands in the observation's year:

* ``reached`` — the latest value is at or past the target in the target's direction (and has
  not moved against it from the baseline);
* ``on-track`` — at most ``tolerance`` × |target − baseline| short of the path (default 10 %;
  exactly on the tolerance is still on track);
* ``behind`` — further short than that, but not below the baseline;
* ``off-track`` — moved against the target's direction (below the baseline of an increase,
  above that of a decrease): never reached, never on track, whatever else holds;
* ``no-data`` — no observation, no target value, or no baseline and no observation before
  the latest to stand in for it.

``maintain`` is a band around the level to hold, the target's value, of ± ``tolerance`` ×
|target|: inside it the target is on track (reached from the target year on), outside it off
track. (A maintain target away from its baseline is an ``implausible-target``; its progress is
the gap to the target closed, so the status reads the same level.)

Without a baseline, the earliest observation is the baseline. Without years (or a target
year not after the baseline year), the path is the target itself: the latest value is
compared with the target value.

>>> status_of(100, 2020, 200, 2030, "increase", 150, 2025)
'on-track'
>>> status_of(100, 2020, 200, 2030, "increase", 95, 2025)
'off-track'
"""

from __future__ import annotations

from dataclasses import dataclass

from ontology import XSD, well_formed

__all__ = ["STATUSES", "RANK", "DEFAULT_TOLERANCE", "Observation", "latest", "status_of", "worst", "year_of"]

#: Worst first: the order a roll-up takes the worst of, and the order a report lists them in.
STATUSES = ("off-track", "behind", "on-track", "reached", "no-data")
RANK = {status: index for index, status in enumerate(STATUSES)}
DEFAULT_TOLERANCE = 0.1


@dataclass(frozen=True)
class Observation:
    """One value at one time: ``time`` is a year (``2019``) or a date (``2019-04-01``); None when unknown."""

    value: float
    time: str | None


def year_of(time: str | None) -> int | None:
    """The year of a year or a date (``2019``, ``2019-04-01``), or None."""
    # the gYear form also takes an xsd:integer year ("2030"); "2025 " or "2025x" is no year: the store
    # reads such a literal as no value
    if not time or not (well_formed(time, XSD + "gYear") or well_formed(time, XSD + "date")):
        return None
    head = time.lstrip("-")[:4]
    return int(head) if head.isdigit() else None


def latest(observations: list[Observation]) -> Observation | None:
    """The latest observation: by year, a date after a bare year of the same year; one without a time only when none has one."""
    dated = [o for o in observations if year_of(o.time) is not None]
    if not dated:
        return observations[-1] if observations else None
    return max(dated, key=lambda o: (year_of(o.time), o.time or ""))


def status_of(
    baseline: float | None,
    baseline_year: int | None,
    target: float | None,
    target_year: int | None,
    direction: str | None,
    value: float | None,
    year: int | None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> str:
    """The status of one target (see the module text); ``value``/``year`` are the latest observation's.

    >>> status_of(100, 2020, 200, 2030, "increase", 140, 2025), status_of(100, 2020, 200, 2030, "increase", 139, 2025)
    ('on-track', 'behind')
    >>> status_of(100, 2020, 100, 2030, "maintain", 111, 2025), status_of(50, 2019, 60, 2025, "maintain", 58, 2023)
    ('off-track', 'on-track')
    """
    if target is None or value is None or baseline is None:
        return "no-data"
    if direction is None:
        direction = "increase" if target > baseline else "decrease" if target < baseline else "maintain"
    if direction == "maintain":
        band = tolerance * abs(target)
        if abs(value - target) > band + _EPS * max(1.0, abs(target)):
            return "off-track"
        return "reached" if year is not None and target_year is not None and year >= target_year else "on-track"
    sign = -1.0 if direction == "decrease" else 1.0
    if sign * (value - baseline) < 0:
        return "off-track"  # moved against the direction
    if sign * (value - target) >= 0:
        return "reached"
    distance = abs(target - baseline)
    if baseline_year is not None and target_year is not None and year is not None and target_year > baseline_year:
        share = min(1.0, max(0.0, (year - baseline_year) / (target_year - baseline_year)))
    else:
        share = 1.0
    expected = baseline + share * (target - baseline)
    shortfall = sign * (expected - value)
    return "on-track" if shortfall <= tolerance * distance + _EPS * max(1.0, distance) else "behind"


#: Room for the rounding of decimal input (0.1 × 30 is 3.0000000000000004): exactly at the tolerance stays on track.
_EPS = 1e-9


def worst(statuses: list[str]) -> str:
    """The worst status of those that have data; ``no-data`` when none has.

    >>> worst(["reached", "behind", "no-data"]), worst(["no-data"]), worst([])
    ('behind', 'no-data', 'no-data')
    """
    measured = [s for s in statuses if s != "no-data"]
    return min(measured, key=RANK.__getitem__) if measured else "no-data"
