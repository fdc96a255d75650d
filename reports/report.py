"""The report: one self-contained HTML file (or the same content as Markdown, JSON or PDF).

Content, in order: title, the decision page (the ranked issues of
:mod:`reports.decisions`, each a link to its card), the model summary, the
issue cards, coverage per plan and per goal
(uncovered goals first), a plan × plan overlap matrix (above
:data:`MATRIX_PLANS` plans, a table of the pairs that overlap), the
conflicts, every finding (with counts per kind), and the interactive
coverage view. :func:`report_content` computes it once; the three formats
only render it.

The HTML stays usable at national scale (100,000 findings, 26,000 goals):
the long tables travel as compact JSON rows and the page sorts, filters and
pages through all of them, :data:`PAGE_ROWS` at a time; the first page is in
the HTML too, for print and without JavaScript. Nothing is left out: capped
lists (what each pair of plans shares) say how many more there are and
where they are.

Every label is untrusted text: the HTML template is autoescaped, the page's
data travels as escaped JSON (and reaches the DOM as textContent only), and
Markdown cells are escaped here.

>>> from ontology.loaders import load_model
>>> html = make_report(load_model(["tests/data/yaml/demo.yaml"]), lang="en")  # doctest: +SKIP
"""
from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup

from alignment.analyze import Analysis, analyze
from alignment.config import Config
from alignment.findings import GROUPS, KINDS, SEVERITIES
from alignment.messages import GROUP_TITLES, KIND_TITLES, SEVERITY_WORDS, TEXT
from alignment.rules.conflict import format_number
from graphs import PLAN_KINDS, project
from ontology.gc import gc_paused
from graphs import CSP, KIND_WORDS, NODE_LIMIT, STATE_WORDS, script_json, view_parts
from ontology import __version__
from ontology.model import Model

from .decisions import Issue, decisions
from .static_graph import coverage_svg

__all__ = [
    "FORMATS", "WORDS", "PAGE_ROWS", "MATRIX_PLANS", "report_content", "build_report", "build_markdown", "build_json",
    "render_report", "make_report", "DECISIONS_SHOWN", "ISSUES_LISTED", "number",
]

FORMATS = ("html", "md", "json", "pdf")
#: The decision page names this many issues; the rest are counted and listed, folded, below.
DECISIONS_SHOWN = 7
#: Issue cards in the report; above this many the rest are counted (the findings table has them all).
ISSUES_LISTED = 200
#: Above this many plans the plan × plan matrix gives way to a table of the pairs that overlap.
MATRIX_PLANS = 30

