"""Weights and vectors: the smoothed IDF, each text's unit vector and blocking keys (:func:`_prepare`)."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import mul
from typing import TypeAlias

from .features import (
    _analyse,
    _count_elements,
    _Doc,
    _prior,
    _token_plan,
    _TokenPlan,
    _vocabulary,
)
from .index import KEY_CHAR_FEATURES, KEY_WORD_FEATURES, _heaviest, _Prepared
from .items import TextItem
from .lexicon import normalize

#: The share of the cosine that comes from word features. The rest comes
#: from character n-grams.
WORD_WEIGHT = 0.5

#: The size of the background pseudo-corpus in the smoothed IDF.
BACKGROUND_SIZE = 200


def _doc_vector(
    doc: _Doc, idf: Sequence[float], char_parts: tuple[list[float], list[float]] | None = None
) -> dict[int, float]:
    """Return a doc's unit vector (feature number → weight): word features first, then char grams.

    Each part is L2-normalised and scaled by the square root of its share;
    the whole is then renormalised (this only matters when one part is
    empty). Both steps fold into one factor per part, and the loops run in C
    (``map`` with :mod:`operator` functions).

    ``char_parts``, when given, holds the char grams' idf values and their
    squares, concatenated token by token. The caller passes it only when no
    gram occurs twice in the text (so the concatenation is the order of
    ``doc.chars``) and every idf is positive.
    """
    sqrt = math.sqrt
    tf = _TF
    parts: list[tuple[Iterable[int], list[float], float]] = []
    for part, scale in ((doc.words, _SCALE_WORD), (doc.chars, _SCALE_CHAR)):
        if not part:
            continue
        fs: Iterable[int] = part
        if char_parts is not None and part is doc.chars:
            raw, squares = char_parts
            norm = sqrt(sum(squares))
            if norm > 0.0:
                parts.append((fs, raw, scale / norm))
            continue
        top = max(part.values())
        if top == 1:
            raw = list(map(idf.__getitem__, part))
        else:
            while top >= len(tf):
                tf.append(1.0 + math.log(len(tf)))
            raw = list(map(mul, map(tf.__getitem__, part.values()), map(idf.__getitem__, part)))
        if min(raw) <= 0.0:
            kept = [(f, v) for f, v in zip(part, raw) if v > 0.0]
            fs = [f for f, _ in kept]
            raw = [v for _, v in kept]
        norm = sqrt(sum(map(mul, raw, raw)))
        if norm > 0.0:
            parts.append((fs, raw, scale / norm))
    if len(parts) == 1:  # one part only: renormalising cancels its scale
        fs, raw, _ = parts[0]
        parts = [(fs, raw, 1.0 / sqrt(sum(map(mul, raw, raw))))]
    vec: dict[int, float] = {}
    for fs, raw, k in parts:
        vec.update(zip(fs, map(mul, raw, repeat(k))))
    return vec


#: ``_TF[c]`` is the sublinear term frequency ``1 + ln(c)`` (grown on demand).
_TF: list[float] = [0.0, 1.0]
_SCALE_WORD = math.sqrt(WORD_WEIGHT)
_SCALE_CHAR = math.sqrt(1.0 - WORD_WEIGHT)


def _prepare(items: Sequence[TextItem]) -> _Prepared:
    """Return the corpus ready to compare: items sorted by key, one vector and key list per distinct text.

    The steps: sort the items and number their distinct texts; collect the
    vocabulary and number the features of each distinct token; count document
    frequencies and aims; weigh by smoothed IDF; build the vectors and keys.

    >>> prep = _prepare([TextItem("b", "Flere i job", frozenset({"p"})),
    ...                  TextItem("a", "Flere i job", frozenset({"q"}))])
    >>> [it.key for it in prep.items], list(prep.text_of), prep.aims[0]
    (['a', 'b'], [0, 0], 1)
    """
    ordered = _sorted_by_key(items)
    text_of, token_lists, tokens = _distinct_texts(ordered)
    uses: dict[int, int] = {}
    _count_elements(uses, text_of)
    vocabulary = _vocabulary(tokens)
    names, plans = _numbered_plans(tokens, vocabulary)
    del tokens
    df, aims = _document_frequencies(token_lists, uses, vocabulary, plans)
    idf = _smoothed_idf(df, names, len(ordered))
    del df
    vectors, keys = _vectors_and_keys(token_lists, vocabulary, plans, names, idf)
    return _Prepared(ordered, text_of, names, idf, *vectors, *keys, aims)


def _sorted_by_key(items: Sequence[TextItem]) -> list[TextItem]:
    """The items sorted by key; two items with one key are an error."""
    ordered = sorted(items, key=lambda it: it.key)
    for prev, cur in zip(ordered, ordered[1:]):
        if prev.key == cur.key:
            raise ValueError(f"duplicate item key: {cur.key!r}")
    return ordered


def _distinct_texts(ordered: Sequence[TextItem]) -> tuple[array[int], list[tuple[str, ...]], list[str]]:
    """Each item's text number, the distinct token lists, and the distinct tokens sorted.

    Identical texts and identical tokens are analysed once; a token is stored once.
    """
    by_text: dict[str, int] = {}
    text_index: dict[tuple[str, ...], int] = {}
    same_token: dict[str, str] = {}
    text_of = array("l")
    for it in ordered:
        t = by_text.get(it.text)
        if t is None:
            tokens = tuple([same_token.setdefault(token, token) for token in normalize(it.text)])
            t = by_text[it.text] = text_index.setdefault(tokens, len(text_index))
        text_of.append(t)
    del by_text
    return text_of, list(text_index), sorted(same_token)


def _numbered_plans(tokens: Iterable[str], vocabulary: frozenset[str]) -> tuple[list[str], dict[str, _TokenPlan]]:
    """Feature names by number, and each token's plan with its features as numbers.

    Features are numbered: a text's features are ints in its plan, counted
    and weighted by id, and names are looked up only to break ties.
    """
    number: dict[str, int] = {}
    splits: dict[str, tuple[str, ...]] = {}
    plans: dict[str, _TokenPlan] = {}
    for token in tokens:
        words, chars, direction, flips = _token_plan(token, vocabulary, splits)
        plans[token] = (
            tuple([number.setdefault(f, len(number)) for f in words]),
            tuple([number.setdefault(f, len(number)) for f in chars]),
            direction,
            flips,
        )
    return list(number), plans


def _document_frequencies(
    token_lists: Sequence[tuple[str, ...]],
    uses: dict[int, int],
    vocabulary: frozenset[str],
    plans: dict[str, _TokenPlan],
) -> tuple[dict[int, int], array[int]]:
    """Each feature's document frequency, and each text's aim.

    Document frequency counts every item, so a text used by m items counts m times.
    """
    df: dict[int, int] = {}
    aims = array("b")
    for t, tokens in enumerate(token_lists):
        doc = _analyse(tokens, vocabulary, {}, plans)
        aims.append(doc.aim)
        features = [*doc.words, *doc.chars]
        m = uses[t]
        _count_elements(df, features if m == 1 else chain.from_iterable(repeat(features, m)))
    return df, aims


def _smoothed_idf(df: dict[int, int], names: Sequence[str], n_items: int) -> list[float]:
    """IDF per feature number, smoothed by the background pseudo-corpus.

    >>> _smoothed_idf({0: 1}, ["w:energimetropol"], 1)[0] == math.log(202 / 2)
    True
    """
    total = n_items + BACKGROUND_SIZE + 1
    log = math.log
    idf = [0.0] * len(names)
    for f, d in df.items():
        idf[f] = log(total / (d + BACKGROUND_SIZE * _prior(names[f]) + 1))
    return idf


@dataclass
class _Ranks:
    """The corpus's features ranked once by (-idf, name), and each token's share of that.

    Within a part whose features all occur once, weight order is idf order:
    the features are ranked once instead of sorted per text. ``ranked`` says
    whether every idf is positive (then these shortcuts give the same result).
    """

    by_rank: list[int]
    rank: list[int]
    ranked: bool
    #: A token's own heaviest char grams (as ranks); when no gram repeats
    #: within a text, the text's heaviest grams are among those of its tokens.
    token_top: dict[str, list[int]]
    #: A token's char grams' idf values and their squares (only when ``ranked``).
    token_idf: dict[str, list[float]]
    token_sq: dict[str, list[float]]


def _ranks(idf: Sequence[float], names: Sequence[str], plans: Mapping[str, _TokenPlan]) -> _Ranks:
    by_rank = sorted(range(len(names)), key=lambda f: (-idf[f], names[f]))
    rank = [0] * len(names)
    for r, f in enumerate(by_rank):
        rank[f] = r
    ranked = min(idf, default=1.0) > 0.0
    token_top: dict[str, list[int]] = {}
    for token, plan in plans.items():
        token_top[token] = sorted(map(rank.__getitem__, plan[1]))[:KEY_CHAR_FEATURES]
    token_idf: dict[str, list[float]] = {}
    token_sq: dict[str, list[float]] = {}
    if ranked:
        for token, plan in plans.items():
            values = token_idf[token] = list(map(idf.__getitem__, plan[1]))
            token_sq[token] = list(map(mul, values, values))
    return _Ranks(by_rank, rank, ranked, token_top, token_idf, token_sq)


_Flat: TypeAlias = "tuple[array[int], array[int], array[float]]"  # offsets, ids, weights


def _vectors_and_keys(
    token_lists: Sequence[tuple[str, ...]],
    vocabulary: frozenset[str],
    plans: dict[str, _TokenPlan],
    names: Sequence[str],
    idf: Sequence[float],
) -> tuple[_Flat, _Flat]:
    """Every text's unit vector and blocking keys, flat: (offsets, ids, weights) each."""
    ranks = _ranks(idf, names, plans)
    offsets, ids, weights = array("q", [0]), array("i"), array("d")
    key_offsets, key_ids, key_weights = array("q", [0]), array("i"), array("d")
    for tokens in token_lists:
        # Counted again rather than kept from the first pass: the counts of
        # every text at once were the largest object of a national run.
        doc = _analyse(tokens, vocabulary, {}, plans)
        vec = _doc_vector(doc, idf, _char_parts(doc, tokens, ranks))
        ids.fromlist(list(vec))
        weights.fromlist(list(vec.values()))
        offsets.append(len(ids))
        for part, k in ((doc.words, KEY_WORD_FEATURES), (doc.chars, KEY_CHAR_FEATURES)):
            if part:
                chosen = _part_keys(part, part is doc.chars, tokens, vec, k, ranks, names)
                key_ids.fromlist(chosen)
                key_weights.fromlist(list(map(vec.__getitem__, chosen)))
        key_offsets.append(len(key_ids))
    return (offsets, ids, weights), (key_offsets, key_ids, key_weights)


