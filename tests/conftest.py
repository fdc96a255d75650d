"""Shared fixtures: the CLI runner, data folders and loaded examples."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from stratalign.cli import cli

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"

# `pytest --hypothesis-profile=long`: the long fuzzing and property runs (10,000 cases a test;
# the metamorphic suite's cases cost more each: run it with a time budget in mind).
settings.register_profile("long", max_examples=10000, deadline=None)


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def run():
    """Invoke the CLI in-process: ``run("query", "--list")`` → click Result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def require(condition: bool, reason: str) -> None:
    """Skip when a real part is missing locally; in CI such a skip is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


def generated_corpus(folder: Path, size: str, *options: str) -> Path:
    """The benchmark corpus ``benchmarks/generate.py SIZE [options]`` as N-Triples in ``folder``, written by the script.

    ``generated_corpus(tmp_path, "XS", "--influences", "3")`` → ``tmp_path / "XS--influences-3.nt"``.
    """
    corpus = folder / ("-".join((size, *options)) + ".nt")
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), size, *options, "-o", str(corpus)], check=True, capture_output=True)
    return corpus
