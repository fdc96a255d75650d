"""Observations over time: an indicator's measured values in every input format, and Statbank tables.

Every form (YAML compact and long, CSV rows, a workbook's observations sheet, Turtle and
JSON-LD written by rdflib) must give the same sa:Observation nodes; every writer must give
them back; every bad observation is exit 2 naming the file and the line (or sheet and row).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from openpyxl import Workbook
from rdflib import Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ontology.loaders.statbank import period, read_jsonstat, read_statbank_csv

SA = Namespace("https://w3id.org/stratalign#")
EX = "https://example.org/obs/"
OBS = Path(__file__).parent / "data" / "observations"
STATBANK = Path(__file__).parent / "data" / "statbank"
FOLK1A = "https://www.statistikbanken.dk/FOLK1A"


def graph(run, path: Path | str) -> rdflib.Graph:
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 0, result.stderr
    return rdflib.Graph().parse(data=result.stdout, format="nt")


def series(g: rdflib.Graph, indicator: str = EX + "inhabitants") -> dict[str, Decimal]:
    """time (year or date, as written) → value of the indicator's observations."""
    out = {}
    for obs in g.objects(URIRef(indicator), SA.hasObservation):
        assert (obs, RDF.type, SA.Observation) in g
        times = list(g.objects(obs, SA.observedYear)) + list(g.objects(obs, SA.observedDate))
        (value,) = g.objects(obs, SA.observedValue)
        (time,) = times
        out[str(time)] = Decimal(str(value))
    return out


def sources(g: rdflib.Graph, time: str) -> set[str]:
    return {str(s) for s in g.objects(URIRef(f"{EX}inhabitants/observation/{time}"), DCTERMS.source)}


THREE_YEARS = {"2017": Decimal(115905), "2018": Decimal(116032), "2019": Decimal(115652)}
WITH_DATE = {"2017": Decimal(115905), "2018": Decimal(116032), "2019-01-01": Decimal("115652.5")}


def _xlsx(path: Path) -> Path:
    """A workbook: a model sheet with the indicator, and an observations sheet with short column names."""
    book = Workbook()
    model = book.active
    model.title = "model"
    for row in (
        ["id", "type", "label_da", "baseline", "baseline_year"],
        [EX, "model"],
        ["inhabitants", "indicator", "Indbyggere", 115905, 2017],
    ):
        model.append(row)
    sheet = book.create_sheet("observations")
    for row in (
        ["indicator", "year", "value", "source"],
        ["inhabitants", 2017, 115905, FOLK1A],
        ["inhabitants", 2018, 116032, None],
        ["inhabitants", "2019-01-01", 115652.5, None],
    ):
        sheet.append(row)
    book.save(path)
    return path


def _rdflib(fmt: str, path: Path) -> Path:
    """The long form's observations, written by rdflib's own serializer."""
    g = rdflib.Graph()
    ind = URIRef(EX + "inhabitants")
    g.add((ind, RDF.type, SA.Indicator))
    g.add((ind, RDFS.label, Literal("Indbyggere", lang="da")))
    for time, value, dtype, pred in (
        ("2017", 115905, XSD.gYear, SA.observedYear),
        ("2018", 116032, XSD.gYear, SA.observedYear),
        ("2019-01-01", Decimal("115652.5"), XSD.date, SA.observedDate),
    ):
        obs = URIRef(f"{EX}inhabitants/observation/{time}")
        g.add((ind, SA.hasObservation, obs))
        g.add((obs, RDF.type, SA.Observation))
        g.add((obs, pred, Literal(time, datatype=dtype)))
        g.add((obs, SA.observedValue, Literal(value)))
    g.add((URIRef(f"{EX}inhabitants/observation/2017"), DCTERMS.source, URIRef(FOLK1A)))
    g.serialize(path, format=fmt)
    return path


