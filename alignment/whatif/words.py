"""The words of ``stratalign whatif``, in Danish and English (one table: the same keys in both).

>>> WORDS["da"]["resolved"], WORDS["en"]["budget_freed"]
('Løste fund', 'Budget freed')
"""

from __future__ import annotations

__all__ = ["WORDS", "CURRENCY"]

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "stratalign: hvad nu hvis",
        "changes": "Ændringer",
        "cancel": "annullér {element}",
        "merge": "slå {element} sammen med {into}",
        "drop-plan": "drop planen {element}",
        "removed": "Elementer, der udgår",
        "findings": "Fund: {resolved} løst, {new} nye, {unchanged} uændrede (før {before}, efter {after})",
        "resolved": "Løste fund",
        "new": "Nye fund",
        "unchanged": "Uændrede fund",
        "unchanged_count": "{count} fund er uændrede.",
        "uncovered": "Mål, der mister al dækning",
        "plans": "Dækning og fremdrift pr. plan (før → efter)",
        "plan_line": "{plan}: dækning {cov_before} → {cov_after}; gennemførte indsatser {done_before} → {done_after}; "
        "målfremdrift {prog_before} → {prog_after}",
        "plan_dropped": "{plan}: droppes (dækning før {cov_before})",
        "influence_lost": "Mål, der mister deres stærkeste positive påvirkning",
        "influence_line": "{goal}: styrke {before} fra {sources} → {after}",
        "no_influence": "ingen",
        "budget_freed": "Frigjort budget",
        "budget_line": "{initiative}: {amount}",
        "budget_total": "I alt: {amounts}",
        "none": "ingen",
        "nothing": "Ingen.",
    },
    "en": {
        "title": "stratalign: what if",
        "changes": "Changes",
        "cancel": "cancel {element}",
        "merge": "merge {element} into {into}",
        "drop-plan": "drop the plan {element}",
        "removed": "Elements that go",
        "findings": "Findings: {resolved} resolved, {new} new, {unchanged} unchanged (before {before}, after {after})",
        "resolved": "Resolved findings",
        "new": "New findings",
        "unchanged": "Unchanged findings",
        "unchanged_count": "{count} findings are unchanged.",
        "uncovered": "Goals that lose all coverage",
        "plans": "Coverage and progress per plan (before → after)",
        "plan_line": "{plan}: coverage {cov_before} → {cov_after}; initiatives completed {done_before} → {done_after}; "
        "target progress {prog_before} → {prog_after}",
        "plan_dropped": "{plan}: dropped (coverage before {cov_before})",
        "influence_lost": "Goals that lose their strongest positive influence",
        "influence_line": "{goal}: strength {before} from {sources} → {after}",
        "no_influence": "none",
        "budget_freed": "Budget freed",
        "budget_line": "{initiative}: {amount}",
        "budget_total": "In all: {amounts}",
        "none": "none",
        "nothing": "None.",
    },
}

#: How an amount in Danish kroner is written (the unit of sa:budget unless sa:unit says otherwise).
CURRENCY: dict[str, str] = {"da": "kr.", "en": "DKK"}
