"""The signed influences on goals that the what-if compares before and after a change.

Seam: this reads the direct edges through the named query ``whatif-influences`` (sa:contributesTo
+1, sa:hinders −2, an sa:Influence's own strength where one is given between the same two
elements, as the ontology reads sa:hinders and sa:contributesTo). When the influence network's own edge list is in the package, it replaces
:func:`influence_edges` here; nothing else in the what-if changes.

>>> from ontology import load_model
>>> edges = influence_edges(load_model(["tests/data/whatif/budget.yaml"]).store)
>>> ("https://w3id.org/stratalign/example/whatif/laesning", "https://w3id.org/stratalign/example/whatif/laesefaerdigheder", 1) in edges
True
"""

from __future__ import annotations

from collections import defaultdict

from ontology import SparqlStore

from ..queries import get_query

__all__ = ["influence_edges", "strongest_positive"]


def influence_edges(store: SparqlStore) -> list[tuple[str, str, int]]:
    """(influencer, goal, strength) for every direct influence on a goal, strongest first per pair."""
    best: dict[tuple[str, str], int] = {}
    for source, goal, strength in store.select(get_query("whatif-influences").text).values(
        "source", "goal", "strength"
    ):
        try:
            value = int(float(strength))
        except (TypeError, ValueError):
            continue  # not a number: the SHACL shapes report it
        key = (source, goal)
        # an sa:Influence overrides the link's default; two scores for one pair: the stronger counts
        best[key] = max(best.get(key, value), value)
    return sorted((s, g, v) for (s, g), v in best.items())


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