_STATE_ORDER = {"uncovered": 0, "delegated": 1, "covered": 2}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_OVERLAP_KINDS = {
    "shared-goal": "shared_goals",
    "shared-initiative": "shared_initiatives",
    "duplicate-goal": "duplicate_goals",
    "duplicate-initiative": "duplicate_initiatives",
}

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "html_lang": "da",
        "report": "stratalign-rapport",
        "contents": "Indhold",
        "summary": "Overblik",
        "plans": "Planer",
        "visions": "Visioner",
        "strategies": "Strategier",
        "goals": "Mål",
        "focus_areas": "Indsatsområder",
        "initiatives": "Indsatser",
        "indicators": "Indikatorer",
        "covered_goals": "Dækkede mål",
        "uncovered_goals": "Udækkede mål",
        "delegated_goals": "Overdragne mål",
        "coverage": "Dækning",
        "findings": "Fund",
        "coverage_per_plan": "Dækning pr. plan",
        "coverage_per_goal": "Dækning pr. mål",
        "coverage_per_goal_note": "Hvor mange indsatser (ikke aflyste) der når hvert mål gennem bidrag. Udækkede mål står først.",
        "plan": "Plan",
        "type": "Type",
        "goal": "Mål",
        "state": "Dækning",
        "reaching": "Indsatser, der når målet",
        "overlap": "Overlap mellem planer",
        "overlap_note": "Hver celle tæller fælles og dublerede mål og indsatser mellem to planer; diagonalen viser planens egne mål og indsatser.",
        "own": "mål: {goals} · indsatser: {initiatives}",
        "shared_goals": "fælles mål",
        "shared_initiatives": "fælles indsatser",
        "duplicate_goals": "dublerede mål",
        "duplicate_initiatives": "dublerede indsatser",
        "no_overlap": "Ingen fælles eller dublerede mål og indsatser mellem planerne.",
        "pairs": "Hvad planerne deler",
        "conflicts": "Konflikter",
        "no_conflicts": "Ingen konflikter fundet.",
        "all_findings": "Alle fund",
        "no_findings": "Ingen fund.",
        "group": "Gruppe",
        "severity": "Alvor",
        "kind": "Type",
        "message": "Besked",
        "elements": "Elementer",
        "filter_text": "Søg i fund",
        "all": "Alle",
        "shown": "{n} af {total} fund vises",
        "sort_hint": "Klik på en kolonneoverskrift for at sortere.",
        "view": "Interaktiv dækningsgraf",
        "view_note": "Vision → strategier → mål → indsatsområder → indsatser. Farve = dækning; størrelse = antal indsatser, der når målet. Hold musen over et element for detaljer.",
        "generated": "Lavet med stratalign {version}",
        "sources": "Model",
        "print_note": "Den interaktive graf kræver en browser; udskriften viser den, som den står.",
        "similarity": "tekstlighed {score}",
        "first": "Første",
        "previous": "Forrige",
        "next": "Næste",
        "last": "Sidste",
        "rows": "Række {start}–{end} af {total}",
        "page_size": "Rækker pr. side",
        "no_rows": "Ingen rækker passer til filtrene.",
        "findings_by_kind": "Fund pr. type",
        "by_kind_hint": "Klik på en type for kun at vise den i tabellen nedenfor.",
        "count": "Antal",
        "goals_shown": "{n} af {total} mål vises",
        "conflicts_shown": "{n} af {total} konflikter vises",
        "pairs_shown": "{n} af {total} planpar vises",
        "filter_goals": "Søg i mål",
        "filter_conflicts": "Søg i konflikter",
        "filter_pairs": "Søg efter plan",
        "pairs_table": "Planpar med overlap",
        "matrix_too_big": "{n} planer er for mange til en matrix: tabellen viser hvert par af planer, der deler eller dublerer noget, flest først.",
        "total": "I alt",
        "more_items": "… og {n} mere",
        "pairs_top": "De {n} planpar, der deler mest (af {total}):",
        "more_pairs": "{n} planpar mere står ikke her: se tabellen ovenfor, fundene nedenfor eller JSON-udgaven (stratalign report --format json).",
        "noscript_rows": "Uden JavaScript vises kun de første {n} af {total} rækker; JSON-udgaven (stratalign report --format json) har dem alle.",
        "decide": "Det skal besluttes",
        "n_others": "{n} andre",
        "issue_n": "Sag {n}",
        "decide_note": "Fund om de samme elementer er samlet i én sag. Sagerne står efter alvor (fejl først), så efter antal fund og antal planer i sagen; ved lighed efter elementernes navne.",
        "no_decisions": "Intet at beslutte: analysen fandt intet.",
        "issues": "Sager",
        "issues_more": "{n} sager mere",
        "issues_unlisted": "{n} sager mere står ikke her: se alle fund nedenfor.",
        "issue_findings": "fund: {n}",
        "issue_plans": "planer: {n}",
        "evidence": "Se sagen",
        "show_table": "Vis tabellen ({n} rækker)",
        "pdf_rows": "Udskriften viser de første {n} af {total} rækker; HTML- og JSON-udgaven har dem alle.",
        "static_graph": "Dækningsgraf",
    },
    "en": {
        "html_lang": "en",
        "report": "stratalign report",
        "contents": "Contents",
        "summary": "Summary",
        "plans": "Plans",
        "visions": "Visions",
        "strategies": "Strategies",
        "goals": "Goals",
        "focus_areas": "Focus areas",
        "initiatives": "Initiatives",
        "indicators": "Indicators",
        "covered_goals": "Covered goals",
        "uncovered_goals": "Uncovered goals",
        "delegated_goals": "Delegated goals",
        "coverage": "Coverage",
        "findings": "Findings",
        "coverage_per_plan": "Coverage per plan",
        "coverage_per_goal": "Coverage per goal",
        "coverage_per_goal_note": "How many initiatives (not cancelled) reach each goal through contributions. Uncovered goals first.",
        "plan": "Plan",
        "type": "Kind",
        "goal": "Goal",
        "state": "Coverage",
        "reaching": "Initiatives reaching the goal",
        "overlap": "Overlap between plans",
        "overlap_note": "Each cell counts the shared and duplicate goals and initiatives of two plans; the diagonal shows the plan's own goals and initiatives.",
        "own": "goals: {goals} · initiatives: {initiatives}",
        "shared_goals": "shared goals",
        "shared_initiatives": "shared initiatives",
        "duplicate_goals": "duplicate goals",
        "duplicate_initiatives": "duplicate initiatives",
        "no_overlap": "No shared or duplicate goals or initiatives between the plans.",
        "pairs": "What the plans share",
        "conflicts": "Conflicts",
        "no_conflicts": "No conflicts found.",
        "all_findings": "All findings",
        "no_findings": "No findings.",
        "group": "Group",
        "severity": "Severity",
        "kind": "Kind",
        "message": "Message",
        "elements": "Elements",
        "filter_text": "Search the findings",
        "all": "All",
        "shown": "{n} of {total} findings shown",
        "sort_hint": "Click a column heading to sort.",
        "view": "Interactive coverage graph",
        "view_note": "Vision → strategies → goals → focus areas → initiatives. Colour = coverage; size = number of initiatives reaching the goal. Hover over an element for details.",
        "generated": "Made with stratalign {version}",
        "sources": "Model",
        "print_note": "The interactive graph needs a browser; the printout shows it as it stands.",
        "similarity": "text similarity {score}",
        "first": "First",
        "previous": "Previous",
        "next": "Next",
        "last": "Last",
        "rows": "Rows {start}–{end} of {total}",
        "page_size": "Rows per page",
        "no_rows": "No rows match the filters.",
        "findings_by_kind": "Findings by kind",
        "by_kind_hint": "Click a kind to show only it in the table below.",
        "count": "Count",
        "goals_shown": "{n} of {total} goals shown",
        "conflicts_shown": "{n} of {total} conflicts shown",
        "pairs_shown": "{n} of {total} pairs of plans shown",
        "filter_goals": "Search the goals",
        "filter_conflicts": "Search the conflicts",
        "filter_pairs": "Search for a plan",
        "pairs_table": "Pairs of plans that overlap",
        "matrix_too_big": "{n} plans are too many for a matrix: the table lists every pair of plans that shares or duplicates something, most first.",
        "total": "Total",
        "more_items": "… and {n} more",
        "pairs_top": "The {n} pairs of plans that share the most (of {total}):",
        "more_pairs": "{n} more pairs of plans are not listed here: see the table above, the findings below or the JSON output (stratalign report --format json).",
        "noscript_rows": "Without JavaScript only the first {n} of {total} rows are shown; the JSON output (stratalign report --format json) has them all.",
        "decide": "To decide",
        "n_others": "{n} others",
        "issue_n": "Issue {n}",
        "decide_note": "Findings about the same elements are one issue. Issues are ranked by severity (errors first), then by the number of findings and of plans in the issue; ties by the names of the elements.",
        "no_decisions": "Nothing to decide: the analysis found nothing.",
        "issues": "Issues",
        "issues_more": "{n} more issues",
        "issues_unlisted": "{n} more issues are not listed here: see all findings below.",
        "issue_findings": "findings: {n}",
        "issue_plans": "plans: {n}",
        "evidence": "See the issue",
        "show_table": "Show the table ({n} rows)",
        "pdf_rows": "The printout shows the first {n} of {total} rows; the HTML and JSON outputs have them all.",
        "static_graph": "Coverage graph",
    },
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


