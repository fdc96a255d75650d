"""Named SPARQL queries: a package's ``.rq`` files, one query each, runnable in any SPARQL 1.1 engine.

Every stage that keeps queries as files (the analysis rules in :mod:`alignment.queries`,
the graph projection in :mod:`graphs.queries`) loads them here, so each has the same
:class:`NamedQuery` with its name, text and one-line description. The first comment line
of a file is its description in English; a comment line ``# da: …`` gives the Danish one.

>>> query = named_query("graphs.queries", "graph-edges")
>>> query.description.startswith("The typed links"), query.text.startswith("# ")
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["NamedQuery", "named_queries", "named_query"]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    path: Path
    danish: str = ""

    def describe(self, lang: str) -> str:
        """The one-line description in ``lang`` ("da" or "en"); English where a file has no Danish line."""
        return self.danish if lang == "da" and self.danish else self.description


@lru_cache(maxsize=None)
def named_queries(package: str) -> tuple[NamedQuery, ...]:
    """Every named query of ``package`` (the ``.rq`` files in its folder), sorted by name."""
    folder = Path(str(resources.files(package)))
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        first = next((line for line in comments if not line.startswith("# da:")), "#")
        danish = next((line[5:].strip() for line in comments if line.startswith("# da:")), "")
        out.append(NamedQuery(path.stem, first.lstrip("# ").strip(), text, path, danish))
    return tuple(out)


def named_query(package: str, name: str) -> NamedQuery | None:
    """The query ``name`` of ``package``, or None when it has none (each stage words its own KeyError)."""
    for query in named_queries(package):
        if query.name == name:
            return query
    return None
