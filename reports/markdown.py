"""The report's content as Markdown (GitHub-flavoured tables): the same sections as the HTML.

Every label is untrusted text and goes through :func:`ontology.textsafety.markdown`
(one line, control characters stripped, Markdown and HTML syntax escaped).

>>> md = build_markdown(model, analysis, "da")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from alignment import DECISION_WORDS, SEVERITIES, Analysis
from graphs import WORDS as GRAPH_WORDS
from ontology import Model, __version__, counted, format_number, format_time, markdown, percent

from .content import (
    DECISIONS_SHOWN,
    ISSUES_LISTED,
    OVERLAP_KINDS,
    number,
    overlap_counts,
    report_content,
    unreadable_text,
)
from .progress_chart import plain_number
from .words import SDG_WORDS, WORDS

__all__ = ["build_markdown"]


def build_markdown(model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None) -> str:
    """The report's content as Markdown (GitHub-flavoured tables); every label escaped."""
    lang = lang if lang in WORDS else "en"
    c = report_content(model, analysis, lang, graph=graph)
    w = WORDS[lang]
    s = c["summary"]
    out = [f"# {markdown(c['title'])}", ""]
    if c["description"]:
        out += [markdown(p) + "\n" for p in c["description"].split("\n\n") if p.strip()]
    out += [
        f"*{markdown(w['generated'].format(version=__version__))} · {markdown(w['sources'])}: {markdown(', '.join(c['sources']))}*",
        "",
    ]
    num = lambda value: number(value, lang)  # noqa: E731 - the one number style of the report

    # the decision page; the issue cards (each a heading the decision page links to) follow the summary
    out += [f"## {w['decide']}", ""]
    cards: list[str] = []
    issues = c["decisions"]
    if issues:
        out += [markdown(w["decide_note"]), ""]
        for d in issues[:DECISIONS_SHOWN]:
            out.append(
                f"{d['rank']}. **{markdown(d['severity_label'])}**: [{markdown(d['headline'])}](#{_md_slug(w['issue_n'].format(n=d['rank']))})"
            )
        if len(issues) > DECISIONS_SHOWN:
            out += ["", markdown(w["issues_more"].format(n=num(len(issues) - DECISIONS_SHOWN)))]
        cards += [f"## {w['issues']}", ""]
        for d in issues[:ISSUES_LISTED]:
            # the heading is only "Sag 3": its anchor (#sag-3) is known, whatever the labels are
            cards += [f"### {w['issue_n'].format(n=d['rank'])}", "", f"**{markdown(d['headline'])}**", ""]
            facts = [markdown(d["severity_label"]), markdown(", ".join(d["kind_labels"]))]
            if c["multi_plan"] and d["plan_labels"]:
                facts.append(markdown("; ".join(d["plan_labels"])))
            cards += [
                " · ".join(facts),
                "",
                f"| {w['elements']} | {w['kind']} | {w['message']} |",
                "| --- | --- | --- |",
            ]
            for row in d["rows"]:
                for n, i in enumerate(row["findings"]):
                    f = c["findings"][i]
                    name = markdown(" ↔ ".join(row["labels"])) if n == 0 else ""  # the elements once per row group
                    cards.append(
                        f"| {name} | {markdown(f['severity_label'])}: {markdown(f['kind_label'])} | {markdown(f['message'])}{md_evidence(f, w)} |"
                    )
            cards.append("")
        if len(issues) > ISSUES_LISTED:
            cards += [markdown(w["issues_unlisted"].format(n=num(len(issues) - ISSUES_LISTED))), ""]
    else:
        out += [w["no_decisions"], ""]

    out += [f"## {w['summary']}", "", "| | |", "| --- | ---: |"]
    for key in (
        "plans",
        "goals",
        "focus_areas",
        "initiatives",
        "indicators",
        "covered_goals",
        "uncovered_goals",
        "delegated_goals",
    ):
        out.append(f"| {w[key]} | {num(s[key])} |")
    out.append(f"| {w['coverage']} | {percent(s['coverage'])} |")
    by = s["findings"]["by_severity"]
    out.append(
        f"| {w['findings']} | {num(s['findings']['total'])} ({', '.join(counted(by[k], k, lang) for k in SEVERITIES)}) |"
    )
    if c.get("unreadable"):
        out += ["", markdown(unreadable_text(c["unreadable"], lang))]
    if c.get("influence"):
        out += [""] + _md_influence(c["influence"], w, lang)
    if c["progress"]:
        out += [""] + _md_progress(c["progress"], w, lang)
    if c.get("sdg"):
        out += [""] + _md_sdg(c["sdg"], SDG_WORDS[lang], lang)
    if c.get("decided"):
        out += [""] + _md_decided(c["decided"], lang)
    if cards:
        out += [""] + cards

    out += [
        "",
        f"## {w['coverage_per_plan']}",
        "",
        f"| {w['plan']} | {w['type']} | {w['goals']} | {w['covered_goals']} | {w['delegated_goals']} | {w['uncovered_goals']} | {w['coverage']} |",
    ]
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for p in c["coverage_per_plan"]:
        out.append(
            f"| {markdown(p['label'])} | {markdown(p['type_label'])} | {num(p['goals'])} | {num(p['covered_goals'])} | {num(p['delegated_goals'])} | {num(p['uncovered_goals'])} | {percent(p['coverage'])} |"
        )

    out += ["", f"## {w['coverage_per_goal']}", "", markdown(w["coverage_per_goal_note"]), ""]
    if c["multi_plan"]:
        out += [f"| {w['goal']} | {w['plans']} | {w['state']} | {w['reaching']} |", "| --- | --- | --- | ---: |"]
    else:  # one plan: no column saying so on every row
        out += [f"| {w['goal']} | {w['state']} | {w['reaching']} |", "| --- | --- | ---: |"]
    for g in c["coverage_per_goal"]:
        plans = f" {markdown('; '.join(g['plan_labels']))} |" if c["multi_plan"] else ""
        out.append(f"| {markdown(g['label'])} |{plans} {markdown(g['state_label'])} | {num(g['initiatives'])} |")

    overlap = c["overlap"]
    out += ["", f"## {w['overlap']}", "", markdown(w["overlap_note"]), ""]
    if overlap["plans"] and overlap["matrix"] is not None:
        out.append("| | " + " | ".join(markdown(p["label"]) for p in overlap["plans"]) + " |")
        out.append("| --- |" + " ---: |" * len(overlap["plans"]))
        for plan, row in zip(overlap["plans"], overlap["matrix"]):
            cells = [markdown(_cell_text(cell, w, lang)) for cell in row]
            out.append(f"| {markdown(plan['label'])} | " + " | ".join(cells) + " |")
    elif overlap["pairs"]:  # too many plans for a matrix: the pairs that overlap, most first
        out += [markdown(w["matrix_too_big"].format(n=len(overlap["plans"]))), ""]
        keys = list(OVERLAP_KINDS.values())
        out.append(f"| {w['plan']} | {w['plan']} | {w['total']} | " + " | ".join(w[k] for k in keys) + " |")
        out.append("| --- | --- | ---: |" + " ---: |" * len(keys))
        for pair in sorted(overlap["pairs"], key=lambda pair: -sum(overlap_counts(pair))):
            counts = overlap_counts(pair)
            out.append(
                f"| {markdown(pair['labels'][0])} | {markdown(pair['labels'][1])} | {num(sum(counts))} | "
                + " | ".join(map(num, counts))
                + " |"
            )
    if overlap["pairs"]:
        out += ["", f"### {w['pairs']}", ""]
        for pair in overlap["pairs"]:
            out.append(f"- **{markdown(pair['labels'][0])} ↔ {markdown(pair['labels'][1])}**")
            for key in OVERLAP_KINDS.values():
                for item in pair[key]:
                    text = " ≈ ".join(item["labels"])
                    if item.get("score") is not None:
                        score = num(item["score"])
                        text += " (" + w["similarity"].format(score=score) + ")"
                    out.append(f"  - {w[key]}: {markdown(text)}")
    else:
        out += ["", w["no_overlap"]]

    out += ["", f"## {w['conflicts']}", ""]
    out += _md_findings(c["conflicts"], w, c["multi_plan"]) if c["conflicts"] else [w["no_conflicts"]]
    if c.get("duplicates"):
        out += [""] + _md_duplicates(c["duplicates"], w, num, lang)
    out += ["", f"## {w['all_findings']}", ""]
    out += [markdown(w["finding_rows"]), "", *_md_finding_rows(c, w)] if c["findings"] else [w["no_findings"]]
    return "\n".join(out) + "\n"


