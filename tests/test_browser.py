"""The report and the graph views in a real headless Chromium (Debian's, driven by Playwright).

Each page is opened from file://: no console error, no request but the file
itself, nodes drawn on the canvas, search and filters change what is shown, a
hostile label never runs, and a 5,000-node model stays usable. Locally these
tests skip without /usr/bin/chromium; in CI (CI=true) that skip is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import require
from synthetic import synthetic_ntriples  # tests/synthetic.py

from graphs import render_graph
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import make_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWS = ("coverage", "overlap", "conflicts")


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require(False, "playwright is not installed (pip install -e '.[test]')")
    manager = sync_playwright().start()
    chromium = manager.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield chromium
    chromium.close()
    manager.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, data):
    """The pages under test, written once: the Esbjerg report and views, the hostile ones, a 5,000-node view."""
    folder = tmp_path_factory.mktemp("site")
    esbjerg = load_model([example_path("esbjerg-2020")])
    hostile = load_model([data / "yaml" / "hostile.yaml"])
    pages = {"report-da": make_report(esbjerg, lang="da"), "report-en": make_report(esbjerg, lang="en")}
    pages["hostile-report"] = make_report(hostile, lang="da")
    # one target per status, the on-track indicator's label hostile (tests/data/progress/statuses.yaml)
    pages["progress-report"] = make_report(load_model([data / "progress" / "statuses.yaml"]), lang="en")
    for view in VIEWS:
        pages[f"view-{view}"] = render_graph(esbjerg, view=view)
        pages[f"hostile-{view}"] = render_graph(hostile, view=view, lang="en")
    big = folder / "big.nt"
    big.write_text(synthetic_ntriples(strategies=5, goals=100, initiatives=9), encoding="utf-8")
    pages["big"] = render_graph(load_model([big]), view="coverage")
    national = folder / "national.nt"  # 41 plans, ~700 findings: pages of rows and a table of pairs
    national.write_text(synthetic_ntriples(strategies=40, goals=2, initiatives=1), encoding="utf-8")
    pages["national-report"] = make_report(load_model([national]), lang="en")
    plans = folder / "plans.nt"  # 73 elements, limit 20: only the plans fit
    plans.write_text(synthetic_ntriples(strategies=4, goals=5, initiatives=2), encoding="utf-8")
    pages["plans-only"] = render_graph(load_model([plans]), view="coverage", lang="en", node_limit=20)
    paths = {}
    for name, html in pages.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def data():
    return Path(__file__).parent / "data"


class Page:
    """A page opened from file://, with everything it logged, requested and tried to show in a dialog."""

    def __init__(self, browser, path: Path, timeout: float = 30_000) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_selector(".sa-view[data-ready='1']", state="attached", timeout=timeout)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def view(self, expression: str):
        return self.eval(f"() => {{ const v = window.stratalignViews[0]; return {expression}; }}")

    def check_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [self.url], self.requests  # the file itself, nothing else
        assert self.dialogs == []
        assert self.eval("() => window.__pwned") is None

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def opened(browser):
    pages: list[Page] = []

    def open_page(path: Path, **kwargs) -> Page:
        page = Page(browser, path, **kwargs)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def drawn_pixels(page: Page) -> int:
    """Pixels on the network canvas that are not background: proof that something was drawn."""
    return page.eval(
        """() => {
        const canvas = document.querySelector('.sa-view canvas');
        const ctx = canvas.getContext('2d');
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < pixels.length; i += 4) { if (pixels[i + 3] > 0 && (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235)) n++; }
        return n;
    }"""
    )


@pytest.mark.parametrize("name", ["report-da", "report-en", "view-coverage", "view-overlap", "view-conflicts"])
def test_page_opens_offline_and_draws(opened, site, name):
    page = opened(site[name])
    assert page.view("v.renderedCount()") > 0
    assert page.view("v.network.body.nodeIndices.length") == page.view("v.renderedCount()")
    assert drawn_pixels(page) > 500
    page.check_clean()


