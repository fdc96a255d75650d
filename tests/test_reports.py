"""The report stage: one self-contained HTML file, and the same content as Markdown and JSON."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA

from alignment.analyze import analyze
from alignment.messages import KIND_TITLES
from ontology.examples import example_path
from ontology.loaders import load_model
from reports import build_json, build_markdown, make_report, report_content

E20 = "https://w3id.org/stratalign/example/esbjerg-2020/"
REMOTE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
    re.I,
)
SECTIONS = [
    "decisions",
    "summary",
    "progress",
    "issues",
    "coverage-plans",
    "coverage-goals",
    "overlap",
    "conflicts",
    "findings",
    "graph",
]
HEADINGS = {
    "da": [
        "Det skal besluttes",
        "Overblik",
        "Fremdrift",
        "Sager",
        "Dækning pr. plan",
        "Dækning pr. mål",
        "Overlap mellem planer",
        "Konflikter",
        "Alle fund",
        "Interaktiv dækningsgraf",
    ],
    "en": [
        "To decide",
        "Summary",
        "Progress",
        "Issues",
        "Coverage per plan",
        "Coverage per goal",
        "Overlap between plans",
        "Conflicts",
        "All findings",
        "Interactive coverage graph",
    ],
}


@pytest.fixture(scope="module")
def esbjerg():
    model = load_model([example_path("esbjerg-2020")])
    return model, analyze(model)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_report_sections(run, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    result = run("report", "--example", "esbjerg-2020", "--lang", lang, "--as-of", "2026", "-o", "report.html")
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # self-contained: no lib/, no assets
    html = (tmp_path / "report.html").read_bytes().decode("utf-8")
    assert f'<html lang="{lang}">' in html and '<meta charset="utf-8">' in html
    for section in SECTIONS:
        assert f'<section id="{section}"' in html, section
    for heading in HEADINGS[lang]:
        assert f"<h2>{heading}</h2>" in html, heading
    title = (
        "Esbjerg Kommune: Vision 2020 og Vækststrategi 2020 (som de var)"
        if lang == "da"
        else "Esbjerg Municipality: Vision 2020 and Growth Strategy 2020 (as they were)"
    )
    assert f"<h1>{title}</h1>" in html
    assert "@media print" in html  # print stylesheet
    assert 'id="filter-group"' in html and 'id="filter-severity"' in html and "r-sortable" in html
    assert "StratalignView.mount" in html and "@version 9.1.2" in html  # the embedded coverage view
    assert "Content-Security-Policy" in html
    assert not REMOTE.search(html) and "<link" not in html
    # every finding, in 16 rows: one per element or pair of elements (a duplicate and a target conflict share one;
    # the population indicator's missing baseline and its staleness seen from 2026 share one)
    assert html.count('<tr data-severity="') == 16


def test_report_content(esbjerg):
    model, analysis = esbjerg
    content = report_content(model, analysis, "da")
    goals = content["coverage_per_goal"]
    states = [g["state"] for g in goals]
    assert states == sorted(states, key=["uncovered", "delegated", "covered"].index)  # uncovered first
    studieby = next(g for g in goals if g["goal"] == E20 + "goal/studieby")
    assert studieby["initiatives"] == 1 and studieby["state"] == "covered"
    assert studieby["plan_labels"] == ["Vækststrategi 2020", "Vision 2020"]
    overlap = content["overlap"]
    labels = [p["label"] for p in overlap["plans"]]
    assert labels == ["Vision 2020", "Vækststrategi 2020"]
    cell = overlap["matrix"][0][1]
    assert cell == overlap["matrix"][1][0]  # symmetric
    assert cell["shared_goals"] == 1 and cell["duplicate_goals"] == 2 and cell["total"] == 3
    assert overlap["matrix"][0][0]["own"] and overlap["matrix"][0][0]["goals"] == 5
    pair = overlap["pairs"][0]
    assert pair["shared_goals"][0]["labels"] == ["10.000 studerende"]
    assert {k for f in content["conflicts"] for k in [f["kind"]]} == {
        "target-conflict",
        "timeline-conflict",
        "vision-mismatch",
    }
    assert len(content["findings"]) == len(analysis.findings)
    per_plan = {p["label"]: p for p in content["coverage_per_plan"]}
    assert (
        per_plan["Vækststrategi 2020"]["covered_goals"] == 2 and per_plan["Vækststrategi 2020"]["uncovered_goals"] == 4
    )


def test_horsens_delegated_goals(run, tmp_path):
    model = load_model([example_path("horsens-2014")])
    content = report_content(model, analyze(model), "en")
    states = {g["label"]: g["state_label"] for g in content["coverage_per_goal"]}
    assert states["4. Havneudvikling"] == "Delegated"
    assert states["5. Kommuneplanen"] == "Uncovered"
    assert content["coverage_per_goal"][0]["state"] == "uncovered"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_markdown_has_the_same_content(esbjerg, lang):
    model, analysis = esbjerg
    md = build_markdown(model, analysis, lang)
    for heading in HEADINGS[lang][:-1]:  # all but the interactive graph
        assert f"## {heading}" in md, heading
    assert md.count("| fejl |" if lang == "da" else "| error |") >= 7
    assert "10.000 studerende" in md


def test_json_has_the_same_content(run, tmp_path):
    result = run(
        "report", "--example", "esbjerg-2020", "--format", "json", "--lang", "en", "-o", str(tmp_path / "r.json")
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {"title", "summary", "coverage_per_plan", "coverage_per_goal", "overlap", "conflicts", "findings"} <= set(
        doc
    )
    analysed = json.loads(run("analyze", "--example", "esbjerg-2020", "--format", "json", "--lang", "en").output)
    assert [f["message"] for f in doc["findings"]] == [f["message"] for f in analysed["findings"]]
    assert doc["summary"]["goals"] == analysed["summary"]["goals"]


def test_format_follows_the_suffix(run, tmp_path):
    assert run("report", "--example", "esbjerg-2020", "-o", str(tmp_path / "r.md")).exit_code == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Esbjerg Kommune")


def test_make_report_rejects_unknown_format(esbjerg):
    model, _ = esbjerg
    with pytest.raises(ValueError):
        make_report(model, fmt="docx")


# ---------------------------------------------------------------------------
# national scale: more findings than a page, more plans than a matrix


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """41 plans and about 700 findings: more than a page of rows, and too many plans for a matrix."""
    from synthetic import synthetic_ntriples  # tests/synthetic.py

    path = tmp_path_factory.mktemp("national") / "national.nt"
    path.write_text(synthetic_ntriples(strategies=40, goals=2, initiatives=1), encoding="utf-8")
    model = load_model([path])
    return model, analyze(model)


def _page_data(html: str) -> dict:
    start = html.index('<script type="application/json" id="report-data">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_big_tables_travel_as_data_with_the_first_page_in_the_html(national):
    from reports import build_report
    from reports.html import PAGE_ROWS

    model, analysis = national
    assert len(analysis.findings) > PAGE_ROWS
    html = build_report(model, analysis, "en")
    data = _page_data(html)
    # the first page is HTML (print, no JavaScript); every finding is in the data, nothing dropped
    assert html.count('<tr data-severity="') == PAGE_ROWS
    assert [f[3] for f in data["findings"]] == [f.message for f in analysis.findings]
    assert [data["kinds"][f[2]] for f in data["findings"]] == [f.kind for f in analysis.findings]
    assert [[data["labels"][i] for i in f[4]] for f in data["findings"]] == [
        f["plan_labels"] for f in report_content(model, analysis, "en")["findings"]
    ]
    assert len(data["goals"]) == analysis.summary["goals"]
    assert data["conflicts"] == [i for i, f in enumerate(analysis.findings) if f.group == "conflict"]
    # the findings table's rows name every finding exactly once
    assert sorted(i for row in data["findingRows"] for i in row[1]) == list(range(len(analysis.findings)))
    assert "Without JavaScript only the first 100 of" in html and "the JSON output" in html
    # counts per kind, each a button that filters the table
    for kind, n in analysis.summary["findings"]["by_kind"].items():
        word = KIND_TITLES["en"][kind][0]  # the kind in words; the code stays the filter's value
        assert f'data-kind="{kind}"' in html and f'<option value="{kind}">{word} ({n:,})</option>' in html


def test_many_plans_get_a_table_of_pairs_instead_of_a_matrix(national):
    from reports import build_report
    from reports.content import MATRIX_PLANS

    model, analysis = national
    overlap = report_content(model, analysis, "en")["overlap"]
    assert len(overlap["plans"]) > MATRIX_PLANS and overlap["matrix"] is None  # a million empty cells at national scale
    assert all({"goals", "initiatives"} <= set(p) for p in overlap["plans"])  # the diagonal's counts stay
    assert overlap["pairs"]
    html = build_report(model, analysis, "en")
    assert 'id="pairs-table"' in html and 'class="r-table r-matrix"' not in html
    assert len(_page_data(html)["pairs"]) == len(overlap["pairs"])
    md = build_markdown(model, analysis, "en")
    assert "plans are too many for a matrix" in md
    assert md.count("| Strategi ") >= len(overlap["pairs"])  # one row per pair


def test_the_shared_list_is_capped_and_says_how_many_more(national, monkeypatch):
    import reports.html as report_module

    model, analysis = national
    monkeypatch.setattr(report_module, "PAIRS_LISTED", 3)
    monkeypatch.setattr(report_module, "ITEMS_LISTED", 1)
    html = report_module.build_report(model, analysis, "en")
    pairs = report_content(model, analysis, "en")["overlap"]["pairs"]
    section = html[html.index('<ul class="r-pairs">') : html.index('<section id="conflicts">')]
    assert section.count("<strong>") == 3
    assert f"{len(pairs) - 3} more pairs of plans are not listed here" in section
    assert re.search(
        r"<summary><strong>Strategi 0 ↔ Strategi 1</strong> <span class=\"r-muted\">\(4\)</span></summary>\s*<ul>\s*<li><span class=\"r-tag\">duplicate goals</span> Mål 0.0 ≈ Mål 1.0",
        section,
    )
    assert re.search(r"duplicate goals</span> … and 2 more", section)  # three duplicate goals: one listed


# ---------------------------------------------------------------------------
# the decision page, and Danish throughout


class _VisibleText:
    """The text a reader sees in an HTML page: not scripts, styles, inert templates or attributes."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        parts: list[str] = []
        hidden = {"script", "style", "template"}
        depth = [0]

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                depth[0] += tag in hidden

            def handle_endtag(self, tag):
                depth[0] -= tag in hidden

            def handle_data(self, data):
                if not depth[0]:
                    parts.append(data)

        Parser().feed(html)
        self.text = " ".join(parts)


