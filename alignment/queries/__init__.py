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

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["NamedQuery", "named_queries", "get_query"]


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


@lru_cache(maxsize=1)
def named_queries() -> tuple[NamedQuery, ...]:
    """Every named query, sorted by name."""
    folder = Path(str(resources.files(__name__)))
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = [line for line in text.splitlines() if line.startswith("#")]
        first = next((line for line in comments if not line.startswith("# da:")), "#")
        danish = next((line[5:].strip() for line in comments if line.startswith("# da:")), "")
        out.append(NamedQuery(path.stem, first.lstrip("# ").strip(), text, path, danish))
    return tuple(out)


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; KeyError naming the known ones when there is none."""
    for query in named_queries():
        if query.name == name:
            return query
    raise KeyError(f"no named query '{name}'; see `stratalign query --list`")
