"""The kinds of the progress wave at their boundaries: implausible-target, stale-indicator, unverified-delegation,
and the extended direction-conflict and missing-owner.

The fires/quiet pairs in tests/data/kinds/ (tests/test_kinds.py) show each kind once; these
cases move one fact at a time across the line. Every analysis passes its year (``as_of``),
so that no test depends on today's date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from alignment.analyze import analyze
from alignment.config import Config, load_config
from ontology import InputError
from ontology.loaders import load_model
from ontology.store import RdflibStore

E = "https://e.org/"


def _findings(
    tmp_path: Path, model: dict | str, kind: str, *, as_of: int = 2026, suffix: str = ".yaml", **config
) -> list:
    path = tmp_path / f"model{suffix}"
    path.write_text(model if isinstance(model, str) else yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    analysis = analyze(load_model([path]), Config(as_of=as_of, **config), lang="en")
    return [f for f in analysis.findings if f.kind == kind]


def _local(finding) -> list[str]:
    return [s.removeprefix(E) for s in finding.subjects]


def _one_target(baseline, baseline_year, value, year, direction) -> dict:
    indicator = {"id": "ind", "label": "Indbyggertal", "data_source": "DST"}
    if baseline is not None:
        indicator["baseline"] = baseline
    if baseline_year is not None:
        indicator["baseline_year"] = baseline_year
    target = {"indicator": "ind", "value": value, "year": year}
    if direction:
        target["direction"] = direction
    return {
        "base": E,
        "indicators": [indicator],
        "strategies": [
            {"id": "s", "label": "S", "goals": [{"id": "g", "label": "Flere borgere", "targets": [target]}]}
        ],
    }


# -- implausible-target ---------------------------------------------------------------------------

IMPLAUSIBLE = [
    pytest.param(100, 2017, 100, 2020, "increase", "already met at the baseline", id="increase-met-at-baseline"),
    pytest.param(
        100,
        2017,
        99.5,
        2020,
        "increase",
        "wrong side of the baseline 100 for the direction increase",
        id="increase-below",
    ),
    pytest.param(
        100,
        2017,
        101,
        2020,
        "decrease",
        "wrong side of the baseline 100 for the direction decrease",
        id="decrease-above",
    ),
    pytest.param(100, 2017, 100, 2020, None, "already met at the baseline", id="no-direction-met"),
    pytest.param(
        100, 2017, 120, 2017, "increase", "target year 2017 is not after the baseline year 2017", id="year-equal"
    ),
    pytest.param(
        100, 2017, 120, 2016, "increase", "target year 2016 is not after the baseline year 2017", id="year-before"
    ),
    pytest.param(100, 2020, 120, 2019, "maintain", "target year 2019", id="maintain-year-before"),
]


@pytest.mark.parametrize(("baseline", "baseline_year", "value", "year", "direction", "says"), IMPLAUSIBLE)
def test_implausible_target_fires(tmp_path, baseline, baseline_year, value, year, direction, says):
    found = _findings(tmp_path, _one_target(baseline, baseline_year, value, year, direction), "implausible-target")
    assert [_local(f) for f in found] == [["g"]]
    assert says in found[0].message and "«Indbyggertal»" in found[0].message
    assert found[0].severity == "warning" and found[0].group == "progress"


PLAUSIBLE = [
    pytest.param(100, 2017, 100.5, 2018, "increase", id="increase-just-above"),
    pytest.param(100, 2017, 99.5, 2018, "decrease", id="decrease-just-below"),
    pytest.param(100, 2017, 100, 2025, "maintain", id="maintain-at-baseline"),
    pytest.param(100, 2017, 80, 2025, None, id="no-direction-other-value"),
    pytest.param(None, 2017, 80, 2025, "increase", id="no-baseline-value"),
    pytest.param(100, None, 120, 2000, "increase", id="no-baseline-year"),
]


@pytest.mark.parametrize(("baseline", "baseline_year", "value", "year", "direction"), PLAUSIBLE)
def test_implausible_target_stays_quiet(tmp_path, baseline, baseline_year, value, year, direction):
    assert _findings(tmp_path, _one_target(baseline, baseline_year, value, year, direction), "implausible-target") == []


def test_one_implausible_finding_per_goal_names_each_problem(tmp_path):
    model = _one_target(100, 2017, 90, 2016, "increase")
    assert len(_findings(tmp_path, model, "implausible-target")) == 1
    message = _findings(tmp_path, model, "implausible-target")[0].message
    assert "wrong side" in message and "not after the baseline year" in message


def test_implausible_target_compares_numbers_not_spellings(tmp_path):
    # 1.2E5 and 120000 are one number: met at the baseline, whichever way it is written
    turtle = """@prefix sa: <https://w3id.org/stratalign#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix e: <https://e.org/> .
