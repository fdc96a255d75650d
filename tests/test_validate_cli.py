"""`stratalign validate` through the CLI: exit codes, grouping, languages, the standard report."""

from __future__ import annotations

import pytest
import rdflib

from ontology.examples import example_names

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.mark.parametrize("name", example_names())
def test_bundled_examples_conform(run, name):
    result = run("validate", "--example", name)
    assert result.exit_code == 0, result.stdout
    assert "Modellen overholder reglerne" in result.stdout


def test_non_conforming_model_exits_1_grouped_by_element(run, data):
    result = run("validate", data / "shapes/bad-hasgoal-target.ttl", "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("<https://example.org/model/strategy>")
    assert lines[1].startswith("  [violation] sa:hasGoal:")
    assert lines[-1].startswith("The model does not conform: 1 element with issues, 1 violation")


def test_ttl_is_the_standard_validation_report(run, data):
    result = run("validate", data / "shapes/bad-hasgoal-target.ttl", "--format", "ttl")
    assert result.exit_code == 1
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    report = next(graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == rdflib.Literal(False)
    assert len(list(graph.objects(report, SH.result))) == 1


def test_validate_bad_input_exits_2(run, data):
    assert run("validate", data / "bad/syntax.ttl").exit_code == 2


def test_danish_report_has_no_english_words(run, data):
    result = run("validate", data / "shapes/bad-actualyear-datatype.ttl", "--lang", "da")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("  [overtrædelse] sa:actualYear:") and "(værdi: 2018.5)" in lines[1]
    assert lines[-1] == "Modellen overholder ikke reglerne: 1 element med fund, 1 overtrædelse, 0 advarsler, 0 info."
    assert not any(word in result.stdout for word in ("violation", "value:", "warning", " with "))
