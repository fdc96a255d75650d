"""Labels are escaped in every output (issue 8, point 4): one hostile model, every format of every command.

tests/data/yaml/escaping.yaml puts script tags, attribute break-outs, template
syntax, CDATA ends, Markdown links, table pipes, spreadsheet formulas, line
breaks and æøå into labels, descriptions, owners, units and (as far as ids
allow) ids. Each output is then checked by the rules of its own format:

- HTML: parsed, no element or attribute comes from a label, no script runs
  one, and the label is there as text (or as data in a JSON script block);
- JSON, Turtle, N-Triples, JSON-LD, YAML, GraphML, GEXF: parse, and give the
  label back exactly;
- CSV: parses into even rows, and no cell starts a spreadsheet formula;
- Markdown: no raw HTML, no live link, table rows keep their column count;
- text: every label stays on one line.

The browser checks (nothing runs when the pages are opened) are in test_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import click
import pytest
import rdflib
import yaml
from click.testing import CliRunner
from rdflib.compare import isomorphic

from alignment.analyze import Analysis
from alignment.findings import Finding
from alignment.render import render
from stratalign.cli import cli

DATA = Path(__file__).parent / "data"
MODEL = DATA / "yaml" / "escaping.yaml"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS_QUERY = f"SELECT ?s ?label WHERE {{ ?s <{RDFS_LABEL}> ?label }} ORDER BY ?s"
CONSTRUCT_QUERY = f"CONSTRUCT {{ ?s <{RDFS_LABEL}> ?label }} WHERE {{ ?s <{RDFS_LABEL}> ?label }}"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _model_texts() -> dict[str, str]:
    """The hostile texts of the model, by a short name."""
    doc = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    vision = doc["visions"][0]
    strategy = doc["strategies"][0]
    return {
        "title": doc["title"]["da"],
        "vision": vision["label"],
        "strategy": strategy["label"],
        "shared-goal": vision["goals"][0]["label"],
        "lone-goal": vision["goals"][2]["label"],  # a line break, a Markdown link, a pipe, ]]>
        "duplicate": vision["goals"][1]["label"],  # {{7*7}}
        "owner": doc["actors"][0]["label"],  # starts with =HYPERLINK
        "indicator": doc["indicators"][0]["label"],  # starts with @
        "initiative": strategy["goals"][1]["focus_areas"][0]["initiatives"][0]["label"],
    }


TEXTS = _model_texts()
ALL = tuple(TEXTS)
PLANS_AND_GOALS = ("vision", "strategy", "shared-goal", "lone-goal", "duplicate")
IN_FINDINGS = ("vision", "strategy", "shared-goal", "lone-goal", "duplicate", "indicator")


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- producing the outputs -----------------------------------------------------------


@dataclass
class Output:
    """One command's output: its text (or the file it wrote) and what was asked for."""

    args: tuple[str, ...]
    text: str = ""
    path: Path | None = None


def _new_version(folder: Path) -> Path:
    """The model with a goal renamed (to more hostile text) and one dropped: something for `diff` to show."""
    doc = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    goals = doc["visions"][0]["goals"]
    goals[2]["label"] = TEXTS["lone-goal"] + " </script><svg onload=alert(2)>"
    del goals[1]
    path = folder / "escaping-new.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def produce(tmp_path_factory) -> Callable[[str], Output]:
    """Run the command behind an output id once per module; ``-o`` outputs land in a temporary folder."""
    folder = tmp_path_factory.mktemp("escaping")
    cache: dict[str, Output] = {}

    def run(case: str) -> Output:
        if case not in cache:
            fill = {"{model}": str(MODEL), "{new}": str(_new_version(folder))}
            args = [fill.get(a, a.replace("{tmp}", str(folder))) for a in CASES[case].args]
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code in CASES[case].exit_codes, (
                f"{case}: exit {result.exit_code}\n{result.stderr[-2000:]}"
            )
            output = Output(tuple(args), result.stdout)
            if "-o" in args:
                output.path = Path(args[args.index("-o") + 1])
                if output.path.suffix != ".xlsx":
                    output.text = output.path.read_text(encoding="utf-8")
            if "--explain" in args:
                output.path = Path(args[args.index("--explain") + 1])
                output.text = output.path.read_text(encoding="utf-8")
            cache[case] = output
        return cache[case]

    return run


def _model_graph() -> rdflib.Graph:
    result = CliRunner().invoke(cli, ["convert", str(MODEL), "--to", "nt"], catch_exceptions=False)
    return rdflib.Graph().parse(data=result.stdout, format="nt")


