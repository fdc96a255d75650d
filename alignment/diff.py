"""Compare two versions of a model: goals and initiatives kept, renamed, merged, added, dropped or moved, and target changes.

Elements are matched by IRI first, then by the same local id (the IRI after
the model's base, so ``…/esbjerg-2020/indicator/indbyggertal`` and
``…/esbjerg-2025/indicator/indbyggertal`` are one indicator), then by the
Danish text similarity of :mod:`alignment.similarity` (the score is shown). A
goal pair that also targets the same indicator needs a lower score. Several old
elements matched to one new element are *merged*. Plans are matched the same
way, so a goal listed by a different plan in the new version is *moved*.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> result = diff_models(load_model([example_path("esbjerg-2020")]),
...                      load_model([example_path("esbjerg-2025")]))  # doctest: +SKIP
>>> [e.status for e in result.goals][:2]  # doctest: +SKIP
['merged', 'merged']
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ontology.model import Model
from ontology.results import without_controls

from .config import Config
from .context import Context
from .similarity import TextItem, find_similar_pairs

__all__ = ["DIFF_THRESHOLDS", "INDICATOR_BONUS_THRESHOLD", "Change", "Match", "Entry", "PlanEntry", "Diff", "diff_models", "render_diff", "FORMATS"]

SA = "https://w3id.org/stratalign#"
FORMATS = ("text", "json", "html")

#: Text similarity a pair needs to count as the same element in two versions.
DIFF_THRESHOLDS = {"goal": 0.38, "initiative": 0.5, "plan": 0.3, "indicator": 0.5}
#: The lower score enough for two goals whose targets are set on the same indicator.
INDICATOR_BONUS_THRESHOLD = 0.2

_STATUS_ORDER = ("merged", "renamed", "kept", "added", "dropped")

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "stratalign: forskelle mellem to versioner",
        "plans": "Planer",
        "goals": "Mål",
        "initiatives": "Indsatser",
        "kept": "beholdt",
        "renamed": "omdøbt/erstattet",
        "merged": "slået sammen",
        "added": "nyt",
        "dropped": "udgået",
        "moved": "flyttet",
        "changed": "ændrede måltal",
        "match_iri": "samme IRI",
        "match_id": "samme id",
        "match_text": "tekstlighed {score}",
        "match_indicator": "tekstlighed {score} og samme målepunkt",
        "match_only": "eneste vision",
        "moved_text": "flyttet fra {old} til {new}",
        "none": "–",
        "value": "måltal for {indicator}: {old} → {new}",
        "year": "målår for {indicator}: {old} → {new}",
        "direction": "retning for {indicator}: {old} → {new}",
        "vaguer": "tallet {old} for {indicator} er erstattet af et mindre præcist mål: {new}",
        "vaguer_plain": "tallet {old} for {indicator} er erstattet af et mindre præcist mål uden tal",
        "sharper": "{indicator} har fået et måltal: {new}",
        "vaguer_text": "tallene i teksten ({old}) er væk",
        "target_added": "nyt måltal på {indicator}: {new}",
        "target_removed": "måltallet på {indicator} er udgået: {old}",
        "status": "status: {old} → {new}",
        "owner": "ejer: {old} → {new}",
        "end": "slut: {old} → {new}",
        "summary": "{kept} beholdt, {renamed} omdøbt, {merged} sammenlagte, {added} nye, {dropped} udgåede, {moved} flyttede, {changed} med ændrede måltal",
        "plans_summary": "{matched} genfundet, {added} nye, {dropped} udgåede",
        "old": "gammel",
        "new": "ny",
        "from": "fra",
        "match": "match",
        "changes": "ændringer",
        "nothing": "Ingen.",
    },
    "en": {
        "title": "stratalign: differences between two versions",
        "plans": "Plans",
        "goals": "Goals",
        "initiatives": "Initiatives",
        "kept": "kept",
        "renamed": "renamed/replaced",
        "merged": "merged",
        "added": "added",
        "dropped": "dropped",
        "moved": "moved",
        "changed": "target changes",
        "match_iri": "same IRI",
        "match_id": "same id",
        "match_text": "text similarity {score}",
        "match_indicator": "text similarity {score} and same indicator",
        "match_only": "only vision",
        "moved_text": "moved from {old} to {new}",
        "none": "–",
        "value": "target value for {indicator}: {old} → {new}",
        "year": "target year for {indicator}: {old} → {new}",
        "direction": "direction for {indicator}: {old} → {new}",
        "vaguer": "the number {old} for {indicator} is replaced by a vaguer aim: {new}",
        "vaguer_plain": "the number {old} for {indicator} is replaced by a vaguer aim without a number",
        "sharper": "{indicator} now has a target value: {new}",
        "vaguer_text": "the numbers in the text ({old}) are gone",
        "target_added": "new target on {indicator}: {new}",
        "target_removed": "the target on {indicator} is dropped: {old}",
        "status": "status: {old} → {new}",
        "owner": "owner: {old} → {new}",
        "end": "end: {old} → {new}",
        "summary": "{kept} kept, {renamed} renamed, {merged} merged, {added} added, {dropped} dropped, {moved} moved, {changed} with target changes",
        "plans_summary": "{matched} matched, {added} added, {dropped} dropped",
        "old": "old",
        "new": "new",
        "from": "from",
        "match": "match",
        "changes": "changes",
        "nothing": "None.",
    },
}

_DIRECTION_WORDS = {
    "da": {SA + "Increase": "øge", SA + "Decrease": "mindske", SA + "Maintain": "fastholde"},
    "en": {SA + "Increase": "increase", SA + "Decrease": "decrease", SA + "Maintain": "maintain"},
}
_STATUS_WORDS = {
    "da": {SA + "Planned": "planlagt", SA + "Ongoing": "igangværende", SA + "Completed": "afsluttet", SA + "Cancelled": "annulleret"},
    "en": {SA + "Planned": "planned", SA + "Ongoing": "ongoing", SA + "Completed": "completed", SA + "Cancelled": "cancelled"},
}


# -- what one version holds --------------------------------------------------


@dataclass
class _Target:
    iri: str
    indicator: str | None
    value: Decimal | None = None
    year: str | None = None
    direction: str | None = None
    descriptions: dict[str, str] = field(default_factory=dict)


@dataclass
class _Element:
    iri: str
    kind: str  # goal, initiative, plan, indicator
    text: str  # the text shown and checked for numbers (Danish label first)
    texts: dict[str, str] = field(default_factory=dict)  # label by language: texts are compared within one language
    plans: frozenset[str] = frozenset()
    targets: list[_Target] = field(default_factory=list)
    status: str | None = None
    owners: frozenset[str] = frozenset()
    end: str | None = None
    plan_type: str | None = None


@dataclass
class _Version:
    ctx: Context
    base: str
    title: str
    elements: dict[str, dict[str, _Element]]  # kind → iri → element

    def label(self, iri: str) -> str:
        return self.ctx.labels.get(iri, self.ctx.lang)

    def local(self, iri: str) -> str | None:
        if self.base and iri.startswith(self.base) and len(iri) > len(self.base):
            return iri[len(self.base):]
        return None


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _guess_base(iris: list[str]) -> str:
    from ontology.loaders.yaml_writer import _guess_base as guess

    return guess(iris)


def _version(model: Model, lang: str) -> _Version:
    ctx = Context.build(model.store, Config(), lang)
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    for element, kind, label, tag in ctx.select("goal-texts").values("element", "type", "label", "lang"):
        texts[element].setdefault(tag or "", label)
        kinds[element] = "goal" if kind == SA + "Goal" else "initiative"

    def text_of(iri: str) -> str:
        found = texts.get(iri) or ctx.labels.of(iri)
        if not found:
            return ctx.labels.get(iri, lang)
        return found[min(found, key=lambda k: (k != "da", k != "en", k))]

    def make(iri: str, kind: str, **more) -> _Element:
        by_lang = dict(texts.get(iri) or ctx.labels.of(iri) or {"": ctx.labels.get(iri, lang)})
        return _Element(iri, kind, text_of(iri), texts=by_lang, **more)

    elements: dict[str, dict[str, _Element]] = {"goal": {}, "initiative": {}, "plan": {}, "indicator": {}}
    for iri, kind in kinds.items():
        elements[kind][iri] = make(iri, kind, plans=frozenset(p for p in ctx.plans_of.get(iri, ()) if p != iri))
    for plan, kind in ctx.plan_types.items():
        elements["plan"][plan] = make(plan, "plan", plan_type=kind)
    owners: dict[str, set[str]] = defaultdict(set)
    for element, _, status, owner, end in ctx.select("element-facts").values("element", "type", "status", "owner", "end"):
        for kind in ("goal", "initiative"):
            item = elements[kind].get(element)
            if item is None:
                continue
            item.status = item.status or status
            item.end = item.end or end
            if owner:
                owners[element].add(ctx.labels.get(owner, lang))
    for element, found in owners.items():
        for kind in ("goal", "initiative"):
            if element in elements[kind]:
                elements[kind][element].owners = frozenset(found)
    targets: dict[str, dict[str, _Target]] = defaultdict(dict)
    indicators: set[str] = set()
    rows = ctx.select("goal-target-details").values("goal", "target", "indicator", "value", "year", "direction", "description", "lang")
    for goal, target, indicator, value, year, direction, description, tag in rows:
        item = targets[goal].setdefault(target, _Target(target, indicator, _decimal(value), year, direction))
        if description:
            item.descriptions.setdefault(tag or "", description)
        if indicator:
            indicators.add(indicator)
    for goal, found in targets.items():
        if goal in elements["goal"]:
            elements["goal"][goal].targets = sorted(found.values(), key=lambda t: (t.indicator or "", t.year or "", t.iri))
    for indicator in indicators:
        elements["indicator"][indicator] = make(indicator, "indicator")
    base = model.prefixes.get("") or _guess_base([i for kind in elements.values() for i in kind])
    title_rows = model.store.select(
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?title (LANG(?title) AS ?lang) "
        f"WHERE {{ <{base}> dcterms:title ?title }}"
    ).values("title", "lang") if base else iter(())
    titles = {tag or "": title for title, tag in title_rows}
    title = next((titles[t] for t in (lang, "da", "en", "") if t in titles), None) or ", ".join(model.sources) or base
    return _Version(ctx, base, title, elements)


# -- matching ----------------------------------------------------------------


@dataclass
class Match:
    """How an old element was found again: by ``iri``, ``id``, ``text`` (with ``score``) or ``only`` (the only vision)."""

    old: str
    new: str
    how: str
    score: float | None = None
    same_indicator: bool = False


def _match(
    old: dict[str, _Element],
    new: dict[str, _Element],
    old_v: _Version,
    new_v: _Version,
    kind: str,
    indicator_map: dict[str, str] | None = None,
) -> tuple[list[Match], list[Match]]:
    """One-to-one matches, and extra old → already-matched new matches (merges)."""
    matches: list[Match] = []
    left_old = dict(old)
    left_new = dict(new)
    for iri in sorted(set(old) & set(new)):
        if kind == "plan" and old[iri].plan_type != new[iri].plan_type:
            continue
        matches.append(Match(iri, iri, "iri"))
        del left_old[iri], left_new[iri]
    by_local = {new_v.local(i): i for i in left_new if new_v.local(i)}
    for iri in sorted(left_old):
        local = old_v.local(iri)
        other = by_local.get(local) if local else None
        if other is not None and other in left_new:
            if kind == "plan" and old[iri].plan_type != new[other].plan_type:
                continue
            matches.append(Match(iri, other, "id"))
            del left_old[iri], left_new[other]
    merges: list[Match] = []
    if left_old and (left_new or matches):
        matched_new = {m.new for m in matches}
        threshold = DIFF_THRESHOLDS[kind]
        floor = INDICATOR_BONUS_THRESHOLD if kind == "goal" and indicator_map is not None else threshold
        scores: dict[tuple[str, str], float] = {}
        candidates_new = {i: e for i, e in new.items() if i in left_new or i in matched_new}
        languages = sorted({t for e in (*left_old.values(), *candidates_new.values()) for t in e.texts}, key=lambda t: (t != "da", t != "en", t))
        for tag in languages:  # compare texts within one language only
            items = [TextItem("o " + i, e.texts[tag], frozenset({"old"})) for i, e in left_old.items() if tag in e.texts]
            items += [TextItem("n " + i, e.texts[tag], frozenset({"new"})) for i, e in candidates_new.items() if tag in e.texts]
            for pair in find_similar_pairs(items, min(floor, threshold), top_k=20):
                a, b = (pair.a, pair.b) if pair.a.startswith("o ") else (pair.b, pair.a)
                if a.startswith("o ") and b.startswith("n "):
                    scores[(a[2:], b[2:])] = max(pair.score, scores.get((a[2:], b[2:]), 0.0))
        candidates = []
        for (o, n), score in scores.items():
            if kind == "plan" and old[o].plan_type != new[n].plan_type:
                continue
            same = False
            if indicator_map is not None:
                old_ind = {indicator_map.get(t.indicator or "") for t in old[o].targets} - {None}
                new_ind = {t.indicator for t in new[n].targets}
                same = bool(old_ind & new_ind)
            if score >= threshold or (same and score >= floor):
                candidates.append((score, same, o, n))
        candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
        for score, same, o, n in candidates:
            if o in left_old and n in left_new:
                matches.append(Match(o, n, "text", score, same))
                del left_old[o], left_new[n]
        for score, same, o, n in candidates:
            if o in left_old and n not in left_new:
                merges.append(Match(o, n, "text", score, same))
                del left_old[o]
    if kind == "plan":
        visions_old = [i for i in left_old if old[i].plan_type == SA + "Vision"]
        visions_new = [i for i in left_new if new[i].plan_type == SA + "Vision"]
        if len(visions_old) == 1 and len(visions_new) == 1:
            matches.append(Match(visions_old[0], visions_new[0], "only"))
    return matches, merges


# -- the result --------------------------------------------------------------


@dataclass
class Change:
    """One change of a matched element: a target's value, year or direction, a vaguer aim, status, owner …"""

    kind: str
    message: str
    indicator: str | None = None
    old: str | None = None
    new: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "indicator": self.indicator, "old": self.old, "new": self.new, "message": self.message}


