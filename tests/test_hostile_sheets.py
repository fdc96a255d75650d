"""Hostile and malformed spreadsheets (issue 21): exit 2 naming file, sheet and cell, never exit 3; nothing dropped silently.

The hostile workbooks are built here from a valid one (openpyxl writes it,
then a part of the zip is rewritten); the cases a fuzz run found are kept in
tests/data/bad/ and run again by ``test_kept_cases_are_refused``. The
hypothesis tests at the end generate CSV and XLSX input (zip-level
corruption, XML entities, formulas, styles, random cells) and RDF graphs for
the round trip; ``--hypothesis-profile=long`` runs more examples.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import struct
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from rdflib.compare import isomorphic

from ontology.loaders.spreadsheet import MAX_CELL_CHARS, RejectedRowsError, read_spreadsheet
from ontology.loaders.spreadsheet_schema import COLUMN_ORDER, unescape_text
from ontology.loaders.spreadsheet_writer import write_csv, write_xlsx
from stratalign.cli import cli

BAD = Path(__file__).parent / "data" / "bad"
SHEET = "xl/worksheets/sheet1.xml"
E = "https://e.org/p/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SA = "https://w3id.org/stratalign#"

# A bounded run in CI; `pytest --hypothesis-profile=long` (conftest may register it too) or
# STRATALIGN_FUZZ_EXAMPLES=N explores further with fresh random examples.
if "long" not in settings._profiles:  # noqa: SLF001 - hypothesis has no public lookup
    settings.register_profile("long", max_examples=10_000, deadline=None)
_LONG = settings._current_profile == "long"  # noqa: SLF001
_DEEP = int(os.environ.get("STRATALIGN_FUZZ_EXAMPLES", "0")) or (
    settings.get_profile("long").max_examples if _LONG else 0
)
FUZZ = settings(
    max_examples=_DEEP or 50,
    deadline=None,
    database=None,
    derandomize=not _DEEP,  # the same 50 examples on every normal run: a failure here is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def invoke(*args) -> "click.testing.Result":  # noqa: F821
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(path: Path, *fragments: str, command: str = "analyze") -> str:
    """Run ``command`` on ``path``: exit 2, one line naming the file and every fragment; the line."""
    result = invoke(command, path)
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output[-600:]}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-800:]
    # the path whole, or (under a deep tmp folder) its start and its file name: the line is capped
    # at 300 characters, and a long path is cut in its middle before the explanation is
    head = f"stratalign: error: {path}"
    assert lines[0].startswith(head) or (lines[0].startswith(head[:40]) and f"/{path.name}" in lines[0]), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert len(lines[0]) <= 300 + len(str(path)), lines[0]
    return lines[0]


# -- building workbooks --------------------------------------------------------

ROWS = [["id", "type", "label_da", "start"], [E, "model"], ["v", "vision", "Vision", 2020], ["g", "goal", "Mål"]]


def workbook(rows: list[list] = ROWS, sheet: str = "model") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, changes: dict[str, object], *, add: dict[str, bytes] | None = None) -> bytes:
    """The archive with the named parts replaced (bytes, or a function of the old bytes) and parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            change = changes.get(info.filename)
            if change is not None:
                body = change(body) if callable(change) else change
            archive.writestr(info.filename, body)
        for name, body in (add or {}).items():
            archive.writestr(name, body)
    return out.getvalue()


