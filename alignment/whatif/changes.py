"""What a what-if changes: the ids named on the command line, and the graph after the changes.

Three changes, any number of each, applied together to a copy of the model's triples:

* **cancel X** (an initiative, goal or focus area): X is gone, with every link to or from it
  (a cancelled goal's targets go too). Its budget is freed.
* **merge A=B** (two initiatives, or two goals): A is folded into B. A's links (the IRIs it points
  to: contributions, indicators, targets, owners, themes, SDG links …) move to B, and links to A
  now point to B; A's own values (label, description, status, dates) go, B keeps its own; A's
  budget is added to B's (the money is not freed). A link of B to itself is dropped.
* **drop-plan P**: the plan and every goal, focus area and initiative that only P holds
  (an element another plan also holds stays; its link to P goes). Their budgets are freed.

An initiative cancelled already has no budget here (``whatif-budgets``): it frees or adds nothing.

>>> from ontology import load_model
>>> model = load_model(["tests/data/whatif/budget.yaml"])
>>> [c.kind for c in resolve_changes(model.store, cancel=["laesning"], merge=["cykel-a=cykel-b"])]
['cancel', 'merge']
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, Sequence

import pyoxigraph as ox

from ontology import RDF, SA, InputError, SparqlStore

from ..queries import get_query

__all__ = ["Change", "Applied", "resolve_changes", "apply_changes", "element_types"]

_PLAN_TYPES = {SA + "Plan", SA + "Vision", SA + "Strategy"}
_CANCELLABLE = {SA + "Initiative", SA + "Goal", SA + "FocusArea"}
_MERGEABLE = {SA + "Initiative", SA + "Goal"}


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` is cancel, merge or drop-plan; ``target`` the element's IRI, ``into`` B of a merge."""

    kind: str
    target: str
    into: str | None = None
    written: str = ""  # as given on the command line, for messages

    def to_dict(self) -> dict[str, str]:
        out = {"change": self.kind, "element": self.target}
        if self.into is not None:
            out["into"] = self.into
        return out


@dataclass
class Applied:
    """The triples after the changes, and what they removed."""

    quads: list[ox.Quad]
    removed: set[str]  # elements gone (cancelled, merged away, dropped with a plan)
    freed: list[tuple[str, str, str | None]]  # (initiative, budget lexical, unit) of initiatives gone, not merged


def element_types(store: SparqlStore) -> dict[str, set[str]]:
    """IRI → its stratalign types, for the elements a change may name (query ``whatif-elements``)."""
    types: dict[str, set[str]] = defaultdict(set)
    for element, kind in store.select(get_query("whatif-elements").text).values("element", "type"):
        types[element].add(kind)
    return dict(types)


def _local_ids(types: dict[str, set[str]]) -> dict[str, set[str]]:
    """id → IRIs: every IRI by itself and by each tail of its path (``goal/studieby`` and ``studieby``):
    the model's local id is the IRI after its base, which is one of them."""
    ids: dict[str, set[str]] = defaultdict(set)
    for element in types:
        ids[element].add(element)
        _, _, rest = element.partition("://")
        rest = rest.replace("#", "/")
        parts = [part for part in rest.split("/")[1:] if part]  # the host is no id
        for start in range(len(parts)):
            ids["/".join(parts[start:])].add(element)
    return ids


def _split_merge(written: str, ids: dict[str, set[str]]) -> tuple[str, str, str]:
    """A and B of ``A=B``: at the ``=`` where both sides name elements, since an IRI may hold one (``…?a=c``).

    >>> _split_merge("x?a=c=y", {"x?a=c": {"e:1"}, "y": {"e:2"}})
    ('x?a=c', '=', 'y')
    >>> _split_merge("a=b", {})
    ('a', '=', 'b')
    """
    cuts = [i for i, char in enumerate(written) if char == "="]
    named = [i for i in cuts if written[:i].strip() in ids and written[i + 1 :].strip() in ids]
    # one cut that names two elements; else the first, so an unknown id gets its did-you-mean
    cut = named[0] if len(named) == 1 else cuts[0] if cuts else -1
    return (written[:cut], "=", written[cut + 1 :]) if cut >= 0 else (written, "", "")


