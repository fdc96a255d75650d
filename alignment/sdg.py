"""The SDG section: which UN Sustainable Development Goals the strategies address, through which elements,
and which targets of those goals no local element works towards.

Only direct links count (``sa:alignsWith``): an element aligned with a target also addresses that
target's goal. The targets without a local contributor are listed for the *addressed* goals only —
a municipality that works on 4 of the 17 goals would otherwise read 150 targets it never meant to
take on. Nothing when the model has no SDG link.

>>> from ontology import load_model
>>> from alignment.context import Labels
>>> model = load_model(["tests/data/whatif/budget.yaml"])
>>> section = sdg_section(model.store, Labels.from_store(model.store), "en")
>>> [g["notation"] for g in section["goals"]]
['4', '11', '13']
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ontology import SA, OxigraphStore, SparqlStore, sdg_concepts, sdg_turtle

from .context import Labels
from .queries import get_query

__all__ = ["sdg_section"]

_KINDS = {
    SA + "Vision": "plan",
    SA + "Strategy": "plan",
    SA + "Plan": "plan",
    SA + "Goal": "goal",
    SA + "FocusArea": "focus_area",
    SA + "Initiative": "initiative",
    SA + "Indicator": "indicator",
}


def _uncovered(links: list[tuple[str, str]]) -> set[str]:
    """The query ``sdg-uncovered-targets`` over the links and the shipped SDG concepts."""
    import pyoxigraph as ox

    store = OxigraphStore()
    store.add(
        [ox.Quad(ox.NamedNode(element), ox.NamedNode(SA + "alignsWith"), ox.NamedNode(sdg)) for element, sdg in links]
    )
    store.add(ox.parse(sdg_turtle(), format=ox.RdfFormat.TURTLE))
    return {target for _, target in store.select(get_query("sdg-uncovered-targets").text).values("goal", "target")}


def sdg_section(store: SparqlStore, labels: Labels, lang: str) -> dict[str, Any] | None:
    """The section as JSON-ready data (goals in SDG order, each with its elements and targets), or None."""
    concepts = sdg_concepts()
    rows = list(store.select(get_query("sdg-alignments").text).values("element", "type", "sdg"))
    if not rows:
        return None
    kinds: dict[str, str] = {}
    aligned: dict[str, set[str]] = defaultdict(set)  # sdg IRI → elements
    for element, kind, sdg in rows:
        if sdg not in concepts:
            continue  # an unknown SDG IRI: a validation result (sash:AlignsWithSdgKnownShape)
        aligned[sdg].add(element)
        if kind in _KINDS and kinds.get(element) in (None, "plan"):
            kinds[element] = _KINDS[kind]
    if not aligned:
        return None
    uncovered = _uncovered([(e, sdg) for sdg, elements in aligned.items() for e in elements])

    def entry(element: str, sdg_iris: set[str]) -> dict[str, Any]:
        return {
            "iri": element,
            "label": labels.get(element, lang),
            "type": kinds.get(element, "other"),
            "aligns_with": [concepts[s].notation for s in concepts if s in sdg_iris],
        }

    goals = []
    for goal in (c for c in concepts.values() if c.is_goal):
        targets = [c for c in concepts.values() if c.goal == goal.iri and not c.is_goal]
        through = aligned.get(goal.iri, set()).union(*(aligned.get(t.iri, set()) for t in targets))
        if not through:
            continue
        links_of = {
            e: {s for s in [goal.iri, *(t.iri for t in targets)] if e in aligned.get(s, set())} for e in through
        }
        goals.append(
            {
                "sdg": goal.iri,
                "notation": goal.notation,
                "name": goal.short.get(lang) or goal.short.get("en", goal.notation),
                "title": goal.titles.get("en", goal.notation),  # the official title (A/RES/71/313)
                "elements": sorted(
                    (entry(e, links_of[e]) for e in through), key=lambda x: (x["type"], x["label"], x["iri"])
                ),
                "targets": [
                    {
                        "sdg": t.iri,
                        "notation": t.notation,
                        "title": t.titles.get("en", t.notation),  # no Danish target titles ship (ontology/sdg.ttl)
                        "elements": [{"iri": e, "label": labels.get(e, lang)} for e in sorted(aligned[t.iri])],
                    }
                    for t in targets
                    if t.iri in aligned
                ],
                "uncovered_targets": [
                    {"sdg": t.iri, "notation": t.notation, "title": t.titles.get("en", t.notation)}
                    for t in targets
                    if t.iri in uncovered
                ],
            }
        )
    return {
        "addressed_goals": len(goals),
        "addressed_targets": sum(len(g["targets"]) for g in goals),
        "uncovered_targets": sum(len(g["uncovered_targets"]) for g in goals),
        "goals": goals,
    }