def _reloaded_graph(path: Path) -> rdflib.Graph:
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", "nt"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return rdflib.Graph().parse(data=result.stdout, format="nt")


# -- what each format must satisfy ------------------------------------------------------


def _strings(node: Any) -> Iterable[str]:
    """Every string in a parsed JSON or YAML document, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def assert_found_exactly(strings: Iterable[str], expected: Iterable[str], where: str) -> None:
    """Each expected text is inside one of ``strings``, character for character (line breaks too)."""
    pool = list(strings)
    for name in expected:
        assert any(TEXTS[name] in s for s in pool), f"{where}: {name} {TEXTS[name]!r} not found as it is"


class _Page(HTMLParser):
    """What a browser would build from a page: elements, attributes, text, and script contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        self._style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        self._style = False

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif not self._style:
            self.text.append(data)


_CHART_TAG = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="0 0 \d+ \d+" width="\d+" height="\d+" role="img" aria-label="[^"<>]*" class="r-chart">'
)


def check_html(out: Output, expected: tuple[str, ...]) -> None:
    raw = out.text
    # the report's own charts (progress section) are SVG: their opening tags, whose label attribute is escaped, go first
    raw = _CHART_TAG.sub("", raw)
    assert "<script>alert" not in raw.lower() and "<img" not in raw.lower() and "<svg" not in raw.lower()
    page = _Page()
    page.feed(raw)
    page.close()
    # no element a label could have made, no event handler, no javascript: URL
    assert not {"img", "svg", "iframe", "object", "embed", "math"} & set(page.tags), sorted(set(page.tags))
    assert not [a for a in page.attributes if a[1].startswith("on")], [
        a for a in page.attributes if a[1].startswith("on")
    ]
    assert not [a for a in page.attributes if a[2].strip().lower().startswith("javascript:")]
    data: list[str] = []
    for attrs, content in page.scripts:
        if attrs.get("type") == "application/json":
            data += list(_strings(json.loads(content)))  # data blocks parse, and stay data
        else:
            assert not re.search(r"alert\([12]\)", content), "a label reached the code of a script element"
    # the labels are there as text (whitespace as HTML shows it), or exactly as data
    shown = one_line(" ".join(page.text + [value for _, _, value in page.attributes]))
    for name in expected:
        assert one_line(TEXTS[name]) in shown or any(TEXTS[name] in s for s in data), f"{name} not shown as text"


def check_json(out: Output, expected: tuple[str, ...]) -> None:
    assert_found_exactly(_strings(json.loads(out.text)), expected, "json")


_MD_UNESCAPE = re.compile(r"\\(.)")


