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


STAGES = ("ontology", "alignment", "graphs", "reports")


def _stage_imports(path: Path, stage: str) -> list[tuple[int, str, list[str]]]:
    """Every import of ``stage`` in the file at ``path``: (line, module, names)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == stage:
            found.append((node.lineno, node.module or "", [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names if a.name.split(".")[0] == stage]
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_other_packages_use_a_stage_through_its_all_only(stage):
    """A later stage or an application imports ``from <stage> import names`` with every name in
    the stage's ``__all__``: never a submodule, never a private name (the stage's interface is
    its ``__init__``; what it does inside may move, as the splits of this version did)."""
    import importlib

    package = importlib.import_module(stage)
    assert [name for name in package.__all__ if not hasattr(package, name)] == []
    assert not [name for name in package.__all__ if name.startswith("_") and name != "__version__"]
    files = [
        p
        for folder in ("ontology", "alignment", "graphs", "reports", "stratalign")
        if folder != stage
        for p in sorted((ROOT / folder).rglob("*.py"))
    ]
    reaching = [
        f"{path.relative_to(ROOT)}:{line}: from {module} import {', '.join(names)}"
        for path in files
        for line, module, names in _stage_imports(path, stage)
        if module != stage or not set(names) <= set(package.__all__)
    ]
    assert reaching == []


def test_the_import_check_sees_a_reach_into_a_submodule(tmp_path):
    path = tmp_path / "x.py"
    path.write_text(
        "from graphs.views import KIND_WORDS\nimport alignment.rules\nfrom graphs import project\n", encoding="utf-8"
    )
    assert _stage_imports(path, "graphs") == [(1, "graphs.views", ["KIND_WORDS"]), (3, "graphs", ["project"])]
    assert _stage_imports(path, "alignment") == [(2, "alignment.rules", [])]


def test_the_library_type_checks():
    """mypy over the five packages (its settings in pyproject.toml) finds no error."""
    if shutil.which("mypy") is None:
        pytest.fail("mypy not installed (pip install -e '.[test]')")
    done = subprocess.run(["mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


@pytest.mark.parametrize("check", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_finds_nothing(check):
    """ruff's lint rules and its formatter (settings in pyproject.toml) are satisfied by every file."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff not installed (pip install -e '.[test]')")
    done = subprocess.run([ruff, *check], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
