"""What the report says: :func:`report_content` computes it once, as JSON-ready data; the
HTML (:mod:`reports.html`), Markdown (:mod:`reports.markdown`) and JSON formats only render it.

Content, in order: title, the decision page (the ranked issues of
:mod:`reports.decisions`, each a link to its card), the model summary, the
progress section (:mod:`reports.progress_section`), the issue cards, coverage per plan and per goal (uncovered goals first), a plan ×
plan overlap matrix (above :data:`MATRIX_PLANS` plans, a table of the pairs
that overlap), the conflicts and every finding (one entry each in ``findings``;
the findings table's rows, one per element or pair of elements, in ``finding_rows``).

>>> from ontology.loaders import load_model
>>> from alignment.analyze import analyze
>>> model = load_model(["tests/data/yaml/demo.yaml"])  # doctest: +SKIP
>>> report_content(model, analyze(model), "en")["multi_plan"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from alignment import (
    DECISION_WORDS,
    GROUP_TITLES,
    KIND_TITLES,
    SEVERITIES,
    SEVERITY_WORDS,
    TEXT,
    Analysis,
    pdf_link,
    unreadable_value,
)
from graphs import KIND_WORDS, PLAN_KINDS, STATE_WORDS, influence_matrices, project
from ontology import Model, __version__, counted, format_number, link_target

from .decisions import Issue, decisions
from .progress_section import progress_section
from .words import WORDS

__all__ = [
    "report_content",
    "duplicates_content",
    "number",
    "overlap_counts",
    "finding_rows",
    "unreadable_text",
    "DECISIONS_SHOWN",
    "ISSUES_LISTED",
    "MATRIX_PLANS",
    "OVERLAP_KINDS",
    "STATE_ORDER",
    "SEVERITY_RANK",
]

#: The decision page names this many issues; the rest are counted and listed, folded, below.
DECISIONS_SHOWN = 7
#: Issue cards in the report; above this many the rest are counted (the findings table has them all).
ISSUES_LISTED = 200
#: Above this many plans the plan × plan matrix gives way to a table of the pairs that overlap.
MATRIX_PLANS = 30

#: Coverage states in the report's order: uncovered goals first.
STATE_ORDER = {"uncovered": 0, "delegated": 1, "covered": 2}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: The finding kinds the overlap section counts, and the key each is counted under.
OVERLAP_KINDS = {
    "shared-goal": "shared_goals",
    "shared-initiative": "shared_initiatives",
    "duplicate-goal": "duplicate_goals",
    "duplicate-initiative": "duplicate_initiatives",
}


def _label(graph: nx.MultiDiGraph, iri: str) -> str:
    return " ".join(graph.nodes[iri]["label"].split()) if iri in graph else iri


class _LabelOf:
    """:func:`_label`, each IRI worked out once: a plan is named on thousands of findings."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._graph = graph
        self._seen: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self._seen.get(iri)
        if found is None:
            found = self._seen[iri] = _label(self._graph, iri)
        return found


