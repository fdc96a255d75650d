"""The graph stage: projection, exports and the offline, escaped HTML views (browser checks in test_browser.py)."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import synthetic_ntriples  # tests/synthetic.py

from alignment.analyze import analyze
from graphs.export import export_graph, flatten
from graphs.projection import COVERAGE_STATES, EDGE_KINDS, NODE_KINDS, project
from graphs.queries import get_query, query_names
from graphs.views import VIEWS, render_view, script_json, view_payload
from ontology.examples import example_path
from ontology.loaders import load_model

E20 = "https://w3id.org/stratalign/example/esbjerg-2020/"
E25 = "https://w3id.org/stratalign/example/esbjerg-2025/"
# A URL that the page would fetch: in src/href/action/poster, CSS url() or @import.
REMOTE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
    re.I,
)


@pytest.fixture(scope="module")
def esbjerg():
    model = load_model([example_path("esbjerg-2020")])
    analysis = analyze(model)
    return model, analysis, project(model, analysis)


@pytest.fixture(scope="module")
def horsens():
    model = load_model([example_path("horsens-2014")])
    analysis = analyze(model)
    return model, analysis, project(model, analysis)


def by_label(graph: nx.MultiDiGraph, label: str) -> str:
    found = [n for n, text in graph.nodes(data="label") if text == label]
    assert len(found) == 1, (label, found)
    return found[0]


# --- projection -------------------------------------------------------------


def test_node_kinds_and_ids(esbjerg):
    _, _, graph = esbjerg
    kinds = dict(graph.nodes(data="kind"))
    assert kinds[E20 + "vision-2020"] == "vision"
    assert kinds[E20 + "vaekststrategi-2020"] == "strategy"
    assert kinds[E20 + "goal/studieby"] == "goal"
    assert kinds[E20 + "focus/vækstskaber-illustrativ"] == "focus_area"
    assert kinds[E20 + "initiative/education-esbjerg"] == "initiative"
    assert kinds[E20 + "indicator/indbyggertal"] == "indicator"
    assert kinds[E20 + "actor/esbjerg-byraad"] == "actor"
    assert set(kinds.values()) <= set(NODE_KINDS)
    assert all(node.startswith("https://") for node in graph)  # id = IRI


def test_literals_are_attributes_not_nodes(esbjerg):
    _, _, graph = esbjerg
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert "Vision 2020" in labels and "Vision 2020" not in graph
    assert not any(node in labels for node in graph)
    # no themes, targets or other literal-bearing helpers as nodes
    assert not any("/theme/" in node for node in graph)
    studieby = graph.nodes[E20 + "goal/studieby"]
    assert studieby["label"] == "10.000 studerende"
    assert studieby["label_da"] == "10.000 studerende"
    assert studieby["label_en"] == "Increase the number of tertiary students to 10,000"
    assert studieby["owner"] == [E20 + "actor/esbjerg-byraad"]
    assert studieby["plans"] == [E20 + "vaekststrategi-2020", E20 + "vision-2020"]
    assert graph.nodes[E20 + "initiative/education-esbjerg"]["status"] == "ongoing"


def test_labels_follow_the_language(esbjerg):
    model, analysis, _ = esbjerg
    english = project(model, analysis, lang="en")
    assert english.nodes[E20 + "goal/studieby"]["label"] == "Increase the number of tertiary students to 10,000"
    # no English label: the fallback chain gives the Danish one
    assert english.nodes[E20 + "goal/flere-nye-uddannelser"]["label"] == "Flere nye uddannelser"
    assert english.graph["title"].startswith("Esbjerg Municipality")


def test_edges_are_typed(esbjerg):
    _, _, graph = esbjerg
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert data["kind"] == key and key in EDGE_KINDS, (source, target, key)
    assert graph.has_edge(
        E20 + "vaekststrategi-2020", E20 + "goal/fordoble-energivirksomheder-og-energiarbejdspladser", "hasGoal"
    )
    assert graph.has_edge(
        E20 + "focus/vækstskaber-illustrativ",
        E20 + "goal/fordoble-energivirksomheder-og-energiarbejdspladser",
        "contributesTo",
    )
    assert graph.has_edge(E20 + "goal/studieby", E20 + "indicator/studieoptag", "measuredBy")
    assert graph.has_edge(E20 + "goal/studieby", E20 + "indicator/studerende", "targets")
    assert graph.has_edge(E20 + "goal/studieby", E20 + "actor/esbjerg-byraad", "owner")
    # from the findings: the shared goal hangs from both plans, the duplicates are linked
    for plan in ("vision-2020", "vaekststrategi-2020"):
        assert graph.has_edge(E20 + plan, E20 + "goal/studieby", "shared")
    duplicate = graph.get_edge_data(
        E20 + "goal/120000-borgere-i-2020", E20 + "goal/øge-indbyggertallet-til-120000", "duplicate"
    )
    assert duplicate["finding"] == "duplicate-goal" and duplicate["score"] > 0.7
    assert graph.has_edge(E20 + "goal/120000-borgere-i-2020", E20 + "goal/øge-indbyggertallet-til-120000", "conflict")


def test_realizes_edges(tmp_path):
    graph = project(load_model([example_path("esbjerg-2025")]))
    realizing = {s for s, t, k in graph.edges(keys=True) if k == "realizes"}
    assert len(realizing) == 2 and all(graph.nodes[s]["kind"] == "strategy" for s in realizing)


def test_coverage_states_esbjerg(esbjerg):
    _, analysis, graph = esbjerg
    states = {n: d["coverage"] for n, d in graph.nodes(data=True) if d["kind"] == "goal"}
    assert set(states.values()) <= set(COVERAGE_STATES)
    covered = {n for n, s in states.items() if s == "covered"}
    assert covered == {E20 + "goal/studieby", E20 + "goal/fordoble-energivirksomheder-og-energiarbejdspladser"}
    assert len(covered) == analysis.summary["covered_goals"]
    assert graph.nodes[E20 + "goal/studieby"]["initiatives"] == 1
    assert graph.nodes[E20 + "focus/vækstskaber-illustrativ"]["initiatives"] == 1
    assert graph.nodes[E20 + "goal/120000-borgere-i-2020"]["coverage"] == "uncovered"


def test_coverage_states_horsens(horsens):
    _, analysis, graph = horsens
    assert graph.nodes[by_label(graph, "3. Udvikling af Midtbyen")]["coverage"] == "delegated"
    assert graph.nodes[by_label(graph, "4. Havneudvikling")]["coverage"] == "delegated"
    assert graph.nodes[by_label(graph, "5. Kommuneplanen")]["coverage"] == "uncovered"
    assert graph.nodes[by_label(graph, "8. Borgerservice")]["coverage"] == "uncovered"
    counts = {s: 0 for s in COVERAGE_STATES}
    for _, data in graph.nodes(data=True):
        if data["kind"] == "goal":
            counts[data["coverage"]] += 1
    summary = analysis.summary
    assert counts == {
        "covered": summary["covered_goals"],
        "delegated": summary["delegated_goals"],
        "uncovered": summary["uncovered_goals"],
    }
    delegated = graph.nodes[by_label(graph, "4. Havneudvikling")]
    assert [graph.nodes[d]["label"] for d in delegated["delegated_to"]] == ["Teknik og Miljøudvalget"]
    assert graph.has_edge(by_label(graph, "4. Havneudvikling"), delegated["delegated_to"][0], "delegatedTo")


def test_findings_sit_on_their_nodes(esbjerg):
    _, analysis, graph = esbjerg
    kinds = {f["kind"] for f in graph.nodes[E20 + "goal/120000-borgere-i-2020"]["findings"]}
    assert kinds == {"duplicate-goal", "target-conflict", "uncovered-goal", "off-track-goal"}
    total = sum(len(d["findings"]) for _, d in graph.nodes(data=True))
    assert total == sum(len(f.subjects) for f in analysis.findings)


def test_cycles_do_not_hang(tmp_path):
    model_file = tmp_path / "cycle.ttl"
    model_file.write_text(
        """@prefix sa: <https://w3id.org/stratalign#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://e.org/> .
