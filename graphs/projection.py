"""Project a model and its analysis into a networkx graph: the one graph every view and export reads.

Nodes are the model's elements, keyed by IRI: plans (visions, strategies),
goals, focus areas, initiatives, indicators and actors. Literals never become
nodes; labels, status and coverage are node attributes. Edges are typed by
``kind`` (also the edge key, so a MultiDiGraph holds at most one edge of a kind
between two nodes): the model's own links plus the overlaps and conflicts the
analysis found.

>>> from ontology.loaders import load_model
>>> graph = project(load_model(["tests/data/yaml/demo.yaml"]))  # doctest: +SKIP
>>> graph.nodes["https://w3id.org/stratalign/example/demo/flere-borgere"]["coverage"]  # doctest: +SKIP
'uncovered'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from alignment import Analysis, Config, Finding, Labels, pair_strengths
from alignment import analyze_model as analyze
from alignment import get_query as alignment_query
from ontology import ORG, SA, Model, in_language

from .queries import get_query, select_values

__all__ = [
    "project",
    "NODE_KINDS",
    "PLAN_KINDS",
    "EDGE_KINDS",
    "COVERAGE_STATES",
    "PROGRESS_STATES",
    "document_texts",
]

NODE_KINDS = ("vision", "strategy", "plan", "goal", "focus_area", "initiative", "indicator", "actor", "other")
PLAN_KINDS = ("vision", "strategy", "plan")
COVERAGE_STATES = ("covered", "uncovered", "delegated")
#: A goal's or plan's progress (node attribute ``progress``): the analysis' statuses, worst first, then
#: ``no-target`` for a goal or plan without any target (nothing to measure, not a failure to measure).
PROGRESS_STATES = ("off-track", "behind", "on-track", "reached", "no-data", "no-target")

#: Edge kinds: the model's links (named as in the ontology), then those the analysis adds.
EDGE_KINDS = (
    "realizes",
    "hasGoal",
    "hasInitiative",
    "contributesTo",
    "hinders",
    "conflictsWith",
    "measuredBy",
    "targets",
    "owner",
    "stakeholder",
    "delegatedTo",
    "shared",
    "duplicate",
    "conflict",
    "influence",
)

_TYPE_KIND = {
    SA + "Vision": "vision",
    SA + "Strategy": "strategy",
    SA + "Plan": "plan",
    SA + "Goal": "goal",
    SA + "FocusArea": "focus_area",
    SA + "Initiative": "initiative",
    SA + "Indicator": "indicator",
    SA + "Actor": "actor",
    ORG + "Organization": "actor",
}
# An element typed twice (sa:Vision and its superclass sa:Plan) takes the most specific kind.
_PRIORITY = {kind: rank for rank, kind in enumerate(NODE_KINDS)}

# Conflict findings already drawn as the model's own edges (sa:conflictsWith, sa:hinders).
_CONFLICTS_FROM_MODEL = {"goal-conflict", "negative-contribution"}


def _drawn_by_the_model(graph: Any, finding: Finding) -> bool:
    """Whether a conflict finding is the model's own edge already: sa:conflictsWith or sa:hinders between its
    subjects. A negative-contribution from a scored sa:Influence (strength -2) has no such edge: it is drawn
    as a conflict edge like any other (it was dropped, so the graph showed no sign of it)."""
    if finding.kind not in _CONFLICTS_FROM_MODEL:
        return False
    a, b = finding.subjects[0], finding.subjects[1]
    return any(graph.has_edge(x, y, key) for x, y in ((a, b), (b, a)) for key in ("hinders", "conflictsWith"))


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _lang_key(tag: str) -> str:
    # label_da, label_en, label_de_ch: explicit, XML-safe key names for GraphML/GEXF.
    return "label_" + "".join(c if c.isalnum() else "_" for c in tag.lower())


def document_texts(model: Model, lang: str) -> tuple[str, str]:
    """The model's title and description (``dcterms:title``/``description``), by language with fallback."""
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    descriptions: dict[str, dict[str, str]] = defaultdict(dict)
    for doc, title, title_lang, text, text_lang in select_values(
        model.store,
        get_query("model-documents").text,
        "document",
        "title",
        "titleLang",
        "description",
        "descriptionLang",
    ):
        if title is not None:
            titles[doc].setdefault(title_lang or "", title)
        if text is not None:
            descriptions[doc].setdefault(text_lang or "", text)

    def pick(by_lang: dict[str, str]) -> str:
        found = in_language(by_lang, lang)
        return found if found is not None else by_lang[sorted(by_lang)[0]] if by_lang else ""

    docs = sorted(titles)
    title = " · ".join(pick(titles[d]) for d in docs)
    description = "\n\n".join(t for d in docs if (t := pick(descriptions.get(d, {}))))
    return title, description


