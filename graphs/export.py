"""Export the projection for Gephi, Cytoscape and friends: GraphML, GEXF or node-link JSON.

Every format gets the same flat graph: scalar attributes only (GraphML and GEXF
reject lists and None), the same explicit key names on every node, and a
``label`` attribute, because Gephi ignores ``<desc>`` and maps numbered key ids
such as ``d3`` onto its own columns (gephi/gephi#1575, #2030).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("https://e/g", kind="goal", label="Mål", plans=["https://e/p"], findings=[])
>>> b"<data key=\\"label\\">M\\xc3\\xa5l</data>" in export_graph(g, "graphml")
True
"""

from __future__ import annotations

import io
import json
import math
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from alignment import finite
from ontology import xml_text

__all__ = ["FORMATS", "export_graph", "flatten"]

FORMATS = ("graphml", "gexf", "json")

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _node_row(
    graph: nx.MultiDiGraph, node: str, data: dict[str, Any], label_keys: list[str], progress: bool = False
) -> dict[str, Any]:
    def labels_of(iris: list[str]) -> str:
        return "; ".join(graph.nodes[i]["label"] if i in graph else i for i in iris)

    findings = data.get("findings", [])
    worst = min((f["severity"] for f in findings), key=_SEVERITY_RANK.__getitem__, default="")
    row: dict[str, Any] = {
        "label": data.get("label", node),
        "iri": node,
        "kind": data.get("kind", "other"),
    }
    for key in label_keys:
        row[key] = data.get(key, "")
    row.update(
        {
            "plans": " ".join(data.get("plans", [])),
            "plan_labels": labels_of(data.get("plans", [])),
            "status": data.get("status", ""),
            "owner": " ".join(data.get("owner", [])),
            "owner_labels": labels_of(data.get("owner", [])),
            "coverage": data.get("coverage", ""),
            "initiatives": int(data.get("initiatives", 0)),
            "delegated_to": " ".join(data.get("delegated_to", [])),
            "finding_count": len(findings),
            "finding_kinds": " ".join(sorted({f["kind"] for f in findings})),
            "finding_messages": "\n".join(f["message"] for f in findings),
            "severity": worst,
        }
    )
    if progress:  # a goal's or plan's status (off-track … no-target), "" on other kinds: Gephi colours by it
        row["progress"] = data.get("progress", "")
    return row


def flatten(graph: nx.MultiDiGraph, *, progress: bool = False) -> nx.MultiDiGraph:
    """A copy with scalar attributes only and unique edge ids (``e0``, ``e1`` …); with ``progress``, each
    node's ``progress`` status too."""
    label_keys = sorted({key for _, data in graph.nodes(data=True) for key in data if key.startswith("label_")})
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    # Graph attributes become GraphML <data for="graph">; keep them scalar too.
    flat.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_node_row(graph, node, data, label_keys, progress))
    for number, (source, target, data) in enumerate(graph.edges(data=True)):
        row = {"id": f"e{number}", "kind": data.get("kind", ""), "label": data.get("kind", "")}
        row.update({k: v for k, v in data.items() if k not in row and isinstance(v, (str, int, float, bool))})
        flat.add_edge(source, target, key=row["id"], **row)
    return flat


def _xml_safe(flat: nx.MultiDiGraph) -> None:
    """Make every text attribute writable as XML 1.0 (a NUL or ESC in a label made GraphML that no
    reader accepts), and every float finite: in place, on the flat copy."""

    def clean(data: dict[str, Any]) -> None:
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = xml_text(value)
            elif isinstance(value, float) and not math.isfinite(value):
                data[key] = ""

    clean(flat.graph)
    for _, data in flat.nodes(data=True):
        clean(data)
    for _, _, data in flat.edges(data=True):
        clean(data)