def declare_size(data: bytes, part: str, size: int) -> bytes:
    """The archive with ``part``'s uncompressed size in the central directory set to ``size`` (a lie)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    start = archive.start_dir
    out = bytearray(data)
    offset = start
    while out[offset : offset + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack("<HHH", out[offset + 28 : offset + 34])
        name = bytes(out[offset + 46 : offset + 46 + name_length]).decode("utf-8")
        if name == part:
            out[offset + 24 : offset + 28] = struct.pack("<I", size)
        offset += 46 + name_length + extra_length + comment_length
    return bytes(out)


def in_sheet(old: bytes, new: bytes, *, count: int = 1):
    def change(body: bytes) -> bytes:
        assert old in body, (old, body[:400])
        return body.replace(old, new, count)

    return change


def save(tmp_path: Path, data: bytes, name: str = "plan.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _inline(cell: str, text: str) -> bytes:
    return f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
XXE = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'

# (id, part → change, fragments of the one error line). Each was an internal error (exit 3) before.
HOSTILE = [
    ("truncated-xml", {SHEET: lambda b: b[: len(b) // 2]}, ["sheet 'model'", "the XML is broken", "unclosed token"]),
    (
        "invalid-token",
        {SHEET: in_sheet(b"<sheetData>", b"<sheetData>\x01")},
        ["sheet 'model'", "not well-formed (invalid token)"],
    ),
    (
        "invalid-column",
        {SHEET: in_sheet(b'r="A3"', b'r="ZZZZ3"')},
        ["plan.xlsx:3: sheet 'model', cell ZZZZ3", "not a valid column name"],
    ),
    (
        "string-index-not-a-number",
        {SHEET: in_sheet(_inline("C3", "Vision"), b'<c r="C3" t="s"><v>abc</v></c>')},
        ["sheet 'model', cell C3", "invalid literal for int()"],
    ),
    (
        "string-index-out-of-range",
        {SHEET: in_sheet(_inline("C3", "Vision"), b'<c r="C3" t="s"><v>99</v></c>')},
        ["sheet 'model', cell C3", "IndexError"],
    ),
    (
        "date-cell-garbage",
        {SHEET: in_sheet(b'<c r="D3" t="n"><v>2020</v></c>', b'<c r="D3" t="d"><v>2020-99-99</v></c>')},
        ["sheet 'model', cell D3", "month must be in 1..12"],
    ),
    (
        "date-cell-day-out-of-range",
        {SHEET: in_sheet(b'<c r="D3" t="n"><v>2020</v></c>', b'<c r="D3" t="d"><v>2019-02-30</v></c>')},
        ["sheet 'model', cell D3", "day is out of range for month"],
    ),
    (
        "date-cell-year-out-of-range",
        {SHEET: in_sheet(b'<c r="D3" t="n"><v>2020</v></c>', b'<c r="D3" t="d"><v>99999-01-01</v></c>')},
        ["sheet 'model', cell D3"],
    ),
    (
        "number-of-5000-digits",
        {SHEET: in_sheet(b"<v>2020</v>", b"<v>" + b"9" * 5000 + b"</v>")},
        ["sheet 'model', cell D3", "Exceeds the limit (4300 digits)"],
    ),
    (
        "bool-not-a-number",
        {SHEET: in_sheet(b'<c r="D3" t="n"><v>2020</v></c>', b'<c r="D3" t="b"><v>ja</v></c>')},
        ["sheet 'model', cell D3", "invalid literal for int()"],
    ),
    (
        "style-id-not-a-number",
        {SHEET: in_sheet(b'<c r="D3" t="n">', b'<c r="D3" t="n" s="x">')},
        ["sheet 'model', cell D3"],
    ),
    ("row-number-not-a-number", {SHEET: in_sheet(b'<row r="3"', b'<row r="x"')}, ["sheet 'model', after row 2"]),
    (
        "row-number-out-of-range",
        {SHEET: in_sheet(b'<row r="4"', b'<row r="99999999999"')},
        ["sheet 'model'", "outside 1 … 1,048,576"],
    ),
    (
        "style-unknown-attribute",
        {"xl/styles.xml": in_sheet(b"<color ", b'<color foo="1" ')},
        ["not a readable .xlsx workbook", "unexpected keyword argument 'foo'"],
    ),
    (
        "style-rgb-unknown-attribute",
        {"xl/styles.xml": in_sheet(b"<color ", b'<color rgb="FF000000" tint="x" ')},
        ["not a readable .xlsx workbook"],
    ),
    (
        "style-not-a-number",
        {"xl/styles.xml": in_sheet(b'<sz val="11"', b'<sz val="big"')},
        ["not a readable .xlsx workbook"],
    ),
    (
        "core-date-garbage",
        {"docProps/core.xml": lambda b: re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\1garbage", b)},
        ["not a readable .xlsx workbook", "garbage"],
    ),
    (
        "workbook-xml-broken",
        {"xl/workbook.xml": lambda b: b[:-20]},
        ["not a readable .xlsx workbook", "the XML is broken"],
    ),
    ("no-workbook-part", {"xl/workbook.xml": b""}, ["not a readable .xlsx workbook"]),
    (
        "billion-laughs-in-sheet",
        {SHEET: lambda b: BILLION_LAUGHS + b},
        ["xl/worksheets/sheet1.xml", "declares a DTD or XML entities"],
    ),
    (
        "billion-laughs-in-strings",
        {"xl/workbook.xml": lambda b: BILLION_LAUGHS + b},
        ["xl/workbook.xml", "declares a DTD"],
    ),
    ("xxe-in-workbook", {"xl/workbook.xml": lambda b: XXE + b}, ["declares a DTD or XML entities"]),
    # past the prolog window of the first check: refused by defusedxml inside openpyxl
    (
        "xxe-after-a-long-comment",
        {"xl/workbook.xml": lambda b: b"<!--" + b" " * 9000 + b"-->" + XXE + b},
        ["refused: entity expansion and external entities"],
    ),
    # found by walking the whole prolog before any parser sees it (a fixed 8 KiB look missed it)
    (
        "billion-laughs-after-a-long-comment",
        {SHEET: lambda b: b"<!--" + b" " * 9000 + b"-->" + BILLION_LAUGHS + b},
        ["declares a DTD or XML entities", "refused: entity expansion"],
    ),
]


@pytest.mark.parametrize(("changes", "fragments"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_workbook_is_exit_2_naming_sheet_and_cell(tmp_path, changes, fragments):
    path = save(tmp_path, rewrite(workbook(), changes))
    refused(path, *fragments)


def test_zip_corruption_is_exit_2(tmp_path):
    data = bytearray(workbook())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + 40):
        data[offset] ^= 0x5A  # inside the deflated sheet: "Error -3 while decompressing data" or a bad CRC
    refused(save(tmp_path, bytes(data)), "not a readable .xlsx workbook")


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.9, 0.99], ids=["cut-20%", "cut-50%", "cut-90%", "cut-99%"])
def test_truncated_archive_is_exit_2(tmp_path, cut):
    data = workbook()
    refused(save(tmp_path, data[: int(len(data) * cut)]), "not a readable .xlsx workbook")


def test_openpyxl_parses_with_defusedxml():
    """The real defence against entity expansion: openpyxl picks defusedxml when it is installed."""
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")


def test_openpyxl_keeps_defusedxml_with_lxml_installed(tmp_path):
    """Regression: with lxml installed (a GEXF test installed it), openpyxl parsed with lxml, which
    leaves entities unexpanded without a word: an XXE workbook was read (exit 0). Importing
    ontology first keeps openpyxl on defusedxml, in a fresh process as the CLI runs."""
    import subprocess
    import sys

    probe = "import ontology, openpyxl.xml.functions as f; print(f.fromstring.__module__, f.iterparse.__module__)"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in __import__("os").environ.items() if k != "OPENPYXL_LXML"},
    )
    assert [module.split(".")[0] for module in done.stdout.split()] == ["defusedxml", "defusedxml"]


# -- zip bombs ---------------------------------------------------------------


def _bomb_part(size: int) -> bytes:
    return b"\0" * size


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    data = rewrite(workbook(), {}, add={"xl/media/bomb.bin": _bomb_part(64 << 20)})
    path = save(tmp_path, data)
    assert path.stat().st_size < 200_000  # 64 MiB in well under 200 KB
    tracemalloc.start()
    try:
        line = refused(
            path,
            "part 'xl/media/bomb.bin' would inflate",
            "more than the bound of 200 times",
            "STRATALIGN_MAX_XLSX_RATIO",
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"{peak:,} bytes allocated: the part was inflated"
    assert "zip bomb" in line


def test_declared_gigabytes_are_refused_on_the_declared_size(tmp_path):
    """A 209 KB file declaring gigabytes: refused on the sizes in the archive's directory, with the bound."""
    path = save(tmp_path, declare_size(workbook(), SHEET, 3 << 30))
    refused(
        path,
        "would inflate to more than 536,870,912 bytes",
        "'xl/worksheets/sheet1.xml'",
        "STRATALIGN_MAX_XLSX_INFLATED",
    )


def test_a_200_mb_cell_bomb_is_refused(tmp_path):
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    )
    body = strings + b"A" * (200 << 20) + b"</t></si></sst>"
    content_type = b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    data = rewrite(
        workbook(),
        {
            SHEET: in_sheet(_inline("C3", "Vision"), b'<c r="C3" t="s"><v>0</v></c>'),
            "[Content_Types].xml": in_sheet(b"</Types>", content_type + b"</Types>"),
        },
        add={"xl/sharedStrings.xml": body},
    )
    path = save(tmp_path, data)
    assert path.stat().st_size < 1 << 20
    refused(path, "'xl/sharedStrings.xml' would inflate")


