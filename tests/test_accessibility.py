"""Graphs people can read, in a real headless Chromium: axe-core's WCAG 2.2 AA rules, label sizes, the legend.

axe-core runs inside the page (``axe.min.js`` as the ``axe-playwright-python``
wheel ships it, injected from disk: nothing is fetched). Every view of both
examples has zero serious or critical violations; labels are at least 12 px on
screen at the initial fit and inside the canvas; coverage is told by fill and
border as well as colour, and the legend is drawn from the same style table as
the nodes, on screen and in print; conflict links carry their kind in the
page's language; the overlap view of a large corpus sums duplicates up per
pair of plans. Locally these tests skip without Chromium or axe-core; under
CI=true that skip is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require
from synthetic import synthetic_ntriples  # tests/synthetic.py
from test_browser import Page, browser  # noqa: F401  (the module's Chromium fixture)

from alignment import render_whatif, what_if
from graphs import STATE_STYLE, WORDS, render_graph
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import make_report

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWS = ("coverage", "overlap", "conflicts")
EXAMPLES = ("esbjerg-2020", "horsens-2014")


def axe_path() -> Path:
    try:
        import axe_playwright_python
    except ImportError:
        require(False, "axe-core is missing: pip install -e '.[test]' (axe-playwright-python ships axe.min.js)")
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    require(path.is_file(), f"{path} is missing from axe-playwright-python")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Each view of both examples in Danish and English, the reports, and a 100-node model."""
    folder = tmp_path_factory.mktemp("a11y")
    html: dict[str, str] = {}
    for example in EXAMPLES:
        model = load_model([example_path(example)])
        for view in VIEWS:
            html[f"{example}-{view}-da"] = render_graph(model, view=view, lang="da")
        html[f"{example}-coverage-en"] = render_graph(model, view="coverage", lang="en")
        html[f"{example}-report"] = make_report(model, lang="da")
    # a progress section with every status and a chart per indicator (one label hostile)
    html["progress-report"] = make_report(
        load_model([Path(__file__).parent / "data" / "progress" / "statuses.yaml"]), lang="en"
    )
    # the SDG section, and the what-if page (issue 20)
    budget = load_model([Path(__file__).parent / "data" / "whatif" / "budget.yaml"])
    html["sdg-report"] = make_report(budget, lang="da")
    html["whatif"] = render_whatif(what_if(budget, cancel=["laesning"], merge=["cykel-a=cykel-b"]), "html")
    hundred = folder / "hundred.nt"  # a vision, 3 strategies, 30 goals, 30 focus areas, 54 initiatives: 118 nodes
    hundred.write_text(synthetic_ntriples(strategies=3, goals=10, initiatives=2), encoding="utf-8")
    html["hundred-coverage-da"] = render_graph(load_model([hundred]), view="coverage", lang="da")
    paths = {}
    for name, text in html.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture
def opened(browser):  # noqa: F811
    made: list[Page] = []

    def open_page(path: Path, **kwargs) -> Page:
        made.append(Page(browser, path, **kwargs))
        return made[-1]

    yield open_page
    for page in made:
        page.close()


