"""Influences in spreadsheets: the cross-impact matrix sheet of a workbook (first column the influencing
element, header row the influenced goals, cells -3..+3) and influence rows in CSV; every bad cell is exit 2
naming the sheet, the row and the column; the writers give the matrix back (round trip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rdflib
from openpyxl import Workbook, load_workbook
from rdflib.compare import isomorphic

from alignment import influence_edges
from ontology.loaders import load_model

SMALL = Path(__file__).parent / "data" / "influence" / "small.yaml"
BASE = "https://example.org/influence/"
MODEL_ROWS = [
    ["id", "type", "label_en", "contributes_to", "hinders"],
    [BASE, "model"],
    ["g1", "goal", "More residents"],
    ["g2", "goal", "Less CO2"],
    ["i1", "initiative", "Cycle paths", "g2"],
    ["i2", "initiative", "New motorway", "g2", "g1"],
    ["x1", "indicator", "Population"],
]
# The matrix of small.yaml: g1 scores g2 at -2; i1 scores g1 at 0 (recorded) and g2 at +2; g1 -> g1 blank.
MATRIX = [["influencer", "g1", "g2"], ["g1", None, -2], ["i1", 0, 2]]


def workbook(path: Path, matrix: list[list[Any]], *, sheet: str = "influences") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "model"
    for row in MODEL_ROWS:
        ws.append(row)
    m = book.create_sheet(sheet)
    for row in matrix:
        m.append(row)
    book.save(path)
    return path


def edges(path: Path) -> list[tuple[str, str, int, str]]:
    return [
        (e.influencer.rsplit("/", 1)[1], e.influenced.rsplit("/", 1)[1], e.strength, e.source)
        for e in influence_edges(load_model([path]).store)
    ]


def nt(run, path: Path) -> rdflib.Graph:
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 0, result.stderr
    return rdflib.Graph().parse(data=result.stdout, format="nt")


EXPECTED = [
    ("g1", "g2", -2, "influence"),
    ("i1", "g1", 0, "influence"),
    ("i1", "g2", 2, "influence"),
    ("i2", "g1", -2, "hinders"),
    ("i2", "g2", 1, "contributesTo"),
]


@pytest.mark.parametrize("sheet", ["influences", "påvirkninger", "Påvirkninger "], ids=["english", "danish", "spaced"])
def test_the_matrix_sheet_gives_the_influences(tmp_path: Path, sheet: str) -> None:
    assert edges(workbook(tmp_path / "m.xlsx", MATRIX, sheet=sheet)) == EXPECTED


def test_the_matrix_gives_what_the_yaml_gives_but_the_reasons(run, tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", MATRIX)
    assert edges(path) == edges(SMALL)
    g = nt(run, path)
    assert len(list(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/stratalign#Influence")))) == 3


def test_comment_columns_and_rows_are_not_read(tmp_path: Path) -> None:
    matrix = [
        ["influencer", "#label", "g1", "g2"],
        ["g1", "More residents", None, -2],
        ["#note", "", 3, 3],
        ["i1", "Cycle paths", 0, 2],
    ]
    assert edges(workbook(tmp_path / "m.xlsx", matrix)) == EXPECTED


def test_numbers_as_text_and_whole_floats_are_read(tmp_path: Path) -> None:
    matrix = [["influencer", "g1", "g2"], ["g1", None, "-2"], ["i1", 0.0, "+2"]]
    assert edges(workbook(tmp_path / "m.xlsx", matrix)) == EXPECTED


# (matrix change, sheet row, column letter, what the message says)
BAD_CELLS: dict[str, tuple[list[list[Any]], int, str, str]] = {
    "above-3": (
        [["influencer", "g1", "g2"], ["g1", None, 4]],
        2,
        "C",
        "expected a strength, a whole number from -3 (cancelling) to +3 (indivisible)",
    ),
    "below-minus-3": ([["influencer", "g1", "g2"], ["g1", None, -4]], 2, "C", "got -4"),
    "fraction": ([["influencer", "g1", "g2"], ["g1", 1.5, None]], 2, "B", "got 1.5"),
    "text": ([["influencer", "g1", "g2"], ["g1", None, "x"]], 2, "C", "got 'x'"),
    "boolean": ([["influencer", "g1", "g2"], ["g1", True, None]], 2, "B", "got 'TRUE'"),
    "unknown-goal-in-header": ([["influencer", "g9"], ["g1", 1]], 1, "B", "'g9' is not the id of any row"),
    "header-not-a-goal": ([["influencer", "i2"], ["g1", 1]], 1, "B", "'i2' is an initiative"),
    "header-twice": ([["influencer", "g2", "g2"], ["g1", 1, 2]], 1, "C", "heads two columns (column B and here)"),
    "unknown-influencer": ([["influencer", "g2"], ["i9", 1]], 2, "A", "'i9' is not the id of any row"),
    "influencer-an-indicator": ([["influencer", "g2"], ["x1", 1]], 2, "A", "'x1' is an indicator"),
    "no-influencer": ([["influencer", "g2"], [None, 1]], 2, "A", "no id of the influencing goal"),
    "no-header": ([["influencer", "g2"], ["g1", 1, 2]], 2, "C", "the header row names no goal above it"),
    "scored-twice": ([["influencer", "g2"], ["g1", 1], ["g1", 2]], 3, "B", "this influence is scored already"),
    # regression: the diagonal was taken, though YAML refuses an element's influence on itself
    "on-itself": ([["influencer", "g1", "g2"], ["g1", 1, None]], 2, "B", "influence on itself is no influence"),
}


@pytest.mark.parametrize("case", sorted(BAD_CELLS), ids=sorted(BAD_CELLS))
def test_a_bad_matrix_cell_is_exit_2_naming_sheet_row_and_column(run, tmp_path: Path, case: str) -> None:
    matrix, row, column, message = BAD_CELLS[case]
    path = workbook(tmp_path / "bad.xlsx", matrix, sheet="påvirkninger")
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    first = result.stderr.strip().splitlines()[0]
    assert "Traceback" not in result.output
    assert f"sheet 'påvirkninger', row {row}: " in first and f"column {column}" in first and message in first, first


def test_skip_bad_rows_reads_the_good_cells_of_the_matrix(run, tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", [["influencer", "g1", "g2"], ["g1", None, 9], ["i1", 0, 2]])
    result = run("convert", path, "--skip-bad-rows", "--to", "nt")
    assert result.exit_code == 0
    assert "row 2: column C ('g2'): expected a strength" in result.stderr
    assert "/i1/influence/g2>" in result.stdout and "/g1/influence/g2>" not in result.stdout


def csv_file(path: Path, *rows: str) -> Path:
    head = "id;type;label_en;contributes_to;hinders;influencer;influenced;strength;description_da\n"
    body = f"{BASE};model\ng1;goal;More residents\ng2;goal;Less CO2\ni1;initiative;Cycle paths;g2\ni2;initiative;New motorway;g2;g1\n"
    path.write_text(head + body + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_csv_influence_rows_give_the_same_influences(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "m.csv",
        ";influence;;;;g1;g2;-2;Flere borgere giver mere trafik",
        ";påvirkning;;;;i1;g1;0",
        ";influence;;;;i1;g2;+2",
    )
    assert edges(path) == EXPECTED
    assert influence_edges(load_model([path]).store)[0].why == "Flere borgere giver mere trafik"


BAD_ROWS = {
    "strength-out-of-range": (";influence;;;;g1;g2;5", "'strength': expected a strength"),
    "strength-fraction": (";influence;;;;g1;g2;1,5", "got '1,5'"),
    "no-strength": (";influence;;;;g1;g2;", "an influence needs 'strength'"),
    "unknown-goal": (";influence;;;;g1;g7;1", "'influenced': 'g7' is not the id of any row"),
    "influenced-not-a-goal": (";influence;;;;g1;i1;1", "'influenced': 'i1' is an initiative"),
    "two-goals": (';influence;;;;g1;"g1\ng2";1', "'influenced': one id"),
    "an-id": ("x;influence;;;;g1;g2;1", "column 'id' does not apply to an influence"),
    # regressions: taken from a spreadsheet, though YAML refuses both
    "on-itself": (";influence;;;;g1;g1;1", "influence on itself is no influence"),
    "hinders-itself": ("g3;goal;Goal three;;g3", "'hinders': an element cannot name itself here"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS), ids=sorted(BAD_ROWS))
def test_a_bad_csv_influence_row_is_exit_2_naming_the_row(run, tmp_path: Path, case: str) -> None:
    line, message = BAD_ROWS[case]
    result = run("validate", csv_file(tmp_path / "bad.csv", line))
    assert result.exit_code == 2, result.output
    first = result.stderr.strip().splitlines()[0]
    assert "bad.csv:7: sheet 'bad', row 7:" in first and message in first, first


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_writers_give_the_influences_back(run, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"back.{fmt}"
    assert run("convert", SMALL, "--to", fmt, "-o", out).exit_code == 0
    assert isomorphic(nt(run, SMALL), nt(run, out))
    assert edges(out) == EXPECTED
    if fmt == "xlsx":
        book = load_workbook(out)
        assert "rdf" not in book.sheetnames
        # the two influences with only a strength are the matrix; the one with a reason is a row
        assert [[c.value for c in r] for r in book["influences"].iter_rows()] == [
            ["influencer", "g1", "g2"],
            ["i1", 0, 2],
        ]
        model = [[c.value for c in r] for r in book["model"].iter_rows()]
        assert sum(1 for r in model if r[1] == "influence") == 1
    else:
        assert out.read_text(encoding="utf-8-sig").count(";influence;") == 3


def test_a_matrix_written_and_read_again_is_the_same(run, tmp_path: Path) -> None:
    source = workbook(tmp_path / "m.xlsx", MATRIX)
    out = tmp_path / "back.xlsx"
    assert run("convert", source, "--to", "xlsx", "-o", out).exit_code == 0
    assert isomorphic(nt(run, source), nt(run, out))
    assert [[c.value for c in r] for r in load_workbook(out)["influences"].iter_rows()] == MATRIX