def test_a_cell_over_the_bound_names_the_cell_and_the_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "1000")
    path = save(tmp_path, workbook([*ROWS, ["x", "goal", "x" * 1001]]))
    refused(
        path,
        "sheet 'model', cell C5: holds 1,001 characters, more than the bound of 1,000",
        "STRATALIGN_MAX_CELL_CHARS",
    )
    csv_path = tmp_path / "plan.csv"
    csv_path.write_text(f"id;type;label_da\n{E};model\ng;goal;{'y' * 1001}\n", encoding="utf-8")
    refused(csv_path, "plan.csv:3:", "more than 1,000 characters", "STRATALIGN_MAX_CELL_CHARS")


def test_raising_a_bound_reads_the_file(tmp_path, monkeypatch):
    path = save(tmp_path, workbook([*ROWS, ["x", "goal", "x" * 1001]]))
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "1000")
    assert invoke("analyze", path).exit_code == 2
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "2000")
    assert invoke("analyze", path, "--format", "json").exit_code == 0


def test_a_bad_bound_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("STRATALIGN_MAX_XLSX_RATIO", "many")
    path = save(tmp_path, workbook())
    result = invoke("analyze", path)
    assert result.exit_code == 2 and "STRATALIGN_MAX_XLSX_RATIO: expected a whole number" in result.stderr


# -- nothing lost silently -----------------------------------------------------