@dataclass
class OldSide:
    """An old element as found in the new version."""

    iri: str
    label: str
    plans: list[str]
    plan_labels: list[str]
    match: str | None = None
    score: float | None = None
    same_indicator: bool = False
    moved: dict[str, list[str]] | None = None
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "label": self.label,
            "plans": self.plans,
            "match": self.match,
            "score": self.score,
            "same_indicator": self.same_indicator,
            "moved": self.moved,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass
class Entry:
    """One goal or initiative of either version: ``status`` is kept, renamed, merged, added or dropped."""

    kind: str
    status: str
    new: dict[str, Any] | None
    old: list[OldSide]

    @property
    def moved(self) -> bool:
        return any(o.moved for o in self.old)

    @property
    def changed(self) -> bool:
        return any(c.kind not in ("status", "owner", "end") for o in self.old for c in o.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "status": self.status, "moved": self.moved, "new": self.new, "old": [o.to_dict() for o in self.old]}


@dataclass
class PlanEntry:
    """A plan of either version and how it was matched."""

    status: str  # matched, added, dropped
    old: str | None
    new: str | None
    old_label: str | None
    new_label: str | None
    match: str | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("status", "old", "new", "old_label", "new_label", "match", "score")}


@dataclass
class Diff:
    """The differences between an old and a new version of a model."""

    old_title: str
    new_title: str
    lang: str
    plans: list[PlanEntry]
    goals: list[Entry]
    initiatives: list[Entry]

    def counts(self, entries: list[Entry]) -> dict[str, int]:
        out = {s: sum(e.status == s for e in entries) for s in _STATUS_ORDER}
        out["moved"] = sum(e.moved for e in entries)
        out["changed"] = sum(e.changed for e in entries)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_title,
            "new": self.new_title,
            "summary": {"goals": self.counts(self.goals), "initiatives": self.counts(self.initiatives)},
            "plans": [p.to_dict() for p in self.plans],
            "goals": [e.to_dict() for e in self.goals],
            "initiatives": [e.to_dict() for e in self.initiatives],
        }

    def find(self, label: str, kind: str = "goal") -> Entry | None:
        """The entry whose new or old label is ``label`` (for tests and scripts)."""
        for entry in self.goals if kind == "goal" else self.initiatives:
            if (entry.new and entry.new["label"] == label) or any(o.label == label for o in entry.old):
                return entry
        return None


