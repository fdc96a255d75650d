"""An analysis as text, JSON, Turtle, CSV or Markdown (the HTML report lives in ``reports``)."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any, Callable, Iterator, Sequence

import pyoxigraph as ox

from ontology import (
    RDF,
    SA,
    STANDARD_PREFIXES,
    XSD,
    counted,
    csv_line,
    excerpt,
    gc_paused,
    link_target,
    markdown,
    one_line,
    percent,
)

from .analyze import Analysis
from .evidence import EvidenceIndex, pdf_link
from .findings import GROUPS, Finding
from .influence.section import format_influence
from .messages import ANALYSIS_WORDS, DECISION_WORDS, GROUP_TITLES, KIND_TITLES, SEVERITY_WORDS
from .progress import format_progress
from .rules.conflict import format_number
from .triage import DuplicateCluster, DuplicateTriage, PlanPair

__all__ = [
    "render",
    "render_chunks",
    "FORMATS",
    "findings_quads",
    "finding_iri",
    "json_text",
    "json_chunks",
    "ObjectRows",
    "finding_json_writer",
    "finite",
    "json_encoder",
]

FORMATS = ("text", "json", "ttl", "csv", "md")
#: duplicate clusters and plan pairs listed in the text output (the rest counted), and in Markdown
TEXT_CLUSTERS, TEXT_PLAN_PAIRS = 10, 5
MARKDOWN_CLUSTERS, MARKDOWN_PLAN_PAIRS = 100, 100
FINDING_BASE = "https://w3id.org/stratalign/finding/"


def _n(count: int, lang: str) -> str:
    """A count in the language's style: 112.013 in Danish, 112,013 in English."""
    return format_number(str(count), lang)


def _kind(kind: str, lang: str) -> str:
    """A finding kind in words for people (the code stays in JSON, CSV and Turtle)."""
    return KIND_TITLES[lang].get(kind, (kind,))[0]