def _md_slug(heading: str) -> str:
    """The anchor GitHub and most renderers give a heading of plain words: "Sag 3" → "sag-3"."""
    return heading.lower().replace(" ", "-")


def _cell_text(cell: dict[str, Any], w: dict[str, str], lang: str) -> str:
    if cell["own"]:
        return w["own"].format(goals=number(cell["goals"], lang), initiatives=number(cell["initiatives"], lang))
    if not cell["total"]:
        return "–"
    return ", ".join(f"{w[k]}: {number(cell[k], lang)}" for k in OVERLAP_KINDS.values() if cell[k])


def md_evidence(f: dict[str, Any], w: dict[str, str]) -> str:
    """The evidence under a finding in a Markdown cell (after a ``<br>``): the quote, its document and
    page, linked to ``DOCUMENT#page=N`` for a PDF; "no evidence" where the model has it elsewhere; or
    nothing (a model without evidence keeps its tables as they were). Every part is escaped."""
    shown = f.get("evidence_shown")
    if shown:
        where = markdown(shown["where"])
        if shown["link"]:
            where = f"[{where}]({shown['link']})"  # percent-encoded by link_target: no ) or space left
        return f"<br>«{markdown(shown['quote'])}» ({where})"
    if f.get("no_evidence"):
        return f"<br>_({markdown(w['no_evidence'])})_"
    return ""


