"""The command line as a whole: help, version, and the exit code of an internal error."""

from __future__ import annotations

import subprocess
import sys

import pytest

import alignment
from ontology import __version__
from stratalign.cli import COMMANDS

DOCUMENTED_COMMANDS = {
    "analyze",
    "check",
    "validate",
    "query",
    "report",
    "graph",
    "serve",
    "load",
    "convert",
    "template",
    "diff",
    "restructure",
    "examples",
}


def test_every_command_of_the_contract_exists(run):
    assert DOCUMENTED_COMMANDS <= set(COMMANDS)
    help_text = run("--help").stdout
    for name in DOCUMENTED_COMMANDS:
        assert name in help_text
        assert run(name, "--help").exit_code == 0


def test_version(run):
    assert __version__ in run("--version").stdout


def test_help_does_not_import_the_heavy_libraries():
    """Start-up stays fast because subcommands (and rdflib, pyshacl, networkx) load lazily."""
    code = "import sys; from stratalign.cli import cli; print(sorted(m for m in ('rdflib','pyshacl','networkx','pyvis','jinja2','openpyxl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.fixture
def broken_analysis(monkeypatch):
    def explode(*args, **kwargs):
        raise ZeroDivisionError("boom")

    # the command line calls the stage through its interface (alignment.__all__), so that is where it breaks
    monkeypatch.setattr(alignment, "analyze_model", explode)


def test_internal_error_is_one_line_with_version_and_exit_3(run, broken_analysis):
    result = run("analyze", "--example", "horsens-2014")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"stratalign {__version__}: internal error: ZeroDivisionError: boom" in lines[0]
    assert "--debug" in lines[0] and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(run, broken_analysis):
    result = run("--debug", "analyze", "--example", "horsens-2014")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


# The README's command reference lists every option and choice: tests/test_docs.py (it is generated from the commands).