def _number_text(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def _target_text(target: _Target, lang: str) -> str:
    parts = []
    if target.value is not None:
        parts.append(_number_text(target.value))
    if target.year:
        parts.append(("i " if lang == "da" else "in ") + target.year)
    if target.direction:
        parts.append(f"({_DIRECTION_WORDS[lang].get(target.direction, target.direction)})")
    words = _description(target, lang)
    if words:
        parts.append(f"«{words}»")
    return " ".join(parts) or "–"


def _description(target: _Target, lang: str) -> str | None:
    for tag in (lang, "da", "en", ""):
        if tag in target.descriptions:
            return target.descriptions[tag]
    return next(iter(target.descriptions.values()), None)


_NUMBER = re.compile(r"\d[\d.,]*\d|\d")


def _target_changes(old: _Element, new: _Element, old_v: _Version, new_v: _Version, indicator_map: dict[str, str], lang: str) -> list[Change]:
    w = WORDS[lang]
    changes: list[Change] = []
    remaining = list(new.targets)
    for target in old.targets:
        mapped = indicator_map.get(target.indicator or "")
        candidates = [t for t in remaining if mapped and t.indicator == mapped]
        if not candidates:
            indicator = old_v.label(target.indicator) if target.indicator else "–"
            changes.append(Change("target-removed", w["target_removed"].format(indicator=indicator, old=_target_text(target, lang)), indicator, _target_text(target, lang)))
            continue
        other = next((t for t in candidates if t.year == target.year), None) or next((t for t in candidates if t.value == target.value), candidates[0])
        remaining.remove(other)
        indicator = new_v.label(other.indicator) if other.indicator else "–"
        if target.value is not None and other.value is None:
            words = _description(other, lang)
            text = w["vaguer"].format(old=_number_text(target.value), indicator=indicator, new=f"«{words}»") if words else w["vaguer_plain"].format(old=_number_text(target.value), indicator=indicator)
            changes.append(Change("vaguer", text, indicator, _number_text(target.value), words))
        elif target.value is None and other.value is not None:
            changes.append(Change("sharper", w["sharper"].format(indicator=indicator, new=_target_text(other, lang)), indicator, None, _number_text(other.value)))
        elif target.value != other.value:
            changes.append(Change("value", w["value"].format(indicator=indicator, old=_number_text(target.value), new=_number_text(other.value)), indicator, _number_text(target.value), _number_text(other.value)))
        if target.year != other.year:
            changes.append(Change("year", w["year"].format(indicator=indicator, old=target.year or "–", new=other.year or "–"), indicator, target.year, other.year))
        if target.direction != other.direction:
            words = _DIRECTION_WORDS[lang]
            old_d = words.get(target.direction or "", target.direction or "–")
            new_d = words.get(other.direction or "", other.direction or "–")
            changes.append(Change("direction", w["direction"].format(indicator=indicator, old=old_d, new=new_d), indicator, old_d, new_d))
    for other in remaining:
        indicator = new_v.label(other.indicator) if other.indicator else "–"
        changes.append(Change("target-added", w["target_added"].format(indicator=indicator, new=_target_text(other, lang)), indicator, None, _target_text(other, lang)))
    numbers_old = _NUMBER.findall(old.texts.get(lang, old.text))
    if numbers_old and not _NUMBER.findall(new.texts.get(lang, new.text)):
        text = ", ".join(numbers_old)
        changes.append(Change("vaguer-text", w["vaguer_text"].format(old=text), None, text, None))
    return changes


def _fact_changes(old: _Element, new: _Element, lang: str) -> list[Change]:
    w = WORDS[lang]
    out = []
    if old.status != new.status and (old.status or new.status):
        words = _STATUS_WORDS[lang]
        a, b = words.get(old.status or "", "–"), words.get(new.status or "", "–")
        out.append(Change("status", w["status"].format(old=a, new=b), None, a, b))
    if old.owners != new.owners and (old.owners or new.owners):
        a, b = ", ".join(sorted(old.owners)) or "–", ", ".join(sorted(new.owners)) or "–"
        out.append(Change("owner", w["owner"].format(old=a, new=b), None, a, b))
    if old.end != new.end and old.end and new.end:
        out.append(Change("end", w["end"].format(old=old.end, new=new.end), None, old.end, new.end))
    return out


def diff_models(old: Model, new: Model, *, lang: str = "da") -> Diff:
    """Compare ``old`` with ``new``: plans, goals and initiatives, with the target changes of matched goals.

    >>> from ontology.loaders import load_model
    >>> d = diff_models(load_model(["tests/data/yaml/demo.yaml"]), load_model(["tests/data/yaml/demo.yaml"]))  # doctest: +SKIP
    >>> {e.status for e in d.goals}  # doctest: +SKIP
    {'kept'}
    """
    old_v, new_v = _version(old, lang), _version(new, lang)
    plan_matches, _ = _match(old_v.elements["plan"], new_v.elements["plan"], old_v, new_v, "plan")
    plan_map = {m.old: m.new for m in plan_matches}
    plans: list[PlanEntry] = []
    for m in plan_matches:
        plans.append(PlanEntry("matched", m.old, m.new, old_v.label(m.old), new_v.label(m.new), m.how, m.score))
    for iri in sorted(set(old_v.elements["plan"]) - set(plan_map)):
        plans.append(PlanEntry("dropped", iri, None, old_v.label(iri), None))
    for iri in sorted(set(new_v.elements["plan"]) - set(plan_map.values())):
        plans.append(PlanEntry("added", None, iri, None, new_v.label(iri)))
    indicator_matches, _ = _match(old_v.elements["indicator"], new_v.elements["indicator"], old_v, new_v, "indicator")
    indicator_map = {m.old: m.new for m in indicator_matches}

    def entries(kind: str) -> list[Entry]:
        old_e, new_e = old_v.elements[kind], new_v.elements[kind]
        matches, merges = _match(old_e, new_e, old_v, new_v, kind, indicator_map if kind == "goal" else None)
        by_new: dict[str, list[Match]] = defaultdict(list)
        for m in matches + merges:
            by_new[m.new].append(m)
        out: list[Entry] = []
        for n, found in by_new.items():
            new_el = new_e[n]
            new_side = {"iri": n, "label": new_v.label(n), "plans": sorted(new_el.plans), "plan_labels": [new_v.label(p) for p in sorted(new_el.plans)]}
            olds = []
            for m in sorted(found, key=lambda m: (m.how != "iri", -(m.score or 0), m.old)):
                old_el = old_e[m.old]
                side = OldSide(m.old, old_v.label(m.old), sorted(old_el.plans), [old_v.label(p) for p in sorted(old_el.plans)], m.how, m.score, m.same_indicator)
                mapped = {plan_map.get(p, p) for p in old_el.plans}
                if mapped != set(new_el.plans) and (old_el.plans or new_el.plans):
                    side.moved = {
                        "from": sorted(old_v.label(p) for p in old_el.plans),
                        "to": sorted(new_v.label(p) for p in new_el.plans),
                    }
                if kind == "goal":
                    side.changes.extend(_target_changes(old_el, new_el, old_v, new_v, indicator_map, lang))
                side.changes.extend(_fact_changes(old_el, new_el, lang))
                olds.append(side)
            if len(olds) > 1:
                status = "merged"
            elif olds[0].match in ("iri", "id") and old_e[olds[0].iri].text == new_el.text:
                status = "kept"
            else:
                status = "renamed"
            out.append(Entry(kind, status, new_side, olds))
        matched_old = {m.old for m in matches + merges}
        for o in sorted(set(old_e) - matched_old):
            el = old_e[o]
            out.append(Entry(kind, "dropped", None, [OldSide(o, old_v.label(o), sorted(el.plans), [old_v.label(p) for p in sorted(el.plans)])]))
        for n in sorted(set(new_e) - set(by_new)):
            el = new_e[n]
            out.append(Entry(kind, "added", {"iri": n, "label": new_v.label(n), "plans": sorted(el.plans), "plan_labels": [new_v.label(p) for p in sorted(el.plans)]}, []))
        order = {s: i for i, s in enumerate(_STATUS_ORDER)}
        out.sort(key=lambda e: (order[e.status], (e.new or {}).get("label") or e.old[0].label))
        return out

    return Diff(old_v.title, new_v.title, lang, plans, entries("goal"), entries("initiative"))


# -- rendering ---------------------------------------------------------------


def _how(side: OldSide, lang: str) -> str:
    w = WORDS[lang]
    if side.match == "text":
        key = "match_indicator" if side.same_indicator else "match_text"
        return w[key].format(score=f"{side.score:.2f}")
    return w.get(f"match_{side.match}", side.match or "")


def _text(diff: Diff) -> str:
    w = WORDS[diff.lang]
    lines = [w["title"], f"{w['old']}: {diff.old_title}", f"{w['new']}: {diff.new_title}", ""]
    matched = [p for p in diff.plans if p.status == "matched"]
    lines.append(f"{w['plans']}: " + w["plans_summary"].format(matched=len(matched), added=sum(p.status == "added" for p in diff.plans), dropped=sum(p.status == "dropped" for p in diff.plans)))
    for p in diff.plans:
        if p.status == "matched":
            how = w["match_text"].format(score=f"{p.score:.2f}") if p.match == "text" else w.get(f"match_{p.match}", p.match)
            lines.append(f"  «{p.old_label}» → «{p.new_label}» ({how})")
        else:
            lines.append(f"  {w[p.status]}: «{p.old_label or p.new_label}»")
    for title, entries in ((w["goals"], diff.goals), (w["initiatives"], diff.initiatives)):
        lines += ["", f"{title}: " + w["summary"].format(**diff.counts(entries))]
        for e in entries:
            if e.status == "added":
                lines.append(f"  + {w['added']}: «{e.new['label']}» ({', '.join(e.new['plan_labels']) or '–'})")
                continue
            if e.status == "dropped":
                lines.append(f"  - {w['dropped']}: «{e.old[0].label}» ({', '.join(e.old[0].plan_labels) or '–'})")
                continue
            if e.status == "kept" and not e.moved and not any(o.changes for o in e.old):
                lines.append(f"  = {w['kept']}: «{e.new['label']}»")
                continue
            mark = {"kept": "=", "renamed": "~", "merged": "»"}[e.status]
            lines.append(f"  {mark} {w[e.status]}: «{e.new['label']}»")
            for side in e.old:
                lines.append(f"      {w['from']} «{side.label}» ({_how(side, diff.lang)})")
                if side.moved:
                    lines.append("        " + w["moved_text"].format(old=", ".join(side.moved["from"]) or "–", new=", ".join(side.moved["to"]) or "–"))
                for change in side.changes:
                    lines.append(f"        {change.message}")
    # Labels are untrusted: a line break in one must not forge a line, a control character must not reach the terminal.
    return "\n".join(map(without_controls, lines)) + "\n"


def _html(diff: Diff) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("diff.html")
    return template.render(diff=diff, w=WORDS[diff.lang], how=lambda side: _how(side, diff.lang), counts=diff.counts)


def render_diff(diff: Diff, fmt: str = "text") -> str:
    """The diff as ``text``, ``json`` or a self-contained ``html`` page (labels escaped, inline CSS, no requests)."""
    if fmt == "json":
        return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _html(diff)
    if fmt == "text":
        return _text(diff)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
