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
