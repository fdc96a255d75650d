"""Duplicate decisions (issue 18): sa:notDuplicateOf / sa:duplicateOf as data, honoured by analyze, check and report.

The fixture (tests/data/decisions/) has two duplicate pairs across two strategies: the goals
g-a ~ g-b, decided not-duplicate in a Turtle file, and the initiatives i-a ~ i-b, merge accepted
in a YAML file. Otherwise the model is complete, so the duplicates are its only warnings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from alignment.duplicate_decisions import Decision, apply_decisions
from alignment.findings import Finding

DATA = Path(__file__).parent / "data" / "decisions"
MODEL = DATA / "model.yaml"
TTL = DATA / "not-duplicate.ttl"
MERGE = DATA / "merge.yaml"
STALE = DATA / "stale.yaml"
E = "https://e.org/"
GOALS = [E + "g-a", E + "g-b"]
INITIATIVES = [E + "i-a", E + "i-b"]
BOTH = ("--decisions", TTL, "--decisions", MERGE)


def _analyze(run, *args):
    result = run("analyze", MODEL, "--format", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _duplicates(doc):
    return [(f["kind"], f["subjects"]) for f in doc["findings"] if f["kind"].startswith("duplicate-")]


def test_without_decisions_both_pairs_are_findings(run):
    doc = _analyze(run)
    assert _duplicates(doc) == [("duplicate-goal", GOALS), ("duplicate-initiative", INITIATIVES)]
    assert "decided" not in doc and "decided" not in doc["summary"]


def test_decided_pairs_leave_the_findings_and_are_listed_with_verdict_and_reason(run):
    before, doc = _analyze(run), _analyze(run, *BOTH)
    assert _duplicates(doc) == []
    # exactly the two duplicates left; every other finding is as it was
    assert doc["summary"]["findings"]["total"] == before["summary"]["findings"]["total"] - 2
    assert [f for f in before["findings"] if not f["kind"].startswith("duplicate-")] == doc["findings"]
    assert doc["summary"]["findings"]["by_kind"].get("duplicate-goal") is None
    decided = [(d["kind"], d["subjects"], d["verdict"], d["reason"], d["file"], d["line"]) for d in doc["decided"]]
    assert decided == [
        ("duplicate-goal", GOALS, "not-duplicate", "Det ene mål tæller borgere, det andet vil vækst", str(TTL), 6),
        ("duplicate-initiative", INITIATIVES, "merge-accepted", "Samme partnerskab, to formuleringer", str(MERGE), 3),
    ]
    assert (doc["decided"][0]["date"], doc["decided"][0]["creator"]) == ("2026-05-01", "Planteamet")
    assert doc["summary"]["decided"] == {
        "total": 2,
        "by_verdict": {"not-duplicate": 1, "merge-accepted": 1},
        "stale": 0,
    }
    assert doc["stale_decisions"] == []


def test_a_decision_that_matches_no_finding_is_reported_as_stale(run):
    doc = _analyze(run, *BOTH, "--decisions", STALE)
    assert [(s["subjects"], s["verdict"], s["file"], s["line"]) for s in doc["stale_decisions"]] == [
        ([E + "g-a", E + "g-c"], "not-duplicate", str(STALE), 3)
    ]
    assert doc["summary"]["decided"]["stale"] == 1
    text = run("analyze", MODEL, "--lang", "en", "--decisions", STALE).stdout
    assert f"{STALE}:3: decision that matches no finding (not duplicate) for {E}g-a, {E}g-c" in text


@pytest.mark.parametrize(
    ("lang", "title", "verdict"),
    [
        ("da", "Afgjorte dubletter (2 afgjort)", "[ikke dublet]"),
        ("en", "Decided duplicates (2 decided)", "[not duplicate]"),
    ],
    ids=["da", "en"],
)
def test_text_and_markdown_show_the_decided_in_the_language(run, lang, title, verdict):
    text = run("analyze", MODEL, "--lang", lang, *BOTH).stdout
    assert title in text and verdict in text and "Samme partnerskab, to formuleringer" in text
    md = run("analyze", MODEL, "--lang", lang, "--format", "md", *BOTH).stdout
    assert f"## {title}" in md


def test_the_models_own_decision_in_yaml_is_honoured(run, tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace(
        "owner: byraad, measured_by: [ind-borgere]}\n      - {id: g-c",
        "owner: byraad, measured_by: [ind-borgere], not_duplicate_of: [g-b]}\n      - {id: g-c",
    )
    assert "not_duplicate_of" in text
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run("analyze", path, "--format", "json").stdout)
    assert [(d["kind"], d["verdict"], d["file"], d["reason"]) for d in doc["decided"]] == [
        ("duplicate-goal", "not-duplicate", None, None)
    ]
    assert _duplicates(doc) == [("duplicate-initiative", INITIATIVES)]


def _with_goal_key(tmp_path, value):
    text = MODEL.read_text(encoding="utf-8").replace(
        "measured_by: [ind-borgere]}\n      - {id: g-c", f"measured_by: [ind-borgere], {value}}}\n      - {{id: g-c"
    )
    assert value in text
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_yaml_record_form_carries_the_reason_and_round_trips(run, tmp_path):
    path = _with_goal_key(tmp_path, "not_duplicate_of: [{id: g-b, reason: Tæller borgere, date: 2026-05-01, by: P}]")
    doc = json.loads(run("analyze", path, "--format", "json").stdout)
    assert [(d["verdict"], d["reason"], d["date"], d["creator"]) for d in doc["decided"]] == [
        ("not-duplicate", "Tæller borgere", "2026-05-01", "P")
    ]
    assert run("validate", path).exit_code == 0
    written = tmp_path / "again.yaml"
    assert run("convert", path, "--to", "yaml", "-o", written, "--quiet").exit_code == 0
    again = json.loads(run("analyze", written, "--format", "json").stdout)
    assert again["decided"] == doc["decided"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("not_duplicate_of: [{id: g-b, reasn: x}]", "unknown key 'reasn' in a 'not_duplicate_of' record"),
        ("not_duplicate_of: [{reason: x}]", "needs an 'id'"),
        ("duplicate_of: [{id: i-b}]", "is an initiative, but a goal is expected here"),
        ("not_duplicate_of: [g-bb]", "did you mean 'g-b'"),
    ],
    ids=["unknown-key", "no-id", "goal-and-initiative", "unknown-id"],
)
def test_a_bad_yaml_decision_in_the_model_is_exit_2(run, tmp_path, value, problem):
    path = _with_goal_key(tmp_path, value)
    result = run("analyze", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and f"{path}:" in lines[0] and problem in lines[0], lines


def test_rules_that_read_findings_see_the_decided_pair_gone(run, tmp_path):
    """shared-indicator stays silent on a duplicate pair; decided not-duplicate, the shared indicator is reported."""
    path = tmp_path / "model.yaml"
    path.write_text(MODEL.read_text(encoding="utf-8").replace("[ind-indbyggere]", "[ind-borgere]"), encoding="utf-8")
    before = json.loads(run("analyze", path, "--format", "json").stdout)
    after = json.loads(run("analyze", path, "--format", "json", "--decisions", TTL).stdout)
    shared = [(f["kind"], f["subjects"]) for f in after["findings"] if f["kind"] == "shared-indicator"]
    assert not [f for f in before["findings"] if f["kind"] == "shared-indicator"]
    assert shared == [("shared-indicator", GOALS)]


def test_a_merge_accepted_pair_gets_no_shared_indicator_finding(run, tmp_path):
    """Merge accepted: the two goals are one goal written twice, so their shared indicator is no news (the
    not-duplicate verdict above is two goals again, and gets it)."""
    path = tmp_path / "model.yaml"
    path.write_text(MODEL.read_text(encoding="utf-8").replace("[ind-indbyggere]", "[ind-borgere]"), encoding="utf-8")
    decisions = tmp_path / "merge-goals.yaml"
    decisions.write_text("- id: g-a\n  duplicate_of: g-b\n  reason: Samme mål\n", encoding="utf-8")
    after = json.loads(run("analyze", path, "--format", "json", "--decisions", decisions).stdout)
    assert [d["verdict"] for d in after["decided"] if d["kind"] == "duplicate-goal"] == ["merge-accepted"]
    assert not [f for f in after["findings"] if f["kind"] == "shared-indicator"]


def test_a_yaml_decision_between_a_goal_and_an_initiative_is_exit_2(run, tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace(
        "measured_by: [ind-borgere]}\n      - {id: g-c",
        "measured_by: [ind-borgere], duplicate_of: [i-a]}\n      - {id: g-c",
    )
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("analyze", path)
    assert result.exit_code == 2 and "i-a is an initiative, but a goal is expected here" in result.stderr.replace(
        "'", ""
    )


# -- check ---------------------------------------------------------------------


def _check(run, *args):
    return run("check", MODEL, "--fail-on", "warning", "--lang", "en", *args)


def test_check_fails_on_the_duplicates_and_passes_once_they_are_decided(run):
    assert _check(run).exit_code == 1
    result = _check(run, *BOTH)
    assert result.exit_code == 0, result.stdout
    assert result.stderr.strip() == "check passed: no findings at or above 'warning' (3 below, 2 decided)"
    assert "[decided: not duplicate: Det ene mål tæller borgere, det andet vil vækst]" in result.stdout
    assert "[decided: merge accepted: Samme partnerskab, to formuleringer]" in result.stdout


def test_check_json_lists_the_decided(run):
    doc = json.loads(_check(run, *BOTH, "--decisions", STALE, "--format", "json").stdout)
    decided = [(f["kind"], f["decided"]["verdict"]) for f in doc["findings"] if f["decided"]]
    assert decided == [("duplicate-goal", "not-duplicate"), ("duplicate-initiative", "merge-accepted")]
    assert (doc["summary"]["decided"], doc["summary"]["stale_decisions"], doc["summary"]["failing"]) == (2, 1, 0)
    assert [d["subjects"] for d in doc["decisions"]["stale"]] == [[E + "g-a", E + "g-c"]]


def test_sarif_has_an_external_suppression_with_the_reason(run):
    log = json.loads(_check(run, *BOTH, "--decisions", STALE, "--format", "sarif").stdout)
    run_ = log["runs"][0]
    suppressed = {r["ruleId"]: r["suppressions"] for r in run_["results"] if "suppressions" in r}
    assert set(suppressed) == {"duplicate-goal", "duplicate-initiative"}
    goal = suppressed["duplicate-goal"][0]
    assert (goal["kind"], goal["status"], goal["justification"]) == (
        "external",
        "accepted",
        "Det ene mål tæller borgere, det andet vil vækst",
    )
    assert goal["location"]["physicalLocation"]["region"] == {"startLine": 6}
    assert run_["invocations"][0]["exitCode"] == 0
    notes = [n["message"]["text"] for n in run_["invocations"][0]["toolExecutionNotifications"]]
    assert any("decision that matches no finding" in n for n in notes)


def test_junit_skips_the_decided(run):
    from xml.etree import ElementTree as ET

    root = ET.fromstring(_check(run, *BOTH, "--format", "junit").stdout)
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert sorted(c.get("classname") for c in skipped) == [
        "stratalign.duplicate-goal",
        "stratalign.duplicate-initiative",
    ]
    assert root.get("failures") == "0"


# -- bad decisions files ---------------------------------------------------------

BAD = [
    (
        "unknown-id",
        "decisions.yaml",
        "- {id: g-a, not_duplicate_of: g-bb}\n",
        1,
        "unknown id 'g-bb'",
        "did you mean 'g-b'",
    ),
    ("one-element", "decisions.yaml", "- id: g-a\n  not_duplicate_of: [g-a]\n", 2, "a decision on one element", ""),
    (
        "goal-and-initiative",
        "decisions.yaml",
        "- id: g-a\n  duplicate_of: [i-a]\n",
        2,
        "is a goal and 'i-a' an initiative",
        "between two goals or two initiatives",
    ),
    (
        "unknown-key",
        "decisions.yaml",
        "- {id: g-a, not_duplicate_of: g-b, reasn: x}\n",
        1,
        "unknown key 'reasn'",
        "did you mean 'reason'",
    ),
    (
        "no-verdict",
        "decisions.yaml",
        "- {id: g-a, reason: x}\n",
        1,
        "needs one of 'not_duplicate_of' or 'duplicate_of'",
        "",
    ),
    (
        "two-verdicts",
        "decisions.yaml",
        "- {id: g-a, not_duplicate_of: g-b}\n- {id: g-b, duplicate_of: g-a}\n",
        2,
        "is decided twice",
        "not-duplicate (line 1)",
    ),
    ("not-a-list", "decisions.yaml", "id: g-a\n", 1, "a decisions file is a list", ""),
    ("bad-date", "decisions.yaml", "- {id: g-a, not_duplicate_of: g-b, date: 1. maj}\n", 1, "YYYY-MM-DD", ""),
    ("yaml-syntax", "decisions.yaml", "- {id: g-a, not_duplicate_of: [g-b}\n", 1, "YAML syntax error", ""),
    (
        "turtle-unknown-iri",
        "decisions.ttl",
        "@prefix sa: <https://w3id.org/stratalign#> .\n\n<https://e.org/g-a> sa:notDuplicateOf <https://e.org/g-z> .\n",
        3,
        "unknown id 'https://e.org/g-z'",
        "",
    ),
    (
        "turtle-goal-and-initiative",
        "decisions.ttl",
        "@prefix sa: <https://w3id.org/stratalign#> .\n<https://e.org/g-a> sa:duplicateOf <https://e.org/i-b> .\n",
        2,
        "between two goals or two initiatives",
        "",
    ),
    ("turtle-syntax", "decisions.ttl", "@prefix sa: <https://w3id.org/stratalign#> .\n<a> sa:x .\n", 2, "", ""),
    (
        "turtle-no-decision",
        "decisions.ttl",
        "<https://e.org/x> <https://e.org/p> 1 .\n",
        None,
        "holds no duplicate decision",
        "",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "problem", "hint"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
@pytest.mark.parametrize("command", ["analyze", "check"])
def test_a_bad_decisions_file_is_exit_2_with_one_line(run, tmp_path, command, name, text, line, problem, hint):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(command, MODEL, "--decisions", path)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    where = f"{path}:{line}: " if line else f"{path}: "
    assert where in lines[0] and problem in lines[0] and hint in lines[0], lines
    assert "Traceback" not in result.stderr


def test_a_missing_decisions_file_is_exit_2(run, tmp_path):
    result = run("analyze", MODEL, "--decisions", tmp_path / "none.ttl")
    assert result.exit_code == 2 and "no such decisions file" in result.stderr


@pytest.mark.parametrize("command", ["report", "graph", "whatif"])
def test_every_command_takes_decisions(run, tmp_path, command):
    bad = tmp_path / "d.yaml"
    bad.write_text("- {id: g-a, not_duplicate_of: g-q}\n", encoding="utf-8")
    extra = ("--cancel", "i-a") if command == "whatif" else ("-o", tmp_path / "out.html")
    result = run(command, MODEL, "--decisions", bad, *extra)
    assert result.exit_code == 2 and f"{bad}:1: unknown id 'g-q'" in result.stderr


def test_config_lists_decisions_files_relative_to_itself(run, tmp_path):
    (tmp_path / "d.yaml").write_text(MERGE.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "stratalign.toml"
    config.write_text('[decisions]\nfiles = ["d.yaml"]\n', encoding="utf-8")
    doc = _analyze(run, "--config", config)
    assert [(d["kind"], d["verdict"]) for d in doc["decided"]] == [("duplicate-initiative", "merge-accepted")]
    config.write_text('[decisions]\nfile = "d.yaml"\n', encoding="utf-8")
    result = run("analyze", MODEL, "--config", config)
    assert result.exit_code == 2 and "unknown decisions setting 'file'" in result.stderr


# -- metamorphic: one decision set, three RDF syntaxes ------------------------------


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("nt", ".nt"), ("json-ld", ".jsonld"), ("turtle", ".ttl")], ids=["nt", "jsonld", "ttl"]
)
def test_the_same_decisions_in_any_rdf_syntax_give_the_same_result(run, tmp_path, fmt, suffix):
    graph = Graph().parse(TTL, format="turtle")
    path = tmp_path / f"decisions{suffix}"
    path.write_text(graph.serialize(format=fmt), encoding="utf-8")
    expected, got = _analyze(run, "--decisions", TTL), _analyze(run, "--decisions", path)

    def without_place(doc):
        return [{k: v for k, v in d.items() if k not in ("file", "line")} for d in doc["decided"]]

    assert got["findings"] == expected["findings"]
    assert without_place(got) == without_place(expected) and len(got["decided"]) == 1
    assert got["decided"][0]["file"] == str(path)


# -- SHACL ---------------------------------------------------------------------

SHACL_CASES = [
    ("plain-goal-initiative", "ex:g-a sa:notDuplicateOf ex:i-a .", "sa:notDuplicateOf must link"),
    ("merge-goal-initiative", "ex:i-a sa:duplicateOf ex:g-a .", "sa:duplicateOf must link"),
    ("itself", "ex:g-a sa:notDuplicateOf ex:g-a .", "sa:notDuplicateOf must link"),
    (
        "node-goal-initiative",
        "ex:d a sa:DuplicateDecision ; sa:decisionOn ex:g-a , ex:i-a ; sa:verdict sa:NotDuplicate .",
        "on two goals or on two initiatives",
    ),
    (
        "node-one-element",
        "ex:d a sa:DuplicateDecision ; sa:decisionOn ex:g-a ; sa:verdict sa:MergeAccepted .",
        "exactly two",
    ),
    ("node-no-verdict", "ex:d a sa:DuplicateDecision ; sa:decisionOn ex:g-a , ex:g-b .", "exactly one sa:verdict"),
]
HEAD = """@prefix sa: <https://w3id.org/stratalign#> .
@prefix ex: <https://e.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:g-a a sa:Goal ; rdfs:label "A" . ex:g-b a sa:Goal ; rdfs:label "B" . ex:i-a a sa:Initiative ; rdfs:label "I" .
"""


@pytest.mark.parametrize(("extra", "message"), [c[1:] for c in SHACL_CASES], ids=[c[0] for c in SHACL_CASES])
def test_shacl_rejects_a_decision_that_is_not_between_two_goals_or_two_initiatives(extra, message):
    from ontology.validation import validate

    outcome = validate(Graph().parse(data=HEAD + extra, format="turtle"))
    assert not outcome.conforms
    assert any(message in issue.message for issue in outcome.issues), [i.message for i in outcome.issues]


def test_shacl_accepts_both_forms_between_two_goals():
    from ontology.validation import validate

    good = (
        "ex:g-a sa:notDuplicateOf ex:g-b .\n"
        "ex:d a sa:DuplicateDecision ; sa:decisionOn ex:g-a , ex:g-b ; sa:verdict sa:NotDuplicate ; "
        '<http://purl.org/dc/terms/description> "why" .'
    )
    outcome = validate(Graph().parse(data=HEAD + good, format="turtle"))
    assert outcome.conforms, [i.message for i in outcome.issues]


# -- escaping and the library -------------------------------------------------------


def test_the_reason_is_escaped_in_the_html_report(run, tmp_path):
    hostile = tmp_path / "d.yaml"
    hostile.write_text('- {id: i-a, duplicate_of: i-b, reason: "<script>alert(1)</script>"}\n', encoding="utf-8")
    out = tmp_path / "r.html"
    assert run("report", MODEL, "--decisions", hostile, "-o", out, "--quiet").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert '<section id="decided">' in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_of_two_decisions_on_one_pair_the_later_wins():
    f = Finding("duplicate-goal", "warning", ("a", "b"), (), "…")
    first, later = Decision(("a", "b"), "not-duplicate", file="1"), Decision(("a", "b"), "merge-accepted", file="2")
    kept, decided, stale = apply_decisions([f], [first, later])
    assert (kept, [d.decision for d in decided], stale) == ([], [later], [])


def test_only_duplicate_kinds_are_decided():
    f = Finding("shared-goal", "warning", ("a", "b"), (), "…")
    kept, decided, stale = apply_decisions([f], [Decision(("a", "b"), "not-duplicate")])
    assert kept == [f] and decided == [] and len(stale) == 1


def test_rdf_decision_lines_are_found_by_name_not_by_substring_and_in_one_pass():
    """Regression: each decision's line is looked up in one index of the file's names (a scan of every
    line per decision was quadratic in a file of thousands), and ``g-a`` is not found inside ``g-ab``."""
    from alignment.duplicate_decisions import _line_of, _name_index

    lines = ["@prefix ex: <https://e/> .", "ex:g-ab sa:notDuplicateOf ex:g-b ."]
    lines += [f"ex:x{i} sa:notDuplicateOf <https://e/y{i}> ." for i in range(3000)]
    lines += ["ex:g-a sa:duplicateOf ex:g-b ."]
    index = _name_index(lines)
    assert _line_of(lines, ("https://e/g-a", "https://e/g-b"), index) == len(lines)
    assert _line_of(lines, ("https://e/g-ab", "https://e/g-b"), index) == 2
    assert _line_of(lines, ("https://e/x2999", "https://e/y2999"), index) == 3002
    assert _line_of(lines, ("https://e/x7", "https://e/nowhere"), index) == 10  # one named: its first line
    assert _line_of(lines, ("https://e/none", "https://e/nowhere"), index) is None
