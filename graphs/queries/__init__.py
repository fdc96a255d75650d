"""The named SPARQL queries of the graph stage: one ``.rq`` file each, runnable in any SPARQL 1.1 engine.

The first comment line of each file is its one-line description. They run
through ``model.store`` like every analysis query, so a projection also works
against a remote endpoint.

>>> get_query("graph-edges").description
'The typed links between strategy elements that become graph edges (literals stay attributes).'
"""

from __future__ import annotations

from typing import Any, Iterator

from ontology import NamedQuery, named_queries, named_query

__all__ = ["NamedQuery", "get_query", "query_names", "select_values"]


def get_query(name: str) -> NamedQuery:
    """The named query ``name`` of this stage (KeyError when there is none), as :mod:`alignment.queries` gives its own."""
    query = named_query(__name__, name)
    if query is None:
        raise KeyError(f"no graph query named '{name}'")
    return query


def query_names() -> list[str]:
    """Every named query of this stage, sorted."""
    return [query.name for query in named_queries(__name__)]


def select_values(store: Any, text: str, *names: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a SELECT as plain values; blank nodes keep their ``_:`` marker so they never meet an IRI.

    Each value is a string, or None where the query leaves it unbound: only the query says which
    columns can be (an ``OPTIONAL``), so the rows are typed ``Any`` rather than ``str | None`` each.
    """
    return store.select(text).values(*names, mark_blank_nodes=True)