:s a sa:Strategy ; rdfs:label "S" ; sa:hasGoal :a .
:a a sa:Goal ; rdfs:label "A" ; sa:contributesTo :b .
:b a sa:Goal ; rdfs:label "B" ; sa:contributesTo :a .
:c a sa:Goal ; rdfs:label "C" ; sa:contributesTo :c .
:i a sa:Initiative ; rdfs:label "I" ; sa:contributesTo :b .
""",
        encoding="utf-8",
    )
    graph = project(load_model([model_file]))
    assert graph.nodes["https://e.org/a"]["coverage"] == "covered"
    for view in VIEWS:
        payload = view_payload(graph, view)
        assert {n["full"] for n in payload["nodes"] if not n.get("agg")} >= {"A", "B"}


def test_graph_queries_are_documented():
    names = query_names()
    assert {"graph-nodes", "graph-edges", "graph-targets", "model-documents"} <= set(names)
    for name in names:
        assert get_query(name).text.startswith("# "), name
        assert get_query(name).description, name


def test_both_stages_load_their_queries_as_the_same_type():
    from alignment.queries import NamedQuery
    from alignment.queries import get_query as analysis_query

    graph_query, rule_query = get_query("graph-edges"), analysis_query("element-plans")
    assert type(graph_query) is type(rule_query) is NamedQuery
    assert graph_query.path.name == "graph-edges.rq" and rule_query.path.name == "element-plans.rq"
    with pytest.raises(KeyError, match="no graph query named 'element-plans'"):
        get_query("element-plans")  # each stage finds its own queries only


# --- exports ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_parse_back(esbjerg, fmt):
    _, _, graph = esbjerg
    data = export_graph(graph, fmt)
    data.decode("utf-8")
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(data))
        assert b'<key id="label" for="node"' in data and b'id="d0"' not in data  # named keys for Gephi
    elif fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(data))
    else:
        back = nx.node_link_graph(json.loads(data), edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    by_iri = {d["iri"]: d for _, d in back.nodes(data=True)}
    assert set(by_iri) == set(graph.nodes)
    node = by_iri[E20 + "goal/studieby"]
    assert node["label"] == "10.000 studerende"
    assert node["kind"] == "goal" and node["coverage"] == "covered"
    assert int(node["initiatives"]) == 1
    for _, attrs in back.nodes(data=True):
        assert attrs["label"]
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())


def test_flatten_has_the_same_keys_everywhere(esbjerg):
    _, _, graph = esbjerg
    flat = flatten(graph)
    keys = {tuple(sorted(d)) for _, d in flat.nodes(data=True)}
    assert len(keys) == 1
    assert {"label", "label_da", "label_en", "kind", "plans", "plan_labels", "coverage", "finding_kinds"} <= set(
        next(iter(keys))
    )
    ids = [d["id"] for *_, d in flat.edges(data=True)]
    assert len(ids) == len(set(ids))


def test_graph_command_exports(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("graph", "--example", "esbjerg-2020", "-o", "model.graphml")
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(tmp_path / "model.graphml").number_of_nodes() > 10
    result = run("graph", "--example", "esbjerg-2020", "--format", "gexf", "-o", "model.xml")
    assert result.exit_code == 0 and nx.read_gexf(tmp_path / "model.xml").number_of_nodes() > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.graphml", "model.xml"]


# --- views ------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_view_is_offline_and_creates_no_lib_folder(run, tmp_path, monkeypatch, view):
    monkeypatch.chdir(tmp_path)
    result = run("graph", "--example", "esbjerg-2020", "--view", view, "-o", f"{view}.html")
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [f"{view}.html"]  # no lib/ next to it, nothing else
    html = (tmp_path / f"{view}.html").read_bytes().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html  # attribute-escaped quotes
    assert not REMOTE.search(html), REMOTE.search(html)
    assert "<link" not in html and "sourceMappingURL" not in html
    assert "@version 9.1.2" in html  # vis-network inlined from the pyvis wheel
    assert "StratalignView.mount" in html


def test_view_languages(esbjerg):
    _, _, graph = esbjerg
    danish = render_view(graph, "coverage", lang="da")
    english = render_view(graph, "coverage", lang="en")
    assert '<html lang="da">' in danish and "Søg efter navn" in danish and "Ikke dækket" in danish
    assert '<html lang="en">' in english and "Search by name" in english and "Uncovered" in english


def test_tooltip_facts_travel_as_data(esbjerg):
    # the page writes the tooltip around these facts (test_browser.py reads the text it makes)
    _, _, graph = esbjerg
    payload = view_payload(graph, "coverage", lang="da")
    node = next(n for n in payload["nodes"] if n.get("full") == "10.000 studerende")
    assert [payload["plans"][i]["label"] for i in node["plans"]] == ["Vækststrategi 2020", "Vision 2020"]
    assert [payload["names"][i] for i in node["own"]] == ["Esbjerg Byråd"]
    assert (
        node["kind"] == "goal"
        and node["state"] == "covered"
        and node["ini"] == 1
        and node["iri"] == E20 + "goal/studieby"
    )
    assert node["nf"] == 1 and payload["messages"][node["f"][0]][0] == "warning"
    assert payload["messages"][node["f"][0]][1].startswith("Målet «10.000 studerende» står i flere planer")
    energy = next(n for n in payload["nodes"] if n.get("full") == "Energiindsats (illustrativt eksempel)")
    assert energy["stat"] == "igangværende" and [payload["names"][i] for i in energy["own"]] == [
        "Esbjerg Erhvervsudvikling (EEU)"
    ]
    assert "title" not in node  # no tooltip text for 70,000 nodes in the page: it is written for drawn nodes


@pytest.mark.parametrize("lang, separator", [("da", ","), ("en", ".")], ids=["danish", "english"])
def test_a_link_s_score_is_written_in_the_page_s_language(esbjerg, lang, separator):
    # Regression: the tooltip wrote the score with JavaScript's toFixed, "0.81" on a Danish page.
    _, _, graph = esbjerg
    payload = view_payload(graph, "overlap", lang=lang)  # the duplicates' links carry their score
    scored = [e for e in payload["edges"] if "score" in e]
    assert scored
    for edge in scored:
        whole, _, decimals = edge["scoreText"].partition(separator)
        assert (
            whole.isdigit() and len(decimals) == 2 and abs(float(f"{whole}.{decimals}") - edge["score"]) <= 0.0051
        )  # rounded to 2 places


def test_view_data_is_compact_and_shared(esbjerg):
    _, analysis, graph = esbjerg
    payload = view_payload(graph, "coverage", lang="da")
    # styles and messages are tables the nodes point into, each entry once
    assert all(0 <= n["st"] < len(payload["styles"]) for n in payload["nodes"])
    assert len({json.dumps(s, sort_keys=True) for s in payload["styles"]}) == len(payload["styles"])
    assert all(0 <= i < len(payload["messages"]) for n in payload["nodes"] for i in n.get("f", ()))
    # embedded in the report, a node names its findings by their number in analysis.findings
    shared = view_payload(graph, "coverage", lang="da", message_function="reportMessage")
    assert shared["messages"] == [] and shared["messageFunction"] == "reportMessage"
    node = next(n for n in shared["nodes"] if n.get("full") == "10.000 studerende")
    assert [analysis.findings[i].message for i in node["f"]][0].startswith("Målet «10.000 studerende»")
    with pytest.raises(ValueError):
        view_payload(graph, "coverage", message_function="alert(1)")


def test_views_show_what_they_promise(esbjerg):
    _, _, graph = esbjerg
    coverage = view_payload(graph, "coverage")
    assert {n["kind"] for n in coverage["nodes"]} <= {
        "vision",
        "strategy",
        "plan",
        "goal",
        "focus_area",
        "initiative",
        "group",
    }
    styles = coverage["styles"]
    sizes = {n["full"]: styles[n["st"]]["size"] for n in coverage["nodes"] if n["kind"] == "goal"}
    assert sizes["10.000 studerende"] > sizes["Flere nye uddannelser"]  # size = initiatives reaching it
    colours = {n["state"]: styles[n["st"]]["color"]["background"] for n in coverage["nodes"] if n.get("state")}
    assert len(set(colours.values())) == len(colours) == 2  # covered and uncovered differ
    overlap = view_payload(graph, "overlap")
    assert {"shared", "duplicate"} <= {e["kind"] for e in overlap["edges"]}
    emphasised = {n["full"] for n in overlap["nodes"] if n.get("em") == 1}
    assert {"10.000 studerende", "120.000 borgere i 2020", "Øge kommunens indbyggertal til 120.000"} <= emphasised
    conflicts = view_payload(graph, "conflicts")
    assert "conflict" in {e["kind"] for e in conflicts["edges"]}
    assert conflicts["edgeStyles"]["conflict"].get("smooth")  # arcs over the hierarchy


def _plan_links(payload: dict) -> set[tuple[str, str]]:
    """(plan IRI, element IRI) for every drawn link between a plan and an element, whatever its kind."""
    iri = {n["id"]: n.get("iri") for n in payload["nodes"]}
    return {
        (iri[e["from"]], iri[e["to"]]) for e in payload["edges"] if e["kind"] in ("hasGoal", "hasInitiative", "shared")
    }


def _page_payload(html: str) -> dict:
    """The view data the written page carries (the JSON in its ``-data`` script)."""
    start = html.index('-data">', html.index('<script type="application/json"')) + len('-data">')
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_links_a_shared_goal_to_each_of_its_plans(esbjerg, view):
    # Regression: the conflicts view dropped plan → goal for a shared goal (the shared edge,
    # which it does not draw, was said to stand for it), so the goal floated unconnected.
    _, analysis, graph = esbjerg
    shared = [f for f in analysis.findings if f.kind == "shared-goal"]
    assert shared
    expected = {
        (plan, f.subjects[0])
        for f in shared
        for plan, goal, key in graph.in_edges(f.subjects[0], keys=True)
        if key == "hasGoal"
    }
    assert {plan for plan, _ in expected} == {E20 + "vision-2020", E20 + "vaekststrategi-2020"}
    assert expected <= _plan_links(view_payload(graph, view))


def test_written_conflicts_page_links_a_shared_goal_to_its_plans(run, tmp_path):
    page = tmp_path / "conflicts.html"
    assert run("graph", "--example", "esbjerg-2020", "--view", "conflicts", "-o", page).exit_code == 0
    payload = _page_payload(page.read_text(encoding="utf-8"))
    links = {(p, g) for p, g in _plan_links(payload) if g == E20 + "goal/studieby"}
    assert links == {(E20 + "vision-2020", E20 + "goal/studieby"), (E20 + "vaekststrategi-2020", E20 + "goal/studieby")}
    kinds = {e["kind"] for e in payload["edges"]}
    assert "shared" not in kinds and "hasGoal" in kinds  # the view's own link kinds, as its legend lists them
    assert "hasGoal" in {k["id"] for k in payload["edgeKinds"]}


def test_views_group_above_the_limit(horsens):
    _, _, graph = horsens
    payload = view_payload(graph, "coverage", node_limit=10)
    groups = {n["id"] for n in payload["nodes"] if n.get("agg")}
    collapsed = [n for n in payload["nodes"] if "g" in n]
    assert groups and collapsed
    assert all(n["g"] in groups and n["kind"] == "initiative" for n in collapsed)
    assert payload["limit"] == 10
    ids = {n["id"] for n in payload["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in payload["edges"])


def test_large_model_projects_and_renders(tmp_path):
    model_file = tmp_path / "big.nt"
    model_file.write_text(synthetic_ntriples(strategies=3, goals=60, initiatives=8), encoding="utf-8")
    graph = project(load_model([model_file]))
    assert graph.number_of_nodes() > 1500
    payload = view_payload(graph, "coverage")
    positions = {(n["s"], n["d"]) for n in payload["nodes"] if not n.get("agg")}
    assert len(positions) == len([n for n in payload["nodes"] if not n.get("agg")])  # no two nodes on one spot
    xs = [n["s"] for n in payload["nodes"]]
    ds = [n["d"] for n in payload["nodes"]]
    width, height = (max(xs) - min(xs)) * 175, (max(ds) - min(ds)) * 170
    assert width / height < 6  # wrapped into a block, not one endless row


def test_script_json_cannot_break_out():
    hostile = {"a": "</script><script>alert(1)</script>", "b": "<!-- x", "c": "line\u2028sep\u2029", "d": "&amp;"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == hostile


def test_unknown_view_is_refused(run, esbjerg):
    _, _, graph = esbjerg
    with pytest.raises(ValueError):
        render_view(graph, "radar")
    result = run("graph", "--example", "esbjerg-2020", "--view", "radar")
    assert result.exit_code == 2


def test_projection_is_engine_independent(esbjerg):
    """The graph queries are plain SPARQL 1.1: rdflib's engine gives the same graph as Oxigraph."""
    import pyoxigraph as ox

    from ontology.model import Model
    from ontology.store import RdflibStore

    model, _, graph = esbjerg
    store = RdflibStore()
    store.add(ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES))
    assert export_graph(project(Model(store)), "json") == export_graph(graph, "json")


