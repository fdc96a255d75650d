"""Signed influences between goals, initiatives and focus areas, and the network analysis over them.

:func:`influence_edges` is the one reading of the model: every ``sa:Influence``
(``sa:influencer`` → ``sa:influenced`` with ``sa:strength`` −3..+3), and the
implicit ones, ``sa:hinders`` as −2 and ``sa:contributesTo`` to a goal as +1,
each only where no ``sa:Influence`` scores the same pair of elements.
"""

from __future__ import annotations

from .edges import InfluenceEdge, influence_edges
from .network import analyse_influences, pair_strengths

__all__ = ["InfluenceEdge", "influence_edges", "analyse_influences", "pair_strengths"]
