"""The candidate index: blocking keys, posting lists and shortlists, never all pairs (:func:`_candidates`)."""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter, mul
from typing import Any, TypeAlias

from .items import TextItem

#: The number of word features an item is indexed under (its heaviest).
KEY_WORD_FEATURES = 5
#: The number of character-gram features an item is indexed under (its heaviest).
KEY_CHAR_FEATURES = 8
#: A key with more postings than this is not used to generate candidates.
MAX_POSTING = 100
#: Each item's shortlist from the partial scores holds this many times
#: ``top_k`` neighbours. The shortlist is then re-ranked by exact cosine.
SHORTLIST_FACTOR = 3


def _may_pair(a: frozenset[str], b: frozenset[str]) -> bool:
    """The group rule: a pair needs at least two distinct plans between the items."""
    if len(a) >= 2 or len(b) >= 2:
        return True
    return len(a | b) >= 2


@dataclass
class _Prepared:
    """The corpus, ready to compare: items sorted by key, each pointing at its text's vector.

    Texts with the same tokens share one vector. Vectors and blocking keys
    are stored flat, feature ids in an ``array('i')`` and weights in an
    ``array('d')``: text ``t`` has ``ids[offsets[t]:offsets[t + 1]]``. As
    dicts of feature name → weight they took about 8 KB a text; at 700,000
    texts (a national corpus) that alone was 5 GB.
    """

    items: list[TextItem]
    #: item → index of its (unique) text
    text_of: array[int]
    #: feature id → feature name, and its idf
    names: list[str]
    idf: list[float]
    offsets: array[int]
    ids: array[int]
    weights: array[float]
    #: Each text's blocking keys with its weight for them, heaviest first.
    key_offsets: array[int]
    key_ids: array[int]
    key_weights: array[float]
    #: each text's aim: +1, -1 or 0
    aims: array[int]

    def vector(self, i: int) -> dict[str, float]:
        """Item ``i``'s unit vector as feature name → weight (for inspection and tests)."""
        t = self.text_of[i]
        a, b = self.offsets[t], self.offsets[t + 1]
        return {self.names[f]: w for f, w in zip(self.ids[a:b], self.weights[a:b])}

    def keys(self, i: int) -> list[tuple[str, float]]:
        """Item ``i``'s blocking keys as (feature name, weight), heaviest first."""
        t = self.text_of[i]
        a, b = self.key_offsets[t], self.key_offsets[t + 1]
        return [(self.names[f], w) for f, w in zip(self.key_ids[a:b], self.key_weights[a:b])]


def _heaviest(
    features: list[Any], weights: list[float], k: int, names: Sequence[str] | None = None
) -> list[tuple[Any, float]]:
    """The ``k`` heaviest (feature, weight) pairs, ties broken by feature name (``names[feature]`` for ids)."""
    part: Iterable[tuple[Any, float]] = zip(features, weights)
    if len(weights) > k:
        cut = sorted(weights, reverse=True)[k - 1]
        part = compress(part, map(cut.__le__, weights))
    by_name = sorted(part, key=(lambda p: names[p[0]]) if names is not None else _NAME)
    # then (stably) by weight, heaviest first
    return sorted(by_name, key=_WEIGHT, reverse=True)[:k]


_NAME = itemgetter(0)
_WEIGHT = itemgetter(1)


def _blocking_keys(vec: Mapping[str, float]) -> list[str]:
    words = [f for f in vec if not f.startswith("c")]
    chars = [f for f in vec if f.startswith("c")]
    return [
        f
        for f, _ in _heaviest(words, [vec[f] for f in words], KEY_WORD_FEATURES)
        + _heaviest(chars, [vec[f] for f in chars], KEY_CHAR_FEATURES)
    ]