def test_plans_carry_their_family_coverage_and_a_compact_level(tmp_path):
    # the coarsest level of detail draws the plans alone, coloured by their coverage, and a
    # double-click shows a plan's family (a vision and the strategies that realise it)
    model_file = tmp_path / "plans.nt"
    model_file.write_text(synthetic_ntriples(strategies=4, goals=5, initiatives=2), encoding="utf-8")
    model = load_model([model_file])
    analysis = analyze(model)
    payload = view_payload(project(model, analysis), "coverage", node_limit=20)
    plans = {p["label"]: p for p in payload["plans"]}
    vision = plans["Stor vision"]
    assert sorted(payload["plans"][i]["label"] for i in vision["family"]) == [
        "Stor vision",
        "Strategi 0",
        "Strategi 1",
        "Strategi 2",
        "Strategi 3",
    ]
    assert [payload["plans"][i]["label"] for i in plans["Strategi 2"]["family"]] == ["Strategi 2"]
    per_plan = {row["label"]: row for row in analysis.summary["coverage_per_plan"]}
    for name in ("Strategi 0", "Strategi 3"):
        covered, delegated, uncovered = plans[name]["cov"]
        assert covered == per_plan[name]["covered_goals"] and covered + delegated + uncovered == per_plan[name]["goals"]
    assert vision["cov"] == [sum(plans[f"Strategi {s}"]["cov"][i] for s in range(4)) for i in range(3)]
    drawn = [n for n in payload["nodes"] if n["kind"] in ("vision", "strategy")]
    assert all("ps" in n and "pd" in n and "pi" in n for n in drawn)
    assert len({(n["ps"], n["pd"]) for n in drawn}) == len(drawn)  # no two plans on one spot
    assert not any("ps" in n for n in payload["nodes"] if n["kind"] not in ("vision", "strategy"))


