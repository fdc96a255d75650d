"""A target's roll-up weight (``sa:weight``) as a spreadsheet column: read on goal and target rows,
checked like every other cell, written by ``convert --to csv|xlsx`` and listed by ``template``."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from openpyxl import Workbook, load_workbook
from rdflib import Namespace
from rdflib.compare import isomorphic

SA = Namespace("https://w3id.org/stratalign#")
EX = "https://example.org/w/"

MODEL = (
    f"base: {EX}\n"
    "indicators:\n  - {id: inhabitants, label: I}\n  - {id: jobs, label: J}\n"
    "goals:\n  - id: more\n    label: M\n    targets:\n"
    "      - {indicator: inhabitants, value: 5, year: 2030, weight: 2.5}\n"
    "      - {indicator: jobs, value: 7, weight: 0}\n"
)


def graph(run, path: Path) -> rdflib.Graph:
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 0, result.stderr
    return rdflib.Graph().parse(data=result.stdout, format="nt")


def weights(g: rdflib.Graph) -> dict[str, Decimal]:
    return {str(s)[len(EX) :]: o.toPython() for s, o in g.subject_objects(SA.weight)}


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(path)["model"]
    header = [c.value for c in sheet[1]]
    return [
        {h: ("" if v is None else str(v)) for h, v in zip(header, row)} for row in sheet.iter_rows(2, values_only=True)
    ]


@pytest.mark.parametrize("to", ["csv", "xlsx"])
def test_weight_is_a_column_after_direction_and_reads_back(run, model, tmp_path, to):
    original = graph(run, model)
    assert weights(original) == {"more/target/1": Decimal("2.5"), "more/target/2": Decimal("0")}
    out = tmp_path / f"m.{to}"
    assert run("convert", model, "--to", to, "-o", out).exit_code == 0
    rows = _rows(out)
    header = list(rows[0])
    assert header.index("weight") == header.index("direction") + 1
    by_id = {r["id"]: r for r in rows}
    # the goal row holds its first target; a CSV writes the decimal comma Danish Excel reads
    assert Decimal(str(by_id["more"]["weight"]).replace(",", ".")) == Decimal("2.5")
    assert Decimal(str(by_id["more/target/2"]["weight"]).replace(",", ".")) == 0
    assert not any(r["type"] == "rdf" for r in rows) and "sa:weight" not in out.read_bytes().decode("utf-8", "replace")
    back = graph(run, out)
    assert isomorphic(original, back)
    yaml_again = run("convert", out, "--to", "yaml")
    assert "weight: 2.5" in yaml_again.stdout and "rdf:" not in yaml_again.stdout


def test_a_model_without_weights_has_no_weight_column(run, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL.replace(", weight: 2.5", "").replace(", weight: 0", ""), encoding="utf-8")
    out = tmp_path / "m.csv"
    assert run("convert", path, "--to", "csv", "-o", out).exit_code == 0
    assert "weight" not in out.read_text("utf-8-sig").splitlines()[0].split(";")


def _csv(tmp_path: Path, weight: str, on_target_row: bool) -> Path:
    path = tmp_path / "bad.csv"
    lines = ["id;type;label_da;parent;indicator;target_value;weight", "inhabitants;indicator;I;;;;"]
    if on_target_row:
        lines += ["more;goal;M;;;;", f"t2;target;;more;inhabitants;3;{weight}"]
    else:
        lines += [f"more;goal;M;;inhabitants;5;{weight}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _xlsx(tmp_path: Path, weight: object, on_target_row: bool) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "model"
    sheet.append(["id", "type", "label_da", "parent", "indicator", "target_value", "weight"])
    sheet.append(["inhabitants", "indicator", "I"])
    if on_target_row:
        sheet.append(["more", "goal", "M"])
        sheet.append(["t2", "target", None, "more", "inhabitants", 3, weight])
    else:
        sheet.append(["more", "goal", "M", None, "inhabitants", 5, weight])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("on_target_row", [False, True], ids=["goal-row", "target-row"])
@pytest.mark.parametrize(
    "fmt, weight, problem",
    [
        ("csv", "tung", "expected a number"),
        ("csv", "-1", "a weight cannot be negative"),
        ("csv", "-0,5", "a weight cannot be negative"),
        ("xlsx", "tung", "expected a number"),
        ("xlsx", -2, "a weight cannot be negative"),
    ],
    ids=["csv-word", "csv-negative", "csv-negative-danish-decimal", "xlsx-word", "xlsx-negative"],
)
def test_a_bad_weight_is_exit_2_with_sheet_row_and_column(run, tmp_path, fmt, weight, problem, on_target_row):
    path = (_csv if fmt == "csv" else _xlsx)(tmp_path, weight, on_target_row)  # type: ignore[operator]
    result = run("check", path)
    assert result.exit_code == 2
    first = result.stderr.strip().splitlines()[0]
    row = 4 if on_target_row else 3
    assert f"row {row}:" in first and "'weight'" in first and problem in first, first
    assert f"sheet '{'bad' if fmt == 'csv' else 'model'}'" in first
    assert "Traceback" not in result.stderr


def test_a_negative_weight_in_yaml_is_exit_2_with_the_line(run, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MODEL.replace("weight: 0", "weight: -1"), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2 and "m.yaml:" in result.stderr and "cannot be negative" in result.stderr


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_template_lists_and_explains_the_weight_column(run, tmp_path, suffix):
    out = tmp_path / f"plan.{suffix}"
    assert run("template", "-o", out).exit_code == 0
    if suffix == "xlsx":
        book = load_workbook(out)
        header = [c.value for c in book["model"][1]]
        explained = {r[0] for r in book["kolonner"].iter_rows(2, values_only=True)}
        example = [dict(zip(header, r)) for r in book["eksempel"].iter_rows(2, values_only=True)]
    else:
        header = out.read_text("utf-8-sig").splitlines()[0].split(";")
        explained = {
            line.split(";")[0] for line in (tmp_path / "plan.kolonner.csv").read_text("utf-8-sig").splitlines()
        }
        example = list(
            csv.DictReader(io.StringIO((tmp_path / "plan.eksempel.csv").read_text("utf-8-sig")), delimiter=";")
        )
    assert header.index("weight") == header.index("direction") + 1
    assert "weight" in explained
    assert any(str(r.get("weight") or "") == "2" for r in example)  # the example shows one in use
