"""Whole percents round half up in every output (regression: Python's round() rounded half to even)."""

from __future__ import annotations

import pytest

from ontology.textsafety import percent


def _model(covered: int, goals: int = 8) -> str:
    lines = [
        "stratalign: 1",
        "base: https://ex.org/p/",
        "strategies:",
        "  - id: s",
        "    label: Strategi",
        "    goals:",
    ]
    for n in range(goals):
        lines += [f"      - id: g{n}", f"        label: Mål nummer {n} om emne {n}"]
        if n < covered:
            lines += ["        initiatives:", f"          - id: i{n}", f"            label: Indsats {n}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("covered", "shown"),
    [(1, "1 af 8 mål dækket (13 %)"), (3, "3 af 8 mål dækket (38 %)"), (5, "5 af 8 mål dækket (63 %)")],
    ids=["12.5", "37.5", "62.5"],
)
def test_a_coverage_of_half_a_percent_rounds_up(run, tmp_path, covered, shown):
    path = tmp_path / "m.yaml"
    path.write_text(_model(covered), encoding="utf-8")
    result = run("analyze", str(path))
    assert result.exit_code == 0, result.output
    assert shown in result.output


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.125, "13 %"), (0.375, "38 %"), (0.625, "63 %"), (0.145, "15 %"), (0.144, "14 %"), (1.0, "100 %"), (0.0, "0 %")],
)
def test_percent_rounds_half_up_on_the_share_as_written(share, text):
    assert percent(share) == text


def test_percent_of_nothing_is_a_dash():
    assert percent(None) == percent(float("nan")) == "–"


ONE_EACH = """stratalign: 1
base: https://ex.org/w/
indicators:
  - id: ind
    label: Indbyggertal
    baseline: 115000
    baseline_year: 2019
    data_source: DST
    observations: [{date: 2024-04-01, value: 115100}]
strategies:
  - id: s
    label: Strategi
    goals:
      - id: g
        label: Flere borgere
        targets: [{indicator: ind, value: 120000, year: 2025}]
        initiatives: [{id: i, label: Boliger, status: ongoing}]
"""


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("da", ["0 af 1 indsats afsluttet", "(1 af 1 måltal målt)", "115.100 pr. 1.4.2024"]),
        ("en", ["0 of 1 initiative completed", "(1 of 1 target measured)", "115,100 on 2024-04-01"]),
    ],
    ids=["danish", "english"],
)
def test_counts_say_one_in_the_singular_and_a_date_as_the_language_writes_it(run, tmp_path, lang, says):
    """Regression: "0 af 1 indsatser afsluttet", and "118.100 i 2024-04-01" in a Danish sentence."""
    path = tmp_path / "m.yaml"
    path.write_text(ONE_EACH, encoding="utf-8")
    result = run("analyze", str(path), "--lang", lang, "--as-of", "2025")
    for text in says:
        assert text in result.output, (text, result.output)


@pytest.mark.parametrize(
    ("lang", "says"),
    [("da", "4 (0 fejl, 2 advarsler, 2 info)"), ("en", "4 (0 errors, 2 warnings, 2 info)")],
    ids=["danish", "english"],
)
def test_the_report_overview_counts_severities_as_nouns(run, tmp_path, lang, says):
    """Regression: the report said "6 advarsel" and "5 error" (the severity's label, not a counted noun)."""
    path = tmp_path / "m.yaml"
    path.write_text(ONE_EACH, encoding="utf-8")
    for suffix in ("md", "html"):
        out = tmp_path / f"r.{suffix}"
        assert run("report", str(path), "--lang", lang, "--as-of", "2025", "-o", str(out)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        if suffix == "md":
            assert says in text
        else:  # one badge per severity
            for part in says.split("(")[1].rstrip(")").split(", "):
                assert f">{part}</span>" in text, part


@pytest.mark.parametrize(("lang", "shown"), [("da", "0,60"), ("en", "0.60")], ids=["danish", "english"])
def test_a_text_similarity_has_two_decimals_everywhere(lang, shown):
    """Regression: diff wrote "tekstlighed 0,6" where every other output writes two decimals ("0,81")."""
    from alignment.diff.render import _how
    from alignment.diff.result import OldSide

    side = OldSide("https://e.org/a", "A", [], [], match="text", score=0.6)
    assert shown in _how(side, lang)


@pytest.mark.parametrize(
    ("lexical", "lang", "shown"),
    [("2500000.5", "da", "2.500.000,50 kr."), ("2500000.5", "en", "2,500,000.50 DKK"), ("400000", "da", "400.000 kr.")],
)
def test_money_has_two_decimals_or_none(lexical, lang, shown):
    """Regression: "Frigjort budget: 2.500.000,5 kr." (kroner are written with two decimals or none)."""
    from alignment.whatif.render import amount

    assert amount(lexical, "DKK", lang) == shown
