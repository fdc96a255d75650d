"""Run every rule over a model and summarise: the library behind `analyze` and `check`.

>>> from ontology.loaders import load_model
>>> result = analyze(load_model(["tests/data/yaml/demo.yaml"]))  # doctest: +SKIP
>>> result.summary["goals"]  # doctest: +SKIP
2
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

from ontology import SA, Model, SparqlStore, gc_paused, ontology_terms

from .config import Config
from .context import Context, Labels
from .duplicate_decisions import Decided, Decision, decide
from .evidence import EvidenceIndex
from .findings import GROUPS, KINDS, SEVERITIES, Finding, sort_findings
from .influence.edges import InfluenceEdge
from .influence.section import influence_section
from .progress import progress
from .rules import DECLARATIONS
from .rules.duplicates import gather_text_comparison, start_text_comparison
from .sdg import sdg_section
from .triage import DUPLICATE_KINDS, DuplicateTriage, duplicate_triage

__all__ = ["Analysis", "analyze", "analyze_store", "at_or_above"]


@dataclass
class Analysis:
    """The findings and the summary of one run, plus what renderers need (labels, plan kinds)."""

    summary: dict[str, Any]
    findings: list[Finding]
    labels: Labels = field(default_factory=Labels)
    lang: str = "da"
    #: the network analysis of the scored influences (alignment.influence), None when nothing is scored
    influence: dict[str, Any] | None = None
    #: the SDG section (:mod:`.sdg`), None when the model links to no SDG
    sdg: dict[str, Any] | None = None
    #: where the findings' subjects stand in their source documents (alignment.evidence)
    evidence: EvidenceIndex = field(default_factory=EvidenceIndex)
    #: (subject, property, value) of each number, year or date outside its datatype's form: the rules
    #: read it as missing (named query ``unreadable-values``; ``validate`` reports each)
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)
    #: the properties and classes of the sa: namespace the model uses that the ontology does not define
    #: (sa:hasGoals): typos the rules read as nothing (named query ``unknown-terms``; ``validate`` names each)
    unknown_terms: list[str] = field(default_factory=list)
    #: the plans of each duplicate finding's subjects (for the plan pairs of :attr:`duplicates`)
    element_plans: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _triage: tuple[int, int, DuplicateTriage] | None = field(default=None, repr=False, compare=False)

    @property
    def duplicates(self) -> DuplicateTriage:
        """The duplicate clusters and plan pairs of :attr:`findings` (:mod:`.triage`), made on first use.

        Made again when ``findings`` has been replaced or changed length since
        (a filter applied after the analysis): what is left is what counts.
        """
        key = (id(self.findings), len(self.findings))
        if self._triage is None or self._triage[:2] != key:
            triage = duplicate_triage(self.findings, self.labels, self.lang, self.element_plans or None)
            self._triage = (*key, triage)
        return self._triage[2]

    #: the effective signed influences the run read (:attr:`Context.influence_edges`): the what-if
    #: compares two runs' edges without reading them again (2.5 s a reading at national scale)
    influence_edges: list[InfluenceEdge] = field(default_factory=list, repr=False, compare=False)
    #: the duplicate findings a decision took out of ``findings`` (alignment.duplicate_decisions)
    decided: list[Decided] = field(default_factory=list)
    #: the decisions that match no finding of this run
    stale_decisions: list[Decision] = field(default_factory=list)

    def decisions_dict(self) -> dict[str, Any]:
        """The JSON keys of the decisions: ``decided`` and ``stale_decisions`` (none without decisions)."""
        if not self.decided and not self.stale_decisions:
            return {}
        return {
            "decided": [d.to_dict() for d in self.decided],
            "stale_decisions": [d.to_dict() for d in self.stale_decisions],
        }

    def finding_dict(self, finding: Finding) -> dict[str, Any]:
        """A finding's JSON object in ``analyze``: the fields of docs/findings.md (a duplicate's ``cluster``) and its ``evidence`` list."""
        cluster = self.duplicates.cluster_id(finding) if finding.kind in DUPLICATE_KINDS else None
        return {
            **finding.to_dict(),
            **({} if cluster is None else {"cluster": cluster}),
            "evidence": self.evidence.of(finding.subjects),
        }

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"summary": self.summary}
        if self.influence is not None:
            doc["influence"] = self.influence
        if self.duplicates:  # only with duplicates: the JSON of other models stays as it was
            doc["duplicates"] = self.duplicates.to_dict()
        doc["findings"] = [self.finding_dict(f) for f in self.findings]
        doc.update(self.decisions_dict())
        if self.sdg is not None:
            doc["sdg"] = self.sdg
        return doc


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    """Findings whose severity is ``level`` or worse (error > warning > info)."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return [f for f in findings if rank[f.severity] <= rank[level]]


