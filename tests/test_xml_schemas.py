"""`graph -o x.gexf` / `-o x.graphml` are valid GEXF 1.2 / GraphML 1.0 (schemas in tests/data/xsd/), for the examples
and hostile labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import xmlschema

from ontology import example_names

XSD = Path(__file__).parent / "data" / "xsd"
GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
#: Where the GraphML schemas say their parts are (1.0's files name 1.0, the copies beside them 1.1).
GRAPHML_SITE = "http://graphml.graphdrawing.org/xmlns/"


@pytest.fixture(scope="module")
def gexf_schema() -> xmlschema.XMLSchema10:
    # local files only: the includes resolve beside gexf.xsd and nothing is fetched
    # (xmlschema, pure Python: lxml would switch openpyxl to its own parser, outside defusedxml)
    return xmlschema.XMLSchema10(str(XSD / "gexf-1.2draft" / "gexf.xsd"), allow="local")


def _local_graphml_part(url: str) -> str:
    """A GraphML schema's http:// schemaLocation, mapped to the copy in tests/data/xsd/graphml-1.0/."""
    for version in ("1.0/", "1.1/"):
        if url.startswith(GRAPHML_SITE + version):
            return (XSD / "graphml-1.0" / url.removeprefix(GRAPHML_SITE + version)).resolve().as_uri()
    return url  # anything else stays remote, and allow="local" refuses it


@pytest.fixture(scope="module")
def graphml_schema() -> xmlschema.XMLSchema10:
    # graphml.xsd redefines graphml-structure.xsd, which imports xlink.xsd, both by http:// URL
    return xmlschema.XMLSchema10(
        str(XSD / "graphml-1.0" / "graphml.xsd"), allow="local", uri_mapper=_local_graphml_part
    )


def _hostile_labels(tmp_path: Path) -> Path:
    """Control characters, an empty label, no label, a 10,000-character label, CR/TAB/LF and a formula."""
    path = tmp_path / "hostile-labels.ttl"
    long = "Langt mål " + "x" * 10_000
    path.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix sa: <https://w3id.org/stratalign#> .\n"
        '<https://e.org/s> a sa:Strategy ; rdfs:label "Plan \\u0000 nul \\u001b[2J esc \\u0007 bel \\u000b vt '
        '\\u0085 nel \\uFFFE \\u0001\\u001f"@da ;\n'
        "  sa:hasGoal <https://e.org/g>, <https://e.org/h>, <https://e.org/i>, <https://e.org/j> .\n"
        '<https://e.org/g> a sa:Goal ; rdfs:label ""@da .\n'
        f'<https://e.org/h> a sa:Goal ; rdfs:label "{long}"@da .\n'
        "<https://e.org/i> a sa:Goal ; rdfs:label \"Mål\\r=cmd|' /C calc'!A0\\t\\n\"@da .\n"
        "<https://e.org/j> a sa:Goal .\n",
        encoding="utf-8",
    )
    return path


MODELS = [*(("--example", name) for name in sorted(example_names())), ("hostile-labels",)]


@pytest.mark.parametrize("model", MODELS, ids=[m[-1] for m in MODELS])
def test_gexf_is_valid_against_the_gexf_1_2_schema(run, tmp_path, gexf_schema, model):
    args = [str(_hostile_labels(tmp_path))] if model == ("hostile-labels",) else list(model)
    out = tmp_path / "g.gexf"
    result = run("graph", *args, "-o", out)
    assert result.exit_code == 0, result.output[-600:]
    errors = [str(e.reason) for e in gexf_schema.iter_errors(str(out))][:5]
    assert not errors, errors
    document = ET.parse(out).getroot()
    graph = document.find(f"{GEXF}graph")
    assert graph.get("name") is None  # the schema allows no name on <graph>; networkx writes name=""
    assert document.findtext(f"{GEXF}meta/{GEXF}description")  # the name goes here
    # relation kinds stay on the edges (label and the kind attribute), and Gephi's reader (networkx) reads it back
    edge_kinds = {e.get("label") for e in document.iter(f"{GEXF}edge")}
    assert edge_kinds and "" not in edge_kinds and None not in edge_kinds
    read = nx.read_gexf(out)
    assert read.number_of_nodes() == len(list(document.iter(f"{GEXF}node")))
    assert {d["kind"] for _, _, d in read.edges(data=True)} == edge_kinds


def test_the_schema_refuses_what_networkx_writes_by_itself(gexf_schema, tmp_path):
    """The check can fail: networkx's own output (with <graph name="">) is not valid."""
    out = tmp_path / "plain.gexf"
    nx.write_gexf(nx.path_graph(3), out)
    errors = [str(e.reason) for e in gexf_schema.iter_errors(str(out))]
    assert any("name" in reason for reason in errors), errors


@pytest.mark.parametrize("model", MODELS, ids=[m[-1] for m in MODELS])
def test_graphml_is_valid_against_the_graphml_1_0_schema(run, tmp_path, graphml_schema, model):
    args = [str(_hostile_labels(tmp_path))] if model == ("hostile-labels",) else list(model)
    out = tmp_path / "g.graphml"
    result = run("graph", *args, "-o", out)
    assert result.exit_code == 0, result.output[-600:]
    errors = [f"{e.reason} at {e.path}" for e in graphml_schema.iter_errors(str(out))][:5]
    assert not errors, errors
    document = ET.parse(out).getroot()
    keys = document.findall(f"{GRAPHML}key")
    assert len({k.get("id") for k in keys}) == len(keys)  # unique key ids across node, edge and graph keys
    assert {k.get("attr.name") for k in keys if k.get("for") == "edge"} >= {"kind", "label"}
    # networkx (the reader the tests trust) reads it back: every node with its IRI and label, every edge its kind
    read = nx.read_graphml(out)
    nodes = list(document.iter(f"{GRAPHML}node"))
    assert read.number_of_nodes() == len(nodes) > 0
    assert all(d["iri"] and "label" in d for _, d in read.nodes(data=True))
    assert len({d["iri"] for _, d in read.nodes(data=True)}) == len(nodes)
    assert all(d["kind"] and d["label"] == d["kind"] for _, _, d in read.edges(data=True))
    if model == ("hostile-labels",):
        labels = {d["label"] for _, d in read.nodes(data=True)}
        assert any(label.startswith("Plan ") and "nul" in label for label in labels)
        assert any(label.startswith("Langt mål ") and len(label) > 10_000 for label in labels)


def test_the_graphml_schema_refuses_what_networkx_writes_by_itself(graphml_schema, tmp_path):
    """The check can fail: networkx's own GraphML of IRI nodes with a node and an edge attribute ``kind``."""
    graph = nx.MultiDiGraph()
    graph.add_edge("https://e.org/a", "https://e.org/b#x", kind="realizes")
    nx.set_node_attributes(graph, "goal", "kind")
    out = tmp_path / "plain.graphml"
    nx.write_graphml(graph, out, named_key_ids=True)
    reasons = [str(e.reason) for e in graphml_schema.iter_errors(str(out))]
    assert any("key_id_key" in r for r in reasons), reasons  # id="kind" twice
    assert any("https://e.org/a" in r for r in reasons), reasons  # an IRI is no NMTOKEN
