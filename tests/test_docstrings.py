"""The examples in the library's docstrings run and show what they say (doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("ontology", "alignment", "graphs", "reports", "stratalign")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        path = importlib.import_module(package).__path__
        names += [m.name for m in pkgutil.walk_packages(path, package + ".") if not m.name.endswith("__main__")]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name))  # prints each failure (captured output)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} fail"


def test_the_library_shows_its_use_in_examples():
    """A guard that the collection above finds the modules: most public modules carry examples."""
    attempted = sum(doctest.testmod(importlib.import_module(name), report=False).attempted for name in _modules())
    assert attempted >= 100
