"""`stratalign diff`: goals and initiatives kept, renamed, merged, added, dropped and moved, and target changes."""

from __future__ import annotations

import json
import re

import pytest

from alignment.diff import diff_models, render_diff
from ontology.examples import example_path
from ontology.loaders import load_model


@pytest.fixture(scope="module")
def esbjerg() -> dict:
    from click.testing import CliRunner

    from stratalign.cli import cli

    result = CliRunner().invoke(
        cli, ["diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _entry(doc: dict, label: str, kind: str = "goals") -> dict:
    return next(
        e for e in doc[kind] if (e["new"] and e["new"]["label"] == label) or any(o["label"] == label for o in e["old"])
    )


def test_esbjerg_120000_citizens_became_a_vaguer_aim(esbjerg):
    entry = _entry(esbjerg, "Flere borgere")
    assert entry["status"] == "merged"  # "120.000 borgere i 2020" and "Øge kommunens indbyggertal til 120.000"
    old = next(o for o in entry["old"] if o["label"] == "120.000 borgere i 2020")
    assert old["match"] == "text" and 0.38 <= old["score"] < 1 and old["same_indicator"]
    changes = {c["kind"]: c for c in old["changes"]}
    assert changes["vaguer"]["old"] == "120000" and "befolkningstilvækst" in changes["vaguer"]["new"]
    assert (changes["year"]["old"], changes["year"]["new"]) == ("2020", None)
    other = next(o for o in entry["old"] if o["label"].startswith("Øge kommunens"))
    assert other["moved"] == {"from": ["Vækststrategi 2020"], "to": ["Vision 2025 – Energi til mere"]}


def test_esbjerg_energy_metropolis_goals_merged_and_moved(esbjerg):
    entry = _entry(esbjerg, "Styrke profilen som energimetropol med et større fokus på bæredygtighed")
    assert entry["status"] == "merged" and entry["moved"]
    assert len(entry["old"]) == 2 and all(o["score"] >= 0.38 for o in entry["old"])


def test_esbjerg_plans_matched_and_added(esbjerg):
    plans = {(p["old_label"], p["new_label"], p["status"]) for p in esbjerg["plans"]}
    assert ("Vision 2020", "Vision 2025 – Energi til mere", "matched") in plans
    assert ("Vækststrategi 2020", "Strategi for Vækst – Energi til udvikling", "matched") in plans
    assert (None, "Strategi for Velfærd – Energi til det gode liv", "added") in plans


def test_esbjerg_summary_counts_add_up(esbjerg):
    goals = esbjerg["summary"]["goals"]
    new_goals = sum(1 for e in esbjerg["goals"] if e["new"])
    assert new_goals == 16 and goals["added"] + goals["merged"] + goals["renamed"] + goals["kept"] == new_goals
    assert goals["dropped"] == sum(1 for e in esbjerg["goals"] if not e["new"])


def test_esbjerg_text_shows_scores(run):
    result = run("diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "--lang", "en")
    assert result.exit_code == 0
    assert re.search(r"from «120\.000 borgere i 2020» \(text similarity 0\.\d\d and same indicator\)", result.stdout)
    assert "replaced by a vaguer aim" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_danish_diff_writes_scores_with_a_decimal_comma(run, fmt):
    # Regression: the Danish diff wrote "tekstlighed 0.81", an English number in a Danish sentence.
    result = run(
        "diff", "--old-example", "esbjerg-2020", "--new-example", "esbjerg-2025", "--lang", "da", "--format", fmt
    )
    assert result.exit_code == 0
    scores = re.findall(r"tekstlighed (\d[.,]\d\d)", result.stdout)
    assert scores and all("," in s for s in scores), scores


@pytest.fixture(scope="module")
def fixture_diff():
    from pathlib import Path

    folder = Path(__file__).parent / "data/diff"
    return diff_models(load_model([folder / "old.yaml"]), load_model([folder / "new.yaml"]), lang="en")


@pytest.mark.parametrize(
    ("label", "status", "match", "changes", "moved"),
    [
        ("Grøn omstilling", "kept", "id", [], False),
        ("Flere og bedre cykelstier", "renamed", "id", [], False),
        ("Flere arbejdspladser", "kept", "id", ["value", "year"], False),
        ("Trafik i midtbyen", "kept", "id", ["direction"], False),
        ("Flere borgere", "renamed", "text", ["vaguer", "year", "vaguer-text"], False),
        ("Bedre erhvervsservice", "kept", "id", [], True),
        ("<b>Mere</b> kultur", "added", None, [], False),
        ("Ny svømmehal", "dropped", None, [], False),
    ],
    ids=["kept", "renamed-same-id", "value-and-year", "direction", "number-to-vaguer-aim", "moved", "added", "dropped"],
)
def test_each_kind_of_change(fixture_diff, label, status, match, changes, moved):
    entry = fixture_diff.find(label)
    assert entry is not None and entry.status == status
    if entry.old and entry.new:
        assert entry.old[0].match == match
        assert [c.kind for c in entry.old[0].changes] == changes
    assert entry.moved is moved


def test_initiative_status_change_and_move(fixture_diff):
    entry = fixture_diff.find("Erhvervskontakt", "initiative")
    assert entry.status == "kept" and entry.moved
    assert [(c.kind, c.old, c.new) for c in entry.old[0].changes] == [("status", "planned", "completed")]


def test_a_model_against_itself_is_all_kept():
    model = example_path("horsens-2014")
    result = diff_models(load_model([model]), load_model([model]))
    assert {e.status for e in result.goals + result.initiatives} == {"kept"}
    assert not any(e.moved or e.changed for e in result.goals)


def test_html_is_self_contained_and_escaped(run, data, tmp_path):
    out = tmp_path / "diff.html"
    result = run("diff", data / "diff/old.yaml", data / "diff/new.yaml", "--format", "html", "-o", out)
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;Mere&lt;/b&gt; kultur" in html and "<b>Mere</b>" not in html
    assert "<script" not in html and not re.search(r"""(src|href)\s*=""", html)
    assert "<style>" in html and html.lstrip().startswith("<!DOCTYPE html>")


def test_json_and_text_agree(fixture_diff):
    doc = json.loads(render_diff(fixture_diff, "json"))
    assert doc["summary"]["goals"] == fixture_diff.counts(fixture_diff.goals)
    assert "Flere borgere" in render_diff(fixture_diff, "text")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--old-example", "esbjerg-2020"), "give NEW"),
        ((), "give OLD"),
        (("a.yaml", "b.yaml", "c.yaml"), "too many models"),
        (("--old-example", "nope", "--new-example", "esbjerg-2025"), "no example named 'nope'"),
    ],
    ids=["no-new", "nothing", "three-models", "unknown-example"],
)
def test_usage_errors_exit_2(run, args, message):
    result = run("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("lang", ["da", "en"])
def test_html_names_every_status_in_each_language(data, lang):
    """The page's template runs with undefined names an error (one Jinja environment for every page):
    each status, match and change of the fixture renders in both languages."""
    from alignment.diff import WORDS

    result = diff_models(load_model([data / "diff/old.yaml"]), load_model([data / "diff/new.yaml"]), lang=lang)
    html = render_diff(result, "html")
    w = WORDS[lang]
    for word in (w["kept"], w["renamed"], w["added"], w["dropped"], w["moved"], w["match_id"]):
        assert word in html
    assert w["status"].split(":")[0] in html and '<li class="vaguer">' in html


# Two versions of one small model: each kind of target change, with numbers of four digits and more
# and a decimal (1500.5), so every place the diff writes a number from the model shows its style.
_NUMBERS_OLD = """\
stratalign: 1
base: https://e.org/n2020/
indicators:
  - {id: jobs, label: Arbejdspladser}
  - {id: pop, label: Befolkning}
  - {id: cars, label: Biler}
  - {id: co2, label: CO2-udledning}
visions:
  - id: v
    label: Vision
    goals:
      - {id: work, label: Flere arbejdspladser, targets: [{indicator: jobs, value: 1000, year: 2020, direction: increase}]}
      - {id: citizens, label: Flere borgere, targets: [{indicator: pop, value: 50000, year: 2030, direction: increase}]}
      - {id: traffic, label: Mindre trafik, targets: [{indicator: cars, direction: decrease}]}
      - {id: climate, label: Mindre udledning, targets: [{indicator: co2, value: 1234.5, year: 2030}]}
"""
_NUMBERS_CHANGES = (
    ("n2020", "n2030"),
    ("value: 1000, year: 2020", "value: 1500.5, year: 2030"),  # value and year
    ("value: 50000, year: 2030, direction: increase", "direction: increase, description: Vækst hvert år"),  # vaguer
    ("{indicator: cars, direction", "{indicator: cars, value: 2500, year: 2030, direction"),  # sharper
    ("{indicator: co2, value: 1234.5, year: 2030}", "{indicator: pop, value: 120000, year: 2030}"),  # removed, added
)


@pytest.fixture
def number_models(tmp_path):
    new_text = _NUMBERS_OLD
    for before, after in _NUMBERS_CHANGES:
        assert before in new_text
        new_text = new_text.replace(before, after)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_NUMBERS_OLD, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    return old, new


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        (
            "da",
            [
                "måltal for Arbejdspladser: 1.000 → 1.500,5",
                "målår for Arbejdspladser: 2020 → 2030",
                "tallet 50.000 for Befolkning er erstattet af et mindre præcist mål: «Vækst hvert år»",
                "målår for Befolkning: 2030 → –",
                "Biler har fået et måltal: 2.500 i 2030 (mindske)",
                "måltallet på CO2-udledning er udgået: 1.234,5 i 2030",
                "nyt måltal på Befolkning: 120.000 i 2030",
            ],
            ["1000", "1500", "50000", "2500", "1234", "120000", "1,000", "1.500.5", "2.030", "2.020"],
        ),
        (
            "en",
            [
                "target value for Arbejdspladser: 1,000 → 1,500.5",
                "target year for Arbejdspladser: 2020 → 2030",
                "the number 50,000 for Befolkning is replaced by a vaguer aim: «Vækst hvert år»",
                "target year for Befolkning: 2030 → –",
                "Biler now has a target value: 2,500 in 2030 (decrease)",
                "the target on CO2-udledning is dropped: 1,234.5 in 2030",
                "new target on Befolkning: 120,000 in 2030",
            ],
            ["1000", "1500", "50000", "2500", "1234", "120000", "1.000", "1.500,5", "2,030", "2,020"],
        ),
    ],
    ids=["danish", "english"],
)
def test_target_numbers_in_the_language_s_number_style(run, number_models, lang, expected, absent, fmt):
    # Regression: the Danish diff wrote "måltal for Arbejdspladser: 1000 → 1500.5" and "tallet 50000",
    # where analyze writes 1.000 and 1.500,5 (ontology.format_number). Years stay as written: 2030.
    result = run("diff", *number_models, "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert [line for line in expected if line not in result.stdout] == [], result.stdout
    assert [number for number in absent if number in result.stdout] == [], result.stdout


@pytest.mark.parametrize("lang", ["da", "en"], ids=["danish", "english"])
def test_json_keeps_the_target_numbers_plain(run, number_models, lang):
    """The JSON's ``old`` and ``new`` are data: plain numbers in both languages (the ``message`` is the sentence)."""
    result = run("diff", *number_models, "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.output
    changes = {
        c["kind"]: (c["old"], c["new"])
        for e in json.loads(result.stdout)["goals"]
        for o in e["old"]
        for c in o["changes"]
    }
    in_year = "i 2030" if lang == "da" else "in 2030"
    assert changes["value"] == ("1000", "1500.5")
    assert changes["vaguer"] == ("50000", "Vækst hvert år")
    assert changes["sharper"] == (None, "2500")
    assert changes["target-removed"] == (f"1234.5 {in_year}", None)
    assert changes["target-added"][1].startswith(f"120000 {in_year}")


@pytest.mark.parametrize("fmt", ["text", "html"])
@pytest.mark.parametrize(("lang", "expected"), [("da", "1.000 nye"), ("en", "1,000 added")], ids=["danish", "english"])
def test_summary_counts_in_the_language_s_number_style(lang, expected, fmt):
    """A national model's diff counts goals in thousands: written as analyze writes its counts."""
    from alignment.diff import Diff, Entry

    goals = [Entry("goal", "added", {"iri": f"g{i}", "label": f"Mål {i}", "plan_labels": []}, []) for i in range(1000)]
    page = render_diff(Diff("old.yaml", "new.yaml", lang, [], goals, []), fmt)
    assert expected in page
    assert (
        json.loads(render_diff(Diff("old.yaml", "new.yaml", lang, [], goals, []), "json"))["summary"]["goals"]["added"]
        == 1000
    )


LABELS = (
    "base: https://e.org/d/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
    "      - id: g\n        label: {{da: Rent vand, en: {en}}}\n"
)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_label_changed_in_one_language_only_is_a_rename(run, tmp_path, lang):
    """Regression: "Clean water" → "Clean drinking water" with the Danish label unchanged was "kept", with no
    change and "0 renamed", also under --lang en."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(LABELS.format(en="Clean water"), encoding="utf-8")
    new.write_text(LABELS.format(en="Clean drinking water"), encoding="utf-8")
    doc = json.loads(run("diff", old, new, "--format", "json", "--lang", lang).stdout)
    (goal,) = [e for e in doc["goals"] if e["status"] != "added"]
    assert goal["status"] == "renamed"
    (change,) = goal["old"][0]["changes"]
    assert (change["kind"], change["old"], change["new"]) == ("label", "Clean water", "Clean drinking water")
    text = run("diff", old, new, "--lang", lang).stdout
    assert "(en): «Clean water» → «Clean drinking water»" in text
    assert doc["summary"]["goals"]["changed"] == 0  # a label is no target change
    same = run("diff", old, old, "--format", "json", "--lang", lang)
    assert [e["status"] for e in json.loads(same.stdout)["goals"]] == ["kept"]


TWO_TARGETS = """base: https://e.org/tg/
indicators:
  - {id: pop, label: Indbyggertal}
strategies:
  - id: s
    label: Strategi
    goals:
      - id: g
        label: LABEL
        targets:
TARGETS"""


def _two_versions(tmp_path, old_targets, new_targets, old_label="Flere borgere", new_label="Flere borgere"):
    paths = []
    for name, label, targets in (("old", old_label, old_targets), ("new", new_label, new_targets)):
        lines = "".join(f"          - {{indicator: pop, {t}, direction: increase}}\n" for t in targets)
        path = tmp_path / f"{name}.yaml"
        path.write_text(TWO_TARGETS.replace("LABEL", label).replace("TARGETS", lines), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize(
    ("old", "dropped"),
    [
        (["value: 120000, year: 2025", "value: 120000, year: 2030"], "120,000 in 2025 (increase)"),
        (["value: 120000", "value: 120000, year: 2030"], "120,000 (increase)"),
    ],
    ids=["earlier-year", "no-year"],
)
def test_dropping_one_of_two_targets_is_that_one_dropped(run, tmp_path, old, dropped):
    """Regression: the old targets took the first new one by value in turn, so dropping 120.000 (2025) beside an
    unchanged 120.000 (2030) read as "2025 → 2030" and "120.000 in 2030 dropped"."""
    result = run("diff", *_two_versions(tmp_path, old, ["value: 120000, year: 2030"]), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"the target on Indbyggertal is dropped: {dropped}" in result.output
    assert "target year" not in result.output and "in 2030 (increase)" not in result.output.split("dropped:")[1]


def test_a_number_inside_a_name_is_no_number_of_the_text(run, tmp_path):
    """Regression: renaming "Mindre CO2-udledning" said the numbers in the text (2) were gone."""
    versions = _two_versions(tmp_path, [], [], old_label="Mindre CO2-udledning", new_label="Grønt liv og bæredygtighed")
    result = run("diff", *versions, "--lang", "en", "--format", "json")
    assert "(2)" not in result.output and "numbers in the text" not in result.output


@pytest.mark.parametrize(
    "lexical", ['"NaN"^^xsd:decimal', '"INF"^^xsd:double', '"1_000"^^xsd:integer', '" 1000 "^^xsd:integer']
)
def test_a_value_no_command_reads_is_no_value_to_diff_either(run, tmp_path, lexical):
    """Regression: diff read target values with Decimal(), which takes NaN, 1_000 and spaces: a file compared with
    itself said "NaN → NaN", and 1000 → "1_000"^^xsd:integer (no value to analyze) was no change."""
    head = (
        "@prefix sa: <https://w3id.org/stratalign#> . @prefix ex: <https://x.test/ill/> . "
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ex:s a sa:Strategy ; rdfs:label "S"@da ; sa:hasGoal ex:g .\n'
        'ex:g a sa:Goal ; rdfs:label "Flere job"@da ; sa:measuredBy ex:i ; sa:hasTarget ex:t .\n'
        'ex:i a sa:Indicator ; rdfs:label "Job"@da .\n'
        "ex:t a sa:Target ; sa:indicator ex:i ; sa:targetValue VALUE ; sa:targetYear 2030 .\n"
    )
    ill, ok = tmp_path / "ill.ttl", tmp_path / "ok.ttl"
    ill.write_text(head.replace("VALUE", lexical), encoding="utf-8")
    ok.write_text(head.replace("VALUE", "1000"), encoding="utf-8")
    same = run("diff", str(ill), str(ill), "--lang", "en")
    assert "0 with target changes" in same.output.split("Initiatives")[0] and "NaN" not in same.output
    changed = run("diff", str(ok), str(ill), "--lang", "en")
    assert "the number 1,000 for Job is replaced by a vaguer aim" in changed.output
