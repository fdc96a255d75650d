"""The report: one self-contained HTML file (or the same content as Markdown or JSON).

Content, in order: title and model summary, coverage per plan and per goal
(uncovered goals first), a plan × plan overlap matrix, the conflicts, every
finding (sortable and filterable in HTML), and the interactive coverage view.
:func:`report_content` computes it once; the three formats only render it.

Every label is untrusted text: the HTML template is autoescaped, the view's
data travels as escaped JSON, and Markdown cells are escaped here.

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
from alignment.findings import GROUPS, SEVERITIES
from alignment.messages import GROUP_TITLES, SEVERITY_WORDS
from graphs.projection import PLAN_KINDS, project
from graphs.views import CSP, KIND_WORDS, NODE_LIMIT, STATE_WORDS, view_parts
from ontology import __version__
from ontology.model import Model

__all__ = ["FORMATS", "WORDS", "report_content", "build_report", "build_markdown", "build_json", "render_report", "make_report"]

FORMATS = ("html", "md", "json")

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
    },
}


def _label(graph: nx.MultiDiGraph, iri: str) -> str:
    return " ".join(graph.nodes[iri]["label"].split()) if iri in graph else iri


def report_content(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """Everything the report says, as JSON-ready data (the JSON format is exactly this)."""
    lang = lang if lang in WORDS else "en"
    graph = graph if graph is not None else project(model, analysis, lang=lang)
    w = WORDS[lang]
    summary = analysis.summary
    kind_words = KIND_WORDS[lang]

    per_plan = []
    for row in sorted(summary["coverage_per_plan"], key=lambda r: (r["label"].casefold(), r["plan"])):
        per_plan.append(
            {
                "plan": row["plan"],
                "label": _label(graph, row["plan"]),
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
                "label": _label(graph, goal),
                "plans": list(data["plans"]),
                "plan_labels": [_label(graph, p) for p in data["plans"]],
                "state": data["coverage"],
                "state_label": STATE_WORDS[lang][data["coverage"]],
                "initiatives": data["initiatives"],
            }
        )
    per_goal.sort(key=lambda g: (_STATE_ORDER[g["state"]], g["initiatives"], g["label"].casefold(), g["goal"]))

    findings = []
    for f in analysis.findings:
        entry = f.to_dict()
        entry["subject_labels"] = [_label(graph, s) for s in f.subjects]
        entry["plan_labels"] = [_label(graph, p) for p in f.plans]
        entry["group_label"] = GROUP_TITLES[lang][f.group]
        entry["severity_label"] = SEVERITY_WORDS[lang][f.severity]
        findings.append(entry)

    return {
        "title": graph.graph.get("title") or w["report"],
        "description": graph.graph.get("description", ""),
        "lang": lang,
        "generator": f"stratalign {__version__}",
        "sources": [Path(s).name if not str(s).startswith(("http://", "https://")) else str(s) for s in model.sources],
        "summary": {k: v for k, v in summary.items() if k != "coverage_per_plan"},
        "coverage_per_plan": per_plan,
        "coverage_per_goal": per_goal,
        "overlap": _overlap(graph, analysis, lang),
        "conflicts": [f for f in findings if f["group"] == "conflict"],
        "findings": findings,
    }


def _overlap(graph: nx.MultiDiGraph, analysis: Analysis, lang: str) -> dict[str, Any]:
    """The plan × plan matrix of shared and duplicate goals and initiatives, and what each pair shares."""
    plans = sorted((n for n, k in graph.nodes(data="kind") if k in PLAN_KINDS), key=lambda p: (_label(graph, p).casefold(), p))
    pairs: dict[tuple[str, str], dict[str, list[Any]]] = defaultdict(lambda: {k: [] for k in _OVERLAP_KINDS.values()})
    for f in analysis.findings:
        key = _OVERLAP_KINDS.get(f.kind)
        if key is None:
            continue
        if f.kind.startswith("shared"):
            item: Any = {"elements": list(f.subjects), "labels": [_label(graph, s) for s in f.subjects]}
            plan_pairs = combinations(sorted(f.plans), 2)
        else:
            a, b = f.subjects
            item = {"elements": [a, b], "labels": [_label(graph, a), _label(graph, b)], "score": f.score}
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
    matrix = []
    for a in plans:
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
        {"plans": list(pair), "labels": [_label(graph, p) for p in pair], **found}
        for pair, found in sorted(pairs.items(), key=lambda item: [_label(graph, p).casefold() for p in item[0]])
    ]
    return {
        "plans": [{"plan": p, "label": _label(graph, p)} for p in plans],
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


def build_report(
    model: Model,
    analysis: Analysis,
    lang: str = "da",
    *,
    graph: nx.MultiDiGraph | None = None,
    node_limit: int = NODE_LIMIT,
) -> str:
    """The report as one self-contained HTML page: inline CSS and JS, no request leaves it."""
    lang = lang if lang in WORDS else "en"
    graph = graph if graph is not None else project(model, analysis, lang=lang)
    content = report_content(model, analysis, lang, graph=graph)
    view = view_parts(graph, "coverage", lang=lang, node_limit=node_limit, height="640px", dom_id="coverage-view")
    return _env().get_template("report.html.j2").render(
        c=content,
        w=WORDS[lang],
        groups=[(g, GROUP_TITLES[lang][g]) for g in GROUPS],
        severities=[(s, SEVERITY_WORDS[lang][s]) for s in SEVERITIES],
        severity_rank=_SEVERITY_RANK,
        view=view,
        csp=CSP,
        style=Markup(_asset("report.css")),
        script=Markup(_asset("report.js")),
        version=__version__,
    )


# ---------------------------------------------------------------------------
# Markdown and JSON


def _md(text: Any) -> str:
    """Untrusted text as one Markdown table cell or line: no HTML, links, emphasis or pipes survive."""
    text = " ".join(str(text).split())
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

    out += [f"## {w['summary']}", "", "| | |", "| --- | ---: |"]
    for key in ("plans", "goals", "focus_areas", "initiatives", "indicators", "covered_goals", "uncovered_goals", "delegated_goals"):
        out.append(f"| {w[key]} | {s[key]} |")
    out.append(f"| {w['coverage']} | {_percent(s['coverage'])} |")
    by = s["findings"]["by_severity"]
    out.append(f"| {w['findings']} | {s['findings']['total']} ({', '.join(f'{by[k]} {SEVERITY_WORDS[lang][k]}' for k in SEVERITIES)}) |")

    out += ["", f"## {w['coverage_per_plan']}", "", f"| {w['plan']} | {w['type']} | {w['goals']} | {w['covered_goals']} | {w['delegated_goals']} | {w['uncovered_goals']} | {w['coverage']} |"]
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for p in c["coverage_per_plan"]:
        out.append(
            f"| {_md(p['label'])} | {_md(p['type_label'])} | {p['goals']} | {p['covered_goals']} | {p['delegated_goals']} | {p['uncovered_goals']} | {_percent(p['coverage'])} |"
        )

    out += ["", f"## {w['coverage_per_goal']}", "", _md(w["coverage_per_goal_note"]), ""]
    out += [f"| {w['goal']} | {w['plans']} | {w['state']} | {w['reaching']} |", "| --- | --- | --- | ---: |"]
    for g in c["coverage_per_goal"]:
        out.append(f"| {_md(g['label'])} | {_md('; '.join(g['plan_labels']))} | {_md(g['state_label'])} | {g['initiatives']} |")

    overlap = c["overlap"]
    out += ["", f"## {w['overlap']}", "", _md(w["overlap_note"]), ""]
    if overlap["plans"]:
        out.append("| | " + " | ".join(_md(p["label"]) for p in overlap["plans"]) + " |")
        out.append("| --- |" + " ---: |" * len(overlap["plans"]))
        for plan, row in zip(overlap["plans"], overlap["matrix"]):
            cells = [_md(_cell_text(cell, w)) for cell in row]
            out.append(f"| {_md(plan['label'])} | " + " | ".join(cells) + " |")
    if overlap["pairs"]:
        out += ["", f"### {w['pairs']}", ""]
        for pair in overlap["pairs"]:
            out.append(f"- **{_md(pair['labels'][0])} ↔ {_md(pair['labels'][1])}**")
            for key in _OVERLAP_KINDS.values():
                for item in pair[key]:
                    text = " ≈ ".join(item["labels"])
                    if item.get("score") is not None:
                        score = format(item["score"], ".2f")
                        text += " (" + w["similarity"].format(score=score) + ")"
                    out.append(f"  - {w[key]}: {_md(text)}")
    else:
        out += ["", w["no_overlap"]]

    out += ["", f"## {w['conflicts']}", ""]
    out += _md_findings(c["conflicts"], w) if c["conflicts"] else [w["no_conflicts"]]
    out += ["", f"## {w['all_findings']}", ""]
    out += _md_findings(c["findings"], w) if c["findings"] else [w["no_findings"]]
    return "\n".join(out) + "\n"


def _cell_text(cell: dict[str, Any], w: dict[str, str]) -> str:
    if cell["own"]:
        return w["own"].format(goals=cell["goals"], initiatives=cell["initiatives"])
    if not cell["total"]:
        return "–"
    return ", ".join(f"{w[k]}: {cell[k]}" for k in _OVERLAP_KINDS.values() if cell[k])


def _md_findings(findings: list[dict[str, Any]], w: dict[str, str]) -> list[str]:
    lines = [f"| {w['severity']} | {w['group']} | {w['kind']} | {w['message']} | {w['plans']} |", "| --- | --- | --- | --- | --- |"]
    for f in findings:
        lines.append(
            f"| {_md(f['severity_label'])} | {_md(f['group_label'])} | {_md(f['kind'])} | {_md(f['message'])} | {_md('; '.join(f['plan_labels']))} |"
        )
    return lines


def build_json(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> str:
    """The report's content as JSON (the same sections as the HTML, without the interactive view)."""
    return json.dumps(report_content(model, analysis, lang, graph=graph), ensure_ascii=False, indent=2) + "\n"


def render_report(model: Model, analysis: Analysis, fmt: str = "html", lang: str = "da", *, node_limit: int = NODE_LIMIT) -> str:
    """The report in ``fmt``: html, md or json."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    graph = project(model, analysis, lang=lang)
    if fmt == "html":
        return build_report(model, analysis, lang, graph=graph, node_limit=node_limit)
    if fmt == "md":
        return build_markdown(model, analysis, lang, graph=graph)
    return build_json(model, analysis, lang, graph=graph)


def make_report(
    model: Model, *, fmt: str = "html", lang: str = "da", config: Config | None = None, node_limit: int = NODE_LIMIT
) -> str:
    """Analyse the model and write its report: the library behind ``stratalign report``."""
    return render_report(model, analyze(model, config, lang=lang), fmt, lang, node_limit=node_limit)
