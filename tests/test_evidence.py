"""Evidence on elements (issue 19, point 1): the YAML record and one-line forms, the spreadsheet's
document/page/quote columns, SHACL, and round trips YAML ↔ RDF ↔ XLSX/CSV checked with rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from ontology import load_model, validate
from ontology.loaders.yaml_reader import read_yaml
from ontology.loaders.yaml_schema import ValueError_, compact_evidence, parse_compact_evidence

SA = rdflib.Namespace("https://w3id.org/stratalign#")
EX = rdflib.Namespace("https://example.org/esbjerg/")
DATA = Path(__file__).parent / "data" / "evidence"
MODEL = DATA / "model.yaml"


@pytest.mark.parametrize(
    ("text", "record"),
    [
        ("v.pdf p. 3: «120.000 borgere i 2020»", {"document": "v.pdf", "page": 3, "quote": "120.000 borgere i 2020"}),
        ("v.pdf s. 12: «x»", {"document": "v.pdf", "page": 12, "quote": "x"}),
        ("Vækststrategi 2020: «Vækst»", {"document": "Vækststrategi 2020", "quote": "Vækst"}),
        ("a.pdf p. 2: «han sagde «ja» og »nej»»", {"document": "a.pdf", "page": 2, "quote": "han sagde «ja» og »nej»"}),
        ("Plan p. x: «q»", {"document": "Plan p. x", "quote": "q"}),  # not digits: part of the name
        ("https://e.org/a.pdf p. 1: «q»", {"document": "https://e.org/a.pdf", "page": 1, "quote": "q"}),
    ],
    ids=["page", "danish-side", "no-page", "nested-guillemets", "not-a-page", "url"],
)
def test_compact_form_parses(text: str, record: dict) -> None:
    assert parse_compact_evidence(text) == record
    assert parse_compact_evidence(compact_evidence(record) or "") == record


@pytest.mark.parametrize(
    "text",
    ["v.pdf p. 3 «no colon»", "v.pdf p. 3: «not closed", ": «no document»", "v.pdf: «»", "v.pdf p. 3: «  »"],
    ids=["no-colon", "not-closed", "no-document", "empty-quote", "blank-quote"],
)
def test_compact_form_refuses(text: str) -> None:
    with pytest.raises(ValueError_):
        parse_compact_evidence(text)


def test_compact_form_is_linear_on_hostile_text() -> None:
    # 200,000 characters of near-misses: plain splits, no backtracking
    record = parse_compact_evidence("d" + ": «" + "«: »" * 50_000 + "»")
    assert record["document"] == "d" and len(record["quote"]) == 200_000


def test_yaml_evidence_becomes_rdf() -> None:
    graph = load_model([MODEL]).to_rdflib()
    vision = list(graph.objects(EX["vision-2020"], SA.evidence))
    assert vision == [EX["vision-2020/evidence/1"]]
    node = vision[0]
    assert (node, rdflib.RDF.type, SA.Evidence) in graph
    assert graph.value(node, SA.document) == rdflib.Literal("vision2020.pdf")
    assert graph.value(node, SA.page) == rdflib.Literal(3)
    assert graph.value(node, SA.quote) == rdflib.Literal("120.000 borgere i 2020", lang="da")
    goal = sorted(graph.objects(EX["flere-borgere"], SA.evidence))
    assert len(goal) == 2
    assert graph.value(goal[0], SA.quoteStart) == rdflib.Literal(0)
    assert graph.value(goal[0], SA.quoteEnd) == rdflib.Literal(22)
    assert float(graph.value(goal[0], SA.confidence)) == 0.9
    assert graph.value(goal[1], SA.document) == rdflib.URIRef("https://example.org/docs/vaekst.pdf")
    target = graph.value(EX["flere-borgere"], SA.hasTarget)
    assert graph.value(graph.value(target, SA.evidence), SA.page) == rdflib.Literal(3)
    quotes = set(graph.objects(graph.value(EX["indbyggere"], SA.evidence), SA.quote))
    assert {q.language for q in quotes} == {"da", "en"}


def test_model_with_evidence_conforms_to_the_shapes() -> None:
    outcome = validate(load_model([MODEL]).to_rdflib())
    assert outcome.conforms, outcome.issues


BASE = "base: https://e.org/\ngoals:\n  - id: g\n    label: Mål\n    evidence: "


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"v.pdf p. 3 «no colon»"', "one-line form"),
        ("{document: v.pdf, page: 0, quote: q}", "page number"),
        ("{document: v.pdf, page: 2.5, quote: q}", "page number"),
        ("{page: 3, quote: q}", "needs a 'document'"),
        ("{document: v.pdf}", "needs a 'quote'"),
        ('{document: v.pdf, quote: ""}', "empty"),
        ("{document: v.pdf, quote: q, side: 3}", "side"),
        ("{document: v.pdf, quote: q, start: 9, end: 3}", "before its 'start'"),
        ("{document: v.pdf, quote: q, confidence: 1.5}", "0 to 1"),
        ("[]", "empty list"),
        ("42", "expected a record"),
    ],
    ids=[
        "bad-one-line",
        "page-zero",
        "page-fraction",
        "no-document",
        "no-quote",
        "empty-quote",
        "unknown-key",
        "end-before-start",
        "confidence",
        "empty-list",
        "number",
    ],
)
def test_bad_evidence_exits_2_with_the_line(run, tmp_path: Path, value: str, problem: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(BASE + value + "\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}:5" in lines[0] and problem in lines[0], result.output
    assert "Traceback" not in result.output


def _graph(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for fmt, suffix in (("turtle", ".ttl"), ("nt", ".nt"), ("json-ld", ".jsonld"), ("xml", ".rdf")):
        if path.suffix == suffix:
            return graph.parse(path, format=fmt)
    raise AssertionError(path)


@pytest.mark.parametrize(
    "chain",
    [("ttl", "yaml", "ttl"), ("ttl", "xlsx", "ttl"), ("ttl", "csv", "ttl"), ("nt", "jsonld", "rdfxml")],
    ids=["yaml", "xlsx", "csv", "rdf-syntaxes"],
)
def test_round_trip_keeps_every_evidence_triple(run, tmp_path: Path, chain: tuple[str, ...]) -> None:
    suffix = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf", "yaml": ".yaml"}
    source = MODEL
    outputs = []
    for step, fmt in enumerate(chain):
        out = tmp_path / f"{step}{suffix.get(fmt, '.' + fmt)}"
        result = run("convert", source, "--to", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        outputs.append(out)
        source = out
    first, last = _graph(outputs[0]), _graph(outputs[-1])
    assert len(list(first.subjects(rdflib.RDF.type, SA.Evidence))) == 5  # vision, goal ×2, target, indicator
    assert isomorphic(first, last)


def test_yaml_writer_uses_the_one_line_form_and_the_columns(run, tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    assert run("convert", MODEL, "--to", "yaml", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "vision2020.pdf p. 3: «120.000 borgere i 2020»" in text
    assert "confidence: 0.9" in text and "rdf:" not in text
    csv = tmp_path / "m.csv"
    assert run("convert", MODEL, "--to", "csv", "-o", csv).exit_code == 0
    header = csv.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert {"document", "page", "quote"} <= set(header)


def test_blank_node_evidence_from_rdflib_turtle(run, tmp_path: Path) -> None:
    graph = rdflib.Graph()
    goal = rdflib.URIRef("https://e.org/g")
    evidence = rdflib.BNode()
    graph.add((goal, rdflib.RDF.type, SA.Goal))
    graph.add((goal, rdflib.RDFS.label, rdflib.Literal("Mål", lang="da")))
    graph.add((goal, SA.evidence, evidence))
    graph.add((evidence, rdflib.RDF.type, SA.Evidence))
    graph.add((evidence, SA.document, rdflib.Literal("plan.pdf")))
    graph.add((evidence, SA.page, rdflib.Literal(4)))
    graph.add((evidence, SA.quote, rdflib.Literal("Målet er, at flere kommer i job", lang="da")))
    path = tmp_path / "m.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    assert "[" in path.read_text() or "_:" in path.read_text()
    assert validate(load_model([path]).to_rdflib()).conforms
    # the loaders give a blank node a stable Skolem IRI (ontology/skolem.py) and turn it back into a blank
    # node for rdflib; the files written between hold the Skolem IRI
    for fmt in ("yaml", "xlsx"):
        out = tmp_path / f"m.{fmt}"
        assert run("convert", path, "--to", fmt, "-o", out).exit_code == 0
        back = tmp_path / f"back-{fmt}.ttl"
        assert run("convert", out, "--to", "ttl", "-o", back).exit_code == 0
        assert isomorphic(graph, load_model([back]).to_rdflib())


SHEET_HEADER = "id;type;label_da;document;page;quote\n"


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("g;goal;Mål;v.pdf;0;q", "page", "page number"),
        ("g;goal;Mål;v.pdf;tre;q", "page", "page number"),
        ("g;goal;Mål;;3;q", "document", "needs a document and a quote"),
        ("g;goal;Mål;v.pdf;3;", "quote", "needs a document and a quote"),
    ],
    ids=["page-zero", "page-word", "no-document", "no-quote"],
)
def test_bad_evidence_cells_exit_2_with_row_and_column(
    run, tmp_path: Path, row: str, column: str, problem: str
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(SHEET_HEADER + row + "\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "row 2" in lines[0] and f"'{column}'" in lines[0] and problem in lines[0], lines


def test_evidence_cells_become_rdf(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(SHEET_HEADER + "g;goal;Mål;v.pdf;3;Målet er, at flere kommer i job\n", encoding="utf-8")
    graph = load_model([path]).to_rdflib()
    node = next(graph.objects(None, SA.evidence))
    assert graph.value(node, SA.page) == rdflib.Literal(3)
    assert graph.value(node, SA.quote) == rdflib.Literal("Målet er, at flere kommer i job", lang="da")


def test_read_yaml_positions_stay_element_only() -> None:
    positions: dict = {}
    read_yaml(MODEL.read_text(encoding="utf-8"), "m.yaml", positions)
    assert not any("/evidence/" in key for key in positions)
