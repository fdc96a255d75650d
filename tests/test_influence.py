"""Signed influences (sa:Influence, Nilsson scale −3..+3): YAML and RDF input, the effective edge list
(sa:hinders −2, sa:contributesTo +1 unless an sa:Influence scores the pair), and the YAML writer."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from alignment import InfluenceEdge, influence_edges
from ontology.loaders import load_model

SA = Namespace("https://w3id.org/stratalign#")
# A plain Namespace: rdflib's XSD warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EX = "https://example.org/influence/"
SMALL = Path(__file__).parent / "data" / "influence" / "small.yaml"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def edges_of(path: Path) -> list[tuple[str, str, int, str]]:
    return [
        (local(e.influencer), local(e.influenced), e.strength, e.source)
        for e in influence_edges(load_model([path]).store)
    ]


def test_yaml_influences_give_the_effective_signed_edges() -> None:
    # small.yaml, by hand: g1 scores g2 at -2; i1 scores g2 at +2, which replaces its contributes_to (+1),
    # and g1 at 0 (scored, consistent: recorded); i2 hinders g1 (-2) and contributes to g2 (+1), unscored.
    assert edges_of(SMALL) == [
        ("g1", "g2", -2, "influence"),
        ("i1", "g1", 0, "influence"),
        ("i1", "g2", 2, "influence"),
        ("i2", "g1", -2, "hinders"),
        ("i2", "g2", 1, "contributesTo"),
    ]


def test_the_reason_is_the_description_danish_first() -> None:
    edges = influence_edges(load_model([SMALL]).store)
    assert isinstance(edges[0], InfluenceEdge)
    assert edges[0].why == "Flere borgere giver mere trafik"
    assert [e.why for e in edges[1:]] == [None] * 4


def test_an_influence_also_replaces_the_reading_of_hinders(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "base: https://example.org/influence/\n"
        "goals:\n  - {id: g1, label: A}\n  - {id: g2, label: B}\n"
        "initiatives:\n"
        "  - {id: i1, label: C, hinders: [g1], influences: [{goal: g1, strength: -3}]}\n"
        "  - {id: i2, label: D, contributes_to: [g1], hinders: [g2]}\n"
        "focus_areas:\n  - {id: f1, label: E, contributes_to: [g1]}\n",
        encoding="utf-8",
    )
    # f1 -> g1 counts (+1, a focus area contributing to a goal); a link to a focus area would not
    assert edges_of(path) == [
        ("f1", "g1", 1, "contributesTo"),
        ("i1", "g1", -3, "influence"),
        ("i2", "g1", 1, "contributesTo"),
        ("i2", "g2", -2, "hinders"),
    ]


def test_contributes_to_a_focus_area_is_no_influence(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "base: https://example.org/influence/\n"
        "focus_areas:\n  - {id: f1, label: E}\n"
        "initiatives:\n  - {id: i1, label: C, contributes_to: [f1]}\n",
        encoding="utf-8",
    )
    assert edges_of(path) == []


def _rdflib_graph(blank: bool) -> rdflib.Graph:
    g = rdflib.Graph()
    g.bind("sa", SA)
    for ident, cls, label in [("g1", SA.Goal, "More residents"), ("g2", SA.Goal, "Less CO2")]:
        g.add((URIRef(EX + ident), RDF.type, cls))
        g.add((URIRef(EX + ident), RDFS.label, Literal(label, lang="en")))
    g.add((URIRef(EX + "i1"), RDF.type, SA.Initiative))
    g.add((URIRef(EX + "i1"), RDFS.label, Literal("Cycle paths", lang="en")))
    g.add((URIRef(EX + "i1"), SA.contributesTo, URIRef(EX + "g2")))
    for n, (src, dst, strength) in enumerate([("g1", "g2", -2), ("i1", "g2", 2), ("i1", "g1", 0)]):
        node = BNode() if blank else URIRef(EX + f"inf{n}")
        g.add((node, RDF.type, SA.Influence))
        g.add((node, SA.influencer, URIRef(EX + src)))
        g.add((node, SA.influenced, URIRef(EX + dst)))
        g.add((node, SA.strength, Literal(strength, datatype=XSD.integer)))
        if src == "g1":
            g.add((node, DCTERMS.description, Literal("Flere borgere giver mere trafik", lang="da")))
    return g


@pytest.mark.parametrize(
    "fmt,suffix,blank",
    [
        ("turtle", "ttl", True),
        ("turtle", "ttl", False),
        ("nt", "nt", True),
        ("json-ld", "jsonld", True),
        ("xml", "rdf", True),
    ],
    ids=["turtle-blank-nodes", "turtle-iris", "n-triples", "json-ld", "rdf-xml"],
)
def test_rdf_written_by_rdflib_gives_the_same_edges(tmp_path: Path, fmt: str, suffix: str, blank: bool) -> None:
    path = tmp_path / f"model.{suffix}"
    _rdflib_graph(blank).serialize(path, format=fmt, encoding="utf-8")
    assert edges_of(path) == [
        ("g1", "g2", -2, "influence"),
        ("i1", "g1", 0, "influence"),
        ("i1", "g2", 2, "influence"),
    ]
    assert influence_edges(load_model([path]).store)[0].why == "Flere borgere giver mere trafik"


def test_validate_accepts_influences(run) -> None:
    result = run("validate", SMALL)
    assert result.exit_code == 0, result.output


BAD = {
    "unknown-goal": ("{goal: g9, strength: 1}", "'g9' refers to no element defined in this file"),
    "fraction": (
        "{goal: g2, strength: 1.5}",
        "'strength': expected a strength, a whole number from -3 (cancelling) to +3 (indivisible)",
    ),
    "above-3": ("{goal: g2, strength: 4}", "got 4"),
    "below-minus-3": ("{goal: g2, strength: -4}", "got -4"),
    "text": ("{goal: g2, strength: x}", "got 'x'"),
    "boolean": ("{goal: g2, strength: true}", "got True"),
    "no-strength": ("{goal: g2}", "an influence needs a 'strength'"),
    "no-goal": ("{strength: 1}", "an influence needs a 'goal'"),
    "unknown-key": ("{goal: g2, strength: 1, weight: 2}", "unknown key 'weight' in an influence"),
    "not-a-goal": ("{goal: i2, strength: 1}", "'i2' is an initiative, but a goal is expected here"),
    "twice": ("{goal: g1, strength: 1}", "the goal 'g1' is scored twice (line 19 and here)"),
    "not-a-map": ("g2", "each influence is a map"),
}


@pytest.mark.parametrize("case", sorted(BAD), ids=sorted(BAD))
def test_a_bad_influence_is_exit_2_with_its_line(run, tmp_path: Path, case: str) -> None:
    entry, message = BAD[case]
    text = SMALL.read_text(encoding="utf-8").replace("{goal: g2, strength: 2}", entry)
    assert text != SMALL.read_text(encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    # the line of the replaced entry; a second score of one goal is reported where it is repeated (next line)
    at = next(n for n, row in enumerate(SMALL.read_text(encoding="utf-8").splitlines(), 1) if "strength: 2}" in row)
    line = at + (1 if case == "twice" else 0)
    assert f"bad.yaml:{line}:" in lines[0] and message in lines[0], lines[0]


def test_influences_on_an_indicator_are_refused(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "goals:\n  - {id: g, label: G}\nindicators:\n  - id: x\n    label: X\n    influences: [{goal: g, strength: 1}]\n",
        encoding="utf-8",
    )
    result = run("validate", path)
    assert result.exit_code == 2 and "bad.yaml:6: unknown key 'influences'" in result.stderr


def _nt_graph(run, *args) -> rdflib.Graph:
    result = run("convert", *args, "--to", "nt")
    assert result.exit_code == 0, result.stderr
    return rdflib.Graph().parse(data=result.stdout, format="nt")


def test_yaml_writer_writes_influences_as_keys_and_loses_nothing(run, tmp_path: Path) -> None:
    out = tmp_path / "back.yaml"
    assert run("convert", SMALL, "--to", "yaml", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "influences:" in text and "rdf: |" not in text  # every influence has a key, nothing left in rdf:
    assert isomorphic(_nt_graph(run, SMALL), _nt_graph(run, out))
    assert edges_of(out) == edges_of(SMALL)


@pytest.mark.parametrize("blank", [True, False], ids=["blank-nodes", "other-iris"])
def test_influences_from_rdf_survive_yaml(run, tmp_path: Path, blank: bool) -> None:
    # Influence nodes named otherwise than the YAML reader names them stay whole in the rdf: block.
    source = tmp_path / "model.ttl"
    _rdflib_graph(blank).serialize(source, format="turtle")
    out = tmp_path / "back.yaml"
    assert run("convert", source, "--to", "yaml", "-o", out).exit_code == 0
    assert isomorphic(_nt_graph(run, source), _nt_graph(run, out))
    assert edges_of(out) == edges_of(source)
