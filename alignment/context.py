"""What every rule gets: the store, settings, labels and plan membership, computed once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ontology.results import SelectResult
from ontology.store import SparqlStore

from .config import Config
from .findings import Finding
from .messages import MESSAGES
from .queries import get_query

__all__ = ["Context", "Labels"]


@dataclass
class Labels:
    """Labels by element and language, with a fallback chain (wanted → da → en → any → IRI tail)."""

    by_element: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: SparqlStore) -> "Labels":
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        for element, label, lang in store.select(get_query("labels").text).values("element", "label", "lang"):
            if element is not None and label is not None:
                current = labels[element].get(lang or "")
                # deterministic when an element has two labels in one language
                if current is None or label < current:
                    labels[element][lang or ""] = label
        return cls(dict(labels))

    def get(self, iri: str, lang: str = "da") -> str:
        found = self.by_element.get(iri, {})
        for tag in (lang, "da", "en", ""):
            if tag in found:
                return found[tag]
        if found:
            return found[sorted(found)[0]]
        return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


@dataclass
class Context:
    """Shared state for one analysis run."""

    store: SparqlStore
    config: Config
    lang: str = "da"
    labels: Labels = field(default_factory=Labels)
    plans_of: dict[str, set[str]] = field(default_factory=dict)
    plan_types: dict[str, str] = field(default_factory=dict)
    _answers: dict[str, SelectResult] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, store: SparqlStore, config: Config, lang: str = "da") -> "Context":
        plans_of: dict[str, set[str]] = defaultdict(set)
        for element, plan in store.select(get_query("element-plans").text).values("element", "plan"):
            plans_of[element].add(plan)
        plan_types = {}
        for plan, kind in store.select(get_query("plans").text).values("plan", "type"):
            plan_types[plan] = kind
            plans_of[plan].add(plan)
        return cls(store, config, lang, Labels.from_store(store), dict(plans_of), plan_types)

    def select(self, name: str) -> SelectResult:
        """Run a named query of the library (once per run: several rules read the same answer)."""
        answer = self._answers.get(name)
        if answer is None:
            answer = self._answers[name] = self.store.select(get_query(name).text)
        return answer

    def quote(self, iri: str) -> str:
        return f"«{self.labels.get(iri, self.lang)}»"

    def plans(self, elements: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for element in elements:
            out |= self.plans_of.get(element, set())
        return out

    def finding(
        self,
        kind: str,
        subjects: Iterable[str],
        *,
        plans: Iterable[str] | None = None,
        score: float | None = None,
        **fields: str,
    ) -> Finding:
        """A finding of ``kind`` with its message; ``a``/``b`` default to the first two subjects' labels."""
        subjects = list(subjects)
        ordered = sorted(set(subjects))
        values = {"a": self.quote(subjects[0]), "b": self.quote(subjects[-1])}
        plan_set = set(plans) if plans is not None else self.plans(ordered)
        values["plans"] = ", ".join(self.quote(p) for p in sorted(plan_set))
        values.update(fields)
        message = MESSAGES[kind][self.lang].format(**values)
        return Finding(kind, self.config.severity[kind], tuple(ordered), tuple(plan_set), message, score)