def project(
    model: Model,
    analysis: Analysis | None = None,
    *,
    lang: str | None = None,
    config: Config | None = None,
) -> nx.MultiDiGraph:
    """The model as a MultiDiGraph with typed nodes and edges (runs the analysis when not given)."""
    if analysis is None:
        analysis = analyze(model, config, lang=lang or "da")
    lang = lang or analysis.lang
    store = model.store
    labels: Labels = analysis.labels
    title, description = document_texts(model, lang)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(lang=lang, title=title, description=description)

    kinds: dict[str, str] = {}
    status: dict[str, str] = {}
    for element, rdf_type, state in select_values(store, get_query("graph-nodes").text, "element", "type", "status"):
        kind = _TYPE_KIND[rdf_type]
        if element not in kinds or _PRIORITY[kind] < _PRIORITY[kinds[element]]:
            kinds[element] = kind
        if state:  # two statuses on one element: the same one every run (the query has no ORDER BY)
            word = _local(state).lower()
            if element not in status or word < status[element]:
                status[element] = word

    # Sorted here, not by the query: ORDER BY over 150,000 rows costs the store more than Python's sort.
    local: dict[str, str] = {}
    links: list[tuple[str, str, str]] = [
        (source, local.get(predicate) or local.setdefault(predicate, _local(predicate)), target)
        for source, predicate, target in sorted(
            select_values(store, get_query("graph-edges").text, "source", "predicate", "target")
        )
    ]
    targets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for goal, indicator, value, year, direction in select_values(
        store, get_query("graph-targets").text, "goal", "indicator", "value", "year", "direction"
    ):
        parts = (value, f"({year})" if year else None, _local(direction).lower() if direction else None)
        targets[goal, indicator].append(" ".join(p for p in parts if p))
    links += [(goal, "targets", indicator) for goal, indicator in targets]
    # Ends of links that carry no type of ours still become nodes, so no link is dropped.
    for source, _, target in links:
        kinds.setdefault(source, "other")
        kinds.setdefault(target, "other")
    for finding in analysis.findings:
        for subject in finding.subjects:
            kinds.setdefault(subject, "other")
    for edge in analysis.influence_edges:
        kinds.setdefault(edge.influencer, "other")
        kinds.setdefault(edge.influenced, "other")

    plans = _plan_membership(model, kinds, links)
    initiative_count, covered = _coverage(model, kinds, status, links)
    delegated_to: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, list[str]] = defaultdict(list)
    for source, relation, target in links:
        if relation == "delegatedTo":
            delegated_to[source].append(target)
        elif relation == "owner":
            owners[source].append(target)

    progress_of, measures = _progress(analysis)
    languages = sorted(tag for tag in labels.tags() if tag)
    # da and en are always present, so every export has the same keys
    lang_keys = [(tag, _lang_key(tag)) for tag in languages]
    lang_keys += [(tag, _lang_key(tag)) for tag in ("da", "en") if _lang_key(tag) not in {key for _, key in lang_keys}]
    for element in sorted(kinds):
        kind = kinds[element]
        attrs: dict[str, Any] = {
            "kind": kind,
            "label": labels.get(element, lang),
            "plans": sorted(plans.get(element, ())),
            "status": status.get(element, ""),
            "owner": sorted(set(owners.get(element, ()))),
            "coverage": "",
            "initiatives": initiative_count.get(element, 0),
            "delegated_to": sorted(set(delegated_to.get(element, ()))),
            "findings": [],
        }
        own = labels.of(element)
        for tag, key in lang_keys:
            if tag in ("da", "en") and tag not in own:  # label_en from an en-GB label (it stayed empty)
                attrs[key] = in_language({t: v for t, v in own.items() if t.partition("-")[0] == tag}, tag) or ""
            else:
                attrs[key] = own.get(tag, "")
        if kind == "goal":
            attrs["coverage"] = (
                "covered" if element in covered else "delegated" if attrs["delegated_to"] else "uncovered"
            )
            attrs["progress"] = progress_of.get(element, "no-target")
            attrs["measures"] = measures.get(element, [])
        elif kind in PLAN_KINDS:
            attrs["progress"] = progress_of.get(element, "no-target")
        graph.add_node(element, **attrs)

    for source, relation, target in links:
        graph.add_edge(source, target, key=relation, kind=relation)
    for (goal, indicator), texts in targets.items():
        graph.edges[goal, indicator, "targets"]["targets"] = "; ".join(t for t in texts if t)

    _add_influences(graph, analysis)
    _add_evidence(graph, analysis)
    _add_findings(graph, analysis)
    return graph


