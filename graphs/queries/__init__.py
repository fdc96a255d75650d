"""The named SPARQL queries of the graph stage: one ``.rq`` file each, runnable in any SPARQL 1.1 engine.

The first comment line of each file is its one-line description. They run
through ``model.store`` like every analysis query, so a projection also works
against a remote endpoint.

>>> get_query("graph-edges").startswith("# The typed links")
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterator

__all__ = ["get_query", "query_names", "select_values"]


@lru_cache(maxsize=None)
def get_query(name: str) -> str:
    """The text of the named query ``name`` (KeyError when there is none)."""
    path = resources.files(__name__) / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no graph query named '{name}'")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every named query of this stage, sorted."""
    return sorted(p.name[:-3] for p in resources.files(__name__).iterdir() if p.name.endswith(".rq"))


def select_values(store, text: str, *names: str) -> Iterator[tuple[str | None, ...]]:
    """Rows of a SELECT as plain values; blank nodes keep their ``_:`` marker so they never meet an IRI."""
    return store.select(text).values(*names, mark_blank_nodes=True)