@pytest.mark.parametrize(
    ("make", "expected", "source_2017"),
    [
        pytest.param(lambda tmp: OBS / "compact.yaml", THREE_YEARS, set(), id="yaml-compact"),
        pytest.param(lambda tmp: OBS / "long.yaml", WITH_DATE, {FOLK1A}, id="yaml-long"),
        pytest.param(lambda tmp: OBS / "rows.csv", {**WITH_DATE}, {FOLK1A}, id="csv-rows"),
        pytest.param(lambda tmp: _xlsx(tmp / "m.xlsx"), WITH_DATE, {FOLK1A}, id="xlsx-observations-sheet"),
        pytest.param(lambda tmp: _rdflib("turtle", tmp / "m.ttl"), WITH_DATE, {FOLK1A}, id="turtle-rdflib"),
        pytest.param(lambda tmp: _rdflib("json-ld", tmp / "m.jsonld"), WITH_DATE, {FOLK1A}, id="jsonld-rdflib"),
    ],
)
def test_every_input_form_gives_the_observations(run, tmp_path, make, expected, source_2017):
    g = graph(run, make(tmp_path))
    assert series(g) == expected
    assert sources(g, "2017") == source_2017


@pytest.mark.parametrize("source", ["compact.yaml", "long.yaml", "rows.csv"])
@pytest.mark.parametrize("to", ["yaml", "csv", "xlsx", "ttl", "jsonld"])
def test_writers_give_the_observations_back(run, tmp_path, source, to):
    original = graph(run, OBS / source)
    out = tmp_path / f"again.{to}"
    result = run("convert", OBS / source, "--to", to, "-o", out)
    assert result.exit_code == 0, result.stderr
    again = graph(run, out)
    assert isomorphic(original, again)
    if to in ("yaml", "csv", "xlsx"):
        # written as observations, not as Turtle in the rdf block / sheet
        assert "Observation" not in (out.read_text("utf-8-sig") if to != "xlsx" else "")


def test_compact_form_written_when_nothing_but_years_and_values(run, tmp_path):
    result = run("convert", OBS / "compact.yaml", "--to", "yaml")
    assert "observations:\n    2017: 115905\n    2018: 116032\n    2019: 115652\n" in result.stdout


def test_actual_value_still_reads_and_may_repeat_an_observation(run, tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text(
        "base: https://example.org/obs/\nindicators:\n  - id: inhabitants\n    label: I\n    actual: 115652\n    actual_year: 2019\n"
        "    observations: {2017: 115905, 2019: 115652}\n",
        encoding="utf-8",
    )
    g = graph(run, model)
    assert series(g) == {"2017": 115905, "2019": 115652}
    assert g.value(URIRef(EX + "inhabitants"), SA.actualValue) == Literal(115652)


# -- errors: exit 2, one line naming the file and the line (sheet and row) ----------------------------

YAML_HEAD = "base: https://example.org/obs/\nindicators:\n  - id: inhabitants\n    label: I\n"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        pytest.param("    observations:\n      - {value: 5}\n", 6, "needs a 'year'", id="long-no-year"),
        pytest.param("    observations:\n      - {year: 2019}\n", 6, "needs a 'value'", id="long-no-value"),
        pytest.param(
            "    observations:\n      - {year: 2019, value: 5}\n      - {year: 2019, value: 6}\n",
            7,
            "given twice with different values",
            id="long-year-twice",
        ),
        pytest.param("    observations: {2019: 5, 2019: 6}\n", 5, "appears twice", id="compact-year-twice"),
        pytest.param(
            "    actual: 5\n    actual_year: 2019\n    observations: {2019: 6}\n",
            7,
            "given twice with different values",
            id="actual-and-observation-differ",
        ),
        pytest.param("    observations: {2019: many}\n", 5, "expected a number", id="compact-not-a-number"),
        pytest.param(
            "    observations:\n      - {year: 2019, value: '12 stk'}\n", 6, "expected a number", id="long-not-a-number"
        ),
        pytest.param("    observations: {2019: 115.652}\n", 5, "ambiguous", id="danish-thousands"),
        pytest.param("    observations: {soon: 5}\n", 5, "expected a date", id="compact-not-a-year"),
        pytest.param(
            "    observations:\n      - {year: 2019, date: 2019-01-01, value: 5}\n", 6, "not both", id="year-and-date"
        ),
        pytest.param(
            "    observations:\n      - {date: 2019, value: 5}\n", 6, "a year goes under 'year'", id="year-as-date"
        ),
        pytest.param(
            "    observations:\n      - {year: 2019, value: 5, note: x}\n", 6, "unknown key", id="unknown-key"
        ),
        pytest.param("    observations: 5\n", 5, "must be a map", id="not-a-map"),
    ],
)
def test_yaml_observation_errors(run, tmp_path, body, line, words):
    model = tmp_path / "m.yaml"
    model.write_text(YAML_HEAD + body, encoding="utf-8")
    result = run("convert", model, "--to", "nt")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"m.yaml:{line}:" in message and words in message