def report_content(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> dict[str, Any]:
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
    per_goal.sort(key=lambda g: (_STATE_ORDER[g["state"]], g["initiatives"], g["label"].casefold(), g["goal"]))

    findings = []
    for f in analysis.findings:
        entry = f.to_dict()
        entry["subject_labels"] = [label(s) for s in f.subjects]
        entry["plan_labels"] = [label(p) for p in f.plans]
        entry["group_label"] = GROUP_TITLES[lang][f.group]
        entry["severity_label"] = SEVERITY_WORDS[lang][f.severity]
        entry["kind_label"] = KIND_TITLES[lang][f.kind][0]
        findings.append(entry)
    issues = [_issue(issue, findings, label, lang) for issue in decisions(analysis.findings, label)]

    return {
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
        "decisions": issues,
        "multi_plan": len(per_plan) > 1,
    }


def number(value: int | float | str, lang: str) -> str:
    """A count or score the way ``lang`` writes it: 112013 → '112.013' in Danish, '112,013' in English.

    >>> number(112013, "da"), number(0.81, "da"), number(120000, "en")
    ('112.013', '0,81', '120,000')
    """
    return format_number(value if isinstance(value, str) else f"{value:.2f}" if isinstance(value, float) else str(value), lang)


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
        row = rows.setdefault(tuple(f["subjects"]), {"subjects": f["subjects"], "labels": f["subject_labels"], "findings": []})
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
    pairs: dict[tuple[str, str], dict[str, list[Any]]] = defaultdict(lambda: {k: [] for k in _OVERLAP_KINDS.values()})
    for f in analysis.findings:
        key = _OVERLAP_KINDS.get(f.kind)
        if key is None:
            continue
        if f.kind.startswith("shared"):
            item: Any = {"elements": list(f.subjects), "labels": [label(s) for s in f.subjects]}
            plan_pairs = combinations(sorted(f.plans), 2)
        else:
            a, b = f.subjects
            item = {"elements": [a, b], "labels": [label(a), label(b)], "score": f.score}
            plan_pairs = {
                tuple(sorted((pa, pb)))
                for pa in graph.nodes[a]["plans"]
                for pb in graph.nodes[b]["plans"]
                if pa != pb
            }
        for pair in plan_pairs:
            pairs[pair][key].append(item)
    own = {p: {"goals": 0, "initiatives": 0} for p in plans}
    for node, data in graph.nodes(data=True):
        if data["kind"] in ("goal", "initiative"):
            for plan in data["plans"]:
                if plan in own:
                    own[plan]["goals" if data["kind"] == "goal" else "initiatives"] += 1
    # A matrix of a thousand plans has a million cells, nearly all empty: above MATRIX_PLANS the
    # pairs (every pair that overlaps, with its counts) say the same, and the matrix is left out.
    matrix: list[list[dict[str, Any]]] | None = [] if len(plans) <= MATRIX_PLANS else None
    for a in plans if matrix is not None else ():
        row = []
        for b in plans:
            if a == b:
                row.append({"own": True, **own[a]})
                continue
            found = pairs.get(tuple(sorted((a, b))))
            counts = {k: len(found[k]) if found else 0 for k in _OVERLAP_KINDS.values()}
            row.append({"own": False, "total": sum(counts.values()), **counts})
        matrix.append(row)
    pair_list = [
        {"plans": list(pair), "labels": [label(p) for p in pair], **found}
        for pair, found in sorted(pairs.items(), key=lambda item: [label(p).casefold() for p in item[0]])
    ]
    return {
        "plans": [{"plan": p, "label": label(p), **own[p]} for p in plans],
        "matrix": matrix,
        "pairs": pair_list,
    }


# ---------------------------------------------------------------------------
# HTML


@lru_cache(maxsize=1)
def _env():
    import jinja2

    # autoescape=True: the template is .html.j2, which select_autoescape would leave unescaped.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = _percent
    return env


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    from importlib import resources

    text = (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower() or "<!--" in text:
        raise ValueError(f"{name} cannot be inlined safely")
    return text


#: A table longer than this starts folded (a <details>: open it with one click; print opens it).
FOLD_ROWS = 25
#: Rows a table shows per page; the first page is also in the HTML itself (for print and without JavaScript).
PAGE_ROWS = 100
#: "What the plans share" lists this many pairs, each with this many elements per kind; the rest is counted.
PAIRS_LISTED = 50
ITEMS_LISTED = 20
#: The global function the embedded view asks for a finding's severity and message (no second copy of 100,000 messages).
_MESSAGE_FUNCTION = "stratalignReportMessage"


class _Labels:
    """Labels as numbers into one list, so a plan named on 10,000 findings is written once."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, label: str) -> int:
        found = self._index.get(label)
        if found is None:
            found = self._index[label] = len(self.items)
            self.items.append(label)
        return found


def _overlap_counts(pair: dict[str, Any]) -> list[int]:
    return [len(pair[key]) for key in _OVERLAP_KINDS.values()]


def _listed_pairs(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs "What the plans share" lists: all of them, or the ones sharing the most, each capped."""
    if len(pairs) > PAIRS_LISTED:
        pairs = sorted(pairs, key=lambda pair: -sum(_overlap_counts(pair)))[:PAIRS_LISTED]
    listed = []
    for pair in pairs:
        entry: dict[str, Any] = {"labels": pair["labels"], "total": sum(_overlap_counts(pair))}
        for key in _OVERLAP_KINDS.values():
            entry[key] = pair[key][:ITEMS_LISTED]
            entry[key + "_more"] = max(0, len(pair[key]) - ITEMS_LISTED)
        listed.append(entry)
    return listed


def _page_data(content: dict[str, Any], lang: str, print_graph: str = "") -> dict[str, Any]:
    """What the page's tables are drawn from: every finding, goal and pair of plans, as compact rows.

    A national model has 100,000 findings: as HTML rows they made a report of
    a quarter of a gigabyte that no browser finished opening. As rows of
    numbers and strings they are a few tens of megabytes, and the page draws
    one page of each table at a time (sorted and filtered over all rows).
    """
    labels = _Labels()
    kinds = sorted({f["kind"] for f in content["findings"]})
    kind_index = {k: i for i, k in enumerate(kinds)}
    severity_index = {s: i for i, s in enumerate(SEVERITIES)}
    group_index = {g: i for i, g in enumerate(GROUPS)}
    findings = [
        [
            severity_index[f["severity"]],
            group_index[f["group"]],
            kind_index[f["kind"]],
            f["message"],
            [labels(s) for s in f["subject_labels"]],
            [labels(p) for p in f["plan_labels"]],
        ]
        for f in content["findings"]
    ]
    conflicts = [i for i, f in enumerate(content["findings"]) if f["group"] == "conflict"]
    state_index = {s: i for i, s in enumerate(_STATE_ORDER)}
    goals = [
        [labels(g["label"]), [labels(p) for p in g["plan_labels"]], state_index[g["state"]], g["initiatives"]]
        for g in content["coverage_per_goal"]
    ]
    pairs = [[labels(pair["labels"][0]), labels(pair["labels"][1]), *_overlap_counts(pair)] for pair in content["overlap"]["pairs"]]
    return {
        "lang": lang,
        "page": PAGE_ROWS,
        "labels": labels.items,
        "severities": list(SEVERITIES),
        "severityLabels": [SEVERITY_WORDS[lang][s] for s in SEVERITIES],
        "groups": list(GROUPS),
        "groupLabels": [GROUP_TITLES[lang][g] for g in GROUPS],
        "kinds": kinds,
        "kindLabels": [KIND_TITLES[lang][k][0] for k in kinds],
        "multiPlan": content["multi_plan"],
        "states": list(_STATE_ORDER),
        "stateLabels": [STATE_WORDS[lang][s] for s in _STATE_ORDER],
        "words": WORDS[lang],
        "findings": findings,
        "conflicts": conflicts,
        "goals": goals,
        "pairs": pairs,
        "messageFunction": _MESSAGE_FUNCTION,
        # the static graph for the browser's print: a string until printing, so no label is ever markup in the page
        "printGraph": print_graph,
    }


def build_report(
    model: Model,
    analysis: Analysis,
    lang: str = "da",
    *,
    graph: nx.MultiDiGraph | None = None,
    node_limit: int = NODE_LIMIT,
    pdf: bool = False,
) -> str:
    """The report as one self-contained HTML page: inline CSS and JS, no request leaves it.

    ``pdf``: the page to print (see :mod:`reports.pdf`): no script, every fold open,
    the graph as a static picture with its legend.
    """
    lang = lang if lang in WORDS else "en"
    with gc_paused():  # see ontology.gc: a national model is hundreds of thousands of small objects
        graph = graph if graph is not None else project(model, analysis, lang=lang)
        content = report_content(model, analysis, lang, graph=graph)
        view = {"style": "", "body": "", "scripts": ""} if pdf else view_parts(
            graph, "coverage", lang=lang, node_limit=node_limit, height="640px", dom_id="coverage-view",
            message_function=_MESSAGE_FUNCTION,
        )
        by_kind = content["summary"]["findings"].get("by_kind", {})
        overlap = content["overlap"]
        static_graph = coverage_svg(graph, lang)
        return _env().get_template("report.html.j2").render(
            c=content,
            w=WORDS[lang],
            groups=[(g, GROUP_TITLES[lang][g]) for g in GROUPS],
            severities=[(s, SEVERITY_WORDS[lang][s]) for s in SEVERITIES],
            states=[(s, STATE_WORDS[lang][s]) for s in _STATE_ORDER],
            kinds=[(k, GROUP_TITLES[lang][KINDS[k]], n) for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))],
            severity_rank=_SEVERITY_RANK,
            page_rows=PAGE_ROWS,
            matrix=overlap["matrix"] is not None,
            pair_rows=sorted(overlap["pairs"], key=lambda pair: -sum(_overlap_counts(pair)))[:PAGE_ROWS],
            pair_counts=_overlap_counts,
            listed_pairs=_listed_pairs(overlap["pairs"]),
            data=Markup("" if pdf else script_json(_page_data(content, lang, static_graph))),
            num=lambda value: number(value, lang),
            kind_words={k: v[0] for k, v in KIND_TITLES[lang].items()},
            decisions_shown=DECISIONS_SHOWN,
            issues_listed=ISSUES_LISTED,
            fold_rows=FOLD_ROWS,
            pdf=pdf,
            static_graph=Markup(static_graph if pdf else ""),
            view=view,
            csp=CSP,
            style=Markup(_asset("report.css")),
            script=Markup(_asset("report.js")),
            version=__version__,
        )


