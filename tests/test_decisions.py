"""The decision page: findings grouped by connected subjects, ranked by severity, size, plans, then names."""

from __future__ import annotations

import pytest

from alignment.analyze import analyze
from alignment.findings import Finding
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import report_content
from reports.decisions import decisions, group_findings

P1, P2, P3 = "p:1", "p:2", "p:3"
NAMES = {
    "g:a": "Alfa",
    "g:b": "Beta",
    "g:c": "Cirkel",
    "g:d": "Delta",
    "i:x": "Xylofon",
    "i:y": "Yoga",
    "p:1": "Plan 1",
}


def name(iri: str) -> str:
    return NAMES.get(iri, iri)


def f(kind: str, severity: str, subjects: tuple[str, ...], plans: tuple[str, ...] = (P1,)) -> Finding:
    return Finding(kind, severity, subjects, plans, f"{kind} {subjects}")


# one pair of goals as four findings (a duplicate, a target conflict, two uncovered goals), a lone shared goal,
# three lone initiatives without owner (bundled), and a goal conflict of two other goals
FINDINGS = [
    f("duplicate-goal", "warning", ("g:a", "g:b"), (P1, P2)),  # 0
    f("missing-owner", "info", ("i:x",)),  # 1
    f("target-conflict", "error", ("g:a", "g:b"), (P1, P2)),  # 2
    f("uncovered-goal", "error", ("g:a",), (P1,)),  # 3
    f("uncovered-goal", "error", ("g:b",), (P2,)),  # 4
    f("missing-owner", "info", ("i:y",)),  # 5
    f("goal-conflict", "warning", ("g:c", "g:d"), (P1, P2, P3)),  # 6
    f("shared-goal", "warning", ("g:c",), (P1, P2)),  # 7
    f("missing-owner", "info", ("i:z",)),  # 8
]


def test_findings_about_connected_elements_are_one_issue():
    groups = sorted(sorted(g) for g in group_findings(FINDINGS))
    assert groups == [[0, 2, 3, 4], [1], [5], [6, 7], [8]]


def test_ranking_is_severity_then_findings_then_plans_then_names():
    issues = decisions(FINDINGS, name)
    assert [i.findings for i in issues] == [(0, 2, 3, 4), (6, 7), (1, 5, 8)]
    assert [i.rank for i in issues] == [1, 2, 3]
    first = issues[0]
    assert first.severity == "error" and first.kinds == ("duplicate-goal", "target-conflict", "uncovered-goal")
    assert first.subjects == ("g:a", "g:b") and first.plans == (P1, P2) and not first.bundled
    assert issues[2].bundled and issues[2].kinds == ("missing-owner",)
    assert issues[0].anchor == "issue-1"


@pytest.mark.parametrize(
    "names, expected",
    [
        pytest.param({"g:a": "Alfa", "g:b": "Beta"}, ["g:a", "g:b"], id="by-label"),
        pytest.param({"g:a": "Ører", "g:b": "alfa"}, ["g:b", "g:a"], id="label-casefolded-not-iri"),
    ],
)
def test_ties_are_broken_by_labels(names, expected):
    same = [f("uncovered-goal", "error", (s,), (P1,)) for s in ("g:a", "g:b")]
    # the two lone findings have the same kind and plans: bundled; with different plans they tie and sort by name
    apart = [f("uncovered-goal", "error", ("g:a",), (P1,)), f("uncovered-goal", "error", ("g:b",), (P2,))]
    assert len(decisions(same, names.get)) == 1
    assert [i.subjects[0] for i in decisions(apart, names.get)] == expected


def test_every_finding_is_in_exactly_one_issue_and_the_order_does_not_depend_on_input_order():
    issues = decisions(FINDINGS, name)
    assert sorted(i for issue in issues for i in issue.findings) == list(range(len(FINDINGS)))
    reversed_issues = decisions(FINDINGS[::-1], name)
    n = len(FINDINGS) - 1
    assert [sorted(n - i for i in issue.findings) for issue in reversed_issues] == [
        sorted(issue.findings) for issue in issues
    ]


def test_a_long_chain_is_linear_and_one_issue():
    chain = [f("duplicate-goal", "warning", (f"g:{i}", f"g:{i + 1}")) for i in range(20000)]
    assert [len(i.findings) for i in decisions(chain)] == [20000]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_esbjerg_decision_page(lang):
    model = load_model([example_path("esbjerg-2020")])
    content = report_content(model, analyze(model, lang=lang), lang)
    first = content["decisions"][0]
    # the two population goals: the duplicate, the target conflict, both coverage gaps and, since the
    # example carries its observations (115,652 in 2019 against 120,000 in 2020), both off track, in one card
    assert first["kinds"] == ["duplicate-goal", "target-conflict", "uncovered-goal", "off-track-goal"]
    assert len(first["findings"]) == 6 and first["severity"] == "error"
    words = {"da": ("dubleret mål", "modstridende måltal"), "en": ("duplicate goal", "conflicting targets")}[lang]
    assert all(w in first["headline"] for w in words) and "120.000 borgere i 2020" in first["headline"]
    assert sum(len(d["findings"]) for d in content["decisions"]) == len(content["findings"])
