"""`stratalign whatif`: the findings, coverage, progress, influences and budget after cancelling, merging or dropping.

The changes (:mod:`.changes`) are applied to a copy of the model's triples; the model is analysed
as it is and as it would be — two analyses, never more — and the two are compared. A finding is
the same finding before and after when its kind and its subjects are the same (the identity
waivers use too): *resolved* ones are gone after the change, *new* ones appear, the rest are
*unchanged*.

>>> from ontology import load_model
>>> model = load_model(["tests/data/whatif/budget.yaml"])
>>> result = what_if(model, cancel=["laesning"], lang="en")
>>> [result.labels.get(g, "en") for g in result.uncovered]
['Better reading skills in school']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Sequence

from ontology import Model, OxigraphStore, SparqlStore

from .. import analyze as _analysis
from ..config import Config
from ..context import Labels
from ..findings import Finding
from ..influence import InfluenceEdge
from ..queries import get_query
from .changes import Applied, Change, apply_changes, resolve_changes
from .influence import signed_edges, strongest_positive

__all__ = ["WhatIf", "what_if", "Change", "resolve_changes", "apply_changes"]


def _identity(finding: Finding) -> tuple[str, tuple[str, ...]]:
    return (finding.kind, finding.subjects)


@dataclass
class WhatIf:
    """The comparison of today's model with the model after the changes."""

    changes: list[Change]
    before: _analysis.Analysis
    after: _analysis.Analysis
    resolved: list[Finding]
    new: list[Finding]
    unchanged: list[Finding]
    removed: list[str]
    uncovered: list[str]  # goals covered today that nothing covers after the change
    plans: list[dict[str, Any]]
    influence_lost: list[dict[str, Any]]
    budget_freed: list[dict[str, Any]]
    labels: Labels = field(default_factory=Labels)
    lang: str = "da"

    def label(self, iri: str) -> str:
        return self.labels.get(iri, self.lang)

    def freed_totals(self) -> list[tuple[str, str]]:
        """(sum, unit) per unit of the freed budgets, DKK first."""
        sums: dict[str, Decimal] = {}
        for entry in self.budget_freed:
            try:
                amount = Decimal(entry["budget"])
            except InvalidOperation:
                continue
            sums[entry["unit"]] = sums.get(entry["unit"], Decimal(0)) + amount
        return [(_plain(total), unit) for unit, total in sorted(sums.items(), key=lambda u: (u[0] != "DKK", u[0]))]

    def to_dict(self) -> dict[str, Any]:
        def named(iri: str) -> dict[str, str]:
            return {"iri": iri, "label": self.label(iri)}

        return {
            "changes": [c.to_dict() for c in self.changes],
            "findings": {
                "resolved": [f.to_dict() for f in self.resolved],
                "new": [f.to_dict() for f in self.new],
                "unchanged": [f.to_dict() for f in self.unchanged],
            },
            "removed": [named(e) for e in self.removed],
            "uncovered_goals": [named(g) for g in self.uncovered],
            "plans": self.plans,
            "influence_lost": self.influence_lost,
            "budget_freed": {
                "initiatives": self.budget_freed,
                "total": [{"amount": amount, "unit": unit} for amount, unit in self.freed_totals()],
            },
            "summary": {"before": _brief(self.before.summary), "after": _brief(self.after.summary)},
        }


def _plain(number: Decimal) -> str:
    if number == number.to_integral():
        return str(int(number))
    return format(number.normalize(), "f")


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("goals", "initiatives", "covered_goals", "uncovered_goals", "coverage")
    return {**{k: summary.get(k) for k in keys}, "findings": summary.get("findings", {}).get("total")}


def _covered(store: SparqlStore) -> tuple[set[str], set[str]]:
    goals = {goal for (goal,) in store.select(get_query("goals").text).values("goal")}
    covered = {goal for (goal,) in store.select(get_query("covered-goals").text).values("goal")}
    return goals, covered & goals


