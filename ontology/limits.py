"""The bounds the loaders put on untrusted input, in one place, and how a user raises them.

Each bound refuses a hostile or broken file early (exit 2, naming the bound) instead of
letting it exhaust the stack, the memory or the clock. The defaults are far above what a
real model needs; a user with an unusual but honest file raises one with
``--input-limit NAME=VALUE`` (repeatable) or in ``stratalign.toml``::

    [limits]
    depth = 2000
    digits = 1000

A loader reads the bounds in force with :func:`active`; the command line puts its own in
force with :func:`use_limits`.

>>> Limits().depth
100
>>> with use_limits(Limits().raised({"depth": "2000"}, source="--input-limit")):
...     active().depth
2000
>>> active().depth
100
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator, Mapping

from .errors import InputError

__all__ = ["Limits", "LIMIT_NAMES", "active", "use_limits", "raise_hint"]


@dataclass(frozen=True)
class Limits:
    """Every input bound, with its default. Names on the command line use ``-`` for ``_``.

    >>> Limits().raised({"rdf-digits": 5000}, source="x").rdf_digits
    5000
    """

    #: Levels of nested lists and maps in YAML: 100 holds about 48 goals nested one in
    #: another; the reader recurses, and Python's stack ends near 1,000 frames per level of 3.
    depth: int = 100
    #: Nodes YAML aliases (``*name``) may repeat in all: a 413-byte alias bomb stands for a billion.
    aliases: int = 10_000
    #: Digits in a number of a YAML, CSV or XLSX model (a 64-bit count has 19).
    digits: int = 100
    #: Digits in a number literal of an RDF file (Python's own bound for int() is 4,300).
    rdf_digits: int = 4300
    #: Levels of JSON-LD nesting: a model nests about 6; Oxigraph's parser crashed at 5,000.
    json_depth: int = 200
    #: Bytes XML entity references may add to an RDF/XML file (64 MiB).
    entities: int = 64 << 20
    #: Characters in one spreadsheet cell (CSV field or XLSX cell); Excel keeps 32,767.
    cell_chars: int = 1 << 20
    #: Bytes all parts of an .xlsx may inflate to (100,000 rows of the writer's format take 27 MB).
    xlsx_inflated: int = 512 << 20
    #: Times larger than its compressed size a part of 1 MiB or more of an .xlsx may inflate
    #: (sheets compress about 11 times, a zip bomb about 1,000).
    xlsx_ratio: int = 200
    #: Parts in one .xlsx archive (300 sheets with drawings have about 1,500).
    xlsx_parts: int = 10_000

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, with the documented environment variables (``STRATALIGN_MAX_CELL_CHARS`` …) applied."""
        given = {
            name: os.environ[variable]
            for name, variable in ENV_VARIABLES.items()
            if os.environ.get(variable, "").strip()
        }
        limits = cls()
        for name, raw in given.items():
            limits = dataclasses.replace(limits, **{name: _whole(raw, ENV_VARIABLES[name])})
        return limits

    def raised(self, values: Mapping[str, object], *, source: str, line: int | None = None) -> Limits:
        """These bounds with ``values`` (name → whole number ≥ 1) put in; bad input names ``source``.

        >>> Limits().raised({"depth": "0"}, source="--input-limit")
        Traceback (most recent call last):
        ontology.errors.InputError: --input-limit: depth: expected a whole number of at least 1, got '0'
        """
        changes = {}
        for name, raw in values.items():
            field = name.replace("-", "_")
            if field not in _FIELDS:
                raise InputError(
                    source, line, f"unknown input limit '{name}'; expected one of {', '.join(LIMIT_NAMES)}"
                )
            changes[field] = _whole(raw, source, name, line)
            if field == "depth" and changes[field] > DEPTH_CEILING:
                raise InputError(
                    source,
                    line,
                    f"depth: at most {DEPTH_CEILING:,} (deeper nesting would exhaust the stack), got {changes[field]:,}",
                )
        return dataclasses.replace(self, **changes)


_FIELDS = tuple(f.name for f in dataclasses.fields(Limits))
#: The names a user writes: ``--input-limit json-depth=500``, ``json-depth = 500`` in [limits].
LIMIT_NAMES = tuple(name.replace("_", "-") for name in _FIELDS)
#: The environment variables that raised a bound before the option existed (docs/spreadsheets.md).
ENV_VARIABLES = {
    "cell_chars": "STRATALIGN_MAX_CELL_CHARS",
    "xlsx_inflated": "STRATALIGN_MAX_XLSX_INFLATED",
    "xlsx_ratio": "STRATALIGN_MAX_XLSX_RATIO",
}

#: The highest depth a user may set: each level costs Python stack frames (see use_limits);
#: 4,000 nested goals (8,000 levels) analyse in 8 s under depth=10000.
DEPTH_CEILING = 10_000

_ACTIVE: ContextVar[Limits | None] = ContextVar("stratalign_limits", default=None)


def _whole(raw: object, source: str, name: str | None = None, line: int | None = None) -> int:
    text = str(raw).strip().replace("_", "")
    # 18 digits: past any memory or clock (and int() of 5,000 digits would fail in Python itself)
    value = (
        raw
        if isinstance(raw, int) and not isinstance(raw, bool)
        else (int(text) if text.isdigit() and len(text) <= 18 else 0)
    )
    if value < 1:
        shown = repr(str(raw)[:40])
        raise InputError(
            source, line, f"{name + ': ' if name else ''}expected a whole number of at least 1, got {shown}"
        )
    return int(value)


def active() -> Limits:
    """The bounds in force: those given to :func:`use_limits`, else the defaults and environment."""
    return _ACTIVE.get() or Limits.from_env()


@contextlib.contextmanager
def use_limits(limits: Limits) -> Iterator[Limits]:
    """Put ``limits`` in force for the loaders while the block runs.

    A number bound over Python's own int() bound (4,300 digits) raises that too, and a
    depth bound over the default raises Python's recursion limit to match, for the block:
    the YAML reader takes 4 frames per level (measured on 400 nested goals), so 1,000
    frames hold about 240 levels; 8 per level leave room for the stages that walk the tree.
    """
    token = _ACTIVE.set(limits)
    digits, frames = sys.get_int_max_str_digits(), sys.getrecursionlimit()
    wanted = max(limits.rdf_digits, limits.digits)
    if digits and wanted > digits:
        sys.set_int_max_str_digits(wanted)
    if limits.depth > Limits.depth:
        sys.setrecursionlimit(max(frames, 1000 + 8 * limits.depth))
    try:
        yield limits
    finally:
        sys.set_int_max_str_digits(digits)
        sys.setrecursionlimit(frames)
        _ACTIVE.reset(token)


def raise_hint(field: str) -> str:
    """How a user raises the bound ``field``: ``--input-limit depth=N raises it``, plus its variable if any.

    >>> raise_hint("cell_chars")
    '--input-limit cell-chars=N or STRATALIGN_MAX_CELL_CHARS raises it'
    """
    variable = ENV_VARIABLES.get(field)
    return f"--input-limit {field.replace('_', '-')}=N{' or ' + variable if variable else ''} raises it"
