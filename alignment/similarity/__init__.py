"""Danish text similarity for finding duplicate goals and initiatives between plans.

Two plans often state the same goal in different words. For example, Esbjerg's
Vision 2020 says "120.000 borgere i 2020" and Vækststrategi 2020 says "Øge
kommunens indbyggertal til 120.000". This module pairs such items by meaning.
It is pure Python. Its only dependency is ``snowballstemmer`` (the Danish
Snowball stemmer).

>>> items = [
...     TextItem("ex:g1", "120.000 borgere i 2020", frozenset({"ex:vision2020"})),
...     TextItem("ex:g2", "Øge kommunens indbyggertal til 120.000",
...              frozenset({"ex:vaekst2020"})),
...     TextItem("ex:g3", "Flere virksomheder i vækstforløb", frozenset({"ex:vision2020"})),
...     TextItem("ex:g4", "Flere borgere i job", frozenset({"ex:vaekst2020"})),
... ]
>>> [(p.a, p.b) for p in find_similar_pairs(items, DEFAULT_THRESHOLDS["goal"])]
[('ex:g1', 'ex:g2')]

Design
======
Normalisation (:func:`normalize`)
    * NFC and case folding. Letters æ, ø and å stay as they are, and words
      stay as written ("aa" is not rewritten to "å").
    * A number written with thousands separators ("120.000", "120,000",
      "120 000") becomes one token, "120000".
    * A decimal comma stays in its token ("23,9").
    * Words joined by a hyphen become one word ("CO2-neutral" → "co2neutral",
      "it-sikkerhed" → "itsikkerhed"). That is how Danish writes compounds.
    * All other punctuation separates tokens.

Features (computed per token)
    * Stop words are dropped. :data:`DANISH_STOP_WORDS` is the Snowball list
      plus a few function words. Generic strategy words ("flere", "borgere",
      "kommune", "øge"...) are *not* stop words: IDF weighs them down (see
      below).
    * Every other word is stemmed with Snowball ``danish``. The stem is then
      looked up in the small concept table :data:`CONCEPTS`, so that
      "indbyggertal", "borgere" and "befolkning" become one feature, as do
      "EUD" and "erhvervsuddannelse".
    * A compound whose head or modifier is a concept word also gets that
      concept ("energivirksomheder" → ``virksomhed``, "iværksætterpulje" →
      ``iværksætter``).
    * A number is a word feature ``#120000``. The ordinal or cardinal words in
      :data:`NUMBER_WORDS` become numbers too ("tredje" → ``#3``).
    * Character 3–5-grams of each stem (after concept mapping) are taken
      within the word, with ``<`` and ``>`` marking the word boundaries. They
      catch compounds and inflections the stemmer misses ("virksom" and
      "virksomhed", "fibernet" and "fiberbredbånd", "videreudvikling" and
      "videreudvikle").

Weights
    * Term frequency is sublinear: ``1 + ln(tf)``.
    * IDF is ``ln((N + B + 1) / (df + B·p + 1))``:
        - ``N`` and ``df`` come from the corpus passed in.
        - ``B`` = :data:`BACKGROUND_SIZE` is a *pseudo-corpus* of
          municipal-strategy sentences.
        - In that pseudo-corpus a feature occurs in the fraction ``p`` given
          by :data:`BACKGROUND_DF`. For a character gram, ``p`` is inherited
          from the generic words that contain it. For a year, ``p`` is 0.15.
    * This is additive (Bayesian) smoothing with an informative prior:
        - In a tiny corpus of six goals, "flere", "borgere" and "kommune"
          already weigh about a quarter of what a rare subject word such as
          "energimetropol" weighs. Without the prior every word would be
          equally rare.
        - In a corpus of 30,000 items the prior fades, and the corpus's own
          document frequencies decide.

Vectors and score
    * The word part and the character part are L2-normalised separately.
    * They are then concatenated with the weights ``sqrt(WORD_WEIGHT)`` and
      ``sqrt(1 - WORD_WEIGHT)``.
    * So the cosine of two items is ``WORD_WEIGHT·cos_word + (1 -
      WORD_WEIGHT)·cos_char``, and it lies in [0, 1].

Aim (polarity)
    * "Flere parkeringspladser" and "Færre parkeringspladser" share their
      subject but have opposite aims.
    * Each text gets a direction: +1 from increase words (øge, flere,
      fordoble...), -1 from decrease words (færre, reducere, nedbringe...).
    * The direction flips once for each negator ("uden", "hverken", "ikke")
      and for each word with a negative value (ledighed, ensomhed,
      udledning...). So "færre unge uden job" has the same aim as "flere unge
      i job".
    * When two directed texts have opposite aims, the score is multiplied by
      :data:`OPPOSITE_AIM_FACTOR`.

Candidates (never all pairs)
    * Each item is indexed under its :data:`KEY_WORD_FEATURES` heaviest word
      features and its :data:`KEY_CHAR_FEATURES` heaviest character grams.
      Heavy means rare.
    * A key whose posting list grows longer than :data:`MAX_POSTING` is
      dropped as uninformative. That is stop-blocking.
    * For each item, the partial dot products over the shared keys give a
      shortlist of ``SHORTLIST_FACTOR·top_k`` neighbours that may form a
      pair (see the group rule below).
    * The exact cosine re-ranks that shortlist, and the ``top_k`` best are
      kept.
    * The cost has two bounds:
        - exact cosines: at most ``n·SHORTLIST_FACTOR·top_k``
        - posting entries visited: at most ``n·(KEY_WORD_FEATURES +
          KEY_CHAR_FEATURES)·MAX_POSTING``
    * So the cost grows near-linearly with ``n``. There is no n² step.
      ``benchmarks/similarity_scale.py`` measures this up to 30,000 items.

Compounds
    * Before the features are built, the corpus's own vocabulary is
      collected.
    * A compound is split into its modifier and head when both occur as
      words in the corpus or in the built-in tables.
    * Both parts are then added as word features, next to the whole
      compound. For example, "iværksætterpulje" gives ``iværksætter`` and
      ``pulj``, which match "Pulje til iværksættere".

Group rule
    * Two items may form a pair only if ``len(a.groups | b.groups) >= 2``,
      i.e. unless both belong to the same single plan.

Determinism
    * Items are sorted by key before anything else, and every tie is broken
      by key or feature name. The output therefore does not depend on the
      input order.
    * Exact cosines are summed with ``math.fsum`` (correctly rounded), so a
      pair scores the same bits whichever of its items computes it, and two
      candidates with the same text tie exactly.

Memory
    * Features are numbered, and vectors and keys are stored in flat arrays
      (about 1.3 KB a text). Texts with the same tokens share one vector.

Modules
    * :mod:`.lexicon`: tokens (:func:`normalize`), stems, stop words and the
      concept, number and background tables.
    * :mod:`.features`: a token's word and character features, compounds,
      the aim of a text, the background prior.
    * :mod:`.vectors`: the smoothed IDF and each text's unit vector and keys.
    * :mod:`.index`: posting lists, shortlists and the exact re-ranking.
    * :mod:`.items`: :class:`TextItem` and :class:`SimilarPair`.
    * This package: the public API (:data:`__all__`).

    The evaluation on labelled pairs is ``benchmarks/similarity_eval.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from .compounds import COMPOUND_PARTS, split_compound
from .index import (
    KEY_CHAR_FEATURES,
    KEY_WORD_FEATURES,
    MAX_POSTING,
    SHORTLIST_FACTOR,
    _candidates,
)
from .items import SimilarPair, TextItem
from .lexicon import BACKGROUND_DF, CONCEPTS, DANISH_STOP_WORDS, NUMBER_WORDS, normalize
from .meaning import ALIGNED_FLOOR, SWAP_FACTOR, adjust_analysed, analyse_meaning, explain, matched_words
from .thesaurus import SAT, Thesaurus, load_thesaurus, parse_thesaurus, shipped_thesaurus
from .vectors import BACKGROUND_SIZE, WORD_WEIGHT, _prepare

__all__ = [
    "ALIGNED_FLOOR",
    "COMPOUND_PARTS",
    "SAT",
    "SWAP_FACTOR",
    "Thesaurus",
    "explain",
    "load_thesaurus",
    "parse_thesaurus",
    "shipped_thesaurus",
    "split_compound",
    "BACKGROUND_DF",
    "BACKGROUND_SIZE",
    "CONCEPTS",
    "DANISH_STOP_WORDS",
    "DEFAULT_THRESHOLDS",
    "KEY_CHAR_FEATURES",
    "KEY_WORD_FEATURES",
    "MAX_POSTING",
    "NUMBER_WORDS",
    "OPPOSITE_AIM_FACTOR",
    "SHORTLIST_FACTOR",
    "WORD_WEIGHT",
    "SimilarPair",
    "TextItem",
    "candidate_pairs",
    "find_similar_pairs",
    "similar_pairs",
    "explained_pairs",
    "normalize",
]

#: Thresholds chosen on ``tests/data/similarity/pairs.csv`` (see
#: ``benchmarks/similarity_eval.py``): each is the F1-best cut-off of the
#: kind's sweep. At these values precision is 0.86 and recall 0.94 (goals)
#: and 0.96 (initiatives).
DEFAULT_THRESHOLDS: dict[str, float] = {"goal": 0.42, "initiative": 0.50}

#: The score is multiplied by this factor when two texts have opposite aims.
OPPOSITE_AIM_FACTOR = 0.35


def candidate_pairs(
    items: Sequence[TextItem], *, top_k: int = 10, stats: dict[str, int] | None = None
) -> list[tuple[str, str]]:
    """Return the key pairs whose exact cosine :func:`find_similar_pairs` would compute.

    The pairs come from the inverted index over each item's rarest features,
    never from all pairs. There are at most ``len(items) * top_k`` of them.
    If ``stats`` is given, it is filled with counters:

    * ``items``
    * ``postings_touched``: the number of posting entries visited
    * ``dropped_keys``
    * ``candidate_pairs``

    >>> its = [TextItem("a", "10.000 studerende", frozenset({"p1"})),
    ...        TextItem("b", "Øge antallet af studerende til 10.000", frozenset({"p2"})),
    ...        TextItem("c", "Bedre cykelstier", frozenset({"p2"}))]
    >>> candidate_pairs(its)
    [('a', 'b')]
    """
    prep = _prepare(items)
    n = len(prep.items)
    return [(prep.items[pair // n].key, prep.items[pair % n].key) for pair in _candidates(prep, top_k, stats)]


def find_similar_pairs(
    items: Sequence[TextItem],
    threshold: float,
    *,
    top_k: int = 10,
    stats: dict[str, int] | None = None,
    thesaurus: Thesaurus | None = None,
) -> list[SimilarPair]:
    """Pair items from different plans whose texts mean the same.

    Returns the pairs with score ``>= threshold``, sorted by ``(a, b)``.
    ``threshold`` is compared with the score rounded to 3 decimals. The
    result is deterministic: the same items give the same output in any
    order. ``top_k`` bounds the number of neighbours kept per item. If
    ``stats`` is given, it is filled as in :func:`candidate_pairs`, plus
    ``pairs``. ``thesaurus`` (default: the shipped one) drives the meaning
    checks of :mod:`.meaning` (heads, direction, negation).

    >>> its = [TextItem("ex:v1", "Danmarks Energimetropol", frozenset({"ex:v2020"})),
    ...        TextItem("ex:s1", "Esbjerg som Danmarks EnergiMetropol", frozenset({"ex:vs2020"}))]
    >>> find_similar_pairs(its, 0.3)[0].a
    'ex:s1'
    """
    out = [SimilarPair(a, b, score) for a, b, score, _ in _scored_pairs(items, threshold, top_k, stats, thesaurus)]
    if stats is not None:
        stats["pairs"] = len(out)
    return out


def similar_pairs(
    items: Sequence[TextItem], threshold: float, thesaurus: Thesaurus | None = None
) -> list[tuple[str, str, float]]:
    """:func:`find_similar_pairs` as plain ``(a, b, score)`` tuples: what a worker process sends back.

    >>> similar_pairs([TextItem("ex:a", "Flere i job", frozenset({"ex:p1"})),
    ...                TextItem("ex:b", "Flere i job", frozenset({"ex:p2"}))], 0.8)
    [('ex:a', 'ex:b', 1.0)]
    """
    return [(a, b, score) for a, b, score, _ in _scored_pairs(items, threshold, 10, None, thesaurus)]


def explained_pairs(
    items: Sequence[TextItem], threshold: float, thesaurus: Thesaurus | None = None
) -> list[tuple[str, str, float, tuple[tuple[str, str, str], ...]]]:
    """:func:`similar_pairs` with the words that matched (:func:`~.meaning.matched_words`) of each pair.

    The texts are analysed once for the score and the words, in the same (worker) process: explaining
    the 58,132 pairs of a national corpus afterwards analysed each label a second time (3.2 s + 3.7 s).

    >>> explained_pairs([TextItem("ex:a", "Flere i job", frozenset({"ex:p1"})),
    ...                  TextItem("ex:b", "Flere i job", frozenset({"ex:p2"}))], 0.8)
    [('ex:a', 'ex:b', 1.0, (('job', 'job', 'same word'),))]
    """
    return list(_scored_pairs(items, threshold, 10, None, thesaurus, explained=True))  # type: ignore[arg-type]


def _meaning_of(cache: dict[int, Any], t: int, text: str, terms: Thesaurus) -> Any:
    found = cache.get(t)
    if found is None:
        found = cache[t] = analyse_meaning(text, terms)
    return found


def _scored_pairs(
    items: Sequence[TextItem],
    threshold: float,
    top_k: int,
    stats: dict[str, int] | None,
    thesaurus: Thesaurus | None = None,
    explained: bool = False,
) -> Iterator[tuple[str, str, float, tuple[tuple[str, str, str], ...] | None]]:
    # (i, j) sorted with i < j over key-sorted items, so the pairs come sorted by (a, b)
    prep = _prepare(items)
    terms = thesaurus if thesaurus is not None else shipped_thesaurus()
    n, aims, text_of, keyed = len(prep.items), prep.aims, prep.text_of, prep.items
    meanings: dict[int, Any] = {}  # distinct text → its meaning, analysed once
    for pair, score in _candidates(prep, top_k, stats).items():
        i, j = divmod(pair, n)
        if aims[text_of[i]] * aims[text_of[j]] < 0:
            score *= OPPOSITE_AIM_FACTOR
        ma, mb = (_meaning_of(meanings, text_of[k], keyed[k].text, terms) for k in (i, j))
        score = adjust_analysed(score, ma, mb, terms)
        score = round(min(1.0, max(0.0, score)), 3)
        if score >= threshold:
            yield keyed[i].key, keyed[j].key, score, matched_words(ma, mb, terms) if explained else None