def _find(written: str, what: str, types: dict[str, set[str]], ids: dict[str, set[str]]) -> str:
    text = written.strip()
    found = ids.get(text, set())
    if not found:
        # one name an element is known by: its shortest id that names it alone
        shortest: dict[str, str] = {}
        for name, elements in ids.items():
            if len(elements) == 1 and "://" not in name:
                (element,) = elements
                if element not in shortest or len(name) < len(shortest[element]):
                    shortest[element] = name
        close = difflib.get_close_matches(text, sorted(set(shortest.values())), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(
            "whatif", None, f"{what} {written!r}: no goal, initiative, focus area or plan has this id or IRI{hint}"
        )
    if len(found) > 1:
        raise InputError(
            "whatif", None, f"{what} {written!r} is ambiguous: give one of the IRIs {', '.join(sorted(found))}"
        )
    return next(iter(found))


def resolve_changes(
    store: SparqlStore,
    *,
    cancel: Sequence[str] = (),
    merge: Sequence[str] = (),
    drop_plan: Sequence[str] = (),
) -> list[Change]:
    """The changes as IRIs; InputError (exit 2) for an unknown id (with a did-you-mean) or a change that does not fit."""
    types = element_types(store)
    ids = _local_ids(types)
    changes: list[Change] = []
    for written in cancel:
        element = _find(written, "--cancel", types, ids)
        if types[element] & _PLAN_TYPES:
            raise InputError(
                "whatif", None, f"--cancel {written!r} is a plan: use --drop-plan {written} to drop a plan"
            )
        if not types[element] & _CANCELLABLE:
            raise InputError(
                "whatif", None, f"--cancel {written!r}: only an initiative, a goal or a focus area can be cancelled"
            )
        changes.append(Change("cancel", element, written=written))
    for written in merge:
        a_text, sep, b_text = _split_merge(written, ids)
        if not sep or not a_text.strip() or not b_text.strip():
            raise InputError("whatif", None, f"--merge {written!r}: write --merge A=B (A is folded into B)")
        a, b = _find(a_text, "--merge", types, ids), _find(b_text, "--merge", types, ids)
        kinds = types[a] & types[b] & _MERGEABLE
        if a == b:
            raise InputError("whatif", None, f"--merge {written!r}: an element cannot be merged into itself")
        if not kinds:
            raise InputError("whatif", None, f"--merge {written!r}: only two initiatives or two goals can be merged")
        changes.append(Change("merge", a, b, written=written))
    for written in drop_plan:
        element = _find(written, "--drop-plan", types, ids)
        if not types[element] & _PLAN_TYPES:
            raise InputError(
                "whatif", None, f"--drop-plan {written!r} is not a plan (a vision or a strategy): use --cancel for it"
            )
        changes.append(Change("drop-plan", element, written=written))
    targets = [c.target for c in changes]
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise InputError("whatif", None, f"{twice[0]} is named by two changes: give each element one change")
    _check_merges(store, changes)
    return changes


def _check_merges(store: SparqlStore, changes: Sequence[Change]) -> None:
    """Refuse merges that another change undoes: a cycle, or a merge into or out of an element that goes.

    Merged into an element that is cancelled or dropped with its plan, A's budget would be neither freed
    nor kept; merged out of an element dropped with its plan, it would be freed and kept.
    """
    merges = [(c, c.into) for c in changes if c.kind == "merge" and c.into is not None]
    if not merges:
        return
    into = {c.target: b for c, b in merges}
    for c, _ in merges:
        seen = [c.target]
        element = c.target
        while element in into:
            element = into[element]
            if element in seen:
                raise InputError(
                    "whatif", None, f"--merge {c.written!r} makes a cycle of merges: {' → '.join([*seen, element])}"
                )
            seen.append(element)
    cancelled = {c.target: c.written for c in changes if c.kind == "cancel"}
    plans = {c.target: c.written for c in changes if c.kind == "drop-plan"}
    dropped = _dropped_with_plans(store, set(plans)) - set(plans) if plans else set()
    for c, b in merges:
        for element in (c.target, b):
            if element in cancelled:
                raise InputError(
                    "whatif",
                    None,
                    f"--merge {c.written!r} and --cancel {cancelled[element]!r} name one element: give each element one change",
                )
            if element in dropped:
                raise InputError(
                    "whatif",
                    None,
                    f"--merge {c.written!r}: {element} goes with --drop-plan {', '.join(sorted(plans.values()))}: give each element one change",
                )


def _dropped_with_plans(store: SparqlStore, plans: set[str]) -> set[str]:
    """The plans and the goals, focus areas and initiatives that only they hold (query ``element-plans``)."""
    if not plans:
        return set()
    plans_of: dict[str, set[str]] = defaultdict(set)
    for element, plan in store.select(get_query("element-plans").text).values("element", "plan"):
        plans_of[element].add(plan)
    return plans | {element for element, held in plans_of.items() if held <= plans}


def _budgets(store: SparqlStore) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for initiative, budget, unit in store.select(get_query("whatif-budgets").text).values(
        "initiative", "budget", "unit"
    ):
        out.setdefault(initiative, (budget, unit))
    return out


def _sum(values: Iterable[str]) -> str:
    total = Decimal(0)
    for value in values:
        try:
            total += Decimal(value)
        except InvalidOperation:
            continue
    return format(total.normalize(), "f") if total != total.to_integral() else str(int(total))


def apply_changes(store: SparqlStore, changes: Sequence[Change]) -> Applied:
    """The model's quads with ``changes`` applied (the store itself is not touched)."""
    removed = {c.target for c in changes if c.kind == "cancel"}
    removed |= _dropped_with_plans(store, {c.target for c in changes if c.kind == "drop-plan"})
    into = {c.target: c.into for c in changes if c.kind == "merge" and c.into is not None}

    def final(element: str) -> str:
        seen = {element}
        while element in into and into[element] not in seen:  # A=B and B=C: A ends in C
            element = into[element]
            seen.add(element)
        return element

    budgets = _budgets(store)
    merged_budget: dict[str, list[str]] = defaultdict(list)
    for a in into:
        b = final(a)
        if a in budgets and b not in removed:
            own = budgets.get(b)
            if own is None or own[1] == budgets[a][1]:  # one unit: the sums add up
                merged_budget[b].append(budgets[a][0])
    out: list[ox.Quad] = []
    budget = ox.NamedNode(SA + "budget")
    # A's own values that are IRIs: its type and its status (a cancelled A made B cancelled, a
    # completed A made B completed: B had two statuses and the rules took the first)
    own_iris = {ox.NamedNode(RDF + "type"), ox.NamedNode(SA + "status")}
    has_target = SA + "hasTarget"
    touched = removed | set(into) | set(merged_budget)
    dropped_targets: set[str] = set()
    held_targets: set[str] = set()
    for quad in store.quads():
        s, p, o = quad.subject, quad.predicate, quad.object
        # the fast path: a triple about nothing that changes is kept as it is (434,000 at M)
        if s.value not in touched and o.value not in touched:
            if p.value == has_target:
                held_targets.add(o.value)
            out.append(quad)
            continue
        s_iri = s.value if isinstance(s, ox.NamedNode) else None
        o_iri = o.value if isinstance(o, ox.NamedNode) else None
        if s_iri in removed or o_iri in removed:
            if p.value == has_target and s_iri in removed:
                dropped_targets.add(o.value)
            continue
        if s_iri in into:
            if p in own_iris or isinstance(o, ox.Literal):
                continue  # A's own values go; its budget is added to B's below
            s = ox.NamedNode(final(s_iri))
        if o_iri in into:
            o = ox.NamedNode(final(o_iri))
        if isinstance(s, ox.NamedNode) and s == o:
            continue
        if p == budget and isinstance(s, ox.NamedNode) and s.value in merged_budget:
            continue  # written once below, with the merged budgets added
        if p.value == has_target:
            held_targets.add(o.value)
        out.append(ox.Quad(s, p, o, quad.graph_name))  # a duplicate is one triple in the store
    for b, values in sorted(merged_budget.items()):
        own = budgets.get(b)
        total = _sum([*values, own[0]] if own else values)
        out.append(ox.Quad(ox.NamedNode(b), budget, ox.Literal(total, datatype=ox.NamedNode(_datatype(total)))))
    orphans = dropped_targets - held_targets  # a cancelled or dropped goal's targets, unless another goal holds them
    if orphans:
        out = [q for q in out if getattr(q.subject, "value", None) not in orphans]
    gone = removed | set(into)
    freed = [(i, *budgets[i]) for i in sorted(removed) if i in budgets]
    return Applied(out, gone, freed)


def _datatype(lexical: str) -> str:
    return "http://www.w3.org/2001/XMLSchema#" + ("decimal" if "." in lexical else "integer")