def test_gc_is_paused_only_while_a_page_is_built():
    import gc

    from ontology.gc import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner block leaves it paused
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("a failed build still restores the collector")
    assert gc.isenabled()


def test_new_view_words_exist_in_both_languages_and_are_translated():
    from graphs.views import WORDS

    assert WORDS["da"].keys() == WORDS["en"].keys()
    new = [k for k in WORDS["da"] if k.startswith(("edge_", "state_", "links_", "group_expand", "graph_region"))]
    assert len(new) >= 17
    same = [k for k in new if WORDS["da"][k] == WORDS["en"][k] and k != "links_between"]  # "{n} × {what}" is both
    assert same == [], same


def test_overlap_collapses_every_element_per_plans_kind_and_overlap(horsens):
    from graphs.views import STATE_STYLE

    _, _, graph = horsens
    payload = view_payload(graph, "overlap", node_limit=10)
    groups = {n["id"]: n for n in payload["nodes"] if n.get("agg")}
    members = [n for n in payload["nodes"] if not n.get("agg") and n["kind"] not in ("vision", "strategy", "plan")]
    assert members and all(n.get("g") in groups for n in members)  # overlapping elements too, not only the rest
    # the groups wrap into bands: not one row as wide as every plan column together
    xs = [g["as"] for g in groups.values()]
    assert max(xs) - min(xs) <= max(12, len(groups) * 2)
    # the legend's coverage entries carry the drawing's style
    coverage = view_payload(graph, "coverage")
    assert [(s["id"], s["color"], s["border"], s["width"], s["dashed"]) for s in coverage["states"]] == [
        (k, v["bg"], v["border"], v["width"], bool(v["dashes"])) for k, v in STATE_STYLE.items()
    ]