e:s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal e:g . e:g a sa:Goal ; rdfs:label "G"@da ; sa:hasTarget e:t .
e:t a sa:Target ; sa:indicator e:i ; sa:targetValue "1.2E5"^^xsd:double ; sa:direction sa:Increase .
e:i a sa:Indicator ; rdfs:label "I"@da ; sa:baseline 120000 .
"""
    found = _findings(tmp_path, turtle, "implausible-target", suffix=".ttl")
    assert len(found) == 1 and "already met" in found[0].message


# -- stale-indicator ------------------------------------------------------------------------------

_OBSERVED = """@prefix sa: <https://w3id.org/stratalign#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix e: <https://e.org/> .
e:s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal e:g . e:g a sa:Goal ; rdfs:label "G"@da ; sa:hasTarget e:t .
e:t a sa:Target ; sa:indicator e:i ; sa:targetValue 120000 ; sa:targetYear "2030"^^xsd:gYear .
e:i a sa:Indicator ; rdfs:label "Indbyggertal"@da ; sa:actualValue 1 ; sa:actualYear "2015"^^xsd:gYear ;
    sa:hasObservation e:o1 , e:o2 .
e:o1 a sa:Observation ; sa:observedValue 115905 ; sa:observedYear "2017"^^xsd:gYear .
e:o2 a sa:Observation ; sa:observedValue 115652 ; sa:observedDate "2019-10-01"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("as_of", "stale"),
    [(2021, False), (2022, True), (2019, False), (2100, True)],
    ids=["two-years-after", "three-years-after", "same-year", "far-later"],
)
def test_stale_after_more_than_two_years_from_the_latest_observation(tmp_path, as_of, stale):
    # the latest is the observation dated 2019-10-01 (not actualYear 2015, nor the observedYear 2017)
    found = _findings(tmp_path, _OBSERVED, "stale-indicator", as_of=as_of, suffix=".ttl")
    assert [_local(f) for f in found] == ([["i"]] if stale else [])
    if stale:
        assert f"last measured in 2019, {as_of - 2019} years before {as_of}" in found[0].message
        assert found[0].severity == "info" and found[0].group == "progress"


def test_stale_reads_observations_on_rdflib_as_on_oxigraph(tmp_path):
    path = tmp_path / "model.ttl"
    path.write_text(_OBSERVED, encoding="utf-8")
    config = Config(as_of=2030)
    embedded = analyze(load_model([path]), config).to_dict()
    assert embedded == analyze(load_model([path], store=RdflibStore()), config).to_dict()
    assert any(f["kind"] == "stale-indicator" for f in embedded["findings"])


@pytest.mark.parametrize(("years", "stale"), [(0, True), (9, True), (10, False)], ids=["zero", "nine", "ten"])
def test_stale_years_is_a_setting(tmp_path, years, stale):
    found = _findings(tmp_path, _OBSERVED, "stale-indicator", as_of=2029, suffix=".ttl", stale_years=years)
    assert bool(found) == stale


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[progress]\nstale_years = -1\n", "stale_years must be a whole number"),
        ("[progress]\nstale_years = 1.5\n", "stale_years must be a whole number"),
        ("[progress]\nstale_years = true\n", "stale_years must be a whole number"),
        ("[progress]\nstale = 2\n", "unknown progress setting 'stale'"),
    ],
    ids=["negative", "fraction", "boolean", "unknown-key"],
)
def test_bad_stale_years_is_refused_with_its_line(tmp_path, text, says):
    path = tmp_path / "stratalign.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert says in str(caught.value) and caught.value.line == 2


