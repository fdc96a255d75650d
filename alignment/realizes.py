"""The ``sa:realizes`` hierarchy, walked in Python: which plan realizes which, and under which visions.

The rules once asked SPARQL for it (``MINUS { ?a sa:realizes+ ?b }`` and
``?plan sa:realizes* ?vision`` inside MINUS). That costs the whole closure,
quadratic in a chain's length (a chain of 1,000 plans took 29 s and 485 MB, of
3,000 over 300 s and 3.7 GB), and one real server (Virtuoso 7.2) evaluates a
property path inside MINUS wrongly (207 vision-mismatch pairs where the data have 42).
Here each question walks only what it needs: the hierarchy's edges are read
once with one plain triple pattern, which every engine answers alike.

>>> h = Realizes({"s1": ("v",), "s2": ("v",), "s3": ("w",)}, {"v", "w"})
>>> h.related("s1", "v"), h.related("s1", "s2")
(True, False)
>>> sorted(h.visions("s1")), h.share_a_vision(["s1", "s2"]), h.share_a_vision(["s1", "s3"])
(['v'], True, False)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

from ontology import SparqlStore

from .queries import get_query

__all__ = ["Realizes"]

_NONE: frozenset[str] = frozenset()


class Realizes:
    """The plans each plan realizes (directly) and the set of visions, with walks over them."""

    def __init__(self, parents: Mapping[str, Iterable[str]], visions: Iterable[str]) -> None:
        self.parents: dict[str, tuple[str, ...]] = {plan: tuple(up) for plan, up in parents.items()}
        self.vision_set = frozenset(visions)
        self._visions: dict[str, frozenset[str]] = {}
        self._related: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_store(cls, store: SparqlStore) -> "Realizes":
        """Read every ``sa:realizes`` link and every ``sa:Vision`` (the `realizes` named query)."""
        parents: dict[str, list[str]] = defaultdict(list)
        visions = set()
        for plan, target, vision in store.select(get_query("realizes").text).values("plan", "realizes", "vision"):
            if plan is not None and target is not None:
                parents[plan].append(target)
            if vision is not None:
                visions.add(vision)
        return cls(parents, visions)

    def above(self, plan: str, goal: str) -> bool:
        """Whether ``plan`` realizes ``goal`` through one or more links (``sa:realizes+``)."""
        seen, todo = {plan}, [plan]
        while todo:
            nxt = []
            for at in todo:
                for up in self.parents.get(at, ()):
                    if up == goal:
                        return True
                    if up not in seen:
                        seen.add(up)
                        nxt.append(up)
            todo = nxt
        return False

    def related(self, a: str, b: str) -> bool:
        """Whether one of the two realizes the other (``sa:realizes+`` either way).

        Both walks go up one level at a time, side by side, and stop as soon as
        either meets the other: a plan and its neighbour in a chain of 10,000 are
        answered in one step, not in a walk to the chain's top.
        """
        key = (a, b) if a <= b else (b, a)
        found = self._related.get(key)
        if found is None:
            found = self._related[key] = self._meet(a, b)
        return found

    def _meet(self, a: str, b: str) -> bool:
        fronts = [[a], [b]]
        seens = [{a}, {b}]
        goals = (b, a)
        while fronts[0] or fronts[1]:
            for side in (0, 1):
                nxt = []
                for at in fronts[side]:
                    for up in self.parents.get(at, ()):
                        if up == goals[side]:
                            return True
                        if up not in seens[side]:
                            seens[side].add(up)
                            nxt.append(up)
                fronts[side] = nxt
        return False

    def visions(self, plan: str) -> frozenset[str]:
        """Every vision the plan is or realizes, transitively (``sa:realizes*``).

        Computed once per plan, leaves last, without recursion; a plan with one
        parent and no vision of its own shares its parent's set, so a chain of
        10,000 plans holds one set, not 10,000.
        """
        memo = self._visions
        found = memo.get(plan)
        if found is not None:
            return found
        stack, opened = [plan], set()
        while stack:
            at = stack[-1]
            if at in memo:
                stack.pop()
                continue
            ups = self.parents.get(at, ())
            if at not in opened:
                opened.add(at)
                waiting = [up for up in ups if up not in memo and up not in opened]
                if waiting:
                    stack.extend(waiting)
                    continue
            stack.pop()
            if any(up not in memo for up in ups):  # on a cycle: walk it whole (rare)
                memo[at] = self._walk_visions(at)
                continue
            own = at in self.vision_set
            parts = [memo[up] for up in ups]
            if not own and len(parts) == 1:
                memo[at] = parts[0]
            elif not own and not parts:
                memo[at] = _NONE
            else:
                memo[at] = frozenset({at} if own else ()).union(*parts)
        return memo[plan]

    def _walk_visions(self, plan: str) -> frozenset[str]:
        seen, todo = {plan}, [plan]
        while todo:
            for up in self.parents.get(todo.pop(), ()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return frozenset(seen & self.vision_set)

    def share_a_vision(self, plans: Iterable[str]) -> bool:
        """Whether every one of the plans is or realizes one common vision."""
        return bool(self.common_visions(plans))

    def common_visions(self, plans: Iterable[str]) -> frozenset[str]:
        """The visions every one of the plans is or realizes."""
        common: frozenset[str] | None = None
        for plan in plans:
            mine = self.visions(plan)
            common = mine if common is None else common & mine
            if not common:
                return _NONE
        return common or _NONE

    def unrelated_pair(self, plans: Iterable[str]) -> bool:
        """Whether two of the plans are such that neither realizes the other (the "shared" test)."""
        listed = sorted(set(plans))
        return any(not self.related(a, b) for i, a in enumerate(listed) for b in listed[i + 1 :])
