"""The shipped UN SDG concepts, SDG links in YAML and RDF, their validation, and the SDG section."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from alignment.queries import get_query
from ontology import load_model, sdg_concepts, sdg_iri, sdg_turtle
from ontology.store import OxigraphStore, RdflibStore
from ontology.validation import shapes_graph

ROOT = Path(__file__).resolve().parent.parent
SDG = "http://metadata.un.org/sdg/"
SASH = rdflib.Namespace("https://w3id.org/stratalign/shapes#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

# The number of targets of each goal in A/RES/71/313 (numbered and lettered): 169 in all.
TARGETS_PER_GOAL = {1: 7, 2: 8, 3: 13, 4: 10, 5: 9, 6: 8, 7: 5, 8: 12, 9: 8, 10: 10, 11: 10, 12: 11, 13: 5, 14: 10,
                    15: 12, 16: 12, 17: 19}  # fmt: skip


@pytest.fixture(scope="module")
def scheme() -> rdflib.Graph:
    """The shipped Turtle as rdflib (a third-party reader) parses it."""
    return rdflib.Graph().parse(data=sdg_turtle(), format="turtle")


def test_every_shipped_concept_loads_17_goals_and_169_targets(scheme):
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 186
    goals = {c for c in concepts if scheme.value(c, SKOS.broader) is None}
    assert goals == {rdflib.URIRef(f"{SDG}{n}") for n in range(1, 18)}
    assert sum(TARGETS_PER_GOAL.values()) == 169
    for n, count in TARGETS_PER_GOAL.items():
        targets = set(scheme.subjects(SKOS.broader, rdflib.URIRef(f"{SDG}{n}")))
        assert len(targets) == count, n
        for target in targets:  # N.M is under goal N, and its notation is its IRI's tail
            assert str(target).startswith(f"{SDG}{n}.")
            assert str(scheme.value(target, SKOS.notation)) == str(target)[len(SDG) :]
    scheme_iri = rdflib.URIRef(SDG)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in scheme
    assert all((c, SKOS.inScheme, scheme_iri) in scheme for c in concepts)


def test_every_concept_has_its_official_english_title_and_goals_a_danish_name(scheme):
    for concept in scheme.subjects(RDF.type, SKOS.Concept):
        english = [label for label in scheme.objects(concept, SKOS.prefLabel) if label.language == "en"]
        assert len(english) == 1 and len(english[0]) > 10
    assert str(scheme.value(rdflib.URIRef(SDG + "4"), SKOS.prefLabel)).startswith("Ensure inclusive and equitable")
    danish = {str(c): str(label) for c, label in scheme.subject_objects(SKOS.altLabel) if label.language == "da"}
    assert len(danish) == 17 and danish[SDG + "13"] == "Klimaindsats"
    # no Danish target titles are shipped: none was available as a published translation
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert not [c for c, label in scheme.subject_objects(SKOS.prefLabel) if label.language == "da" and c in concepts]


def test_the_library_reads_the_same_186(scheme):
    concepts = sdg_concepts()
    assert set(concepts) == {str(c) for c in scheme.subjects(RDF.type, SKOS.Concept)}
    assert concepts[SDG + "17.19"].goal == SDG + "17"


def test_the_shape_pattern_accepts_exactly_the_shipped_iris():
    pattern = str(shapes_graph().value(_pattern_node(), SH.pattern))
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import sdg_ttl

        assert pattern == sdg_ttl.shape_pattern(sdg_turtle().decode()).replace("\\\\", "\\")
    finally:
        sys.path.remove(str(ROOT / "tools"))
    known = set(sdg_concepts())
    assert all(re.search(pattern, iri) for iri in known)
    near = [f"{SDG}18", f"{SDG}0", f"{SDG}3.10", f"{SDG}3.e", f"{SDG}17.20", f"{SDG}4.1.1", f"{SDG}", f"{SDG}4."]
    assert not [iri for iri in near if re.search(pattern, iri)]


def _pattern_node():
    # the branch of sash:AlignsWithSdgKnownShape's sh:or that holds the 186 IRIs
    graph = shapes_graph()
    items = rdflib.collection.Collection(graph, graph.value(SASH.AlignsWithSdgKnownShape, SH["or"]))
    return next(node for node in items if graph.value(node, SH.pattern) is not None)


@pytest.mark.parametrize(
    ("value", "iri"),
    [(4, SDG + "4"), ("4.1", SDG + "4.1"), (4.1, SDG + "4.1"), ("17.10", SDG + "17.10"), ("3.A", SDG + "3.a"),
     (SDG + "11.2", SDG + "11.2"), ("18", None), ("3.10", None), ("x", None), (True, None)],
    ids=["goal", "target", "float", "two-digit", "letter", "iri", "no-goal-18", "no-target", "text", "bool"],
)  # fmt: skip
def test_sdg_notations(value, iri):
    assert sdg_iri(value) == iri


def _yaml(tmp_path, line: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(
        "stratalign: 1\nbase: https://e.org/m/\nvisions:\n  - id: v\n    label: V\n    goals:\n"
        f"      - id: g\n        label: G\n        {line}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sdg: [18]", ":9: 'sdg': 18 is not one of the 17 SDG goals"),
        ("sdg: [8.1]", "8.1 could be SDG target 8.1 or 8.10: write it in quotes"),
        ('sdg: ["3.x"]', "'3.x' is not one of the 17 SDG goals"),
        ("aligns_with: [SDG 4]", "expected a full IRI"),
        ('aligns_with: ["http://metadata.un.org/sdg/3.99"]', "is not one of the 17 SDG goals"),
    ],
    ids=["goal-18", "ambiguous-float", "bad-notation", "not-an-iri", "unknown-sdg-iri"],
)
def test_bad_sdg_links_in_yaml_are_exit_2_with_the_line(run, tmp_path, line, message):
    result = run("validate", _yaml(tmp_path, line))
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_sdg_iri_in_rdf_is_a_validation_result_naming_the_element(run, tmp_path):
    model = tmp_path / "m.ttl"
    model.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://e.org/g> a sa:Goal ; rdfs:label "Rent vand"@da ; sa:alignsWith <http://metadata.un.org/sdg/6.9> ,'
        " <http://metadata.un.org/sdg/6.1> , <https://example.org/other-framework/6.9> .\n",
        encoding="utf-8",
    )
    result = run("validate", model, "--lang", "en")
    assert result.exit_code == 1
    assert "Rent vand" in result.stdout and "http://metadata.un.org/sdg/6.9" in result.stdout
    assert "sdg/6.1)" not in result.stdout and "other-framework" not in result.stdout  # known SDG, other framework


def test_the_section_lists_the_uncovered_targets_of_the_addressed_goals(run, data):
    doc = json.loads(run("analyze", data / "whatif" / "budget.yaml", "--format", "json", "--lang", "en").stdout)
    section = doc["sdg"]
    assert [g["notation"] for g in section["goals"]] == ["4", "11", "13"]
    by_goal = {g["notation"]: g for g in section["goals"]}
    # goal 4 has 4.1-4.7 and 4.a-4.c; 4.1 has two local contributors
    assert [t["notation"] for t in by_goal["4"]["uncovered_targets"]] == [
        "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.a", "4.b", "4.c"
    ]  # fmt: skip
    assert [e["label"] for e in by_goal["4"]["targets"][0]["elements"]] == [
        "Better reading skills in school",
        "Reading time in every class",
    ]
    assert {(e["type"], tuple(e["aligns_with"])) for e in by_goal["4"]["elements"]} == {
        ("goal", ("4", "4.1")),
        ("initiative", ("4.1",)),
    }
    assert [t["notation"] for t in by_goal["11"]["uncovered_targets"]] == [
        "11.1", "11.3", "11.4", "11.5", "11.6", "11.7", "11.a", "11.b", "11.c"
    ]  # fmt: skip
    assert len(by_goal["13"]["uncovered_targets"]) == 5  # only the goal itself is named
    assert section["uncovered_targets"] == 23 and section["addressed_targets"] == 2


def test_no_section_without_sdg_links(run):
    doc = json.loads(run("analyze", "--example", "esbjerg-2020", "--format", "json").stdout)
    assert "sdg" not in doc


@pytest.mark.parametrize(("fmt", "heading"), [("html", 'id="sdg"'), ("md", "## FN's verdensmål")], ids=["html", "md"])
def test_the_report_has_the_section(run, data, tmp_path, fmt, heading):
    out = tmp_path / f"r.{fmt}"
    assert run("report", data / "whatif" / "budget.yaml", "-o", out, "--quiet").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert heading in text and "Kvalitetsuddannelse" in text and "4.c" in text
    plain = run("report", "--example", "esbjerg-2020", "--format", fmt, "-o", tmp_path / f"e.{fmt}", "--quiet")
    assert plain.exit_code == 0 and heading not in (tmp_path / f"e.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["sdg-alignments", "sdg-uncovered-targets"])
def test_the_sdg_queries_answer_the_same_in_both_engines(data, name):
    text = get_query(name).text
    source = data / "whatif" / "budget.yaml"
    concepts = list(ox.parse(sdg_turtle(), format=ox.RdfFormat.TURTLE))

    def rows(store):
        model = load_model([source], store=store)
        model.store.add(concepts)
        return sorted(json.dumps(b, sort_keys=True) for b in model.store.select(text).bindings)

    embedded, in_rdflib = rows(OxigraphStore()), rows(RdflibStore())
    assert embedded == in_rdflib and embedded


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdfxml", "yaml"])
def test_budget_and_sdg_links_survive_every_writer(run, data, tmp_path, fmt):
    source = data / "whatif" / "budget.yaml"
    out = tmp_path / ("m.rdf" if fmt == "rdfxml" else f"m.{fmt}")
    assert run("convert", source, "--to", fmt, "-o", out).exit_code == 0
    original = rdflib.Graph().parse(data=run("convert", source, "--to", "nt").stdout, format="nt")
    if fmt == "yaml":
        again = rdflib.Graph().parse(data=run("convert", out, "--to", "nt").stdout, format="nt")
    else:  # read back by rdflib itself
        again = rdflib.Graph().parse(out, format={"ttl": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(original, again)
    sa = rdflib.Namespace("https://w3id.org/stratalign#")
    assert len(set(again.objects(None, sa.alignsWith))) == 5 and len(set(again.objects(None, sa.budget))) == 3
    if fmt == "yaml":
        text = out.read_text(encoding="utf-8")
        assert "rdf:" not in text  # every new triple has its own key
        assert "budget: 2500000" in text and "- '4.1'" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_budget_and_sdg_columns_round_trip_through_spreadsheets(run, data, tmp_path, fmt):
    source = data / "whatif" / "budget.yaml"
    sheet = tmp_path / f"m.{fmt}"
    assert run("convert", source, "--to", fmt, "-o", sheet).exit_code == 0
    original = rdflib.Graph().parse(data=run("convert", source, "--to", "nt").stdout, format="nt")
    again = rdflib.Graph().parse(data=run("convert", sheet, "--to", "nt").stdout, format="nt")
    assert isomorphic(original, again)
    if fmt == "csv":
        header = sheet.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
        assert {"budget", "sdg", "aligns_with"} <= set(header)
        assert "rdf" not in header  # no triple needed the Turtle column


def _csv_with(data, tmp_path, old: str, new: str) -> Path:
    sheet = tmp_path / "m.csv"
    assert _convert(data, sheet)
    text = sheet.read_text(encoding="utf-8-sig")
    assert old in text
    sheet.write_text(text.replace(old, new, 1), encoding="utf-8")
    return sheet


def _convert(data, target: Path) -> bool:
    from click.testing import CliRunner

    from stratalign.cli import cli

    done = CliRunner().invoke(cli, ["convert", str(data / "whatif" / "budget.yaml"), "--to", "csv", "-o", str(target)])
    return done.exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (";2500000", ";-5", "'budget': a budget cannot be negative, got -5"),
        (";2500000", ";mange", "'budget': expected a number, got 'mange'"),
        (";4.1;;2500000", ";18;;2500000", "'sdg': '18' is not one of the 17 SDG goals"),
        (";4.1;;2500000", ";4.1;x;2500000", "'aligns_with': expected a full IRI"),
    ],
    ids=["negative-budget", "text-budget", "unknown-sdg", "aligns-with-text"],
)
def test_bad_budget_and_sdg_cells_are_exit_2_with_row_and_column(run, data, tmp_path, old, new, message):
    result = run("validate", _csv_with(data, tmp_path, old, new))
    assert result.exit_code == 2
    assert "row 12: " + message in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("cell", "ok"), [(4.1, True), (8.1, False), ("8.10", True)], ids=["4.1", "8.1", "8.10-text"])
def test_an_sdg_typed_as_a_number_in_xlsx(run, data, tmp_path, cell, ok):
    import openpyxl

    sheet = tmp_path / "m.xlsx"
    assert run("convert", data / "whatif" / "budget.yaml", "--to", "xlsx", "-o", sheet).exit_code == 0
    book = openpyxl.load_workbook(sheet)
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    column = header.index("sdg") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "laesning")
    ws.cell(row, column).value = cell
    book.save(sheet)
    result = run("convert", sheet, "--to", "nt")
    if ok:
        assert result.exit_code == 0 and f"<{SDG}{cell}>" in result.stdout
    else:
        assert result.exit_code == 2 and "could be SDG target 8.1 or 8.10" in result.stderr
        assert f"row {row}" in result.stderr and "'sdg'" in result.stderr