def test_stale_years_from_the_settings_file(tmp_path):
    path = tmp_path / "stratalign.toml"
    path.write_text("[progress]\nstale_years = 5\n", encoding="utf-8")
    assert load_config(path).stale_years == 5 and load_config(None, cwd=tmp_path / "none").stale_years == 2


@pytest.mark.parametrize("command", ["analyze", "check", "report"])
def test_as_of_on_the_command_line(run, data, command, tmp_path):
    fixture = data / "kinds" / "stale-indicator" / "fires.yaml"  # last measured in 2005
    extra = {
        "analyze": ["--format", "json"],
        "check": ["--format", "json", "--fail-on", "info"],
        "report": ["--format", "json"],
    }
    kinds = []
    for year in (2007, 2008):
        result = run(command, fixture, "--as-of", str(year), *extra[command])
        assert result.exit_code in (0, 1), result.output
        document = json.loads(result.stdout)
        findings = document["findings"] if "findings" in document else document["analysis"]["findings"]
        kinds.append([f.get("kind") for f in findings if f.get("kind") == "stale-indicator"])
    assert kinds == [[], ["stale-indicator"]]


@pytest.mark.parametrize("year", ["twenty", "0", "10000"])
def test_a_bad_as_of_is_exit_2(run, data, year):
    result = run("analyze", data / "kinds" / "stale-indicator" / "fires.yaml", "--as-of", year)
    assert result.exit_code == 2 and "--as-of" in result.output and "Traceback" not in result.output


# -- unverified-delegation -------------------------------------------------------------------------


def _delegation(receiver: dict) -> dict:
    return {
        "base": E,
        "actors": [{"id": "a", "label": "Erhvervshuset"}],
        "strategies": [
            {
                "id": "s",
                "label": "S",
                "owner": "a",
                "goals": [{"id": "g", "label": "Flere iværksættere", "delegated_to": ["r"]}],
            },
            {"id": "r", "label": "Erhvervsplan", "owner": "a", **receiver},
        ],
    }


@pytest.mark.parametrize(
    ("receiver", "fires"),
    [
        pytest.param({}, True, id="empty-plan"),
        pytest.param({"goals": [{"id": "other", "label": "Eksport"}]}, True, id="other-goal"),
        pytest.param(
            {
                "initiatives": [
                    {"id": "i", "label": "Kurser", "owner": "a", "status": "cancelled", "contributes_to": ["g"]}
                ]
            },
            True,
            id="cancelled-initiative",
        ),
        pytest.param({"goals": ["g"]}, False, id="lists-it"),
        pytest.param(
            {"initiatives": [{"id": "i", "label": "Kurser", "owner": "a", "contributes_to": ["g"]}]},
            False,
            id="initiative",
        ),
        pytest.param(
            {"goals": [{"id": "sub", "label": "Startkapital", "contributes_to": ["g"]}]}, False, id="sub-goal"
        ),
    ],
)
def test_unverified_delegation(tmp_path, receiver, fires):
    found = _findings(tmp_path, _delegation(receiver), "unverified-delegation")
    assert [_local(f) for f in found] == ([["g", "r"]] if fires else [])
    if fires:
        assert "add the goal to «Erhvervsplan»" in found[0].message
        assert {p.removeprefix(E) for p in found[0].plans} == {"s", "r"}


# -- direction-conflict with maintain --------------------------------------------------------------