def _md_plain(text: str) -> str:
    return one_line(_MD_UNESCAPE.sub(r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def check_markdown(out: Output, expected: tuple[str, ...]) -> None:
    md = out.text
    assert not re.search(r"<[A-Za-z/!?]", md), re.search(r".{0,40}<[A-Za-z/!?].{0,40}", md).group()  # no raw HTML
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", md, re.I)  # no live link
    assert not re.search(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\((?!#)", md), "a link that is not the document's own"
    table: list[int] = []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, f"a table row has a different number of cells: {table}"
            table = []
    plain = _md_plain(md)
    for name in expected:
        assert one_line(TEXTS[name]) in plain, f"{name} not in the Markdown"


def _csv_rows(out: Output, delimiter: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(out.text.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    assert rows and all(len(r) == len(rows[0]) for r in rows), "uneven CSV rows"
    return rows


def check_csv(delimiter: str, *, guarded: bool) -> Callable[[Output, tuple[str, ...]], None]:
    def check(out: Output, expected: tuple[str, ...]) -> None:
        rows = _csv_rows(out, delimiter)
        cells = [cell for row in rows for cell in row]
        if guarded:
            assert not [c for c in cells if c.startswith(FORMULA_START)], [
                c for c in cells if c.startswith(FORMULA_START)
            ]
        assert_found_exactly(cells, expected, "csv")

    return check


def check_sparql_csv(out: Output, expected: tuple[str, ...]) -> None:
    """SPARQL 1.1 CSV is a data format: values stay exactly as they are (see README), even a leading =."""
    rows = _csv_rows(out, ",")
    labels = {row[1] for row in rows[1:]}
    assert {TEXTS[name] for name in expected} <= labels


def check_tsv(out: Output, expected: tuple[str, ...]) -> None:
    """SPARQL 1.1 TSV: one line per row; the terms are N-Triples, so a line break is \\n inside the literal."""
    lines = out.text.rstrip("\n").split("\n")
    assert lines[0] == "?s\t?label" and all(line.count("\t") == 1 for line in lines)
    graph = rdflib.Graph().parse(
        data="".join(f"{s} <{RDFS_LABEL}> {o} .\n" for s, o in (line.split("\t") for line in lines[1:])), format="nt"
    )
    assert_found_exactly((str(o) for o in graph.objects()), expected, "tsv")


def check_rdf(fmt: str, *, same_graph: bool = False) -> Callable[[Output, tuple[str, ...]], None]:
    def check(out: Output, expected: tuple[str, ...]) -> None:
        graph = rdflib.Graph().parse(data=out.text, format=fmt)
        assert_found_exactly((str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)), expected, fmt)
        if same_graph:
            assert isomorphic(graph, _model_graph())

    return check


def check_yaml_model(out: Output, expected: tuple[str, ...]) -> None:
    assert_found_exactly(_strings(yaml.safe_load(out.text)), expected, "yaml")
    if out.path is not None and "convert" in out.args:
        assert isomorphic(_reloaded_graph(out.path), _model_graph())


def check_convert_csv(out: Output, expected: tuple[str, ...]) -> None:
    check_csv(";", guarded=True)(out, ())
    assert out.path is not None and isomorphic(_reloaded_graph(out.path), _model_graph())  # the ' comes off again


def check_xlsx(out: Output, expected: tuple[str, ...]) -> None:
    from openpyxl import load_workbook

    assert out.path is not None
    book = load_workbook(out.path)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a label became a formula"
    assert_found_exactly((str(c.value) for c in cells), expected, "xlsx")
    assert isomorphic(_reloaded_graph(out.path), _model_graph())


def check_xml(out: Output, expected: tuple[str, ...]) -> None:
    root = ET.fromstring(out.text.encode("utf-8"))
    values = [t for e in root.iter() for t in [e.text or "", *e.attrib.values()]]
    assert_found_exactly(values, expected, "xml")


def check_text(out: Output, expected: tuple[str, ...], width: int | None = None) -> None:
    """Each label on one line (splitlines also breaks at U+2028 and U+2029), no control character."""
    lines = [one_line(line) for line in out.text.splitlines()]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out.text)
    for name in expected:
        assert any(one_line(TEXTS[name])[:width] in line for line in lines), f"{name} not on one line"


def check_table(out: Output, expected: tuple[str, ...]) -> None:
    """`query`'s table: a header, a rule, one line per row; cells are clipped at 60 columns."""
    labels = len(list(_model_graph().triples((None, rdflib.RDFS.label, None))))
    assert len(out.text.splitlines()) == 2 + labels
    check_text(out, expected, width=59)


# -- the cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    check: Callable[[Output, tuple[str, ...]], None]
    expected: tuple[str, ...]
    exit_codes: tuple[int, ...] = field(default=(0,))


M = "{model}"
CASES: dict[str, Case] = {
    "analyze-text": Case(("analyze", M), check_text, IN_FINDINGS),
    "analyze-json": Case(("analyze", M, "--format", "json"), check_json, IN_FINDINGS),
    "analyze-md": Case(("analyze", M, "--format", "md"), check_markdown, IN_FINDINGS),
    "analyze-csv": Case(("analyze", M, "--format", "csv"), check_csv(";", guarded=True), IN_FINDINGS),
    "analyze-csv-en": Case(
        ("analyze", M, "--format", "csv", "--lang", "en"), check_csv(",", guarded=True), IN_FINDINGS
    ),
    "analyze-ttl": Case(("analyze", M, "--format", "ttl"), check_rdf("turtle"), IN_FINDINGS),
    "check-text": Case(("check", M), check_text, ("shared-goal", "lone-goal"), (1,)),
    "report-html": Case(("report", M, "-o", "{tmp}/report.html"), check_html, ("title", *PLANS_AND_GOALS)),
    "report-md": Case(("report", M, "-o", "{tmp}/report.md"), check_markdown, ("title", *PLANS_AND_GOALS)),
    "report-json": Case(("report", M, "-o", "{tmp}/report.json"), check_json, ("title", *PLANS_AND_GOALS)),
    "graph-coverage-html": Case(
        ("graph", M, "--view", "coverage", "-o", "{tmp}/coverage.html"), check_html, ("title", *PLANS_AND_GOALS)
    ),
    # the overlap view shows only what two plans share
    "graph-overlap-html": Case(
        ("graph", M, "--view", "overlap", "-o", "{tmp}/overlap.html"),
        check_html,
        ("title", "vision", "strategy", "shared-goal", "duplicate"),
    ),
    "graph-conflicts-html": Case(
        ("graph", M, "--view", "conflicts", "-o", "{tmp}/conflicts.html"), check_html, ("title", *PLANS_AND_GOALS)
    ),
    "graph-graphml": Case(("graph", M, "-o", "{tmp}/graph.graphml"), check_xml, ALL[1:]),
    "graph-gexf": Case(("graph", M, "-o", "{tmp}/graph.gexf"), check_xml, ALL[1:]),
    "graph-json": Case(("graph", M, "-o", "{tmp}/graph.json"), check_json, ALL[1:]),
    "query-table": Case(("query", M, "-q", LABELS_QUERY), check_table, ALL[1:]),
    "query-csv": Case(("query", M, "-q", LABELS_QUERY, "--format", "csv"), check_sparql_csv, ALL[1:]),
    "query-tsv": Case(("query", M, "-q", LABELS_QUERY, "--format", "tsv"), check_tsv, ALL[1:]),
    "query-json": Case(("query", M, "-q", LABELS_QUERY, "--format", "json"), check_json, ALL[1:]),
    "query-construct": Case(("query", M, "-q", CONSTRUCT_QUERY), check_rdf("turtle"), ALL[1:]),
    "convert-ttl": Case(("convert", M, "--to", "ttl"), check_rdf("turtle", same_graph=True), ALL),
    "convert-nt": Case(("convert", M, "--to", "nt"), check_rdf("nt", same_graph=True), ALL),
    "convert-jsonld": Case(("convert", M, "--to", "jsonld"), check_rdf("json-ld", same_graph=True), ALL),
    "convert-rdfxml": Case(("convert", M, "--to", "rdfxml"), check_rdf("xml", same_graph=True), ALL),
    "convert-yaml": Case(("convert", M, "--to", "yaml", "-o", "{tmp}/model.yaml"), check_yaml_model, ALL),
    "convert-csv": Case(("convert", M, "--to", "csv", "-o", "{tmp}/model.csv"), check_convert_csv, ALL),
    "convert-xlsx": Case(("convert", M, "--to", "xlsx", "-o", "{tmp}/model.xlsx"), check_xlsx, ALL),
    "diff-text": Case(("diff", M, "{new}"), check_text, ("title", "vision", "strategy", "shared-goal", "lone-goal")),
    "diff-json": Case(
        ("diff", M, "{new}", "--format", "json"),
        check_json,
        ("title", "vision", "strategy", "shared-goal", "lone-goal"),
    ),
    "diff-html": Case(
        ("diff", M, "{new}", "--format", "html"),
        check_html,
        ("title", "vision", "strategy", "shared-goal", "lone-goal"),
    ),
    "restructure-yaml": Case(("restructure", M, "-o", "{tmp}/proposal.yaml"), check_yaml_model, PLANS_AND_GOALS),
    "restructure-explain-text": Case(
        ("restructure", M, "-o", "{tmp}/proposal2.yaml", "--explain", "{tmp}/proposal.txt"), check_text, PLANS_AND_GOALS
    ),
    "restructure-explain-md": Case(
        ("restructure", M, "-o", "{tmp}/proposal3.yaml", "--explain", "{tmp}/proposal.md"),
        check_markdown,
        PLANS_AND_GOALS,
    ),
    # the model written back with a Statbank series added: every label still a safe YAML value
    "import-observations-yaml": Case(
        (
            "import-observations",
            str(DATA / "statbank" / "folk1a-long.csv"),
            "--indicator",
            "@antal",
            "--model",
            M,
            "-o",
            "{tmp}/observed.yaml",
        ),
        check_yaml_model,
        ALL,
    ),
    # what-if: the cancelled initiative, the merged goals and the plans are all named in each format
    **{
        f"whatif-{fmt}": Case(
            ("whatif", M, "--cancel", "=indsats(1)", "--merge", "dublet-a=dublet-b", "--format", fmt),
            check,
            ("vision", "strategy", "duplicate", "initiative"),
        )
        for fmt, check in (("text", check_text), ("json", check_json), ("md", check_markdown), ("html", check_html))
    },
    # a document holding two of the hostile labels as its title and a goal: the draft is safe YAML holding them exactly
    "extract-yaml": Case(
        ("extract", str(DATA / "extract-hostile" / "escaping.md"), "-o", "{tmp}/draft.yaml"),
        check_yaml_model,
        ("vision", "duplicate"),
    ),
    "validate-text": Case(("validate", M), check_text, ("initiative",), (1,)),
    "validate-ttl": Case(("validate", M, "--format", "ttl"), check_rdf("turtle"), (), (1,)),
}


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_labels_are_escaped_in_every_output(produce, case):
    CASES[case].check(produce(case), CASES[case].expected)


def test_every_output_format_is_covered():
    """A new format of a command that writes labels needs a case above."""
    from alignment.render import FORMATS as ANALYZE
    from ontology.serialize import OUTPUT_FORMATS as CONVERT

    assert {f"analyze-{f}" for f in ANALYZE} <= set(CASES)
    assert {f"convert-{f}" for f in CONVERT} <= set(CASES)
    # The real commands: cli.commands is empty, since the group loads its commands lazily.
    commands = cli.list_commands(click.Context(cli))
    assert len(commands) >= 13
    assert _uncovered(commands) == set()


def _uncovered(commands: Iterable[str]) -> set[str]:
    """The commands that write labels but have no case above."""
    silent = {"examples", "template", "load", "serve"}  # they write no label (serve: test_serve.py)
    return (
        set(commands)
        - silent
        - {case.rsplit("-", 1)[0] if case.startswith("import-") else case.split("-")[0] for case in CASES}
    )


def test_the_coverage_check_sees_a_command_without_a_case():
    commands = cli.list_commands(click.Context(cli))
    assert _uncovered([*commands, "export"]) == {"export"}
    assert _uncovered(commands) == set()


# -- the guards themselves, where the model cannot reach them -------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"], ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_analyze_csv_neutralises_a_cell_that_would_run_as_a_formula(start):
    """Messages quote their labels today, so the guard is tested on a finding written by hand."""
    message = start + 'HYPERLINK("http://x","klik")'
    finding = Finding("uncovered-goal", "error", ("https://e.org/g",), (), message)
    rows = list(
        csv.reader(io.StringIO(render(Analysis(summary={}, findings=[finding]), "csv").lstrip("\ufeff")), delimiter=";")
    )
    assert rows[1][5] == "'" + message
    assert rows[1][0] == "uncovered-goal" and rows[1][3] == "https://e.org/g"


def test_convert_csv_writes_a_formula_like_id_as_its_full_iri(run, tmp_path):
    """Regression: an id such as =1+2 (ids may hold = + - @) went into the CSV id and owner cells as it was."""
    model = tmp_path / "ids.yaml"
    model.write_text(
        "base: https://e.org/x/\n"
        "goals:\n  - id: =1+2\n    label: Mål\n    owner: '@ejer'\n"
        "actors:\n  - id: '@ejer'\n    label: Ejer\n",
        encoding="utf-8",
    )
    out = tmp_path / "ids.csv"
    assert run("convert", model, "--to", "csv", "-o", out).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "https://e.org/x/=1+2" in cells and "https://e.org/x/@ejer" in cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert isomorphic(_reloaded_graph(out), _reloaded_graph(model))


# -- text output: a label cannot forge a line or drive the terminal -------------------------

CONTROL_MODEL = DATA / "yaml" / "control-characters.yaml"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("analyze", "{model}"), id="analyze"),  # regression: plan labels forged lines
        pytest.param(("check", "{model}"), id="check"),
        pytest.param(("diff", "{model}", "{new}"), id="diff"),
        pytest.param(("validate", "{model}"), id="validate"),
        pytest.param(
            ("restructure", "{model}", "-o", "{tmp}/p.yaml", "--explain", "{tmp}/p.txt"), id="restructure-explain"
        ),
        pytest.param(("query", "{model}", "-q", LABELS_QUERY), id="query-table"),
    ],
)
def test_text_output_keeps_labels_on_their_line_and_sends_no_control_character(tmp_path, args):
    new = tmp_path / "new.yaml"
    new.write_text(CONTROL_MODEL.read_text(encoding="utf-8").replace("Andet mål", "Et andet mål"), encoding="utf-8")
    fill = {"{model}": str(CONTROL_MODEL), "{new}": str(new)}
    argv = [fill.get(a, a.replace("{tmp}", str(tmp_path))) for a in args]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    text = result.stdout + ((tmp_path / "p.txt").read_text(encoding="utf-8") if "--explain" in args else "")
    assert any(word in text for word in ("forged", "klik", "rød")), text  # labels are shown
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), sorted(
        {hex(ord(c)) for c in re.findall(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text)}
    )
    forged = [line for line in text.splitlines() if line.strip().startswith(("[fejl] forged", "= beholdt: forged"))]
    assert forged == []
