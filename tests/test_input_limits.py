"""The input bounds (ontology.Limits): refused by default, read once raised, bad values refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from ontology import LIMIT_NAMES, MAX_MESSAGE, Limits
from ontology.limits import DEPTH_CEILING
from stratalign.cli import cli

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).parent.parent


def one_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output[-600:])
    assert "Traceback" not in result.output
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr[:800]
    assert len(lines[0]) <= MAX_MESSAGE
    return lines[0]


def _spreadsheet_over_cell_bound(tmp_path: Path) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text(f"id;type;label_da\nhttps://e.org/p/;model\ng;goal;Mål {'y' * 1200}\n", encoding="utf-8")
    return path


def _rdf_number(tmp_path: Path) -> Path:
    path = tmp_path / "huge.ttl"
    path.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<https://e.org/t> a sa:Target ; sa:targetValue "{"7" * 5000}"^^xsd:integer .\n',
        encoding="utf-8",
    )
    return path


def _deep_json_ld(tmp_path: Path) -> Path:
    path = tmp_path / "deep.jsonld"
    path.write_text(
        '{"@id": "https://e.org/x", "https://e.org/p": ' + "[" * 300 + '"v"' + "]" * 300 + "}", encoding="utf-8"
    )
    return path


# name, the file (a function of tmp_path), the bound the default refuses, the bound that reads it,
# and what the default refusal says; each refusal names the option that raises the bound.
CASES = [
    ("yaml-depth", lambda tmp: BAD / "deep-goals.yaml", (), ("depth=2000",), "nested more than 100 levels deep"),
    ("yaml-digits", lambda tmp: BAD / "huge-number.yaml", (), ("digits=6000",), "a number of 5000 digits"),
    ("yaml-aliases", lambda tmp: BAD / "alias-bomb.yaml", ("aliases=10",), None, "aliases repeat more than 10 values"),
    (
        "csv-cell",
        _spreadsheet_over_cell_bound,
        ("cell-chars=1000",),
        ("cell-chars=2000",),
        "more than 1,000 characters",
    ),
    ("rdf-digits", _rdf_number, (), ("rdf-digits=6000",), "numbers may have at most 4300 digits"),
    ("json-ld-depth", _deep_json_ld, (), ("json-depth=400",), "JSON-LD nested more than 200 levels deep"),
]


@pytest.mark.parametrize(("name", "make", "low", "high", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_a_file_refused_by_default_is_read_with_the_bound_raised(run, tmp_path, name, make, low, high, fragment):
    path = make(tmp_path)
    refused = run("convert", path, "--to", "nt", *(f"--input-limit={v}" for v in low))
    line = one_line(refused)
    assert line.startswith(f"stratalign: error: {path}"), line
    assert fragment in line, line
    bound = (low or high)[0].split("=")[0]
    assert f"--input-limit {bound}=N" in line, line  # the refusal says how to raise it
    if high is None:
        return
    read = run("convert", path, "--to", "nt", *(f"--input-limit={v}" for v in high))
    assert read.exit_code == 0, read.output[-600:]
    assert read.stdout.strip()  # the model's triples, not an empty graph
    analysed = run("analyze", path, "--format", "json", *(f"--input-limit={v}" for v in high))
    assert analysed.exit_code in (0, 1), analysed.output[-600:]


def test_the_settings_file_raises_a_bound_and_the_option_wins(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stratalign.toml").write_text("[limits]\ndepth = 2000\n", encoding="utf-8")
    assert run("validate", BAD / "deep-goals.yaml").exit_code == 0
    assert "more than 150 levels" in one_line(run("validate", BAD / "deep-goals.yaml", "--input-limit", "depth=150"))


def test_the_option_wins_over_the_environment_variable(run, tmp_path, monkeypatch):
    path = _spreadsheet_over_cell_bound(tmp_path)
    monkeypatch.setenv("STRATALIGN_MAX_CELL_CHARS", "1000")
    assert "STRATALIGN_MAX_CELL_CHARS" in one_line(run("validate", path))
    assert run("validate", path, "--input-limit", "cell-chars=5000").exit_code == 0


def test_diff_and_load_take_the_option_too(run):
    refused = run("diff", BAD / "deep-goals.yaml", "--new-example", "esbjerg-2025", "--input-limit", "depth=50")
    assert "more than 50 levels" in one_line(refused)
    assert (
        run("diff", BAD / "deep-goals.yaml", "--new-example", "esbjerg-2025", "--input-limit", "depth=2000").exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("depth", "expected NAME=N"),
        ("=5", "expected NAME=N"),
        ("depth=many", "depth: expected a whole number of at least 1, got 'many'"),
        ("depth=0", "depth: expected a whole number of at least 1"),
        ("depth=-3", "depth: expected a whole number of at least 1"),
        ("depht=5", "unknown input limit 'depht'; expected one of depth, aliases"),
        (f"depth={DEPTH_CEILING + 1}", f"depth: at most {DEPTH_CEILING:,}"),
        ("digits=" + "9" * 5000, "digits: expected a whole number"),
    ],
    ids=["no-equals", "no-name", "not-a-number", "zero", "negative", "unknown-name", "over-the-ceiling", "huge"],
)
def test_a_bad_option_value_is_exit_2_in_one_line(run, value, fragment):
    line = one_line(run("analyze", "--example", "esbjerg-2020", "--input-limit", value))
    assert line.startswith("stratalign: error: --input-limit: "), line
    assert fragment in line, line


@pytest.mark.parametrize(
    ("body", "line_number", "fragment"),
    [
        ("[limits]\ndepth = 0\n", 2, "depth: expected a whole number of at least 1"),
        ("[limits]\n\ndepth = 'deep'\n", 3, "input limit 'depth' must be a whole number"),
        ("[limits]\nstack = 5\n", 2, "unknown input limit 'stack'"),
    ],
    ids=["zero", "text", "unknown"],
)
def test_a_bad_limits_section_names_the_file_and_line(run, tmp_path, monkeypatch, body, line_number, fragment):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stratalign.toml").write_text(body, encoding="utf-8")
    line = one_line(run("analyze", "--example", "esbjerg-2020"))
    assert line.startswith(f"stratalign: error: {tmp_path / 'stratalign.toml'}:{line_number}:"), line
    assert fragment in line, line


def test_every_command_that_reads_a_model_takes_the_option():
    ctx = click.Context(cli)
    commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    readers = [name for name, command in commands.items() if any(p.name == "models" for p in command.params)]
    assert {"analyze", "check", "convert", "diff", "graph", "load", "report", "validate"} <= set(readers)
    for name in readers:
        assert "input_limits" in {p.name for p in commands[name].params}, name


def test_the_bounds_are_documented_with_their_defaults():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Hostile input: the bounds", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| ([0-9,]+) \|", section, re.M))
    assert list(rows) == list(LIMIT_NAMES)
    for name, default in rows.items():
        assert int(default.replace(",", "")) == getattr(Limits(), name.replace("-", "_")), name