def _candidates(prep: _Prepared, top_k: int, stats: dict[str, int] | None) -> dict[int, float]:
    """Return the candidate pairs, as ``i * n + j`` with ``i < j``, and their exact cosine.

    The work has two stages:

    1. Partial dot products over the blocking keys give each item a
       shortlist of ``SHORTLIST_FACTOR * top_k`` allowed neighbours.
    2. The exact cosine ranks that shortlist, and the best ``top_k`` are
       kept.

    A pair is an int, not a tuple: there are millions of them at national scale.
    """
    if top_k < 1:
        raise ValueError("top_k must be >= 1")
    n = len(prep.items)
    postings = _postings(prep)
    dropped = {f for f, p in postings.items() if len(p[0]) > MAX_POSTING}
    groups = [it.groups for it in prep.items]
    # each distinct plan set as an int (0: none): the group rule compares ints, not frozensets,
    # in the shortlist's filter, which runs once per partial score (8.9 s of a 93 s profile at
    # 100,000 spreadsheet rows; the int filter takes 0.65 × the time on 1,300 partial scores)
    numbering: dict[frozenset[str], int] = {}
    group_ids = [numbering.setdefault(g, len(numbering) + 1) if g else 0 for g in groups]
    exact: dict[int, float] = {}
    kept_pairs: set[int] = set()
    touched = 0
    shortlist_size = SHORTLIST_FACTOR * top_k
    for i, t in enumerate(prep.text_of):
        acc, visited = _partial_scores(prep, t, postings, dropped)
        touched += visited
        acc.pop(i, None)  # an item's own postings are not a pair
        shortlist = _shortlist(acc, groups, groups[i], shortlist_size, group_ids, group_ids[i])
        for j in _best_by_exact_cosine(prep, i, shortlist, exact, top_k):
            kept_pairs.add(i * n + j if i < j else j * n + i)
    _pair_the_same_texts(prep, top_k, groups, exact, kept_pairs)
    if stats is not None:
        stats["items"] = n
        stats["postings_touched"] = touched
        stats["dropped_keys"] = len(dropped)
        stats["exact_comparisons"] = len(exact)
        stats["candidate_pairs"] = len(kept_pairs)
    return {pair: exact[pair] for pair in sorted(kept_pairs)}


def _pair_the_same_texts(
    prep: _Prepared, top_k: int, groups: Sequence[frozenset[str]], exact: dict[int, float], kept: set[int]
) -> None:
    """Pair the items of one text directly, each with up to ``top_k`` of the next that the group rule allows.

    A text written more than :data:`MAX_POSTING` times has every blocking key dropped, so the index gave
    its items no candidates at all: 100 goals "Flere borgere i kommunen" in two plans were 900 duplicates,
    102 were none. Its items are the surest duplicates there are (cosine 1), and up to ``top_k`` each keeps
    the work and the pairs linear while the clusters still join them all.
    """
    n = len(prep.items)
    by_text: dict[int, list[int]] = {}
    for i, t in enumerate(prep.text_of):
        by_text.setdefault(t, []).append(i)
    for t, same in by_text.items():
        if len(same) < 2 or prep.offsets[t + 1] == prep.offsets[t]:
            continue  # one item, or a text with no features (nothing to be alike in)
        for at, i in enumerate(same):
            found = 0
            for j in same[at + 1 :]:
                if found >= top_k:
                    break
                if _may_pair(groups[i], groups[j]):
                    pair = i * n + j
                    exact.setdefault(pair, 1.0)
                    kept.add(pair)
                    found += 1


_Postings: TypeAlias = (
    "dict[int, tuple[array[int], array[float]]]"  # array is not subscriptable at run time before 3.12
)


def _postings(prep: _Prepared) -> _Postings:
    """``postings[f]`` = (the items indexed under key ``f``, their weights for ``f``), in item order."""
    key_offsets, key_ids, key_weights = prep.key_offsets, prep.key_ids, prep.key_weights
    postings: _Postings = {}
    for i, t in enumerate(prep.text_of):
        a, b = key_offsets[t], key_offsets[t + 1]
        for f, w in zip(key_ids[a:b], key_weights[a:b]):
            plist = postings.get(f)
            if plist is None:
                plist = postings[f] = (array("i"), array("d"))
            plist[0].append(i)
            plist[1].append(w)
    return postings


