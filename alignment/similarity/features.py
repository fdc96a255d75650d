"""Features of a text: word stems and concepts, numbers, character grams, compounds and aim.

A token becomes word features (``w:`` stems or concepts, ``#`` numbers) and
character 3–5-grams (``c:``); :func:`_analyse` counts them for a text and
works out its aim. :func:`_prior` is a feature's share of the background
pseudo-corpus.

>>> _token_features("borgere").words
('w:indbygger',)
>>> _analyse(("færre", "unge", "uden", "job"), _vocabulary([]), {}).aim
1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from .compounds import split_compound
from .lexicon import (
    _CONCEPT_BY_STEM,
    _CONCEPT_BY_SURFACE,
    _DECREASE,
    _INCREASE,
    _LONGEST_SURFACE,
    _MAX_TOKEN,
    _NEGATIVE_STEMS,
    _NEGATIVE_VALENCE,
    _NEGATORS,
    BACKGROUND_DF,
    CONCEPTS,
    DANISH_STOP_WORDS,
    NUMBER_WORDS,
    _stem,
    normalize,
)
from .thesaurus import shipped_thesaurus

try:  # the C helper behind Counter.update: counts an iterable into a dict
    from collections import _count_elements as _count_elements  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping: dict[Any, int], iterable: Iterable[Any]) -> None:
        get = mapping.get
        for elem in iterable:
            mapping[elem] = get(elem, 0) + 1


#: The lengths of the character grams taken within a word.
_CHAR_N = (3, 4, 5)
#: The background share of a year (1900-2100) and of a number of one or two digits.
_YEAR_P = 0.15
_SMALL_NUMBER_P = 0.05


@dataclass(frozen=True)
class _TokenFeatures:
    words: tuple[str, ...]  # word-level features ("w:" stems / concepts, "#" numbers)
    chars: tuple[str, ...]  # character n-gram features
    direction: int  # +1 increase word, -1 decrease word, 0 none
    flips: int  # 1 if negator or negative-valence word


def _char_grams(stem: str) -> list[str]:
    padded = f"<{stem}>"
    grams: list[str] = []
    for n in _CHAR_N:
        if len(padded) < n:
            continue
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _compound_concepts(token: str) -> list[str]:
    """Return the concepts of a compound's modifier and head, e.g. energi|virksomheder."""
    found: list[str] = []
    # Only parts as long as a surface form can match: linear in the token, same result.
    for k in range(max(4, len(token) - _LONGEST_SURFACE), len(token) - 2):
        head = token[k:]
        if len(head) >= 3 and head in _CONCEPT_BY_SURFACE:
            found.append(_CONCEPT_BY_SURFACE[head])
            break
    for k in range(min(len(token) - 3, _LONGEST_SURFACE), 3, -1):
        mod = token[:k]
        if mod in _CONCEPT_BY_SURFACE:
            found.append(_CONCEPT_BY_SURFACE[mod])
            break
    return found


def _is_negative_valence(token: str, stem: str) -> bool:
    if stem in _NEGATIVE_STEMS:
        return True
    return any(token.endswith(w) for w in _NEGATIVE_VALENCE if len(token) > len(w))


@lru_cache(maxsize=200_000)
def _token_features(token: str) -> _TokenFeatures:
    if token in _NEGATORS:
        return _TokenFeatures((), (), 0, 1)
    if token[0].isdigit() or token in NUMBER_WORDS:
        number = NUMBER_WORDS.get(token, token)
        return _TokenFeatures(("#" + number,), ("c#" + number,), 0, 0)
    if token in DANISH_STOP_WORDS or len(token) < 2:
        return _TokenFeatures((), (), 0, 0)
    stem = _stem(token)
    concept = _CONCEPT_BY_STEM.get(stem) or _CONCEPT_BY_SURFACE.get(token)
    direction = 0
    if concept == _INCREASE:
        direction = 1
    elif concept == _DECREASE:
        direction = -1
    flips = 1 if _is_negative_valence(token, stem) else 0
    base = concept if concept is not None else stem
    term = _thesaurus_feature(stem) if concept is None else None
    words = ["w:" + base if term is None else term]
    if concept is None and len(token) >= 8:
        words.extend("w:" + c for c in _compound_concepts(token) if c not in (_INCREASE, _DECREASE))
    chars = ["c:" + g for g in _char_grams(_stem(base) if concept else stem)]
    return _TokenFeatures(tuple(dict.fromkeys(words)), tuple(chars), direction, flips)


