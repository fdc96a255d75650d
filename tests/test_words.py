"""Every word table says the same things in Danish and English: one table per stage, the same keys
in both languages (a key missing in one language is a KeyError in the output of that language)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

#: the word modules: one per stage, and the packages that keep their words beside their parts
WORD_MODULES = [
    "ontology.words",
    "alignment.messages",
    "alignment.diff.words",
    "alignment.whatif.words",
    "alignment.restructure.words",
    "graphs.views.words",
    "reports.words",
    "stratalign.cli.help_texts",
]


def _language_tables(value: Any, path: str) -> list[tuple[str, dict, dict]]:
    """Every dict inside ``value`` keyed by exactly ``da`` and ``en`` whose two sides are dicts."""
    found = []
    if isinstance(value, dict):
        if set(value) == {"da", "en"} and all(isinstance(v, dict) for v in value.values()):
            found.append((path, value["da"], value["en"]))
        for key, inner in value.items():
            found += _language_tables(inner, f"{path}[{key!r}]")
    return found


def _tables(module_name: str) -> list[tuple[str, dict, dict]]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None) or [n for n in vars(module) if n.isupper()]
    return [t for name in names for t in _language_tables(getattr(module, name), f"{module_name}.{name}")]


@pytest.mark.parametrize("module_name", WORD_MODULES)
def test_danish_and_english_have_the_same_keys(module_name):
    tables = _tables(module_name)
    assert tables, f"{module_name} exports no da/en table"
    for path, da, en in tables:
        assert da.keys() == en.keys(), (
            f"{path}: only da {sorted(da.keys() - en.keys())}, only en {sorted(en.keys() - da.keys())}"
        )


def test_the_check_sees_a_missing_key():
    assert _language_tables({"T": {"da": {"a": 1}, "en": {"a": 1, "b": 2}}}, "x") == [
        ("x['T']", {"a": 1}, {"a": 1, "b": 2})
    ]