def test_conflict_links_carry_their_finding_kinds(horsens):
    _, _, graph = horsens
    payload = view_payload(graph, "conflicts")
    found = [e for e in payload["edges"] if e["kind"] == "conflict"]
    assert found and all(e["fk"] and all(k.endswith("-conflict") for k in e["fk"]) for e in found)
    assert all(f"edge_{k}" in payload["words"] for e in found for k in e["fk"])


@settings(max_examples=200, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=40))
def test_focus_area_reach_equals_networkx_ancestors(edges):
    """The linear walk (_reaching) gives what one nx.ancestors per focus area gave, cycles included."""
    from graphs.projection import _reaching

    chain = nx.DiGraph()
    chain.add_edges_from((f"n{a}", f"n{b}") for a, b in edges)
    counted = lambda n: int(n[1:]) % 3 == 0  # noqa: E731
    targets = [n for n in chain if int(n[1:]) % 3 != 0]
    expected = {t: {a for a in nx.ancestors(chain, t) if counted(a)} for t in targets}
    assert {t: set(found) for t, found in _reaching(chain, targets, counted).items()} == expected


def test_a_contributes_to_chain_of_5000_focus_areas_is_linear():
    # one nx.ancestors per focus area walked 12.5 million edges here (a report took 231 s)
    from graphs.projection import _reaching

    n = 5000
    chain = nx.DiGraph([("init", "f0")] + [(f"f{i}", f"f{i + 1}") for i in range(n)])
    found = _reaching(chain, [f"f{i}" for i in range(n + 1)], lambda node: node == "init")
    assert all(found[f"f{i}"] == {"init"} for i in range(n + 1))
    assert len({id(s) for s in found.values()}) == 1  # one set shared along the chain