@pytest.mark.parametrize("example", ["esbjerg-2020", "horsens-2014"])
def test_danish_report_has_no_kind_codes_and_danish_numbers(example):
    from alignment.findings import KINDS
    from reports import build_report

    model = load_model([example_path(example)])
    analysis = analyze(model, lang="da")
    md = build_markdown(model, analysis, "da")
    seen = _VisibleText(build_report(model, analysis, "da")).text
    for text in (md, seen):
        assert not [k for k in KINDS if k in text], "a finding-kind code in the Danish report"
        assert not re.search(r"tekstlighed \d\.\d", text)  # a decimal comma, never a point
    if example == "esbjerg-2020":
        for text in (md, seen):
            assert "tekstlighed 0,81" in text and "120.000" in text
            assert "modstridende måltal" in text and "udækket mål" in text


def test_decision_page_opens_the_report_and_links_to_its_cards(esbjerg):
    from reports import build_report

    model, analysis = esbjerg
    html = build_report(model, analysis, "da")
    main = html[html.index("<main") :]
    assert (
        main.index('<section id="decisions"') < main.index('<section id="summary"') < main.index('<section id="issues"')
    )
    decide = main[main.index('<section id="decisions"') : main.index('<section id="summary"')]
    links = re.findall(r'<a href="#(issue-\d+)">', decide)
    assert links[:3] == ["issue-1", "issue-2", "issue-3"]
    for anchor in links:
        assert f'id="{anchor}"' in html  # each decision links to its card
    md = build_markdown(model, analysis, "da")
    assert md.index("## Det skal besluttes") < md.index("## Overblik") < md.index("## Sager")
    assert "(#sag-1)" in md and "### Sag 1\n" in md  # the link's target is the card's heading