def export_graph(graph: nx.MultiDiGraph, fmt: str, *, colour: str = "default") -> bytes:
    """The graph as GraphML, GEXF or node-link JSON (UTF-8 bytes); ``colour="progress"`` adds the node
    attribute ``progress`` (a goal's or plan's status) for a tool to colour by."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
    flat = flatten(graph, progress=colour == "progress")
    if fmt == "json":
        data = nx.node_link_data(flat, edges="edges")
        return (json.dumps(finite(data), ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
    _xml_safe(flat)
    out = io.BytesIO()
    if fmt == "graphml":
        _write_graphml(flat, out)
    else:
        _write_gexf(flat, out)
    return out.getvalue()


def _write_graphml(flat: nx.MultiDiGraph, out: io.BytesIO) -> None:
    """GraphML valid against the GraphML 1.0 schema (graphml.graphdrawing.org/xmlns/1.0/graphml.xsd).

    The schema makes every ``id`` an ``xs:NMTOKEN`` and unique among the keys, which
    networkx's own output breaks twice: a node's id is its IRI (``/`` and ``#`` are
    not name characters), and ``named_key_ids`` gives a node key and an edge key of
    the same name (``kind``, ``label``) the same id. So nodes are numbered ``n0``,
    ``n1`` … in the projection's order (the IRI stays in the ``iri`` attribute, and
    ``label`` is what Gephi shows), and an edge key whose name a node key already
    has gets the id ``edge_<name>``; ``attr.name`` is the name in both, so every
    reader still sees ``label`` and ``kind`` on nodes and edges.
    """
    numbered = nx.relabel_nodes(flat, {node: f"n{i}" for i, node in enumerate(flat)}, copy=True)
    numbered.graph["name"] = numbered.graph.get("name") or "stratalign"  # a <data for="graph"> in GraphML
    writer = _GraphMLWriter(encoding="utf-8")
    writer.add_graph_element(numbered)
    raw = io.BytesIO()
    writer.dump(raw)
    # ElementTree writes a CR in a text node as it is, and every XML reader turns it into LF (XML 1.0
    # §2.11): a label's CR came back as LF. As a character reference it survives; the writer's own
    # line breaks are LF, so every CR in the document is a value's.
    out.write(raw.getvalue().replace(b"\r", b"&#13;"))


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer with named key ids that are unique across scopes (the schema's ``key_id_key``).

    Named, not ``d0`` … ``d24``: Gephi maps numbered key ids onto its own columns.
    """

    def get_key(self, name: str, attr_type: str, scope: str, default: Any) -> str:
        found = self.keys.get((name, attr_type, scope))
        if found is not None:
            return str(found)
        used = set(self.keys.values())
        new_id, number = name, 1
        if new_id in used:
            new_id = f"{scope}_{name}"
        while new_id in used:  # one name in one scope with two types (a text and a number)
            number += 1
            new_id = f"{scope}_{name}_{number}"
        self.keys[(name, attr_type, scope)] = new_id
        key = self.myElement("key", **{"id": new_id, "for": scope, "attr.name": name, "attr.type": attr_type})
        if default is not None:
            element = self.myElement("default")
            element.text = str(default)
            key.append(element)
        self.xml.insert(0, key)  # as networkx does: the keys come before the graph
        return new_id


def _write_gexf(flat: nx.MultiDiGraph, out: io.BytesIO) -> None:
    """GEXF 1.2 valid against its schema (gexf.net/1.2draft/gexf.xsd).

    networkx always writes ``<graph name="…">`` (``name=""`` without a name), an
    attribute the schema does not allow on ``graph``; the name goes to
    ``<meta><description>`` instead. Relation kinds stay the edge attribute ``kind``:
    GEXF 1.2 has no edge kind of its own (1.3 added one).
    """
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(flat)
    graph = writer.xml.find("graph")
    meta = writer.xml.find("meta")
    if graph is not None and meta is not None:
        name = graph.attrib.pop("name", "")
        ET.SubElement(meta, "description").text = name or "stratalign"
    writer.write(out)
