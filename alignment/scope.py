"""Which pairs of plans duplicates are looked for between: ``--duplicates-within`` and ``[similarity] duplicates_within``.

A duplicate pair (two goals, or two initiatives) is in scope when ANY plan of
one and ANY plan of the other satisfy the scope (an element may be in several
plans); two elements listed in one and the same plan always are:

``owner``
    the two plans have an ``sa:owner`` in common (a plan without an owner matches no other plan);
``municipality`` (the default)
    the two plans belong to the same top organisation: from each plan's owners,
    ``org:subOrganizationOf`` and ``org:unitOf`` (and their inverses
    ``org:hasSubOrganization``, ``org:hasUnit``) are followed up to the top,
    transitively and cycle-safe. A plan whose municipality cannot be determined
    (no owner, or an owner in no organisation link) is compared with every plan,
    so a model without an organisation structure gives what ``all`` gives;
``plan-family``
    the two plans realize (``sa:realizes``, transitively) the same vision or plan,
    or one realizes the other;
``all``
    every pair of plans.

Texts are compared within :meth:`DuplicateScope.groups` (each group on its own,
so a scope's duplicates do not depend on the plans outside it), and the pairs are
filtered by the scope after the comparison, same-target pairs too. The tops of a hierarchy with cycles are its
final strongly connected components (each named by its smallest IRI), so a
cycle of organisations is one organisation.

>>> scope = DuplicateScope("municipality", {"p1": {"a1"}, "p2": {"a2"}, "p3": {"b1"}},
...                        {"a1": ("A",), "a2": ("A",), "b1": ("B",)})
>>> scope.plans_in_scope("p1", "p2"), scope.plans_in_scope("p1", "p3"), scope.plans_in_scope("p1", "p9")
(True, False, True)
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    from .context import Context

__all__ = ["SCOPES", "DEFAULT_SCOPE", "SCOPE_HELP", "DuplicateScope", "tops", "scope_of"]

#: the values of ``--duplicates-within``, and the default
SCOPES = ("owner", "municipality", "plan-family", "all")
DEFAULT_SCOPE = "municipality"

#: the option's help (the generated CLI reference shows it)
SCOPE_HELP = (
    "Which plans duplicate goals and initiatives are looked for between: "
    "owner (the two plans have the same sa:owner); "
    "municipality (the plans' owners belong to the same top organisation, following org:subOrganizationOf "
    "and org:unitOf transitively; a plan whose municipality cannot be told is compared with every plan); "
    "plan-family (the two plans realize, through sa:realizes, the same vision or plan, or one the other); "
    "all (every pair of plans). A pair counts when any plan of one and any plan of the other are in scope. "
    "Default: [similarity] duplicates_within, else municipality."
)

_NONE: frozenset[str] = frozenset()


def tops(parents: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each node of the hierarchy ``parents`` (child → parents) → the tops it reaches (itself when it is one).

    A top is a final strongly connected component, named by its smallest node:
    linear in the links (Tarjan's algorithm, iterative), whatever their cycles.

    >>> sorted(tops({"a": ["b"], "b": ["c"], "x": ["y"], "y": ["x"]}).items())
    [('a', frozenset({'c'})), ('b', frozenset({'c'})), ('c', frozenset({'c'})), ('x', frozenset({'x'})), ('y', frozenset({'x'}))]
    """
    graph: dict[str, list[str]] = defaultdict(list)
    for child, ups in parents.items():
        graph[child].extend(ups)
        for up in ups:
            graph.setdefault(up, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    found: list[frozenset[str]] = []  # each component's tops, in Tarjan's order (a component's parents first)
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, at = work.pop()
            if at == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            ups = graph[node]
            while at < len(ups):
                up = ups[at]
                at += 1
                if up not in index:
                    work.append((node, at))
                    work.append((up, 0))
                    break
                if up in on_stack:
                    low[node] = min(low[node], index[up])
            else:
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = len(found)
                        members.append(member)
                        if member == node:
                            break
                    outside = {component[up] for m in members for up in graph[m]} - {len(found)}
                    if not outside:
                        found.append(frozenset((min(members),)))
                    elif len(outside) == 1:
                        found.append(found[outside.pop()])  # shared: a chain holds one set
                    else:
                        found.append(frozenset().union(*(found[c] for c in outside)))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return {node: found[c] for node, c in component.items()}


class DuplicateScope:
    """One scope over the plans: :meth:`in_scope` says whether a duplicate pair counts.

    ``owners`` maps a plan to its owners; ``org_parents`` an organisation to the
    ones it is a sub-organisation or unit of; ``plan_parents`` a plan to the plans
    it realizes (for ``plan-family``).
    """

    def __init__(
        self,
        scope: str,
        owners: Mapping[str, Iterable[str]] | None = None,
        org_parents: Mapping[str, Iterable[str]] | None = None,
        plan_parents: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
        self.scope = scope
        self.owners = {plan: frozenset(found) for plan, found in (owners or {}).items()}
        self._keys: dict[str, frozenset[str] | None] = {}
        self._pairs: dict[tuple[str, str], bool] = {}
        if scope == "municipality":
            org_tops = tops(org_parents or {})
            for plan, found in self.owners.items():
                known = [org_tops[o] for o in found if o in org_tops]
                self._keys[plan] = frozenset().union(*known) if known else None
        elif scope == "plan-family":
            family = tops(plan_parents or {})
            self._family = family

    def _key(self, plan: str) -> frozenset[str] | None:
        """What two plans must share: owners, top organisations or family tops; None: compared with every plan."""
        if self.scope == "owner":
            return self.owners.get(plan, _NONE)
        if self.scope == "municipality":
            return self._keys.get(plan)
        return self._family.get(plan, frozenset((plan,)))

    def plans_in_scope(self, a: str, b: str) -> bool:
        """Whether plans ``a`` and ``b`` are within the scope of each other (a plan always is of itself)."""
        if self.scope == "all" or a == b:
            return True
        key = (a, b) if a < b else (b, a)
        found = self._pairs.get(key)
        if found is None:
            ka, kb = self._key(a), self._key(b)
            found = self._pairs[key] = ka is None or kb is None or not ka.isdisjoint(kb)
        return found

    def groups(self, plans: Iterable[str]) -> list[frozenset[str]]:
        """The groups of ``plans`` whose texts are compared with one another: every pair of plans in scope
        lies in one group, so each group can be compared on its own.

        Comparing within the groups, not across the whole corpus, keeps a municipality's duplicates its
        own: with one index over everything, the other municipalities' near-identical goals crowd each
        item's shortlist and its common words' posting lists, and the pairs they push out are not found
        (a municipality of the benchmark corpus had 447 duplicate pairs among 8 municipalities and 24
        among 98, with the same plans). One group per owner, top organisation or family top; a plan
        whose municipality cannot be told is in every group; a plan that matches no other plan (no
        owner) is a group of its own.

        >>> scope = DuplicateScope("municipality", {"p1": {"a1"}, "p2": {"a2"}, "p3": {"b1"}, "p4": set()},
        ...                        {"a1": ("A",), "a2": ("A",), "b1": ("B",)})
        >>> [sorted(g) for g in scope.groups(["p1", "p2", "p3", "p4"])]
        [['p1', 'p2', 'p4'], ['p3', 'p4']]
        """
        listed = sorted(set(plans))
        if self.scope == "all":
            return [frozenset(listed)] if listed else []
        by_key: dict[str, set[str]] = defaultdict(set)
        everywhere: set[str] = set()
        alone: list[frozenset[str]] = []
        for plan in listed:
            key = self._key(plan)
            if key is None:
                everywhere.add(plan)
            elif not key:
                alone.append(frozenset((plan,)))
            else:
                for part in key:
                    by_key[part].add(plan)
        if not by_key:
            return ([frozenset(everywhere)] if everywhere else []) + alone
        found: dict[frozenset[str], None] = {}
        for part in sorted(by_key):
            found.setdefault(frozenset(by_key[part] | everywhere))
        for group in alone:
            found.setdefault(group | everywhere)
        return list(found)

    def in_scope(self, plans_a: Iterable[str], plans_b: Iterable[str]) -> bool:
        """Whether a pair whose elements are in ``plans_a`` and ``plans_b`` counts: any plan of each will do.

        >>> DuplicateScope("owner", {"p": {"o"}, "q": {"o"}, "r": {"x"}}).in_scope(["r"], ["q", "p"])
        False
        """
        if self.scope == "all":
            return True
        listed_b = list(plans_b)
        return any(self.plans_in_scope(a, b) for a in plans_a for b in listed_b)


def scope_of(ctx: Context) -> DuplicateScope:
    """The scope of ``ctx``'s settings, its owners and organisations read with the ``duplicate-scope`` named query."""
    scope = ctx.config.duplicates_within
    if scope == "all":
        return DuplicateScope(scope)
    owners: dict[str, set[str]] = defaultdict(set)
    org_parents: dict[str, set[str]] = defaultdict(set)
    for plan, owner, org, parent in ctx.select("duplicate-scope", ordered=False).values(
        "plan", "owner", "org", "parent"
    ):
        if plan is not None and owner is not None:
            owners[plan].add(owner)
        if org is not None and parent is not None and org != parent:
            org_parents[org].add(parent)
    plan_parents = ctx.realizes.parents if scope == "plan-family" else None
    return DuplicateScope(scope, owners, org_parents, plan_parents)
