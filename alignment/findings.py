"""Findings: what an analysis reports (every kind in docs/findings.md), and the table of kinds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Finding", "KINDS", "GROUPS", "SEVERITIES", "DEFAULT_SEVERITY", "sort_findings"]

GROUPS = ("overlap", "conflict", "coverage")
SEVERITIES = ("error", "warning", "info")

#: kind → group, in the documented order (docs/findings.md): overlap, conflict, coverage.
KINDS: dict[str, str] = {
    "shared-goal": "overlap",
    "shared-initiative": "overlap",
    "duplicate-goal": "overlap",
    "duplicate-initiative": "overlap",
    "shared-indicator": "overlap",
    "target-conflict": "conflict",
    "direction-conflict": "conflict",
    "negative-contribution": "conflict",
    "goal-conflict": "conflict",
    "owner-conflict": "conflict",
    "timeline-conflict": "conflict",
    "vision-mismatch": "conflict",
    "invalid-period": "conflict",
    "uncovered-goal": "coverage",
    "delegated-goal": "coverage",
    "unmeasured-goal": "coverage",
    "orphan-initiative": "coverage",
    "unanchored-strategy": "coverage",
    "missing-baseline": "coverage",
    "missing-owner": "coverage",
}

_ERRORS = {"uncovered-goal", "target-conflict", "direction-conflict", "invalid-period"}
_INFOS = {"delegated-goal", "shared-indicator", "missing-baseline", "missing-owner"}
DEFAULT_SEVERITY: dict[str, str] = {
    kind: "error" if kind in _ERRORS else "info" if kind in _INFOS else "warning" for kind in KINDS
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding, with sorted distinct IRIs in ``subjects`` and ``plans``.

    >>> Finding("shared-goal", "warning", ("https://e/g",), ("https://e/b", "https://e/a"), "…").plans
    ('https://e/a', 'https://e/b')
    """

    kind: str
    severity: str
    subjects: tuple[str, ...]
    plans: tuple[str, ...]
    message: str
    score: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", tuple(sorted(set(self.subjects))))
        object.__setattr__(self, "plans", tuple(sorted(set(self.plans))))

    @classmethod
    def canonical(
        cls, kind: str, severity: str, subjects: tuple[str, ...], plans: tuple[str, ...], message: str, score: float | None = None
    ) -> "Finding":
        """A finding whose ``subjects`` and ``plans`` are already sorted and distinct (not sorted again).

        An analysis makes hundreds of thousands of findings, and its context
        has sorted them once already.

        >>> Finding.canonical("shared-goal", "warning", ("https://e/g",), ("https://e/a",), "…").plans
        ('https://e/a',)
        """
        finding = object.__new__(cls)
        for name, value in (("kind", kind), ("severity", severity), ("subjects", subjects), ("plans", plans),
                            ("message", message), ("score", score)):
            _set(finding, name, value)  # a frozen dataclass refuses its own setattr
        return finding

    @property
    def group(self) -> str:
        return KINDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the README documents ("Findings and settings")."""
        return {
            "kind": self.kind,
            "group": self.group,
            "severity": self.severity,
            "subjects": list(self.subjects),
            "plans": list(self.plans),
            "message": self.message,
            "score": self.score,
        }


_set = object.__setattr__


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order: group, kind (in the order of ``KINDS``), subjects, plans."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (order[f.kind], f.subjects, f.plans))
