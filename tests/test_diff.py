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
