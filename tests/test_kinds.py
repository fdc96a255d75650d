"""Every declared finding kind is whole: its query, both languages, a fires/quiet fixture pair, and its docs.

A kind is declared once, beside its rule (``alignment/rules/<family>.py``); these tests
hold each declaration to what the rest of the product derives from it. Fixtures live in
``tests/data/kinds/<kind>/{fires,quiet}.yaml`` (or ``.ttl``); the kinds declared before
that folder existed reuse their pair in ``tests/data/rules/<kind>-{fires,quiet}.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment import kinds_doc
from alignment.analyze import analyze
from alignment.findings import DEFAULT_SEVERITY, GROUPS, KINDS, SEVERITIES, WAITS, Kind
from alignment.messages import KIND_TITLES, MESSAGES, RULE_TITLES
from alignment.queries import get_query
from alignment.rules import BY_NAME, DECLARATIONS, LATE_RULES, RULES, TEXT_RULES
from ontology.loaders import load_model

DATA = Path(__file__).parent / "data"
LANGS = ("da", "en")
IDS = [kind.name for kind in DECLARATIONS]


def _fixture(kind: str, which: str) -> Path | None:
    for suffix in (".yaml", ".ttl"):
        path = DATA / "kinds" / kind / f"{which}{suffix}"
        if path.exists():
            return path
    older = DATA / "rules" / f"{kind}-{which}.yaml"
    return older if older.exists() else None


def test_names_are_unique_and_the_order_is_group_by_group():
    assert len(IDS) == len(set(IDS)) == len(BY_NAME)
    groups = [kind.group for kind in DECLARATIONS]
    assert groups == sorted(groups, key=GROUPS.index), "findings are reported group by group, in declaration order"


@pytest.mark.parametrize("kind", DECLARATIONS, ids=IDS)
def test_the_declaration_names_known_values(kind: Kind):
    assert kind.name == kind.name.lower() and " " not in kind.name
    assert kind.group in GROUPS and kind.severity in SEVERITIES and kind.waits in WAITS
    assert callable(kind.rule) and kind.subjects


@pytest.mark.parametrize("kind", [k for k in DECLARATIONS if k.query], ids=[k.name for k in DECLARATIONS if k.query])
def test_its_query_exists_and_is_described_in_both_languages(kind: Kind):
    assert kind.query is not None
    query = get_query(kind.query)  # KeyError when the .rq is missing
    assert query.path.name == f"{kind.query}.rq"
    assert query.description and query.danish, (
        f"{query.path.name} needs an English first comment line and a '# da:' line"
    )
    assert query.description != query.danish


@pytest.mark.parametrize("kind", DECLARATIONS, ids=IDS)
def test_both_languages_with_the_same_placeholders(kind: Kind):
    for table in (kind.message, kind.title, kind.rule_title):
        assert set(table) == set(LANGS), table
    assert kind.placeholders("da") == kind.placeholders("en")
    assert all(len(kind.title[lang]) == 2 and all(kind.title[lang]) for lang in LANGS)
    if kind.decisions:
        assert set(kind.decisions) == set(LANGS)
        assert len(kind.decisions["da"]) == len(kind.decisions["en"]) > 0


@pytest.mark.parametrize("kind", DECLARATIONS, ids=IDS)
def test_it_fires_on_its_fixture(kind: Kind):
    path = _fixture(kind.name, "fires")
    assert path is not None, f"no tests/data/kinds/{kind.name}/fires.yaml"
    found = [f for f in analyze(load_model([path])).findings if f.kind == kind.name]
    assert found, f"{path.name}: no {kind.name}"
    assert all(f.group == kind.group and f.severity == kind.severity for f in found)


@pytest.mark.parametrize("kind", DECLARATIONS, ids=IDS)
def test_it_stays_quiet_on_its_fixture(kind: Kind):
    path = _fixture(kind.name, "quiet")
    assert path is not None, f"no tests/data/kinds/{kind.name}/quiet.yaml"
    assert [f.subjects for f in analyze(load_model([path])).findings if f.kind == kind.name] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_tables_other_modules_import_are_derived_from_the_declarations(lang: str):
    assert KINDS == {kind.name: kind.group for kind in DECLARATIONS}
    assert DEFAULT_SEVERITY == {kind.name: kind.severity for kind in DECLARATIONS}
    assert [k for k in MESSAGES] == IDS and all(MESSAGES[k.name][lang] == k.message[lang] for k in DECLARATIONS)
    assert list(KIND_TITLES[lang]) == IDS
    assert list(RULE_TITLES[lang]) == [*IDS, "shacl-violation"]
    assert set(RULES) | set(LATE_RULES) == set(IDS) and not set(RULES) & set(LATE_RULES)
    assert TEXT_RULES == {k.name for k in DECLARATIONS if k.waits == "texts"} <= set(RULES)


def test_docs_findings_md_is_what_the_declarations_give():
    written = kinds_doc.DOC_PATH.read_text(encoding="utf-8")
    assert written == kinds_doc.findings_markdown(), "docs/findings.md is stale: run `python -m alignment.kinds_doc`"
    assert kinds_doc.main(["--check"]) == 0


@pytest.mark.parametrize("kind", DECLARATIONS, ids=IDS)
def test_the_docs_describe_it(kind: Kind):
    section = kinds_doc.findings_markdown().split(f'<a id="{kind.name}"></a>', 1)[1].split("<a id=", 1)[0]
    assert f"**Default severity:** {kind.severity}" in section and f"**Group:** {kind.group}" in section
    for decision in kind.decisions.get("en", ()):
        assert decision.split()[0] in section


def test_the_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "findings.md"
    stale.write_text(kinds_doc.findings_markdown().replace("warning", "warnung", 1), encoding="utf-8")
    monkeypatch.setattr(kinds_doc, "DOC_PATH", stale)
    assert kinds_doc.main(["--check"]) == 1
    assert kinds_doc.main([]) == 0 and kinds_doc.main(["--check"]) == 0


@pytest.mark.parametrize(
    ("lang", "title"),
    [("da", "modarbejdende indsats eller mål"), ("en", "initiative or goal working against a goal")],
    ids=LANGS,
)
def test_a_goal_working_against_a_goal_is_not_called_an_initiative(run, tmp_path, lang, title):
    """Regression: the kind's title said "modarbejdende indsats" when the one working against was a goal."""
    model = tmp_path / "hinders.yaml"
    model.write_text(
        "base: https://e.org/h/\nstrategies:\n  - id: s\n    label: S\n    goals:\n"
        "      - {id: a, label: Flere biler i midtbyen, hinders: [b]}\n      - {id: b, label: Renere luft}\n",
        encoding="utf-8",
    )
    lines = [line for line in run("analyze", model, "--lang", lang).stdout.splitlines() if "«Flere biler" in line]
    assert any(f"] {title}: «Flere biler i midtbyen»" in line for line in lines), lines
