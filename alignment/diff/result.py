"""The result of a diff: an entry per goal, initiative and plan of either version, with the
changes of every matched pair. Every object has ``to_dict`` for the JSON output.

>>> Change("year", "målår: 2020 → 2025", None, "2020", "2025").to_dict()["new"]
'2025'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..evidence import EvidenceIndex

__all__ = ["STATUS_ORDER", "Change", "Diff", "Entry", "OldSide", "PlanEntry"]

#: The statuses of an entry, in the order the outputs list them.
STATUS_ORDER = ("merged", "renamed", "kept", "added", "dropped")
#: Changes that are facts of the element, not of its targets.
_FACT_CHANGES = ("status", "owner", "end", "label")  # not target changes: the summary counts those apart


@dataclass
class Change:
    """One change of a matched element: a target's value, year or direction, a vaguer aim, status, owner …"""

    kind: str
    message: str
    indicator: str | None = None
    old: str | None = None
    new: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


@dataclass
class OldSide:
    """An old element as found in the new version."""

    iri: str
    label: str
    plans: list[str]
    plan_labels: list[str]
    match: str | None = None
    score: float | None = None
    same_indicator: bool = False
    moved: dict[str, list[str]] | None = None
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "label": self.label,
            "plans": self.plans,
            "match": self.match,
            "score": self.score,
            "same_indicator": self.same_indicator,
            "moved": self.moved,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass
class Entry:
    """One goal or initiative of either version: ``status`` is kept, renamed, merged, added or dropped."""

    kind: str
    status: str
    new: dict[str, Any] | None
    old: list[OldSide]

    @property
    def moved(self) -> bool:
        return any(o.moved for o in self.old)

    @property
    def changed(self) -> bool:
        return any(c.kind not in _FACT_CHANGES for o in self.old for c in o.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "status": self.status,
            "moved": self.moved,
            "new": self.new,
            "old": [o.to_dict() for o in self.old],
        }


@dataclass
class PlanEntry:
    """A plan of either version and how it was matched."""

    status: str  # matched, added, dropped
    old: str | None
    new: str | None
    old_label: str | None
    new_label: str | None
    match: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("status", "old", "new", "old_label", "new_label", "match", "score")}


@dataclass
class Diff:
    """The differences between an old and a new version of a model."""

    old_title: str
    new_title: str
    lang: str
    plans: list[PlanEntry]
    goals: list[Entry]
    initiatives: list[Entry]
    #: the evidence of each version: a goal's or initiative's JSON entry lists its own (alignment.evidence)
    old_evidence: EvidenceIndex = field(default_factory=EvidenceIndex)
    new_evidence: EvidenceIndex = field(default_factory=EvidenceIndex)

    def counts(self, entries: list[Entry]) -> dict[str, int]:
        out = {s: sum(e.status == s for e in entries) for s in STATUS_ORDER}
        out["moved"] = sum(e.moved for e in entries)
        out["changed"] = sum(e.changed for e in entries)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_title,
            "new": self.new_title,
            "summary": {"goals": self.counts(self.goals), "initiatives": self.counts(self.initiatives)},
            "plans": [p.to_dict() for p in self.plans],
            "goals": [self._with_evidence(e.to_dict()) for e in self.goals],
            "initiatives": [self._with_evidence(e.to_dict()) for e in self.initiatives],
        }

    def _with_evidence(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Each side of an entry with its ``evidence`` list (as in analyze's JSON; empty when it has none)."""
        if entry["new"] is not None:
            entry["new"] = {**entry["new"], "evidence": self.new_evidence.of((entry["new"]["iri"],))}
        for side in entry["old"]:
            side["evidence"] = self.old_evidence.of((side["iri"],))
        return entry

    def find(self, label: str, kind: str = "goal") -> Entry | None:
        """The entry whose new or old label is ``label`` (for tests and scripts)."""
        for entry in self.goals if kind == "goal" else self.initiatives:
            if (entry.new and entry.new["label"] == label) or any(o.label == label for o in entry.old):
                return entry
        return None