def test_search_highlights_matches(opened, site):
    page = opened(site["view-coverage"])
    page.page.fill("[data-role=search]", "studerende")
    page.page.wait_for_function("() => document.querySelector('[data-role=matches]').textContent !== ''")
    assert page.page.text_content("[data-role=matches]") == "1 fundet"
    faded = page.view("v.network.body.data.nodes.get().filter(n => n.opacity < 0.5).length")
    assert faded == page.view("v.renderedCount()") - 1  # everything but the match fades
    page.page.press("[data-role=search]", "Enter")
    assert page.view("v.network.getSelectedNodes().length") == 1
    assert "10.000 studerende" in page.page.text_content("[data-role=details]")
    page.page.fill("[data-role=search]", "")
    page.page.wait_for_function("() => document.querySelector('[data-role=matches]').textContent === ''")
    assert page.view("v.network.body.data.nodes.get().filter(n => n.opacity < 0.5).length") == 0
    page.check_clean()


def test_kind_and_plan_filters_change_what_is_shown(opened, site):
    page = opened(site["view-coverage"])
    total = page.view("v.renderedCount()")
    page.page.uncheck("input[data-kind=initiative]")
    without = page.view("v.renderedCount()")
    assert without < total
    kinds = page.view("v.renderedIds().map(id => v.data.nodes.find(n => n.id === id).kind)")
    assert "initiative" not in kinds
    page.page.check("input[data-kind=initiative]")
    assert page.view("v.renderedCount()") == total

    page.page.click("[data-role=plans-none]")
    assert page.view("v.renderedCount()") == 0
    page.page.check("input[data-plan='0']")  # Vision 2020 (plans are sorted by label)
    shown = page.view("v.renderedIds().map(id => v.data.nodes.find(n => n.id === id).plans)")
    assert 0 < len(shown) < total and all(0 in plans for plans in shown)
    assert page.page.text_content("[data-role=status]").startswith(f"{len(shown)} af ")
    page.check_clean()


def test_layouts_switch_and_physics_stops(opened, site):
    page = opened(site["view-coverage"])
    before = page.view("v.network.getPositions()")
    page.page.select_option("[data-role=layout]", "lr")
    after = page.view("v.network.getPositions()")
    assert before != after
    page.page.select_option("[data-role=layout]", "force")
    page.page.wait_for_function(
        "() => !window.stratalignViews[0].network.physics.physicsEnabled", timeout=20_000
    )  # physics switched off again once stable
    page.check_clean()


def test_a_duplicate_link_s_tooltip_writes_its_score_as_danish(opened, site):
    # Regression: the link's tooltip wrote toFixed(2), "(0.81)", on a Danish page.
    page = opened(site["view-overlap"])
    titles = page.view("v.edgeTitles()")
    scores = [m.group(1) for t in titles if t and (m := re.search(r"\n\((.*)\)$", t))]  # the score's own line
    assert scores and all(re.fullmatch(r"\d,\d\d", s) for s in scores), titles
    page.check_clean()


def test_tooltip_shows_plain_text(opened, site):
    page = opened(site["view-coverage"])
    point = page.view(
        """(() => { const n = v.data.nodes.find(n => n.full === '10.000 studerende');
        const p = v.network.canvasToDOM(v.network.getPosition(n.id));
        const r = document.querySelector('[data-role=network]').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; })()"""
    )
    page.page.mouse.move(point[0], point[1])
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    text = page.page.inner_text("div.vis-tooltip")
    assert "10.000 studerende" in text and "Dækning: Dækket" in text and "Fund (1):" in text
    # the page writes the tooltip from the node's facts (graphs/views/payload.py sends facts, not text)
    full = page.view("v.tooltip(v.data.nodes.find(n => n.full === '10.000 studerende').id)").split("\n")
    assert full[:8] == [
        "10.000 studerende",
        "Type: Mål",
        "Plan(er): Vækststrategi 2020; Vision 2020",
        "Ejer: Esbjerg Byråd",
        "Dækning: Dækket",
        "Indsatser, der når målet: 1",
        # its target against the latest observation (no baseline yet, so no status: ingen data)
        "Seneste måling: 5.659 (2019) · mål: 10.000 (2020) · status: ingen data",
        "Fund (1):",
    ]
    assert full[8].startswith("• [advarsel] Målet «10.000 studerende» står i flere planer")
    assert full[-1] == "https://w3id.org/stratalign/example/esbjerg-2020/goal/studieby"
    energy = page.view("v.tooltip(v.data.nodes.find(n => n.full === 'Energiindsats (illustrativt eksempel)').id)")
    assert "Status: igangværende" in energy and "Ejer: Esbjerg Erhvervsudvikling (EEU)" in energy
    # text only: innerText turns line breaks into <br>, and nothing else becomes an element
    assert page.eval("() => [...document.querySelector('div.vis-tooltip').children].every(c => c.tagName === 'BR')")
    page.check_clean()