CSV_HEAD = "id;type;label_da;indicator;observed_year;observed_value\ninhabitants;indicator;I;;;\n"


@pytest.mark.parametrize(
    ("rows", "row", "words"),
    [
        pytest.param(";observation;;inhabitants;;5\n", 3, "needs a year", id="no-year"),
        pytest.param(";observation;;inhabitants;2019;\n", 3, "needs a value", id="no-value"),
        pytest.param(
            ";observation;;inhabitants;2019;5\n;observation;;inhabitants;2019;6\n",
            4,
            "given twice with different values",
            id="year-twice",
        ),
        pytest.param(";observation;;inhabitants;2019;mange\n", 3, "expected a number", id="not-a-number"),
        pytest.param(
            ";observation;;inhabitant;2019;5\n", 3, "'inhabitant' is not the id of any row", id="unknown-indicator"
        ),
        pytest.param(";observation;;inhabitants;snart;5\n", 3, "'observed_year'", id="not-a-year"),
        pytest.param(
            "x;observation;;inhabitants;2019;5\n",
            3,
            "column 'id' does not apply to an observation",
            id="observation-with-id",
        ),
    ],
)
def test_csv_observation_errors(run, tmp_path, rows, row, words):
    model = tmp_path / "m.csv"
    model.write_text(CSV_HEAD + rows, encoding="utf-8")
    result = run("convert", model, "--to", "nt")
    assert result.exit_code == 2
    first = result.stderr.strip().splitlines()[0]
    assert f"m.csv:{row}: sheet 'm', row {row}:" in first and words in first


def test_same_year_twice_with_one_value_is_one_observation(run, tmp_path):
    model = tmp_path / "m.csv"
    model.write_text(
        CSV_HEAD + ";observation;;inhabitants;2019;5\n;observation;;inhabitants;2019;5,0\n", encoding="utf-8"
    )
    result = run("convert", model, "--to", "nt")
    assert result.exit_code == 0
    # 5 and 5,0 are one value: both literals stay (nothing dropped), on the one node of 2019
    assert result.stdout.count("#hasObservation") == 1 and result.stdout.count("#observedValue") == 2


def test_xlsx_observations_sheet_names_sheet_and_row(run, tmp_path):
    path = _xlsx(tmp_path / "m.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["observations"].append(["inhabitant", 2020, 1, None])
    book.save(path)
    result = run("convert", path, "--to", "nt")
    assert result.exit_code == 2
    assert "sheet 'observations', row 5:" in result.stderr and "'inhabitant'" in result.stderr


def test_xlsx_observations_sheet_needs_its_columns(run, tmp_path):
    book = Workbook()
    book.active.title = "model"
    book.active.append(["id", "type", "label_da"])
    book.active.append(["inhabitants", "indicator", "I"])
    book.create_sheet("observationer").append(["indikator", "år"])
    book.save(tmp_path / "m.xlsx")
    result = run("convert", tmp_path / "m.xlsx", "--to", "nt")
    assert result.exit_code == 2 and "missing required column 'observed_value'" in result.stderr


# -- Statbank ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "time"),
    [
        ("2019", "2019"),
        ("2019K1", "2019-01-01"),
        ("2019K4", "2019-10-01"),
        ("2019M01", "2019-01-01"),
        ("2019M12", "2019-12-01"),
        ("2019H2", "2019-07-01"),
        ("2019K5", None),
        ("2019M13", None),
        ("2019U01", None),
        ("19", None),
        ("2019K", None),
        ("0000", None),
        ("0999", None),
    ],
    ids=lambda v: str(v),
)
def test_statbank_time_codes(code, time):
    assert period(code) == time