def _add_influences(graph: nx.MultiDiGraph, analysis: Analysis) -> None:
    """Each pair an ``sa:Influence`` scores as an ``influence`` edge with its ``strength`` (−3..+3, summed
    and kept within the scale as the network analysis does) and ``why``, the first reason given.

    ``sa:hinders`` and ``sa:contributesTo`` are drawn as themselves; a GraphML or GEXF reader gets
    the scored cross-impact matrix as weighted edges, which it had only in the influence view.
    """
    scored = [e for e in analysis.influence_edges if e.source == "influence" and e.influencer != e.influenced]
    whys: dict[tuple[str, str], str] = {}
    for e in scored:
        if e.why and (e.influencer, e.influenced) not in whys:
            whys[e.influencer, e.influenced] = e.why
    for (a, b), strength in pair_strengths(scored).items():
        attrs: dict[str, Any] = {"kind": "influence", "strength": strength}
        if (a, b) in whys:
            attrs["why"] = whys[a, b]
        graph.add_edge(a, b, key="influence", **attrs)


def _progress(analysis: Analysis) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """Each goal's and plan's status as the analysis rolled it up (``summary.progress``), and each goal's own targets.

    Read, not recomputed: a goal takes the worst of its own and its sub-goals' targets, a plan the
    worst of its goals', a vision also its strategies' (alignment.progress). A goal or plan with no
    target at all is ``no-target``. ``measures`` keeps what a tooltip says of each own target: the
    latest observation (value, time), the target (value, year), the status and the indicator.
    """
    rolled: dict[str, Any] = analysis.summary.get("progress") or {}
    status: dict[str, str] = {}
    measures: dict[str, list[dict[str, Any]]] = {}
    for entry in rolled.get("goals", ()):
        goal = entry["goal"]
        status[goal] = entry["status"] if entry.get("targets") else "no-target"
        own = [t for t in entry.get("target_details", ()) if t.get("goal") == goal]
        if own:
            measures[goal] = [
                {
                    "indicator": t["indicator"],
                    "latest": t.get("latest"),
                    "latest_time": t.get("latest_time"),
                    "value": t.get("value"),
                    "year": t.get("year"),
                    "status": t["status"],
                }
                for t in own
            ]
    for entry in rolled.get("plans", ()):
        status[entry["plan"]] = entry["status"] if entry.get("targets") else "no-target"
    return status, measures


def _add_evidence(graph: nx.MultiDiGraph, analysis: Analysis) -> None:
    """Each node's first evidence record as ``evidence`` (quote cut short, document, page; None without),
    and the graph's ``evidence`` flag, only in a model with evidence: any other graph stays as it was."""
    if not analysis.evidence.present:
        return
    graph.graph["evidence"] = True
    for node, data in graph.nodes(data=True):
        first = analysis.evidence.first((node,))
        data["evidence"] = (first.short(), first.document, first.page) if first else None