def test_rows_and_columns_past_the_declared_dimension_are_read(tmp_path):
    data = rewrite(
        workbook([*ROWS, ["h", "goal", "Hidden", None, "Past the last column"]]),
        {SHEET: lambda b: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', b)},
    )
    path = save(tmp_path, data)
    # openpyxl's own read-only rows stop at the dimension: this file would lose rows and columns
    ws = load_workbook(path, read_only=True)["model"]
    assert len(list(ws.iter_rows())) == 2
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    (row,) = caught.value.rows
    assert (row.sheet, row.row) == ("model", 5) and "column E holds a value but has no column name" in row.reason
    quads, _ = read_spreadsheet(path, skip_bad_rows=True, report=lambda r: None)
    assert {q.subject.value for q in quads} >= {E + "v", E + "g"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("header", "row", "where"),
    [
        (["id", "type", "label_da"], ["g", "goal", "Mål", "lost?"], {"csv": "column 4", "xlsx": "column D"}),
        (["id", "type", None, "label_da"], ["g", "goal", "lost?", "Mål"], {"csv": "column 3", "xlsx": "column C"}),
    ],
    ids=["past-the-header", "under-an-empty-header"],
)
def test_a_value_without_a_column_name_is_refused_or_reported(run, tmp_path, fmt, header, row, where):
    rows = [header, [E, "model"], row]
    if fmt == "csv":
        path = tmp_path / "plan.csv"
        path.write_text("\n".join(";".join("" if c is None else c for c in r) for r in rows) + "\n", encoding="utf-8")
    else:
        path = save(tmp_path, workbook(rows))
    result = run("analyze", path)
    assert result.exit_code == 2
    assert f"row 3: {where[fmt]} holds a value but has no column name in the header (row 1)" in result.stderr
    skipped = run("analyze", path, "--skip-bad-rows", "--format", "json")
    assert skipped.exit_code == 0
    sheet = "plan" if fmt == "csv" else "model"
    assert f"stratalign: skipped: {path}:3: sheet '{sheet}', row 3: {where[fmt]} holds a value" in skipped.stderr


def test_a_comment_column_is_not_a_lost_value(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(f"id;type;label_da;# note\n{E};model\ng;goal;Mål;just a note\n", encoding="utf-8")
    quads, _ = read_spreadsheet(path)
    assert "just a note" not in {q.object.value for q in quads}


def test_an_unclosed_quote_at_the_end_names_the_line_it_opens_on(tmp_path):
    path = tmp_path / "plan.csv"
    rows = ["id;type;label_da", f"{E};model", 'v;vision;"Vision 2030', *(f"g{i};goal;Mål {i}" for i in range(50))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused(path, "plan.csv:3:", 'a quote (") opened in the row starting on this line is never closed')


def test_a_quote_closed_rows_later_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    rows = [
        "id;type;label_da;description_da",
        f"{E};model",
        'v;vision;"Vision 2030;',
        "g1;goal;Mål 1;",
        'g2;goal;Mål 2;"Om ""job"""',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused(path, "plan.csv:3:", "holds what looks like another row", "'g1;goal;Mål 1;'")


def test_a_cell_with_line_breaks_and_semicolons_is_not_taken_for_rows(tmp_path):
    path = tmp_path / "plan.csv"
    text = f'id;type;label_da;description_da\n{E};model\nv;vision;Vision;"Tre mål:\nflere job; flere borgere\ngoal; vision"\n'
    path.write_text(text, encoding="utf-8")
    quads, _ = read_spreadsheet(path)
    assert "Tre mål:\nflere job; flere borgere\ngoal; vision" in {q.object.value for q in quads}


def test_a_chain_of_rejected_rows_is_linear(tmp_path):
    """20,000 focus areas, each under the next, the last one bad: every one rejected, and quickly (was one pass per link)."""
    n = 20_000
    lines = ["id;type;label_da;parent", f"{E};model", "g;goal;Mål"]
    lines += [f"i{k};focus_area;Fokus {k};i{k + 1}" for k in range(n)]
    lines.append(f"i{n};focus_area;;g")  # no label: rejected, and with it the whole chain
    path = tmp_path / "chain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    assert time.perf_counter() - started < 60  # generous: the quadratic version took minutes
    assert len(caught.value.rows) == n + 1
    assert "'parent': 'i1' is in sheet 'chain', row 5, which is rejected" in caught.value.rows[0].reason


def test_many_unknown_ids_stay_linear(tmp_path):
    n = 20_000
    lines = ["id;type;label_da;parent", f"{E};model", *(f"f{k};focus_area;Fokus {k};nope{k}" for k in range(n))]
    path = tmp_path / "unknown.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    assert time.perf_counter() - started < 60
    assert len(caught.value.rows) == n and all("is not the id of any row" in r.reason for r in caught.value.rows)


# merged cells (regression: a plan merged over three goals' rows belonged to the first goal alone)

MERGE_HEADER = ["id", "type", "label_da", "plan"]
GOALS = [["g1", "goal", "Flere borgere", "v"], ["g2", "goal", "Flere cykelstier"], ["g3", "goal", "Bedre skoler"]]


def merged_workbook(tmp_path: Path, rows: list[list], *merged: str, turtle: list[list] | None = None) -> Path:
    """A workbook openpyxl writes with ``merged`` ranges in its model sheet (and an rdf sheet of ``turtle``)."""
    book = Workbook()
    ws = book.active
    ws.title = "model"
    for row in rows:
        ws.append(row)
    for ref in merged:
        ws.merge_cells(ref)
    if turtle is not None:
        rdf = book.create_sheet("rdf")
        for row in turtle:
            rdf.append(row)
        rdf.merge_cells("A1:C1")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    return path


def _planned(quads: list[ox.Quad]) -> set[str]:
    return {
        q.object.value.removeprefix(E)
        for q in quads
        if (q.subject.value, q.predicate.value) == (E + "v", SA + "hasGoal")
    }


@pytest.mark.parametrize(
    ("rows", "merged", "planned"),
    [
        (GOALS, "D4:D6", {"g1", "g2", "g3"}),
        (GOALS, "D4:D5", {"g1", "g2"}),
        # an empty row inside the range stays empty: no row of a plan alone
        ([*GOALS[:2], [], GOALS[2]], "D4:D7", {"g1", "g2", "g3"}),
        # the value is the top-left cell's: the rows above the range keep their own
        ([GOALS[1], GOALS[0], GOALS[2]], "D5:D6", {"g1", "g3"}),
    ],
    ids=["three-rows", "two-of-three", "empty-row-inside", "from-the-second-row"],
)
def test_a_merged_value_counts_for_every_row_it_covers(tmp_path, rows, merged, planned):
    path = merged_workbook(tmp_path, [MERGE_HEADER, [E, "model"], ["v", "vision", "Vision"], *rows], merged)
    top, bottom = merged.split(":")
    # what openpyxl (like Excel) stores: the value in the top-left cell alone
    ws = load_workbook(path)["model"]
    assert ws[top].value == "v" and ws[bottom].value is None
    quads, _ = read_spreadsheet(path)
    assert _planned(quads) == planned
    result = invoke("convert", path, "--to", "nt")
    assert result.exit_code == 0, result.output
    assert {
        line.split()[2].strip("<>").removeprefix(E) for line in result.stdout.splitlines() if "hasGoal" in line
    } == planned


def test_a_merged_range_to_the_last_row_fills_the_rows_that_hold_values(tmp_path):
    # D4:D1048576 is 30 bytes of XML (openpyxl itself would write a million covered cells): the three
    # goals get the plan, and no million empty rows are made or walked
    path = merged_workbook(tmp_path, [MERGE_HEADER, [E, "model"], ["v", "vision", "Vision"], *GOALS], "D4:D6")
    path.write_bytes(rewrite(path.read_bytes(), {SHEET: in_sheet(b'ref="D4:D6"', b'ref="D4:D1048576"')}))
    started = time.perf_counter()
    quads, _ = read_spreadsheet(path)
    assert time.perf_counter() - started < 10
    assert _planned(quads) == {"g1", "g2", "g3"}


def test_a_merged_label_past_the_header_is_no_value_without_a_column(tmp_path):
    # a long label merged over C4:E4 of a sheet whose header ends at C: D and E name no column, and
    # the label is not taken for values in them (which would reject the row)
    rows = [MERGE_HEADER[:3], [E, "model"], ["v", "vision", "Vision"], GOALS[0][:3]]
    path = merged_workbook(tmp_path, rows, "C4:E4")
    quads, _ = read_spreadsheet(path)
    assert {q.object.value for q in quads if q.subject.value == E + "g1" and q.predicate.value == LABEL} == {
        "Flere borgere"
    }


def test_a_row_rejected_for_a_merged_value_names_the_merged_cells(tmp_path):
    rows = [MERGE_HEADER, [E, "model"], ["v", "vision", "Vision"], GOALS[0], [None, *GOALS[1][1:]]]
    path = merged_workbook(tmp_path, rows, "A4:A5")  # one id over two rows: defined twice
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    (row,) = caught.value.rows
    assert row.row == 5 and "'g1' is already defined" in row.reason and "cells A4:A5 are merged" in row.reason


def test_a_merged_turtle_line_is_read_once(tmp_path):
    line = f'<{E}g1> <http://www.w3.org/2000/01/rdf-schema#comment> "note" .'
    rows = [MERGE_HEADER, [E, "model"], ["v", "vision", "Vision"], GOALS[0]]
    path = merged_workbook(tmp_path, rows, turtle=[[line]])
    quads, _ = read_spreadsheet(path)
    assert [q.object.value for q in quads if q.predicate.value.endswith("#comment")] == ["note"]


def test_merged_cells_filling_past_the_bound_are_refused(tmp_path, monkeypatch):
    from ontology.loaders import spreadsheet

    monkeypatch.setattr(spreadsheet, "_MAX_MERGED_FILL", 2)
    path = merged_workbook(tmp_path, [MERGE_HEADER, [E, "model"], ["v", "vision", "Vision"], *GOALS], "D4:D6")
    refused(path, "sheet 'model'", "merged cells D4:D6", "more than 2 cells")


# -- dates, years and numbers out of range ---------------------------------------

OUT_OF_RANGE = [
    ("start", "31.02.2019", "not a valid date: '31.02.2019' (day is out of range for month)"),
    ("start", "2019-13-01", "not a valid date: '2019-13-01' (month must be in 1..12)"),
    ("start", "0000-01-01", "year 0 is out of range"),
    ("start", "12.31.2019", "month must be in 1..12"),
    ("end", "99999", "expected a date (2019-06-17) or a year (2019)"),
    ("target_value", "9" * 5000, "expected a number of at most 100 digits"),
    ("target_year", "9" * 5000, "expected a year"),
    ("baseline", "1e400", "expected a number"),
]


@pytest.mark.parametrize(
    ("column", "value", "message"), OUT_OF_RANGE, ids=[f"{c}-{v[:12]}" for c, v, _ in OUT_OF_RANGE]
)
def test_out_of_range_cells_name_row_and_column(tmp_path, monkeypatch, column, value, message):
    kind = {"start": "initiative", "end": "initiative", "baseline": "indicator"}.get(column, "goal")
    extra = ";ind" if column in ("target_value", "target_year") else ";"
    # A short, relative name: the line is capped at 300 characters with the file's name, and a
    # parallel worker's deep tmp path (…/popen-gw1/…) would cut the middle of the message checked here.
    monkeypatch.chdir(tmp_path)
    path = Path("plan.csv")
    path.write_text(
        f"id;type;label_da;{column};indicator\n{E};model\nind;indicator;Ind;;\nx;{kind};X;{value}{extra}\n",
        encoding="utf-8",
    )
    line = refused(path, "plan.csv:4: sheet 'plan', row 4:", f"'{column}'", message)
    assert len(line) < 400  # the 5,000 digits are not repeated


def test_a_long_path_is_cut_before_the_explanation(tmp_path):
    """Regression: under a 150-character folder the capped line cut the middle of the explanation
    ("expected a number o … most 100 digits"); now the path's middle goes first."""
    folder = tmp_path / ("d" * 150)
    folder.mkdir()
    path = folder / "plan.csv"
    path.write_text(
        f"id;type;label_da;target_value;indicator\n{E};model\nind;indicator;Ind;;\nx;goal;X;{'9' * 5000};ind\n",
        encoding="utf-8",
    )
    result = invoke("analyze", path)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"stratalign: error: {str(path)[:20]}") and "/plan.csv:4: sheet 'plan', row 4:" in line
    assert "'target_value': expected a number of at most 100 digits (--input-limit digits=N raises it)" in line
    assert line.endswith("… (5,000 characters)"), line
    assert len(line) <= 300 + 140 - 60, len(line)  # the path is cut to 140 characters, the explanation never


@pytest.mark.parametrize(
    ("serial", "style"),
    [(1e9, "yyyy-mm-dd"), (3e6, "yyyy-mm-dd"), (float("1e308"), "yyyy-mm-dd")],
    ids=["huge", "year-10000", "1e308"],
)
def test_xlsx_date_serial_out_of_range_is_rejected_naming_the_column(tmp_path, serial, style):
    book = Workbook()
    ws = book.active
    ws.title = "model"
    for row in [["id", "type", "label_da", "start"], [E, "model"], ["i", "initiative", "Indsats", serial]]:
        ws.append(row)
    ws["D3"].number_format = style
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = invoke("analyze", path)
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'model', row 3: 'start':" in result.stderr
        or "sheet 'model', row 3: a cell holds the spreadsheet error" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "inline",
    [
        b'<is><t>Vi</t><r><t>si</t></r><r><rPr><b val="1"/></rPr><t>on</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is>',
        b"<is><r><t>Vision</t></r></is>",
        b"<is><t></t><r><t>Vision</t></r><r/></is>",
    ],
    ids=["plain-and-runs", "runs-only", "empty-parts"],
)
def test_inline_rich_text_reads_as_openpyxl_reads_it(tmp_path, inline):
    data = rewrite(
        workbook(), {SHEET: in_sheet(_inline("C3", "Vision"), b'<c r="C3" t="inlineStr">' + inline + b"</c>")}
    )
    path = save(tmp_path, data)
    assert load_workbook(path)["model"]["C3"].value == "Vision"  # openpyxl's own reading (rich-text objects)
    quads, _ = read_spreadsheet(path)
    assert ox.Literal("Vision", language="da") in {q.object for q in quads if q.subject.value == E + "v"}


def test_a_formula_with_a_stored_value_reads_its_value(tmp_path):
    data = rewrite(
        workbook(), {SHEET: in_sheet(b'<c r="D3" t="n"><v>2020</v></c>', b'<c r="D3"><f>2019+1</f><v>2020</v></c>')}
    )
    quads, _ = read_spreadsheet(save(tmp_path, data))
    assert ("https://w3id.org/stratalign#start", "2020") in {(q.predicate.value, q.object.value) for q in quads}


def test_many_formulas_without_values_are_read_in_one_pass(tmp_path):
    """5,000 formula cells: each was looked up by parsing the sheet again (quadratic)."""
    rows = [
        ["id", "type", "label_da", "baseline"],
        [E, "model"],
        *([f"i{k}", "indicator", f"I{k}", "=1+1"] for k in range(5000)),
    ]
    path = save(tmp_path, workbook(rows))
    started = time.perf_counter()
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    assert time.perf_counter() - started < 60
    assert len(caught.value.rows) == 5000 and "formula =1+1 has no stored value" in caught.value.rows[0].reason


# -- CSV output: quoting, formulas, long fields ---------------------------------


def _goal(label: str, ident: str = "g") -> list[ox.Quad]:
    g = ox.NamedNode(E + ident)
    return [
        ox.Quad(g, ox.NamedNode(RDF_TYPE), ox.NamedNode(SA + "Goal")),
        ox.Quad(g, ox.NamedNode(LABEL), ox.Literal(label, language="da")),
    ]


def _labels_back(path: Path) -> set[str]:
    quads, _ = read_spreadsheet(path)
    return {q.object.value for q in quads if q.predicate.value == LABEL}


@pytest.mark.parametrize(
    "label",
    [
        "ok\r=cmd|' /C calc'!A0",
        "ok\n+SUM(A1)",
        "a;b",
        'sagt "ja"',
        "ok\r\n@x",
        "linje\n\t=1",
        "'=x",
        "x\n'-1",
        "-\n-",
        "=",
        "a\rb",
    ],
    ids=[
        "cr-formula",
        "lf-plus",
        "separator",
        "quote",
        "crlf-at",
        "tab-after-lf",
        "quoted-formula",
        "quote-after-lf",
        "dashes",
        "bare-equals",
        "bare-cr",
    ],
)
def test_csv_output_quotes_and_guards_every_line(tmp_path, label):
    text = write_csv(_goal(label), base=E)
    record = next(
        r
        for r in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";", strict=True)
        if r[:2] == ["g", "goal"]
    )
    cell = record[2]
    assert unescape_text(cell) == label
    for line in re.split(r"[\r\n]", cell):
        assert not re.match(r"[=+\-@\t\r]", line), f"{line!r} starts a formula"
    raw = text.split("g;goal;", 1)[1]
    if any(c in label for c in '\r\n;"'):
        assert raw.startswith('"'), raw[:40]  # the field is quoted
    path = tmp_path / "m.csv"
    path.write_bytes(text.encode("utf-8"))
    assert _labels_back(path) == {label}


def test_a_bare_cr_in_a_csv_field_is_quoted_for_a_strict_third_party_reader():
    text = write_csv(_goal("før\refter"), base=E)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";", strict=True))
    assert [r[2] for r in rows if r[:2] == ["g", "goal"]] == ["før\refter"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_fields_over_131072_characters_read_back(run, tmp_path, fmt):
    label = "lang " * 40_000  # 200,000 characters: past the csv module's own bound
    source = tmp_path / "m.nt"
    source.write_text(
        f'<{E}g> <{RDF_TYPE}> <{SA}Goal> .\n<{E}g> <{LABEL}> "{label.strip()}"@da .\n'
        f'<{E}g> <{E}note> "{"n" * 300_000}" .\n',
        encoding="utf-8",
    )
    out = tmp_path / f"m.{fmt}"
    assert run("convert", source, "--to", fmt, "-o", out).exit_code == 0
    back = run("convert", out, "--to", "nt")
    assert back.exit_code == 0, back.stderr
    assert isomorphic(rdflib.Graph().parse(source), rdflib.Graph().parse(data=back.stdout, format="nt"))


def test_a_value_over_the_cell_bound_is_refused_by_the_writer(run, tmp_path, monkeypatch):
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "1000")
    source = tmp_path / "m.nt"
    source.write_text(f'<{E}g> <{RDF_TYPE}> <{SA}Goal> .\n<{E}g> <{LABEL}> "{"x" * 1500}"@da .\n', encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        result = run("convert", source, "--to", fmt, "-o", tmp_path / f"m.{fmt}")
        assert result.exit_code == 2
        assert "a value of 1,500 characters" in result.stderr and "bound of 1,000" in result.stderr
        assert not (tmp_path / f"m.{fmt}").exists()


def test_long_turtle_is_split_over_rdf_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "2000")
    quads = _goal("Mål") + [
        ox.Quad(ox.NamedNode(E + f"x{k}"), ox.NamedNode(E + "p"), ox.Literal(f"værdi {k} " * 20)) for k in range(200)
    ]
    text = write_csv(quads, base=E)
    rdf_rows = [
        r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";") if r[1:2] == ["rdf"]
    ]
    assert len(rdf_rows) > 5 and all(len(r[-1]) <= 2000 for r in rdf_rows)
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    back, _ = read_spreadsheet(path)
    assert set(back) == set(quads)