def report_content(
    model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None
) -> dict[str, Any]:
    """Everything the report says, as JSON-ready data (the JSON format is exactly this)."""
    lang = lang if lang in WORDS else "en"
    graph = graph if graph is not None else project(model, analysis, lang=lang)
    w = WORDS[lang]
    summary = analysis.summary
    label = _LabelOf(graph)
    kind_words = KIND_WORDS[lang]

    per_plan = []
    for row in sorted(summary["coverage_per_plan"], key=lambda r: (r["label"].casefold(), r["plan"])):
        per_plan.append(
            {
                "plan": row["plan"],
                "label": label(row["plan"]),
                "type": row["type"],
                "type_label": kind_words.get(row["type"], (row["type"],))[0],
                "goals": row["goals"],
                "covered_goals": row["covered_goals"],
                "delegated_goals": row["delegated_goals"],
                "uncovered_goals": row["goals"] - row["covered_goals"] - row["delegated_goals"],
                "coverage": row["coverage"],
            }
        )

    per_goal = []
    for goal, data in graph.nodes(data=True):
        if data["kind"] != "goal":
            continue
        per_goal.append(
            {
                "goal": goal,
                "label": label(goal),
                "plans": list(data["plans"]),
                "plan_labels": [label(p) for p in data["plans"]],
                "state": data["coverage"],
                "state_label": STATE_WORDS[lang][data["coverage"]],
                "initiatives": data["initiatives"],
            }
        )
    per_goal.sort(key=lambda g: (STATE_ORDER[g["state"]], g["initiatives"], g["label"].casefold(), g["goal"]))

    findings = []
    triage = analysis.duplicates
    for f in analysis.findings:
        entry = f.to_dict()
        cluster = triage.cluster_id(f) if triage else None
        if cluster is not None:
            entry["cluster"] = cluster
        entry["subject_labels"] = [label(s) for s in f.subjects]
        entry["plan_labels"] = [label(p) for p in f.plans]
        entry["group_label"] = GROUP_TITLES[lang][f.group]
        entry["severity_label"] = SEVERITY_WORDS[lang][f.severity]
        entry["kind_label"] = KIND_TITLES[lang][f.kind][0]
        entry.update(_evidence_fields(analysis, f.subjects, lang))
        findings.append(entry)
    issues = [_issue(issue, findings, label, lang) for issue in decisions(analysis.findings, label)]

    content = {
        "title": graph.graph.get("title") or w["report"],
        "description": graph.graph.get("description", ""),
        "lang": lang,
        "generator": f"stratalign {__version__}",
        "sources": [Path(s).name if not str(s).startswith(("http://", "https://")) else str(s) for s in model.sources],
        "summary": {k: v for k, v in summary.items() if k != "coverage_per_plan"},
        "coverage_per_plan": per_plan,
        "coverage_per_goal": per_goal,
        "overlap": _overlap(graph, analysis, label),
        "conflicts": [f for f in findings if f["group"] == "conflict"],
        "findings": findings,
        "finding_rows": finding_rows(findings),
        "decisions": issues,
        "multi_plan": len(per_plan) > 1,
        # each goal's targets worst first, the plan roll-ups and a chart per indicator; None without targets
        "progress": progress_section(model, analysis, lang, label),
    }
    if analysis.influence is not None:  # only with scored influences: other reports stay as they were
        content["influence"] = influence_content(model, analysis, graph, lang, label)
    if analysis.sdg is not None:  # the SDGs addressed, and the targets of those goals without a local contributor
        content["sdg"] = analysis.sdg
    if triage:  # only with duplicates: other reports stay as they were
        content["duplicates"] = duplicates_content(analysis, label, lang)
    if analysis.decided or analysis.stale_decisions:  # only with duplicate decisions
        content["decided"] = decided_content(analysis, label, lang)
    if analysis.unreadable:  # values the rules read as missing ("1_000"^^xsd:integer): said, not dropped
        content["unreadable"] = {
            "count": len(analysis.unreadable),
            "first": [{"subject": s, "property": p, "value": v} for s, p, v in analysis.unreadable[:UNREADABLE_SHOWN]],
        }
    return content


#: The values read as none that the report quotes (the count says how many there are).
UNREADABLE_SHOWN = 3


def unreadable_text(unreadable: dict[str, Any], lang: str) -> str:
    """The report's sentence on the values read as none (plain text: each writer escapes it)."""
    first = ", ".join(unreadable_value(u["property"], u["value"]) for u in unreadable["first"])
    return WORDS[lang]["unreadable"].format(count=counted(unreadable["count"], "value", lang), first=first)


#: Duplicate clusters listed in the report (the rest counted), members listed per cluster, plan pairs listed.
REPORT_CLUSTERS, CLUSTER_MEMBERS, REPORT_PLAN_PAIRS = 100, 25, 100