@pytest.mark.parametrize("view", ["coverage", "overlap", "conflicts"])
def test_views_do_not_depend_on_the_hash_seed(tmp_path, view):
    """The same model gives the same page in every process (regression: the overlap view numbered
    its groups in set order, which follows PYTHONHASHSEED, so esbjerg-2025 differed run to run)."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"{view}-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "stratalign.cli",
                "graph",
                "--example",
                "esbjerg-2025",
                "--view",
                view,
                "-o",
                str(out),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == pages[2]


@pytest.mark.parametrize(
    "table", ["WORDS", "KIND_WORDS", "STATE_WORDS", "STATUS_WORDS", "SEVERITY_WORDS", "EDGE_WORDS"]
)
def test_each_word_table_of_the_views_has_both_languages_with_the_same_keys(table):
    from graphs.views import words

    tables = getattr(words, table)
    assert set(tables) == {"da", "en"}
    assert tables["da"].keys() == tables["en"].keys()
    assert all(tables["da"].values()) and all(tables["en"].values())


def test_the_views_name_a_status_as_the_other_outputs_do(esbjerg):
    from ontology.words import STATUS_WORDS

    graph = esbjerg[2]
    shown = {n["stat"] for n in view_payload(graph, "coverage", lang="da")["nodes"] if "stat" in n}
    assert STATUS_WORDS["da"]["ongoing"] in shown  # esbjerg-2020 has two ongoing initiatives
    assert shown <= set(STATUS_WORDS["da"].values())


NEGATIVE = """base: https://ex.org/h/
strategies:
  - id: s
    label: Strategi
    goals:
      - id: g1
        label: Mere trafik
        initiatives:
          - id: i1
            label: Ny vej
            LINK
      - id: g2
        label: Mindre CO2