def _written_and_read(tmp_path, fmt: str, quads: list) -> list:
    """The quads written by the project's CSV or XLSX writer, then read back by its reader."""
    path = tmp_path / f"m.{fmt}"
    if fmt == "csv":
        path.write_text(write_csv(quads, base=E), encoding="utf-8")
    else:
        path.write_bytes(write_xlsx(quads, base=E))
    return read_spreadsheet(path)[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_control_characters_in_labels_round_trip(tmp_path, fmt):
    quads = _goal("nul\x00 bel\x07 esc\x1b[31m")
    assert set(_written_and_read(tmp_path, fmt, quads)) == set(quads)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("text", ["\x85", "a\u2028b", "\u2029"], ids=["nel", "line-separator", "paragraph-separator"])
def test_turtle_with_unicode_line_breaks_round_trips(tmp_path, fmt, text):
    """Found by the round trip: the Turtle was cut with str.splitlines(), which also cuts at U+0085 and U+2028 inside a literal."""
    quads = [
        ox.Quad(ox.NamedNode(E + "x"), ox.NamedNode(LABEL), ox.Literal(text, language="da"))
    ]  # no type: all Turtle
    assert set(_written_and_read(tmp_path, fmt, quads)) == set(quads)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("command", ["analyze", "validate", "convert"])
@pytest.mark.parametrize(
    ("turtle", "message"),
    [
        (f"<{E}a> <{E}b> <<( <{E}c> <{E}d> <{E}e> )>> .", "an RDF-star triple term"),
        (f'<{E}a> <{E}b> "{"9" * 5000}"^^<http://www.w3.org/2001/XMLSchema#integer> .', "a number with 5000 digits"),
    ],
    ids=["rdf-star", "5000-digits"],
)
def test_what_a_turtle_file_may_not_hold_the_rdf_sheet_may_not_either(tmp_path, fmt, command, turtle, message):
    """A quoted triple (exit 3 in validate and convert before) or a 5,000-digit number (exit 3 in validate)
    in the Turtle of an rdf row or sheet: refused as in a Turtle file (ontology.loaders.rdf.outside_model)."""
    if fmt == "csv":
        path = tmp_path / "plan.csv"
        path.write_text(f"id;type;label_da;rdf\n{E};model\n;rdf;;{turtle}\n", encoding="utf-8")
    else:
        book = Workbook()
        book.active.title = "model"
        for row in [["id", "type", "label_da"], [E, "model"]]:
            book.active.append(row)
        book.create_sheet("rdf").append([turtle])
        path = tmp_path / "plan.xlsx"
        book.save(path)
    args = ["--to", "csv"] if command == "convert" else []
    result = invoke(command, path, *args)
    assert result.exit_code == 2, result.output[-400:]
    (line,) = result.stderr.strip().splitlines()
    where = f"{path}: the rdf rows: " if fmt == "csv" else f"{path}:1: sheet 'rdf': "
    assert line.startswith(f"stratalign: error: {where}{message}"), line


# -- the kept cases ------------------------------------------------------------

KEPT = sorted(p for p in BAD.iterdir() if p.suffix == ".xlsx" or p.name.startswith("sheet-"))


@pytest.mark.parametrize("path", KEPT, ids=[p.name for p in KEPT])
@pytest.mark.parametrize("command", ["analyze", "validate"])
def test_kept_cases_are_refused(path, command):
    result = invoke(command, path)
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output[-600:]}"
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith(f"stratalign: error: {path}")