FOLK1A_SERIES = {"2017-01-01": Decimal(115905), "2018-01-01": Decimal(116032), "2019-01-01": Decimal(115652)}


@pytest.mark.parametrize("table", ["folk1a-long.csv", "folk1a-wide.csv", "folk1a.json"])
def test_statbank_tables_import(run, tmp_path, table):
    out = tmp_path / "m.yaml"
    result = run(
        "import-observations",
        STATBANK / table,
        "--indicator",
        "inhabitants",
        "--model",
        OBS / "compact.yaml",
        "--source",
        FOLK1A,
        "-o",
        out,
    )
    assert result.exit_code == 0, result.stderr
    g = graph(run, out)
    assert series(g) == {**THREE_YEARS, **FOLK1A_SERIES}
    assert sources(g, "2019-01-01") == {FOLK1A} and sources(g, "2019") == set()


def test_statbank_without_model_writes_the_list_to_paste(run, tmp_path):
    result = run("import-observations", STATBANK / "folk1a.json", "--indicator", "inhabitants")
    assert result.exit_code == 0
    pasted = tmp_path / "m.yaml"
    pasted.write_text(
        YAML_HEAD + "".join("    " + line + "\n" for line in result.stdout.splitlines()), encoding="utf-8"
    )
    assert series(graph(run, pasted)) == FOLK1A_SERIES


def test_statbank_decimal_comma_and_missing_values(run):
    table = read_statbank_csv((STATBANK / "decimal-comma.csv").read_text("utf-8"), "t.csv")
    assert [(p.time, p.value) for p in table.points] == [("2017", Decimal("6.0")), ("2017-01-01", Decimal("6.2"))]
    assert table.missing == 1
    result = run("import-observations", STATBANK / "decimal-comma.csv", "--indicator", "x")
    assert result.exit_code == 0 and "1 period(s) without a value" in result.stderr


@pytest.mark.parametrize(
    ("values", "read"),
    [
        (["115.652", "116.032"], ["115652", "116032"]),  # no clue: Danish thousands, as the Statbank writes them
        (["0.500"], ["0.5"]),  # a first group of 0 is no thousands (was 500)
        (["1.500", "6.2"], ["1.5", "6.2"]),  # one decimal point in the table makes every point one (was 1500)
        (["1.500", "6,2"], ["1500", "6.2"]),  # a decimal comma makes every point a thousands separator
        (["1.50", "2"], ["1.5", "2"]),
    ],
    ids=["thousands", "leading-zero", "point-table", "comma-table", "decimals"],
)
def test_statbank_decimal_mark_is_the_tables(values, read):
    """Regression: each cell was guessed alone, so "1.500" beside "6.2" read as 1500 and "0.500" as 500."""
    text = "OMRÅDE;TID;INDHOLD\n" + "".join(f"Esbjerg;{2010 + k};{v}\n" for k, v in enumerate(values))
    assert [p.value for p in read_statbank_csv(text, "t.csv").points] == [Decimal(r) for r in read]
    wide = ";" + ";".join(str(2010 + k) for k in range(len(values))) + "\nEsbjerg;" + ";".join(values) + "\n"
    assert [p.value for p in read_statbank_csv(wide, "t.csv").points] == [Decimal(r) for r in read]


