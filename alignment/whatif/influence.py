"""The signed influences on goals that the what-if compares before and after a change.

They are the influence network's effective edges (:func:`alignment.influence.influence_edges`):
an sa:Influence's own strength, else sa:hinders −2 and sa:contributesTo a goal +1. A goal loses
its strongest positive influence when the strongest positive strength on it is gone or lower.

>>> from ontology import load_model
>>> from alignment.influence import influence_edges
>>> edges = signed_edges(influence_edges(load_model(["tests/data/whatif/budget.yaml"]).store))
>>> ("https://w3id.org/stratalign/example/whatif/laesning", "https://w3id.org/stratalign/example/whatif/laesefaerdigheder", 1) in edges
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..influence import InfluenceEdge

__all__ = ["signed_edges", "strongest_positive"]


def signed_edges(edges: Iterable[InfluenceEdge]) -> list[tuple[str, str, int]]:
    """(influencer, goal, strength) for every effective direct influence on a goal (an analysis's edges)."""
    return sorted({(e.influencer, e.influenced, e.strength) for e in edges})


def strongest_positive(edges: list[tuple[str, str, int]]) -> dict[str, tuple[int, list[str]]]:
    """goal → (its strongest positive strength, the influencers with it)."""
    out: dict[str, tuple[int, list[str]]] = {}
    by_goal: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for source, goal, strength in edges:
        if strength > 0:
            by_goal[goal].append((source, strength))
    for goal, incoming in by_goal.items():
        top = max(strength for _, strength in incoming)
        out[goal] = (top, sorted(source for source, strength in incoming if strength == top))
    return out