def test_the_kept_cases_are_there():
    assert len([p for p in KEPT if p.suffix == ".xlsx"]) >= 10


# -- fuzzing: generated CSV and XLSX through the CLI ------------------------------------

_CELL_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "v",
            "g",
            "s",
            "goal",
            "vision",
            "strategy",
            "mål",
            "indsats",
            "target",
            "model",
            "rdf",
            E,
            "https://x.org/",
            "=1+1",
            "+A1",
            "-2",
            "@SUM(A1)",
            "'=x",
            "2019-06-17",
            "31.02.2019",
            "2019-13-01",
            "0000-01-01",
            "120.000",
            "23,9",
            "1e400",
            "NaN",
            "inf",
            "9" * 400,
            "ongoing",
            "måske",
            "increase",
            '"',
            '""',
            ";",
            "\n",
            "\r",
            "a\rb",
            "v;g",
            "#N/A",
            "\x00",
            "\x1b[31m",
            "æøå",
            "<",
            "&amp;",
            "]]>",
            "<a> <b> <<( <a> <b> <c> )>> .",
            "<x> <y> 1 .",
        ]
    ),
    st.text(max_size=12),
)
_CELL = st.one_of(
    _CELL_TEXT,
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
    st.booleans(),
    st.none(),
)
_HEADER = st.lists(
    st.one_of(st.sampled_from([*COLUMN_ORDER, "rdf", "# note", "", "label_de", "unknown"]), st.text(max_size=6)),
    min_size=1,
    max_size=8,
)


@st.composite
def sheet_rows(draw) -> list[list]:
    header = draw(_HEADER)
    if draw(st.booleans()):
        header = ["id", "type", "label_da", *header]
    rows = [header]
    if draw(st.booleans()):
        rows.append([draw(st.sampled_from([E, "https://e.org/q/", "nope"])), "model"])
    rows += draw(st.lists(st.lists(_CELL, max_size=len(header) + 2), max_size=8))
    return rows


