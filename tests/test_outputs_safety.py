"""Outputs stay well-formed and safe whatever the labels hold (issue 21, point 5).

A bare CR in a label is quoted in CSV and no line of a CSV cell starts a
formula; Markdown keeps no control character; JSON never holds Infinity or
NaN; GraphML and GEXF parse with three XML readers when a label holds NUL or
ESC; I/O failures are exit 2 naming the path and the system's reason; a
replaced output file keeps its permissions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import xml.dom.minidom
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from ontology.textsafety import FORMULA_START, csv_line, guard_formula, unguard_formula

ROOT = Path(__file__).parent.parent
MODEL = ROOT / "tests" / "data" / "yaml" / "control-and-formula.yaml"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

NON_FINITE_TTL = """\
@prefix sa: <https://w3id.org/stratalign#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://e.org/s> a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal <https://e.org/g>, <https://e.org/h> .
<https://e.org/g> a sa:Goal ; rdfs:label "G"@da ; sa:hasTarget <https://e.org/t> ; sa:measuredBy <https://e.org/i> .
<https://e.org/h> a sa:Goal ; rdfs:label "H"@da ; sa:hasTarget <https://e.org/t2> .
<https://e.org/t> a sa:Target ; sa:indicator <https://e.org/i> ; sa:targetValue "INF"^^xsd:double ; sa:targetYear "2030"^^xsd:gYear .
<https://e.org/t2> a sa:Target ; sa:indicator <https://e.org/i> ; sa:targetValue 1e400 ; sa:targetYear "2030"^^xsd:gYear .
<https://e.org/i> a sa:Indicator ; rdfs:label "I"@da ; sa:baseline "NaN"^^xsd:double ; sa:baselineYear "2020"^^xsd:gYear ;
    sa:actualValue "-INF"^^xsd:double ; sa:actualYear "2024"^^xsd:gYear .
"""


def strict_json(text: str):
    def refuse(constant: str):
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# -- CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "delimiter"), [("da", ";"), ("en", ",")], ids=["danish", "english"])
def test_analyze_csv_quotes_a_bare_cr_and_guards_the_formula_after_it(run, lang, delimiter):
    result = run("analyze", MODEL, "--format", "csv", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    text = result.stdout.removeprefix("\ufeff")  # Danish: a byte order mark for Excel
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert len({len(r) for r in rows}) == 1  # even rows: the CR stayed inside its field
    assert any("\r" in cell for row in rows for cell in row)
    # an importer that splits on every CR/LF still finds no cell (or line) starting a formula
    for line in re.split(r"[\r\n]", text):
        for cell in line.split(delimiter):
            assert cell.lstrip('"')[:1] not in FORMULA_START or cell == "", repr(line)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "a\r=cmd|' /C calc'!A0", "x\n+1\r\n-2", "'=already", "plain", "@\t="],
    ids=["start", "after-cr", "after-lf-crlf", "quote-first", "plain", "at-tab"],
)
def test_the_formula_guard_is_undone_exactly(text):
    guarded = guard_formula(text)
    assert unguard_formula(guarded) == text
    for line in re.split(r"[\r\n]", guarded):
        assert line[:1] not in "=+-@" or line == ""


def test_csv_line_quotes_every_field_with_cr_lf_quote_or_separator():
    row = ["a\rb", "c\nd", 'say "x"', "e;f", "plain"]
    for delimiter in (",", ";", "\t"):
        line = csv_line(row, delimiter, guard=False)
        assert next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter)) == row


# -- Markdown and the terminal ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("report", "--format", "md"), ("analyze", "--format", "md"), ("analyze",)],
    ids=["report-md", "analyze-md", "analyze-text"],
)
def test_no_control_character_reaches_markdown_or_the_terminal(run, args):
    result = run(*args[:1], MODEL, *args[1:])
    assert result.exit_code == 0, result.stderr
    assert not RAW_CONTROL.search(result.stdout), repr(RAW_CONTROL.search(result.stdout))


# -- JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("analyze", "--format", "json"), ("report", "--format", "json"), ("graph", "--format", "json")],
    ids=["analyze", "report", "graph"],
)
def test_json_never_holds_infinity_or_nan(run, tmp_path, args):
    path = tmp_path / "non-finite.ttl"
    path.write_text(NON_FINITE_TTL, encoding="utf-8")
    result = run(args[0], path, *args[1:])
    assert result.exit_code == 0, result.stderr
    strict_json(result.stdout)


def test_the_json_encoder_writes_non_finite_as_null():
    from alignment.render import json_text

    assert strict_json(json_text({"a": [float("inf"), 1.5], "b": float("nan")})) == {"a": [None, 1.5], "b": None}


# -- XML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_xml_is_well_formed_with_nul_and_escapes_in_labels(run, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = run("graph", MODEL, "-o", out)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    ET.fromstring(data)
    xml.dom.minidom.parseString(data)
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    labels = [d.get("label", "") for _, d in graph.nodes(data=True)]
    assert any(label.startswith("Plan ") and "nul" in label for label in labels)
    if fmt == "gexf":
        # no empty name: the GEXF 1.2 schema allows none on <graph>, so the name is the meta description
        root = ET.fromstring(data)
        assert root.find("{http://www.gexf.net/1.2draft}graph").get("name") is None
        assert root.findtext("{http://www.gexf.net/1.2draft}meta/{http://www.gexf.net/1.2draft}description")


# -- I/O failures ------------------------------------------------------------------------------


def _cli(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "stratalign.cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _one_line_exit_2(done: subprocess.CompletedProcess, *fragments: str) -> None:
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr[-800:]
    assert len(stderr.strip().splitlines()) == 1, stderr
    for fragment in fragments:
        assert fragment in stderr, stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_disk_full_on_the_output_file_is_exit_2_naming_it():
    _one_line_exit_2(
        _cli("analyze", "--example", "esbjerg-2020", "-o", "/dev/full"), "/dev/full", "No space left on device"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [("analyze", "--example", "esbjerg-2020"), ("examples",), ("query", "--list")],
    ids=["write_output", "click-echo", "query-list"],
)
def test_disk_full_on_standard_output_is_exit_2(args):
    with open("/dev/full", "wb") as full:
        _one_line_exit_2(_cli(*args, stdout=full), "No space left on device")


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("{tmp}", "it is a folder"),
        ("", "the output file name is empty"),
        ("/proc/stratalign-out.json", "/proc/stratalign-out.json: cannot write"),
        ("{tmp}/no/such/folder/x.json", "does not exist"),
    ],
    ids=["folder", "empty", "proc", "missing-folder"],
)
def test_an_unwritable_output_is_exit_2_naming_it(tmp_path, target, fragment):
    target = target.format(tmp=tmp_path)
    _one_line_exit_2(_cli("analyze", "--example", "esbjerg-2020", "-o", target), fragment.format(tmp=tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_exit_2_naming_the_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _one_line_exit_2(
            _cli("analyze", "--example", "esbjerg-2020", "-o", str(folder / "x.json")), "x.json", "Permission denied"
        )
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_replaced_output_keeps_its_permissions(run, tmp_path, mode):
    out = tmp_path / "findings.json"
    out.write_text("old")
    out.chmod(mode)
    assert run("analyze", "--example", "esbjerg-2020", "--format", "json", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    strict_json(out.read_text(encoding="utf-8"))
