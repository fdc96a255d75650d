"""Ill-typed literals: the XSD lexical spaces, in validation, in both stores, and quietly.

A value whose lexical form XSD does not allow ("1_000"^^xsd:integer) has no value in
RDF: Oxigraph, and so the analysis, read nothing there. rdflib read it with Python's
int() as 1000, so `validate` passed a model whose target the analysis saw without a
value, and the rdflib store compared and added it where Oxigraph did not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Namespace, URIRef

from alignment.analyze import analyze
from ontology.literals import LEXICAL_SPACES, XSD, well_formed
from ontology.loaders import load_model
from ontology.store import RdflibStore
from ontology.validation import shapes_graph, validate

SH = Namespace("http://www.w3.org/ns/shacl#")
SASH = "https://w3id.org/stratalign/shapes#"

MODEL = """\
@prefix sa: <https://w3id.org/stratalign#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://e.org/m/> .
:s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal :g .
:t a sa:Strategy ; rdfs:label "T"@da ; sa:hasGoal :h .
:i a sa:Indicator ; rdfs:label "Beskæftigede"@da .
:g a sa:Goal ; rdfs:label "Flere i job"@da ; sa:measuredBy :i ;
   sa:hasTarget [ a sa:Target ; sa:indicator :i ; sa:targetValue {value} ; sa:direction sa:Increase ;
                  sa:targetYear {year} ] .
:h a sa:Goal ; rdfs:label "Færre på kontanthjælp"@da ; sa:measuredBy :i ;
   sa:hasTarget [ a sa:Target ; sa:indicator :i ; sa:targetValue "5"^^xsd:integer ; sa:direction sa:Increase ;
                  sa:targetYear "2025"^^xsd:gYear ] .
"""

ILL_FORMED = [
    pytest.param('"1_000"^^xsd:integer', id="integer-underscore"),
    pytest.param('" 42 "^^xsd:integer', id="integer-spaces"),
    pytest.param('"42\\n"^^xsd:integer', id="integer-final-line-break"),
    pytest.param('"\\u0663"^^xsd:integer', id="integer-arabic-indic-digit"),
    pytest.param('"\\uff11\\uff12"^^xsd:integer', id="integer-fullwidth-digits"),
    pytest.param('"1e3"^^xsd:integer', id="integer-exponent"),
    pytest.param('"NaN"^^xsd:decimal', id="decimal-nan"),
    pytest.param('"Infinity"^^xsd:decimal', id="decimal-infinity"),
    pytest.param('"12,5"^^xsd:decimal', id="decimal-comma"),
    pytest.param('"1_0.5"^^xsd:decimal', id="decimal-underscore"),
    pytest.param('"abc"^^xsd:decimal', id="decimal-text"),
    pytest.param('"1_0"^^xsd:double', id="double-underscore"),
    pytest.param('" 1.0"^^xsd:double', id="double-space"),
]

WELL_FORMED = [
    pytest.param('"+5"^^xsd:integer', id="integer-plus"),
    pytest.param('"-0"^^xsd:integer', id="integer-minus-zero"),
    pytest.param('"007"^^xsd:integer', id="integer-leading-zeros"),
    pytest.param('"1."^^xsd:decimal', id="decimal-trailing-point"),
    pytest.param('".5"^^xsd:decimal', id="decimal-leading-point"),
    pytest.param('"1e3"^^xsd:double', id="double-exponent"),
    pytest.param('"-INF"^^xsd:double', id="double-minus-inf"),
    pytest.param('"NaN"^^xsd:double', id="double-nan"),
    pytest.param("12.5", id="turtle-decimal"),
]

YEARS_ILL = [
    pytest.param('"2025 "^^xsd:gYear', id="gyear-space"),
    pytest.param('"\\u0662\\u0660\\u0662\\u0665"^^xsd:gYear', id="gyear-arabic-indic"),
    pytest.param('"20x5"^^xsd:gYear', id="gyear-text"),
    pytest.param('"25"^^xsd:gYear', id="gyear-two-digits"),
]
YEARS_WELL = [
    pytest.param('"2025"^^xsd:gYear', id="gyear"),
    pytest.param('"2025"^^xsd:integer', id="integer-year"),
]
# A year with a time zone ("2025Z", "2025+01:00") is in XSD's lexical space and in the table, but
# not through pySHACL in every process: owlrl (`validate --inference owlrl`, or a test before this
# one) binds rdflib converters that refuse it. So it is checked on the table itself.


def _write(tmp_path: Path, value: str, year: str = '"2025"^^xsd:gYear') -> Path:
    path = tmp_path / "model.ttl"
    path.write_text(MODEL.replace("{value}", value).replace("{year}", year), encoding="utf-8")
    return path


def _issues(path: Path) -> set[tuple[str | None, str | None]]:
    outcome = validate(load_model([path]).to_rdflib())
    return {(i.path, i.shape) for i in outcome.issues if i.severity == "violation"}


@pytest.mark.parametrize("value", ILL_FORMED)
def test_a_number_outside_xsd_s_lexical_space_is_a_violation(tmp_path, value):
    assert _issues(_write(tmp_path, value)) == {
        ("https://w3id.org/stratalign#targetValue", SASH + "TargetValueDatatypeShape")
    }


@pytest.mark.parametrize("value", WELL_FORMED)
def test_a_number_in_xsd_s_lexical_space_conforms(tmp_path, value):
    assert _issues(_write(tmp_path, value)) == set()


@pytest.mark.parametrize("year", YEARS_ILL)
def test_a_year_outside_xsd_s_lexical_space_is_a_violation(tmp_path, year):
    assert {path for path, _ in _issues(_write(tmp_path, '"10"^^xsd:integer', year))} == {
        "https://w3id.org/stratalign#targetYear"
    }


@pytest.mark.parametrize("year", YEARS_WELL)
def test_a_year_in_xsd_s_lexical_space_conforms(tmp_path, year):
    assert _issues(_write(tmp_path, '"10"^^xsd:integer', year)) == set()


@pytest.mark.parametrize("value", ['"1_000"^^xsd:integer', '" 42 "^^xsd:integer', '"\\u0663"^^xsd:integer'])
def test_both_stores_see_no_value_in_an_ill_typed_number(tmp_path, value):
    """The same findings on Oxigraph and rdflib: rdflib compared "1_000" as 1000 with the other target.

    The other target is an xsd:integer too. Against a number of another datatype rdflib's SPARQL finds
    a literal without a value unequal ("abc"^^xsd:decimal != 5 is true), where Oxigraph, as the standard
    says, has an error: that difference is rdflib's, and validation names the value either way.
    """
    path = _write(tmp_path, value)
    found = {}
    for engine in ("oxigraph", "rdflib"):
        store = RdflibStore() if engine == "rdflib" else None
        analysis = analyze(load_model([path], store=store), lang="en")
        found[engine] = sorted((f.kind, f.subjects, f.severity, f.score) for f in analysis.findings)
    assert found["oxigraph"] == found["rdflib"]
    assert "target-conflict" not in {kind for kind, *_ in found["oxigraph"]}


def test_a_well_typed_number_is_compared_by_both_stores(tmp_path):
    """The control: a readable value that differs from the other target's is a target conflict on both."""
    path = _write(tmp_path, '"1000"^^xsd:integer')
    for store in (None, RdflibStore()):
        kinds = {f.kind for f in analyze(load_model([path], store=store), lang="en").findings}
        assert "target-conflict" in kinds