def _csv_text(rows: list[list], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(
        [["" if c is None else str(c) for c in r] for r in rows]
    )
    return out.getvalue()


@st.composite
def csv_files(draw) -> bytes:
    text = _csv_text(draw(sheet_rows()), draw(st.sampled_from([";", ",", "\t"])))
    data = text.encode("utf-8")
    mutation = draw(st.sampled_from(["none", "none", "cut", "flip", "quote", "bom", "latin1", "splice"]))
    if mutation == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif mutation == "quote" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b'"' + data[at:]
    elif mutation == "bom":
        data = b"\xef\xbb\xbf" + data
    elif mutation == "latin1":
        data = text.encode("latin-1", "replace")
    elif mutation == "splice" and data:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    return data


_XML_MUTATIONS = [
    "none",
    "doctype",
    "xxe",
    "truncate",
    "flip",
    "cell-type",
    "cell-ref",
    "row-ref",
    "dimension",
    "style-attr",
    "style-value",
    "formula",
    "strings",
    "core",
    "drop-part",
    "declare-size",
    "bomb",
]


def _at(draw, most: int) -> int:
    """A position in 0 … most, drawn as a fraction: the workbook's bytes (time stamps) vary from run to run."""
    return min(most, int(draw(st.floats(0, 1)) * (most + 1)))


@st.composite
def xlsx_files(draw) -> bytes:
    rows = draw(sheet_rows())
    book = Workbook()
    ws = book.active
    ws.title = draw(st.sampled_from(["model", "Mål", "rdf", "eksempel", "x" * 31]))
    for row in rows:
        ws.append(
            [c if not isinstance(c, str) or not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c) else "ctl" for c in row]
        )
    if draw(st.booleans()):
        second = book.create_sheet("rdf" if ws.title != "rdf" else "more")
        second.append(
            [
                draw(
                    st.sampled_from(
                        [
                            "<a> <b> <c> .",
                            "@prefix x: <y> .",
                            "bad turtle",
                            '"lit"',
                            "",
                            "<a> <b> <<( <a> <b> <c> )>> .",
                            "<< <a> <b> <c> >> <b> <c> .",
                        ]
                    )
                )
            ]
        )
    if draw(st.booleans()):
        ws["A1"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    mutation = draw(st.sampled_from(_XML_MUTATIONS))
    part = draw(st.sampled_from(sorted(names)))
    if mutation == "none":
        return data
    if mutation == "declare-size":
        return declare_size(data, part, draw(st.integers(0, 2**32 - 1)))
    if mutation == "bomb":
        return rewrite(data, {}, add={"xl/media/b.bin": b"\0" * draw(st.integers(1 << 20, 8 << 20))})
    if mutation == "flip":
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            raw[_at(draw, len(raw) - 1)] ^= draw(st.integers(1, 255))
        return bytes(raw)
    if mutation == "truncate":
        if draw(st.booleans()):
            return data[: _at(draw, len(data))]
        cut = draw(st.floats(0, 1))
        return rewrite(data, {part: lambda b: b[: int(cut * len(b))]})
    if mutation == "drop-part":
        return rewrite(data, {part: b""})

    def sub(pattern: bytes, repl: bytes):
        return lambda b: re.sub(pattern, repl, b, count=draw(st.integers(0, 3)))

    value = draw(
        st.sampled_from(
            [
                b"",
                b"x",
                b"-1",
                b"1e400",
                b"9" * 5000,
                b"2019-02-30",
                b"99999-01-01",
                b"0",
                b"65536",
                b"A0",
                b"&amp;",
                b"1.5",
            ]
        )
    )
    change = {
        "doctype": {part: lambda b: BILLION_LAUGHS + b},
        "xxe": {part: lambda b: XXE + b},
        "cell-type": {
            SHEET: sub(
                rb't="[a-zA-Z]*"',
                b't="' + draw(st.sampled_from([b"s", b"d", b"b", b"e", b"n", b"str", b"inlineStr", b"q"])) + b'"',
            )
        },
        "cell-ref": {
            SHEET: sub(
                rb'<c r="[A-Z]+[0-9]+"',
                b'<c r="' + draw(st.sampled_from([b"ZZZZ1", b"A0", b"XFD1048577", b"1A", b"", b"A99999999"])) + b'"',
            )
        },
        "row-ref": {SHEET: sub(rb'<row r="[0-9]+"', b'<row r="' + value + b'"')},
        "dimension": {
            SHEET: sub(
                rb'<dimension ref="[^"]*"',
                b'<dimension ref="' + draw(st.sampled_from([b"A1", b"A1:B2", b"ZZZZ9", b""])) + b'"',
            )
        },
        "style-attr": {
            "xl/styles.xml": sub(
                rb"<(color|font|fill|numFmt|xf|sz) ",
                rb"<\1 " + draw(st.sampled_from([b'foo="1" ', b'rgb="zz" ', b'theme="x" ', b'numFmtId="x" '])),
            )
        },
        "style-value": {
            "xl/styles.xml": sub(rb'(val|count|numFmtId|fontId|theme)="[^"]*"', rb'\g<1>="' + value + b'"')
        },
        "formula": {
            SHEET: sub(
                rb"<v>[^<]*</v>",
                b"<f>"
                + draw(st.sampled_from([b"1+1", b"A1", b"", b"=x"]))
                + b"</f>"
                + draw(st.sampled_from([b"", b"<v>" + value + b"</v>"])),
            )
        },
        "strings": {
            SHEET: sub(
                rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>[^<]*</t></is></c>',
                rb'<c r="\1" t="s"><v>' + value + b"</v></c>",
            )
        },
        "core": {"docProps/core.xml": sub(rb"(<dcterms:[a-z]+[^>]*>)[^<]*", rb"\g<1>" + value)},
    }[mutation]
    try:
        return rewrite(data, change)
    except (AssertionError, KeyError):
        return data


def _check_invariant(path: Path, command: str) -> int:
    result = invoke(command, path, *(["--format", "json"] if command == "analyze" else []))
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code} on {path.name}: {result.stderr[-800:]}"
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("stratalign: skipped:")]
        assert lines, result.stderr
        assert all(line.startswith(f"stratalign: error: {path}") or line.startswith(f"{path}:") for line in lines), (
            result.stderr[-800:]
        )
        if "rejected rows below" not in lines[0]:
            assert len(lines) == 1, result.stderr[-800:]
    return result.exit_code


def _fuzz(data: bytes, suffix: str, command: str) -> None:
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="fuzz-")
    path = Path(name)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    try:
        _check_invariant(path, command)
    except AssertionError:
        kept = (
            BAD / f"sheet-fuzz-{abs(hash(data)) % 10**8}{suffix}"
            if suffix == ".csv"
            else BAD / f"fuzz-{abs(hash(data)) % 10**8}{suffix}"
        )
        if os.environ.get("STRATALIGN_KEEP_FUZZ"):  # a long run keeps what it finds as a regression file
            kept.write_bytes(data)
        raise
    finally:
        path.unlink()


