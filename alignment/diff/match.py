"""Finding an element of the old version again in the new one: by IRI, by local id, by text
similarity (a lower score for goals on the same indicator), and a lone vision by being the only one.

>>> DIFF_THRESHOLDS["goal"], INDICATOR_BONUS_THRESHOLD
(0.38, 0.2)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ontology import SA

from ..similarity import TextItem, find_similar_pairs
from .versions import Element, Version

__all__ = ["DIFF_THRESHOLDS", "INDICATOR_BONUS_THRESHOLD", "Match", "match_elements"]

#: Text similarity a pair needs to count as the same element in two versions.
DIFF_THRESHOLDS = {"goal": 0.38, "initiative": 0.5, "plan": 0.3, "indicator": 0.5}
#: The lower score enough for two goals whose targets are set on the same indicator.
INDICATOR_BONUS_THRESHOLD = 0.2
#: Similar texts each element is compared with (``find_similar_pairs``' ``top_k``).
_TOP_K = 20


@dataclass
class Match:
    """How an old element was found again: by ``iri``, ``id``, ``text`` (with ``score``) or ``only`` (the only vision)."""

    old: str
    new: str
    how: str
    score: float | None = None
    same_indicator: bool = False


@dataclass
class _Candidate:
    """A text-similar old/new pair above its threshold."""

    score: float
    same_indicator: bool
    old: str
    new: str


@dataclass
class _Pairing:
    """The matching so far: matches and merges found, and the elements of either side still unmatched."""

    old: dict[str, Element]
    new: dict[str, Element]
    kind: str
    left_old: dict[str, Element] = field(init=False)
    left_new: dict[str, Element] = field(init=False)
    matches: list[Match] = field(default_factory=list)
    merges: list[Match] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.left_old = dict(self.old)
        self.left_new = dict(self.new)

    def compatible(self, old: str, new: str) -> bool:
        """Plans match only plans of the same type (a vision never becomes a strategy)."""
        return self.kind != "plan" or self.old[old].plan_type == self.new[new].plan_type

    def pair(self, match: Match) -> None:
        self.matches.append(match)
        del self.left_old[match.old], self.left_new[match.new]


def _by_iri(p: _Pairing) -> None:
    for iri in sorted(set(p.old) & set(p.new)):
        if p.compatible(iri, iri):
            p.pair(Match(iri, iri, "iri"))


def _by_local_id(p: _Pairing, old_v: Version, new_v: Version) -> None:
    by_local = {new_v.local(i): i for i in p.left_new if new_v.local(i)}
    for iri in sorted(p.left_old):
        local = old_v.local(iri)
        other = by_local.get(local) if local else None
        if other is not None and other in p.left_new and p.compatible(iri, other):
            p.pair(Match(iri, other, "id"))


def _text_scores(p: _Pairing, candidates_new: dict[str, Element], threshold: float) -> dict[tuple[str, str], float]:
    """The best similarity of each old/new pair above ``threshold``, texts compared within one language only."""
    scores: dict[tuple[str, str], float] = {}
    languages = sorted(
        {t for e in (*p.left_old.values(), *candidates_new.values()) for t in e.texts},
        key=lambda t: (t != "da", t != "en", t),
    )
    for tag in languages:
        items = [TextItem("o " + i, e.texts[tag], frozenset({"old"})) for i, e in p.left_old.items() if tag in e.texts]
        items += [
            TextItem("n " + i, e.texts[tag], frozenset({"new"})) for i, e in candidates_new.items() if tag in e.texts
        ]
        for pair in find_similar_pairs(items, threshold, top_k=_TOP_K):
            a, b = (pair.a, pair.b) if pair.a.startswith("o ") else (pair.b, pair.a)
            if a.startswith("o ") and b.startswith("n "):
                scores[(a[2:], b[2:])] = max(pair.score, scores.get((a[2:], b[2:]), 0.0))
    return scores


def _by_text(p: _Pairing, indicator_map: dict[str, str] | None) -> None:
    """Best pairs first one to one; then an old element similar to an already matched new one is merged into it."""
    matched_new = {m.new for m in p.matches}
    threshold = DIFF_THRESHOLDS[p.kind]
    floor = INDICATOR_BONUS_THRESHOLD if p.kind == "goal" and indicator_map is not None else threshold
    candidates_new = {i: e for i, e in p.new.items() if i in p.left_new or i in matched_new}
    candidates: list[_Candidate] = []
    for (o, n), score in _text_scores(p, candidates_new, min(floor, threshold)).items():
        if not p.compatible(o, n):
            continue
        same = False
        if indicator_map is not None:
            old_ind = {indicator_map.get(t.indicator or "") for t in p.old[o].targets} - {None}
            new_ind = {t.indicator for t in p.new[n].targets}
            same = bool(old_ind & new_ind)
        if score >= threshold or (same and score >= floor):
            candidates.append(_Candidate(score, same, o, n))
    candidates.sort(key=lambda c: (-c.score, c.old, c.new))
    for c in candidates:
        if c.old in p.left_old and c.new in p.left_new:
            p.pair(Match(c.old, c.new, "text", c.score, c.same_indicator))
    for c in candidates:
        if c.old in p.left_old and c.new not in p.left_new:
            p.merges.append(Match(c.old, c.new, "text", c.score, c.same_indicator))
            del p.left_old[c.old]


def _only_vision(p: _Pairing) -> None:
    visions_old = [i for i in p.left_old if p.old[i].plan_type == SA + "Vision"]
    visions_new = [i for i in p.left_new if p.new[i].plan_type == SA + "Vision"]
    if len(visions_old) == 1 and len(visions_new) == 1:
        p.matches.append(Match(visions_old[0], visions_new[0], "only"))


def match_elements(
    old_v: Version,
    new_v: Version,
    kind: str,
    indicator_map: dict[str, str] | None = None,
) -> tuple[list[Match], list[Match]]:
    """The ``kind`` elements of ``old_v`` found in ``new_v``: one-to-one matches, and extra
    old → already-matched new matches (merges). ``indicator_map`` (old → new indicator) lowers
    the score two goals on the same indicator need.
    """
    p = _Pairing(old_v.elements[kind], new_v.elements[kind], kind)
    _by_iri(p)
    _by_local_id(p, old_v, new_v)
    if p.left_old and (p.left_new or p.matches):
        _by_text(p, indicator_map)
    if kind == "plan":
        _only_vision(p)
    return p.matches, p.merges