"""


@pytest.mark.parametrize(
    ("link", "kind"),
    [("influences: [{goal: g2, strength: -2}]", {"conflict", "influence"}), ("hinders: [g2]", {"hinders"})],
    ids=["scored-influence", "hinders"],
)
def test_a_negative_contribution_is_drawn_however_it_is_written(tmp_path, link, kind):
    """Regression: a negative-contribution from a scored influence was left out as "drawn by the model's
    own edge", which only sa:hinders has: the graph showed nothing between the two."""
    path = tmp_path / "m.yaml"
    path.write_text(NEGATIVE.replace("LINK", link), encoding="utf-8")
    model = load_model([path])
    graph = project(model, analyze(model))
    between = {
        data["kind"]
        for a, b, data in graph.edges(data=True)
        if {a, b} == {"https://ex.org/h/i1", "https://ex.org/h/g2"}
    }
    # the model's own edge, or the finding's where the model has none (beside the scored influence)
    assert between == kind


def test_exports_carry_each_scored_influence_with_its_strength(tmp_path):
    """Regression: GraphML, GEXF and JSON held no scored influence (only a negative one, as a conflict
    edge), so a reader of the export lost the cross-impact matrix. Read back by networkx."""
    model = load_model(["tests/data/influence/small.yaml"])
    graph = project(model, analyze(model, lang="en"))
    base = "https://example.org/influence/"
    read = nx.read_graphml(io.BytesIO(export_graph(graph, "graphml")))
    iri = {n: d["iri"] for n, d in read.nodes(data=True)}
    scored = {
        (iri[a][len(base) :], iri[b][len(base) :]): (d["strength"], d.get("why"))
        for a, b, d in read.edges(data=True)
        if d["kind"] == "influence"
    }
    # i1's +2 overrides its contributes_to (+1); i2's hinders and contributes_to are no scored influence
    assert scored == {
        ("g1", "g2"): (-2, "Flere borgere giver mere trafik"),
        ("i1", "g2"): (2, None),
        ("i1", "g1"): (0, None),
    }
    gexf = nx.read_gexf(io.BytesIO(export_graph(graph, "gexf")))
    assert sorted(d["strength"] for _, _, d in gexf.edges(data=True) if d["kind"] == "influence") == [-2, 0, 2]


