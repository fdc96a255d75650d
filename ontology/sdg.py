"""The UN Sustainable Development Goals shipped with stratalign: 17 goals and 169 targets (``sdg.ttl``).

IRIs are the UN SDG knowledge organisation system's, ``http://metadata.un.org/sdg/3`` for a goal
and ``http://metadata.un.org/sdg/3.4`` for a target. English titles are the official texts
(A/RES/71/313, via open-sdg's translations, MIT); Danish: the goals' short names only (see the
file's header for the sources). Loaded once, offline.

>>> sdg_iri("3.4")
'http://metadata.un.org/sdg/3.4'
>>> sdg_concepts()["http://metadata.un.org/sdg/3.4"].goal
'http://metadata.un.org/sdg/3'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pyoxigraph as ox

from .namespaces import SKOS

__all__ = ["SDG_BASE", "SdgConcept", "sdg_concepts", "sdg_iri", "sdg_notation", "sdg_turtle"]

SDG_BASE = "http://metadata.un.org/sdg/"
# A goal number and, for a target, a number or a letter: 3, 3.4, 17.19, 3.a (no nested quantifier).
_NOTATION = re.compile(r"(\d{1,2})(?:\.([0-9]{1,2}|[a-z]))?")


@dataclass(frozen=True)
class SdgConcept:
    """One SDG goal or target: its notation ("3", "3.4"), its goal's IRI, and labels by language."""

    iri: str
    notation: str
    goal: str
    titles: dict[str, str] = field(default_factory=dict)  # prefLabel by language (English: the official title)
    short: dict[str, str] = field(default_factory=dict)  # altLabel by language (goals: the short name)

    @property
    def is_goal(self) -> bool:
        return self.iri == self.goal

    def title(self, lang: str) -> str:
        """The title in ``lang``: for a goal the short name in Danish where no Danish title exists."""
        if lang in self.titles:
            return self.titles[lang]
        if lang in self.short:
            return self.short[lang]
        return self.titles.get("en", self.notation)


def sdg_turtle() -> bytes:
    """The shipped Turtle (``ontology/sdg.ttl``)."""
    return resources.files(__package__ or "ontology").joinpath("sdg.ttl").read_bytes()


@functools.cache
def sdg_concepts() -> dict[str, SdgConcept]:
    """IRI → concept for the 186 shipped goals and targets, goals first, in notation order."""
    store = ox.Store()
    store.load(sdg_turtle(), format=ox.RdfFormat.TURTLE)
    rows: dict[str, dict[str, Any]] = {}
    for quad in store.quads_for_pattern(None, None, None):
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode) or subject.value == SDG_BASE:
            continue
        row = rows.setdefault(subject.value, {"titles": {}, "short": {}})
        if predicate == SKOS + "notation" and isinstance(obj, ox.Literal):
            row["notation"] = obj.value
        elif predicate == SKOS + "broader" and isinstance(obj, ox.NamedNode):
            row["goal"] = obj.value
        elif predicate in (SKOS + "prefLabel", SKOS + "altLabel") and isinstance(obj, ox.Literal) and obj.language:
            row["titles" if predicate == SKOS + "prefLabel" else "short"][obj.language] = obj.value
    concepts = [
        SdgConcept(iri, row["notation"], row.get("goal", iri), row["titles"], row["short"])
        for iri, row in rows.items()
        if "notation" in row
    ]
    concepts.sort(key=lambda c: (not c.is_goal, _order(c.notation)))
    return {c.iri: c for c in concepts}


def _order(notation: str) -> tuple[int, int, str]:
    goal, _, target = notation.partition(".")
    return (int(goal), 0 if target.isdigit() else 1, target.zfill(3))


def sdg_iri(value: Any) -> str | None:
    """The IRI of an SDG goal or target written as a notation (3, "3.4", "3.a") or as its IRI; None if not one.

    >>> sdg_iri(3), sdg_iri("http://metadata.un.org/sdg/11.2"), sdg_iri("18")
    ('http://metadata.un.org/sdg/3', 'http://metadata.un.org/sdg/11.2', None)
    """
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.startswith(SDG_BASE):
        text = text[len(SDG_BASE) :]
    if len(text) > 5 or not _NOTATION.fullmatch(text.lower()):
        return None
    iri = SDG_BASE + text.lower()
    return iri if iri in sdg_concepts() else None


def sdg_notation(iri: str) -> str | None:
    """The notation of a shipped SDG IRI ("3.4"), or None."""
    concept = sdg_concepts().get(iri)
    return concept.notation if concept else None
