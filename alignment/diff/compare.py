"""Comparing two versions: plans matched first (so a goal listed by another plan is *moved*),
then indicators (so goals on the same indicator need a lower score), then goals and initiatives.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> model = load_model([example_path("horsens-2014")])
>>> d = diff_models(model, model)
>>> {e.status for e in d.goals}
{'kept'}
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ontology import Model

from ..evidence import EvidenceIndex
from .changes import fact_changes, target_changes
from .match import Match, match_elements
from .result import STATUS_ORDER, Change, Diff, Entry, OldSide, PlanEntry
from .versions import Element, Version, read_version
from .words import WORDS

__all__ = ["diff_models"]


def _plans(old_v: Version, new_v: Version) -> tuple[list[PlanEntry], dict[str, str]]:
    """Plans matched, dropped and added; the map old plan → new plan."""
    plan_matches, _ = match_elements(old_v, new_v, "plan")
    plan_map = {m.old: m.new for m in plan_matches}
    plans = [
        PlanEntry("matched", m.old, m.new, old_v.label(m.old), new_v.label(m.new), m.how, m.score) for m in plan_matches
    ]
    for iri in sorted(set(old_v.elements["plan"]) - set(plan_map)):
        plans.append(PlanEntry("dropped", iri, None, old_v.label(iri), None))
    for iri in sorted(set(new_v.elements["plan"]) - set(plan_map.values())):
        plans.append(PlanEntry("added", None, iri, None, new_v.label(iri)))
    return plans, plan_map


class _Comparison:
    """The two versions with their plan and indicator maps, to compare goals and initiatives under."""

    def __init__(
        self, old_v: Version, new_v: Version, plan_map: dict[str, str], indicator_map: dict[str, str], lang: str
    ) -> None:
        self.old_v, self.new_v = old_v, new_v
        self.plan_map, self.indicator_map = plan_map, indicator_map
        self.lang = lang

    def new_side(self, iri: str, element: Element) -> dict[str, Any]:
        plans = sorted(element.plans)
        return {
            "iri": iri,
            "label": self.new_v.label(iri),
            "plans": plans,
            "plan_labels": [self.new_v.label(p) for p in plans],
        }

    def old_side(self, match: Match, old_el: Element, new_el: Element, kind: str) -> OldSide:
        """The old element of ``match``: where it moved and what changed."""
        old_v, new_v = self.old_v, self.new_v
        plans = sorted(old_el.plans)
        side = OldSide(
            match.old,
            old_v.label(match.old),
            plans,
            [old_v.label(p) for p in plans],
            match.how,
            match.score,
            match.same_indicator,
        )
        mapped = {self.plan_map.get(p, p) for p in old_el.plans}
        if mapped != set(new_el.plans) and (old_el.plans or new_el.plans):
            side.moved = {
                "from": sorted(old_v.label(p) for p in old_el.plans),
                "to": sorted(new_v.label(p) for p in new_el.plans),
            }
        if kind == "goal":
            side.changes.extend(target_changes(old_el, new_el, old_v, new_v, self.indicator_map, self.lang))
        side.changes.extend(fact_changes(old_el, new_el, self.lang))
        return side

    def entries(self, kind: str) -> list[Entry]:
        """Every ``kind`` element of either version: merged, renamed, kept, added or dropped."""
        old_e, new_e = self.old_v.elements[kind], self.new_v.elements[kind]
        matches, merges = match_elements(self.old_v, self.new_v, kind, self.indicator_map if kind == "goal" else None)
        by_new: dict[str, list[Match]] = defaultdict(list)
        for m in matches + merges:
            by_new[m.new].append(m)
        out: list[Entry] = []
        for n, found in by_new.items():
            new_el = new_e[n]
            ordered = sorted(found, key=lambda m: (m.how != "iri", -(m.score or 0), m.old))
            olds = [self.old_side(m, old_e[m.old], new_el, kind) for m in ordered]
            if len(olds) > 1:
                status = "merged"
            elif olds[0].match in ("iri", "id") and old_e[olds[0].iri].text == new_el.text:
                # kept when its label is the same in every language: "Clean water" → "Clean drinking water"
                # with the Danish label unchanged is a rename too (it was "kept" with no change)
                relabelled = _label_changes(old_e[olds[0].iri].texts, new_el.texts, self.lang)
                olds[0].changes[:0] = relabelled
                status = "renamed" if relabelled else "kept"
            else:
                status = "renamed"
            out.append(Entry(kind, status, self.new_side(n, new_el), olds))
        matched_old = {m.old for m in matches + merges}
        for o in sorted(set(old_e) - matched_old):
            plans = sorted(old_e[o].plans)
            out.append(
                Entry(
                    kind,
                    "dropped",
                    None,
                    [OldSide(o, self.old_v.label(o), plans, [self.old_v.label(p) for p in plans])],
                )
            )
        for n in sorted(set(new_e) - set(by_new)):
            out.append(Entry(kind, "added", self.new_side(n, new_e[n]), []))
        order = {s: i for i, s in enumerate(STATUS_ORDER)}
        out.sort(key=lambda e: (order[e.status], (e.new or {}).get("label") or e.old[0].label))
        return out


def _label_changes(old: dict[str, str], new: dict[str, str], lang: str) -> list[Change]:
    """The labels that changed, language by language (a language given on one side only counts too).

    >>> [c.message for c in _label_changes({"da": "Rent vand", "en": "Clean water"},
    ...     {"da": "Rent vand", "en": "Clean drinking water"}, "en")]
    ['label (en): «Clean water» → «Clean drinking water»']
    """
    word = WORDS[lang]["label_change"]
    return [
        Change(
            "label",
            word.format(lang=tag or "–", old=old.get(tag, "–"), new=new.get(tag, "–")),
            None,
            old.get(tag),
            new.get(tag),
        )
        for tag in sorted(set(old) | set(new))
        if old.get(tag) != new.get(tag)
    ]


def diff_models(old: Model, new: Model, *, lang: str = "da") -> Diff:
    """Compare ``old`` with ``new``: plans, goals and initiatives, with the target changes of matched goals."""
    old_v, new_v = read_version(old, lang), read_version(new, lang)
    plans, plan_map = _plans(old_v, new_v)
    indicator_matches, _ = match_elements(old_v, new_v, "indicator")
    comparison = _Comparison(old_v, new_v, plan_map, {m.old: m.new for m in indicator_matches}, lang)
    return Diff(
        old_v.title,
        new_v.title,
        lang,
        plans,
        comparison.entries("goal"),
        comparison.entries("initiative"),
        EvidenceIndex.from_store(old.store, lang),
        EvidenceIndex.from_store(new.store, lang),
    )