def test_jsonstat_sparse_values_by_position():
    table = read_jsonstat((STATBANK / "sparse.json").read_text("utf-8"), "s.json")
    assert [(p.time, p.value) for p in table.points] == [("2017", 115905), ("2019", 115652)] and table.missing == 1


def test_jsonstat_time_not_last_dimension():
    """value is row-major: with the time first and two categories after it, the series takes every other value."""
    data = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Tid", "ContentsCode"],
        "size": [2, 1],
        "role": {"time": ["Tid"]},
        "dimension": {
            "Tid": {"category": {"index": {"2018": 1, "2017": 0}}},
            "ContentsCode": {"category": {"index": ["x"]}},
        },
        "value": [1, 2],
    }
    assert [(p.time, p.value) for p in read_jsonstat(json.dumps(data), "t.json").points] == [("2017", 1), ("2018", 2)]


BAD_CSV = {
    "two-series": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017;1\nVejle;2018;2\n", 3, "more than one series"),
    "not-a-number": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017;mange\n", 2, "is not a number"),
    "bad-time-code": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017X;1\n", 2, "not a Statbank time code"),
    "year-twice": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017;1\nEsbjerg;2017;2\n", 3, "given twice with different values"),
    "short-row": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017\n", 2, "the row has 2 cells"),
    "no-header-separator": ("Befolkning\n2017,1\n", 1, "separated by ';'"),
    "no-rows": ("OMRÅDE;TID;INDHOLD\n", 2, "no rows"),
    "no-time": ("OMRÅDE;KØN;INDHOLD\nEsbjerg;I alt;1\n", 1, "no time column"),
    "wide-two-rows": (";2017;2018\nEsbjerg;1;2\nVejle;3;4\n", 3, "2 series"),
    # regressions: written to YAML as .inf and year 0, which the model reader then refused
    "beyond-a-double": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017;1e400\n", 2, "not a finite number"),
    "year-0000": ("OMRÅDE;TID;INDHOLD\nEsbjerg;0000;5\n", 2, "not a Statbank time code"),
    "point-and-comma": ("OMRÅDE;TID;INDHOLD\nEsbjerg;2017;6,2\nEsbjerg;2018;6.25\n", 3, "a decimal comma"),
    "wide-point-and-comma": (";2017;2018\nEsbjerg;6,2;6.25\n", 2, "a decimal comma"),
}


@pytest.mark.parametrize("name", sorted(BAD_CSV))
def test_statbank_csv_errors(run, tmp_path, name):
    text, line, words = BAD_CSV[name]
    table = tmp_path / "t.csv"
    table.write_text(text, encoding="utf-8")
    result = run("import-observations", table, "--indicator", "inhabitants")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and f"t.csv:{line}:" in message and words in message