def _char_parts(doc: _Doc, tokens: Sequence[str], ranks: _Ranks) -> tuple[list[float], list[float]] | None:
    """The char grams' idf values and squares token by token, when :func:`_doc_vector` may use them."""
    if ranks.ranked and doc.chars and max(doc.chars.values()) == 1:
        return (
            list(chain.from_iterable(map(ranks.token_idf.__getitem__, tokens))),
            list(chain.from_iterable(map(ranks.token_sq.__getitem__, tokens))),
        )
    return None


def _part_keys(
    part: Mapping[int, int],
    is_chars: bool,
    tokens: Sequence[str],
    vec: Mapping[int, float],
    k: int,
    ranks: _Ranks,
    names: Sequence[str],
) -> list[int]:
    """The ``k`` heaviest features of one part (words or char grams) of a text's vector."""
    if ranks.ranked and max(part.values()) == 1:
        if is_chars:
            top = sorted(chain.from_iterable(map(ranks.token_top.__getitem__, tokens)))[:k]
        else:
            top = sorted(map(ranks.rank.__getitem__, part))[:k]
        return list(map(ranks.by_rank.__getitem__, top))
    fs = list(part) if ranks.ranked else [f for f in part if f in vec]
    return [f for f, _ in _heaviest(fs, list(map(vec.__getitem__, fs)), k, names)]
