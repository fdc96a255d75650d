"""Network analysis of the signed influences: direct and second-order influence, rankings, loops, clusters.

The method follows SEI's SDG Synergies (Weitz et al. 2018, "Towards systemic and contextual
priority setting for implementing the 2030 Agenda", Sustainability Science 13:531–548): the
scored influences form a cross-impact matrix ``M`` whose cell ``M[i][j]`` is the strength of
``i``'s influence on the goal ``j`` (−3..+3), and every sum is taken for the positive and the
negative interactions separately, so that synergies and trade-offs never cancel out unseen.

* **pair strength** — the sum of the pair's effective edges (:func:`~.edges.influence_edges`),
  kept within −3..+3 (an element that both contributes to a goal, +1, and hinders it, −2, has −1
  there); an element's influence on itself is left out;
* **direct influence** — out of ``i``: the row ``Σ_j M[i][j]``; into ``j``: the column
  ``Σ_i M[i][j]``; each as ``positive`` (the sum of the cells > 0), ``negative`` (of the cells
  < 0) and ``net`` (their sum); ``scored`` counts the cells, 0 (consistent) included;
* **second-order influence** — through one intermediate: out of ``i``, ``Σ_j Σ_k M[i][j]·M[j][k]``
  over the paths ``i → j → k`` with three different elements; into ``k`` the same over the paths
  ending in ``k``. A product's sign is the path's effect (counteracting a counteracting goal helps:
  (−2)·(−2) = +4), and again positive and negative products are summed apart;
* **rankings** — *most enabling*: the elements with the largest positive direct out-influence
  (ties: the larger positive second-order out-influence, then the id); *most constraining*: the
  most negative direct out-influence (ties: the more negative second-order, then the id); at
  most :data:`TOP` each, and only elements with such an influence at all;
* **loops** — the directed cycles of non-zero pair strengths, each once (from its smallest
  element), of at most :data:`MAX_LOOP_LENGTH` elements; ``reinforcing`` when the product of the
  signs is positive, ``counteracting`` when negative. The enumeration stops after
  :data:`MAX_LOOPS` loops or :data:`MAX_STEPS` search steps and then says ``truncated``;
* **clusters** — the weakly connected components of the non-zero influences (direction and
  sign ignored) with two or more elements, largest first: the groups of elements that affect
  one another at all. Connected components, not a modularity method: they are exact, need no
  parameter and give the same answer in every run.

>>> from .edges import InfluenceEdge as E
>>> net = analyse_influences([E("a", "b", 2, "influence"), E("b", "c", -1, "influence"), E("c", "a", 1, "influence")])
>>> net["elements"]["a"]["second_order_out"], [loop["sign"] for loop in net["loops"]["counteracting"]]
({'positive': 0, 'negative': -2, 'net': -2}, ['-'])
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from .edges import InfluenceEdge

__all__ = ["analyse_influences", "pair_strengths", "TOP", "MAX_LOOP_LENGTH", "MAX_LOOPS", "MAX_STEPS"]

#: How many elements each ranking lists.
TOP = 10
#: The longest loop looked for (elements in the cycle): longer feedback is hard to act on and
#: costs exponentially more to enumerate.
MAX_LOOP_LENGTH = 6
#: Loops listed at most (a dense matrix has millions); beyond, ``truncated`` is true.
MAX_LOOPS = 1000
#: Search steps at most (one step = one edge followed): bounds the time whatever the matrix
#: (200,000 steps take about 0.1 s).
MAX_STEPS = 200_000


def pair_strengths(edges: Iterable[InfluenceEdge]) -> dict[tuple[str, str], int]:
    """(influencer, influenced) → the pair's strength: the sum of its edges within −3..+3, no self-pairs.

    >>> pair_strengths([InfluenceEdge("i", "g", 1, "contributesTo"), InfluenceEdge("i", "g", -2, "hinders")])
    {('i', 'g'): -1}
    """
    raw: dict[tuple[str, str], int] = defaultdict(int)
    for e in edges:
        if e.influencer != e.influenced:
            raw[e.influencer, e.influenced] += e.strength
    return {pair: max(-3, min(3, value)) for pair, value in raw.items()}


def _split(values: Iterable[int]) -> dict[str, int]:
    positive = negative = 0
    for v in values:
        if v > 0:
            positive += v
        elif v < 0:
            negative += v
    return {"positive": positive, "negative": negative, "net": positive + negative}


def _two_steps(
    table: dict[str, dict[str, int]],
) -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    """The row sums of ``table`` (positive, negative) and, for each ``x``, the sums of ``table[x][y] · table[y][z]`` over the paths ``x → y → z`` with ``z ≠ x``,
    positive and negative apart, in one pass over the pairs.

    On the rows (``out``) these are the second-order out-influences; on the columns (``into``,
    ``into[k][j] = M[j][k]``) the same sums are the second-order in-influences. The sum factors
    through ``y``: a positive ``table[x][y]`` times ``y``'s positive sum is the positive part, times
    its negative sum the negative part (signs swap for a negative one), less the one path back to
    ``x`` (``x → y → x``, a loop of two). Integers throughout, so it equals the sum path by path (a
    property test holds the two equal); at national scale with ten influences per goal, 307,319
    pairs, the path by path sum walked 3 million paths in 0.75 s. The row sums are the direct
    influences (out of ``x`` on the rows, into ``x`` on the columns), returned so that they are
    summed once.
    """
    row_pos: dict[str, int] = {}
    row_neg: dict[str, int] = {}
    for n, row in table.items():
        positive = negative = 0
        for v in row.values():
            if v > 0:
                positive += v
            elif v < 0:
                negative += v
        row_pos[n] = positive
        row_neg[n] = negative
    pos: dict[str, int] = defaultdict(int)
    neg: dict[str, int] = defaultdict(int)
    for x, row in table.items():
        for y, s in row.items():
            if not s or y not in row_pos:
                continue
            same, other = (row_pos[y], row_neg[y]) if s > 0 else (row_neg[y], row_pos[y])
            pos[x] += s * same
            neg[x] += s * other
            back = table[y].get(x)
            if back:  # the path x -> y -> x is no influence on another element
                if s * back > 0:
                    pos[x] -= s * back
                else:
                    neg[x] -= s * back
    return pos, neg, row_pos, row_neg


def analyse_influences(edges: Iterable[InfluenceEdge]) -> dict[str, Any]:
    """The network analysis of the edges (see the module's docstring for every formula).

    Returns ``{"pairs", "elements", "most_enabling", "most_constraining", "loops", "clusters"}``;
    ``elements`` maps each element's IRI to its direct and second-order figures.
    """
    pairs = pair_strengths(edges)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    into: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), s in pairs.items():
        out[a][b] = s
        into[b][a] = s
    nodes = sorted(set(out) | set(into))
    so_pos, so_neg, out_pos, out_neg = _two_steps(out)
    si_pos, si_neg, in_pos, in_neg = _two_steps(into)
    empty: dict[str, int] = {}
    elements: dict[str, dict[str, dict[str, int]]] = {}
    # one loop with the sums looked up, not four comprehensions re-summing the rows (68,596
    # elements at national scale with ten influences per goal: 0.7 s → 0.3 s)
    for n in nodes:
        op, on, ip, in_ = out_pos.get(n, 0), out_neg.get(n, 0), in_pos.get(n, 0), in_neg.get(n, 0)
        sp, sn, tp, tn = so_pos.get(n, 0), so_neg.get(n, 0), si_pos.get(n, 0), si_neg.get(n, 0)
        elements[n] = {
            "out": {"positive": op, "negative": on, "net": op + on, "scored": len(out.get(n, empty))},
            "in": {"positive": ip, "negative": in_, "net": ip + in_, "scored": len(into.get(n, empty))},
            "second_order_out": {"positive": sp, "negative": sn, "net": sp + sn},
            "second_order_in": {"positive": tp, "negative": tn, "net": tp + tn},
        }
    enabling = sorted(
        (n for n in nodes if out_pos.get(n, 0) > 0),
        key=lambda n: (-out_pos[n], -so_pos.get(n, 0), n),
    )
    constraining = sorted(
        (n for n in nodes if out_neg.get(n, 0) < 0),
        key=lambda n: (out_neg[n], so_neg.get(n, 0), n),
    )
    nonzero = {p: s for p, s in pairs.items() if s != 0}
    return {
        "pairs": pairs,
        "elements": elements,
        "most_enabling": enabling[:TOP],
        "most_constraining": constraining[:TOP],
        "loops": loops(nonzero),
        "clusters": clusters(nonzero),
    }


def loops(
    pairs: dict[tuple[str, str], int],
    *,
    max_length: int = MAX_LOOP_LENGTH,
    max_loops: int = MAX_LOOPS,
    max_steps: int = MAX_STEPS,
) -> dict[str, Any]:
    """The simple directed cycles of the non-zero pairs, each from its smallest element, split by sign.

    A bounded depth-first search: from each start ``s`` only to elements greater than ``s`` (so each
    cycle is found once) and only to elements that can still get back to ``s`` in the steps left.

    >>> found = loops({("a", "b"): -2, ("b", "a"): -1, ("b", "c"): 1, ("c", "a"): 3})
    >>> [(x["elements"], x["product"]) for x in found["reinforcing"] + found["counteracting"]]
    [(['a', 'b'], 2), (['a', 'b', 'c'], -6)]
    """
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(pairs):
        succ[a].append(b)
        pred[b].append(a)
    found: list[list[str]] = []
    steps = 0
    truncated = False
    for start in sorted(succ):
        # how few steps each element (> start) needs to get back to start, within the bound
        back = {start: 0}
        frontier = [start]
        for d in range(1, max_length):
            nxt = []
            for node in frontier:
                for p in pred.get(node, ()):
                    if p > start and p not in back:
                        back[p] = d
                        nxt.append(p)
            frontier = nxt
        path = [start]
        on_path = {start}
        stack = [iter(succ[start])]
        while stack:
            if steps >= max_steps or len(found) >= max_loops:
                truncated = True
                break
            nxt_node = next(stack[-1], None)
            if nxt_node is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            steps += 1
            if nxt_node == start:
                found.append(list(path))
                continue
            if nxt_node < start or nxt_node in on_path or nxt_node not in back:
                continue
            if len(path) + back[nxt_node] > max_length:
                continue
            path.append(nxt_node)
            on_path.add(nxt_node)
            stack.append(iter(succ.get(nxt_node, ())))
        if truncated:
            break
    reinforcing: list[dict[str, Any]] = []
    counteracting: list[dict[str, Any]] = []
    for cycle in found:
        product = 1
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            product *= pairs[a, b]
        entry = {"elements": cycle, "length": len(cycle), "product": product, "sign": "+" if product > 0 else "-"}
        (reinforcing if product > 0 else counteracting).append(entry)
    order = lambda x: (x["length"], x["elements"])  # noqa: E731
    return {
        "reinforcing": sorted(reinforcing, key=order),
        "counteracting": sorted(counteracting, key=order),
        "truncated": truncated,
        "max_length": max_length,
        "max_loops": max_loops,
    }


def clusters(pairs: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """The weakly connected components of the pairs with two or more elements, largest first.

    A search over each element's neighbours (direction ignored): one visit per element and two per
    pair, where a union-find made 877,188 calls at national scale (0.8 s → 0.3 s).

    >>> [c["elements"] for c in clusters({("a", "b"): 1, ("c", "b"): -1, ("x", "y"): 2})]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
    component: dict[str, int] = {}
    groups: list[list[str]] = []
    for start in neighbours:
        if start in component:
            continue
        number = len(groups)
        component[start] = number
        group = [start]
        stack = [start]
        while stack:
            for nxt in neighbours[stack.pop()]:
                if nxt not in component:
                    component[nxt] = number
                    group.append(nxt)
                    stack.append(nxt)
        groups.append(group)
    strengths: list[list[int]] = [[] for _ in groups]
    for (a, _), s in pairs.items():
        strengths[component[a]].append(s)
    out = [
        {"elements": sorted(group), "size": len(group), "influences": len(inside), **_split(inside)}
        for group, inside in zip(groups, strengths)
        if len(group) >= 2
    ]
    return sorted(out, key=lambda c: (-c["size"], c["elements"]))