def what_if(
    model: Model,
    *,
    cancel: Sequence[str] = (),
    merge: Sequence[str] = (),
    drop_plan: Sequence[str] = (),
    config: Config | None = None,
    lang: str = "da",
) -> WhatIf:
    """Apply the changes to a copy of ``model`` and compare (two analyses; bad ids raise InputError)."""
    store = model.store
    changes = resolve_changes(store, cancel=cancel, merge=merge, drop_plan=drop_plan)
    applied = apply_changes(store, changes)
    changed = OxigraphStore()
    changed.add(applied.quads)
    before = _analysis.analyze_store(store, config, lang=lang)
    after = _analysis.analyze_store(changed, config, lang=lang)
    return compare(changes, applied, store, changed, before, after, lang)


def compare(
    changes: list[Change],
    applied: Applied,
    store: SparqlStore,
    changed: SparqlStore,
    before: _analysis.Analysis,
    after: _analysis.Analysis,
    lang: str,
) -> WhatIf:
    """The what-if from the two analyses and the two stores (queries only, no third analysis)."""
    after_ids = {_identity(f) for f in after.findings}
    before_ids = {_identity(f) for f in before.findings}
    resolved = [f for f in before.findings if _identity(f) not in after_ids]
    new = [f for f in after.findings if _identity(f) not in before_ids]
    unchanged = [f for f in after.findings if _identity(f) in before_ids]
    goals_before, covered_before = _covered(store)
    goals_after, covered_after = _covered(changed)
    uncovered = sorted(g for g in covered_before & goals_after if g not in covered_after)
    labels = before.labels
    return WhatIf(
        changes=changes,
        before=before,
        after=after,
        resolved=resolved,
        new=new,
        unchanged=unchanged,
        removed=sorted(applied.removed),
        uncovered=uncovered,
        plans=_plans(before.summary, after.summary),
        influence_lost=_influence_lost(
            before.influence_edges, after.influence_edges, goals_after, _cancelled(store), labels, lang
        ),
        budget_freed=[
            {"initiative": i, "label": labels.get(i, lang), "budget": b, "unit": unit or "DKK"}
            for i, b, unit in applied.freed
        ],
        labels=labels,
        lang=lang,
    )


def _plans(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    def by_plan(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        for row in summary.get("coverage_per_plan", []):
            rows.setdefault(row["plan"], {})["coverage"] = row["coverage"]
            rows[row["plan"]]["label"] = row["label"]
        for row in summary.get("progress", {}).get("plans", []):
            entry = rows.setdefault(row["plan"], {"label": row["label"], "coverage": None})
            entry["completed_share"] = row.get("completed_share")
            entry["target_progress"] = row.get("target_progress")
        return rows

    old, new = by_plan(before), by_plan(after)
    out = []
    for plan, was in old.items():
        now = new.get(plan)
        out.append(
            {
                "plan": plan,
                "label": was["label"],
                "dropped": now is None,
                "before": {k: was.get(k) for k in ("coverage", "completed_share", "target_progress")},
                "after": None
                if now is None
                else {k: now.get(k) for k in ("coverage", "completed_share", "target_progress")},
            }
        )
    return out


def _cancelled(store: SparqlStore) -> set[str]:
    return {i for (i,) in store.select(get_query("whatif-cancelled").text).values("initiative") if i is not None}


def _influence_lost(
    edges_before: list[InfluenceEdge],
    edges_after: list[InfluenceEdge],
    goals_after: set[str],
    cancelled: set[str],
    labels: Labels,
    lang: str,
) -> list[dict[str, Any]]:
    """Goals still in the model whose strongest positive influence is gone or weaker after the change.

    An initiative cancelled already influences nothing before the change either (it covers nothing):
    cancelling it loses nothing.
    """
    before = strongest_positive(signed_edges(e for e in edges_before if e.influencer not in cancelled))
    after = strongest_positive(signed_edges(e for e in edges_after if e.influencer not in cancelled))
    lost = []
    for goal, (strength, sources) in sorted(before.items()):
        if goal not in goals_after:
            continue
        now = after.get(goal)
        if now is not None and now[0] >= strength:
            continue
        lost.append(
            {
                "goal": goal,
                "label": labels.get(goal, lang),
                "strength_before": strength,
                "from": [{"iri": s, "label": labels.get(s, lang)} for s in sources],
                "strength_after": None if now is None else now[0],
            }
        )
    return lost