def axe_violations(page: Page, within: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.0–2.2 A/AA violations that are serious or critical: rule, impact and each node's selector."""
    page.page.add_script_tag(path=str(axe_path()))
    found = page.eval(
        """async ([tags, within]) => {
        const result = await axe.run(within ? document.querySelector(within) : document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({rule: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""",
        [TAGS, within],
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def label_pixels(page: Page) -> list[float]:
    """The on-screen size of every drawn node label: font size in canvas units × the network's scale."""
    return page.view(
        """(() => { const s = v.network.getScale(); const drawn = new Set(v.renderedIds());
        return Object.values(v.network.body.nodes).filter(n => drawn.has(n.id)).map(n => n.options.font.size * s); })()"""
    )


VIEW_PAGES = [f"{e}-{v}-da" for e in EXAMPLES for v in VIEWS] + [f"{e}-coverage-en" for e in EXAMPLES]


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_views_pass_axe_wcag22_aa(opened, pages, name):
    page = opened(pages[name])
    assert axe_violations(page) == []
    assert page.eval("() => document.querySelectorAll('main').length") == 1  # one main landmark
    page.check_clean()


@pytest.mark.parametrize("name", [f"{e}-report" for e in EXAMPLES])
def test_the_view_in_the_report_passes_axe(opened, pages, name):
    """The part of the report this package draws; the report's own markup is the report's tests' business."""
    page = opened(pages[name])
    assert axe_violations(page, within=".sa-view") == []
    page.check_clean()


@pytest.mark.parametrize("name", [f"{e}-report" for e in EXAMPLES] + ["progress-report", "sdg-report"])
def test_the_report_passes_axe(opened, pages, name):
    page = opened(pages[name])
    assert axe_violations(page) == []
    page.check_clean()


@pytest.mark.parametrize("name", VIEW_PAGES[:3] + ["horsens-2014-coverage-da"])
def test_filter_boxes_are_big_enough_to_hit(opened, pages, name):
    page = opened(pages[name])
    sizes = page.eval(
        "() => [...document.querySelectorAll('input[type=checkbox]')].map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes


@pytest.mark.parametrize(
    "name",
    [
        "hundred-coverage-da",
        "horsens-2014-coverage-da",
        "horsens-2014-overlap-da",
        "horsens-2014-conflicts-da",
        "esbjerg-2020-coverage-da",
    ],
)
def test_labels_are_readable_at_the_first_fit(opened, pages, name):
    page = opened(pages[name])
    drawn = page.view("v.renderedCount()")
    assert drawn >= (100 if name.startswith("hundred") else 10)
    pixels = label_pixels(page)
    assert len(pixels) == drawn and min(pixels) >= 12, (min(pixels), drawn)
    # every label lies inside the canvas: none is cut off at its border
    outside = page.view(
        """(() => { const r = document.querySelector('[data-role=network]').getBoundingClientRect(); const out = [];
        v.renderedIds().forEach(id => { const b = v.network.getBoundingBox(id);
          const a = v.network.canvasToDOM({x: b.left, y: b.top}), z = v.network.canvasToDOM({x: b.right, y: b.bottom});
          if (a.x < -1 || a.y < -1 || z.x > r.width + 1 || z.y > r.height + 1) out.push(id); });
        return out; })()"""
    )
    assert outside == []
    # long labels are wrapped or shortened with "…", and the whole label comes back when zoomed in
    labels = page.view("v.network.body.data.nodes.get().map(n => [n.id, n.label])")
    longest = max(labels, key=lambda item: len(page.view(f"v.data.nodes[{item[0]}].full || ''")))
    full = " ".join(page.view(f"v.data.nodes[{longest[0]}].full").split())
    assert all(len(line) <= 60 for _, label in labels for line in label.split("\n"))
    page.view("v.network.moveTo({scale: 3, position: v.network.getPosition(%d), animation: false})" % longest[0])
    page.view("v.relabel()")
    zoomed = page.view(f"v.network.body.data.nodes.get({longest[0]}).label")
    assert zoomed.replace("\n", " ").rstrip("…").startswith(" ".join(full.split()[:3]))
    assert len(zoomed) > len(longest[1]) or zoomed.replace("\n", " ") == full
    page.check_clean()


def test_coverage_is_shown_by_shape_as_well_as_colour_and_the_legend_matches(opened, pages):
    page = opened(pages["horsens-2014-coverage-da"])
    drawn = page.view(
        """v.network.body.data.nodes.get().filter(n => v.data.nodes[n.id].state).map(n => [v.data.nodes[n.id].state,
        n.color.background, n.color.border, n.borderWidth, JSON.stringify((n.shapeProperties || {}).borderDashes || null)])"""
    )
    states = {state for state, *_ in drawn}
    assert states == {"covered", "delegated", "uncovered"}  # Horsens has all three
    looks = {state: tuple(rest) for state, *rest in drawn}
    assert len(set(looks.values())) == 3
    for state, (fill, border, width, dashes) in looks.items():
        style = STATE_STYLE[state]
        assert (fill, border, width) == (style["bg"], style["border"], style["width"])
        assert (dashes != "null") == bool(style["dashes"])
    # told apart without hue: the border width or style differs between every two states, or one is hollow
    assert looks["uncovered"][0] == "#ffffff" and looks["covered"][0] != "#ffffff"
    assert looks["delegated"][3] != "null" and looks["covered"][3] == "null"
    # the legend's swatches have the drawing's fill, border colour, width and style
    legend = page.eval(
        """() => [...document.querySelectorAll('.sa-legend [data-state]')].map(item => { const s = getComputedStyle(item.querySelector('.sa-swatch'));
        return [item.dataset.state, s.backgroundColor, s.borderTopColor, parseFloat(s.borderTopWidth), s.borderTopStyle, item.textContent]; })"""
    )

    def rgb(hex_colour: str) -> str:
        return "rgb(" + ", ".join(str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)) + ")"

    assert [row[0] for row in legend] == list(STATE_STYLE)
    for state, fill, border, width, style, text in legend:
        assert (fill, border) == (rgb(looks[state][0]), rgb(looks[state][1]))
        assert abs(width - looks[state][2]) < 0.6  # the browser rounds borders to device pixels
        assert style == ("dashed" if looks[state][3] != "null" else "solid")
        assert WORDS["da"][f"state_{state}_shape"] in text
    page.check_clean()


def test_the_legend_is_printed_with_the_drawing(opened, pages):
    page = opened(pages["horsens-2014-coverage-da"])
    page.page.emulate_media(media="print")
    shown = page.eval(
        """() => { const vis = el => el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
        return {legend: vis(document.querySelector('.sa-legend')), search: vis(document.querySelector('[data-role=search]')),
                kinds: [...document.querySelectorAll('.sa-legend [data-kind]')].filter(vis).length,
                states: [...document.querySelectorAll('.sa-legend [data-state]')].filter(vis).length,
                canvas: document.querySelector('[data-role=network]').getBoundingClientRect().height}; }"""
    )
    assert shown["legend"] and not shown["search"]
    assert shown["kinds"] == page.view("v.data.kinds.length") and shown["states"] == 3
    assert shown["canvas"] > 300
    page.check_clean()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_conflict_links_say_what_the_conflict_is(opened, pages, tmp_path, lang):
    model = load_model([example_path("horsens-2014")])
    path = tmp_path / f"conflicts-{lang}.html"
    path.write_text(render_graph(model, view="conflicts", lang=lang), encoding="utf-8")
    page = opened(path)
    edges = page.view(
        "v.network.body.data.edges.get().map(e => [v.data.edges[e.id] ? v.data.edges[e.id].kind : null, e.label || null, (v.data.edges[e.id] || {}).fk || []])"
    )
    conflicts = [e for e in edges if e[0] in ("conflict", "hinders", "conflictsWith")]
    assert conflicts, "Horsens has conflicts"
    words = WORDS[lang]
    for kind, label, finding_kinds in conflicts:
        expected = " · ".join(words[f"edge_{k}"] for k in finding_kinds) if finding_kinds else words[f"edge_{kind}"]
        assert label == expected
    assert all(label is None for kind, label, _ in edges if kind in ("hasGoal", "contributesTo", "realizes"))
    other = WORDS["en" if lang == "da" else "da"]
    assert not any(label == other[f"edge_{k}"] != words[f"edge_{k}"] for _, label, fk in conflicts for k in fk)
    page.check_clean()


@pytest.mark.parametrize("name", VIEW_PAGES + [f"{e}-report" for e in EXAMPLES])
def test_the_page_fits_a_phone(opened, pages, name):
    """390 px wide: no sideways scrolling of the page (the report was 801 px; wide tables now scroll in their box)."""
    page = opened(pages[name])
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.page.wait_for_timeout(200)
    assert page.eval("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []  # the narrow layout too (targets, reflow)
    page.check_clean()


def test_a_large_overlap_sums_duplicates_per_plan_pair_and_expands(opened, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate  # benchmarks/generate.py: near-duplicate labels between plans

    corpus = tmp_path / "corpus.nt"
    corpus.write_text("\n".join(generate(2)) + "\n", encoding="utf-8")
    path = tmp_path / "overlap.html"
    path.write_text(render_graph(load_model([corpus]), view="overlap", lang="da", node_limit=300), encoding="utf-8")
    page = opened(path, timeout=120_000)
    assert page.view("v.data.total") > 300 and page.view("v.mode()") == "grouped"
    summed = page.view(
        "v.network.body.data.edges.get().filter(e => e.n).map(e => [e.from, e.to, e.n, e.label || null, v.data.edges[e.id] ? 1 : 0])"
    )
    assert summed, "duplicates between plans are drawn as one counted link per pair"
    assert all(not in_data for *_, in_data in summed)  # made by the page, not elements' own links
    labelled = [e for e in summed if e[3]]
    assert labelled and all(
        label == f"{n} × {WORDS['da']['edge_duplicate']}" or label.endswith(" × " + WORDS["da"]["edge_shared"])
        for _, _, n, label, _ in labelled
    )
    duplicates = [e for e in summed if e[3] and e[3].endswith(WORDS["da"]["edge_duplicate"])]
    assert duplicates
    # every pair of plans has at most one link per kind, and the heaviest come first
    pairs = [(min(a, b), max(a, b), label.split(" × ")[1]) for a, b, _, label, _ in labelled]
    assert len(pairs) == len(set(pairs))
    counts = [n for _, _, n, _, _ in summed]
    assert counts == sorted(counts, reverse=True)
    # a double-click on a group expands it: its plan, element by element, with no summed link left
    group = page.view("v.renderedIds().find(id => v.data.nodes[id].agg && v.data.nodes[id].plans.length === 1)")
    assert page.view(f"v.data.nodes[{group}].agg") == 1
    assert page.view(f"v.focus({group})") == "full"
    assert page.view("v.renderedIds().every(id => !v.data.nodes[id].agg)")
    assert page.view("v.network.body.data.edges.get().filter(e => e.n).length") == 0
    page.check_clean()


class _PlainPage(Page):
    """A page without a graph view (the what-if page): nothing to wait for but the load. Its CSP
    allows no script at all, so axe-core is injected with the CSP bypassed (for the test only)."""

    def __init__(self, browser, path: Path) -> None:  # noqa: F811
        self.page = browser.new_page(viewport={"width": 1280, "height": 860}, bypass_csp=True)
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")


def test_the_whatif_page_passes_axe(browser, pages):  # noqa: F811
    page = _PlainPage(browser, pages["whatif"])
    try:
        assert axe_violations(page) == []
        assert page.eval("() => document.querySelectorAll('main').length") == 1
        assert page.eval("() => document.documentElement.lang") == "da"
        page.check_clean()
    finally:
        page.close()
