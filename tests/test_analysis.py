"""Every finding kind: a fixture where it must fire and one where it must not (tests/data/rules/)."""

from __future__ import annotations

import json

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment.analyze import analyze, at_or_above
from alignment.config import Config, load_config
from alignment.findings import DEFAULT_SEVERITY, KINDS
from ontology.errors import InputError
from ontology.examples import example_names, example_path
from ontology.loaders import load_model
from ontology.store import RdflibStore

E = "https://e.org/"

# (fixture, kind, expected subject sets as local ids)
CASES = [
    ("shared-goal-fires", "shared-goal", [["g"]]),
    ("shared-goal-quiet", "shared-goal", []),
    ("shared-initiative-fires", "shared-initiative", [["i"]]),
    ("shared-initiative-quiet", "shared-initiative", []),
    ("duplicate-goal-fires", "duplicate-goal", [["a", "b"]]),
    ("duplicate-goal-same-target", "duplicate-goal", [["a", "b"]]),
    ("duplicate-goal-quiet", "duplicate-goal", []),
    ("duplicate-goal-same-plan-quiet", "duplicate-goal", []),
    ("duplicate-initiative-fires", "duplicate-initiative", [["a", "b"]]),
    ("duplicate-initiative-quiet", "duplicate-initiative", []),
    ("shared-indicator-fires", "shared-indicator", [["a", "b"]]),
    ("shared-indicator-quiet", "shared-indicator", []),
    ("target-conflict-fires", "target-conflict", [["a", "b"]]),
    ("target-conflict-one-goal", "target-conflict", [["a"]]),
    ("target-conflict-year-missing", "target-conflict", [["a", "b"]]),
    ("target-conflict-trajectory-quiet", "target-conflict", []),
    ("target-conflict-backwards-fires", "target-conflict", [["a"]]),
    ("direction-conflict-fires", "direction-conflict", [["a", "b"]]),
    ("direction-conflict-quiet", "direction-conflict", []),
    ("negative-contribution-fires", "negative-contribution", [["g", "i"]]),
    ("negative-contribution-quiet", "negative-contribution", []),
    ("goal-conflict-fires", "goal-conflict", [["a", "b"]]),
    ("goal-conflict-quiet", "goal-conflict", []),
    ("owner-conflict-fires", "owner-conflict", [["g"]]),
    ("owner-conflict-quiet", "owner-conflict", []),
    ("timeline-conflict-fires", "timeline-conflict", [["g", "i"]]),
    ("timeline-conflict-plan-end", "timeline-conflict", [["i", "s1"]]),
    ("timeline-conflict-two-targets", "timeline-conflict", [["g", "i"]]),
    ("timeline-conflict-quiet", "timeline-conflict", []),
    ("timeline-conflict-milestone-quiet", "timeline-conflict", []),
    ("vision-mismatch-fires", "vision-mismatch", [["s1", "s2"]]),
    ("vision-mismatch-quiet", "vision-mismatch", []),
    ("invalid-period-fires", "invalid-period", [["i"], ["s1"], ["v"]]),
    ("invalid-period-quiet", "invalid-period", []),
    ("uncovered-goal-fires", "uncovered-goal", [["g"], ["h"]]),
    ("uncovered-goal-quiet", "uncovered-goal", []),
    ("delegated-goal-fires", "delegated-goal", [["g"]]),
    ("delegated-goal-quiet", "delegated-goal", []),
    ("delegated-goal-chains", "delegated-goal", [["g"]]),
    ("unmeasured-goal-fires", "unmeasured-goal", [["g"]]),
    ("unmeasured-goal-quiet", "unmeasured-goal", []),
    ("orphan-initiative-fires", "orphan-initiative", [["i"]]),
    ("orphan-initiative-quiet", "orphan-initiative", []),
    ("unanchored-strategy-fires", "unanchored-strategy", [["s1"]]),
    ("unanchored-strategy-quiet", "unanchored-strategy", []),
    ("missing-baseline-fires", "missing-baseline", [["ind"]]),
    ("missing-baseline-quiet", "missing-baseline", []),
    ("missing-owner-fires", "missing-owner", [["i"]]),
    ("missing-owner-quiet", "missing-owner", []),
]


def _local(subjects) -> list[str]:
    return [s.removeprefix(E) for s in subjects]


