"""The report as one self-contained HTML page: inline CSS and JS, no request leaves it.

The page stays usable at national scale (100,000 findings, 26,000 goals):
the long tables travel as compact JSON rows and the page sorts, filters and
pages through all of them, :data:`PAGE_ROWS` at a time; the first page is in
the HTML too, for print and without JavaScript. Nothing is left out: capped
lists (what each pair of plans shares) say how many more there are and
where they are.

Every label is untrusted text: the template is autoescaped
(:func:`ontology.textsafety.html_templates`), and the page's data travels as
escaped JSON (and reaches the DOM as textContent only).

>>> html = build_report(model, analysis, "en")  # doctest: +SKIP
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import networkx as nx
from markupsafe import Markup

from alignment import (
    DECISION_WORDS,
    GROUP_TITLES,
    GROUPS,
    KIND_TITLES,
    KINDS,
    SEVERITIES,
    SEVERITY_WORDS,
    Analysis,
)
from graphs import CSP, NODE_LIMIT, STATE_WORDS, matrix_markup, project, script_json, view_parts
from ontology import Model, __version__, counted, format_time, gc_paused, html_templates, percent

from .content import (
    DECISIONS_SHOWN,
    ISSUES_LISTED,
    OVERLAP_KINDS,
    SEVERITY_RANK,
    STATE_ORDER,
    number,
    overlap_counts,
    report_content,
    unreadable_text,
)
from .progress_chart import chart_svg, plain_number
from .progress_section import CHARTS_SHOWN
from .static_graph import coverage_svg
from .words import SDG_WORDS, WORDS

__all__ = ["build_report", "FOLD_ROWS", "PAGE_ROWS", "PAIRS_LISTED", "ITEMS_LISTED"]


@lru_cache(maxsize=1)
def _env() -> Any:
    env = html_templates(package=__package__)
    env.filters["percent"] = percent
    return env


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


def _listed_pairs(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs "What the plans share" lists: all of them, or the ones sharing the most, each capped."""
    if len(pairs) > PAIRS_LISTED:
        pairs = sorted(pairs, key=lambda pair: -sum(overlap_counts(pair)))[:PAIRS_LISTED]
    listed = []
    for pair in pairs:
        entry: dict[str, Any] = {"labels": pair["labels"], "total": sum(overlap_counts(pair))}
        for key in OVERLAP_KINDS.values():
            entry[key] = pair[key][:ITEMS_LISTED]
            entry[key + "_more"] = max(0, len(pair[key]) - ITEMS_LISTED)
        listed.append(entry)
    return listed


def _evidence_cell(finding: dict[str, Any], present: bool) -> list[Any]:
    """The finding row's evidence field for report.js: [quote, where, PDF link or null], or 0 for
    "no evidence"; nothing when the model has no evidence at all."""
    if not present:
        return []
    shown = finding["evidence_shown"]
    return [[shown["quote"], shown["where"], shown["link"]] if shown else 0]


def _page_data(content: dict[str, Any], lang: str, print_graph: str = "") -> dict[str, Any]:
    """What the page's tables are drawn from: every finding, goal and pair of plans, as compact rows.

    A national model has 100,000 findings: as HTML rows they made a report of
    a quarter of a gigabyte that no browser finished opening. As rows of
    numbers and strings they are a few tens of megabytes, and the page draws
    one page of each table at a time (sorted and filtered over all rows).
    """
    labels = _Labels()
    # a sixth field only in a model with evidence, so that the page of any other model stays as it was
    evidence_present = any(f["evidence_shown"] or f["no_evidence"] for f in content["findings"])
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
            [labels(p) for p in f["plan_labels"]],
            *_evidence_cell(f, evidence_present),
        ]
        for f in content["findings"]
    ]  # the elements are the findings table's rows' (below): a pair named once, not on each of its findings
    conflicts = [i for i, f in enumerate(content["findings"]) if f["group"] == "conflict"]
    # the findings table: one row per element or pair, its findings by number into the list above
    rows = [
        [
            severity_index[r["severity"]],
            r["findings"],
            [labels(s) for s in r["labels"]],
            [labels(p) for p in r["plan_labels"]],
        ]
        for r in content["finding_rows"]
    ]
    state_index = {s: i for i, s in enumerate(STATE_ORDER)}
    goals = [
        [labels(g["label"]), [labels(p) for p in g["plan_labels"]], state_index[g["state"]], g["initiatives"]]
        for g in content["coverage_per_goal"]
    ]
    pairs = [
        [labels(pair["labels"][0]), labels(pair["labels"][1]), *overlap_counts(pair)]
        for pair in content["overlap"]["pairs"]
    ]
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
        "states": list(STATE_ORDER),
        "stateLabels": [STATE_WORDS[lang][s] for s in STATE_ORDER],
        "words": WORDS[lang],
        "findings": findings,
        "conflicts": conflicts,
        "findingRows": rows,
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
        view = (
            {"style": "", "body": "", "scripts": ""}
            if pdf
            else view_parts(
                graph,
                "coverage",
                lang=lang,
                node_limit=node_limit,
                height="640px",
                dom_id="coverage-view",
                message_function=_MESSAGE_FUNCTION,
            )
        )
        by_kind = content["summary"]["findings"].get("by_kind", {})
        overlap = content["overlap"]
        static_graph = coverage_svg(graph, lang)
        w = WORDS[lang]
        chart_words = {k: w["legend_" + k] for k in ("observed", "baseline", "target", "path")}
        charts = [
            Markup(chart_svg(chart, lang, words=chart_words))
            for chart in (content["progress"] or {}).get("charts", [])[:CHARTS_SHOWN]
        ]
        return (
            _env()
            .get_template("report.html.j2")
            .render(
                c=content,
                w=WORDS[lang],
                sw=SDG_WORDS[lang],
                dw=DECISION_WORDS[lang],
                groups=[(g, GROUP_TITLES[lang][g]) for g in GROUPS],
                severities=[(s, SEVERITY_WORDS[lang][s]) for s in SEVERITIES],
                states=[(s, STATE_WORDS[lang][s]) for s in STATE_ORDER],
                kinds=[
                    (k, GROUP_TITLES[lang][KINDS[k]], n)
                    for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                severity_rank=SEVERITY_RANK,
                page_rows=PAGE_ROWS,
                matrix=overlap["matrix"] is not None,
                pair_rows=sorted(overlap["pairs"], key=lambda pair: -sum(overlap_counts(pair)))[:PAGE_ROWS],
                pair_counts=overlap_counts,
                listed_pairs=_listed_pairs(overlap["pairs"]),
                data=Markup("" if pdf else script_json(_page_data(content, lang, static_graph))),
                num=lambda value: number(value, lang),
                count=lambda n, noun: counted(n, noun, lang),
                time=lambda t: format_time(t, lang),
                unreadable=unreadable_text(content["unreadable"], lang) if content.get("unreadable") else "",
                value=lambda v: "–" if v is None else plain_number(v, lang),
                charts=charts,
                kind_words={k: v[0] for k, v in KIND_TITLES[lang].items()},
                decisions_shown=DECISIONS_SHOWN,
                issues_listed=ISSUES_LISTED,
                fold_rows=FOLD_ROWS,
                pdf=pdf,
                static_graph=Markup(static_graph if pdf else ""),
                view=view,
                influence_matrices=Markup(
                    matrix_markup(content["influence"]["matrices"], lang, script=not pdf)
                    if "influence" in content
                    else ""
                ),
                csp=CSP,
                style=Markup(_asset("report.css")),
                script=Markup(_asset("report.js")),
                version=__version__,
            )
        )