class ObjectRows:
    """A list of JSON objects made one at a time as it is written (600,000 findings need not all be dicts at once).

    >>> print(json_text({"rows": ObjectRows([1, 2], lambda n: {"n": n})}), end="")
    {
      "rows": [
        {"n": 1},
        {"n": 2}
      ]
    }
    """

    def __init__(
        self,
        items: Sequence[Any],
        to_object: Callable[[Any], dict[str, Any]],
        to_json: Callable[[Any], str] | None = None,
    ) -> None:
        self.items = items
        self.to_object = to_object
        #: the object's JSON text straight from the item (what the encoder would write for ``to_object``)
        self.to_json = to_json

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self.to_object, self.items)


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (inf, nan) as None: JSON has no Infinity or NaN.

    >>> finite({"a": [1.0, float("inf")], "b": float("nan")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def json_encoder() -> Callable[[Any], str]:
    """The compact JSON encoder of every output here: never writes Infinity or NaN (they become null)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False).encode

    def safe(value: Any) -> str:
        try:
            return encode(value)
        except ValueError:  # "Out of range float values are not JSON compliant": rare, so checked only then
            return encode(finite(value))

    return safe


def json_chunks(doc: Any) -> Iterator[str]:
    """``doc`` as indented JSON, in pieces, with each object of a list of objects on one line.

    One line per finding (or per goal of the progress roll-up) is what grep
    and diff want, and it lets the C encoder write them: ``indent=2`` runs
    in pure Python, 10× slower at national scale. The pieces are written as
    they come (see ``write_output``): at national scale the whole text is
    half a gigabyte.
    """
    encode = json_encoder()

    def write(value: Any, indent: str) -> Iterator[str]:
        inner = indent + "  "
        if isinstance(value, dict) and value:
            yield "{\n"
            for i, (key, item) in enumerate(value.items()):
                yield f"{inner}{encode(str(key))}: "
                yield from write(item, inner)
                yield ",\n" if i < len(value) - 1 else "\n"
            yield indent + "}"
        elif (isinstance(value, ObjectRows) and len(value)) or (
            isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        ):
            separator = "[\n"
            if isinstance(value, ObjectRows) and value.to_json is not None:
                for text in map(value.to_json, value.items):
                    yield separator + inner + text
                    separator = ",\n"
            else:
                for v in value:
                    yield separator + inner + encode(v)
                    separator = ",\n"
            yield "\n" + indent + "]"
        elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
            yield "[\n"
            for i, item in enumerate(value):
                yield inner
                yield from write(item, inner)
                yield ",\n" if i < len(value) - 1 else "\n"
            yield indent + "]"
        else:
            yield encode(list(value) if isinstance(value, ObjectRows) else value)

    yield from write(doc, "")
    yield "\n"


def json_text(doc: Any) -> str:
    """``doc`` as indented JSON (see :func:`json_chunks`).

    >>> print(json_text({"summary": {"goals": 1}, "findings": [{"kind": "shared-goal", "score": None}]}), end="")
    {
      "summary": {
        "goals": 1
      },
      "findings": [
        {"kind": "shared-goal", "score": null}
      ]
    }
    """
    return "".join(json_chunks(doc))


def render_chunks(analysis: Analysis, fmt: str) -> Iterator[str]:
    """The analysis in ``fmt``, in pieces to write as they come (JSON is made finding by finding)."""
    if fmt != "json":
        yield render(analysis, fmt)
        return
    with gc_paused():  # see ontology.gc
        triage = analysis.duplicates
        writer = finding_json_writer(analysis.evidence, triage)
        findings = ObjectRows(analysis.findings, analysis.finding_dict, writer)
        doc: dict[str, Any] = {"summary": analysis.summary}
        if analysis.influence is not None:  # only when influences are scored: other outputs stay as they were
            doc["influence"] = analysis.influence
        if triage:  # only with duplicates
            doc["duplicates"] = {
                "clusters": ObjectRows(triage.clusters, lambda c: c.to_dict()),
                "plan_pairs": ObjectRows(triage.plan_pairs, lambda p: p.to_dict()),
            }
        doc["findings"] = findings
        doc.update(analysis.decisions_dict())  # only with duplicate decisions
        if analysis.sdg is not None:  # only with SDG links
            doc["sdg"] = analysis.sdg
        yield from json_chunks(doc)


def finding_json_writer(
    evidence: EvidenceIndex | None = None, duplicates: DuplicateTriage | None = None
) -> Callable[[Finding], str]:
    """A function that gives a finding's JSON object, byte for byte what the encoder makes of ``to_dict()``.

    Four times faster than building the dict and encoding it (the largest part
    of writing 670,000 findings): the fields that repeat (kind, group and
    severity; the plans) are encoded once, the strings by the encoder's own C
    function.

    With ``evidence`` (``analyze``'s JSON) each object ends with its ``evidence`` list
    (:meth:`Analysis.finding_dict`); with ``duplicates`` a duplicate's object has its ``cluster`` before it.

    >>> f = Finding("shared-goal", "info", ("ex:g",), ("ex:p1", "ex:p2"), "«Mål» deles")
    >>> finding_json_writer()(f)
    '{"kind": "shared-goal", "group": "overlap", "severity": "info", "subjects": ["ex:g"], "plans": ["ex:p1", "ex:p2"], "message": "«Mål» deles", "score": null}'
    >>> finding_json_writer(EvidenceIndex())(f)[-15:]
    '"evidence": []}'
    """
    encode = json_encoder()
    string = json.encoder.encode_basestring  # the C encoder's, as JSONEncoder(ensure_ascii=False) uses
    heads: dict[tuple[str, str], str] = {}
    plan_lists: dict[tuple[str, ...], str] = {}

    def write(f: Finding) -> str:
        head = heads.get((f.kind, f.severity))
        if head is None:
            head = heads[f.kind, f.severity] = encode({"kind": f.kind, "group": f.group, "severity": f.severity})[:-1]
        plans = plan_lists.get(f.plans)
        if plans is None:
            plans = plan_lists[f.plans] = encode(list(f.plans))
        score = "null" if f.score is None else encode(f.score)
        text = f'{head}, "subjects": [{", ".join(map(string, f.subjects))}], "plans": {plans}, "message": {string(f.message)}, "score": {score}'
        if f.matched is not None:
            text += ', "matched": ' + encode(Finding.to_dict(f)["matched"])
        if duplicates is not None:
            cluster = duplicates.cluster_id(f)
            if cluster is not None:
                text += f', "cluster": {string(cluster)}'
        if evidence is None:
            return text + "}"
        found = evidence.of(f.subjects) if evidence.present else []
        return f'{text}, "evidence": {encode(found) if found else "[]"}}}'

    return write


def render(analysis: Analysis, fmt: str) -> str:
    """The analysis in ``fmt`` (text, json, ttl, csv or md)."""
    if fmt == "json":
        return "".join(render_chunks(analysis, fmt))
    if fmt == "ttl":
        quads = findings_quads(analysis.findings, analysis.lang)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return (
            ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={**STANDARD_PREFIXES, "finding": FINDING_BASE})
            or b""
        ).decode()
    if fmt == "csv":
        # Every field holding CR, LF, a quote or the delimiter is quoted (the csv module leaves a bare CR
        # bare), and a text cell is formula-guarded at its start and after each line break in it.
        # In Danish as Danish Excel reads it, like `convert --to csv`: a byte order mark (else æ, ø, å
        # are garbled), ";" and a decimal comma (one column of "…,0.806" was read as 806).
        danish = analysis.lang == "da"
        delimiter = ";" if danish else ","
        lines = [csv_line(["kind", "group", "severity", "subjects", "plans", "message", "score"], delimiter)]
        for f in analysis.findings:
            score = "" if f.score is None else str(f.score)
            row = [
                f.kind,
                f.group,
                f.severity,
                " ".join(f.subjects),
                " ".join(f.plans),
                f.message,
                score.replace(".", ",") if danish else score,
            ]
            lines.append(csv_line(row, delimiter))
        return ("\ufeff" if danish else "") + "".join(lines)
    if fmt == "md":
        return _markdown(analysis)
    return _text(analysis)


def _summary_lines(analysis: Analysis) -> tuple[str, list[str]]:
    lang = analysis.lang
    w = ANALYSIS_WORDS[lang]
    s = analysis.summary
    head = (
        f"{counted(s['plans'], 'plan', lang)} · {counted(s['goals'], 'goal', lang)} · {counted(s['initiatives'], 'initiative', lang)} · "
        f"{counted(s['covered_goals'], 'covered_goal', lang)} ({percent(s['coverage'])})"
    )
    rows = []
    for plan in s["coverage_per_plan"]:
        line = w["goals_covered"].format(covered=_n(plan["covered_goals"], lang), goals=_n(plan["goals"], lang))
        if plan["delegated_goals"]:
            line += ", " + w["delegated"].format(n=_n(plan["delegated_goals"], lang))
        rows.append(f"{one_line(plan['label'])}: {line} ({percent(plan['coverage'])})")
    return head, rows


def unreadable_value(prop: str, value: str) -> str:
    """One value read as none, for a person: ``sa:targetValue '1_000'`` (the value an excerpt, escaped).

    >>> unreadable_value(SA + "targetYear", "2025 ")
    "sa:targetYear '2025 '"
    """
    return f"{'sa:' + prop[len(SA) :] if prop.startswith(SA) else prop} {excerpt(value, 40)}"


def unreadable_line(analysis: Analysis) -> str | None:
    """The note on standard error when values were read as none (``1_000``, ``2025 ``), or None.

    >>> from alignment.analyze import Analysis
    >>> unreadable_line(Analysis({}, [], lang="en", unreadable=[("ex:t", SA + "targetValue", "1_000")]))
    "stratalign: 1 value outside the datatype's written form, read as no value (first: sa:targetValue '1_000'); `stratalign validate` names each"
    """
    if not analysis.unreadable:
        return None
    _, prop, value = analysis.unreadable[0]
    first = unreadable_value(prop, value)
    return one_line(
        ANALYSIS_WORDS[analysis.lang]["unreadable"].format(
            count=counted(len(analysis.unreadable), "value", analysis.lang), first=first
        )
    )


def unknown_terms_line(analysis: Analysis) -> str | None:
    """The note on standard error when the model uses sa: terms the ontology does not define, or None.

    >>> from alignment.analyze import Analysis
    >>> unknown_terms_line(Analysis({}, [], lang="en", unknown_terms=[SA + "hasGoals"]))
    'stratalign: 1 property or class the ontology does not define, read as nothing (first: sa:hasGoals); `stratalign validate` names each'
    """
    if not analysis.unknown_terms:
        return None
    first = "sa:" + analysis.unknown_terms[0][len(SA) :]
    return one_line(
        ANALYSIS_WORDS[analysis.lang]["unknown_terms"].format(
            count=counted(len(analysis.unknown_terms), "term", analysis.lang), first=first
        )
    )


def stderr_notes(analysis: Analysis) -> list[str]:
    """What the run read as nothing, one line each: values outside their form, terms no ontology defines."""
    return [line for line in (unreadable_line(analysis), unknown_terms_line(analysis)) if line]


def _total(analysis: Analysis) -> str:
    lang = analysis.lang
    by = {severity: counted(n, severity, lang) for severity, n in analysis.summary["findings"]["by_severity"].items()}
    return ANALYSIS_WORDS[lang]["total"].format(
        total=counted(analysis.summary["findings"]["total"], "finding", lang), **by
    )


def _text(analysis: Analysis) -> str:
    w = ANALYSIS_WORDS[analysis.lang]
    head, rows = _summary_lines(analysis)
    lines = [w["title"], head, "", w["per_plan"] + ":"] + [f"  {r}" for r in rows]
    if analysis.summary.get("progress"):
        lines += ["", format_progress(analysis.summary["progress"], analysis.lang).rstrip()]
    if analysis.influence is not None:
        lines += ["", format_influence(analysis.influence, analysis.lang).rstrip()]
    if analysis.duplicates:
        lines += ["", *duplicate_lines(analysis.duplicates, analysis.lang)]
    for group in GROUPS:
        found = [f for f in analysis.findings if f.group == group]
        if not found:
            continue
        lines += ["", f"{GROUP_TITLES[analysis.lang][group]} ({_n(len(found), analysis.lang)})"]
        for f in found:
            lines.append(
                f"  [{SEVERITY_WORDS[analysis.lang][f.severity]}] {_kind(f.kind, analysis.lang)}: {one_line(f.message)}"
            )
            if analysis.evidence.present:
                lines.append(f"      {one_line(_evidence_line(analysis, f))}")
    lines += _decided_lines(analysis)
    lines += ["", _total(analysis) if analysis.findings else w["none"]]
    return "\n".join(lines) + "\n"


def decision_source(file: str | None, line: int | None, lang: str) -> str:
    """Where a decision is written: ``file:line``, ``file``, or "in the model"."""
    if file is None:
        return DECISION_WORDS[lang]["in_model"]
    return f"{file}:{line}" if line else file


def _decided_lines(analysis: Analysis) -> list[str]:
    """The text section of the decided duplicates and the stale decisions (nothing without decisions)."""
    lang, words = analysis.lang, DECISION_WORDS[analysis.lang]
    lines: list[str] = []
    if analysis.decided:
        lines += ["", f"{words['title']} ({words['count'].format(n=_n(len(analysis.decided), lang))})"]
        for d in analysis.decided:
            reason = d.decision.reason or words["no_reason"]
            lines.append(
                f"  [{words[d.decision.verdict]}] {_kind(d.finding.kind, lang)}: {one_line(d.finding.message)}"
                f" — {one_line(reason)} ({one_line(decision_source(d.decision.file, d.decision.line, lang))})"
            )
    if analysis.stale_decisions:
        lines += ["", f"{words['stale_title']} ({_n(len(analysis.stale_decisions), lang)})"]
        for s in analysis.stale_decisions:
            text = words["stale"].format(verdict=words[s.verdict], subjects=", ".join(s.subjects))
            lines.append(f"  {one_line(decision_source(s.file, s.line, lang))}: {one_line(text)}")
    return lines


def _decided_markdown(analysis: Analysis) -> list[str]:
    """The Markdown section of the decided duplicates and the stale decisions, every cell escaped."""
    lang, words, w = analysis.lang, DECISION_WORDS[analysis.lang], ANALYSIS_WORDS[analysis.lang]
    lines: list[str] = []
    if analysis.decided:
        lines += ["", f"## {words['title']} ({words['count'].format(n=_n(len(analysis.decided), lang))})", ""]
        lines += [
            f"| {words['decided']} | {w['kind']} | {w['message']} | {words['reason']} |",
            "| --- | --- | --- | --- |",
        ]
        for d in analysis.decided:
            reason = d.decision.reason or words["no_reason"]
            where = decision_source(d.decision.file, d.decision.line, lang)
            lines.append(
                f"| {words[d.decision.verdict]} | {_kind(d.finding.kind, lang)} | {markdown(d.finding.message)} "
                f"| {markdown(reason)} ({markdown(where)}) |"
            )
    if analysis.stale_decisions:
        lines += ["", f"## {words['stale_title']} ({_n(len(analysis.stale_decisions), lang)})", ""]
        for s in analysis.stale_decisions:
            text = words["stale"].format(verdict=words[s.verdict], subjects=", ".join(s.subjects))
            lines.append(f"- {markdown(decision_source(s.file, s.line, lang))}: {markdown(text)}")
    return lines


def _markdown(analysis: Analysis) -> str:
    w = ANALYSIS_WORDS[analysis.lang]
    head, _ = _summary_lines(analysis)
    lines = [f"# {w['title']}", "", markdown(head), "", f"## {w['per_plan']}", ""]
    lines += [f"| plan | {w['goals']} | {w['covered']} | % |", "| --- | ---: | ---: | ---: |"]
    for plan in analysis.summary["coverage_per_plan"]:
        lines.append(
            f"| {markdown(plan['label'])} | {_n(plan['goals'], analysis.lang)} | {_n(plan['covered_goals'], analysis.lang)} | {percent(plan['coverage'])} |"
        )
    if analysis.duplicates:
        lines += ["", *_duplicates_markdown(analysis.duplicates, analysis.lang)]
    for group in GROUPS:
        found = [f for f in analysis.findings if f.group == group]
        if not found:
            continue
        lines += ["", f"## {GROUP_TITLES[analysis.lang][group]} ({_n(len(found), analysis.lang)})", ""]
        lines += [f"| {w['severity']} | {w['kind']} | {w['message']} |", "| --- | --- | --- |"]
        for f in found:
            message = markdown(f.message)
            if analysis.evidence.present:
                message += "<br>" + _evidence_markdown(analysis, f)
            lines.append(
                f"| {SEVERITY_WORDS[analysis.lang][f.severity]} | {_kind(f.kind, analysis.lang)} | {message} |"
            )
    lines += _decided_markdown(analysis)
    lines += ["", _total(analysis) if analysis.findings else w["none"]]
    return "\n".join(lines) + "\n"


def _members(c: DuplicateCluster, lang: str) -> str:
    """A cluster's members counted: "2 goals", "1 initiative"."""
    return counted(len(c.members), "goal" if c.kind == "duplicate-goal" else "initiative", lang)


def _scores(low: float | None, high: float | None, lang: str) -> str:
    if low is None or high is None:
        return ""
    w = ANALYSIS_WORDS[lang]
    low_text, high_text = format_number(f"{low:.2f}", lang, decimals=2), format_number(f"{high:.2f}", lang, decimals=2)
    if low_text == high_text:
        return w["dup_score"].format(score=low_text)
    return w["dup_scores"].format(low=low_text, high=high_text)


def duplicate_lines(triage: DuplicateTriage, lang: str) -> list[str]:
    """The duplicate clusters in a few lines: the count, the largest clusters and plan pairs (capped), one a line.

    >>> from alignment import Finding, Labels, duplicate_triage
    >>> t = duplicate_triage([Finding("duplicate-goal", "warning", ("ex:a", "ex:b"), ("ex:p", "ex:q"), "…", 0.8)],
    ...                      Labels({"ex:a": "Flere i job", "ex:b": "Flere i arbejde"}))
    >>> for line in duplicate_lines(t, "en"): print(line)
    Duplicate clusters
      1 duplicate cluster across 1 plan pair; largest: «Flere i arbejde» (2 goals)
      dup-goal-1: «Flere i arbejde» – 2 goals in 2 plans, 1 pair, text similarity 0.80
    Plan pairs with the most duplicates
      ex:p – ex:q: 1 duplicate goal, 0 duplicate initiatives, 1 cluster
    """
    w = ANALYSIS_WORDS[lang]
    largest = max(triage.clusters, key=lambda c: len(c.members))  # the first of the largest size
    lines = [
        w["dup_title"],
        "  "
        + one_line(
            w["dup_line"].format(
                clusters=counted(len(triage.clusters), "duplicate_cluster", lang),
                pairs=counted(len(triage.plan_pairs), "plan_pair", lang),
                label=f"«{largest.label}»",
                size=_members(largest, lang),
            )
        ),
    ]
    shown = sorted(triage.clusters, key=lambda c: (-len(c.members), c.kind, c.members[0]))[:TEXT_CLUSTERS]
    for c in shown:
        lines.append("  " + one_line(_cluster_text(c, lang)))
    if len(triage.clusters) > len(shown):
        lines.append("  " + w["dup_more"].format(n=_n(len(triage.clusters) - len(shown), lang)))
    lines.append(w["dup_pairs_title"])
    for p in triage.plan_pairs[:TEXT_PLAN_PAIRS]:
        lines.append("  " + one_line(_pair_text(p, lang)))
    if len(triage.plan_pairs) > TEXT_PLAN_PAIRS:
        lines.append("  " + w["dup_more"].format(n=_n(len(triage.plan_pairs) - TEXT_PLAN_PAIRS, lang)))
    return lines


def _cluster_text(c: DuplicateCluster, lang: str) -> str:
    return ANALYSIS_WORDS[lang]["dup_cluster"].format(
        id=c.id,
        label=f"«{c.label}»",
        size=_members(c, lang),
        plans=counted(len(c.plans), "plan", lang),
        pairs=counted(c.pairs, "pair", lang),
        scores=_scores(c.min_score, c.max_score, lang),
    )


def _pair_text(p: PlanPair, lang: str) -> str:
    return ANALYSIS_WORDS[lang]["dup_pair"].format(
        a=p.labels[0],
        b=p.labels[1],
        goals=counted(p.goals, "duplicate_goal", lang),
        initiatives=counted(p.initiatives, "duplicate_initiative", lang),
        clusters=counted(p.clusters, "cluster", lang),
    )


def _duplicates_markdown(triage: DuplicateTriage, lang: str) -> list[str]:
    """The clusters and plan pairs as two Markdown tables (capped, with a "… and N more" line)."""
    w = ANALYSIS_WORDS[lang]
    lines = [f"## {w['dup_title']} ({_n(len(triage.clusters), lang)})", ""]
    lines += [
        f"| {w['dup_cluster_head']} | {w['dup_best']} | {w['dup_members']} | {w['plans']} | {w['dup_pair_count']} |"
    ]
    lines += ["| --- | --- | ---: | ---: | ---: |"]
    shown = sorted(triage.clusters, key=lambda c: (-len(c.members), c.kind, c.members[0]))[:MARKDOWN_CLUSTERS]
    for c in shown:
        lines.append(
            f"| {c.id} | {markdown(c.label)} | {_members(c, lang)} | {_n(len(c.plans), lang)} | {_n(c.pairs, lang)} |"
        )
    if len(triage.clusters) > len(shown):
        lines += ["", w["dup_more"].format(n=_n(len(triage.clusters) - len(shown), lang))]
    lines += ["", f"### {w['dup_pairs_title']}", ""]
    lines += [
        f"| {w['dup_plan_a']} | {w['dup_plan_b']} | {w['dup_goals']} | {w['dup_initiatives']} | {w['dup_clusters']} |"
    ]
    lines += ["| --- | --- | ---: | ---: | ---: |"]
    for p in triage.plan_pairs[:MARKDOWN_PLAN_PAIRS]:
        lines.append(
            f"| {markdown(p.labels[0])} | {markdown(p.labels[1])} | {_n(p.goals, lang)} | {_n(p.initiatives, lang)} | {_n(p.clusters, lang)} |"
        )
    if len(triage.plan_pairs) > MARKDOWN_PLAN_PAIRS:
        lines += ["", w["dup_more"].format(n=_n(len(triage.plan_pairs) - MARKDOWN_PLAN_PAIRS, lang))]
    return lines


def _evidence_line(analysis: Analysis, f: Finding) -> str:
    """The first quote behind a finding, short, with its document and page; or "no evidence"."""
    w = ANALYSIS_WORDS[analysis.lang]
    first = analysis.evidence.first(f.subjects)
    if first is None:
        return f"({w['no_evidence']})"
    return f"«{first.short()}» ({first.where(w['page'])})"


def _evidence_markdown(analysis: Analysis, f: Finding) -> str:
    """:func:`_evidence_line` for a Markdown cell: escaped, the document a link when it is a PDF."""
    w = ANALYSIS_WORDS[analysis.lang]
    first = analysis.evidence.first(f.subjects)
    if first is None:
        return f"_({markdown(w['no_evidence'])})_"
    where = markdown(first.where(w["page"]))
    link = pdf_link(first.document, first.page)
    if link is not None:
        where = f"[{where}]({link_target(link)})"
    return f"«{markdown(first.short())}» ({where})"


def finding_iri(finding: Finding) -> str:
    """A stable IRI per finding: the same kind and subjects give the same IRI in every run."""
    digest = hashlib.sha1("\n".join((finding.kind, *finding.subjects)).encode("utf-8")).hexdigest()[:16]
    return f"{FINDING_BASE}{finding.kind}/{digest}"


def findings_quads(findings: list[Finding], lang: str) -> list[ox.Quad]:
    """The findings as RDF in the sa: vocabulary, to load beside the model."""
    quads = []
    for f in findings:
        node = ox.NamedNode(finding_iri(f))

        def add(predicate: str, obj: ox.NamedNode | ox.Literal, node: ox.NamedNode = node) -> None:
            quads.append(ox.Quad(node, ox.NamedNode(predicate), obj))

        add(RDF + "type", ox.NamedNode(SA + "Finding"))
        add(SA + "kind", ox.Literal(f.kind))
        add(SA + "group", ox.Literal(f.group))
        add(SA + "severity", ox.Literal(f.severity))
        add(SA + "message", ox.Literal(f.message, language=lang))
        for subject in f.subjects:
            add(SA + "subject", ox.NamedNode(subject))
        for plan in f.plans:
            add(SA + "plan", ox.NamedNode(plan))
        if f.score is not None:
            add(SA + "score", ox.Literal(f"{f.score:.3f}", datatype=ox.NamedNode(XSD + "decimal")))
    return quads