def _partial_scores(prep: _Prepared, t: int, postings: _Postings, dropped: set[int]) -> tuple[dict[int, float], int]:
    """Text ``t``'s partial dot product with every item sharing a kept key, and the posting entries visited."""
    key_offsets, key_ids, key_weights = prep.key_offsets, prep.key_ids, prep.key_weights
    acc: dict[int, float] = {}
    get = acc.get
    touched = 0
    a, b = key_offsets[t], key_offsets[t + 1]
    for f, wi in zip(key_ids[a:b], key_weights[a:b]):
        if f in dropped:
            continue
        js, ws = postings[f]
        touched += len(js)
        # partial[j] += wi * wj (an item's keys are distinct, so a j
        # occurs once per posting list)
        if acc:
            for j, c in zip(js, map(mul, ws, repeat(wi))):
                acc[j] = get(j, 0.0) + c
        else:
            acc.update(zip(js, map(mul, ws, repeat(wi))))
    return acc, touched


def _shortlist(
    acc: dict[int, float],
    groups: Sequence[frozenset[str]],
    gi: frozenset[str],
    size: int,
    group_ids: Sequence[int] | None = None,
    own: int = 0,
) -> list[tuple[float, int]]:
    """The ``size`` best (-partial score, j) that the group rule allows, best first.

    ``group_ids`` numbers the plan sets (equal sets, equal numbers; 0 for none), ``own`` is
    ``gi``'s number: the same rule, faster.

    >>> _shortlist({1: 0.5, 2: 0.9, 3: 0.7}, [frozenset("p"), frozenset("p"), frozenset("q"), frozenset("r")],
    ...            frozenset("p"), 5)
    [(-0.9, 2), (-0.7, 3)]
    """
    if len(gi) == 1:
        # the group rule for a single-plan item: the other's plans differ and exist
        if group_ids is None:
            allowed = [(-w, j) for j, w in acc.items() if (gj := groups[j]) != gi and gj]
        else:
            allowed = [(-w, j) for j, w in acc.items() if (g := group_ids[j]) != own and g]
    elif len(gi) >= 2:
        allowed = [(-w, j) for j, w in acc.items()]
    else:
        allowed = [(-w, j) for j, w in acc.items() if _may_pair(gi, groups[j])]
    if len(allowed) > size:
        return heapq.nsmallest(size, allowed)
    allowed.sort()
    return allowed


def _best_by_exact_cosine(
    prep: _Prepared, i: int, shortlist: Iterable[tuple[float, int]], exact: dict[int, float], top_k: int
) -> list[int]:
    """The ``top_k`` items of ``i``'s shortlist with the highest exact cosine; ``exact`` caches each pair's."""
    n = len(prep.items)
    text_of, offsets, ids, weights = prep.text_of, prep.offsets, prep.ids, prep.weights
    t = text_of[i]
    fsum = math.fsum
    vi_get = None
    scored = []
    for _, j in shortlist:
        pair = i * n + j if i < j else j * n + i
        score = exact.get(pair)
        if score is None:
            if vi_get is None:  # i's vector as a dict, built once for its shortlist
                vi_get = dict(zip(ids[offsets[t] : offsets[t + 1]], weights[offsets[t] : offsets[t + 1]])).get
            tj = text_of[j]
            c, d = offsets[tj], offsets[tj + 1]
            # fsum: exactly rounded, so the same from either side of the pair (two
            # candidates with one text tie exactly, and the lower index wins)
            score = exact[pair] = fsum(map(mul, weights[c:d], map(vi_get, ids[c:d], repeat(0.0))))
        scored.append((-score, j))
    if len(scored) > top_k:
        scored = heapq.nsmallest(top_k, scored)
    return [j for _, j in scored]