@dataclass(frozen=True)
class _Doc:
    words: Mapping[Any, int]  # feature (its name, or its number in _prepare) -> count
    chars: Mapping[Any, int]
    aim: int  # +1, -1, or 0 (undirected or mixed)


def _word_stem(token: str) -> str | None:
    """Return the word-feature base (concept or stem) of a plain word, or None."""
    if token in DANISH_STOP_WORDS or token in _NEGATORS or len(token) < 3:
        return None
    if token[0].isdigit() or token in NUMBER_WORDS:
        return None
    stem = _stem(token)
    return _CONCEPT_BY_STEM.get(stem) or _CONCEPT_BY_SURFACE.get(token) or stem


def _split_compound(token: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """Split a compound into modifier and head if both are words of ``vocabulary``.

    ``vocabulary`` holds the stems (or concepts) of the corpus's standalone
    words and of the built-in tables. The longest known head wins, and a
    linking "s" or "e" is allowed after the modifier. For example,
    "iværksætterpulje" becomes (iværksætter, pulj) when the corpus also
    contains "pulje" and "iværksættere".
    """
    if not _MIN_COMPOUND <= len(token) <= _MAX_TOKEN or not token.isalpha():
        return ()
    found = _split_by_vocabulary(token, vocabulary)
    if found:
        return found
    # The shipped lexicon of compound parts (compounds.py) knows parts the corpus may not write alone:
    # "børnefattigdommen" is børn + fattigdom, "cykelstrategi" cykel + strategi. A word that is a
    # concept already (indbyggertal) keeps its concept alone, and a frequent part (tal, center) says nothing.
    if _CONCEPT_BY_STEM.get(_stem(token)) or _CONCEPT_BY_SURFACE.get(token):
        return ()
    return tuple(
        b
        for part in split_compound(token)
        if (b := _word_stem(part)) is not None
        and (b in vocabulary or b in _THESAURUS_WORDS)
        and BACKGROUND_DF.get(part, 0.0) < _FREQUENT_PART
    )


def _thesaurus_words() -> frozenset[str]:
    terms = shipped_thesaurus()
    return frozenset(k[0] for k, c in terms.by_stems.items() if len(k) == 1 and c not in terms.direction)


#: The one-word subject terms of the shipped thesaurus (cykel, fattigdom): words a compound part may be.
_THESAURUS_WORDS = _thesaurus_words()


def _thesaurus_features() -> dict[str, str]:
    terms = shipped_thesaurus()
    return {
        k[0]: "w:=" + c.rsplit("#", 1)[-1]
        for k, c in terms.by_stems.items()
        if len(k) == 1 and c not in terms.direction
    }


#: A one-word subject term of the shipped thesaurus (by its stem) → the word feature of its concept
#: (``w:=ledighed`` for "ledige" and "arbejdsløse"), in place of the word's stem: synonyms are one
#: feature in the vectors, so the candidate search proposes a paraphrase that shares no word ("Færre
#: ledige" | "Lavere arbejdsløshed"), and a token takes one of a text's few blocking keys, not two.
_THESAURUS_FEATURE = _thesaurus_features()


def _thesaurus_feature(stem: str) -> str | None:
    return _THESAURUS_FEATURE.get(stem)


#: A compound part this frequent in the background (share of texts) is no feature of its own.
_FREQUENT_PART = 0.04


def _split_by_vocabulary(token: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    for k in range(_MIN_PART, len(token) - _MIN_PART + 1):
        head = _word_stem(token[k:])
        if head is None or head not in vocabulary:
            continue
        modifier = token[:k]
        candidates = [modifier]
        if modifier[-1] in "se" and len(modifier) > _MIN_PART:
            candidates.append(modifier[:-1])
        for m in candidates:
            base = _word_stem(m)
            if base is not None and base in vocabulary:
                return (base, head)
    return ()


_MIN_COMPOUND = 8
_MIN_PART = 3


#: A token's word features, char grams, direction and flips; the features are names, or
#: their numbers once :func:`.vectors._prepare` has numbered them.
_TokenPlan = tuple[tuple[Any, ...], tuple[Any, ...], int, int]


def _token_plan(token: str, vocabulary: frozenset[str], splits: dict[str, tuple[str, ...]]) -> _TokenPlan:
    """Return the word features (with compound parts), char grams, direction and flips."""
    tf = _token_features(token)
    words = tf.words
    if words and words[0].startswith("w:"):
        parts = splits.get(token)
        if parts is None:
            parts = splits[token] = _split_compound(token, vocabulary)
        if parts:
            found = [_thesaurus_feature(p) or "w:" + p for p in parts]
            words = words + tuple(f for f in dict.fromkeys(found) if f not in tf.words)
    return words, tf.chars, tf.direction, tf.flips


def _analyse(
    tokens: Sequence[str],
    vocabulary: frozenset[str],
    splits: dict[str, tuple[str, ...]],
    plans: dict[str, _TokenPlan] | None = None,
) -> _Doc:
    """Count a text's word and character features and work out its aim.

    ``plans`` caches :func:`_token_plan` per token (tokens repeat a lot).
    """
    if plans is None:
        plans = {}
    token_plans = []
    for token in tokens:
        plan = plans.get(token)
        if plan is None:
            plan = plans[token] = _token_plan(token, vocabulary, splits)
        token_plans.append(plan)
    words: dict[str, int] = {}
    chars: dict[str, int] = {}
    _count_elements(words, chain.from_iterable([plan[0] for plan in token_plans]))
    _count_elements(chars, chain.from_iterable([plan[1] for plan in token_plans]))
    up = down = flips = 0
    for plan in token_plans:
        direction = plan[2]
        if direction > 0:
            up += 1
        elif direction < 0:
            down += 1
        flips += plan[3]
    aim = 0
    if up and not down:
        aim = 1
    elif down and not up:
        aim = -1
    if flips % 2:
        aim = -aim
    return _Doc(words, chars, aim)


def _build_background() -> dict[str, float]:
    prior: dict[str, float] = {}
    for word, p in BACKGROUND_DF.items():
        for token in normalize(word):
            tf = _token_features(token)
            for feat in tf.words + tf.chars:
                if p > prior.get(feat, 0.0):
                    prior[feat] = p
    return prior


_BACKGROUND = _build_background()
_STATIC_VOCABULARY = frozenset(
    b for w in (*BACKGROUND_DF, *(f for forms in CONCEPTS.values() for f in forms)) if (b := _word_stem(w)) is not None
)


def _prior(feature: str) -> float:
    p = _BACKGROUND.get(feature)
    if p is not None:
        return p
    if feature.startswith(("#", "c#")):
        digits = feature[feature.index("#") + 1 :]
        if len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100:
            return _YEAR_P
        if len(digits) <= 2:
            return _SMALL_NUMBER_P
    return 0.0


def _vocabulary(tokens: Iterable[str]) -> frozenset[str]:
    """The word bases a compound may be split into: the corpus's own words and the built-in tables."""
    vocabulary = set(_STATIC_VOCABULARY)
    for token in tokens:
        base = _word_stem(token)
        if base is not None:
            vocabulary.add(base)
    return frozenset(vocabulary)
