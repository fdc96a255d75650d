"""SHACL shapes and ontology.validation: one bad fixture per rule, one good model.

Fixtures live in tests/data/shapes/: ``good-model.ttl`` passes every shape,
each ``bad-<rule>.ttl`` breaks exactly one rule and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from ontology.validation import (
    ValidationIssue,
    ValidationOutcome,
    format_report,
    ontology_graph,
    shapes_graph,
    validate,
)

DATA = Path(__file__).parent / "data" / "shapes"
EX = "https://example.org/model/"
SA = "https://w3id.org/stratalign#"
SASH = "https://w3id.org/stratalign/shapes#"


class Expect(NamedTuple):
    focus: str  # local name under EX
    path: str  # local name under SA, or a full IRI / path text
    shape: str  # local name under SASH
    severity: str = "violation"


RDFS_LABEL = str(RDFS.label)
RDF_TYPE = str(RDF.type)
SKOS_PREFLABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ANY_LABEL = f"{RDFS_LABEL}|{SKOS_PREFLABEL}"

# fixture name (without "bad-" and ".ttl") -> the one issue it must produce
CASES: dict[str, Expect] = {
    "one-kind": Expect("element", RDF_TYPE, "OneKindShape"),
    "realizes-source": Expect("goal", RDF_TYPE, "RealizesSourceShape"),
    "realizes-target": Expect("strategy", "realizes", "RealizesTargetShape"),
    "hasgoal-source": Expect("initiative", RDF_TYPE, "HasGoalSourceShape"),
    "hasgoal-target": Expect("strategy", "hasGoal", "HasGoalTargetShape"),
    "hasinitiative-source": Expect("goal", RDF_TYPE, "HasInitiativeSourceShape"),
    "hasinitiative-target": Expect("vision", "hasInitiative", "HasInitiativeTargetShape"),
    "contributesto-source": Expect("indicator", RDF_TYPE, "ContributesToSourceShape"),
    "contributesto-target": Expect("initiative-a", "contributesTo", "ContributesToTargetShape"),
    "hinders-source": Expect("focus", RDF_TYPE, "HindersSourceShape"),
    "hinders-target": Expect("initiative", "hinders", "HindersTargetShape"),
    # influences (issue 20)
    "influencer-count": Expect("inf", "influencer", "InfluencerCountShape"),
    "influencer-source": Expect("other", RDF_TYPE, "InfluencerSourceShape"),
    "influencer-target": Expect("inf", "influencer", "InfluencerTargetShape"),
    "influenced-count": Expect("inf", "influenced", "InfluencedCountShape"),
    "influenced-source": Expect("initiative", RDF_TYPE, "InfluencedSourceShape"),
    "influenced-target": Expect("inf", "influenced", "InfluencedTargetShape"),
    "strength-count": Expect("inf", "strength", "StrengthCountShape"),
    "strength-source": Expect("other", RDF_TYPE, "StrengthSourceShape"),
    "strength-datatype": Expect("inf", "strength", "StrengthDatatypeShape"),
    "strength-decimal": Expect("inf", "strength", "StrengthDatatypeShape"),
    "conflictswith-source": Expect("initiative", RDF_TYPE, "ConflictsWithSourceShape"),
    "conflictswith-target": Expect("goal", "conflictsWith", "ConflictsWithTargetShape"),
    "measuredby-source": Expect("initiative", RDF_TYPE, "MeasuredBySourceShape"),
    "measuredby-target": Expect("goal", "measuredBy", "MeasuredByTargetShape"),
    "hastarget-source": Expect("strategy", RDF_TYPE, "HasTargetSourceShape"),
    "hastarget-target": Expect("goal", "hasTarget", "HasTargetTargetShape"),
    "indicator-source": Expect("goal", RDF_TYPE, "IndicatorSourceShape"),
    "indicator-target": Expect("target", "indicator", "IndicatorTargetShape"),
    "owner-source": Expect("indicator", RDF_TYPE, "OwnerSourceShape"),
    "owner-target": Expect("initiative", "owner", "OwnerTargetShape"),
    "stakeholder-source": Expect("goal", RDF_TYPE, "StakeholderSourceShape"),
    "stakeholder-target": Expect("strategy", "stakeholder", "StakeholderTargetShape"),
    "delegatedto-source": Expect("initiative", RDF_TYPE, "DelegatedToSourceShape"),
    "delegatedto-target": Expect("goal-a", "delegatedTo", "DelegatedToTargetShape"),
    "theme-target": Expect("goal", "theme", "ThemeTargetShape"),
    "direction-source": Expect("initiative", RDF_TYPE, "DirectionSourceShape"),
    "direction-value": Expect("target", "direction", "DirectionValueShape"),
    "status-source": Expect("goal", RDF_TYPE, "StatusSourceShape"),
    "status-value": Expect("initiative", "status", "StatusValueShape"),
    "targetvalue-source": Expect("goal", RDF_TYPE, "TargetValueSourceShape"),
    "targetvalue-datatype": Expect("target", "targetValue", "TargetValueDatatypeShape"),
    "targetyear-source": Expect("goal", RDF_TYPE, "TargetYearSourceShape"),
    "targetyear-datatype": Expect("target", "targetYear", "TargetYearDatatypeShape"),
    "baseline-source": Expect("goal", RDF_TYPE, "BaselineSourceShape"),
    "baseline-datatype": Expect("indicator", "baseline", "BaselineDatatypeShape"),
    "baselineyear-source": Expect("goal", RDF_TYPE, "BaselineYearSourceShape"),
    "baselineyear-datatype": Expect("indicator", "baselineYear", "BaselineYearDatatypeShape"),
    "actualvalue-source": Expect("target", RDF_TYPE, "ActualValueSourceShape"),
    "actualvalue-datatype": Expect("indicator", "actualValue", "ActualValueDatatypeShape"),
    "actualyear-source": Expect("initiative", RDF_TYPE, "ActualYearSourceShape"),
    "actualyear-datatype": Expect("indicator", "actualYear", "ActualYearDatatypeShape"),
    "weight-source": Expect("goal", RDF_TYPE, "WeightSourceShape"),
    "weight-datatype": Expect("target", "weight", "WeightDatatypeShape"),
    "weight-range": Expect("target", "weight", "WeightRangeShape"),
    "hasobservation-source": Expect("goal", RDF_TYPE, "HasObservationSourceShape"),
    "hasobservation-target": Expect("indicator", "hasObservation", "HasObservationTargetShape"),
    "evidence-target": Expect("goal", "evidence", "EvidenceTargetShape"),
    "evidence-document": Expect("ev", "document", "EvidenceDocumentShape"),
    "evidence-page": Expect("ev", "page", "EvidencePageShape"),
    "evidence-quote": Expect("ev", "quote", "EvidenceQuoteShape"),
    "observation-value": Expect("obs", "observedValue", "ObservationValueShape"),
    "observation-time": Expect("obs", f"{SA}observedYear|{SA}observedDate", "ObservationTimeShape"),
    "observedyear-datatype": Expect("obs", "observedYear", "ObservedYearDatatypeShape"),
    "observeddate-datatype": Expect("obs", "observedDate", "ObservedDateDatatypeShape"),
    "observedvalue-source": Expect("indicator", RDF_TYPE, "ObservedValueSourceShape"),
    "observedyear-source": Expect("indicator", RDF_TYPE, "ObservedYearSourceShape"),
    "observeddate-source": Expect("indicator", RDF_TYPE, "ObservedDateSourceShape"),
    "unit-source": Expect("goal", RDF_TYPE, "UnitSourceShape"),
    "unit-datatype": Expect("indicator", "unit", "UnitDatatypeShape"),
    # issue 20: budgets and SDG alignment
    "budget-source": Expect("goal", RDF_TYPE, "BudgetSourceShape"),
    "budget-datatype": Expect("initiative", "budget", "BudgetDatatypeShape"),
    "alignswith-nodekind": Expect("goal", "alignsWith", "AlignsWithNodeKindShape"),
    "alignswith-sdg": Expect("indicator", "alignsWith", "AlignsWithSdgKnownShape"),
    "datasource-source": Expect("goal", RDF_TYPE, "DataSourceSourceShape"),
    "datasource-nodekind": Expect("indicator", "dataSource", "DataSourceNodeKindShape"),
    "start-source": Expect("goal", RDF_TYPE, "StartSourceShape"),
    "start-datatype": Expect("strategy", "start", "StartDatatypeShape"),
    "end-source": Expect("indicator", RDF_TYPE, "EndSourceShape"),
    "end-datatype": Expect("initiative", "end", "EndDatatypeShape"),
    "start-after-end": Expect("strategy", "start", "StartNotAfterEndShape"),
    "known-term": Expect("goal", "hasTargets", "KnownTermShape"),
    "target-indicator-missing": Expect("target", "indicator", "TargetIndicatorCountShape"),
    "target-indicator-two": Expect("target", "indicator", "TargetIndicatorCountShape"),
    "label-missing": Expect("goal", ANY_LABEL, "LabelRequiredShape", "warning"),
    "label-unique-lang": Expect("goal", RDFS_LABEL, "LabelUniqueLangShape"),
    "preflabel-unique-lang": Expect("energy", SKOS_PREFLABEL, "PrefLabelUniqueLangShape"),
    "finding-kind": Expect("finding", "kind", "FindingKindShape"),
    "finding-group": Expect("finding", "group", "FindingGroupShape"),
    "finding-severity": Expect("finding", "severity", "FindingSeverityShape"),
    "finding-message": Expect("finding", "message", "FindingMessageShape"),
    "finding-score": Expect("finding", "score", "FindingScoreShape"),
    "finding-subject": Expect("finding", "subject", "FindingSubjectShape"),
    "finding-plan": Expect("finding", "plan", "FindingPlanShape"),
    # duplicate decisions (issue 18)
    "notduplicateof-pair": Expect("goal", "notDuplicateOf", "NotDuplicateOfPairShape"),
    "duplicateof-pair": Expect("initiative", "duplicateOf", "DuplicateOfPairShape"),
    "decisionon-count": Expect("decision", "decisionOn", "DecisionOnCountShape"),
    "decisionon-pair": Expect("decision", "decisionOn", "DecisionOnPairShape"),
    "verdict": Expect("decision", "verdict", "VerdictShape"),
}


def _load(name: str) -> Graph:
    return Graph().parse(DATA / name, format="turtle")


def _iri(path: str) -> str:
    return path if "://" in path else SA + path


def _named_shapes() -> set[URIRef]:
    """Top-level shapes: those with a target (the class-set helpers have none)."""
    g = shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for t in targets for s in g.subjects(t, None)}


# ---------------------------------------------------------------------------


def test_every_bad_fixture_has_a_case_and_back() -> None:
    on_disk = {p.name[len("bad-") : -len(".ttl")] for p in DATA.glob("bad-*.ttl")}
    assert on_disk == set(CASES)


def test_every_shape_is_exercised_by_a_bad_fixture() -> None:
    tested = {SASH + e.shape for e in CASES.values()}
    assert {str(s) for s in _named_shapes()} == tested


def test_good_model_conforms() -> None:
    outcome = validate(_load("good-model.ttl"))
    assert outcome.conforms, format_report(outcome)
    assert outcome.issues == []


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_bad_fixture(name: str) -> None:
    expect = CASES[name]
    outcome = validate(_load(f"bad-{name}.ttl"))
    wanted = (EX + expect.focus, _iri(expect.path), SASH + expect.shape, expect.severity)
    got = {(i.focus, i.path, i.shape, i.severity) for i in outcome.issues}
    assert wanted in got, format_report(outcome)
    # Each fixture breaks one rule only, so no other shape may fire.
    assert {i.shape for i in outcome.issues} == {SASH + expect.shape}, format_report(outcome)
    # Warnings are reported but do not fail the model; violations do.
    assert outcome.conforms is (expect.severity != "violation")
    assert all(i.message for i in outcome.issues)


# ---------------------------------------------------------------------------
# The shapes file itself


def test_shapes_have_names_and_messages_in_both_languages() -> None:
    g = shapes_graph()
    for shape in _named_shapes():
        for prop in (SH.name, SH.message):
            langs = sorted(o.language or "" for o in g.objects(shape, prop) if isinstance(o, Literal))
            assert langs == ["da", "en"], f"{shape} {prop}: {langs}"


def test_shapes_use_only_terms_the_ontology_defines() -> None:
    onto = ontology_graph()
    defined = {s for s in onto.subjects(RDFS.isDefinedBy, None)}
    used = {t for t in shapes_graph().all_nodes() if isinstance(t, URIRef) and str(t).startswith(SA)}
    assert used - defined == set()


def test_shapes_have_no_rules() -> None:
    # validate() runs pySHACL in place when inference="none"; an sh:rule
    # would then write into the caller's graph.
    assert (None, SH.rule, None) not in shapes_graph()


def test_shapes_graph_is_cached() -> None:
    assert shapes_graph() is shapes_graph()
    assert ontology_graph() is ontology_graph()


# ---------------------------------------------------------------------------
# validate() and format_report()


def test_report_graph_is_a_standard_validation_report() -> None:
    outcome = validate(_load("bad-realizes-target.ttl"))
    report = outcome.report_graph
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert report.value(reports[0], SH.conforms) == Literal(False)
    assert len(list(report.objects(reports[0], SH.result))) == len(outcome.issues)


def test_warnings_conform_but_stay_in_the_standard_report() -> None:
    outcome = validate(_load("bad-label-missing.ttl"))
    assert outcome.conforms
    [report] = outcome.report_graph.subjects(RDF.type, SH.ValidationReport)
    assert outcome.report_graph.value(report, SH.conforms) == Literal(False)


@pytest.mark.parametrize(
    ("start", "end", "reversed_"),
    [
        ('"2020-06-01"^^xsd:date', '"2019"^^xsd:gYear', True),
        ('"2020"^^xsd:gYear', '"2020-03-01"^^xsd:date', False),  # same year: fine
        ('"2020-06-01"^^xsd:date', '"2020"^^xsd:gYear', False),
        ('"2021"^^xsd:gYear', '"2020-12-31"^^xsd:date', True),
        ('"2020-06-01"^^xsd:date', '"2020-05-31"^^xsd:date', True),
        ('"2020-06-01"^^xsd:date', '"2020-06-01"^^xsd:date', False),  # equal is fine
        ('"2025"^^xsd:gYear', '"2018"^^xsd:gYear', True),
        ('"2018"^^xsd:gYear', '"2025"^^xsd:gYear', False),
    ],
    ids=lambda v: v if isinstance(v, bool) else v.split('"')[1],
)
def test_period_start_not_after_end(start: str, end: str, reversed_: bool) -> None:
    data = Graph().parse(
        data=f"""@prefix sa: <https://w3id.org/stratalign#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{EX}initiative> a sa:Initiative ; rdfs:label "x"@en ; sa:start {start} ; sa:end {end} .""",
        format="turtle",
    )
    issues = validate(data).issues
    assert [(i.path, i.shape) for i in issues] == (
        [(SA + "start", SASH + "StartNotAfterEndShape")] if reversed_ else []
    )