def test_one_plan_has_no_plan_columns():
    from reports import build_report

    model = load_model([example_path("horsens-2014")])
    analysis = analyze(model)
    html = build_report(model, analysis, "da")
    findings = html[html.index('id="findings-table"') :]
    assert '<th><button type="button">Planer</button></th>' not in findings[: findings.index("</thead>")]
    assert _page_data(html)["multiPlan"] is False
    md = build_markdown(model, analysis, "da")
    assert "| Mål | Dækning | Indsatser, der når målet |" in md


# ---------------------------------------------------------------------------
# the static graph (print and PDF)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_static_graph_is_well_formed_labelled_and_has_its_legend(lang, data):
    from defusedxml.ElementTree import fromstring

    from graphs import STATE_WORDS
    from graphs.projection import project
    from reports.static_graph import STATE_STYLE, coverage_svg

    model = load_model([data / "yaml" / "hostile.yaml"])
    svg = coverage_svg(project(model, analyze(model), lang=lang), lang)
    root = fromstring(svg)  # escaped labels: still one well-formed SVG
    names = {el.tag.split("}")[-1] for el in root.iter()}
    assert not names & {"script", "foreignObject", "image", "a", "iframe"}
    assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
    texts = [el.text or "" for el in root.iter() if el.tag.endswith("text")]
    for state in STATE_STYLE:
        assert STATE_WORDS[lang][state] in texts  # each coverage state named in the legend
    assert ("Forklaring" if lang == "da" else "Legend") in texts


