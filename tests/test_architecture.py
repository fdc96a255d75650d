"""The package layout keeps its shape: the import-linter contracts of pyproject.toml hold."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_layers_contract_holds():
    """ontology < alignment < graphs < reports < stratalign (the applications): no stage imports
    one above it. A broken contract prints the offending import chain."""
    lint = shutil.which("lint-imports")
    if lint is None:  # installed with the test extra; a missing linter must not pass silently
        pytest.fail("lint-imports not installed (pip install -e '.[test]')")
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_layers_contract_names_every_package():
    """A new top-level package must be placed in the layers, or the contract would not see it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(layers), (packages, layers)
