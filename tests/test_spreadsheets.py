"""CSV and XLSX import and export (docs/spreadsheets.md): rows, rejections with sheet and row, the template, round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from openpyxl import Workbook, load_workbook
from rdflib.compare import isomorphic

from alignment.analyze import analyze
from alignment.config import Config
from ontology.errors import InputError
from ontology.examples import example_names, example_path
from ontology.loaders import load_model
from ontology.loaders.spreadsheet import RejectedRow, RejectedRowsError, read_spreadsheet
from ontology.loaders.spreadsheet_schema import COLUMN_ORDER
from ontology.loaders.spreadsheet_template import TEMPLATE_COLUMNS, write_template_xlsx
from ontology.loaders.spreadsheet_writer import write_csv, write_xlsx
from ontology.model import Model
from ontology.store import OxigraphStore

SA = "https://w3id.org/stratalign#"
XSD = "http://www.w3.org/2001/XMLSchema#"
E = "https://e.org/plan/"


def ask(model, where: str) -> bool:
    prefixes = f"PREFIX sa: <{SA}> PREFIX xsd: <{XSD}> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    return model.store.query(f"{prefixes} ASK {{ {where} }}").value


def _graph(model) -> rdflib.Graph:
    return rdflib.Graph().parse(data=model.store.dump_ntriples(), format="nt")


def _xlsx(path, sheets: dict[str, list[list]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)


# -- reading -------------------------------------------------------------------


def test_semicolon_csv_with_danish_numbers_dates_and_type_words(data):
    model = load_model([data / "spreadsheets/good-semicolon.csv"])
    assert ask(model, f'<{E}> dcterms:title "Lille plan"@da')
    assert ask(model, f"<{E}vaekst> sa:realizes <{E}vision>")  # parent of a strategy
    assert ask(model, f"<{E}vision> sa:hasGoal <{E}job>")
    assert ask(model, f"<{E}vaekst> sa:hasInitiative <{E}projekt> . <{E}projekt> sa:contributesTo <{E}job>")
    assert ask(
        model,
        f'<{E}andel> sa:baseline "23.9"^^xsd:decimal ; sa:actualValue "25.5"^^xsd:decimal ; sa:actualYear "2024"^^xsd:gYear',
    )
    assert ask(model, f'<{E}projekt> sa:start "2019-06-17"^^xsd:date ; sa:status sa:Ongoing')
    assert ask(
        model, f"<{E}job> sa:hasTarget ?t . ?t sa:indicator <{E}andel> ; sa:targetValue 30 ; sa:direction sa:Increase"
    )
    assert ask(model, f"<{E}byraad> a <http://www.w3.org/ns/org#Organization>")
    # the '# note' column is a comment: its text is nowhere in the graph
    assert "ignored comment" not in model.store.dump_ntriples().decode("utf-8")


def test_comma_csv_with_quoted_cells(data):
    model = load_model([data / "spreadsheets/good-comma.csv"])
    assert ask(model, f'<{E}g> rdfs:label "Mål, med komma"@da')
    assert ask(model, f"<{E}g/target/1> sa:targetValue 120000")
    assert ask(model, f"<{E}i> sa:status sa:Completed")


def test_xlsx_with_typed_cells_and_several_sheets(tmp_path):
    path = tmp_path / "plan.xlsx"
    header = [
        "id",
        "type",
        "label_da",
        "plan",
        "parent",
        "start",
        "baseline",
        "indicator",
        "target_value",
        "target_year",
    ]
    _xlsx(
        path,
        {
            "planer": [
                header,
                ["https://e.org/plan/", "model"],
                ["s", "strategy", "Strategi"],
                ["ind", "indicator", "Andel", None, None, None, 23.9],
            ],
            "mål": [
                header,
                ["g", "goal", "Mål", "s", None, None, None, "ind", 26, 2025],
                ["i", "initiative", "Indsats", "s", "g", dt.datetime(2019, 6, 17)],
            ],
            "eksempel": [header, ["zzz", "goal", "Eksempel, ikke med"]],
        },
    )
    model = load_model([path])
    assert ask(model, f'<{E}ind> sa:baseline "23.9"^^xsd:decimal')
    assert ask(model, f'<{E}g/target/1> sa:targetValue 26 ; sa:targetYear "2025"^^xsd:gYear')
    assert ask(model, f'<{E}i> sa:start "2019-06-17"^^xsd:date ; sa:contributesTo <{E}g>')
    assert not ask(model, f"<{E}zzz> ?p ?o")  # the example sheet is not read


# -- rejected rows -------------------------------------------------------------

BAD_ROWS = [
    (5, "no id"),
    (6, "unknown type 'målsæt'"),
    (7, "id 's' is already defined in sheet 'bad-rows', row 3"),
    (8, "needs a label"),
    (9, "'target_value': expected a number, got 'mange'"),
    (10, "'120.000' is ambiguous: write 120000"),
    (11, "'target_year': expected a year"),
    (
        12,
        "'status': 'måske' is not one of planned, ongoing, completed, cancelled (in Danish: planlagt, igangværende, afsluttet, annulleret)",
    ),
    (13, "'direction': 'sidelæns' is not one of"),
    (14, "'plan': 'nope' is not the id of any row"),
    (15, "'owner': 'x9b' is a goal (sheet 'bad-rows', row 16), but an actor is expected"),
    (17, "column 'status' does not apply to a goal"),
    (18, "a target row needs its goal's id in 'parent'"),
    (19, "a target needs an 'indicator'"),
    (20, "'parent': 'x4' is in sheet 'bad-rows', row 9, which is rejected"),
    (21, "'start': not a valid date: '2019-02-30'"),
    (22, "'a b' is not a usable id"),
]


def _rejections(path) -> list[RejectedRow]:
    with pytest.raises(RejectedRowsError) as caught:
        read_spreadsheet(path)
    return caught.value.rows


@pytest.mark.parametrize(
    ("row", "reason"),
    BAD_ROWS,
    ids=[r.split(":")[0].split("'")[1] if "'" in r else r.replace(" ", "-") for _, r in BAD_ROWS],
)
def test_every_rejection_names_sheet_row_and_reason(data, row, reason):
    rejected = {r.row: r for r in _rejections(data / "spreadsheets/bad-rows.csv")}
    assert row in rejected
    assert rejected[row].sheet == "bad-rows"
    assert reason in rejected[row].reason
    assert str(rejected[row]).startswith(f"{data / 'spreadsheets/bad-rows.csv'}:{row}: sheet 'bad-rows', row {row}: ")


def test_only_the_bad_rows_are_rejected(data):
    assert sorted(r.row for r in _rejections(data / "spreadsheets/bad-rows.csv")) == [row for row, _ in BAD_ROWS]


def test_rejected_rows_exit_2_listing_every_row(run, data):
    result = run("analyze", data / "spreadsheets/bad-rows.csv")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BAD_ROWS)
    assert lines[0].startswith("stratalign: error: ") and "row 5: no id" in lines[0]
    assert all("sheet 'bad-rows', row " in line for line in lines)
    assert "Traceback" not in result.stderr


def test_skip_bad_rows_reads_the_rest_and_lists_what_it_skipped(data):
    skipped: list[RejectedRow] = []
    quads, prefixes = read_spreadsheet(data / "spreadsheets/bad-rows.csv", skip_bad_rows=True, report=skipped.append)
    assert [r.row for r in skipped] == [row for row, _ in BAD_ROWS]
    subjects = {q.subject.value for q in quads}
    assert {"https://e.org/bad/s", "https://e.org/bad/ind", "https://e.org/bad/x9b"} <= subjects
    assert "https://e.org/bad/x4" not in subjects and "https://e.org/bad/x14" not in subjects
    assert prefixes[""] == "https://e.org/bad/"


def test_skipped_rows_go_to_stderr_by_default(data, capsys):
    read_spreadsheet(data / "spreadsheets/bad-rows.csv", skip_bad_rows=True)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(BAD_ROWS) and all(line.startswith("stratalign: skipped: ") for line in err)


def test_xlsx_rejection_names_the_sheet(tmp_path):
    path = tmp_path / "plan.xlsx"
    cells = [["id", "type", "label_da", "status"], ["i", "initiative", "Indsats", "måske"]]
    _xlsx(path, {"Indsatser": cells})
    rows = _rejections(path)
    assert [(r.sheet, r.row) for r in rows] == [("Indsatser", 2)]


def test_formula_without_a_stored_value_is_rejected(tmp_path):
    path = tmp_path / "plan.xlsx"
    _xlsx(path, {"model": [["id", "type", "label_da", "baseline"], ["x", "indicator", "X", "=1+1"]]})
    assert "formula =1+1 has no stored value" in _rejections(path)[0].reason


# -- whole-sheet errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing-id", "sheet 'missing-id': missing required column 'id'"),
        ("missing-type", "sheet 'missing-type': missing required column 'type'"),
        ("missing-label", "sheet 'missing-label': missing required column 'label_da'"),
        ("unknown-column", "sheet 'unknown-column': unknown column 'owner_id'; did you mean 'owner'?"),
        ("latin1", "not valid UTF-8 text"),
    ],
    ids=["missing-id", "missing-type", "missing-label", "unknown-column", "not-utf-8"],
)
def test_sheet_errors_exit_2(run, data, name, message):
    result = run("analyze", data / f"spreadsheets/{name}.csv")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_column_in_xlsx_names_sheet_and_column(tmp_path):
    path = tmp_path / "plan.xlsx"
    _xlsx(path, {"Mål": [["id", "label_da"], ["g", "Mål"]]})
    with pytest.raises(InputError, match="sheet 'Mål': missing required column 'type'"):
        read_spreadsheet(path)


def test_not_a_workbook_is_exit_2(run, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    result = run("analyze", path)
    assert result.exit_code == 2 and "not a readable .xlsx workbook" in result.stderr


# -- template ------------------------------------------------------------------


def test_xlsx_template_opens_and_its_example_imports(run, tmp_path):
    path = tmp_path / "plan.xlsx"
    result = run("template", "-o", path)
    assert result.exit_code == 0
    book = load_workbook(path)
    # influences: the cross-impact matrix
    assert book.sheetnames == ["model", "eksempel", "observations", "influences", "kolonner"]
    assert [c.value for c in book["influences"][1]] == ["influencer"]
    assert [c.value for c in book["observations"][1]] == ["indicator", "observed_year", "observed_value", "source"]
    assert [c.value for c in book["model"][1]] == list(TEMPLATE_COLUMNS)
    assert "weight" in TEMPLATE_COLUMNS  # the roll-up weight of a target, beside its direction
    # regression: a user filling in the template had to know to add these columns
    assert {"budget", "sdg", "aligns_with", "document", "page", "quote"} <= set(TEMPLATE_COLUMNS)
    assert book["model"].max_row == 1  # empty: headers only
    explained = {row[0] for row in book["kolonner"].iter_rows(min_row=2, values_only=True)}
    assert set(COLUMN_ORDER) <= explained
    quads, _ = read_spreadsheet(path, sheets=["eksempel"])
    assert len(quads) > 50
    analysis = run("analyze", path, "--format", "json")
    assert analysis.exit_code == 0  # the empty model sheet is a valid, empty model


def test_template_example_analyses_cleanly(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(write_template_xlsx())
    quads, prefixes = read_spreadsheet(path, sheets=["eksempel"])
    store = OxigraphStore()
    store.add(quads)
    # as of 2024: the example's indicators were last measured in 2023, stale from 2026 on (stale-indicator)
    kinds = {f.kind for f in analyze(Model(store, prefixes=prefixes), Config(as_of=2024)).findings}
    assert kinds <= {"missing-baseline"}


def test_csv_template_writes_three_files(run, tmp_path):
    result = run("template", "-o", tmp_path / "plan.csv")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv", "plan.eksempel.csv", "plan.kolonner.csv"]
    assert len(load_model([tmp_path / "plan.eksempel.csv"]).store.dump_ntriples().splitlines()) > 50


def test_template_refuses_other_suffixes(run, tmp_path):
    assert run("template", "-o", tmp_path / "plan.ods").exit_code == 2


# -- export and round trips ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("name", example_names())
def test_export_import_is_isomorphic_on_the_examples(run, tmp_path, name, fmt):
    out = tmp_path / f"{name}.{fmt}"
    result = run("convert", "--example", name, "--to", fmt, "-o", out)
    assert result.exit_code == 0
    original = load_model([example_path(name)])
    assert isomorphic(_graph(original), _graph(load_model([out])))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "source", ["yaml/tricky.yaml", "rdf/small.ttl", "shapes/good-model.ttl"], ids=["tricky", "small", "good-model"]
)
def test_what_has_no_column_goes_to_the_rdf_sheet(data, tmp_path, source, fmt):
    model = load_model([data / source])
    quads = list(ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES))
    out = tmp_path / f"m.{fmt}"
    if fmt == "xlsx":
        out.write_bytes(write_xlsx(quads, base=model.prefixes.get("")))
    else:
        out.write_text(write_csv(quads, base=model.prefixes.get("")), encoding="utf-8")
    assert isomorphic(_graph(model), _graph(load_model([out])))


def test_rdf_sheet_holds_the_turtle(data, tmp_path):
    model = load_model([data / "yaml/tricky.yaml"])
    quads = list(ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES))
    path = tmp_path / "m.xlsx"
    path.write_bytes(write_xlsx(quads, base=model.prefixes.get("")))
    book = load_workbook(path)
    assert book.sheetnames == ["model", "rdf"]
    text = "\n".join(str(r[0]) for r in book["rdf"].iter_rows(values_only=True) if r[0])
    assert "untagged label" in text and "sa:status" not in text


def test_xlsx_to_stdout_is_refused(run, data):
    result = run("convert", data / "yaml/demo.yaml", "--to", "xlsx")
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.stderr


def test_formula_like_labels_stay_text(tmp_path):
    label = '=HYPERLINK("http://evil.example","klik")'
    quads = [
        ox.Quad(
            ox.NamedNode(E + "g"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(SA + "Goal"),
        ),
        ox.Quad(
            ox.NamedNode(E + "g"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(label, language="da"),
        ),
    ]
    text = write_csv(quads, base=E)
    assert "'=HYPERLINK" in text  # a spreadsheet opening the CSV shows text, runs nothing
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    (tmp_path / "m.xlsx").write_bytes(write_xlsx(quads, base=E))
    assert load_workbook(tmp_path / "m.xlsx")["model"]["C3"].data_type == "s"
    for name in ("m.csv", "m.xlsx"):
        back, _ = read_spreadsheet(tmp_path / name)
        assert {q.object.value for q in back if q.predicate.value.endswith("#label")} == {label}


def test_the_documented_example_imports(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs/spreadsheets.md").read_text(encoding="utf-8")
    block = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "plan.csv"
    path.write_text(block, encoding="utf-8")
    model = load_model([path])
    base = "https://example.org/eksempel-kommune/"
    assert ask(model, f"<{base}strategi-for-vaekst> sa:realizes <{base}vision-2030>")
    assert ask(model, f'<{base}goal/flere-borgere> sa:hasTarget ?t . ?t sa:targetYear "2025"^^xsd:gYear')
    assert ask(
        model, f'<{base}goal/faerre-ledige/target/1> sa:targetValue "3.5"^^xsd:decimal ; sa:direction sa:Decrease'
    )
    assert ask(model, f'<{base}initiative/jobhus> sa:start "2023-06-17"^^xsd:date ; sa:status sa:Ongoing')
    assert analyze(model, Config(as_of=2024)).findings == []  # its figures are from 2023: not stale in 2024


def test_skip_bad_rows_flag_on_the_command_line(run, data):
    result = run("analyze", data / "spreadsheets/bad-rows.csv", "--skip-bad-rows", "--format", "json")
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if line.startswith("stratalign: skipped: ")]
    assert len(skipped) == len(BAD_ROWS)
    assert '"findings"' in result.stdout


@pytest.mark.parametrize(
    ("column", "typed", "read"),
    [
        ("start", dt.datetime(1905, 7, 15), "start: 2023"),  # 2023 typed over the export's yyyy-mm-dd cell
        ("start", dt.datetime(2019, 6, 17), "start: 2019-06-17"),  # a real date stays a date
        ("target_year", dt.datetime(1905, 7, 22), "year: 2030"),
    ],
    ids=["year-in-a-date-cell", "a-date", "target-year-in-a-date-cell"],
)
def test_a_year_typed_into_a_date_formatted_cell_is_that_year(run, tmp_path, column, typed, read):
    """Regression: Excel keeps a cell's date format when a year is typed over it; 2023 was read as
    Excel's day 2023, 1905-07-15, without a word."""
    path = tmp_path / "plan.xlsx"
    header = ["id", "type", "label_da", "plan", "indicator", "target_value", "target_year", "start"]
    start = typed if column == "start" else None
    year = typed if column == "target_year" else 2030
    _xlsx(
        path,
        {
            "model": [
                header,
                ["https://e.org/plan/", "model"],
                ["s", "strategy", "Strategi", None, None, None, None, start],
                ["ind", "indicator", "Andel"],
                ["g", "goal", "Mål", "s", "ind", 5, year],
            ]
        },
    )
    result = run("convert", path, "--to", "yaml")
    assert result.exit_code == 0, result.stderr
    assert read in result.stdout and "1905" not in result.stdout


