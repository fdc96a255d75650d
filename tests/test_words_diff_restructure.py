"""The word tables of `diff` and `restructure`: both languages say everything, and every move's text
uses only what its kind of move fills in (a missing key or placeholder was a crash at explain time)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import string
import typing

import pytest

import alignment.diff
import alignment.restructure
import ontology.words
from alignment.restructure import moves as moves_module
from alignment.restructure.moves import Move, MoveKind
from alignment.restructure.words import WORDS as RESTRUCTURE_WORDS


def _word_tables() -> list:
    """Every module-level ``{"da": {...}, "en": {...}}`` table of the two packages and of ontology.words."""
    modules = [ontology.words]
    for package in (alignment.diff, alignment.restructure):
        # the words module first: the others import its table
        names = sorted((m.name for m in pkgutil.iter_modules(package.__path__)), key=lambda n: n != "words")
        modules += [importlib.import_module(f"{package.__name__}.{n}") for n in names]
        modules.append(package)
    found = {}
    for module in modules:
        for name, table in vars(module).items():
            if (
                isinstance(table, dict)
                and {"da", "en"} <= set(table)
                and all(isinstance(v, dict) for v in table.values())
            ):
                found.setdefault(id(table), pytest.param(table, id=f"{module.__name__}.{name}"))
    return list(found.values())


TABLES = _word_tables()


def test_the_tables_are_found():
    names = {p.id for p in TABLES}
    assert {"alignment.diff.words.WORDS", "alignment.restructure.words.WORDS", "ontology.words.STATUS_WORDS"} <= names


@pytest.mark.parametrize("table", TABLES)
def test_danish_and_english_have_the_same_keys(table):
    assert set(table) == {"da", "en"}
    assert set(table["da"]) == set(table["en"])
    # a text, or a noun's (one, many) forms (ontology.words.COUNT_WORDS)
    texts = [t for words in table.values() for v in words.values() for t in (v if isinstance(v, tuple) else (v,))]
    assert all(isinstance(t, str) and t for t in texts)
    assert all(len(v) == 2 for words in table.values() for v in words.values() if isinstance(v, tuple))


@pytest.mark.parametrize("table", TABLES)
def test_danish_and_english_texts_have_the_same_placeholders(table):
    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in table["da"].items():
        pairs = zip(text, table["en"][key]) if isinstance(text, tuple) else [(text, table["en"][key])]
        for da, en in pairs:
            assert placeholders(da) == placeholders(en), key


def _move_classes() -> dict[MoveKind, type[Move]]:
    out: dict[MoveKind, type[Move]] = {}
    for cls in vars(moves_module).values():
        if isinstance(cls, type) and issubclass(cls, Move) and "kind" in cls.__dict__:
            assert cls.kind not in out, f"two classes for {cls.kind}"
            out[cls.kind] = cls
    return out


def test_every_kind_of_move_has_one_class():
    assert set(_move_classes()) == set(MoveKind)


def _sample(cls: type[Move]) -> Move:
    """A move of ``cls`` with every field filled (a list of one IRI, a number, a flag)."""
    hints = typing.get_type_hints(cls)
    filled = {"list[str]": ["https://e.org/x"], "str": "https://e.org/s", "int": 2, "float | None": 0.5, "bool": True}

    def name(t):
        return t.__name__ if isinstance(t, type) else str(t)

    values = {f.name: filled[name(hints[f.name])] for f in dataclasses.fields(cls)}
    return cls(**values)


class _Say:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words = RESTRUCTURE_WORDS[lang]

    def one(self, iri: str) -> str:
        return f"«{iri}»"

    def many(self, iris: list[str]) -> str:
        return ", ".join(map(self.one, iris)) or self.words["none"]

    def text(self, text: str) -> str:
        return text


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("kind", list(MoveKind), ids=str)
def test_each_move_fills_exactly_the_placeholders_of_its_text(kind, lang):
    move = _sample(_move_classes()[kind])
    given = {"subject", "vision", *move.placeholders(_Say(lang))}
    used = {name for _, name, _, _ in string.Formatter().parse(RESTRUCTURE_WORDS[lang][kind]) if name}
    assert used <= given, f"{kind} text needs {used - given}"
    assert given - used <= {"vision"}, f"{kind} fills {given - used - {'vision'}} that its text does not use"