def test_report_findings_filter_and_sort(opened, site):
    page = opened(site["report-en"])
    rows = "#findings-table tbody tr"
    total = page.page.locator(rows).count()
    page.page.select_option("#filter-severity", "error")
    visible = page.eval(
        "() => [...document.querySelectorAll('#findings-table tbody tr')].filter(r => !r.hidden).map(r => r.dataset.severity)"
    )
    assert visible and set(visible) == {"error"} and len(visible) < total
    assert page.page.text_content("#findings-count") == f"{len(visible)} of {total} rows shown"
    page.page.select_option("#filter-severity", "")
    # a row passes the group filter when one of its findings is in the group
    page.page.select_option("#filter-group", "conflict")
    conflict_rows = page.eval(
        """() => { const d = JSON.parse(document.getElementById('report-data').textContent);
        return d.findingRows.filter(r => r[1].some(i => d.groups[d.findings[i][1]] === 'conflict')).length; }"""
    )
    assert 0 < page.page.locator(rows).count() == conflict_rows < total
    page.page.select_option("#filter-group", "")
    page.page.fill("#filter-text", "tertiary")
    assert (
        0
        < page.eval("() => [...document.querySelectorAll('#findings-table tbody tr')].filter(r => !r.hidden).length")
        < total
    )
    page.page.fill("#filter-text", "")
    # sort by the elements, then back the other way (in the page's collation)
    names = "() => [...document.querySelectorAll('#findings-table tbody tr td:nth-child(2)')].map(c => c.textContent)"
    collated = "names => names.slice().sort(new Intl.Collator('en', {numeric: true, sensitivity: 'base'}).compare)"
    page.page.click("#findings-table thead th:nth-child(2) button")
    elements = page.eval(names)
    assert elements == page.page.evaluate(collated, elements)
    page.page.click("#findings-table thead th:nth-child(2) button")
    elements = page.eval(names)
    assert elements == page.page.evaluate(collated, elements)[::-1]
    # the pair with a target conflict and a duplicate: one row naming both, the error first
    pair = page.page.locator(rows, has_text="conflicting targets")
    items = pair.locator("ul.r-row-findings li")
    assert items.count() == 2
    assert items.nth(0).locator("strong").text_content() == "conflicting targets"
    assert items.nth(1).locator("strong").text_content() == "duplicate goal"
    page.check_clean()


@pytest.mark.parametrize("name", ["hostile-report", "hostile-coverage", "hostile-overlap", "hostile-conflicts"])
def test_hostile_labels_do_not_execute(opened, site, name):
    page = opened(site[name])
    # hover and click every node, so every tooltip and the details box get the hostile text
    points = page.view(
        """(() => { const r = document.querySelector('[data-role=network]').getBoundingClientRect();
        return v.renderedIds().map(id => { const p = v.network.canvasToDOM(v.network.getPosition(id)); return [p.x + r.left, p.y + r.top]; }); })()"""
    )
    assert points
    for x, y in points:
        page.page.mouse.move(x, y)
        page.page.wait_for_timeout(150)
        page.page.mouse.click(x, y)
    page.page.fill("[data-role=search]", "<img")
    page.page.press("[data-role=search]", "Enter")
    page.page.wait_for_timeout(200)
    # the progress section's charts are the page's own SVG: exactly one per chart figure, none from a label
    assert (
        page.eval("() => document.querySelectorAll('img, iframe, svg:not(.vis-network svg):not(.r-chart)').length") == 0
    )
    assert page.eval("() => document.querySelectorAll('svg.r-chart').length") == page.eval(
        "() => document.querySelectorAll('figure.r-chart-box > svg.r-chart:only-of-type').length"
    )
    assert "<script>window.__pwned=1</script>" in page.eval("() => document.body.innerText")  # shown as text
    if name == "hostile-report":
        assert page.page.text_content("h1").startswith("</title><script>window.__pwned=1</script>")
    page.check_clean()