def test_message_language() -> None:
    data = _load("bad-realizes-target.ttl")
    [en] = validate(data, lang="en").issues
    [da] = validate(data, lang="da").issues
    [da_dk] = validate(data, lang="da-DK").issues
    [fr] = validate(data, lang="fr").issues
    assert en.message == "The value of sa:realizes must be a vision."
    assert da.message == "Værdien af sa:realizes skal være en vision."
    assert da_dk.message == da.message
    assert fr.message == en.message  # fallback to English


def test_issue_fields() -> None:
    [issue] = validate(_load("bad-baseline-datatype.ttl")).issues
    assert issue == ValidationIssue(
        focus=EX + "indicator",
        path=SA + "baseline",
        value="115.000",
        severity="violation",
        message="sa:baseline must be one number (xsd:integer, xsd:decimal or xsd:double).",
        shape=SASH + "BaselineDatatypeShape",
    )


def test_blank_node_focus_and_value_are_marked() -> None:
    [issue] = validate(_load("bad-datasource-nodekind.ttl")).issues
    assert issue.value is not None and issue.value.startswith("_:")
    data = Graph().parse(
        data="@prefix sa: <https://w3id.org/stratalign#> . [] a sa:Target ; sa:targetValue 5 .",
        format="turtle",
    )
    [issue] = validate(data).issues
    assert issue.focus.startswith("_:") and issue.path == SA + "indicator"


