"""`stratalign graph --colour progress`: goals and plans drawn by their progress status, the legend in
words, the latest observation against the target in tooltips, and the status as an export attribute.

Esbjerg's population fell from 115,905 (2017) to 115,652 (2019) against 120,000 in 2020: both
population goals are off track, and so the strategy and the vision that hold them.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from alignment import analyze_model
from graphs import PROGRESS_STATES, project, view_payload
from ontology.examples import example_path
from ontology.loaders import load_model

E20 = "https://w3id.org/stratalign/example/esbjerg-2020/"
POPULATION = (E20 + "goal/120000-borgere-i-2020", E20 + "goal/øge-indbyggertallet-til-120000")
STATUS_WORDS = {
    "da": {"off-track": "af sporet", "no-data": "ingen data", "no-target": "intet måltal"},
    "en": {"off-track": "off track", "no-data": "no data", "no-target": "no target"},
}


def payload_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="sa-view-data">(.*?)</script>', html, re.S)
    assert found, "no view data in the page"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def esbjerg_graph():
    model = load_model([example_path("esbjerg-2020")])
    return project(model, analyze_model(model, lang="da"), lang="da")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("view", ["coverage", "overlap", "conflicts"])
def test_population_goals_are_off_track_in_the_page(run, lang, view):
    result = run("graph", "--example", "esbjerg-2020", "--view", view, "--colour", "progress", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    data = payload_of(result.stdout)
    assert data["colour"] == "progress"
    by_iri = {n["iri"]: n for n in data["nodes"] if "iri" in n}
    drawn = [iri for iri in POPULATION if iri in by_iri]
    assert drawn, f"the {view} view draws neither population goal"
    for iri in drawn:
        assert by_iri[iri]["pg"] == "off-track"
    # the legend names each status present, in the page's language, worst first
    legend = {s["id"]: s["label"] for s in data["progressStates"]}
    assert legend["off-track"] == STATUS_WORDS[lang]["off-track"]
    ids = [s["id"] for s in data["progressStates"]]
    assert ids == sorted(ids, key=PROGRESS_STATES.index)
    # and the page's markup says it too, beside the swatch (not colour alone)
    assert f"✕ {STATUS_WORDS[lang]['off-track']}" in result.stdout
    # only goals and plans carry a progress status; initiatives keep their kind's colours
    assert {n["kind"] for n in data["nodes"] if "pg" in n} <= {"goal", "vision", "strategy", "plan"}


def test_plans_take_the_worst_status_of_their_goals(run):
    data = payload_of(run("graph", "--example", "esbjerg-2020", "--colour", "progress").stdout)
    plans = {n["full"]: n["pg"] for n in data["nodes"] if n["kind"] in ("vision", "strategy")}
    assert plans == {"Vision 2020": "off-track", "Vækststrategi 2020": "off-track"}
    goals = {n["full"]: n["pg"] for n in data["nodes"] if n["kind"] == "goal"}
    assert goals["Flere nye uddannelser"] == "no-target"  # no target at all: the neutral class
    assert goals["10.000 studerende"] == "no-data"  # a target, but nothing to compare it with yet


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_status_draws_differently_without_hue(data, lang):
    # one goal per status, one without a target (tests/data/progress/statuses.yaml)
    model = load_model([data / "progress" / "statuses.yaml"])
    graph = project(model, analyze_model(model, lang=lang), lang=lang)
    payload = view_payload(graph, "coverage", lang=lang, colour="progress")
    assert [s["id"] for s in payload["progressStates"]] == list(PROGRESS_STATES)
    drawn: dict[str, set[tuple]] = {}
    for n in payload["nodes"]:
        if n["kind"] == "goal":
            style = payload["styles"][n["st"]]
            dashes = tuple(style.get("shapeProperties", {}).get("borderDashes") or ())
            drawn.setdefault(n["pg"], set()).add((style["borderWidth"], dashes))
    assert set(drawn) == set(PROGRESS_STATES)
    # border width and dashes alone tell each status from every other one (a grey print keeps them)
    borders = [frozenset(v) for v in drawn.values()]
    assert all(len(b) == 1 for b in borders) and len(set(borders)) == len(borders)
    legend = payload["progressStates"]
    assert len({s["mark"] for s in legend}) == len(legend) and all(s["mark"] and s["shape"] for s in legend)
    assert len({s["label"] for s in legend}) == len(legend)


def test_without_the_option_nothing_of_it_is_sent(run):
    for view in ("overlap", "conflicts", "coverage"):
        data = payload_of(run("graph", "--example", "esbjerg-2020", "--view", view).stdout)
        assert "colour" not in data and "progressStates" not in data
        assert not any("pg" in n for n in data["nodes"])
        if view != "coverage":
            assert "progressWords" not in data and not any("ms" in n for n in data["nodes"])


@pytest.mark.parametrize(
    "lang, latest, target, status, indicator_label",
    [
        ("da", "115.652 (2019)", "120.000 (2020)", "af sporet", "Indbyggertal i Esbjerg Kommune"),
        ("en", "115,652 (2019)", "120,000 (2020)", "off track", "Population of Esbjerg Municipality"),
    ],
    ids=["da", "en"],
)
def test_coverage_tooltip_has_latest_observation_against_target(run, lang, latest, target, status, indicator_label):
    # in the coverage view with or without --colour: point 2 of the view's tooltip
    for extra in ((), ("--colour", "progress")):
        data = payload_of(run("graph", "--example", "esbjerg-2020", "--lang", lang, *extra).stdout)
        goal = next(n for n in data["nodes"] if n.get("iri") == POPULATION[0])
        assert len(goal["ms"]) == 1
        shown_latest, shown_target, shown_status, indicator = goal["ms"][0]
        assert (shown_latest, shown_target, shown_status) == (latest, target, "off-track")
        assert data["names"][indicator] == indicator_label
        words = data["progressWords"]
        line = words["measure"].format(latest=shown_latest, target=shown_target, status=words[shown_status])
        assert line.endswith(f"{target} · status: {status}") and latest in line


def test_the_help_says_what_a_plans_colour_is(run):
    result = run("graph", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "--colour, --color [default|progress]" in text
    assert "a plan the worst of its goals' targets" in text


def test_color_is_an_alias_and_a_wrong_value_is_exit_2(run):
    same = run("graph", "--example", "esbjerg-2020", "--color", "progress")
    assert same.exit_code == 0 and payload_of(same.stdout)["colour"] == "progress"
    wrong = run("graph", "--example", "esbjerg-2020", "--colour", "rainbow")
    assert wrong.exit_code == 2 and "rainbow" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_carry_the_status_as_a_node_attribute(run, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = run("graph", "--example", "esbjerg-2020", "--colour", "progress", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    if fmt == "graphml":
        # GraphML numbers its nodes (an IRI is no xs:NMTOKEN); the IRI is the iri attribute
        numbered = nx.read_graphml(out)
        graph = nx.relabel_nodes(numbered, {n: d["iri"] for n, d in numbered.nodes(data=True)})
    elif fmt == "gexf":
        graph = nx.read_gexf(out)
    else:
        graph = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="edges")
    for iri in POPULATION:
        assert graph.nodes[iri]["progress"] == "off-track"
    assert graph.nodes[E20 + "vision-2020"]["progress"] == "off-track"
    assert graph.nodes[E20 + "goal/flere-nye-uddannelser"]["progress"] == "no-target"
    kinds = {d["kind"] for _, d in graph.nodes(data=True) if d["progress"]}
    assert kinds <= {"goal", "vision", "strategy", "plan"}
    # without the option the export is as it was: no progress column
    plain = tmp_path / f"plain.{fmt}"
    assert run("graph", "--example", "esbjerg-2020", "--format", fmt, "-o", plain).exit_code == 0
    assert b"progress" not in plain.read_bytes()


def test_a_danish_page_names_every_status_in_danish(run):
    html = run("graph", "--example", "esbjerg-2020", "--colour", "progress", "--lang", "da").stdout
    legend = re.findall(r'data-progress="([a-z-]+)"', html)
    assert legend == ["off-track", "no-data", "no-target"]
    for word in STATUS_WORDS["da"].values():
        assert word in html
    assert '<div class="sa-sublabel" data-role="progress-legend">Fremdrift</div>' in html
