"""The cross-impact matrices: `graph --view influence`, the report's influence section (HTML and Markdown),
and, in a real headless Chromium, sorting by a header (click and keyboard), text in every cell, axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import require
from test_accessibility import axe_violations  # noqa: F401  (axe-core injected from the wheel)
from test_browser import CHROMIUM, browser  # noqa: F401  (the module's Chromium fixture)

from graphs import MATRIX_LIMIT, render_graph
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import make_report

NET = Path(__file__).parent / "data" / "influence" / "network.yaml"
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def hostile_model(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "base: https://example.org/h/\ngoals:\n"
        f"  - {{id: a, label: '{HOSTILE}', influences: [{{goal: b, strength: -2}}]}}\n"
        "  - {id: b, label: '</script><script>window.__pwned=2</script>'}\n",
        encoding="utf-8",
    )
    return path


def test_the_view_shows_number_and_word_in_each_cell(run, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = run("graph", NET, "--view", "influence", "--lang", "en", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    cells = re.findall(r'<td data-value="(-?\d)" style="background:#[0-9a-f]{6}">([^<]*)</td>', html)
    # network.yaml: 7 scored cells, each with its number and its word
    assert sorted(cells) == sorted(
        [
            ("3", "+3 indivisible"),
            ("2", "+2 reinforcing"),
            ("-1", "-1 constraining"),
            ("1", "+1 enabling"),
            ("1", "+1 enabling"),
            ("0", "0 consistent"),
            ("-3", "-3 cancelling"),
        ]
    )
    assert html.count("<table") == 2  # goal × goal, initiative × goal


def test_the_danish_view_uses_danish_words(run, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    assert run("graph", NET, "--view", "influence", "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "-3 ophævende" in html and "+3 uadskillelig" in html and 'lang="da"' in html


def test_labels_are_escaped(tmp_path: Path) -> None:
    html = render_graph(load_model([hostile_model(tmp_path)]), view="influence", lang="en")
    assert HOSTILE not in html and "&lt;img src=x" in html
    assert "<script>window.__pwned" not in html


def test_a_large_matrix_shows_the_top_rows_and_columns_with_a_note(tmp_path: Path) -> None:
    # 200 goals, each scoring the next three: a 200 x 200 matrix
    n = 200
    lines = ["base: https://example.org/big/", "goals:"]
    for i in range(n):
        targets = ", ".join(f"{{goal: g{(i + k) % n}, strength: {(i + k) % 7 - 3}}}" for k in (1, 2, 3))
        lines.append(f"  - {{id: g{i}, label: Goal {i}, influences: [{targets}]}}")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = render_graph(load_model([path]), view="influence", lang="en")
    assert f"Showing the {MATRIX_LIMIT} of 200 rows and {MATRIX_LIMIT} of 200 columns" in html
    assert html.count("<tr>") == MATRIX_LIMIT + 1  # the header row and the rows shown


def test_unscored_links_read_as_plus_one_and_minus_two(tmp_path: Path) -> None:
    # esbjerg-2020 scores nothing: its contributes_to links to goals are +1, its one hinders link -2
    html = render_graph(load_model([example_path("esbjerg-2020")]), view="influence", lang="en")
    assert html.count("<table") == 2 and "-2 counteracting" in html and "+1 enabling" in html


def test_a_model_without_any_influence_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.yaml"
    path.write_text("goals:\n  - {id: a, label: A}\n", encoding="utf-8")
    html = render_graph(load_model([path]), view="influence", lang="en")
    assert "<table" not in html and "The model has no influences." in html


def test_the_report_has_the_section_only_with_scored_influences() -> None:
    with_influences = make_report(load_model([NET]), lang="en")
    assert 'id="influence"' in with_influences and 'href="#influence"' in with_influences
    assert "sa-matrix-table" in with_influences and "+3 indivisible" in with_influences
    plain = make_report(load_model([example_path("esbjerg-2020")]), lang="en")
    assert 'id="influence"' not in plain and "sa-matrix" not in plain


def test_the_markdown_report_has_the_matrix_as_a_table() -> None:
    md = make_report(load_model([NET]), fmt="md", lang="da")
    section = md.split("## Påvirkninger", 1)[1].split("\n## ", 1)[0]
    assert "| Goal A | +3 uadskillelig | +2 forstærkende |" in section
    assert "1. Goal A: 5 direkte, 0 gennem ét mellemled" in section


# -- in a real browser ---------------------------------------------------------------------------------


@pytest.fixture
def matrix_page(browser, tmp_path: Path):  # noqa: F811
    path = tmp_path / "m.html"
    path.write_text(render_graph(load_model([NET]), view="influence", lang="en"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    yield page
    assert errors == [] and requests == [path.resolve().as_uri()]
    page.close()


def _first_column(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelector('table[data-matrix=goal] tbody').rows].map(r => r.cells[0].textContent)"
    )


@pytest.mark.slow
def test_clicking_a_header_sorts_the_rows(matrix_page) -> None:
    require(CHROMIUM.exists(), "no Chromium")
    page = matrix_page
    # columns of the goal matrix by influence: Goal C (|3|+|-1|), Goal B (2), Goal A (1), Goal H (1), Goal F (0)
    header = page.locator("table[data-matrix=goal] thead button", has_text="Goal C")
    header.click()
    assert _first_column(page)[:2] == ["Goal A", "Goal B"]  # +3, then -1; unscored rows last
    assert header.evaluate("b => b.parentElement.getAttribute('aria-sort')") == "descending"
    header.click()
    assert _first_column(page)[:2] == ["Goal B", "Goal A"]  # ascending: -1 before +3
    total = page.locator("table[data-matrix=goal] thead button", has_text="Total")
    total.focus()
    page.keyboard.press("Enter")  # a button: the keyboard sorts as a click does
    assert _first_column(page) == ["Goal A", "Goal C", "Goal G", "Goal E", "Goal B"]  # 5, 1, 1, 0, -1
    cells = page.evaluate("() => [...document.querySelectorAll('td[style]')].map(td => td.textContent)")
    assert all(re.fullmatch(r"[+-]?\d [a-z]+", text) for text in cells) and len(cells) == 7


@pytest.mark.slow
def test_the_matrix_view_passes_axe(matrix_page) -> None:
    page = matrix_page
    page.add_script_tag(path=str(__import__("test_accessibility").axe_path()))
    found = page.evaluate(
        """async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id); }""",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    )
    assert found == []
    assert page.evaluate("() => window.__pwned") is None
