"""The analysis rules, one small function per finding kind, grouped by concept.

Each family module (:mod:`.overlap` with :mod:`.duplicates`, :mod:`.conflict`,
:mod:`.coverage`, :mod:`.progress`) declares its kinds beside their rules (:class:`~alignment.findings.Kind`:
name, group, default severity, messages, rule, named query, what it waits for,
decisions). Each rule runs its named query (``alignment/queries/<query>.rq``)
through the store interface and turns the rows into findings; only the text
similarity of duplicates runs in Python. The tables below, and those of
:mod:`alignment.findings` and :mod:`alignment.messages`, are derived from
:data:`DECLARATIONS`.

>>> [kind.name for kind in DECLARATIONS][:3], RULES["target-conflict"].__name__
(['shared-goal', 'shared-initiative', 'duplicate-goal'], 'target_conflict')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..findings import Finding, Kind
from . import conflict, coverage, overlap, progress

if TYPE_CHECKING:
    from ..context import Context

__all__ = ["DECLARATIONS", "BY_NAME", "RULES", "LATE_RULES", "TEXT_RULES"]

Rule = Callable[["Context"], list[Finding]]

#: Every finding kind, group by group, in the order findings are reported in.
DECLARATIONS: tuple[Kind, ...] = (*overlap.DECLARED, *conflict.DECLARED, *coverage.DECLARED, *progress.DECLARED)

#: kind name → its declaration
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in DECLARATIONS}

#: kind → rule, for every kind that does not wait for the other findings.
RULES: dict[str, Rule] = {kind.name: kind.rule for kind in DECLARATIONS if kind.waits != "findings"}

#: Rules that wait for the text comparison (started early, see :func:`duplicates.start_text_comparison`).
TEXT_RULES = frozenset(kind.name for kind in DECLARATIONS if kind.waits == "texts")

#: Rules that need the other findings (shared-indicator excludes duplicates and conflicts).
LATE_RULES: dict[str, Callable[["Context", list[Finding]], list[Finding]]] = {
    kind.name: kind.rule for kind in DECLARATIONS if kind.waits == "findings"
}
