"""What one version of a model holds for the diff: its goals, initiatives, plans and indicators,
with the texts, plans, targets and facts (status, owners, end) they are compared by.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> version = read_version(load_model([example_path("esbjerg-2020")]), "en")
>>> list(version.elements), version.local(version.base + "goal/studieby")
(['goal', 'initiative', 'plan', 'indicator'], 'goal/studieby')
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ontology import SA, XSD, Model, in_language, well_formed

from ..config import Config
from ..context import Context

__all__ = ["KINDS", "Element", "Target", "Version", "read_version"]

#: The kinds of element a version holds, each matched on its own.
KINDS = ("goal", "initiative", "plan", "indicator")


@dataclass
class Target:
    """One target of a goal: its indicator, value, year, direction and descriptions by language."""

    iri: str
    indicator: str | None
    value: Decimal | None = None
    year: str | None = None
    direction: str | None = None
    descriptions: dict[str, str] = field(default_factory=dict)

    def description(self, lang: str) -> str | None:
        """The description in ``lang``, else Danish, English, untagged, else any."""
        found = in_language(self.descriptions, lang)
        return found if found is not None else next(iter(self.descriptions.values()), None)


@dataclass
class Element:
    """A goal, initiative, plan or indicator of one version."""

    iri: str
    kind: str  # goal, initiative, plan, indicator
    text: str  # the text shown and checked for numbers (Danish label first)
    texts: dict[str, str] = field(default_factory=dict)  # label by language: texts are compared within one language
    plans: frozenset[str] = frozenset()
    targets: list[Target] = field(default_factory=list)
    status: str | None = None
    owners: frozenset[str] = frozenset()
    end: str | None = None
    plan_type: str | None = None


@dataclass
class Version:
    """One version: its context (labels, plans), base IRI, title and elements by kind and IRI."""

    ctx: Context
    base: str
    title: str
    elements: dict[str, dict[str, Element]]  # kind → iri → element

    def label(self, iri: str) -> str:
        return self.ctx.labels.get(iri, self.ctx.lang)

    def local(self, iri: str) -> str | None:
        """The IRI after the version's base: the id two versions of one element share."""
        if self.base and iri.startswith(self.base) and len(iri) > len(self.base):
            return iri[len(self.base) :]
        return None


def _decimal(text: str | None) -> Decimal | None:
    """A target value as every other command reads it: none for a form outside the number datatypes'
    (``1_000``, `` 1000 ``) and none for NaN or infinity. ``Decimal`` took all of them, so a file
    compared with itself said "NaN → NaN", and ``"1_000"^^xsd:integer`` (no value to analyze) was 1000.
    """
    if text is None or not well_formed(text, XSD + "double") or text.lstrip("+-") in ("INF", "NaN"):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _guess_base(iris: list[str]) -> str:
    from ontology import guess_base as guess

    return guess(iris)


class _Texts:
    """The labels of goals and initiatives by language (``goal-texts``), else the context's labels."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.by_element: dict[str, dict[str, str]] = defaultdict(dict)
        self.kinds: dict[str, str] = {}
        for element, kind, label, tag in ctx.select("goal-texts").values("element", "type", "label", "lang"):
            if element is None or label is None:  # bound in every answer of the query
                continue
            self.by_element[element].setdefault(tag or "", label)
            self.kinds[element] = "goal" if kind == SA + "Goal" else "initiative"

    def text_of(self, iri: str) -> str:
        found = self.by_element.get(iri) or self.ctx.labels.of(iri)
        if not found:
            return self.ctx.labels.get(iri, self.ctx.lang)
        return found[min(found, key=lambda k: (k != "da", k != "en", k))]

    def element(self, iri: str, kind: str, **more: Any) -> Element:
        by_lang = dict(
            self.by_element.get(iri) or self.ctx.labels.of(iri) or {"": self.ctx.labels.get(iri, self.ctx.lang)}
        )
        return Element(iri, kind, self.text_of(iri), texts=by_lang, **more)


def _add_facts(ctx: Context, elements: dict[str, dict[str, Element]]) -> None:
    """The first status and end of each goal and initiative, and all its owners (by label)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for element, _, status, owner, end in ctx.select("element-facts").values(
        "element", "type", "status", "owner", "end"
    ):
        if element is None:  # bound in every answer of the query
            continue
        for kind in ("goal", "initiative"):
            item = elements[kind].get(element)
            if item is None:
                continue
            item.status = item.status or status
            item.end = item.end or end
            if owner:
                owners[element].add(ctx.labels.get(owner, ctx.lang))
    for element, found in owners.items():
        for kind in ("goal", "initiative"):
            if element in elements[kind]:
                elements[kind][element].owners = frozenset(found)


def _add_targets(ctx: Context, elements: dict[str, dict[str, Element]]) -> set[str]:
    """Each goal's targets (sorted by indicator, year, IRI); the indicators they are set on."""
    targets: dict[str, dict[str, Target]] = defaultdict(dict)
    indicators: set[str] = set()
    rows = ctx.select("goal-target-details").values(
        "goal", "target", "indicator", "value", "year", "direction", "description", "lang"
    )
    for goal, target, indicator, value, year, direction, description, tag in rows:
        if goal is None or target is None:  # bound in every answer of the query
            continue
        item = targets[goal].setdefault(target, Target(target, indicator, _decimal(value), year, direction))
        if description:
            item.descriptions.setdefault(tag or "", description)
        if indicator:
            indicators.add(indicator)
    for goal, found in targets.items():
        if goal in elements["goal"]:
            elements["goal"][goal].targets = sorted(
                found.values(), key=lambda t: (t.indicator or "", t.year or "", t.iri)
            )
    return indicators


def _title(model: Model, base: str, lang: str) -> str:
    """The model's ``dcterms:title`` in ``lang`` (else Danish, English, untagged), else its sources, else its base."""
    title_rows = (
        model.store.select(
            "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?title (LANG(?title) AS ?lang) "
            f"WHERE {{ <{base}> dcterms:title ?title }}"
        ).values("title", "lang")
        if base
        else iter(())
    )
    titles = {tag or "": title for title, tag in title_rows}
    return in_language(titles, lang) or ", ".join(model.sources) or base


def read_version(model: Model, lang: str) -> Version:
    """What ``model`` holds for the diff, labels in ``lang``."""
    ctx = Context.build(model.store, Config(), lang)
    texts = _Texts(ctx)
    elements: dict[str, dict[str, Element]] = {kind: {} for kind in KINDS}
    for iri, kind in texts.kinds.items():
        elements[kind][iri] = texts.element(
            iri, kind, plans=frozenset(p for p in ctx.plans_of.get(iri, ()) if p != iri)
        )
    for plan, plan_type in ctx.plan_types.items():
        elements["plan"][plan] = texts.element(plan, "plan", plan_type=plan_type)
    _add_facts(ctx, elements)
    for indicator in _add_targets(ctx, elements):
        elements["indicator"][indicator] = texts.element(indicator, "indicator")
    base = model.prefixes.get("") or _guess_base([i for kind in elements.values() for i in kind])
    return Version(ctx, base, _title(model, base, lang), elements)