@pytest.mark.parametrize(("fixture", "kind", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_exactly_where_it_should(data, fixture, kind, expected):
    analysis = analyze(load_model([data / "rules" / f"{fixture}.yaml"]))
    found = [_local(f.subjects) for f in analysis.findings if f.kind == kind]
    assert found == expected


#: the kinds of the first contract; a kind declared later has its pair in tests/data/kinds/ (tests/test_kinds.py)
CONTRACT_KINDS = [
    "shared-goal",
    "shared-initiative",
    "duplicate-goal",
    "duplicate-initiative",
    "shared-indicator",
    "target-conflict",
    "direction-conflict",
    "negative-contribution",
    "goal-conflict",
    "owner-conflict",
    "timeline-conflict",
    "vision-mismatch",
    "invalid-period",
    "uncovered-goal",
    "delegated-goal",
    "unmeasured-goal",
    "orphan-initiative",
    "unanchored-strategy",
    "missing-baseline",
    "missing-owner",
]


def test_every_kind_of_the_contract_has_a_firing_fixture():
    assert {kind for _, kind, expected in CASES if expected} == set(CONTRACT_KINDS) <= set(KINDS)
    assert list(KINDS)[: len(CONTRACT_KINDS)] == CONTRACT_KINDS  # their order is the findings' order


def test_finding_json_shape_matches_the_contract(run, data):
    result = run("analyze", data / "rules/shared-goal-fires.yaml", "--format", "json")
    doc = json.loads(result.stdout)
    finding = next(f for f in doc["findings"] if f["kind"] == "shared-goal")
    # issue 19 adds "evidence" (always there: empty when no subject has any)
    assert list(finding) == ["kind", "group", "severity", "subjects", "plans", "message", "score", "evidence"]
    assert finding == {
        "kind": "shared-goal",
        "group": "overlap",
        "severity": "warning",
        "subjects": [E + "g"],
        "plans": [E + "s1", E + "s2"],
        "message": finding["message"],
        "score": None,
        "evidence": [],
    }
    assert "Mål" in finding["message"]
    assert {"plans", "goals", "initiatives", "covered_goals"} <= set(doc["summary"])


def test_duplicate_by_text_carries_its_score(data):
    finding = next(
        f
        for f in analyze(load_model([data / "rules/duplicate-goal-fires.yaml"])).findings
        if f.kind == "duplicate-goal"
    )
    assert finding.score is not None and Config().thresholds["goal"] <= finding.score <= 1


def test_default_severities_follow_the_spec():
    # invalid-period (an end before the start) is an error too: a model that contradicts itself fails `check`
    errors = {"uncovered-goal", "target-conflict", "direction-conflict", "invalid-period"}
    infos = {"delegated-goal", "shared-indicator", "missing-baseline", "missing-owner"}
    assert {k: DEFAULT_SEVERITY[k] for k in CONTRACT_KINDS} == {
        k: "error" if k in errors else "info" if k in infos else "warning" for k in CONTRACT_KINDS
    }


# -- the examples tell the seeds' story ------------------------------------------------

EX20 = "https://w3id.org/stratalign/example/esbjerg-2020/"


@pytest.fixture(scope="module")
def esbjerg_2020():
    return analyze(load_model([example_path("esbjerg-2020")]))


def _kinds(analysis, kind):
    return [f for f in analysis.findings if f.kind == kind]


def test_esbjerg_2020_shows_shared_goals_missing_vision_and_differing_years(esbjerg_2020):
    shared = _kinds(esbjerg_2020, "shared-goal")
    assert [f.subjects for f in shared] == [(EX20 + "goal/studieby",)]
    assert shared[0].plans == (EX20 + "vaekststrategi-2020", EX20 + "vision-2020")
    duplicates = {frozenset(s.removeprefix(EX20) for s in f.subjects) for f in _kinds(esbjerg_2020, "duplicate-goal")}
    assert frozenset({"goal/120000-borgere-i-2020", "goal/øge-indbyggertallet-til-120000"}) in duplicates
    assert (
        frozenset({"goal/energimetropol-og-et-af-landets-vækstcentre", "goal/energimetropol-og-tredje-vækstcenter"})
        in duplicates
    )
    assert [f.subjects for f in _kinds(esbjerg_2020, "vision-mismatch")] == [
        (EX20 + "vaekststrategi-2020", EX20 + "vision-2020")
    ]
    conflict = _kinds(esbjerg_2020, "target-conflict")
    assert len(conflict) == 1 and "2020" in conflict[0].message


def test_esbjerg_2025_has_none_of_those():
    analysis = analyze(load_model([example_path("esbjerg-2025")]))
    for kind in ("shared-goal", "duplicate-goal", "vision-mismatch", "target-conflict", "unanchored-strategy"):
        assert _kinds(analysis, kind) == [], kind


def test_horsens_2014_shows_empty_and_delegated_areas():
    analysis = analyze(load_model([example_path("horsens-2014")]))
    base = "https://w3id.org/stratalign/example/horsens-2014/"
    uncovered = {s.removeprefix(base) for f in _kinds(analysis, "uncovered-goal") for s in f.subjects}
    delegated = {s.removeprefix(base) for f in _kinds(analysis, "delegated-goal") for s in f.subjects}
    assert {"goal/5-kommuneplanen", "goal/8-borgerservice"} <= uncovered
    assert delegated == {"goal/3-udvikling-af-midtbyen", "goal/4-havneudvikling"}
    assert all("Teknik og Miljøudvalget" in f.message for f in _kinds(analysis, "delegated-goal"))


def test_esbjerg_2020_indicators_are_stale_seen_from_2026():
    # last measured in 2019 (population and students): stale from 2022 on, not in 2021
    base = "https://w3id.org/stratalign/example/esbjerg-2020/"
    for year, expected in ((2021, set()), (2026, {"indicator/indbyggertal", "indicator/studerende"})):
        analysis = analyze(load_model([example_path("esbjerg-2020")]), Config(as_of=year))
        assert {s.removeprefix(base) for f in _kinds(analysis, "stale-indicator") for s in f.subjects} == expected


def test_esbjerg_2020_population_goals_are_off_track():
    # the population fell from 115,905 (2017) to 115,652 (2019) against 120,000 in 2020
    analysis = analyze(load_model([example_path("esbjerg-2020")]), Config(as_of=2026), lang="en")
    off = [
        f
        for f in _kinds(analysis, "off-track-goal")
        if "«Population of Esbjerg Municipality» moved the wrong way" in f.message
    ]
    assert len(off) == 2 and all(f.score is not None and f.score < 0 for f in off)
    assert all("115,652 in 2019" in f.message for f in off)


# -- engine independence ----------------------------------------------------------------


def _sources(data):
    return (
        [example_path(n) for n in example_names()]
        + sorted((data / "rules").glob("*.yaml"))
        + sorted((data / "kinds").glob("*/*.yaml"))
    )


def test_rules_give_identical_findings_on_oxigraph_and_rdflib(data):
    for source in _sources(data):
        embedded = analyze(load_model([source])).to_dict()
        in_rdflib = analyze(load_model([source], store=RdflibStore())).to_dict()
        assert embedded == in_rdflib, source.name


def test_same_input_gives_byte_identical_json(run):
    first = run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout
    assert first == run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout


# -- output formats and check ----------------------------------------------------------


def test_text_output_is_grouped_with_labels_and_summary(run):
    result = run("analyze", "--example", "esbjerg-2020", "--lang", "en")
    text = result.stdout
    assert result.exit_code == 0
    assert text.index("Overlaps (") < text.index("Conflicts (") < text.index("Coverage (")
    assert "«10.000 studerende»" in text or "«Increase the number" in text
    assert "Coverage per plan:" in text and "In all" in text
    assert "https://" not in text  # labels, not bare IRIs


def test_danish_text_output(run):
    text = run("analyze", "--example", "horsens-2014").stdout
    assert "Dækning pr. plan:" in text and "overdraget til «Teknik og Miljøudvalget»" in text


def test_findings_as_rdf_can_be_queried_beside_the_model(run, tmp_path):
    findings = tmp_path / "findings.ttl"
    assert run("analyze", "--example", "esbjerg-2020", "--format", "ttl", "-o", findings).exit_code == 0
    graph = rdflib.Graph().parse(findings, format="turtle")
    assert len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/stratalign#Finding")))) > 5
    result = run("query", findings, "--example", "esbjerg-2020", "--name", "findings-with-labels", "--format", "csv")
    assert result.exit_code == 0
    assert "shared-goal" in result.stdout and "10.000 studerende" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "shared", "mismatch"),
    [("csv", "shared-goal", "vision-mismatch"), ("md", "fælles mål", "ingen fælles vision")],
)
def test_tabular_formats(run, fmt, shared, mismatch):
    # CSV is for tools and keeps the kind codes; Markdown is for people and names the kinds in words
    out = run("analyze", "--example", "esbjerg-2020", "--format", fmt).stdout
    assert shared in out and mismatch in out


