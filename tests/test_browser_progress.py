"""`graph --colour progress` in a real headless Chromium: the legend is visible and names each status in
the page's language, an off-track goal's tooltip states its status and its latest observation against
its target, the canvas label carries the status marker, and axe-core's WCAG 2.2 AA rules pass.

Locally these tests skip without /usr/bin/chromium (or axe-core); under CI=true that skip fails.
"""

from __future__ import annotations

import pytest
from test_accessibility import axe_violations
from test_browser import Page, browser  # noqa: F401  (the module's Chromium fixture)

from graphs import render_graph
from ontology.examples import example_path
from ontology.loaders import load_model

pytestmark = pytest.mark.slow

GOAL = "https://w3id.org/stratalign/example/esbjerg-2020/goal/120000-borgere-i-2020"
EXPECTED = {
    "da": {
        "legend": ["✕ af sporet", "○ ingen data", "– intet måltal"],
        "heading": "Fremdrift",
        "status": "Fremdrift: af sporet",
        "measure": "Seneste måling: 115.652 (2019) · mål: 120.000 (2020) · status: af sporet",
    },
    "en": {
        "legend": ["✕ off track", "○ no data", "– no target"],
        "heading": "Progress",
        "status": "Progress: off track",
        "measure": "Latest observation: 115,652 (2019) · target: 120,000 (2020) · status: off track",
    },
}


HOSTILE = '</title><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1"> & {status}'
TWO_TARGETS = f"""
base: https://example.org/hostile-progress/
indicators:
  - {{id: safe, label: Safe indicator, baseline: 100, baseline_year: 2020, observations: {{2024: 140}}}}
  - id: evil
    label: '{HOSTILE}'
    baseline: 100
    baseline_year: 2020
    observations: {{2022: 90}}
visions:
  - id: v
    label: Vision
    goals:
      - {{id: g, label: Two targets, targets: [{{indicator: safe, value: 200, year: 2030}}, {{indicator: evil, value: 200, year: 2030}}]}}
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("progress-views")
    model = load_model([example_path("esbjerg-2020")])
    paths = {}
    for lang in ("da", "en"):
        for view in ("coverage", "overlap"):
            path = folder / f"{view}-{lang}.html"
            path.write_text(render_graph(model, view=view, lang=lang, colour="progress"), encoding="utf-8")
            paths[view, lang] = path
    hostile = folder / "hostile.yaml"
    hostile.write_text(TWO_TARGETS, encoding="utf-8")
    paths["hostile"] = folder / "hostile.html"
    paths["hostile"].write_text(
        render_graph(load_model([hostile]), view="coverage", lang="en", colour="progress"), encoding="utf-8"
    )
    return paths


@pytest.fixture
def opened(browser):  # noqa: F811
    made: list[Page] = []

    def open_page(path, **kwargs) -> Page:
        page = Page(browser, path, **kwargs)
        made.append(page)
        return page

    yield open_page
    for page in made:
        page.close()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("view", ["coverage", "overlap"])
def test_the_legend_is_visible_and_names_the_statuses(opened, pages, view, lang):
    page = opened(pages[view, lang])
    words = EXPECTED[lang]
    heading = page.page.locator("[data-role=progress-legend]")
    assert heading.is_visible() and heading.inner_text() == words["heading"]
    items = page.page.locator(".sa-legend-item[data-progress]")
    assert items.count() == 3
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    for shown, expected in zip(texts, words["legend"]):
        assert shown.startswith(expected)  # marker and word, then the border in words
        assert "(" in shown
    assert all(items.nth(i).is_visible() for i in range(items.count()))
    # the coverage legend is not shown: a goal's fill is its progress now
    assert page.page.locator(".sa-legend-item[data-state]").count() == 0
    page.check_clean()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_off_track_goals_tooltip_states_status_and_latest_observation(opened, pages, lang):
    page = opened(pages["coverage", lang])
    words = EXPECTED[lang]
    point = page.view(
        f"""(() => {{ const n = v.data.nodes.find(n => n.iri === {GOAL!r});
        const p = v.network.canvasToDOM(v.network.getPosition(n.id));
        const r = document.querySelector('[data-role=network]').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()"""
    )
    page.page.mouse.move(point[0], point[1])
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    lines = page.page.inner_text("div.vis-tooltip").split("\n")
    assert words["status"] in lines
    assert words["measure"] in lines
    # the canvas label carries the status as marker and word below the goal's name
    label = page.view(f"v.network.body.data.nodes.get(v.data.nodes.find(n => n.iri === {GOAL!r}).id).label")
    assert label.split("\n")[-1] == words["legend"][0]
    page.check_clean()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_progress_coloured_page_passes_axe(opened, pages, lang):
    page = opened(pages["coverage", lang])
    assert axe_violations(page) == []
    page.check_clean()


def test_a_hostile_indicator_label_in_a_tooltip_stays_text(opened, pages):
    page = opened(pages["hostile"])
    lines = page.view("v.tooltip(v.data.nodes.find(n => n.full === 'Two targets').id)").split("\n")
    assert "Progress: off track" in lines  # the worst of its two targets (on track, off track)
    assert "Safe indicator: latest observation: 140 (2024) · target: 200 (2030) · status: on track" in lines
    # the label as it is, on one line, its "{status}" not filled in: a label is never a template
    assert HOSTILE + ": latest observation: 90 (2022) · target: 200 (2030) · status: off track" in lines
    page.check_clean()  # nothing ran: no __pwned, no request, no dialog