def test_a_value_typed_where_the_export_left_a_blank_cell_is_refused(run, tmp_path):
    """Regression: the export writes sa:baseline 1000.0 (an xsd:decimal it cannot keep in a cell) on the rdf
    sheet and leaves the cell blank; 1100 typed into that cell gave two baselines without a word."""
    model = tmp_path / "b.ttl"
    model.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://e.org/b/pop> a sa:Indicator ; rdfs:label "Indbyggere"@da ; sa:baseline 1000.0 .\n',
        encoding="utf-8",
    )
    exported = tmp_path / "b.xlsx"
    assert run("convert", model, "--to", "xlsx", "-o", exported).exit_code == 0
    assert run("convert", exported, "--to", "nt").exit_code == 0  # as exported, it reads back
    book = load_workbook(exported)
    sheet = book["model"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "pop")
    assert sheet.cell(row, header.index("baseline") + 1).value is None  # the blank the export left
    sheet.cell(row, header.index("baseline") + 1).value = 1100
    book.save(exported)
    result = run("convert", exported, "--to", "nt")
    assert result.exit_code == 2
    assert f"row {row}: 'baseline' gives 1100, and the Turtle of sheet 'rdf' gives 1000" in result.stderr


def test_the_csv_template_has_the_columns_of_observation_and_influence_rows(run, tmp_path):
    """Regression: the CSV template had no budget, observed_year/observed_value or influencer/influenced/strength
    columns, though a CSV file gives observations and influences exactly as such rows."""
    path = tmp_path / "plan.csv"
    assert run("template", "-o", path).exit_code == 0
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {"budget", "sdg", "observed_year", "observed_value", "influencer", "influenced", "strength"} <= set(header)
    example = next(p for p in tmp_path.iterdir() if p.name != "plan.csv" and "eksempel" in p.name)
    result = run("analyze", example, "--format", "json")
    doc = json.loads(result.output)
    assert result.exit_code == 0 and doc["influence"]["scored"] >= 1