def test_an_unreadable_value_leaves_no_traceback_on_stderr(run, tmp_path, capfd):
    """Regression: rdflib logged a 12-line traceback per unreadable literal in every validating command."""
    path = _write(tmp_path, '"abc"^^xsd:decimal')
    for command in ("validate", "check"):
        result = run(command, path, "--lang", "en")
        assert result.exit_code == 1, result.output
        assert "(value: abc)" in result.output or "abc" in result.output
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "Failed to convert" not in captured.err + captured.out


@pytest.mark.parametrize(("value", "shown"), [('" 42 "', "' 42 '"), ('"42\\n"', "'42\\n'"), ('"1_000"', "1_000")])
def test_validate_shows_a_value_as_written(run, tmp_path, value, shown):
    """Regression: " 42 " was shown as (value: 42), hiding the spaces that make it wrong."""
    result = run("validate", _write(tmp_path, value + "^^xsd:integer"), "--lang", "en")
    assert f"(value: {shown})" in result.output, result.output


def test_validate_names_a_blank_node_by_its_holder(run, tmp_path):
    """Regression: a blank-node target was headed by its generated id twice: `_:g24… <_:g24…>`."""
    result = run("validate", _write(tmp_path, '"1_000"^^xsd:integer'), "--lang", "en")
    heading = next(line for line in result.output.splitlines() if "_:" in line)
    assert re.fullmatch(r"Flere i job › sa:hasTarget <_:g[0-9a-f]{32}>", heading), heading