def _md_findings(findings: list[dict[str, Any]], w: dict[str, str], multi_plan: bool = True) -> list[str]:
    head = f"| {w['severity']} | {w['group']} | {w['kind']} | {w['message']} |"
    lines = [
        head + f" {w['plans']} |" if multi_plan else head,
        "| --- | --- | --- | --- |" + (" --- |" if multi_plan else ""),
    ]
    for f in findings:
        plans = f" {markdown('; '.join(f['plan_labels']))} |" if multi_plan else ""
        lines.append(
            f"| {markdown(f['severity_label'])} | {markdown(f['group_label'])} | {markdown(f['kind_label'])} | {markdown(f['message'])}{md_evidence(f, w)} |{plans}"
        )
    return lines


def _md_finding_rows(c: dict[str, Any], w: dict[str, str]) -> list[str]:
    """The findings table: one row per element or pair of elements, its findings in one cell, the most severe first."""
    multi_plan = c["multi_plan"]
    lines = [
        f"| {w['severity']} | {w['elements']} | {w['findings']} |" + (f" {w['plans']} |" if multi_plan else ""),
        "| --- | --- | --- |" + (" --- |" if multi_plan else ""),
    ]
    for row in c["finding_rows"]:
        members = [c["findings"][i] for i in row["findings"]]
        if len(members) == 1:
            said = [
                f"**{markdown(members[0]['kind_label'])}**: {markdown(members[0]['message'])}{md_evidence(members[0], w)}"
            ]
        else:  # each finding's severity too: the row's column names only the worst
            said = [
                f"**{markdown(f['kind_label'])}** ({markdown(f['severity_label'])}): {markdown(f['message'])}{md_evidence(f, w)}"
                for f in members
            ]
        plans = f" {markdown('; '.join(row['plan_labels']))} |" if multi_plan else ""
        lines.append(
            f"| {markdown(members[0]['severity_label'])} | {markdown(' ↔ '.join(row['labels']))} | {' · '.join(said)} |{plans}"
        )
    return lines


def _md_decided(section: dict[str, Any], lang: str) -> list[str]:
    """The decided duplicates (verdict, kind, elements, reason and where it is written) and the stale decisions."""
    w = DECISION_WORDS[lang]
    out = [f"## {w['title']} ({markdown(w['count'].format(n=number(section['count'], lang)))})", ""]
    if section["pairs"]:
        out += [f"| {w['decided']} | {w['subjects']} | {w['reason']} |", "| --- | --- | --- |"]
        for d in section["pairs"]:
            names = ", ".join(f"«{markdown(s)}»" for s in d["subject_labels"])
            reason = markdown(d["reason"] or w["no_reason"])
            out.append(
                f"| {markdown(d['verdict_label'])} | {markdown(d['kind_label'])}: {names} | {reason} ({markdown(d['source'])}) |"
            )
    if section["stale"]:
        out += ["", f"### {w['stale_title']} ({number(len(section['stale']), lang)})", ""]
        for s in section["stale"]:
            names = "«" + "», «".join(s["subject_labels"]) + "»"
            out.append(
                f"- {markdown(s['source'])}: {markdown(w['stale'].format(verdict=s['verdict_label'], subjects=names))}"
            )
    return out