BAD_JSON = {
    "not-json": ("{", "not JSON"),
    "not-a-dataset": ('{"class": "collection", "dimension": {}}', "not a JSON-stat dataset"),
    "two-series": (
        '{"class":"dataset","id":["Tid","OMRÅDE"],"size":[1,2],"role":{"time":["Tid"]},"dimension":{"Tid":{"category":{"index":["2017"]}},'
        '"OMRÅDE":{"category":{"index":["561","630"]}}},"value":[1,2]}',
        "more than one series",
    ),
    "value-count": (
        '{"class":"dataset","id":["Tid"],"size":[2],"role":{"time":["Tid"]},"dimension":{"Tid":{"category":{"index":["2017","2018"]}}},"value":[1]}',
        "'value' has 1 values",
    ),
    "no-time": (
        '{"class":"dataset","id":["OMRÅDE"],"size":[1],"dimension":{"OMRÅDE":{"category":{"index":["561"]}}},"value":[1]}',
        "no time dimension",
    ),
    "text-value": (
        '{"class":"dataset","id":["Tid"],"size":[1],"role":{"time":["Tid"]},"dimension":{"Tid":{"category":{"index":["2017"]}}},"value":["mange"]}',
        "is not a number",
    ),
    "huge-size": (
        '{"class":"dataset","id":["Tid","A"],"size":[100000,100000],"role":{"time":["Tid"]},"dimension":{},"value":[]}',
        "more than 100,000",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_jsonstat_errors(run, tmp_path, name):
    text, words = BAD_JSON[name]
    table = tmp_path / "t.json"
    table.write_text(text, encoding="utf-8")
    result = run("import-observations", table, "--indicator", "inhabitants")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "t.json:" in message and words in message


def test_statbank_unknown_indicator_names_the_known_ones(run):
    result = run(
        "import-observations", STATBANK / "folk1a.json", "--indicator", "inhabitant", "--model", OBS / "compact.yaml"
    )
    assert result.exit_code == 2 and "defines no such indicator" in result.stderr and "inhabitants" in result.stderr
    # regression: the line named the table, where the indicator is missing from the model
    assert result.stderr.startswith(f"stratalign: error: {OBS / 'compact.yaml'}: --indicator 'inhabitant'")


def test_statbank_value_against_the_models_other_value(run, tmp_path):
    model = tmp_path / "m.yaml"
    model.write_text(YAML_HEAD + "    observations:\n      - {date: 2018-01-01, value: 1}\n", encoding="utf-8")
    result = run("import-observations", STATBANK / "folk1a-long.csv", "--indicator", "inhabitants", "--model", model)
    assert result.exit_code == 2 and "folk1a-long.csv:3:" in result.stderr and "2018-01-01" in result.stderr


@pytest.mark.parametrize(
    ("model_text", "suffix"),
    [
        (YAML_HEAD + "    actual: 1250\n    actual_year: 2023\n", ".yaml"),
        (
            "@prefix sa: <https://w3id.org/stratalign#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            '<https://e.org/t/inhabitants> a sa:Indicator ; sa:actualValue 1250 ; sa:actualYear "2023"^^xsd:gYear .\n',
            ".ttl",
        ),
    ],
    ids=["yaml", "turtle-without-base"],
)
def test_statbank_value_against_the_indicators_actual_value(run, tmp_path, model_text, suffix):
    """Regression: the import wrote 2023 twice (the actual value and the table's), which analyze then refused;
    and a Turtle model without a base was exit 3 for an id (no scheme in an absolute IRI)."""
    model = tmp_path / f"m{suffix}"
    model.write_text(model_text, encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("OMRÅDE;TID;INDHOLD\nE;2022;1200\nE;2023;1300,5\n", encoding="utf-8")
    result = run("import-observations", table, "--indicator", "inhabitants", "--model", model)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "t.csv:3: 2023 of 'inhabitants' is 1250 in the model and 1300.5 in the table; remove one"
    )
    table.write_text("OMRÅDE;TID;INDHOLD\nE;2022;1200\nE;2023;1250\n", encoding="utf-8")
    written = tmp_path / "out.yaml"
    assert (
        run("import-observations", table, "--indicator", "inhabitants", "--model", model, "-o", written).exit_code == 0
    )
    assert run("analyze", written, "--quiet").exit_code == 0


@pytest.mark.parametrize("to", ["yaml", "csv", "xlsx"])
def test_a_targets_weight_survives_every_writer(run, tmp_path, to):
    model = tmp_path / "m.yaml"
    model.write_text(
        "base: https://example.org/obs/\nindicators:\n  - {id: inhabitants, label: I}\ngoals:\n  - id: more\n    label: M\n"
        "    targets:\n      - {indicator: inhabitants, value: 5, weight: 2.5}\n",
        encoding="utf-8",
    )
    original = graph(run, model)
    assert original.value(URIRef(EX + "more/target/1"), SA.weight) == Literal(Decimal("2.5"))
    out = tmp_path / f"again.{to}"
    assert run("convert", model, "--to", to, "-o", out).exit_code == 0
    assert isomorphic(original, graph(run, out))
    if to == "yaml":
        assert "weight: 2.5" in out.read_text("utf-8")
