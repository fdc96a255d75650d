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


TYPO_MODEL = """@prefix sa: <https://w3id.org/stratalign#> . @prefix : <https://e.org/v2/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:v a sa:Vision ; rdfs:label "V"@en ; sa:hasGoal :g1 .
:g1 a sa:Goal ; rdfs:label "G"@en ; TYPO .
"""


@pytest.mark.parametrize(
    ("typo", "shown", "meant"),
    [
        ("sa:hastarget [ a sa:Target ]", "sa:hastarget", "sa:hasTarget"),
        ("sa:contributesto :v", "sa:contributesto", "sa:contributesTo"),
        ("a sa:Goall", "sa:Goall", "sa:Goal"),
        ("sa:zzzz 1", "sa:zzzz", None),
    ],
    ids=["case", "case-2", "class", "no-near-term"],
)
def test_a_term_the_ontology_does_not_define_is_a_violation(run, tmp_path, typo, shown, meant):
    """Regression: a misspelt sa: property or class passed validate ("conforms") and check, and the
    analysis silently lost the link (YAML refuses the same mistake)."""
    path = tmp_path / "m.ttl"
    path.write_text(TYPO_MODEL.replace("TYPO", typo), encoding="utf-8")
    for lang, words in (("en", "of the stratalign ontology"), ("da", "i stratalign-ontologien")):
        result = run("validate", path, "--lang", lang)
        assert result.exit_code == 1
        line = next(line for line in result.stdout.splitlines() if shown + " " in line and words in line)
        assert (meant is not None) == (f"{meant}?" in line), line
    report = rdflib.Graph().parse(data=run("validate", path, "--format", "ttl").stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.sourceShape, rdflib.URIRef("https://w3id.org/stratalign/shapes#KnownTermShape")) in report
    assert (None, sh.conforms, rdflib.Literal(False)) in report
    assert run("check", path).exit_code == 1


@pytest.mark.parametrize(
    ("iri", "violation"),
    [
        ("http://metadata.un.org/sdg/4", False),
        ("https://metadata.un.org/sdg/4", True),  # regression: passed, and no SDG link counted it
        ("https://www.metadata.un.org/sdg/4.1", True),
        ("https://example.org/framework/mobility", False),  # another framework's IRI is not the UN's
    ],
    ids=["http", "https", "https-www", "other-framework"],
)
def test_an_sdg_iri_is_written_as_the_un_writes_it(run, tmp_path, iri, violation):
    path = tmp_path / "m.ttl"
    path.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<https://e.org/v> a sa:Vision ; rdfs:label "V"@en ; sa:alignsWith <{iri}> .\n',
        encoding="utf-8",
    )
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == (1 if violation else 0), result.stdout
    assert ("written with http://" in result.stdout) == violation


@pytest.mark.parametrize("lang", ["da", "en"])
def test_analyze_says_on_stderr_which_terms_it_read_as_nothing(run, tmp_path, lang):
    """The analysis reads a misspelt property as nothing; it says so, as it does for an unreadable value."""
    path = tmp_path / "m.ttl"
    path.write_text(TYPO_MODEL.replace("TYPO", "sa:hastarget [ a sa:Target ]"), encoding="utf-8")
    result = run("analyze", path, "--quiet", "--lang", lang)
    assert result.exit_code == 0
    words = {"da": "som ontologien ikke definerer", "en": "the ontology does not define"}[lang]
    assert f"{words}" in result.stderr and "(first: sa:hastarget)" in result.stderr.replace("først", "first")
    clean = tmp_path / "clean.ttl"
    clean.write_text(TYPO_MODEL.replace("TYPO", "sa:hasTarget [ a sa:Target ]"), encoding="utf-8")
    assert run("analyze", clean, "--quiet", "--lang", lang).stderr == ""