def _md_sdg(section: dict[str, Any], w: dict[str, str], lang: str) -> list[str]:
    """The SDG section: each addressed SDG, the elements aligned with it, its targets with and without a local contributor."""

    def num(n: int) -> str:
        return format_number(str(n), lang)

    out = [f"## {w['sdg']}", "", markdown(w["sdg_note"]), ""]
    out += [
        markdown(
            w["sdg_summary"].format(
                goals=num(section["addressed_goals"]),
                targets=num(section["addressed_targets"]),
                uncovered=num(section["uncovered_targets"]),
            )
        ),
        "",
    ]
    for g in section["goals"]:
        out += [f"### {markdown(g['notation'] + '. ' + g['name'])}", "", f"*{markdown(g['title'])}*", ""]
        out.append(f"{w['sdg_through']}:")
        out.append("")
        for e in g["elements"]:
            kind = w["sdg_type_" + e["type"]]
            out.append(f"- {kind} «{markdown(e['label'])}» ({markdown(', '.join(e['aligns_with']))})")
        if g["targets"]:
            out += ["", f"{w['sdg_targets']}:", ""]
            for t in g["targets"]:
                who = ", ".join(f"«{markdown(e['label'])}»" for e in t["elements"])
                out.append(f"- {markdown(t['notation'] + ' ' + t['title'])} — {who}")
        out += ["", f"{w['sdg_uncovered']} ({num(len(g['uncovered_targets']))}):", ""]
        out += [f"- {markdown(t['notation'] + ' ' + t['title'])}" for t in g["uncovered_targets"]] or [
            f"- {w['sdg_none']}"
        ]
        out.append("")
    return out