def test_issues_are_sorted_and_deterministic() -> None:
    data = _load("bad-realizes-target.ttl") + _load("bad-start-after-end.ttl") + _load("bad-label-missing.ttl")
    first = validate(data).issues
    assert first == sorted(first, key=lambda i: (i.focus, i.path or "", i.message))
    assert first == validate(data).issues


def test_validate_does_not_modify_the_data() -> None:
    data = _load("good-model.ttl")
    before = set(data)
    validate(data)
    validate(data, inference="rdfs")
    assert set(data) == before


def test_inference_mixes_in_the_ontology() -> None:
    # Untyped ends of sa:realizes break both link shapes without inference;
    # with RDFS inference the ontology's domain and range type them, which
    # only happens if the ontology is mixed into the data.
    data = Graph().parse(
        data="@prefix sa: <https://w3id.org/stratalign#> . "
        "<https://example.org/model/s> sa:realizes <https://example.org/model/v> .",
        format="turtle",
    )
    assert not validate(data).conforms
    inferred = validate(data, inference="rdfs")
    assert inferred.conforms, format_report(inferred)
    assert {i.severity for i in inferred.issues} == {"warning"}  # no labels
    assert validate(_load("good-model.ttl"), inference="rdfs").conforms
    with pytest.raises(ValueError):
        validate(_load("good-model.ttl"), inference="magic")


