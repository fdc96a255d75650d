"""The bad-input corpus through the CLI (issue 8, point 1): what test_loaders.py does not cover.

Each case is one command on one file with its expected exit code and a
message fragment (on stderr for errors, on stdout otherwise). Files are in
tests/data/bad/; the 20 MB label files are generated once per module in a tmp
folder (they are not committed).
"""

from __future__ import annotations

import contextlib
import json
import signal
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "data" / "bad"
BIG = 20 * 1024 * 1024  # bytes of label text
TIME_LIMIT = 120  # seconds: "terminates" means well within this


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def expired(signum, frame):
        raise AssertionError(f"did not terminate within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def big_files(tmp_path_factory) -> dict[str, Path]:
    """A YAML and a Turtle model whose strategy has a 20 MB label (æøå, so 2 bytes a character)."""
    folder = tmp_path_factory.mktemp("big-label")
    label = "æøå " * (BIG // 7 + 1)  # 7 UTF-8 bytes per repetition
    yaml_path = folder / "big-label.yaml"
    yaml_path.write_text(
        "base: https://e.org/\nstrategies:\n  - id: s\n"
        f"    label: {label.strip()}\n    goals:\n      - id: g\n        label: Mål\n",
        encoding="utf-8",
    )
    ttl_path = folder / "big-label.ttl"
    ttl_path.write_text(
        "@prefix sa: <https://w3id.org/stratalign#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<https://e.org/s> a sa:Strategy ; rdfs:label "{label.strip()}"@da ; sa:hasGoal <https://e.org/g> .\n'
        '<https://e.org/g> a sa:Goal ; rdfs:label "Mål"@da .\n',
        encoding="utf-8",
    )
    assert yaml_path.stat().st_size > BIG and ttl_path.stat().st_size > BIG
    return {"big-label.yaml": yaml_path, "big-label.ttl": ttl_path}


# Regression: Oxigraph's parsers stop at a 16 MiB token ("MemoryError: Reached the buffer
# maximal size"); read_rdf now reports it as bad input (exit 2), and convert no longer
# re-parses the store's dump, so a YAML model with a 20 MB label converts.

SA = "https://w3id.org/stratalign#"

# (command, file, exit code, stream, fragment); stream is where the fragment must appear
CASES = [
    # an element redefined with a conflicting type (Turtle): the graph simply holds both types
    pytest.param(
        ("convert", "--to", "nt"),
        "conflicting-type.ttl",
        0,
        "stdout",
        f"<https://example.org/plan/mål> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SA}Initiative> .",
        id="conflicting-type-loads",
    ),
    pytest.param(
        ("validate", "--lang", "en"),
        "conflicting-type.ttl",
        1,
        "stdout",
        "An element has one kind",
        id="conflicting-type-validate-flags-it",
    ),
    pytest.param(
        ("analyze", "--lang", "en"),
        "conflicting-type.ttl",
        0,
        "stdout",
        "The initiative «Mål» contributes to no goal",
        id="conflicting-type-analyze-sees-both",
    ),
    # a contributesTo cycle a → b → c → a
    pytest.param(("analyze", "--lang", "en"), "contributes-cycle.ttl", 0, "stdout", "3 goals", id="cycle-analyze-text"),
    pytest.param(
        ("analyze", "--format", "json"),
        "contributes-cycle.ttl",
        0,
        "stdout",
        '"covered_goals": 3',
        id="cycle-analyze-json",
    ),
    pytest.param(
        ("validate", "--lang", "en"), "contributes-cycle.ttl", 0, "stdout", "The model conforms", id="cycle-validate"
    ),
    # an empty Turtle file
    pytest.param(
        ("convert", "--to", "nt"), "empty.ttl", 2, "stderr", "empty.ttl:1: the file is empty", id="empty-ttl-convert"
    ),
    pytest.param(("analyze",), "empty.ttl", 2, "stderr", "empty.ttl:1: the file is empty", id="empty-ttl-analyze"),
    # spreadsheets
    pytest.param(
        ("convert", "--to", "nt"),
        "missing-column.csv",
        2,
        "stderr",
        "missing-column.csv:1: sheet 'missing-column': missing required column 'type'",
        id="csv-missing-type-column",
    ),
    pytest.param(
        ("convert", "--to", "nt"),
        "latin1.csv",
        2,
        "stderr",
        "latin1.csv:3: not valid UTF-8 text (byte 0xe5)",
        id="csv-latin1",
    ),
    # a control character in YAML text: exit 2, one line with the line number (regression)
    pytest.param(
        ("convert", "--to", "nt"),
        "control-char.yaml",
        2,
        "stderr",
        "control-char.yaml:4: YAML syntax error: unacceptable character #x001f",
        id="yaml-control-character",
    ),
    # a 20 MB label: must load (exit 0) or be refused (exit 2), never crash; analyze terminates
    pytest.param(
        ("analyze", "--format", "json"), "big-label.yaml", 0, "stdout", '"strategies": 1', id="big-label-yaml-analyze"
    ),
    pytest.param(
        ("convert", "--to", "nt"), "big-label.yaml", 0, "stdout", "<https://e.org/s>", id="big-label-yaml-convert"
    ),
    pytest.param(
        ("convert", "--to", "nt"),
        "big-label.ttl",
        2,
        "stderr",
        "larger than the parser allows",
        id="big-label-ttl-convert",
    ),
    pytest.param(
        ("analyze", "--format", "json"),
        "big-label.ttl",
        2,
        "stderr",
        "larger than the parser allows",
        id="big-label-ttl-analyze",
    ),
]


@pytest.mark.parametrize(("command", "name", "exit_code", "stream", "fragment"), CASES)
def test_bad_input_through_the_cli(run, big_files, command, name, exit_code, stream, fragment):
    path = big_files.get(name) or BAD / name
    with deadline(TIME_LIMIT):
        result = run(*command, path)
    allowed = exit_code if isinstance(exit_code, tuple) else (exit_code,)
    assert result.exit_code in allowed, result.stderr[:500]
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr[:500]
        assert lines[0].startswith(f"stratalign: error: {path}"), lines[0][:500]
    assert fragment in (result.stdout if stream == "stdout" else result.stderr)


def test_cycle_analysis_is_deterministic(run):
    path = BAD / "contributes-cycle.ttl"
    with deadline(TIME_LIMIT):
        first = run("analyze", "--format", "json", path)
        second = run("analyze", "--format", "json", path)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    json.loads(first.stdout)


def test_validate_flags_an_element_with_conflicting_types(run):
    result = run("validate", "--lang", "en", BAD / "conflicting-type.ttl")
    assert result.exit_code == 1
    assert "mål" in result.stdout.lower() and "one kind" in result.stdout
