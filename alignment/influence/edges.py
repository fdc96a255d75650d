"""The effective signed edge list (the ``influence-edges`` named query).

Nilsson et al.'s seven-point scale, as SEI's SDG Synergies scores a cross-impact
matrix: +3 indivisible, +2 reinforcing, +1 enabling, 0 consistent, −1 constraining,
−2 counteracting, −3 cancelling.

* an ``sa:Influence`` gives one edge with its own strength (``source="influence"``),
  its ``dcterms:description`` as the reason (``why``);
* ``sa:hinders`` gives −2 (``source="hinders"``), ``sa:contributesTo`` to a **goal**
  +1 (``source="contributesTo"``; a link to a focus area is structure, not a scored
  effect on a goal) — both only when no ``sa:Influence`` has the same influencer
  and influenced: a scored influence says what the link means, so the pair has
  one effective strength and nothing is counted twice.

An ``sa:Influence`` whose strength is not an integer from −3 to +3 is left out
here and reported by ``stratalign validate`` (shapes.ttl, ``sash:StrengthDatatypeShape``).

>>> from ontology.loaders import load_model
>>> edges = influence_edges(load_model(["tests/data/influence/small.yaml"]).store)
>>> [(e.influencer.rsplit("/", 1)[1], e.influenced.rsplit("/", 1)[1], e.strength, e.source) for e in edges][:2]
[('g1', 'g2', -2, 'influence'), ('i1', 'g1', 0, 'influence')]
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ontology import SparqlStore

from ..queries import get_query

__all__ = ["InfluenceEdge", "influence_edges", "SOURCES"]

Source = Literal["influence", "hinders", "contributesTo"]
#: The sources an edge can come from, in the order edges of one pair are listed.
SOURCES: tuple[Source, ...] = ("influence", "hinders", "contributesTo")
_STRENGTH = re.compile(r"^[+-]?0*[0-3]$")


class InfluenceEdge(NamedTuple):
    """One effective signed influence of ``influencer`` (an IRI) on the goal ``influenced``.

    ``strength`` is an integer from −3 to +3; ``source`` says where it comes from; ``why`` is the
    reason an ``sa:Influence`` gives (its description, Danish first), else None. A named tuple:
    immutable and ordered like the frozen dataclass it was, and made three times as fast (a national
    model with ten scored influences per goal has 307,331 edges).
    """

    influencer: str
    influenced: str
    strength: int
    source: Source
    why: str | None = None


def influence_edges(store: SparqlStore) -> list[InfluenceEdge]:
    """The model's effective signed influences, sorted by influencer, influenced and source.

    The rows of the ``influence-edges`` named query, read as its two halves, ``influence-scored``
    and ``influence-implicit`` (``tests/test_influence_network.py`` holds them equal): at national
    scale with ten scored influences per goal the union, which binds a source word on each of its
    307,331 rows, took 3.5 s and the halves 2.5 s.

    >>> from ontology.loaders import load_model
    >>> len(influence_edges(load_model(["tests/data/influence/small.yaml"]).store))
    5
    """
    # key (influencer, influenced, the source's place in SOURCES, strength) → the reasons seen; the
    # keys sort as the edges are listed, with no key function (0.3 s less at 307,331 edges)
    whys: dict[tuple[str, str, int, int], list[tuple[int, str]]] = {}
    strengths: dict[str, int | None] = {}  # the few lexical forms seen, each checked once
    lang_order = _LANG_ORDER
    scored = store.select(get_query("influence-scored").text)
    for influencer, influenced, strength, why, lang in scored.values(
        "influencer", "influenced", "strength", "why", "whyLang"
    ):
        if influencer is None or influenced is None or strength is None:
            continue  # rdflib answers some queries over nothing with one unbound row
        if strength in strengths:
            value = strengths[strength]
        else:  # the query keeps xsd:integer strengths from -3 to +3 only
            value = strengths[strength] = int(strength) if _STRENGTH.match(strength) else None
        if value is None:
            continue
        key = (influencer, influenced, 0, value)
        reasons = whys.get(key)
        if reasons is None:
            reasons = whys[key] = []
        if why:
            reasons.append((lang_order.get((lang or "").partition("-")[0].lower(), len(lang_order)), why))
    place = {source: i for i, source in enumerate(SOURCES)}
    implicit = store.select(get_query("influence-implicit").text)
    for influencer, influenced, strength, source in implicit.values("influencer", "influenced", "strength", "source"):
        if influencer is None or influenced is None or strength is None or source not in place or source == "influence":
            continue
        whys.setdefault((influencer, influenced, place[source], int(strength)), [])
    return [
        InfluenceEdge(influencer, influenced, strength, SOURCES[at], min(reasons)[1] if reasons else None)
        for (influencer, influenced, at, strength), reasons in sorted(whys.items())
    ]


_LANG_ORDER = {"da": 0, "en": 1, "": 2}  # by the primary subtag: a reason tagged da-DK is Danish
