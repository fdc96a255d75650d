"""The analysis rules, one small function per finding kind, grouped by concept.

Each rule runs its named query (``alignment/queries/<kind>.rq``) through the
store interface and turns the rows into findings; only the text similarity of
duplicates runs in Python.
"""
from __future__ import annotations

from typing import Callable

from ..context import Context
from ..findings import Finding
from . import conflict, coverage, duplicates, overlap

__all__ = ["RULES", "LATE_RULES", "TEXT_RULES"]

Rule = Callable[[Context], list[Finding]]

#: kind → rule, for every kind that depends only on the model.
RULES: dict[str, Rule] = {
    "shared-goal": overlap.shared_goal,
    "shared-initiative": overlap.shared_initiative,
    "duplicate-goal": duplicates.duplicate_goal,
    "duplicate-initiative": duplicates.duplicate_initiative,
    "target-conflict": conflict.target_conflict,
    "direction-conflict": conflict.direction_conflict,
    "negative-contribution": conflict.negative_contribution,
    "goal-conflict": conflict.goal_conflict,
    "owner-conflict": conflict.owner_conflict,
    "timeline-conflict": conflict.timeline_conflict,
    "vision-mismatch": conflict.vision_mismatch,
    "invalid-period": conflict.invalid_period,
    "uncovered-goal": coverage.uncovered_goal,
    "delegated-goal": coverage.delegated_goal,
    "unmeasured-goal": coverage.unmeasured_goal,
    "orphan-initiative": coverage.orphan_initiative,
    "unanchored-strategy": coverage.unanchored_strategy,
    "missing-baseline": coverage.missing_baseline,
    "missing-owner": coverage.missing_owner,
}

#: Rules that wait for the text comparison (started early, see :func:`duplicates.start_text_comparison`).
TEXT_RULES = frozenset({"duplicate-goal", "duplicate-initiative"})

#: Rules that need the other findings (shared-indicator excludes duplicates and conflicts).
LATE_RULES: dict[str, Callable[[Context, list[Finding]], list[Finding]]] = {
    "shared-indicator": overlap.shared_indicator,
}