def test_two_scored_influences_on_one_pair_are_one_edge_within_the_scale(tmp_path):
    path = tmp_path / "m.ttl"
    path.write_text(
        """@prefix sa: <https://w3id.org/stratalign#> . @prefix ex: <https://ex.org/> .
ex:a a sa:Goal ; sa:label "A"@da . ex:b a sa:Goal ; sa:label "B"@da .
[] a sa:Influence ; sa:influencer ex:a ; sa:influenced ex:b ; sa:strength 2 .
[] a sa:Influence ; sa:influencer ex:a ; sa:influenced ex:b ; sa:strength 3 .
""",
        encoding="utf-8",
    )
    model = load_model([path])
    graph = project(model, analyze(model))
    assert [d["strength"] for _, _, k, d in graph.edges(keys=True, data=True) if k == "influence"] == [3]


def test_a_carriage_return_in_a_label_survives_graphml(tmp_path):
    """Regression: GraphML wrote a label's CR as it is, which every XML reader turns into LF (GEXF kept it)."""
    g = nx.MultiDiGraph()
    g.add_node("https://e/g", kind="goal", label="Mål\r\nnæste linje\rslut", plans=[], findings=[])
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = read(io.BytesIO(export_graph(g, fmt)))
        assert [d["label"] for _, d in back.nodes(data=True)] == ["Mål\r\nnæste linje\rslut"], fmt
