"""Output files: every command with -o writes what the file name says, or refuses (exit 2) and writes nothing.

The rule: the suffix of -o chooses the format when --format (convert: --to) is
not given; a suffix the command cannot write, or one that contradicts the given
format, is exit 2 with one line naming the file and what the command writes.
Plain text is written under any suffix that names no format (``findings.log``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import networkx as nx
import pytest
import rdflib

from stratalign.cli import COMMANDS, cli

EX = ("--example", "esbjerg-2020")
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

# (arguments, the file named in the message, fragments the one line must hold)
REFUSED = [
    pytest.param(
        ("extract", str(Path(__file__).parent / "data" / "extract" / "horsens-2014.md"), "-o", "x.json"),
        "x.json",
        ["cannot write JSON", "extract writes .yaml"],
        id="extract-json",
    ),
    pytest.param(
        ("report", *EX, "-o", "x.docx"),
        "x.docx",
        ["cannot write Word (DOCX)", "report writes .html, .md, .json, .pdf"],
        id="report-docx",
    ),
    pytest.param(
        ("report", *EX, "-o", "x.v2"),
        "x.v2",
        ["cannot write '.v2' files", "report writes .html, .md, .json, .pdf"],
        id="report-unknown-suffix",
    ),
    pytest.param(
        ("report", *EX, "--format", "html", "-o", "x.md"),
        "x.md",
        ["--format html is not written as .md", "report writes html as .html"],
        id="report-format-contradicts-suffix",
    ),
    pytest.param(
        ("graph", *EX, "-o", "x.png"),
        "x.png",
        ["cannot write PNG", "graph writes .html, .graphml, .gexf, .json"],
        id="graph-png",
    ),
    pytest.param(
        ("graph", *EX, "--view", "conflicts", "-o", "x.svg"),
        "x.svg",
        ["cannot write SVG", "graph writes .html"],
        id="graph-svg",
    ),
    pytest.param(
        ("graph", *EX, "-o", "x.xml"),
        "x.xml",
        [".xml could be graphml or gexf", "--format"],
        id="graph-xml-needs-format",
    ),
    pytest.param(
        ("graph", *EX, "--format", "gexf", "-o", "x.graphml"),
        "x.graphml",
        ["--format gexf is not written as .graphml", "graph writes gexf as .gexf"],
        id="graph-format-contradicts-suffix",
    ),
    pytest.param(
        ("analyze", *EX, "-o", "x.pdf"),
        "x.pdf",
        ["cannot write PDF", "analyze writes .txt, .json, .ttl, .csv, .md"],
        id="analyze-pdf",
    ),
    pytest.param(
        ("analyze", *EX, "-o", "x.html"),
        "x.html",
        ["cannot write HTML", "analyze writes .txt, .json, .ttl, .csv, .md"],
        id="analyze-html",
    ),
    pytest.param(
        ("analyze", *EX, "--format", "json", "-o", "x.csv"),
        "x.csv",
        ["--format json is not written as .csv", "analyze writes json as .json"],
        id="analyze-format-contradicts-suffix",
    ),
    pytest.param(
        ("check", *EX, "-o", "x.pdf"),
        "x.pdf",
        ["cannot write PDF", "check writes .txt, .json, .sarif, .xml"],
        id="check-pdf",
    ),
    pytest.param(
        ("check", *EX, "--format", "sarif", "-o", "x.json"),
        "x.json",
        ["--format sarif is not written as .json", "check writes sarif as .sarif"],
        id="check-format-contradicts-suffix",
    ),
    pytest.param(
        ("diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "-o", "x.md"),
        "x.md",
        ["cannot write Markdown", "diff writes .txt, .json, .html"],
        id="diff-md",
    ),
    pytest.param(
        ("diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "--format", "html", "-o", "x.json"),
        "x.json",
        ["--format html is not written as .json"],
        id="diff-format-contradicts-suffix",
    ),
    pytest.param(
        ("validate", *EX, "-o", "x.json"),
        "x.json",
        ["cannot write JSON", "validate writes .txt, .ttl"],
        id="validate-json",
    ),
    pytest.param(
        ("validate", *EX, "--format", "ttl", "-o", "x.txt"),
        "x.txt",
        ["--format ttl is not written as .txt", "validate writes ttl as .ttl"],
        id="validate-format-contradicts-suffix",
    ),
    pytest.param(
        ("query", *EX, "--name", "goals", "-o", "x.pdf"),
        "x.pdf",
        ["cannot write PDF", "query writes .txt, .csv, .tsv, .json, .ttl"],
        id="query-pdf",
    ),
    pytest.param(
        ("query", *EX, "--name", "goals", "--format", "csv", "-o", "x.json"),
        "x.json",
        ["--format csv is not written as .json"],
        id="query-format-contradicts-suffix",
    ),
    pytest.param(
        ("query", *EX, "--name", "goals", "-o", "x.ttl"),
        "x.ttl",
        ["a SELECT or ASK result is not Turtle", ".csv, .tsv, .json"],
        id="query-select-as-turtle",
    ),
    pytest.param(
        ("query", *EX, "-q", CONSTRUCT, "-o", "x.csv"),
        "x.csv",
        ["a CONSTRUCT or DESCRIBE result is Turtle, not CSV", ".ttl"],
        id="query-construct-as-csv",
    ),
    pytest.param(
        ("convert", *EX, "--to", "ttl", "-o", "x.yaml"),
        "x.yaml",
        ["--to ttl is not written as .yaml", "convert writes ttl as .ttl"],
        id="convert-to-contradicts-suffix",
    ),
    pytest.param(
        ("convert", *EX, "--to", "yaml", "-o", "x.pdf"),
        "x.pdf",
        ["--to yaml is not written as .pdf (PDF)", "convert writes yaml as .yaml, .yml"],
        id="convert-pdf",
    ),
    pytest.param(
        ("template", "-o", "x.ods"),
        "x.ods",
        ["cannot write OpenDocument spreadsheet", "template writes .xlsx, .csv"],
        id="template-ods",
    ),
    pytest.param(("template", "-o", "x"), "x", ["without a suffix", ".xlsx, .csv"], id="template-without-suffix"),
    pytest.param(
        ("import-observations", "tests/data/statbank/folk1a.json", "--indicator", "i", "-o", "x.ttl"),
        "x.ttl",
        ["cannot write Turtle", "import-observations writes .yaml"],
        id="import-observations-turtle",
    ),
    pytest.param(
        ("whatif", *EX, "--cancel", "initiative/education-esbjerg", "-o", "x.csv"),
        "x.csv",
        ["cannot write CSV", "whatif writes .txt, .json, .md, .html"],
        id="whatif-csv",
    ),
    pytest.param(
        ("restructure", *EX, "-o", "x.ttl"),
        "x.ttl",
        ["cannot write Turtle", "restructure writes .yaml"],
        id="restructure-turtle",
    ),
    pytest.param(
        ("restructure", *EX, "-o", "x.yaml", "--explain", "x.html"),
        "x.html",
        ["cannot write HTML", "restructure --explain writes .txt, .md"],
        id="restructure-explain-html",
    ),
]


def _commands_with_output() -> set[str]:
    context = click.Context(cli)
    return {name for name in COMMANDS if any("-o" in p.opts for p in cli.get_command(context, name).params)}


def test_every_command_with_an_output_file_is_tried_here():
    tried = {param.values[0][0] for param in REFUSED}
    assert _commands_with_output() == tried


@pytest.mark.parametrize(("args", "file", "fragments"), REFUSED)
def test_a_suffix_the_command_cannot_write_is_exit_2_and_writes_nothing(
    run, tmp_path, monkeypatch, args, file, fragments
):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stratalign: error: {file}: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing, not even a temporary file


def _rdf(path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


WRITTEN = [
    # (arguments, the file, a check of what it holds): the suffix chooses the format
    pytest.param(
        ("analyze", *EX, "-o", "f.json"), "f.json", lambda p: json.loads(p.read_text())["findings"], id="analyze-json"
    ),
    pytest.param(("analyze", *EX, "-o", "f.ttl"), "f.ttl", lambda p: len(_rdf(p)) > 0, id="analyze-turtle"),
    pytest.param(
        ("analyze", *EX, "-o", "f.csv"),
        "f.csv",
        # in Danish (the default) as Danish Excel reads it: a byte order mark and ";"
        lambda p: "kind" in next(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig")), delimiter=";")),
        id="analyze-csv",
    ),
    pytest.param(
        ("analyze", *EX, "-o", "f.md"), "f.md", lambda p: p.read_text().startswith("#"), id="analyze-markdown"
    ),
    pytest.param(
        ("analyze", *EX, "-o", "f.log"),
        "f.log",
        lambda p: "fælles mål" in p.read_text() and not p.read_text().startswith("{"),
        id="analyze-text-under-a-plain-name",
    ),
    pytest.param(
        ("analyze", *EX, "--format", "json", "-o", "f.out"),
        "f.out",
        lambda p: json.loads(p.read_text())["findings"],
        id="analyze-given-format-unknown-suffix",
    ),
    pytest.param(
        ("diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "-o", "d.html"),
        "d.html",
        lambda p: p.read_text().lstrip().lower().startswith("<!doctype html"),
        id="diff-html",
    ),
    pytest.param(
        ("diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "-o", "d.json"),
        "d.json",
        lambda p: isinstance(json.loads(p.read_text()), dict),
        id="diff-json",
    ),
    pytest.param(
        ("validate", *EX, "-o", "v.ttl"),
        "v.ttl",
        lambda p: any(True for _ in _rdf(p).subjects(rdflib.RDF.type, rdflib.SH.ValidationReport)),
        id="validate-turtle",
    ),
    pytest.param(
        ("query", *EX, "--name", "goals", "-o", "q.csv"),
        "q.csv",
        lambda p: len(list(csv.reader(io.StringIO(p.read_text())))) > 1,
        id="query-csv",
    ),
    pytest.param(
        ("query", *EX, "--name", "goals", "-o", "q.json"),
        "q.json",
        lambda p: json.loads(p.read_text())["results"]["bindings"],
        id="query-json",
    ),
    pytest.param(
        ("query", *EX, "-q", CONSTRUCT, "-o", "q.ttl"),
        "q.ttl",
        lambda p: len(_rdf(p)) > 100,
        id="query-construct-turtle",
    ),
    pytest.param(("report", *EX, "-o", "r.md"), "r.md", lambda p: p.read_text().startswith("#"), id="report-markdown"),
    pytest.param(
        ("report", *EX, "--format", "json", "-o", "r.data"),
        "r.data",
        lambda p: isinstance(json.loads(p.read_text()), dict),
        id="report-given-format-unknown-suffix",
    ),
    pytest.param(
        ("graph", *EX, "--format", "graphml", "-o", "g.xml"),
        "g.xml",
        lambda p: nx.read_graphml(p).number_of_nodes() > 10,
        id="graph-xml-with-format",
    ),
    pytest.param(
        ("graph", *EX, "-o", "g.gexf"), "g.gexf", lambda p: nx.read_gexf(p).number_of_nodes() > 10, id="graph-gexf"
    ),
    pytest.param(
        ("convert", *EX, "--to", "jsonld", "-o", "m.json"),
        "m.json",
        lambda p: len(rdflib.Graph().parse(p, format="json-ld")) > 100,
        id="convert-jsonld-as-json",
    ),
    pytest.param(
        ("restructure", *EX, "-o", "p.yml", "--explain", "p.log"),
        "p.log",
        lambda p: p.read_text().strip() and not p.read_text().startswith("#"),
        id="restructure-explain-text",
    ),
]


@pytest.mark.parametrize(("args", "file", "holds"), WRITTEN)
def test_the_suffix_chooses_the_format(run, tmp_path, monkeypatch, args, file, holds):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code in (0, 1), result.output  # validate: 1 when the model does not conform
    assert holds(tmp_path / file)


def test_a_device_is_written_whatever_the_format(run):
    # -o /dev/null has no suffix to go by: the given or default format is written into it
    assert run("report", *EX, "--format", "md", "-o", "/dev/null").exit_code == 0
