"""The decision page: findings gathered into issues, ranked, the few things a steering group decides first.

Findings about the same elements are one issue: two findings share an issue
when they share a subject, and an issue is a connected set of them (the
duplicate, the target conflict and the uncovered goal of one pair of goals
are one card). Lone findings of the same kind, severity and plans are then
bundled into one issue ("4 shared goals: Vision 2020, Vækststrategi 2020"),
so that a steering group reads one line, not four.

Issues are ranked by the worst severity among their findings (errors first),
then by how many findings, then by how many plans they involve, then by the
labels and IRIs of their subjects: the same model always gives the same
order.

>>> from alignment.findings import Finding
>>> fs = [Finding("duplicate-goal", "warning", ("g:a", "g:b"), ("p:1", "p:2"), "…"),
...       Finding("uncovered-goal", "error", ("g:a",), ("p:1",), "…"),
...       Finding("missing-owner", "info", ("i:x",), ("p:1",), "…")]
>>> [(i.severity, i.findings) for i in decisions(fs)]
[('error', (0, 1)), ('info', (2,))]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from alignment import KINDS, SEVERITIES, Finding

__all__ = ["Issue", "group_findings", "decisions"]

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing to decide: findings (indices into the analysis's list) about connected elements.

    ``bundled`` is true for lone findings of one kind gathered into one issue;
    ``kinds`` are distinct, in the order of the table of kinds.
    """

    rank: int
    severity: str
    kinds: tuple[str, ...]
    subjects: tuple[str, ...]
    plans: tuple[str, ...]
    findings: tuple[int, ...]
    bundled: bool = False

    @property
    def anchor(self) -> str:
        """The HTML id of the issue's card (``issue-1`` for the first)."""
        return f"issue-{self.rank}"


def group_findings(findings: Sequence[Finding]) -> list[list[int]]:
    """Indices of findings that share subjects, transitively (union–find: linear in the subjects).

    >>> fs = [Finding("duplicate-goal", "warning", ("a", "b"), (), ""), Finding("uncovered-goal", "error", ("c",), (), ""),
    ...       Finding("target-conflict", "error", ("b", "c"), (), "")]
    >>> group_findings(fs)
    [[0, 1, 2]]
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving: no recursion, near-constant per step
            x = parent[x]
        return x

    for f in findings:
        for s in f.subjects:
            parent.setdefault(s, s)
        first = f.subjects[0] if f.subjects else None
        for s in f.subjects[1:]:
            a, b = root(first), root(s)  # type: ignore[arg-type]
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[int]] = {}
    loose: list[list[int]] = []
    for i, f in enumerate(findings):
        if f.subjects:
            groups.setdefault(root(f.subjects[0]), []).append(i)
        else:
            loose.append([i])  # a finding about nothing in particular is its own issue
    return list(groups.values()) + loose


def decisions(findings: Sequence[Finding], label: Callable[[str], str] = str) -> list[Issue]:
    """Every finding in exactly one issue, ranked (rank 1 first); ``label`` names an IRI for the tie-break.

    Use: ``decisions(analysis.findings, label)[:DECISIONS_SHOWN]`` is the decision page.
    """
    groups = group_findings(findings)
    # lone findings of one kind, severity and set of plans: one bundled issue
    bundles: dict[tuple[str, str, tuple[str, ...]], list[int]] = {}
    kept: list[tuple[list[int], bool]] = []
    for members in groups:
        if len(members) == 1:
            f = findings[members[0]]
            bundles.setdefault((f.kind, f.severity, f.plans), []).append(members[0])
        else:
            kept.append((members, False))
    kept += [(members, len(members) > 1) for members in bundles.values()]

    drafts = []
    for members, bundled in kept:
        members = sorted(members)
        chosen = [findings[i] for i in members]
        subjects = sorted({s for f in chosen for s in f.subjects}, key=lambda s: (label(s).casefold(), s))
        plans = tuple(sorted({p for f in chosen for p in f.plans}))
        severity = min((f.severity for f in chosen), key=_SEVERITY_RANK.__getitem__)
        kinds = tuple(sorted({f.kind for f in chosen}, key=_KIND_ORDER.__getitem__))
        key = (
            _SEVERITY_RANK[severity],
            -len(members),
            -len(plans),
            [label(s).casefold() for s in subjects],
            subjects,
            members,  # findings about nothing: their order in the analysis
        )
        drafts.append((key, severity, kinds, tuple(subjects), plans, tuple(members), bundled))
    drafts.sort(key=lambda d: d[0])
    return [
        Issue(rank, severity, kinds, subjects, plans, members, bundled)
        for rank, (_, severity, kinds, subjects, plans, members, bundled) in enumerate(drafts, start=1)
    ]