def test_static_graph_paints_every_label_over_the_links(data):
    """A link that skips a column (a goal measured by an indicator passes the initiatives' labels)
    runs under the words: the links and arcs are painted before the first label, and every label
    has a white halo."""
    from defusedxml.ElementTree import fromstring

    from graphs import project
    from reports.static_graph import coverage_svg

    model = load_model([data.parent.parent / "ontology" / "examples" / "horsens-2014.yaml"])
    svg = coverage_svg(project(model, analyze(model), lang="da"), "da")
    children = list(fromstring(svg))
    tag = [child.tag.split("}")[-1] for child in children]
    links = next(i for i, child in enumerate(children) if child.get("class") == "sg-lines")
    first_label = next(
        i for i, child in enumerate(children) if child.iter() and any(e.tag.endswith("text") for e in child.iter())
    )
    assert len(children[links]) > 20  # Horsens has its links
    assert links < first_label
    assert set(tag[links + 1 : first_label]) <= {"path", "line"}  # the arcs and conflict lines, also under the labels
    assert ".sg text{paint-order:stroke;stroke:#fff" in svg


def test_static_graph_caps_a_column_and_says_how_many_more(national):
    from graphs.projection import project
    from reports.static_graph import COLUMN_NODES, coverage_svg

    model, analysis = national
    graph = project(model, analysis, lang="da")
    goals = sum(1 for _, k in graph.nodes(data="kind") if k == "goal")
    assert goals > COLUMN_NODES
    svg = coverage_svg(graph, "da")
    assert f"Mål ({goals})" in svg and f"… og {goals - COLUMN_NODES} mere" in svg


def test_report_words_have_the_same_keys_and_one_danish_term_per_concept():
    from ontology.words import STATUS_WORDS
    from reports.words import WORDS

    assert WORDS["da"].keys() == WORDS["en"].keys()
    danish = " ".join(WORDS["da"].values())
    assert (
        "aflyst" not in danish
    )  # the model's word for a cancelled initiative is "annulleret", as the graph and diff say
    assert (
        "ikke annullerede" in WORDS["da"]["coverage_per_goal_note"] and STATUS_WORDS["da"]["cancelled"] == "annulleret"
    )


def _pair_with_several_findings(model, analysis, lang="en"):
    content = report_content(model, analysis, lang)
    rows = [r for r in content["finding_rows"] if len(r["subjects"]) == 2 and len(r["findings"]) > 1]
    assert rows, "the example has a pair of goals with several findings"
    return content, rows