def _silent(stage: str) -> None:
    pass


def analyze(
    model: Model, config: Config | None = None, *, lang: str = "da", progress: Callable[[str], None] | None = None
) -> Analysis:
    """Analyse a loaded model; ``progress(stage)`` hears each stage ("context", "rules", "similarity") as it starts."""
    return analyze_store(model.store, config, lang=lang, progress=progress)


def analyze_store(
    store: SparqlStore, config: Config | None = None, *, lang: str = "da", progress: Callable[[str], None] | None = None
) -> Analysis:
    """Analyse whatever the store holds (embedded, rdflib or a remote endpoint)."""
    with gc_paused():  # hundreds of thousands of acyclic rows and findings: see ontology.gc
        return _analyze_store(store, config, lang, progress or _silent)


def _analyze_store(store: SparqlStore, config: Config | None, lang: str, stage: Callable[[str], None]) -> Analysis:
    stage("context")
    ctx = Context.build(store, config or Config(), lang)
    # On a large model the text comparison runs in a worker process meanwhile,
    # so the rules that wait for it go last.
    comparing = start_text_comparison(ctx)
    ctx.pending.update({"similar-texts:" + kind: started for kind, started in comparing.items()})
    stage("rules")
    try:
        return _run_rules(ctx, stage)
    finally:
        for comparison in comparing.values():
            comparison.close()  # a worker still running (the analysis failed) is stopped; its files go


def _run_rules(ctx: Context, stage: Callable[[str], None]) -> Analysis:
    enabled = [kind for kind in DECLARATIONS if ctx.config.enabled(kind.name)]
    findings: list[Finding] = []
    for kind in enabled:
        if not kind.waits:
            findings.extend(kind.rule(ctx))
    summary = _overview(ctx)
    stage("similarity")  # the rules that wait for the text comparison
    gather_text_comparison(ctx)  # all of it first, shared with the worker, then the findings
    for kind in enabled:
        if kind.waits == "texts":
            findings.extend(kind.rule(ctx))
    # The one place decisions apply: every rule that reads findings, the counts and every output
    # see the findings without the decided duplicates.
    findings, decided, stale = decide(ctx, findings)
    # A pair whose merge is accepted is still one thing said twice: shared-indicator, which keeps quiet
    # on duplicates, keeps quiet on it too (a pair decided not to be a duplicate is two goals again).
    accepted = [d.finding for d in decided if d.decision.verdict == "merge-accepted"]
    for kind in enabled:  # the rules that read the other findings
        if kind.waits == "findings":
            findings.extend(kind.rule(ctx, findings + accepted if accepted else findings))
    findings = sort_findings(findings)
    summary["findings"] = _counts(findings)
    if decided or stale:
        summary["decided"] = _decided_counts(decided, stale)
    return Analysis(
        summary,
        findings,
        ctx.labels,
        ctx.lang,
        influence=influence_section(ctx),
        sdg=sdg_section(ctx.store, ctx.labels, ctx.lang),
        evidence=EvidenceIndex.from_store(ctx.store, ctx.lang),
        element_plans={
            s: ctx.plans_of.get(s, frozenset()) for f in findings if f.kind in DUPLICATE_KINDS for s in f.subjects
        },
        influence_edges=ctx.influence_edges,
        decided=decided,
        stale_decisions=stale,
        unreadable=[
            (s, p, v)
            for s, p, v in ctx.select("unreadable-values").values("subject", "property", "value")
            if s is not None and p is not None and v is not None
        ],
        unknown_terms=_unknown_terms(ctx),
    )