def duplicates_content(analysis: Analysis, label: Callable[[str], str], lang: str) -> dict[str, Any]:
    """The report's duplicate section: the largest clusters with their best label and members, and the plan pairs.

    Both lists are capped (:data:`REPORT_CLUSTERS`, :data:`CLUSTER_MEMBERS`,
    :data:`REPORT_PLAN_PAIRS`); ``analyze --format json`` has them all. Labels are untrusted: the templates escape them.
    """
    triage = analysis.duplicates
    ordered = sorted(triage.clusters, key=lambda c: (-len(c.members), c.kind, c.members[0]))
    clusters = []
    for c in ordered[:REPORT_CLUSTERS]:
        clusters.append(
            {
                **c.to_dict(),
                "kind_label": KIND_TITLES[lang][c.kind][1],
                "member_labels": [label(m) for m in c.members[:CLUSTER_MEMBERS]],
                "members_more": max(0, len(c.members) - CLUSTER_MEMBERS),
                "plan_labels": [label(p) for p in c.plans],
            }
        )
    pairs = [
        {**p.to_dict(), "labels": [label(p.plans[0]), label(p.plans[1])]} for p in triage.plan_pairs[:REPORT_PLAN_PAIRS]
    ]
    return {
        "total_clusters": len(triage.clusters),
        "total_plan_pairs": len(triage.plan_pairs),
        "largest": len(ordered[0].members),
        "largest_label": ordered[0].label,
        "clusters": clusters,
        "clusters_more": len(triage.clusters) - len(clusters),
        "plan_pairs": pairs,
        "plan_pairs_more": len(triage.plan_pairs) - len(pairs),
    }


def decided_content(analysis: Analysis, label: Callable[[str], str], lang: str) -> dict[str, Any]:
    """The decided duplicates and the stale decisions, with labels and words (every label escaped where shown)."""
    words = DECISION_WORDS[lang]

    def source(file: str | None, line: int | None) -> str:
        if file is None:
            return words["in_model"]
        return f"{Path(file).name}:{line}" if line else Path(file).name

    items = [
        {
            "kind": d.finding.kind,
            "kind_label": KIND_TITLES[lang][d.finding.kind][0],
            "subjects": list(d.finding.subjects),
            "subject_labels": [label(s) for s in d.finding.subjects],
            "message": d.finding.message,
            "verdict": d.decision.verdict,
            "verdict_label": words[d.decision.verdict],
            "reason": d.decision.reason,
            "date": d.decision.date,
            "creator": d.decision.creator,
            "source": source(d.decision.file, d.decision.line),
        }
        for d in analysis.decided
    ]
    stale = [
        {
            "subjects": list(s.subjects),
            "subject_labels": [label(x) for x in s.subjects],
            "verdict": s.verdict,
            "verdict_label": words[s.verdict],
            "source": source(s.file, s.line),
        }
        for s in analysis.stale_decisions
    ]
    return {"count": len(items), "pairs": items, "stale": stale}


def influence_content(
    model: Model, analysis: Analysis, graph: nx.MultiDiGraph, lang: str, label: Callable[[str], str]
) -> dict[str, Any]:
    """The report's influence section: the two cross-impact matrices (top rows and columns by influence),
    the rankings, and the counts of loops and clusters (analyze's influence section, with labels)."""
    section = analysis.influence or {}
    kinds = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
    labels = {n: label(n) for n in graph.nodes}
    return {
        "matrices": influence_matrices(
            analysis.influence_edges, kinds, labels, lang, limit=REPORT_MATRIX_ROWS, column_limit=REPORT_MATRIX_COLUMNS
        ),
        "most_enabling": [{**x, "label": label(x["element"])} for x in section.get("most_enabling", [])],
        "most_constraining": [{**x, "label": label(x["element"])} for x in section.get("most_constraining", [])],
        "reinforcing_loops": len(section.get("loops", {}).get("reinforcing", [])),
        "counteracting_loops": len(section.get("loops", {}).get("counteracting", [])),
        "loops_truncated": bool(section.get("loops", {}).get("truncated")),
        "clusters": len(section.get("clusters", [])),
        "scored": section.get("scored", 0),
    }


#: Rows and columns of each matrix in the report, a printable document: 10 columns of "+3 uadskillelig"
#: and a row header fit a landscape A4 page. ``graph --view influence`` shows the whole matrix.
REPORT_MATRIX_ROWS = 25
REPORT_MATRIX_COLUMNS = 10


def _evidence_fields(analysis: Analysis, subjects: tuple[str, ...], lang: str) -> dict[str, Any]:
    """A finding's evidence for the report: every record (as in ``analyze``'s JSON), and the first one as
    shown under the finding (``shown``: quote, where, PDF link or None), or ``no_evidence`` when the model
    has evidence elsewhere and none for these subjects. Untrusted text: the templates escape it."""
    first = analysis.evidence.first(subjects)
    shown = None
    if first is not None:
        shown = {
            "quote": first.short(),
            "where": first.where(WORDS[lang]["page_word"]),
            "link": link_target(link) if (link := pdf_link(first.document, first.page)) else None,
        }
    return {
        "evidence": analysis.evidence.of(subjects),
        "evidence_shown": shown,
        "no_evidence": shown is None and analysis.evidence.present,
    }


