"""The cross-impact matrices: `graph --view influence`, the report's influence section (HTML and Markdown),
and, in a real headless Chromium, sorting by a header (click and keyboard), text in every cell, axe-core."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import require
from test_accessibility import axe_violations  # noqa: F401  (axe-core injected from the wheel)
from test_browser import CHROMIUM, browser  # noqa: F401  (the module's Chromium fixture)

from alignment import influence_edges
from graphs import MATRIX_LIMIT, SCALE_COLORS, influence_grids, project, render_graph, render_influence_view
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import make_report

NET = Path(__file__).parent / "data" / "influence" / "network.yaml"
NEGATIVE_MIX = Path(__file__).parent / "data" / "influence" / "negative-mix.yaml"
PLANS = Path(__file__).parent / "data" / "influence" / "plans.yaml"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
BREAKOUT = "</script><img src=x onerror=alert(1)><!-- Goal 000"


def hostile_model(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "base: https://example.org/h/\ngoals:\n"
        f"  - {{id: a, label: '{HOSTILE}', influences: [{{goal: b, strength: -2}}]}}\n"
        "  - {id: b, label: '</script><script>window.__pwned=2</script>'}\n",
        encoding="utf-8",
    )
    return path


def grid_data(html: str) -> dict:
    """The grids' data as the page holds it (one JSON block)."""
    found = re.search(r'<script type="application/json" id="sa-grid-data">([^<]*)</script>', html)
    assert found, "no grid data in the page"
    return json.loads(found.group(1))


def cell_texts(data: dict, grid: int = 0) -> list[tuple[int, str]]:
    """Each scored cell of an element-level grid: its strength and the text the page writes in it."""
    level = data["grids"][grid]["levels"][0]
    assert not level["rowsGrouped"] and not level["colsGrouped"]
    return [(pos + neg, data["strengths"][pos + neg + 3]) for _, _, pos, neg, _ in level["cells"]]