def _unknown_terms(ctx: Context) -> list[str]:
    known = ontology_terms()
    return [t for (t,) in ctx.select("unknown-terms").values("term") if t is not None and t not in known]


def _decided_counts(decided: list[Decided], stale: list[Decision]) -> dict[str, Any]:
    """``summary["decided"]``: how many duplicate findings were decided, per verdict, and the stale decisions."""
    by_verdict = {v: sum(1 for d in decided if d.decision.verdict == v) for v in ("not-duplicate", "merge-accepted")}
    return {"total": len(decided), "by_verdict": by_verdict, "stale": len(stale)}


def _counts(findings: list[Finding]) -> dict[str, Any]:
    by_kind: dict[str, int] = defaultdict(int)
    by_severity: dict[str, int] = defaultdict(int)
    for f in findings:
        by_kind[f.kind] += 1
        by_severity[f.severity] += 1
    return {
        "total": len(findings),
        "by_severity": {s: by_severity[s] for s in SEVERITIES},
        "by_group": {g: sum(n for k, n in by_kind.items() if KINDS[k] == g) for g in GROUPS},
        "by_kind": {k: by_kind[k] for k in KINDS if by_kind[k]},
    }


def _overview(ctx: Context) -> dict[str, Any]:
    # rdflib answers an aggregate over nothing with one unbound row: skip it.
    counts = {kind: int(n) for kind, n in ctx.select("element-counts").values("type", "count") if kind}
    goals: dict[str, str | None] = {}
    for goal, delegate in ctx.select("goals", ordered=False).values("goal", "delegatedTo"):
        goals[goal] = goals.get(goal) or delegate
    covered = {goal for (goal,) in ctx.select("covered-goals", ordered=False).values("goal")} & set(goals)
    delegated = {g for g, d in goals.items() if d is not None and g not in covered}
    goals_of_plan: dict[str, list[str]] = defaultdict(list)
    for goal in goals:
        for plan in ctx.plans_of.get(goal, ()):
            goals_of_plan[plan].append(goal)
    per_plan = []
    for plan in sorted(ctx.plan_types):
        plan_goals = goals_of_plan.get(plan, [])
        reached = [g for g in plan_goals if g in covered]
        per_plan.append(
            {
                "plan": plan,
                "label": ctx.labels.get(plan, ctx.lang),
                "type": ctx.plan_types[plan].rsplit("#", 1)[-1].lower(),
                "goals": len(plan_goals),
                "covered_goals": len(reached),
                "delegated_goals": len([g for g in plan_goals if g in delegated]),
                "coverage": round(len(reached) / len(plan_goals), 3) if plan_goals else None,
            }
        )
    return {
        "plans": len(ctx.plan_types),
        "visions": counts.get(SA + "Vision", 0),
        "strategies": counts.get(SA + "Strategy", 0),
        "goals": len(goals),
        "focus_areas": counts.get(SA + "FocusArea", 0),
        "initiatives": counts.get(SA + "Initiative", 0),
        "indicators": counts.get(SA + "Indicator", 0),
        "covered_goals": len(covered),
        "delegated_goals": len(delegated),
        "uncovered_goals": len(goals) - len(covered) - len(delegated),
        "coverage": round(len(covered) / len(goals), 3) if goals else None,
        "coverage_per_plan": per_plan,
        "progress": progress(ctx, lang=ctx.lang),
    }