def finding_rows(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings table's rows: one per element, or set of elements, the findings are about.

    A pair of goals that duplicate each other and disagree on their target was
    two rows, each naming both goals; it is one row listing both findings, the
    most severe first. A finding about one goal is a row of that goal; a
    finding about nothing in particular is a row of its own. Rows come most
    severe first, then in the order of the analysis's findings; ``findings``
    are indices into the report's findings (the JSON keeps one entry per finding).

    >>> f = lambda kind, severity, *subjects: {"kind": kind, "severity": severity, "subjects": list(subjects),
    ...     "subject_labels": list(subjects), "plans": ["p"], "plan_labels": ["P"]}
    >>> [(r["labels"], r["findings"]) for r in finding_rows(
    ...     [f("duplicate-goal", "warning", "b", "a"), f("uncovered-goal", "error", "a"), f("target-conflict", "error", "a", "b")])]
    [(['a', 'b'], [2, 0]), (['a'], [1])]
    """
    grouped: dict[tuple[Any, ...], list[int]] = {}
    for i, f in enumerate(findings):
        subjects = f["subjects"]
        # most findings are about one element: no sorting for them (58,000 findings at S scale)
        key: tuple[Any, ...] = (
            (subjects[0],) if len(subjects) == 1 else tuple(sorted(set(subjects))) if subjects else (i,)
        )
        grouped.setdefault(key, []).append(i)
    rank = SEVERITY_RANK
    keyed = []
    for members in grouped.values():
        first = members[0]  # the analysis's order: members were appended in it
        if len(members) > 1:
            members.sort(key=lambda i: (rank[findings[i]["severity"]], i))
        head = findings[members[0]]
        if len(members) == 1:  # nearly every row (55,000 of 57,000 at S scale): the finding's own lists, shared
            subjects, labels, plan_labels = head["subjects"], head["subject_labels"], head["plan_labels"]
        else:  # the elements and plans in the order the findings name them, most severe first
            names = {
                s: name for i in members for s, name in zip(findings[i]["subjects"], findings[i]["subject_labels"])
            }
            plans = {p: name for i in members for p, name in zip(findings[i]["plans"], findings[i]["plan_labels"])}
            subjects, labels, plan_labels = list(names), list(names.values()), list(plans.values())
        row = {
            "severity": head["severity"],
            "subjects": subjects,
            "labels": labels,
            "plan_labels": plan_labels,
            "findings": members,
        }
        keyed.append((rank[head["severity"]], first, row))
    keyed.sort(key=lambda item: item[:2])
    return [row for _, _, row in keyed]


def number(value: int | float | str, lang: str) -> str:
    """A count or score the way ``lang`` writes it: 112013 → '112.013' in Danish, '112,013' in English.

    >>> number(112013, "da"), number(0.81, "da"), number(120000, "en")
    ('112.013', '0,81', '120,000')
    """
    return format_number(
        value if isinstance(value, str) else f"{value:.2f}" if isinstance(value, float) else str(value), lang
    )


def _headline(issue: Issue, findings: list[dict[str, Any]], label: _LabelOf, lang: str) -> str:
    """What to decide, in one line: a lone finding's message, a count of bundled ones, or the elements and their kinds."""
    members = [findings[i] for i in issue.findings]
    if len(members) == 1:
        return members[0]["message"]
    words = KIND_TITLES[lang]
    plans = [label(p) for p in issue.plans]
    if issue.bundled:
        head = f"{number(len(members), lang)} {words[issue.kinds[0]][1]}"
        return f"{head}: {_joined(plans, lang)}" if plans else head
    names = [f"«{label(s)}»" for s in issue.subjects[:3]]
    if len(issue.subjects) > 3:
        names.append(WORDS[lang]["n_others"].format(n=number(len(issue.subjects) - 3, lang)))
    return f"{_joined(names, lang)}: {', '.join(words[k][0] for k in issue.kinds)}"


def _joined(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {TEXT[lang]['and']} {items[-1]}"


def _issue(issue: Issue, findings: list[dict[str, Any]], label: _LabelOf, lang: str) -> dict[str, Any]:
    """An issue as JSON-ready data: its findings in rows, one row per set of elements they are about."""
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for i in issue.findings:
        f = findings[i]
        row = rows.setdefault(
            tuple(f["subjects"]), {"subjects": f["subjects"], "labels": f["subject_labels"], "findings": []}
        )
        row["findings"].append(i)
    return {
        "rank": issue.rank,
        "anchor": issue.anchor,
        "severity": issue.severity,
        "severity_label": SEVERITY_WORDS[lang][issue.severity],
        "headline": _headline(issue, findings, label, lang),
        "kinds": list(issue.kinds),
        "kind_labels": [KIND_TITLES[lang][k][0] for k in issue.kinds],
        "subjects": list(issue.subjects),
        "plans": list(issue.plans),
        "plan_labels": [label(p) for p in issue.plans],
        "findings": list(issue.findings),
        "bundled": issue.bundled,
        "rows": list(rows.values()),
    }


def _overlap(graph: nx.MultiDiGraph, analysis: Analysis, label: _LabelOf) -> dict[str, Any]:
    """The plan × plan matrix of shared and duplicate goals and initiatives, and what each pair shares."""
    plans = sorted((n for n, k in graph.nodes(data="kind") if k in PLAN_KINDS), key=lambda p: (label(p).casefold(), p))
    pairs: dict[tuple[str, str], dict[str, list[Any]]] = defaultdict(lambda: {k: [] for k in OVERLAP_KINDS.values()})
    for f in analysis.findings:
        key = OVERLAP_KINDS.get(f.kind)
        if key is None:
            continue
        if f.kind.startswith("shared"):
            item: Any = {"elements": list(f.subjects), "labels": [label(s) for s in f.subjects]}
            plan_pairs: Iterable[tuple[str, str]] = combinations(sorted(f.plans), 2)
        else:
            a, b = f.subjects
            item = {"elements": [a, b], "labels": [label(a), label(b)], "score": f.score}
            plan_pairs = {
                (pa, pb) if pa < pb else (pb, pa)
                for pa in graph.nodes[a]["plans"]
                for pb in graph.nodes[b]["plans"]
                if pa != pb
            }
        for pair in plan_pairs:
            pairs[pair][key].append(item)
    own = {p: {"goals": 0, "initiatives": 0} for p in plans}
    for _node, data in graph.nodes(data=True):
        if data["kind"] in ("goal", "initiative"):
            for plan in data["plans"]:
                if plan in own:
                    own[plan]["goals" if data["kind"] == "goal" else "initiatives"] += 1
    # A matrix of a thousand plans has a million cells, nearly all empty: above MATRIX_PLANS the
    # pairs (every pair that overlaps, with its counts) say the same, and the matrix is left out.
    matrix: list[list[dict[str, Any]]] | None = None
    if len(plans) <= MATRIX_PLANS:
        matrix = [_matrix_row(a, plans, pairs, own) for a in plans]
    pair_list = [
        {"plans": list(pair), "labels": [label(p) for p in pair], **found}
        for pair, found in sorted(pairs.items(), key=lambda item: [label(p).casefold() for p in item[0]])
    ]
    return {
        "plans": [{"plan": p, "label": label(p), **own[p]} for p in plans],
        "matrix": matrix,
        "pairs": pair_list,
    }


def _matrix_row(
    a: str, plans: list[str], pairs: dict[tuple[str, str], dict[str, list[Any]]], own: dict[str, dict[str, int]]
) -> list[dict[str, Any]]:
    """Plan ``a``'s row of the overlap matrix: its own counts on the diagonal, what it shares with each other plan."""
    row: list[dict[str, Any]] = []
    for b in plans:
        if a == b:
            row.append({"own": True, **own[a]})
            continue
        found = pairs.get((a, b) if a <= b else (b, a))
        counts = {k: len(found[k]) if found else 0 for k in OVERLAP_KINDS.values()}
        row.append({"own": False, "total": sum(counts.values()), **counts})
    return row


def overlap_counts(pair: dict[str, Any]) -> list[int]:
    """How many shared and duplicate goals and initiatives a pair of plans has, in :data:`OVERLAP_KINDS` order."""
    return [len(pair[key]) for key in OVERLAP_KINDS.values()]