def test_the_view_shows_number_and_word_in_each_cell(run, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = run("graph", NET, "--view", "influence", "--lang", "en", "-o", out)
    assert result.exit_code == 0, result.output
    data = grid_data(out.read_text(encoding="utf-8"))
    # network.yaml: 7 scored cells, each with its number and its word (6 goal x goal, 1 initiative x goal)
    assert sorted(cell_texts(data) + cell_texts(data, 1)) == sorted(
        [
            (3, "+3 indivisible"),
            (2, "+2 reinforcing"),
            (-1, "-1 constraining"),
            (1, "+1 enabling"),
            (1, "+1 enabling"),
            (0, "0 consistent"),
            (-3, "-3 cancelling"),
        ]
    )
    assert [g["name"] for g in data["grids"]] == ["goal", "initiative"]
    assert data["colors"] == [SCALE_COLORS[v] for v in range(-3, 4)]


def test_the_danish_view_uses_danish_words(run, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    assert run("graph", NET, "--view", "influence", "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    data = grid_data(html)
    assert (3, "+3 uadskillelig") in cell_texts(data) and (-3, "-3 ophævende") in cell_texts(data, 1)
    assert 'lang="da"' in html and data["words"]["matrix_unscored"] == "ikke scoret"


def test_labels_are_escaped(tmp_path: Path) -> None:
    html = render_graph(load_model([hostile_model(tmp_path)]), view="influence", lang="en")
    assert HOSTILE not in html and "<script>window.__pwned" not in html
    block = html.split('id="sa-grid-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block  # \u003c and \u003e: nothing in it can end the script
    labels = [row[0] for row in grid_data(html)["grids"][0]["levels"][0]["rows"]]
    assert labels == [HOSTILE]  # the label itself, whole, for textContent


def big_model(tmp_path: Path, n: int = 200, per_goal: int = 20, hostile: bool = False) -> Path:
    """n goals, each scoring ``per_goal`` others (every strength of the scale): an n x n matrix."""
    lines = ["base: https://example.org/big/", "goals:"]
    for i in range(n):
        targets = ", ".join(
            f"{{goal: g{(i + k * 7) % n}, strength: {(i * 3 + k) % 7 - 3}}}" for k in range(1, per_goal + 1)
        )
        label = BREAKOUT if hostile and i == 0 else f"Goal {i:03d}"
        lines.append(f"  - {{id: g{i}, label: {json.dumps(label)}, influences: [{targets}]}}")
    path = tmp_path / f"big-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_200_by_200_matrix_is_shown_in_full(tmp_path: Path) -> None:
    # formerly: only the top 50 (MATRIX_LIMIT was 50) with a note; the view is virtualised now
    html = render_graph(load_model([big_model(tmp_path, per_goal=3)]), view="influence", lang="en")
    levels = grid_data(html)["grids"][0]["levels"]
    assert MATRIX_LIMIT == 200 and [level["id"] for level in levels] == ["all"]
    assert len(levels[0]["rows"]) == 200 and len(levels[0]["cols"]) == 200 and len(levels[0]["cells"]) == 600
    assert "Rows: 200, columns: 200; every element is shown." in html and 'class="sa-level"' not in html


def test_beyond_the_limit_the_view_groups_by_plan_and_offers_the_top(tmp_path: Path) -> None:
    html = render_graph(load_model([big_model(tmp_path, n=201, per_goal=3)]), view="influence", lang="en")
    plans, top = grid_data(html)["grids"][0]["levels"]
    strengths = [(i * 3 + k) % 7 - 3 for i in range(201) for k in (1, 2, 3)]  # as big_model writes them
    positive, negative = sum(s for s in strengths if s > 0), sum(s for s in strengths if s < 0)
    assert (positive, negative) == (516, -518)
    # no goal is in a plan: one group, every influence in it
    assert plans["rowsGrouped"] and plans["colsGrouped"] and plans["rows"] == [["(no plan)", 516, -518, 603, 201]]
    assert len(top["rows"]) == 200 and len(top["cols"]) == 200
    assert "201 rows and 201 columns: more than 200, so the elements are grouped by plan (1 groups)." in html
    assert top["note"] == "Showing the 200 of 201 rows and 200 of 201 columns with the most influence."
    assert 'aria-pressed="true">Grouped by plan</button>' in html


def _grids(path: Path, limit: int, lang: str = "en") -> list[dict]:
    model = load_model([path])
    graph = project(model)
    kinds = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
    labels = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
    plans = {n: d.get("plans", ()) for n, d in graph.nodes(data=True)}
    return influence_grids(influence_edges(model.store), kinds, labels, plans, lang, limit=limit)


def test_grouping_by_plan_counts_by_hand() -> None:
    # tests/data/influence/plans.yaml: 6 influencing goals (a-f), 4 influenced (a-d); limit 2: both axes grouped
    (grid,) = _grids(PLANS, limit=2)
    level = grid["levels"][0]
    assert level["id"] == "plans" and level["rowsGrouped"] and level["colsGrouped"]
    # [label, sum of positive strengths, sum of negative, influences, elements]; e is in both plans, f in none
    assert level["rows"] == [
        ["Plan One", 6, -1, 4, 3],  # a->c +2, a->d -1, b->c +3, e->a +1
        ["Plan Two", 2, -5, 4, 3],  # c->a -3, d->a +1, d->b -2, e->a +1
        ["(no plan)", 2, 0, 1, 1],  # f->b +2
    ]
    assert level["cols"] == [
        ["Plan One", 4, -5, 5, 2],  # into a, b: c->a -3, d->a +1, d->b -2, e->a +1, f->b +2
        ["Plan Two", 5, -1, 3, 2],  # into c, d: a->c +2, a->d -1, b->c +3
    ]
    assert level["cells"] == [[0, 0, 1, 0, 1], [0, 1, 5, -1, 3], [1, 0, 2, -5, 4], [2, 0, 2, 0, 1]]
    top = grid["levels"][1]
    assert [r[0] for r in top["rows"]] == ["Goal A", "Goal B"] and [c[0] for c in top["cols"]] == ["Goal A", "Goal C"]
    assert top["cells"] == [[0, 1, 2, 0, 1], [1, 1, 3, 0, 1]]  # a->c, b->c: the top ones' own influences only


@pytest.mark.parametrize(
    ("args", "first_level"),
    [
        pytest.param((), "all", id="default-200"),
        pytest.param(("--limit", "2"), "plans", id="limit-2-groups"),
        pytest.param(("--limit", "6"), "all", id="limit-6-within"),
    ],
)
def test_graph_limit_reaches_the_influence_view(run, args, first_level) -> None:
    """`graph --limit N` is the matrix's element-by-element limit for `--view influence` (default 200):
    plans.yaml has 6 influencing and 4 influenced goals."""
    result = run("graph", PLANS, "--view", "influence", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    (grid,) = grid_data(result.stdout)["grids"]
    assert grid["levels"][0]["id"] == first_level


@pytest.mark.parametrize(
    ("limit", "rows_grouped", "cols_grouped", "rows"),
    [
        (4, True, False, ["Plan One", "Plan Two", "(no plan)"]),  # 6 rows > 4, 4 columns = 4
        # by total |strength|: a, b, c, d 3 each (ties by label), f 2, e 1
        (6, False, False, ["Goal A", "Goal B", "Goal C", "Goal D", "Goal F", "Goal E"]),
    ],
    ids=["rows-only", "within"],
)
def test_only_an_axis_beyond_the_limit_is_grouped(
    limit: int, rows_grouped: bool, cols_grouped: bool, rows: list
) -> None:
    level = _grids(PLANS, limit=limit)[0]["levels"][0]
    assert (level["rowsGrouped"], level["colsGrouped"]) == (rows_grouped, cols_grouped)
    assert [r[0] for r in level["rows"]] == rows


def test_the_grouped_view_speaks_danish() -> None:
    (grid,) = _grids(PLANS, limit=2, lang="da")
    assert grid["levels"][0]["rows"][2][0] == "(ingen plan)"
    assert grid["levels"][0]["note"].startswith(
        "6 rækker og 4 kolonner: over 2, så elementerne er grupperet efter plan"
    )
    assert grid["levels"][1]["button"] == "De 2 med mest påvirkning"


def test_unscored_links_read_as_plus_one_and_minus_two(tmp_path: Path) -> None:
    # esbjerg-2020 scores nothing: its contributes_to links to goals are +1. It has no hinders link (the
    # earlier form of this test found "-2 counteracting" in the page's scale legend); negative-mix.yaml's is -2.
    data = grid_data(render_graph(load_model([example_path("esbjerg-2020")]), view="influence", lang="en"))
    texts = {text for g in range(2) for _, text in cell_texts(data, g)}
    assert len(data["grids"]) == 2 and texts == {"+1 enabling"}
    mixed = grid_data(render_graph(load_model([NEGATIVE_MIX]), view="influence", lang="en"))
    assert "-2 counteracting" in {text for g in range(len(mixed["grids"])) for _, text in cell_texts(mixed, g)}


def test_a_model_without_any_influence_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.yaml"
    path.write_text("goals:\n  - {id: a, label: A}\n", encoding="utf-8")
    html = render_graph(load_model([path]), view="influence", lang="en")
    assert 'role="grid"' not in html and "The model has no influences." in html
    assert grid_data(html)["grids"] == []


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


def _open(browser, html: str, tmp_path: Path, name: str = "m.html"):  # noqa: F811
    """A page of the view, opened from file://, that records errors and any request but the file."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.errors, page.requests = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".sa-grid[data-ready='1']", state="attached")
    page.uri = path.resolve().as_uri()
    return page


def _close(page) -> None:
    assert page.errors == [] and page.requests == [page.uri]
    page.close()


@pytest.fixture
def matrix_page(browser, tmp_path: Path):  # noqa: F811
    page = _open(browser, render_graph(load_model([NET]), view="influence", lang="en"), tmp_path)
    yield page
    _close(page)


@pytest.fixture(scope="module")
def big_html(tmp_path_factory) -> dict[str, str]:
    """The 200 x 200 view (200 goals, each scoring 20 others; goal 0's label hostile), in English and Danish."""
    model = load_model([big_model(tmp_path_factory.mktemp("big"), hostile=True)])
    return {lang: render_graph(model, view="influence", lang=lang) for lang in ("en", "da")}


@pytest.fixture
def big_page(browser, big_html, tmp_path: Path):  # noqa: F811
    page = _open(browser, big_html["en"], tmp_path)
    yield page
    _close(page)


GOAL_GRID = ".sa-grid[data-matrix=goal]"


def _first_column(page) -> list[str]:
    return page.evaluate(
        f"() => [...document.querySelectorAll('{GOAL_GRID} [role=rowheader]')].map(h => h.textContent)"
    )


def _sort_by(page, label: str):
    header = page.locator(f"{GOAL_GRID} button.sa-sort", has_text=label)
    header.click()
    return header


@pytest.mark.slow
def test_clicking_a_header_sorts_the_rows(matrix_page) -> None:
    require(CHROMIUM.exists(), "no Chromium")
    page = matrix_page
    # columns of the goal matrix by influence: Goal C (|3|+|-1|), Goal B (2), Goal A (1), Goal H (1), Goal F (0)
    header = _sort_by(page, "Goal C")
    assert _first_column(page)[:2] == ["Goal A", "Goal B"]  # +3, then -1; unscored rows last
    assert (
        page.locator(f"{GOAL_GRID} button.sa-sort", has_text="Goal C").evaluate(
            "b => b.parentElement.getAttribute('aria-sort')"
        )
        == "descending"
    )
    header = _sort_by(page, "Goal C")
    assert _first_column(page)[:2] == ["Goal B", "Goal A"]  # ascending: -1 before +3
    assert header.evaluate("b => b.parentElement.getAttribute('aria-sort')") == "ascending"
    page.locator(f"{GOAL_GRID} button.sa-sort", has_text="Total").focus()
    page.keyboard.press("Enter")  # a button: the keyboard sorts as a click does
    assert _first_column(page) == ["Goal A", "Goal C", "Goal G", "Goal E", "Goal B"]  # 5, 1, 1, 0, -1
    cells = page.evaluate("() => [...document.querySelectorAll('[role=gridcell][style]')].map(td => td.textContent)")
    assert all(re.fullmatch(r"[+-]?\d [a-z]+", text) for text in cells) and len(cells) == 7


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(__import__("test_accessibility").axe_path()))
    return page.evaluate(
        """async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id); }""",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    )


@pytest.mark.slow
def test_the_matrix_view_passes_axe(matrix_page) -> None:
    assert _axe(matrix_page) == []
    assert matrix_page.evaluate("() => window.__pwned") is None


_DRAWN = f"""() => {{ const g = document.querySelector('{GOAL_GRID}');
    return {{cells: g.querySelectorAll('[role=gridcell]').length,
             rows: [...g.querySelectorAll('[role=row]')].map(r => Number(r.getAttribute('aria-rowindex'))),
             labels: [...g.querySelectorAll('[role=rowheader]')].map(h => h.textContent),
             top: g.scrollTop, height: g.scrollHeight - g.clientHeight}}; }}"""


@pytest.mark.slow
def test_every_row_of_200_is_reached_by_scrolling_with_few_cells_drawn(big_page) -> None:
    page = big_page
    grid = page.locator(GOAL_GRID)
    assert grid.get_attribute("aria-rowcount") == "201" and grid.get_attribute("aria-colcount") == "202"
    seen: set[str] = set()
    rows: set[int] = set()
    most = 0
    while True:
        drawn = page.evaluate(_DRAWN)
        seen |= set(drawn["labels"])
        rows |= set(drawn["rows"])
        most = max(most, drawn["cells"])
        if drawn["top"] >= drawn["height"]:
            break
        grid.evaluate("g => { g.scrollTop += g.clientHeight - 60; }")
        # the scroll event asks for a frame; two frames later the rows in view are drawn
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert rows == set(range(1, 202))  # the header row and all 200 rows, each at its aria-rowindex
    assert len(seen) == 200 and BREAKOUT in seen
    assert 0 < most < 2000  # of 40,000: only the rows and columns in view and a margin


@pytest.mark.slow
def test_every_row_and_column_of_200_is_reached_by_keyboard(big_page) -> None:
    page = big_page
    page.locator(f"{GOAL_GRID} [role=gridcell][tabindex='0']").focus()  # the grid's one tab stop
    where = "() => { const a = document.activeElement; const cell = a.closest('[aria-colindex]'); return [Number(cell.parentElement.getAttribute('aria-rowindex')), Number(cell.getAttribute('aria-colindex'))]; }"
    assert page.evaluate(where) == [2, 3]
    # every cell focused on the way, as the page saw it (one round trip per key press, not two)
    page.evaluate(
        f"""() => {{ window.__reached = []; document.querySelector('{GOAL_GRID}').addEventListener('focusin', e => {{
        const cell = e.target.closest('[aria-colindex]');
        window.__reached.push([Number(cell.parentElement.getAttribute('aria-rowindex')), Number(cell.getAttribute('aria-colindex'))]); }}); }}"""
    )
    for _ in range(200):
        page.keyboard.press("ArrowDown")
    reached = page.evaluate("() => window.__reached")
    assert {r for r, _ in reached} == set(range(3, 202)) and page.evaluate(where) == [201, 3]  # no row past the last
    page.evaluate("() => { window.__reached = []; }")
    for _ in range(201):
        page.keyboard.press("ArrowRight")
    assert {c for _, c in page.evaluate("() => window.__reached")} == set(range(4, 203))  # the 200 goals' columns
    assert page.evaluate(where) == [201, 202]
    page.keyboard.press("Control+Home")
    assert page.evaluate(where) == [1, 1]
    page.keyboard.press("Control+End")
    assert page.evaluate(where) == [201, 202]
    assert (
        page.evaluate("() => document.querySelectorAll('[tabindex=\"0\"]').length") == 1
    )  # one tab stop (goals only: one grid)
    assert page.evaluate(_DRAWN)["cells"] < 2000
    # the drawn columns line up under their headers (the script's cell sizes are the style sheet's)
    lefts = page.evaluate(
        f"""() => {{ const g = document.querySelector('{GOAL_GRID}'); const x = e => Math.round(e.getBoundingClientRect().left);
        return [...g.querySelectorAll('.sa-grid-head [aria-colindex]')].map(h => [x(h),
            x(g.querySelector('[role=row][aria-rowindex="201"] [aria-colindex="' + h.getAttribute('aria-colindex') + '"]'))]); }}"""
    )
    assert len(lefts) > 5 and all(head == cell for head, cell in lefts)


@pytest.mark.slow
def test_sorting_200_rows_by_a_column(big_page, big_html) -> None:
    page = big_page
    level = grid_data(big_html["en"])["grids"][0]["levels"][0]
    first = level["cols"][0][0]  # the column with the most influence
    values = sorted((pos + neg for r, c, pos, neg, _ in level["cells"] if c == 0), reverse=True)
    _sort_by(page, first)
    shown = page.evaluate(
        f"() => [...document.querySelectorAll('{GOAL_GRID} [role=row]')].slice(1).map(r => r.querySelector('[aria-colindex=\"3\"]').getAttribute('data-value'))"
    )
    scored = [int(v) for v in shown if v is not None]
    assert scored == values[: len(scored)] and len(scored) >= 10  # strongest first, as drawn at the top
    page.locator(GOAL_GRID).evaluate("g => { g.scrollTop = g.scrollHeight; }")
    page.wait_for_function(f"() => document.querySelector('{GOAL_GRID} [role=row][aria-rowindex=\"201\"]')")
    last = page.evaluate(
        f"() => document.querySelector('{GOAL_GRID} [role=row][aria-rowindex=\"201\"] [aria-colindex=\"3\"]').getAttribute('data-value')"
    )
    assert last is None  # unscored rows last


@pytest.mark.slow
def test_the_200_by_200_grid_passes_axe_and_its_hostile_label_is_inert(browser, big_html, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "m.html"
    path.write_text(big_html["en"], encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(".sa-grid[data-ready='1']", state="attached")
    assert _axe(page) == []
    rows = [r[0] for r in grid_data(big_html["en"])["grids"][0]["levels"][0]["rows"]]
    page.locator(GOAL_GRID).evaluate("(g, i) => { g.scrollTop = i * 28; }", rows.index(BREAKOUT))
    head = page.locator(f"{GOAL_GRID} [role=rowheader]", has_text="</script>")
    head.wait_for()
    assert head.text_content() == BREAKOUT and head.get_attribute("title") == BREAKOUT  # text, whole
    column = page.locator(f"{GOAL_GRID} button.sa-sort", has_text="</script>")
    assert column.count() in (0, 1)  # drawn only when in view; as text when drawn
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0 and dialogs == []
    page.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", r"[+-]?\d (cancelling|counteracting|constraining|consistent|enabling|reinforcing|indivisible)"),
        ("da", r"[+-]?\d (ophævende|modvirkende|begrænsende|forenelig|muliggørende|forstærkende|uadskillelig)"),
    ],
    ids=["en", "da"],
)
def test_the_cells_say_number_and_word(browser, big_html, tmp_path: Path, lang: str, words: str) -> None:  # noqa: F811
    page = _open(browser, big_html[lang], tmp_path)
    texts = page.evaluate("() => [...document.querySelectorAll('[role=gridcell][style]')].map(c => c.textContent)")
    assert texts and all(re.fullmatch(words, t) for t in texts)
    assert page.evaluate("() => document.documentElement.lang") == lang
    _close(page)


@pytest.mark.slow
def test_the_grouped_grid_switches_to_the_top_elements(browser, tmp_path: Path) -> None:  # noqa: F811
    model = load_model([PLANS])
    graph = project(model)
    kinds = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
    labels = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
    plans = {n: d.get("plans", ()) for n, d in graph.nodes(data=True)}
    html = render_influence_view(influence_edges(model.store), kinds, labels, "en", plans=plans, limit=2)
    page = _open(browser, html, tmp_path)
    grid = page.locator(GOAL_GRID)
    assert grid.get_attribute("aria-rowcount") == "4"  # the header and three groups
    assert _first_column(page) == ["Plan One (3 elements)", "Plan Two (3 elements)", "(no plan) (1 elements)"]
    cell = page.locator(f"{GOAL_GRID} [role=row][aria-rowindex='2'] [aria-colindex='4']")
    assert cell.text_content() == "+5 / -1 (3)" + "+5 positive, -1 negative, 3 influences"  # shown, then spoken
    assert _axe(page) == []
    page.get_by_role("button", name="The 2 with the most influence").click()
    assert grid.get_attribute("aria-rowcount") == "3" and _first_column(page) == ["Goal A", "Goal B"]
    assert page.locator("#sa-note-goal").text_content().startswith("Showing the 2 of 6 rows")
    _close(page)
