"""What every rule gets: the store, settings, labels and plan membership, computed once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from ontology import SelectResult, SparqlStore, in_language

from .config import Config
from .findings import Finding
from .influence.edges import InfluenceEdge, influence_edges
from .messages import MESSAGES
from .queries import get_query
from .realizes import Realizes
from .scope import DuplicateScope, scope_of

__all__ = ["Context", "Labels", "Membership"]

#: what :meth:`Context.plan_membership` returns: element → plans, plan → type
Membership = tuple[dict[str, frozenset[str]], dict[str, str]]

_FINAL_ORDER_BY = re.compile(r"\n\s*ORDER BY[^\n{}]*\s*\Z", re.IGNORECASE)

_NONE: frozenset[str] = frozenset()

#: Named queries that more than one step of a run reads: their answers are kept.
#: Any other answer is handed over and not kept: at national scale the rows of
#: every query together took more than half a gigabyte until the run ended.
SHARED_ANSWERS = frozenset({"element-counts", "goals", "indicator-uses"})


@dataclass
class Labels:
    """Labels by element and language, with a fallback chain (wanted → da → en → any → IRI tail).

    ``by_element`` maps an element to its labels by language tag, or, for the
    common element labelled in Danish only, to that label itself: a dict each
    for a national model's million elements took 150 MB. :meth:`of` gives
    the labels by tag either way.

    >>> labels = Labels({"ex:g": "Flere i job", "ex:h": {"en": "More jobs"}})
    >>> labels.get("ex:g", "en"), labels.get("ex:h"), labels.of("ex:g")
    ('Flere i job', 'More jobs', {'da': 'Flere i job'})
    """

    by_element: dict[str, dict[str, str] | str] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: SparqlStore) -> "Labels":
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        for element, label, lang in store.select(get_query("labels").text).values("element", "label", "lang"):
            if element is not None and label is not None:
                current = labels[element].get(lang or "")
                # deterministic when an element has two labels in one language
                if current is None or label < current:
                    labels[element][lang or ""] = label
        # An element labelled in Danish only keeps that label itself (see the class).
        return cls(
            {
                element: by_lang["da"] if len(by_lang) == 1 and "da" in by_lang else by_lang
                for element, by_lang in labels.items()
            }
        )

    def of(self, iri: str) -> dict[str, str]:
        """The element's labels by language tag ("" for none); empty when it has none."""
        found = self.by_element.get(iri)
        if found is None:
            return {}
        return {"da": found} if isinstance(found, str) else found

    def tags(self) -> set[str]:
        """Every language tag some label has ("" for a label without one)."""
        tags = set()
        for found in self.by_element.values():
            if isinstance(found, str):
                tags.add("da")
            else:
                tags.update(found)
        return tags

    def get(self, iri: str, lang: str = "da") -> str:
        found = self.by_element.get(iri)
        if found is None:
            return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri
        if isinstance(found, str):  # its one label, in Danish: the answer in any language
            return found
        label = in_language(found, lang)
        return label if label is not None else found[min(found)]