@pytest.mark.parametrize("datatype", sorted(LEXICAL_SPACES), ids=lambda d: d[len(XSD) :])
def test_the_shapes_state_the_same_lexical_spaces(datatype):
    name = datatype[len(XSD) :]
    shape = URIRef(SASH + name[0].upper() + name[1:] + "Value")
    assert str(shapes_graph().value(shape, SH.pattern)) == f"^{LEXICAL_SPACES[datatype]}$"
    assert str(shapes_graph().value(shape, SH.datatype)) == datatype


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("2025Z", "gYear", True),
        ("2025+01:00", "gYear", True),
        ("2025+15:00", "gYear", False),
        ("-0044", "gYear", True),
        ("2025-02-29", "date", True),  # the form; the calendar is the date converter's
        ("2025-13-01", "date", False),
        ("1.5E-3", "double", True),
        ("1.5e", "double", False),
        ("+INF", "double", True),
        ("inf", "double", False),
    ],
)
def test_the_table_follows_xsd_11(lexical, datatype, expected):
    assert well_formed(lexical, XSD + datatype) is expected


@pytest.mark.parametrize("length", [10, 100_000])
def test_a_long_text_is_checked_in_one_pass(length):
    """No backtracking blow-up: a long run of digits with a bad end is refused like a short one."""
    for datatype in LEXICAL_SPACES:
        assert not well_formed("1" * length + "x", datatype)


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("turtle", "ttl"), ("nt", "nt"), ("xml", "rdf"), ("trig", "trig")],
    ids=["turtle", "n-triples", "rdf-xml", "trig"],
)
def test_rdflib_s_writers_give_the_same_violation(run, tmp_path, fmt, suffix):
    """Metamorphic, written by rdflib (not by us): one ill-typed target value, the same finding in every syntax.

    rdflib's Turtle and TriG writers put "1_000"^^xsd:integer down as the bare token `1_000`, which is
    no Turtle: that file is refused as the syntax error it is, on its line. (Its JSON-LD writer rewrites
    the value as the number 1000, so it cannot carry the case.)
    """
    import rdflib
    from rdflib import RDF, RDFS, XSD, BNode, Literal

    sa = rdflib.Namespace("https://w3id.org/stratalign#")
    e = rdflib.Namespace("https://e.org/m/")
    g = rdflib.Graph()
    target = BNode()
    for triple in [
        (e.s, RDF.type, sa.Strategy),
        (e.s, RDFS.label, Literal("S", lang="da")),
        (e.s, sa.hasGoal, e.g),
        (e.i, RDF.type, sa.Indicator),
        (e.i, RDFS.label, Literal("Beskæftigede", lang="da")),
        (e.g, RDF.type, sa.Goal),
        (e.g, RDFS.label, Literal("Flere i job", lang="da")),
        (e.g, sa.measuredBy, e.i),
        (e.g, sa.hasTarget, target),
        (target, RDF.type, sa.Target),
        (target, sa.indicator, e.i),
        (target, sa.targetValue, Literal("1_000", datatype=XSD.integer, normalize=False)),
    ]:
        g.add(triple)
    path = tmp_path / f"model.{suffix}"
    text = g.serialize(format=fmt)
    path.write_text(text, encoding="utf-8")
    result = run("validate", path, "--lang", "en")
    if fmt in ("turtle", "trig"):
        line = next(n for n, row in enumerate(text.splitlines(), 1) if " 1_000 " in row)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"stratalign: error: {path}:{line}: ")
        assert "syntax error: Unexpected character '0'" in result.stderr
        return
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("  [")]
    assert lines == [
        "  [violation] sa:targetValue: sa:targetValue must be one number (xsd:integer, xsd:decimal or xsd:double)."
        " (value: 1_000)"
    ]


def test_analyze_says_on_stderr_what_it_read_as_no_value(run, tmp_path):
    """Regression: `analyze` read "1_000" as a missing value without a word (nothing dropped silently)."""
    path = _write(tmp_path, '"1_000"^^xsd:integer', '"2025 "^^xsd:gYear')
    for lang, words in (
        (
            "en",
            "stratalign: 2 values outside the datatype's written form, read as no value (first: sa:targetValue '1_000')",
        ),
        (
            "da",
            "stratalign: 2 værdier uden for datatypens skriveform, læst som ingen værdi (først: sa:targetValue '1_000')",
        ),
    ):
        result = run("analyze", path, "--lang", lang, "--format", "json", "--quiet")
        assert result.exit_code == 0
        assert result.stderr.splitlines() == [
            words + ("; `stratalign validate` names each" if lang == "en" else "; `stratalign validate` viser hver")
        ]
    # with SHACL, check lists each as a violation; without it, the same note
    assert "outside the datatype's written form" not in run("check", path, "--lang", "en").stderr
    assert "2 values outside the datatype's written form" in run("check", path, "--lang", "en", "--no-shacl").stderr
    # and a model without such values says nothing of them
    clean = run("analyze", _write(tmp_path, '"1000"^^xsd:integer'), "--format", "json", "--quiet")
    assert clean.stderr == ""