def _plan_membership(model: Model, kinds: dict[str, str], links: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Plans each element belongs to: listed, reached through its goal, or (indicators, actors) through what it serves."""
    plans: dict[str, set[str]] = defaultdict(set)
    for element, plan in select_values(model.store, alignment_query("element-plans").text, "element", "plan"):
        plans[element].add(plan)
    for element, kind in kinds.items():
        if kind in PLAN_KINDS:
            plans[element].add(element)
    # An initiative no plan lists belongs where the goals and focus areas it serves belong.
    for source, relation, target in links:
        if relation in ("contributesTo", "hinders") and kinds.get(source) == "initiative" and not plans.get(source):
            plans[source] |= plans.get(target, set())
    for source, relation, target in links:
        if relation in ("measuredBy", "targets"):
            plans[target] |= plans.get(source, set())
        elif relation in ("owner", "stakeholder"):
            plans[target] |= plans.get(source, set())
    return plans


def _coverage(
    model: Model, kinds: dict[str, str], status: dict[str, str], links: list[tuple[str, str, str]]
) -> tuple[dict[str, int], set[str]]:
    """Initiatives (not cancelled) reaching each goal and focus area, and the covered goals.

    Goals follow the analysis' own query (``initiatives-by-goal``), so a goal is
    covered here exactly when ``analyze`` says so; focus areas are counted along
    the same ``sa:contributesTo`` chains in Python.
    """
    reaching: dict[str, set[str]] = defaultdict(set)
    for goal, initiative, state in select_values(
        model.store, alignment_query("initiatives-by-goal").text, "goal", "initiative", "status"
    ):
        if state != SA + "Cancelled":
            reaching[goal].add(initiative)
    covered = {goal for goal, found in reaching.items() if found}
    # Walk up from each focus area rather than down from each initiative: a national model has
    # tens of thousands of initiatives and few focus areas (often none).
    focus_areas = [n for n, k in kinds.items() if k == "focus_area"]
    if focus_areas:
        chain: nx.DiGraph[str] = nx.DiGraph()
        chain.add_edges_from((s, t) for s, relation, t in links if relation == "contributesTo")
        counted = lambda n: kinds.get(n) == "initiative" and status.get(n) != "cancelled"  # noqa: E731
        counts = {element: len(found) for element, found in reaching.items()}
        for focus_area, found in _reaching(chain, [f for f in focus_areas if f in chain], counted).items():
            if found:  # a focus area is never a goal: its count is only this one
                counts[focus_area] = len(found)
        return counts, covered
    return {element: len(found) for element, found in reaching.items()}, covered


def _reaching(chain: nx.DiGraph, targets: list[str], counted) -> dict[str, frozenset[str]]:
    """For each target, the ``counted`` nodes with a path to it (its ancestors), in time linear in the chain.

    One ``nx.ancestors`` per focus area walked a chain of 5,000 focus areas 12.5 million
    edges (231 s for a report); here the strongly connected parts of the ancestors are
    taken once in topological order, and a part with one predecessor and nothing of its
    own shares that predecessor's set, so a chain holds one set, not thousands.

    >>> g = nx.DiGraph([("i", "f1"), ("f1", "f2"), ("j", "f2")])
    >>> {k: sorted(v) for k, v in _reaching(g, ["f1", "f2"], lambda n: n in "ij").items()}
    {'f1': ['i'], 'f2': ['i', 'j']}
    """
    above = set(targets)
    todo = list(targets)
    while todo:  # every node with a path to some target, once
        for source in chain.predecessors(todo.pop()):
            if source not in above:
                above.add(source)
                todo.append(source)
    parts = nx.condensation(chain.subgraph(above))
    empty: frozenset[str] = frozenset()
    sets: dict[int, frozenset[str]] = {}
    for part in nx.topological_sort(parts):
        own = frozenset(n for n in parts.nodes[part]["members"] if counted(n))
        incoming = [sets[p] for p in parts.predecessors(part)]
        if own:
            sets[part] = own.union(*incoming)
        elif len(incoming) == 1:
            sets[part] = incoming[0]
        else:
            sets[part] = empty.union(*incoming)
    member_of = parts.graph["mapping"]
    # a target's own part holds the other members of a cycle through it: they reach it too
    return {t: sets[member_of[t]] for t in targets}


def _add_findings(graph: nx.MultiDiGraph, analysis: Analysis) -> None:
    """Findings onto their nodes, and overlaps/conflicts between elements as edges."""
    for number, finding in enumerate(analysis.findings):
        # "index": the finding's place in analysis.findings, so a page can point at it instead of copying it
        entry = {
            "kind": finding.kind,
            "group": finding.group,
            "severity": finding.severity,
            "message": finding.message,
            "index": number,
        }
        for subject in finding.subjects:
            graph.nodes[subject]["findings"].append(entry)
        subjects = list(finding.subjects)
        if finding.kind in ("shared-goal", "shared-initiative"):
            for plan in finding.plans:
                if plan in graph:
                    graph.add_edge(plan, subjects[0], key="shared", kind="shared", finding=finding.kind)
        elif finding.kind in ("duplicate-goal", "duplicate-initiative", "shared-indicator") and len(subjects) == 2:
            key = "shared" if finding.kind == "shared-indicator" else "duplicate"
            attrs: dict[str, Any] = {"kind": key, "finding": finding.kind}
            if finding.score is not None:
                attrs["score"] = float(finding.score)
            graph.add_edge(subjects[0], subjects[1], key=key, **attrs)
        elif finding.group == "conflict" and len(subjects) >= 2 and not _drawn_by_the_model(graph, finding):
            for i, a in enumerate(subjects):
                for b in subjects[i + 1 :]:
                    if graph.has_edge(a, b, "conflict"):  # two conflict findings on one pair: keep both
                        edge = graph.edges[a, b, "conflict"]
                        edge["finding"] += " " + finding.kind
                        edge["message"] += "\n" + finding.message
                    else:
                        graph.add_edge(
                            a, b, key="conflict", kind="conflict", finding=finding.kind, message=finding.message
                        )