@pytest.mark.parametrize(
    ("example", "level", "code"),
    [("esbjerg-2020", "error", 1), ("horsens-2014", "error", 1), ("esbjerg-2025", "error", 1)],
    ids=["esbjerg-2020", "horsens-2014", "esbjerg-2025"],
)
def test_check_exits_1_on_findings_at_or_above_the_level(run, example, level, code):
    assert run("check", "--example", example, "--fail-on", level).exit_code == code


def test_check_passes_a_clean_model_and_counts_levels(run, data):
    clean = data / "rules/missing-owner-quiet.yaml"  # only an info-level orphan... check the levels
    analysis = analyze(load_model([clean]))
    worst = {f.severity for f in analysis.findings}
    assert run("check", clean, "--fail-on", "error").exit_code == (1 if "error" in worst else 0)
    assert run("check", clean, "--fail-on", "info").exit_code == (1 if analysis.findings else 0)
    assert at_or_above(analysis.findings, "info") == analysis.findings


def test_check_exit_2_on_bad_input(run, data):
    assert run("check", data / "bad/syntax.ttl").exit_code == 2


def test_config_changes_severity_and_threshold(run, data, tmp_path, monkeypatch):
    (tmp_path / "stratalign.toml").write_text('[severity]\nuncovered-goal = "info"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", data / "rules/uncovered-goal-fires.yaml").exit_code == 0
    strict = tmp_path / "strict.toml"
    strict.write_text('[similarity]\ngoal = 0.99\n[severity]\nmissing-owner = "off"\n', encoding="utf-8")
    config = load_config(strict)
    analysis = analyze(load_model([data / "rules/duplicate-goal-fires.yaml"]), config)
    assert _kinds(analysis, "duplicate-goal") == [] and _kinds(analysis, "missing-owner") == []


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[severity]\nshared-goals = "error"\n', 2, "unknown finding kind 'shared-goals'"),
        ('[severity]\nshared-goal = "fatal"\n', 2, "must be error, warning, info or off"),
        ("[similarity]\ngoal = 1.5\n", 2, "must be a number in (0, 1]"),
        ("[severity\n", 1, "TOML syntax error"),
        # regressions: a value where a table belongs was exit 3 (AttributeError: 'str' object has no attribute 'items')
        ('severity = "off"\n', 1, "'severity' must be a table"),
        ("[[severity]]\n", 1, "'severity' must be a table"),
        ("decisions = []\n", 1, "'decisions' must be a table"),
        ("\nlimits = 5\n", 2, "'limits' must be a table"),
    ],
    ids=["unknown-kind", "bad-level", "bad-threshold", "syntax", "value-section", "array-section", "list", "number"],
)
def test_bad_config_is_bad_input(tmp_path, text, line, problem):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert caught.value.line == line and problem in caught.value.problem