def _md_progress(pr: dict[str, Any], w: dict[str, str], lang: str) -> list[str]:
    """The progress section: each goal's targets worst first, the roll-ups, and each indicator's chart in words."""

    def value(v: float | None, year: str | None = None, with_year: bool = False) -> str:
        if v is None:
            return "–"
        shown = plain_number(v, lang)
        return (
            markdown(w["in_year"].format(value=shown, year=format_time(year, lang) or w["no_year"]))
            if with_year
            else shown
        )

    out = [f"## {w['progress']}", "", markdown(w["progress_note"]), ""]
    if not pr["measured"]:
        out += [markdown(w["no_progress_data"]), ""]
    out += [
        f"| {w['goal']} | {w['indicator']} | {w['status']} | {w['latest']} | {w['expected']} | {w['target_value']} |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for r in pr["targets"]:
        out.append(
            f"| {markdown(r['label'])} | {markdown(r['indicator_label'])} | {r['icon']} {markdown(r['status_label'])} | "
            f"{value(r['latest'], r['latest_time'], True)} | {value(r['expected'])} | {value(r['value'], r['year'], True)} |"
        )
    statuses = pr["statuses"]
    out += ["", f"### {w['progress_rollup']}", "", markdown(w["progress_rollup_note"]), ""]
    out.append(
        f"| {w['plan']} | {w['status']} | "
        + " | ".join(f"{s['icon']} {markdown(s['label'])}" for s in statuses)
        + f" | {w['on_track_share']} |"
    )
    out.append("| --- | --- |" + " ---: |" * (len(statuses) + 1))
    total = {
        **pr["total"],
        "label": w["all_plans"],
        "icon": next(s["icon"] for s in statuses if s["status"] == pr["total"]["status"]),
    }
    for p in [*pr["plans"], total]:
        counts = " | ".join(number(p["by_status"][s["status"]], lang) for s in statuses)
        out.append(
            f"| {markdown(p['label'])} | {p['icon']} {markdown(p['status_label'])} | {counts} | {percent(p['on_track_share'])} |"
        )
    if pr["charts"]:
        out += ["", f"### {w['progress_charts']}", ""]
        out += [f"- {markdown(chart['text'])}" for chart in pr["charts"]]
    return out


#: Columns of a matrix the Markdown report writes as a table; a wider one is a top list of its strongest cells.
MD_MATRIX_COLUMNS = 8


def _md_influence(inf: dict[str, Any], w: dict[str, str], lang: str) -> list[str]:
    """The influence section: the rankings, loops and clusters, and each matrix as a table (small) or a top list."""

    def num(value: Any) -> str:
        return number(value, lang)

    out = [f"## {w['influence']}", "", markdown(w["influence_note"]), ""]
    for key, title in (("most_enabling", w["influence_enabling"]), ("most_constraining", w["influence_constraining"])):
        if inf[key]:
            out += [f"### {title}", ""]
            out += [
                f"{i}. {markdown(x['label'])}: {num(x['direct'])} {w['influence_direct']}, "
                f"{num(x['second_order'])} {w['influence_second']}"
                for i, x in enumerate(inf[key][:5], 1)
            ]
            out.append("")
    loops = w["influence_loops"].format(
        reinforcing=num(inf["reinforcing_loops"]),
        counteracting=num(inf["counteracting_loops"]),
        clusters=counted(inf["clusters"], "cluster", lang),
    )
    out += [markdown(loops + (" " + w["influence_cut"] if inf["loops_truncated"] else "")), ""]
    for m in inf["matrices"]:
        out += [f"### {markdown(m['title'])}", ""]
        if m["note"]:  # cut: how many of how many, and where the whole matrix is
            out += [markdown(m["note"] + " " + GRAPH_WORDS[lang]["matrix_see_view"]), ""]
        if len(m["columns"]) <= MD_MATRIX_COLUMNS:
            out.append("| | " + " | ".join(markdown(c["label"]) for c in m["columns"]) + " |")
            out.append("| --- |" + " ---: |" * len(m["columns"]))
            for r in m["rows"]:
                cells = [markdown(cell["text"]) if cell else "" for cell in r["cells"]]
                out.append(f"| {markdown(r['label'])} | " + " | ".join(cells) + " |")
        else:
            strongest = sorted(
                (
                    (abs(cell["value"]), r["label"], c["label"], cell["text"])
                    for r in m["rows"]
                    for c, cell in zip(m["columns"], r["cells"])
                    if cell and cell["value"] != 0
                ),
                key=lambda x: (-x[0], x[1], x[2]),
            )[:15]
            out += [f"- {markdown(a)} → {markdown(b)}: {markdown(text)}" for _, a, b, text in strongest]
        out.append("")
    return out


def _md_duplicates(d: dict[str, Any], w: dict[str, str], num: Any, lang: str) -> list[str]:
    """The duplicate clusters (best label, members) and the plan-pair table, as the HTML report has them."""
    out = [f"## {w['dup_title']}", "", markdown(w["dup_note"]), ""]
    summary = w["dup_summary"].format(
        clusters=counted(d["total_clusters"], "duplicate_cluster", lang),
        pairs=counted(d["total_plan_pairs"], "plan_pair", lang),
        size=counted(d["largest"], "element", lang),
        label=d["largest_label"],
    )
    out += [markdown(summary), ""]
    out += [f"| {w['dup_cluster']} | {w['dup_best']} | {w['dup_members']} | {w['plans']} | {w['dup_pairs']} |"]
    out += ["| --- | --- | --- | --- | ---: |"]
    for cl in d["clusters"]:
        members = "; ".join(cl["member_labels"])
        if cl["members_more"]:
            members += " " + w["dup_more_members"].format(n=num(cl["members_more"]))
        out.append(
            f"| {cl['id']} | {markdown(cl['label'])} | {num(cl['size'])} {markdown(cl['kind_label'])}: {markdown(members)} "
            f"| {markdown(', '.join(cl['plan_labels']))} | {num(cl['pairs'])} |"
        )
    if d["clusters_more"]:
        out += ["", markdown(w["dup_more_clusters"].format(n=counted(d["clusters_more"], "cluster", lang)))]
    out += ["", f"### {w['dup_plan_pairs']}", ""]
    out += [f"| {w['plan']} | {w['plan']} | {w['dup_goals']} | {w['dup_initiatives']} | {w['dup_clusters']} |"]
    out += ["| --- | --- | ---: | ---: | ---: |"]
    for pp in d["plan_pairs"]:
        out.append(
            f"| {markdown(pp['labels'][0])} | {markdown(pp['labels'][1])} | {num(pp['goals'])} | {num(pp['initiatives'])} | {num(pp['clusters'])} |"
        )
    if d["plan_pairs_more"]:
        out += ["", markdown(w["dup_more_pairs"].format(n=counted(d["plan_pairs_more"], "plan_pair", lang)))]
    return out
