"""The library of named SPARQL queries: one ``.rq`` file each, runnable in any SPARQL 1.1 engine.

The first comment line of each file is its one-line description in English; a
comment line ``# da: …`` beside it gives the Danish one. The analysis
rules of :mod:`alignment` are named queries too, so a strategist can run any
rule by hand: ``stratalign query --example esbjerg-2020 --name shared-goal``.

>>> get_query("goals-by-plan").description
'Every goal with the plans that list it, and its label.'
>>> get_query("goals-by-plan").describe("da")
'Hvert mål med de planer, der har det med, og dets etiket.'
"""

from __future__ import annotations

from ontology import NamedQuery, named_query
from ontology import named_queries as _named_queries

__all__ = ["NamedQuery", "named_queries", "get_query"]


def named_queries() -> tuple[NamedQuery, ...]:
    """Every named query, sorted by name."""
    return _named_queries(__name__)


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; KeyError naming the known ones when there is none."""
    query = named_query(__name__, name)
    if query is not None:
        return query
    raise KeyError(f"no named query '{name}'; see `stratalign query --list`")