@dataclass
class Context:
    """Shared state for one analysis run."""

    store: SparqlStore
    config: Config
    lang: str = "da"
    labels: Labels = field(default_factory=Labels)
    plans_of: dict[str, frozenset[str]] = field(default_factory=dict)
    plan_types: dict[str, str] = field(default_factory=dict)
    _answers: dict[str, SelectResult] = field(default_factory=dict, repr=False)
    #: steps started early and collected by a rule (see :mod:`alignment.background`)
    pending: dict[str, Any] = field(default_factory=dict, repr=False)
    _quoted: dict[str, str] = field(default_factory=dict, repr=False)
    _plan_lists: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _realizes: Realizes | None = field(default=None, repr=False)
    _shared: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _influence_edges: list[InfluenceEdge] | None = field(default=None, repr=False)
    _duplicate_scope: DuplicateScope | None = field(default=None, repr=False)

    @staticmethod
    def plan_membership(store: SparqlStore) -> Membership:
        """Which plans each element belongs to (a plan to itself), and each plan's type."""
        plans_of: dict[str, set[str]] = defaultdict(set)
        for element, plan in store.select(get_query("element-plans").text).values("element", "plan"):
            plans_of[element].add(plan)
        plan_types = {}
        for plan, kind in store.select(get_query("plans").text).values("plan", "type"):
            plan_types[plan] = kind
            plans_of[plan].add(plan)
        # One frozenset per distinct combination of plans, shared by all its elements: a
        # national model's million elements fall in a few thousand, and a set each took 200 MB.
        shared: dict[frozenset[str], frozenset[str]] = {}
        frozen: dict[str, frozenset[str]] = {}
        for element, plans in plans_of.items():
            key = frozenset(plans)
            frozen[element] = shared.setdefault(key, key)
        return frozen, plan_types

    @classmethod
    def build(
        cls,
        store: SparqlStore,
        config: Config,
        lang: str = "da",
    ) -> "Context":
        """Everything rules share: the labels and the plan membership, read once."""
        plans_of, plan_types = cls.plan_membership(store)
        return cls(store, config, lang, Labels.from_store(store), plans_of, plan_types)

    def select(self, name: str, *, ordered: bool = True) -> SelectResult:
        """Run a named query of the library (once per run when several steps read it, see :data:`SHARED_ANSWERS`).

        ``ordered=False`` drops the query's final ORDER BY, which is there for
        people reading its rows: a caller that only builds sets or counts saves
        the sort (a third of the query's time at national scale).
        """
        key = name if ordered else name + " (unordered)"
        answer = self._answers.get(key)
        if answer is None:
            text = get_query(name).text
            if not ordered:
                text = _FINAL_ORDER_BY.sub("\n", text)
            answer = self.store.select(text)
            if name in SHARED_ANSWERS:
                self._answers[key] = answer
        return answer

    @property
    def realizes(self) -> Realizes:
        """The ``sa:realizes`` hierarchy, read once per run (:class:`~.realizes.Realizes`)."""
        if self._realizes is None:
            self._realizes = Realizes.from_store(self.store)
        return self._realizes

    @property
    def influence_edges(self) -> list[InfluenceEdge]:
        """The effective signed influences (:func:`~.influence.influence_edges`), read once per run.

        ``negative-contribution`` and the influence section both read them: at national scale
        with ten scored influences per goal, 307,331 edges and 2.7 s a reading.
        """
        if self._influence_edges is None:
            self._influence_edges = influence_edges(self.store)
        return self._influence_edges

    @property
    def duplicate_scope(self) -> DuplicateScope:
        """The ``--duplicates-within`` scope of this run (:func:`~.scope.scope_of`), read once: the comparison
        groups and the filter of both duplicate kinds use it."""
        if self._duplicate_scope is None:
            self._duplicate_scope = scope_of(self)
        return self._duplicate_scope

    def shared(self, name: str) -> list[str]:
        """The elements a pair query (`shared-goal`, `shared-initiative`) lists under two plans that do not realize one another.

        Read once per run: owner-conflict asks for both again.
        """
        found = self._shared.get(name)
        if found is None:
            plans: dict[str, set[str]] = defaultdict(set)
            element_var = "goal" if name == "shared-goal" else "initiative"
            for element, a, b in self.select(name, ordered=False).values(element_var, "planA", "planB"):
                plans[element].update((a, b))
            unrelated = self.realizes.unrelated_pair
            found = self._shared[name] = sorted(element for element, listed in plans.items() if unrelated(listed))
        return found

    def quote(self, iri: str) -> str:
        quoted = self._quoted.get(iri)
        if quoted is None:
            quoted = self._quoted[iri] = f"«{self.labels.get(iri, self.lang)}»"
        return quoted

    def plans(self, elements: Iterable[str]) -> set[str]:
        plans_of = self.plans_of
        return set().union(*[plans_of.get(element, _NONE) for element in elements])

    def finding(
        self,
        kind: str,
        subjects: Iterable[str],
        *,
        plans: Iterable[str] | None = None,
        score: float | None = None,
        matched: tuple[tuple[str, str, str], ...] | None = None,
        **fields: str,
    ) -> Finding:
        """A finding of ``kind`` with its message; ``a``/``b`` default to the first two subjects' labels."""
        subjects = list(subjects)
        ordered = tuple(sorted(set(subjects)))
        plan_list = tuple(sorted(self.plans(ordered) if plans is None else set(plans)))
        named = self._plan_lists.get(plan_list)
        if named is None:  # ~100,000 findings name the same few plans: join their labels once
            named = self._plan_lists[plan_list] = ", ".join([self.quote(p) for p in plan_list])
        # ``fields`` may name a/b themselves (a timeline conflict's b is a phrase)
        values = {"a": self.quote(subjects[0]), "b": self.quote(subjects[-1]), "plans": named, **fields}
        message = MESSAGES[kind][self.lang].format_map(values)
        return Finding.canonical(kind, self.config.severity[kind], ordered, plan_list, message, score, matched)