@pytest.mark.parametrize("name", ["goals", "covered-goals", "progress-initiatives", "target-conflict"])
def test_a_query_read_unordered_gives_the_same_rows(name):
    """Context.select(ordered=False) only drops the final ORDER BY: the rows are the same."""
    from alignment.config import Config
    from alignment.context import Context

    ctx = Context.build(load_model([example_path("esbjerg-2020")]).store, Config())
    ordered = list(ctx.select(name).values())
    unordered = list(ctx.select(name, ordered=False).values())
    assert ordered and sorted(unordered, key=repr) == sorted(ordered, key=repr)


def test_the_collector_is_paused_during_an_analysis_only():
    """analyze pauses the cyclic GC (ontology.gc) and gives it back, also after an error."""
    import gc

    from ontology.store import OxigraphStore

    assert gc.isenabled()
    analyze(load_model([example_path("horsens-2014")]))
    assert gc.isenabled()

    class Broken(OxigraphStore):
        def query(self, sparql):
            assert not gc.isenabled()
            raise RuntimeError("store gone")

    with pytest.raises(RuntimeError):
        analyze(load_model([example_path("horsens-2014")], store=Broken()))
    assert gc.isenabled()


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(KINDS)),
    severity=st.sampled_from(["error", "warning", "info"]),
    subjects=st.lists(_TEXT, max_size=3),
    plans=st.lists(_TEXT, max_size=3),
    message=_TEXT,
    score=st.one_of(
        st.none(),
        st.floats(0, 1),
        st.integers(0, 1),
    ),
)
def test_a_findings_json_line_is_what_the_encoder_makes_of_it(kind, severity, subjects, plans, message, score):
    """The fast writer of ``analyze --format json`` must give the encoder's bytes for any text:
    quotes, backslashes, control characters, æøå, U+2028."""
    from alignment.findings import Finding
    from alignment.render import finding_json_writer

    finding = Finding(kind, severity, tuple(subjects), tuple(plans), message, score)
    expected = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode(finding.to_dict())
    write = finding_json_writer()
    assert write(finding) == expected
    assert write(finding) == expected  # and again, from its cache of repeated fields


def test_duplicates_compare_the_label_a_finding_shows(data):
    """A goal labelled with skos:prefLabel is compared by that label (Danish first), as every finding shows it.

    Regression: only rdfs:label was compared, so this goal was compared by its English label
    and the Danish twin went unnoticed."""
    analysis = analyze(load_model([data / "rules" / "duplicate-goal-preflabel.ttl"]))
    found = [f for f in analysis.findings if f.kind == "duplicate-goal"]
    assert [_local(f.subjects) for f in found] == [["a", "b"]]
    assert "Øge kommunens indbyggertal til 120.000" in found[0].message