def test_one_row_per_pair_of_elements_names_every_finding(esbjerg):
    """The two population goals duplicate each other and disagree on their target: one row, both findings, the error first."""
    model, analysis = esbjerg
    content, rows = _pair_with_several_findings(model, analysis)
    pair = {E20 + "goal/120000-borgere-i-2020", E20 + "goal/øge-indbyggertallet-til-120000"}
    (row,) = [r for r in rows if set(r["subjects"]) == pair]
    assert [content["findings"][i]["kind"] for i in row["findings"]] == ["target-conflict", "duplicate-goal"]
    assert row["severity"] == "error"
    # every finding in exactly one row; a row's findings are all about its elements, the most severe first
    assert sorted(i for r in content["finding_rows"] for i in r["findings"]) == list(range(len(content["findings"])))
    order = ["error", "warning", "info"]
    for r in content["finding_rows"]:
        severities = [content["findings"][i]["severity"] for i in r["findings"]]
        assert severities == sorted(severities, key=order.index) and r["severity"] == severities[0]
        assert all(sorted(set(content["findings"][i]["subjects"])) == sorted(r["subjects"]) for i in r["findings"])
    # the JSON keeps one entry per finding
    assert len(json.loads(build_json(model, analysis, "en"))["findings"]) == len(analysis.findings)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_pair_row_lists_each_kind_in_words_and_each_message(esbjerg, lang):
    from markupsafe import escape

    from reports import build_report

    model, analysis = esbjerg
    content, rows = _pair_with_several_findings(model, analysis, lang)
    html = build_report(model, analysis, lang)
    table = html[html.index('id="findings-table"') :]
    table = table[: table.index("</table>")]
    md = build_markdown(model, analysis, lang)
    md_table = md[md.index(f"## {'Alle fund' if lang == 'da' else 'All findings'}") :]
    for row in rows:
        members = [content["findings"][i] for i in row["findings"]]
        html_row = next(tr for tr in table.split("<tr ")[1:] if all(str(escape(f["message"])) in tr for f in members))
        md_row = next(
            line for line in md_table.splitlines() if all(f["kind_label"] in line for f in members) and " ↔ " in line
        )
        for f in members:
            assert f"<strong>{escape(f['kind_label'])}</strong>: {escape(f['message'])}" in html_row
            assert KIND_TITLES[lang][f["kind"]][0] in md_row and f["kind"] not in md_row  # in words, not the code
        # highest severity first, in both formats
        first, second = members[0], members[1]
        assert html_row.index(str(escape(first["message"]))) < html_row.index(str(escape(second["message"])))
        assert md_row.index(first["kind_label"]) < md_row.index(second["kind_label"])
    # each pair is one row: no row of the table names the same pair twice
    pairs = [tuple(r["subjects"]) for r in content["finding_rows"]]
    assert len(pairs) == len(set(pairs))


def test_one_plan_does_not_repeat_the_plan_on_every_finding_row():
    model = load_model([example_path("horsens-2014")])
    analysis = analyze(model)
    content = report_content(model, analysis, "da")
    md = build_markdown(model, analysis, "da")
    table = md[md.index("## Alle fund") :].split("\n")
    assert "| Alvor | Elementer | Fund |" in table
    plan = content["coverage_per_plan"][0]["label"]
    rows = [line for line in table if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(content["finding_rows"]) < len(content["findings"])
    assert not [line for line in rows if line.rstrip(" |").endswith(plan)]


# ---------------------------------------------------------------------------
# the progress section: statuses worst first, roll-ups, a chart per indicator

#: tests/data/progress/statuses.yaml: one target per status, goal names A…E in the reverse of worst first
WORST_FIRST = ["off-track", "behind", "no-data", "on-track", "reached"]
STATUS_WORDS = {
    "da": ["af sporet", "bagud", "ingen data", "på sporet", "nået"],
    "en": ["off track", "behind", "no data", "on track", "reached"],
}


@pytest.fixture(scope="module")
def statuses():
    model = load_model([DATA / "progress" / "statuses.yaml"])
    return model, analyze(model)


def _progress_html(html: str) -> str:
    start = html.index('<section id="progress">')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    ("baseline", "value", "shown"),
    [("1000.5", "1200", "1.054,91"), ("1000", "1200", "1.054,5"), ("0.25", "0.5", "0,318")],
    ids=["one-decimal", "whole", "two-decimals"],
)
def test_the_expected_value_has_one_decimal_more_than_its_inputs(run, tmp_path, baseline, value, shown):
    """Regression: the path's value was shown to six decimals (1.054,909091)."""
    path = tmp_path / "r.yaml"
    path.write_text(
        "stratalign: 1\nbase: https://e.org/r/\nindicators:\n"
        f"  - {{id: pop, label: Pop, baseline: {baseline}, baseline_year: 2019, data_source: x, observations: {{2022: 1}}}}\n"
        "visions:\n  - id: v\n    label: V\n    goals:\n"
        f"      - {{id: g, label: G, targets: [{{indicator: pop, value: {value}, year: 2030, direction: increase}}]}}\n",
        encoding="utf-8",
    )
    report = run("report", path, "--format", "md", "--as-of", "2024")
    assert report.exit_code == 0, report.stderr
    row = next(line for line in report.stdout.splitlines() if line.startswith("| G | Pop |"))
    assert f"| {shown} |" in row