@FUZZ
@given(data=csv_files(), command=st.sampled_from(["analyze", "validate"]))
def test_fuzz_csv_never_exit_3(data, command):
    _fuzz(data, ".csv", command)


@FUZZ
@given(data=xlsx_files(), command=st.sampled_from(["analyze", "validate"]))
def test_fuzz_xlsx_never_exit_3(data, command):
    _fuzz(data, ".xlsx", command)


# -- round trip over RDF graphs -----------------------------------------------

_KINDS = ["Vision", "Strategy", "Goal", "FocusArea", "Initiative", "Indicator", "Actor", "Theme", "Target"]
_PREDICATES = [
    LABEL,
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/terms/source",
    "http://purl.org/dc/terms/title",
    SA + "contributesTo",
    SA + "realizes",
    SA + "hasGoal",
    SA + "hasInitiative",
    SA + "owner",
    SA + "stakeholder",
    SA + "baseline",
    SA + "baselineYear",
    SA + "start",
    SA + "end",
    SA + "status",
    SA + "unit",
    SA + "hasTarget",
    SA + "indicator",
    SA + "targetValue",
    SA + "targetYear",
    SA + "direction",
    SA + "measuredBy",
    SA + "hasTheme",
    E + "other",
]
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@st.composite
def graphs(draw) -> list[ox.Quad]:
    n = draw(st.integers(1, 6))
    elements = [
        ox.NamedNode(E + draw(st.sampled_from(["", "g/", "a b", "=x", "x:y/"])).replace(" ", "") + f"e{i}")
        for i in range(n)
    ]
    blanks = [ox.BlankNode(f"b{i}") for i in range(draw(st.integers(0, 3)))]
    targets = [
        ox.NamedNode(f"{elements[0].value}/target/{i}") for i in (1, 2)
    ]  # the ids the reader gives a goal's targets
    nodes = elements + blanks + draw(st.lists(st.sampled_from([ox.NamedNode(E), *targets]), max_size=2, unique=True))
    literal = st.one_of(
        st.builds(lambda t, lang: ox.Literal(t, language=lang), _TEXT, st.sampled_from(["da", "en", "de", "da-dk"])),
        st.builds(ox.Literal, _TEXT),
        st.builds(
            lambda v: ox.Literal(str(v), datatype=ox.NamedNode(_XSD + "integer")), st.integers(-(10**20), 10**20)
        ),
        st.builds(
            lambda v: ox.Literal(v, datatype=ox.NamedNode(_XSD + "decimal")),
            st.sampled_from(["1.5", "0.10", "-3.0", "1", "007.0"]),
        ),
        st.builds(
            lambda v: ox.Literal(v, datatype=ox.NamedNode(_XSD + "gYear")),
            st.sampled_from(["2020", "0999", "12020", "-0044"]),
        ),
        st.builds(
            lambda v: ox.Literal(v, datatype=ox.NamedNode(_XSD + "date")),
            st.sampled_from(["2019-06-17", "2019-02-28", "0001-01-01"]),
        ),
        st.builds(lambda v: ox.Literal(v, datatype=ox.NamedNode(_XSD + "boolean")), st.sampled_from(["true", "0"])),
        st.builds(lambda v: ox.NamedNode(SA + v), st.sampled_from(["Ongoing", "Increase", "Completed", "Nope"])),
    )
    quads = []
    for node in nodes:
        for kind in draw(st.lists(st.sampled_from(_KINDS), max_size=2)):
            quads.append(ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SA + kind)))
        for _ in range(draw(st.integers(0, 5))):
            predicate = ox.NamedNode(draw(st.sampled_from(_PREDICATES)))
            obj = draw(st.one_of(st.sampled_from(nodes), literal))
            quads.append(ox.Quad(node, predicate, obj))
    return quads


def _graph(quads) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")


@FUZZ
@given(quads=graphs(), fmt=st.sampled_from(["csv", "xlsx"]))
def test_round_trip_of_any_graph_is_isomorphic(quads, fmt):
    """What the loaders make of a graph (the store writes numbers canonically: 0.10 is 0.1) comes back from a spreadsheet."""
    assume(quads)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.nt"
        source.write_bytes(
            ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        )
        loaded = invoke("convert", source, "--to", "nt")
        assert loaded.exit_code == 0, loaded.stderr
        out = Path(folder) / f"out.{fmt}"
        written = invoke("convert", source, "--to", fmt, "-o", out)
        assert written.exit_code == 0, written.stderr
        back = invoke("convert", out, "--to", "nt")
        assert back.exit_code == 0, back.stderr
        expected = rdflib.Graph().parse(data=loaded.stdout, format="nt")
        assert isomorphic(expected, rdflib.Graph().parse(data=back.stdout, format="nt")), back.stdout


_NAMED_CASES = {
    "no-label": f'<{E}g> a <{SA}Goal> ; <{SA}contributesTo> <{E}h> .\n<{E}h> a <{SA}Goal> ; <{LABEL}> "H"@da .',
    "two-labels-in-one-language": f'<{E}g> a <{SA}Goal> ; <{LABEL}> "Et"@da , "To"@da , "One"@en .',
    "blank-node-element": f'_:b a <{SA}Goal> ; <{LABEL}> "Blank"@da ; <{SA}contributesTo> <{E}h> .\n<{E}h> a <{SA}Goal> ; <{LABEL}> "H"@da .',
    "blank-node-values": f'<{E}g> a <{SA}Goal> ; <{LABEL}> "G"@da ; <{SA}hasTarget> [ a <{SA}Target> ; <{SA}targetValue> 3 ] .',
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(_NAMED_CASES))
def test_round_trip_of_the_named_cases(tmp_path, run, name, fmt):
    source = tmp_path / "in.ttl"
    source.write_text(_NAMED_CASES[name] + "\n", encoding="utf-8")
    loaded = run("convert", source, "--to", "nt")
    out = tmp_path / f"out.{fmt}"
    assert run("convert", source, "--to", fmt, "-o", out).exit_code == 0
    back = run("convert", out, "--to", "nt")
    assert back.exit_code == 0, back.stderr
    assert isomorphic(
        rdflib.Graph().parse(data=loaded.stdout, format="nt"), rdflib.Graph().parse(data=back.stdout, format="nt")
    )


def test_the_round_trip_check_can_fail():
    a = _graph(_goal("Mål"))
    b = _graph(_goal("Maal"))
    assert not isomorphic(a, b)


def test_bounds_are_documented():
    doc = (Path(__file__).parent.parent / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    for variable in ("STRATALIGN_MAX_CELL_CHARS", "STRATALIGN_MAX_XLSX_INFLATED", "STRATALIGN_MAX_XLSX_RATIO"):
        assert variable in doc
    assert f"{MAX_CELL_CHARS:,}" in doc