def test_the_unreadable_values_query_states_the_same_lexical_spaces():
    from alignment.queries import get_query

    text = get_query("unreadable-values").text
    for datatype, pattern in LEXICAL_SPACES.items():
        name = datatype[len(XSD) :]
        escaped = pattern.replace("\\", "\\\\")
        assert f"?type = xsd:{name} && " in text and f'"^{escaped}$"' in text, name


@pytest.mark.parametrize("value", ILL_FORMED)
def test_the_query_finds_what_the_table_refuses(tmp_path, value):
    path = _write(tmp_path, value)
    analysis = analyze(load_model([path]), lang="en")
    assert [p for _, p, _ in analysis.unreadable] == ["https://w3id.org/stratalign#targetValue"]


@pytest.mark.parametrize(
    ("fmt", "lang", "words"),
    [
        ("md", "en", "Read as no value (outside the datatype's written form): 1 value, e.g. sa:targetValue '1\\_000'."),
        (
            "html",
            "da",
            "Læst som ingen værdi (uden for datatypens skriveform): 1 værdi, fx sa:targetValue &#39;1_000&#39;.",
        ),
    ],
    ids=["md-en", "html-da"],
)
def test_the_report_says_what_it_read_as_no_value(run, tmp_path, fmt, lang, words):
    """A steering group's report must not show a goal without its figure and no reason."""
    out = tmp_path / f"report.{fmt}"
    assert run("report", _write(tmp_path, '"1_000"^^xsd:integer'), "--lang", lang, "-o", out).exit_code == 0
    assert words in out.read_text(encoding="utf-8")


def test_the_report_json_lists_them_and_a_clean_model_has_no_such_key(run, tmp_path):
    bad = json.loads(run("report", _write(tmp_path, '"1_000"^^xsd:integer'), "--format", "json").stdout)
    assert bad["unreadable"]["count"] == 1
    assert [(u["property"], u["value"]) for u in bad["unreadable"]["first"]] == [
        ("https://w3id.org/stratalign#targetValue", "1_000")
    ]
    clean = json.loads(run("report", _write(tmp_path, '"1000"^^xsd:integer'), "--format", "json").stdout)
    assert "unreadable" not in clean


PROGRESS_MODEL = """@prefix sa: <https://w3id.org/stratalign#> . @prefix : <https://e.org/v3/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:v a sa:Vision ; rdfs:label "V"@en ; sa:hasGoal :g1 .
:g1 a sa:Goal ; rdfs:label "G"@en ; sa:hasTarget :t1 .
:t1 a sa:Target ; sa:indicator :i ; sa:targetValue TARGET ; sa:targetYear 2030 ; sa:direction sa:Increase .
:i a sa:Indicator ; rdfs:label "I"@en ; sa:baseline BASELINE ; sa:baselineYear 2020 ; sa:dataSource <https://x.org> ;
   sa:hasObservation [ sa:observedYear 2020 ; sa:observedValue 150 ], [ sa:observedYear 2022 ; sa:observedValue 140 ] .
"""


@pytest.mark.parametrize(
    ("baseline", "target", "status", "missing_baseline"),
    [
        ("100", "200", "on-track", False),  # 100 → 140 of the way to 200 by 2030: on track
        ('"1_00"^^xsd:integer', "200", "off-track", True),  # no baseline: 150 → 140 moved away from 200
        ('" 100 "^^xsd:integer', "200", "off-track", True),
        ("100", '"1_20"^^xsd:integer', "no-data", False),  # no target value: nothing to measure against
        ("100", '" 120 "^^xsd:integer', "no-data", False),
    ],
    ids=["well-formed", "underscore-baseline", "spaced-baseline", "underscore-target", "spaced-target"],
)
def test_progress_reads_no_value_where_the_rules_do(run, tmp_path, baseline, target, status, missing_baseline):
    """Regression: progress parsed values with Python's float(), which takes "1_00" and " 120 ", so a goal
    whose indicator fell was on track, and a target value the rules saw as none was "reached"."""
    path = tmp_path / "m.ttl"
    path.write_text(PROGRESS_MODEL.replace("BASELINE", baseline).replace("TARGET", target), encoding="utf-8")
    doc = json.loads(run("analyze", path, "--format", "json", "--as-of", "2023", "--lang", "en").stdout)
    assert doc["summary"]["progress"]["total"]["status"] == status
    assert ("missing-baseline" in [f["kind"] for f in doc["findings"]]) == missing_baseline