@pytest.mark.parametrize("lang", ["da", "en"])
def test_progress_json_lists_targets_worst_first_with_the_expected_value(statuses, lang):
    model, analysis = statuses
    doc = json.loads(build_json(model, analysis, lang))
    rows = doc["progress"]["targets"]
    assert [r["status"] for r in rows] == WORST_FIRST  # not the alphabet: A is reached, E off track
    assert [r["status_label"] for r in rows] == STATUS_WORDS[lang]
    behind = rows[1]
    # 100 (2020) → 200 (2030): the path stands at 150 in 2025, the latest observation's year
    assert (behind["latest"], behind["latest_time"], behind["expected"], behind["value"]) == (
        110.0,
        "2025",
        150.0,
        200.0,
    )
    assert (
        rows[0]["expected"] == 120.0 and rows[2]["expected"] is None
    )  # off: 2022 on the path; no data: nothing to compare
    assert "F goal without a target" not in [r["label"] for r in rows]
    total = doc["progress"]["total"]
    assert total["by_status"] == dict.fromkeys(WORST_FIRST, 1) and total["on_track_share"] == 0.5  # 2 of 4 measured
    assert [p["label"] for p in doc["progress"]["plans"]] == ["Vision"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_progress_section_in_html_sorted_worst_first_after_the_summary(statuses, lang):
    model, analysis = statuses
    html = make_report(model, lang=lang)
    assert (
        html.index('<section id="summary">')
        < html.index('<section id="progress">')
        < html.index('<section id="issues">')
    )
    assert '<a href="#progress">' + ("Fremdrift" if lang == "da" else "Progress") + "</a>" in html
    section = _progress_html(html)
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    assert re.findall(r'<tr data-status="([a-z-]+)">', body) == WORST_FIRST
    badges = re.findall(
        r'<span class="r-badge r-status r-status-([a-z-]+)"><span aria-hidden="true">(.)</span> ([^<]+)</span>', body
    )
    assert [b[0] for b in badges] == WORST_FIRST
    assert [b[2] for b in badges] == STATUS_WORDS[lang]  # the word, not only the colour
    assert len({b[1] for b in badges}) == 5  # and a shape of its own for each status
    # the roll-up says how it counts, in words, and counts each status once
    assert ("vægtede andel" if lang == "da" else "weighted share") in section
    assert ("Hele modellen" if lang == "da" else "The whole model") in section
    assert "50 %" in section


@pytest.mark.parametrize("lang", ["da", "en"])
def test_progress_in_markdown_sorted_worst_first(statuses, lang):
    model, analysis = statuses
    md = build_markdown(model, analysis, lang)
    head = "## Fremdrift" if lang == "da" else "## Progress"
    assert (
        md.index("## Overblik" if lang == "da" else "## Summary")
        < md.index(head)
        < md.index("## Sager" if lang == "da" else "## Issues")
    )
    section = md[md.index(head) : md.index("## Sager" if lang == "da" else "## Issues")]
    order = [line[2] for line in section.splitlines() if re.match(r"\| [A-E] ", line)]
    assert order == ["E", "D", "C", "B", "A"]
    for word in STATUS_WORDS[lang]:
        assert word in section
    assert ("110 (2025) | 150 | 200 (2030)") in section
    assert "<script>" not in section and "&lt;script&gt;" in section  # the hostile indicator label, escaped


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_chart_is_svg_with_its_values_in_words_and_hostile_labels_escaped(statuses, lang):
    from defusedxml.ElementTree import fromstring

    model, analysis = statuses
    html = make_report(model, lang=lang)
    section = _progress_html(html)
    svgs = re.findall(r"<svg .*?</svg>", section, re.S)
    charts = json.loads(build_json(model, analysis, lang))["progress"]["charts"]
    assert len(svgs) == len(charts) == 5  # one per indicator with a target
    hostile = '</title><script>window.__pwned=1</script>"><svg onload="window.__pwned=1"> & borgere'
    for svg, chart in zip(svgs, charts):
        root = fromstring(svg)  # escaped labels: each chart is still one well-formed SVG
        assert root.get("role") == "img"
        assert root.get("aria-label") == chart["text"] == root.find("{http://www.w3.org/2000/svg}title").text
        assert not {el.tag.split("}")[-1] for el in root.iter()} & {"script", "foreignObject", "image", "a"}
        assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
        assert (
            len(root.findall(".//{http://www.w3.org/2000/svg}circle")) == len(chart["observations"]) + 1
        )  # + the legend's
    ontrack = next(c for c in charts if c["indicator"].endswith("i-ontrack"))
    assert ontrack["label"] == hostile and ontrack["text"].startswith(hostile)
    assert "<script>window.__pwned" not in section and "onload=" not in section.replace("onload=&#34;", "").replace(
        "onload=&quot;", ""
    )
    said = (
        "observationer 2022: 120, 2025: 145; baseline 100 i 2020; måltal 200 i 2030"
        if lang == "da"
        else ("observations 2022: 120, 2025: 145; baseline 100 in 2020; target 200 in 2030")
    )
    assert said in ontrack["text"]


@pytest.mark.parametrize("lang, population", [("da", "115.905"), ("en", "115,905")], ids=["da", "en"])
def test_esbjerg_population_chart_in_the_language_s_number_style(esbjerg, lang, population):
    model, _ = esbjerg
    section = _progress_html(make_report(model, lang=lang))
    label = re.search(r'aria-label="(Indbyggertal[^"]*|Population[^"]*)"', section).group(1)
    assert f"2017: {population}" in label
    # 115,905 (2017) → 120,000 (2020): two thirds of the way in 2019 is 118,635
    assert ("118.635" if lang == "da" else "118,635") in section


def test_no_progress_section_without_targets(data):
    model = load_model([data / "progress" / "no-targets.yaml"])
    analysis = analyze(model)
    html = make_report(model, lang="en")
    assert 'id="progress"' not in html and 'href="#progress"' not in html
    assert "## Progress" not in build_markdown(model, analysis, "en")
    assert json.loads(build_json(model, analysis, "en"))["progress"] is None


def test_a_long_progress_section_shows_the_worst_and_says_where_the_rest_are(statuses, monkeypatch):
    """A national model has ~20,000 targets: the HTML shows the worst rows and charts, counts the rest; JSON has all."""
    import reports.html

    model, analysis = statuses
    monkeypatch.setattr(reports.html, "PAGE_ROWS", 3)
    monkeypatch.setattr(reports.html, "CHARTS_SHOWN", 2)
    section = _progress_html(make_report(model, lang="en"))
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    assert re.findall(r'<tr data-status="([a-z-]+)">', body) == WORST_FIRST[:3]
    assert "The 3 worst of 5 targets are shown here" in section
    assert re.findall(r"<figcaption>([^<]+)</figcaption>", section) == [
        "Off indicator",
        "Behind indicator",
    ]  # worst first
    assert "The 2 worst of 5 indicators are shown here" in section
    assert len(json.loads(build_json(model, analysis, "en"))["progress"]["charts"]) == 5