def test_five_thousand_nodes_stay_usable(opened, site):
    page = opened(site["big"], timeout=60_000)  # generous: speed figures belong in benchmarks
    assert page.view("v.data.total") >= 5000
    assert page.view("v.mode()") == "grouped"
    assert page.view("v.renderedCount()") <= page.view("v.data.limit")
    assert page.page.is_visible("[data-role=notice]")
    assert drawn_pixels(page) > 500
    # a filter to one strategy brings every element back, one by one
    page.page.click("[data-role=plans-none]")
    page.page.check("input[data-plan='1']")
    assert page.view("v.mode()") == "full"
    assert page.page.is_hidden("[data-role=notice]")
    assert page.view("v.litCount()") == 0
    assert page.view("v.search('Indsats 0.5.3')") == 1
    # and "show all anyway" draws everything, without physics
    page.page.click("[data-role=plans-all]")
    page.page.click("[data-role=show-all]")
    assert page.view("v.mode()") == "full" and page.view("v.renderedCount()") >= 5000
    assert page.view("v.network.physics.physicsEnabled") is False
    page.check_clean()


def test_report_pages_through_every_finding(opened, site):
    page = opened(site["national-report"])
    rows = "#findings-table tbody tr"
    data = "JSON.parse(document.getElementById('report-data').textContent)"
    total = page.eval(f"() => {data}.findingRows.length")
    assert total > 100 and page.page.locator(rows).count() == 100
    pager = ".r-pager[data-for='findings-table']"  # the table scrolls in its own box; the pager follows the box
    assert page.page.text_content(f"{pager} .r-pages") == f"Rows 1–100 of {total}"
    page.page.click(f"{pager} button:has-text('Next')")
    assert page.page.text_content(f"{pager} .r-pages") == f"Rows 101–200 of {total}"
    page.page.click(f"{pager} button:has-text('Last')")
    last = total - (total - 1) // 100 * 100
    assert page.page.locator(rows).count() == last  # the last page holds the rest: nothing is dropped
    page.page.select_option(f"{pager} select", "1000")
    assert page.page.locator(rows).count() == min(total, 1000)
    # the filters and the sort work on all rows, not on the page
    page.page.click("button.r-kind[data-kind='uncovered-goal']")
    cells = page.eval(
        "() => [...document.querySelectorAll('#findings-table tbody tr td:nth-child(3)')].map(c => c.textContent)"
    )
    assert len(cells) == 40 and all("uncovered goal: " in cell for cell in cells)
    assert page.page.text_content("#findings-count") == f"40 of {total} rows shown"
    page.page.select_option("#filter-kind", "")
    page.page.select_option(f"{pager} select", "25")
    page.page.click("#findings-table thead th:nth-child(2) button")
    page.page.click("#findings-table thead th:nth-child(2) button")  # descending
    first = page.page.text_content("#findings-table tbody tr td:nth-child(2)")
    highest = page.eval(
        f"""() => {{ const d = {data};
        const c = new Intl.Collator('en', {{numeric: true, sensitivity: 'base'}});
        return d.findingRows.map(r => r[2].map(i => d.labels[i]).join(' \\u2194 ')).sort(c.compare).pop(); }}"""
    )
    assert first == highest
    # too many plans for a matrix: a table of every pair, most overlap first
    assert page.page.locator("table.r-matrix").count() == 0
    totals = page.eval(
        "() => [...document.querySelectorAll('#pairs-table tbody tr td:nth-child(3)')].map(c => Number(c.textContent))"
    )
    assert totals and totals == sorted(totals, reverse=True)
    # the embedded view shows a node's findings from the report's own data
    tip = page.view("v.tooltip(v.data.nodes.find(n => n.nf).id)")
    assert "Findings (" in tip and "• [" in tip
    page.check_clean()