# ---------------------------------------------------------------------------
# Markdown and JSON


def _md(text: Any) -> str:
    """Untrusted text as one Markdown table cell or line: no HTML, links, emphasis, pipes or
    control characters (ESC, BEL, NUL: they drive the terminal that shows the file) survive."""
    from ontology.results import one_line

    text = one_line(str(text))
    for char, escaped in (
        ("\\", "\\\\"),
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("|", "\\|"),
        ("[", "\\["),
        ("]", "\\]"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("`", "\\`"),
        ("#", "\\#"),
        ("!", "\\!"),
    ):
        text = text.replace(char, escaped)
    return text


def build_markdown(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> str:
    """The report's content as Markdown (GitHub-flavoured tables); every label escaped."""
    lang = lang if lang in WORDS else "en"
    c = report_content(model, analysis, lang, graph=graph)
    w = WORDS[lang]
    s = c["summary"]
    out = [f"# {_md(c['title'])}", ""]
    if c["description"]:
        out += [_md(p) + "\n" for p in c["description"].split("\n\n") if p.strip()]
    out += [f"*{_md(w['generated'].format(version=__version__))} · {_md(w['sources'])}: {_md(', '.join(c['sources']))}*", ""]
    num = lambda value: number(value, lang)  # noqa: E731 - the one number style of the report

    # the decision page; the issue cards (each a heading the decision page links to) follow the summary
    out += [f"## {w['decide']}", ""]
    cards: list[str] = []
    issues = c["decisions"]
    if issues:
        out += [_md(w["decide_note"]), ""]
        for d in issues[:DECISIONS_SHOWN]:
            out.append(f"{d['rank']}. **{_md(d['severity_label'])}**: [{_md(d['headline'])}](#{_md_slug(w['issue_n'].format(n=d['rank']))})")
        if len(issues) > DECISIONS_SHOWN:
            out += ["", _md(w["issues_more"].format(n=num(len(issues) - DECISIONS_SHOWN)))]
        cards += [f"## {w['issues']}", ""]
        for d in issues[:ISSUES_LISTED]:
            # the heading is only "Sag 3": its anchor (#sag-3) is known, whatever the labels are
            cards += [f"### {w['issue_n'].format(n=d['rank'])}", "", f"**{_md(d['headline'])}**", ""]
            facts = [_md(d["severity_label"]), _md(", ".join(d["kind_labels"]))]
            if c["multi_plan"] and d["plan_labels"]:
                facts.append(_md("; ".join(d["plan_labels"])))
            cards += [" · ".join(facts), "", f"| {w['elements']} | {w['kind']} | {w['message']} |", "| --- | --- | --- |"]
            for row in d["rows"]:
                for n, i in enumerate(row["findings"]):
                    f = c["findings"][i]
                    name = _md(" ↔ ".join(row["labels"])) if n == 0 else ""  # the elements once per row group
                    cards.append(f"| {name} | {_md(f['severity_label'])}: {_md(f['kind_label'])} | {_md(f['message'])} |")
            cards.append("")
        if len(issues) > ISSUES_LISTED:
            cards += [_md(w["issues_unlisted"].format(n=num(len(issues) - ISSUES_LISTED))), ""]
    else:
        out += [w["no_decisions"], ""]

    out += [f"## {w['summary']}", "", "| | |", "| --- | ---: |"]
    for key in ("plans", "goals", "focus_areas", "initiatives", "indicators", "covered_goals", "uncovered_goals", "delegated_goals"):
        out.append(f"| {w[key]} | {num(s[key])} |")
    out.append(f"| {w['coverage']} | {_percent(s['coverage'])} |")
    by = s["findings"]["by_severity"]
    out.append(f"| {w['findings']} | {num(s['findings']['total'])} ({', '.join(f'{num(by[k])} {SEVERITY_WORDS[lang][k]}' for k in SEVERITIES)}) |")
    if cards:
        out += [""] + cards

    out += ["", f"## {w['coverage_per_plan']}", "", f"| {w['plan']} | {w['type']} | {w['goals']} | {w['covered_goals']} | {w['delegated_goals']} | {w['uncovered_goals']} | {w['coverage']} |"]
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for p in c["coverage_per_plan"]:
        out.append(
            f"| {_md(p['label'])} | {_md(p['type_label'])} | {num(p['goals'])} | {num(p['covered_goals'])} | {num(p['delegated_goals'])} | {num(p['uncovered_goals'])} | {_percent(p['coverage'])} |"
        )

    out += ["", f"## {w['coverage_per_goal']}", "", _md(w["coverage_per_goal_note"]), ""]
    if c["multi_plan"]:
        out += [f"| {w['goal']} | {w['plans']} | {w['state']} | {w['reaching']} |", "| --- | --- | --- | ---: |"]
    else:  # one plan: no column saying so on every row
        out += [f"| {w['goal']} | {w['state']} | {w['reaching']} |", "| --- | --- | ---: |"]
    for g in c["coverage_per_goal"]:
        plans = f" {_md('; '.join(g['plan_labels']))} |" if c["multi_plan"] else ""
        out.append(f"| {_md(g['label'])} |{plans} {_md(g['state_label'])} | {num(g['initiatives'])} |")

    overlap = c["overlap"]
    out += ["", f"## {w['overlap']}", "", _md(w["overlap_note"]), ""]
    if overlap["plans"] and overlap["matrix"] is not None:
        out.append("| | " + " | ".join(_md(p["label"]) for p in overlap["plans"]) + " |")
        out.append("| --- |" + " ---: |" * len(overlap["plans"]))
        for plan, row in zip(overlap["plans"], overlap["matrix"]):
            cells = [_md(_cell_text(cell, w, lang)) for cell in row]
            out.append(f"| {_md(plan['label'])} | " + " | ".join(cells) + " |")
    elif overlap["pairs"]:  # too many plans for a matrix: the pairs that overlap, most first
        out += [_md(w["matrix_too_big"].format(n=len(overlap["plans"]))), ""]
        keys = list(_OVERLAP_KINDS.values())
        out.append(f"| {w['plan']} | {w['plan']} | {w['total']} | " + " | ".join(w[k] for k in keys) + " |")
        out.append("| --- | --- | ---: |" + " ---: |" * len(keys))
        for pair in sorted(overlap["pairs"], key=lambda pair: -sum(_overlap_counts(pair))):
            counts = _overlap_counts(pair)
            out.append(f"| {_md(pair['labels'][0])} | {_md(pair['labels'][1])} | {num(sum(counts))} | " + " | ".join(map(num, counts)) + " |")
    if overlap["pairs"]:
        out += ["", f"### {w['pairs']}", ""]
        for pair in overlap["pairs"]:
            out.append(f"- **{_md(pair['labels'][0])} ↔ {_md(pair['labels'][1])}**")
            for key in _OVERLAP_KINDS.values():
                for item in pair[key]:
                    text = " ≈ ".join(item["labels"])
                    if item.get("score") is not None:
                        score = num(item["score"])
                        text += " (" + w["similarity"].format(score=score) + ")"
                    out.append(f"  - {w[key]}: {_md(text)}")
    else:
        out += ["", w["no_overlap"]]

    out += ["", f"## {w['conflicts']}", ""]
    out += _md_findings(c["conflicts"], w, c["multi_plan"]) if c["conflicts"] else [w["no_conflicts"]]
    out += ["", f"## {w['all_findings']}", ""]
    out += _md_findings(c["findings"], w, c["multi_plan"]) if c["findings"] else [w["no_findings"]]
    return "\n".join(out) + "\n"


def _md_slug(heading: str) -> str:
    """The anchor GitHub and most renderers give a heading of plain words: "Sag 3" → "sag-3"."""
    return heading.lower().replace(" ", "-")


def _cell_text(cell: dict[str, Any], w: dict[str, str], lang: str) -> str:
    if cell["own"]:
        return w["own"].format(goals=number(cell["goals"], lang), initiatives=number(cell["initiatives"], lang))
    if not cell["total"]:
        return "–"
    return ", ".join(f"{w[k]}: {number(cell[k], lang)}" for k in _OVERLAP_KINDS.values() if cell[k])


def _md_findings(findings: list[dict[str, Any]], w: dict[str, str], multi_plan: bool = True) -> list[str]:
    head = f"| {w['severity']} | {w['group']} | {w['kind']} | {w['message']} |"
    lines = [head + f" {w['plans']} |" if multi_plan else head, "| --- | --- | --- | --- |" + (" --- |" if multi_plan else "")]
    for f in findings:
        plans = f" {_md('; '.join(f['plan_labels']))} |" if multi_plan else ""
        lines.append(f"| {_md(f['severity_label'])} | {_md(f['group_label'])} | {_md(f['kind_label'])} | {_md(f['message'])} |{plans}")
    return lines


def build_json(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> str:
    """The report's content as JSON (the same sections as the HTML, without the interactive view)."""
    return json.dumps(report_content(model, analysis, lang, graph=graph), ensure_ascii=False, indent=2) + "\n"


def render_report(
    model: Model, analysis: Analysis, fmt: str = "html", lang: str = "da", *, node_limit: int = NODE_LIMIT, where: str = "-"
) -> str | bytes:
    """The report in ``fmt``: html, md or json as text, pdf as bytes (``where`` names the output in errors)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with gc_paused():  # see ontology.gc
        graph = project(model, analysis, lang=lang)
        if fmt == "html":
            return build_report(model, analysis, lang, graph=graph, node_limit=node_limit)
        if fmt == "md":
            return build_markdown(model, analysis, lang, graph=graph)
        if fmt == "pdf":
            from .pdf import build_pdf

            return build_pdf(model, analysis, lang, graph=graph, where=where)
        return build_json(model, analysis, lang, graph=graph)


def make_report(
    model: Model, *, fmt: str = "html", lang: str = "da", config: Config | None = None, node_limit: int = NODE_LIMIT,
    where: str = "-",
) -> str | bytes:
    """Analyse the model and write its report: the library behind ``stratalign report`` (pdf: bytes)."""
    return render_report(model, analyze(model, config, lang=lang), fmt, lang, node_limit=node_limit, where=where)
