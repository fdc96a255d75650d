"""Duplicate triage: the duplicate pairs grouped into clusters, and counted per pair of plans.

At national scale the duplicate findings run into tens of thousands; the
clusters (connected components of the pairs, per kind) and the plan-pair table
are a list a person can act on. :func:`duplicate_triage` takes the findings
themselves, so a finding left out before (a decision, a severity set to
``off``) simply does not count.

A cluster's rules:

* its members are the goals (or initiatives) linked by a chain of duplicate pairs;
  union-find, linear in the pairs;
* its id is ``dup-goal-N`` / ``dup-initiative-N``, numbered per kind by size
  (largest first), then by the smallest member IRI: the same model gives the
  same ids whatever the order of its input;
* ``min_score`` / ``max_score`` are over its text pairs (``null`` when every pair
  is a same-target pair, which has no score);
* its best label is the label of the member with the highest sum of pair scores
  to the other members (a same-target pair counts 1.0); ties go to the Danish
  label first in code-point order (the same member whatever the output language),
  then to the smaller IRI.

A plan pair counts each duplicate pair whose one element is in the one plan and
the other in the other (an element in several plans counts for each), and the
clusters those pairs belong to.

>>> from alignment import Finding, Labels
>>> f = lambda kind, a, b, pa, pb, score: Finding(kind, "warning", (a, b), (pa, pb), "…", score)
>>> t = duplicate_triage([f("duplicate-goal", "ex:a", "ex:b", "ex:p", "ex:q", 0.9),
...                       f("duplicate-goal", "ex:b", "ex:c", "ex:q", "ex:r", 0.6)],
...                      Labels({"ex:a": "A", "ex:b": "B", "ex:c": "C"}))
>>> [(c.id, c.members, c.label, c.pairs) for c in t.clusters]
[('dup-goal-1', ('ex:a', 'ex:b', 'ex:c'), 'B', 2)]
>>> [(p.plans, p.goals, p.clusters) for p in t.plan_pairs]
[(('ex:p', 'ex:q'), 1, 1), (('ex:q', 'ex:r'), 1, 1)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Mapping

from .context import Labels
from .findings import Finding

__all__ = ["DUPLICATE_KINDS", "DuplicateCluster", "PlanPair", "DuplicateTriage", "duplicate_triage"]

#: kind → the word in its clusters' ids
DUPLICATE_KINDS = {"duplicate-goal": "goal", "duplicate-initiative": "initiative"}
#: what a same-target pair (no score) weighs in the best-label sum
SAME_TARGET_WEIGHT = 1.0


@dataclass(frozen=True)
class DuplicateCluster:
    """One connected group of duplicate goals or initiatives (see the module for its rules)."""

    id: str
    kind: str
    members: tuple[str, ...]
    plans: tuple[str, ...]
    pairs: int
    min_score: float | None
    max_score: float | None
    #: the member whose label names the cluster, and that label
    best: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "size": len(self.members),
            "label": self.label,
            "best": self.best,
            "members": list(self.members),
            "plans": list(self.plans),
            "pairs": self.pairs,
            "min_score": self.min_score,
            "max_score": self.max_score,
        }


@dataclass(frozen=True)
class PlanPair:
    """Two plans (sorted IRIs) with the duplicate goals and initiatives between them, and their clusters."""

    plans: tuple[str, str]
    labels: tuple[str, str]
    goals: int
    initiatives: int
    clusters: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "plans": list(self.plans),
            "labels": list(self.labels),
            "goals": self.goals,
            "initiatives": self.initiatives,
            "clusters": self.clusters,
        }


@dataclass
class DuplicateTriage:
    """The clusters (goal clusters first, each kind by size) and the plan pairs (most duplicates first)."""

    clusters: list[DuplicateCluster] = field(default_factory=list)
    plan_pairs: list[PlanPair] = field(default_factory=list)
    #: (kind, member) → its cluster's id
    cluster_of: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return bool(self.clusters)

    def cluster_id(self, finding: Finding) -> str | None:
        """The id of the cluster a duplicate finding belongs to; None for any other finding."""
        if finding.kind not in DUPLICATE_KINDS or not finding.subjects:
            return None
        return self.cluster_of.get((finding.kind, finding.subjects[0]))

    def to_dict(self) -> dict[str, Any]:
        """The ``duplicates`` section of ``analyze --format json``."""
        return {
            "clusters": [c.to_dict() for c in self.clusters],
            "plan_pairs": [p.to_dict() for p in self.plan_pairs],
        }


def _find(parent: dict[str, str], x: str) -> str:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression
        parent[x], x = root, parent[x]
    return root


def duplicate_triage(
    findings: Iterable[Finding],
    labels: Labels,
    lang: str = "da",
    plans_of: Mapping[str, Iterable[str]] | None = None,
) -> DuplicateTriage:
    """Cluster the duplicate findings of ``findings`` and count them per plan pair (see the module's rules).

    ``plans_of`` gives each element's plans; without it (or for an element it
    lacks) the finding's plans stand in, every two of them a pair.
    """
    pairs_of: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.kind in DUPLICATE_KINDS and len(f.subjects) == 2:
            pairs_of[f.kind].append(f)
    triage = DuplicateTriage()
    for kind, word in DUPLICATE_KINDS.items():
        found = pairs_of.get(kind)
        if found:
            triage.clusters.extend(_clusters(kind, word, found, labels, lang, triage.cluster_of))
    triage.plan_pairs = _plan_pairs(pairs_of, triage, labels, lang, plans_of)
    return triage


def _clusters(
    kind: str, word: str, found: list[Finding], labels: Labels, lang: str, cluster_of: dict[tuple[str, str], str]
) -> list[DuplicateCluster]:
    parent: dict[str, str] = {}
    for f in found:
        a, b = f.subjects
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        members[_find(parent, x)].append(x)
    weight: dict[str, float] = defaultdict(float)
    pairs: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        a, b = f.subjects
        score = SAME_TARGET_WEIGHT if f.score is None else f.score
        weight[a] += score
        weight[b] += score
        pairs[_find(parent, a)].append(f)
    groups = sorted(((sorted(m), root) for root, m in members.items()), key=lambda g: (-len(g[0]), g[0][0]))
    out = []
    for number, (sorted_members, root) in enumerate(groups, 1):
        cluster_id = f"dup-{word}-{number}"
        own = pairs[root]
        scores = [f.score for f in own if f.score is not None]
        # ties by the Danish label (the text compared), not the output language's: one best in every language
        best = min(sorted_members, key=lambda m: (-weight[m], labels.get(m, "da"), m))
        plans = sorted({p for f in own for p in f.plans})
        out.append(
            DuplicateCluster(
                cluster_id,
                kind,
                tuple(sorted_members),
                tuple(plans),
                len(own),
                min(scores) if scores else None,
                max(scores) if scores else None,
                best,
                labels.get(best, lang),
            )
        )
        for m in sorted_members:
            cluster_of[kind, m] = cluster_id
    return out


def _plan_pairs(
    pairs_of: Mapping[str, list[Finding]],
    triage: DuplicateTriage,
    labels: Labels,
    lang: str,
    plans_of: Mapping[str, Iterable[str]] | None,
) -> list[PlanPair]:
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"goal": 0, "initiative": 0})
    clusters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, found in pairs_of.items():
        word = DUPLICATE_KINDS[kind]
        for f in found:
            a, b = f.subjects
            in_a = plans_of.get(a) if plans_of is not None else None
            in_b = plans_of.get(b) if plans_of is not None else None
            between: set[tuple[str, str]]
            if in_a is None or in_b is None:
                between = set(combinations(f.plans, 2))  # sorted already
            else:
                between = {(p, q) if p < q else (q, p) for p in in_a for q in in_b if p != q}
            cluster_id = triage.cluster_of[kind, a]
            for pair in between:
                counts[pair][word] += 1
                clusters[pair].add(cluster_id)
    rows = [
        PlanPair(
            pair,
            (labels.get(pair[0], lang), labels.get(pair[1], lang)),
            found["goal"],
            found["initiative"],
            len(clusters[pair]),
        )
        for pair, found in counts.items()
    ]
    return sorted(rows, key=lambda r: (-(r.goals + r.initiatives), r.plans))