def _directions(first: str, second: str) -> dict:
    return {
        "base": E,
        "indicators": [{"id": "ind", "label": "Biler", "baseline": 10, "data_source": "DST"}],
        "strategies": [
            {
                "id": "s",
                "label": "S",
                "goals": [
                    {"id": "a", "label": "Tilgængelig midtby", "targets": [{"indicator": "ind", "direction": first}]},
                    {"id": "b", "label": "Grøn midtby", "targets": [{"indicator": "ind", "direction": second}]},
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("first", "second", "words"),
    [
        ("increase", "decrease", "(up and down)"),
        ("maintain", "decrease", "(down and held level)"),
        ("increase", "maintain", "(up and held level)"),
        ("maintain", "maintain", None),
        ("decrease", "decrease", None),
    ],
    ids=["up-down", "level-down", "up-level", "level-level", "down-down"],
)
def test_direction_conflict_with_maintain(tmp_path, first, second, words):
    found = _findings(tmp_path, _directions(first, second), "direction-conflict")
    assert [_local(f) for f in found] == ([["a", "b"]] if words else [])
    if words:
        assert found[0].message.endswith(f"opposite directions {words}.")


# -- missing-owner for goals -----------------------------------------------------------------------


def _ownership(plan_owner: bool, goal: dict) -> dict:
    strategy = {"id": "s", "label": "S", "goals": [{"id": "top", "label": "Mål", "owner": "a", "goals": [goal]}]}
    other = {"id": "t", "label": "T", "goals": [goal["id"]]}
    if plan_owner:
        other["owner"] = "a"
    return {"base": E, "actors": [{"id": "a", "label": "Byrådet"}], "strategies": [strategy, other]}


@pytest.mark.parametrize(
    ("plan_owner", "goal", "fires"),
    [
        pytest.param(False, {"id": "g", "label": "Delmål"}, True, id="nobody"),
        pytest.param(False, {"id": "g", "label": "Delmål", "owner": "a"}, False, id="own-owner"),
        pytest.param(False, {"id": "g", "label": "Delmål", "delegated_to": ["a"]}, False, id="delegated"),
        pytest.param(True, {"id": "g", "label": "Delmål"}, False, id="plan-owner"),
    ],
)
def test_missing_owner_for_goals(tmp_path, plan_owner, goal, fires):
    found = [f for f in _findings(tmp_path, _ownership(plan_owner, goal), "missing-owner") if _local(f) == ["g"]]
    assert len(found) == (1 if fires else 0)
    if fires:
        assert found[0].message == "The goal «Delmål» has no owner."


def test_missing_owner_through_the_plan_of_a_parent_goal(tmp_path):
    model = {
        "base": E,
        "actors": [{"id": "a", "label": "Byrådet"}],
        "strategies": [
            {
                "id": "s",
                "label": "S",
                "owner": "a",
                "goals": [{"id": "top", "label": "Mål", "goals": [{"id": "g", "label": "Delmål"}]}],
            }
        ],
    }
    assert _findings(tmp_path, model, "missing-owner") == []


# -- off-track-goal --------------------------------------------------------------------------------


def _observed(latest: int, direction: str = "increase", target: int = 200) -> dict:
    # baseline 100 in 2010, target in 2020: in 2015 the straight path stands half way
    indicator = {
        "id": "ind",
        "label": "Indbyggertal",
        "baseline": 100,
        "baseline_year": 2010,
        "data_source": "DST",
        "observations": {2015: latest},
    }
    return {
        "base": E,
        "indicators": [indicator],
        "strategies": [
            {
                "id": "s",
                "label": "S",
                "goals": [
                    {
                        "id": "g",
                        "label": "Flere borgere",
                        "targets": [{"indicator": "ind", "value": target, "year": 2020, "direction": direction}],
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("latest", "direction", "target", "words", "score"),
    [
        pytest.param(90, "increase", 200, "moved the wrong way", -0.1, id="against-increase"),
        pytest.param(139, "increase", 200, "is behind the straight path", 0.39, id="just-past-tolerance"),
        pytest.param(140, "increase", 200, None, None, id="at-tolerance"),
        pytest.param(150, "increase", 200, None, None, id="on-path"),
        pytest.param(110, "decrease", 50, "moved the wrong way", None, id="against-decrease"),
        pytest.param(70, "decrease", 50, None, None, id="decrease-on-track"),
    ],
)
def test_off_track_goal(tmp_path, latest, direction, target, words, score):
    found = _findings(tmp_path, _observed(latest, direction, target), "off-track-goal")
    assert [_local(f) for f in found] == ([["g"]] if words else [])
    if words:
        assert words in found[0].message and found[0].score is not None
        if score is not None:
            assert found[0].score == pytest.approx(score)


def test_off_track_follows_the_tolerance_setting(tmp_path):
    assert _findings(tmp_path, _observed(139), "off-track-goal", tolerance=0.2) == []
    assert len(_findings(tmp_path, _observed(145), "off-track-goal", tolerance=0.0)) == 1
