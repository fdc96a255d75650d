"""`graph -o x.gexf` is valid GEXF 1.2 (the schema in tests/data/xsd/), for the examples and hostile labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import xmlschema

from ontology import example_names

XSD = Path(__file__).parent / "data" / "xsd"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def gexf_schema() -> xmlschema.XMLSchema10:
    # local files only: the includes resolve beside gexf.xsd and nothing is fetched
    # (xmlschema, pure Python: lxml would switch openpyxl to its own parser, outside defusedxml)
    return xmlschema.XMLSchema10(str(XSD / "gexf-1.2draft" / "gexf.xsd"), allow="local")


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