def test_format_report_groups_by_element() -> None:
    data = _load("bad-realizes-target.ttl") + _load("bad-start-after-end.ttl") + _load("bad-realizes-source.ttl")
    outcome = validate(data)
    text = format_report(outcome, labels={EX + "strategy": "Strategi for Vækst"})
    lines = text.splitlines()
    headings = [line for line in lines if not line.startswith("  ")][:-1]
    # One heading per focus node, label first when known, in sorted order.
    assert headings == [f"<{EX}goal>", f"Strategi for Vækst <{EX}strategy>"]
    # Every issue is one indented line under its element's heading.
    strategy_block = lines[lines.index(headings[1]) + 1 : -1]
    assert len(strategy_block) == sum(1 for i in outcome.issues if i.focus == EX + "strategy") == 2
    assert any("sa:start:" in line and "(value: 2020-06-01)" in line for line in strategy_block)
    assert all(line.startswith("  [violation]") for line in strategy_block)
    assert lines[-1] == "The model does not conform: 2 elements with issues, 3 violations, 0 warnings, 0 info."


def test_format_report_counts_when_clean() -> None:
    outcome = validate(_load("good-model.ttl"))
    assert format_report(outcome) == ("The model conforms: 0 elements with issues, 0 violations, 0 warnings, 0 info.")


def test_format_report_warning_only() -> None:
    text = format_report(validate(_load("bad-label-missing.ttl")))
    assert text.splitlines()[-1] == "The model conforms: 1 element with issues, 0 violations, 1 warning, 0 info."


def test_outcome_types() -> None:
    outcome = validate(Graph())
    assert isinstance(outcome, ValidationOutcome)
    assert outcome.conforms and outcome.issues == []
    assert isinstance(outcome.report_graph, Graph)


def test_the_finding_groups_are_the_analysis_groups() -> None:
    """Regression: the shape allowed overlap, conflict and coverage only, so every progress finding of
    `analyze --format ttl` was a violation of stratalign's own shapes."""
    from alignment.findings import GROUPS

    shape = SASH + "FindingGroupShape"
    g = shapes_graph()
    (listed,) = list(g.objects(URIRef(shape), SH["in"]))
    assert {str(v) for v in Collection(g, listed)} == set(GROUPS)