def test_plans_alone_above_the_limit_and_a_double_click_opens_one(opened, site):
    page = opened(site["plans-only"])
    assert page.view("v.mode()") == "plans" and page.view("v.renderedCount()") == 5
    assert "coloured by the share of their goals" in page.page.text_content("[data-role=notice]")
    nodes = page.view("v.network.body.data.nodes.get()")
    strategies = [n for n in nodes if n["label"].startswith("Strategi")]
    assert len(strategies) == 4 and all(
        n["label"].endswith(" %") and n["color"]["background"].startswith("rgb(") for n in strategies
    )
    assert drawn_pixels(page) > 500
    target = page.view("v.data.nodes.find(n => n.full === 'Strategi 1').id")
    point = page.view(
        f"""(() => {{ const p = v.network.canvasToDOM(v.network.getPosition({target}));
        const r = document.querySelector('[data-role=network]').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()"""
    )
    page.page.mouse.dblclick(point[0], point[1])
    page.page.wait_for_function("() => window.stratalignViews[0].mode() === 'full'")
    shown = page.view("v.renderedIds().map(id => v.data.nodes[id])")
    plan = page.view("v.data.plans.findIndex(p => p.label === 'Strategi 1')")
    assert len(shown) == 19 and all(
        plan in n["plans"] for n in shown
    )  # the strategy, 5 goals, 5 focus areas, 8 initiatives
    assert page.eval("() => [...document.querySelectorAll('input[data-plan]')].filter(b => b.checked).length") == 1
    assert page.page.is_hidden("[data-role=notice]")
    page.check_clean()


#: The progress section's charts as the browser has them: each SVG's role, name, title and drawn size.
_CHARTS = """() => [...document.querySelectorAll('#progress figure.r-chart-box')].map(f => {
    const svg = f.querySelector('svg'); const box = svg.getBoundingClientRect();
    return {caption: f.querySelector('figcaption').textContent, role: svg.getAttribute('role'),
            label: svg.getAttribute('aria-label'), title: svg.querySelector('title') && svg.querySelector('title').textContent,
            width: box.width, height: box.height, marks: svg.querySelectorAll('circle, rect, path').length};
})"""


@pytest.mark.parametrize(
    "name, charts, rows",
    [("report-da", 2, 5), ("report-en", 2, 5), ("progress-report", 5, 5)],
    ids=["esbjerg-da", "esbjerg-en", "statuses"],
)
def test_progress_section_renders_with_every_chart_and_its_text_alternative(opened, site, name, charts, rows):
    page = opened(site[name])
    page.page.click('nav.r-toc a[href="#progress"]')  # the navigation's anchor reaches it
    assert page.eval("() => location.hash") == "#progress"
    assert page.page.is_visible("#progress")
    assert page.eval("() => document.querySelectorAll('#progress .r-progress tbody tr').length") == rows
    statuses = page.eval(
        "() => [...document.querySelectorAll('#progress .r-progress tbody tr')].map(r => r.dataset.status)"
    )
    order = ["off-track", "behind", "no-data", "on-track", "reached"]
    assert statuses == sorted(statuses, key=order.index)  # worst first, as drawn
    badges = page.eval(
        "() => [...document.querySelectorAll('#progress .r-progress .r-status')].map(b => b.textContent.trim())"
    )
    assert all(len(b) > 2 for b in badges)  # a word beside the shape and the colour
    drawn = page.eval(_CHARTS)
    assert len(drawn) == charts
    for chart in drawn:
        assert chart["role"] == "img" and chart["label"] and chart["label"] == chart["title"]
        assert chart["label"].startswith(chart["caption"])  # the text alternative names the indicator, then its values
        assert chart["width"] > 200 and chart["height"] > 100 and chart["marks"] > 5
    page.check_clean()  # the hostile indicator label in a chart ran nothing
