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
"""

from __future__ import annotations

import csv
import heapq
import math
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter, mul
from pathlib import Path
from typing import Any

import snowballstemmer

try:  # the C helper behind Counter.update: counts an iterable into a dict
    from collections import _count_elements  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python implementations
    def _count_elements(mapping: dict[Any, int], iterable: Iterable[Any]) -> None:
        get = mapping.get
        for elem in iterable:
            mapping[elem] = get(elem, 0) + 1

__all__ = [
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
    "evaluate_pairs",
    "find_similar_pairs",
    "similar_pairs",
    "normalize",
    "read_labelled_pairs",
    "score_labelled_pairs",
]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class TextItem:
    """A text to compare: a goal or an initiative with its label(s).

    ``key`` is the item's IRI. ``groups`` holds the IRIs of the plans that
    contain it.

    >>> TextItem("ex:g1", "10.000 studerende", frozenset({"ex:vision2020"})).key
    'ex:g1'
    """

    key: str
    text: str
    groups: frozenset[str]

    def __reduce__(self) -> tuple[type, tuple[str, str, frozenset[str]]]:
        # A tuple per item rather than a dict: a worker's input pickles in half the size and time.
        return TextItem, (self.key, self.text, self.groups)


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two similar items, with ``a < b`` and the score rounded to 3 decimals.

    >>> SimilarPair("ex:a", "ex:b", 0.812)
    SimilarPair(a='ex:a', b='ex:b', score=0.812)
    """

    a: str
    b: str
    score: float


# ------------------------------------------------------------------ parameters

#: Thresholds chosen on ``tests/data/similarity/pairs.csv`` (see
#: ``benchmarks/similarity_eval.py``): each is the F1-best cut-off of the
#: kind's sweep. At these values precision is 0.86 and recall 0.94 (goals)
#: and 0.96 (initiatives).
DEFAULT_THRESHOLDS: dict[str, float] = {"goal": 0.42, "initiative": 0.50}

#: The share of the cosine that comes from word features. The rest comes
#: from character n-grams.
WORD_WEIGHT = 0.5

#: The size of the background pseudo-corpus in the smoothed IDF.
BACKGROUND_SIZE = 200

#: The score is multiplied by this factor when two texts have opposite aims.
OPPOSITE_AIM_FACTOR = 0.35

#: The number of word features an item is indexed under (its heaviest).
KEY_WORD_FEATURES = 5
#: The number of character-gram features an item is indexed under (its heaviest).
KEY_CHAR_FEATURES = 8
#: A key with more postings than this is not used to generate candidates.
MAX_POSTING = 100
#: Each item's shortlist from the partial scores holds this many times
#: ``top_k`` neighbours. The shortlist is then re-ranked by exact cosine.
SHORTLIST_FACTOR = 3

_CHAR_N = (3, 4, 5)

#: Danish stop words: the Snowball Danish list plus a few function words.
#: Generic strategy words are deliberately *not* included (IDF handles them).
DANISH_STOP_WORDS: frozenset[str] = frozenset(
    """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det
    dette dig din disse dog du efter eller en end er et for fra ham han hans har
    havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg jer jo
    kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og
    også om op os over på selv sig sin sine sit skal skulle som sådan thi til ud
    under var vi vil ville vor være været
    samt så kan kunne får få går gå bør blandt via hhv mv fx bl a ca
    ved mellem omkring langs hver
    uden hverken ingen intet
    """.split()
)

#: A small concept table for municipal Danish. Each canonical name maps to
#: the surface forms that mean the same in a strategy. The forms are stemmed
#: when the module is imported, and the table is applied *after* stemming.
#: ``øge`` and ``reducere`` double as the increase and decrease markers of
#: the aim rule.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "indbygger": ("indbygger", "indbyggere", "indbyggertal", "indbyggertallet",
                  "borger", "borgere", "borgerne", "befolkning", "befolkningen",
                  "befolkningstal", "befolkningstallet"),
    "studerende": ("studerende", "studenter", "student"),
    "virksomhed": ("virksomhed", "virksomheder", "virksomhederne", "firma",
                   "firmaer", "selskaber"),
    "job": ("job", "jobs", "arbejdsplads", "arbejdspladser", "beskæftigelse",
            "beskæftiget"),
    "erhvervsuddannelse": ("erhvervsuddannelse", "erhvervsuddannelser",
                           "erhvervsuddannelsen", "eud"),
    "turist": ("turist", "turister", "turisme", "turismen"),
    "iværksætter": ("iværksætter", "iværksættere", "iværksætteri", "startup",
                    "startups"),
    "klimaneutral": ("klimaneutral", "co2neutral", "kulstofneutral"),
    "knudepunkt": ("knudepunkt", "hub"),
    "skole": ("skole", "skoler", "folkeskole", "folkeskolen", "grundskole",
              "skolevæsen", "skolevæsenet"),
    "elev": ("elev", "elever", "eleverne"),
    "bolig": ("bolig", "boliger", "lejlighed", "lejligheder"),
    "ældre": ("ældre", "seniorer", "pensionister"),
    "fiber": ("fiber", "fibernet", "bredbånd"),
    "øge": ("øge", "øges", "øget", "forøge", "forøges", "forøget", "flere",
            "mere", "fordoble", "fordobles", "udvide", "udvides", "stige",
            "stiger", "stigning"),
    "reducere": ("reducere", "reduceres", "reduceret", "nedbringe", "nedbringes",
                 "mindske", "mindskes", "færre", "mindre", "halvere", "halveres",
                 "sænke", "sænkes", "falde", "fald"),
}

#: Number words that mean a number. Only unambiguous forms are listed:
#: "en", "et" and "anden" are left out.
NUMBER_WORDS: dict[str, str] = {
    "to": "2", "tre": "3", "fire": "4", "fem": "5", "seks": "6", "syv": "7",
    "otte": "8", "ni": "9", "ti": "10", "første": "1", "tredje": "3",
    "fjerde": "4", "femte": "5",
}

#: Background document frequency: the fraction of municipal-strategy
#: sentences that contain each word. The values are rough, from knowledge of
#: the genre. A word listed here keeps a low IDF even in a tiny corpus.
#: Surface forms are stemmed and concept-mapped when the module is imported.
BACKGROUND_DF: dict[str, float] = {
    # very common in goals
    "kommune": 0.30, "kommunen": 0.30, "kommunens": 0.30, "kommunal": 0.15,
    "kommunale": 0.15, "borgere": 0.25, "flere": 0.30, "øge": 0.25,
    "færre": 0.10,
    # common subjects and frames
    "virksomheder": 0.15, "job": 0.10, "uddannelse": 0.12, "unge": 0.10,
    "børn": 0.08, "danmark": 0.10, "danmarks": 0.10, "landets": 0.08,
    "vækst": 0.15, "udvikling": 0.15, "udvikle": 0.10, "styrke": 0.15,
    "sikre": 0.15, "skabe": 0.15, "bedre": 0.15, "god": 0.10, "gode": 0.12,
    "ny": 0.10, "nye": 0.15, "antal": 0.15, "antallet": 0.15, "andel": 0.08,
    "andelen": 0.08, "år": 0.10, "årlig": 0.08, "hvert": 0.08, "fokus": 0.10,
    "mål": 0.10, "målet": 0.10, "målrettet": 0.05, "indsats": 0.10,
    "indsatser": 0.10, "samarbejde": 0.12, "arbejde": 0.10, "arbejder": 0.08,
    "tilbud": 0.08, "rammer": 0.08, "muligheder": 0.08, "attraktiv": 0.10,
    "attraktive": 0.10, "fremtid": 0.06, "fremtidens": 0.06, "understøtte": 0.08,
    "fremme": 0.08, "etablere": 0.08, "etablering": 0.08, "tiltrække": 0.08,
    "tiltrækning": 0.06, "løsninger": 0.08, "område": 0.06, "områder": 0.06,
    "plan": 0.05, "strategi": 0.08, "strategisk": 0.06, "vision": 0.05,
    "rolle": 0.05, "profil": 0.04, "profilen": 0.04, "opleve": 0.06,
    "leve": 0.05, "by": 0.08, "byer": 0.06, "byen": 0.06, "sammen": 0.06,
    "fælles": 0.08, "partnerskab": 0.05, "program": 0.04, "centrum": 0.04,
    "service": 0.05, "høj": 0.04, "højere": 0.05, "større": 0.06,
    "stærk": 0.05, "stærkere": 0.05, "aktiv": 0.04, "adgang": 0.05,
    "mindst": 0.04, "inden": 0.05, "frem": 0.06, "gennem": 0.05, "hele": 0.06,
    "både": 0.06, "lokale": 0.05, "nationalt": 0.04, "internationalt": 0.04,
    "kvalitet": 0.06, "mest": 0.05, "førende": 0.04, "markant": 0.04,
    "bidrage": 0.04, "videreudvikle": 0.04, "videreudvikling": 0.04,
    "opfølgning": 0.04, "bygge": 0.04, "bæredygtig": 0.06,
    "bæredygtighed": 0.06, "grøn": 0.06, "digital": 0.06, "digitale": 0.06,
    "erhvervslivet": 0.06, "erhverv": 0.06, "pct": 0.08, "procent": 0.06,
    "alle": 0.15, "personer": 0.05,
}

# Negators and negative-valence words flip the aim of a text.
_NEGATORS = frozenset({"ikke", "uden", "hverken", "ingen", "intet"})
_NEGATIVE_VALENCE = (
    "ledighed", "ledige", "arbejdsløshed", "arbejdsløse", "ensomhed", "ensomme",
    "sygefravær", "frafald", "udledning", "udledningen", "kriminalitet",
    "fattigdom", "ventetid", "ventetider", "forurening", "støj", "mobning",
    "misbrug", "rygning", "overvægt", "ulykker", "spild", "trængsel",
)

_YEAR_P = 0.15
_SMALL_NUMBER_P = 0.05

# ------------------------------------------------------------- normalisation

_STEMMER = snowballstemmer.stemmer("danish")
_THOUSANDS_RE = re.compile(
    r"(?<![\d.,])\d{1,3}([.,\u00a0\u202f ])\d{3}(?:\1\d{3})*(?![\d]|[.,]\d)"
)
_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011](?=[^\W_])|(?<=\d)[-\u2010\u2011](?=[^\W\d_])")
_TOKEN_RE = re.compile(r"\d+,\d+|[^\W_]+")


def normalize(text: str) -> list[str]:
    """Return the tokens of ``text`` after case, punctuation and number handling.

    The tokens are not stemmed and stop words are kept.

    >>> normalize("Øge kommunens indbyggertal til 120.000!")
    ['øge', 'kommunens', 'indbyggertal', 'til', '120000']
    >>> normalize("120 000 borgere, 23,9 pct. og CO2-neutral")
    ['120000', 'borgere', '23,9', 'pct', 'og', 'co2neutral']
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = _THOUSANDS_RE.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    text = _HYPHEN_RE.sub("", text)
    tokens = _TOKEN_RE.findall(text)
    if len(text) > _MAX_TOKEN and any(len(t) > _MAX_TOKEN for t in tokens):
        # Stemming and compound splitting cost grows with the square of a word's length
        # (a 4,000-letter word took 16 s, a 1 MB one hung): no real word has 100 letters.
        tokens = [t[:_MAX_TOKEN] for t in tokens]
    return tokens


#: Letters of a token that similarity reads; the rest of a longer "word" is ignored.
_MAX_TOKEN = 100


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _build_concept_maps() -> tuple[dict[str, str], dict[str, str]]:
    by_stem: dict[str, str] = {}
    by_surface: dict[str, str] = {}
    for canonical, forms in CONCEPTS.items():
        for form in forms:
            by_stem.setdefault(_stem(form), canonical)
            by_surface.setdefault(form, canonical)
    return by_stem, by_surface


_CONCEPT_BY_STEM, _CONCEPT_BY_SURFACE = _build_concept_maps()
_LONGEST_SURFACE = max(map(len, _CONCEPT_BY_SURFACE))
_INCREASE, _DECREASE = "øge", "reducere"
_NEGATIVE_STEMS = frozenset(_stem(w) for w in _NEGATIVE_VALENCE)


@dataclass(frozen=True)
class _TokenFeatures:
    words: tuple[str, ...]   # word-level features ("w:" stems / concepts, "#" numbers)
    chars: tuple[str, ...]   # character n-gram features
    direction: int           # +1 increase word, -1 decrease word, 0 none
    flips: int               # 1 if negator or negative-valence word


def _char_grams(stem: str) -> list[str]:
    padded = f"<{stem}>"
    grams = []
    for n in _CHAR_N:
        if len(padded) < n:
            continue
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
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
    words = ["w:" + base]
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


_TokenPlan = tuple[tuple[str, ...], tuple[str, ...], int, int]


def _token_plan(token: str, vocabulary: frozenset[str],
                splits: dict[str, tuple[str, ...]]) -> _TokenPlan:
    """Return the word features (with compound parts), char grams, direction and flips."""
    tf = _token_features(token)
    words = tf.words
    if words and words[0].startswith("w:"):
        parts = splits.get(token)
        if parts is None:
            parts = splits[token] = _split_compound(token, vocabulary)
        if parts:
            words = words + tuple("w:" + p for p in parts if "w:" + p not in tf.words)
    return words, tf.chars, tf.direction, tf.flips


def _analyse(tokens: Sequence[str], vocabulary: frozenset[str],
             splits: dict[str, tuple[str, ...]],
             plans: dict[str, _TokenPlan] | None = None) -> _Doc:
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
    b for w in (*BACKGROUND_DF, *(f for forms in CONCEPTS.values() for f in forms))
    if (b := _word_stem(w)) is not None
)


def _prior(feature: str) -> float:
    p = _BACKGROUND.get(feature)
    if p is not None:
        return p
    if feature.startswith(("#", "c#")):
        digits = feature[feature.index("#") + 1:]
        if len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100:
            return _YEAR_P
        if len(digits) <= 2:
            return _SMALL_NUMBER_P
    return 0.0


# ----------------------------------------------------------------- vectorise


def _doc_vector(doc: _Doc, idf: Sequence[float],
                char_parts: tuple[list[float], list[float]] | None = None) -> dict[int, float]:
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


def _may_pair(a: frozenset[str], b: frozenset[str]) -> bool:
    """The group rule: a pair needs at least two distinct plans between the items."""
    if len(a) >= 2 or len(b) >= 2:
        return True
    return len(a | b) >= 2


# ----------------------------------------------------------------- candidates


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
    text_of: array
    #: feature id → feature name, and its idf
    names: list[str]
    idf: list[float]
    offsets: array
    ids: array
    weights: array
    #: Each text's blocking keys with its weight for them, heaviest first.
    key_offsets: array
    key_ids: array
    key_weights: array
    #: each text's aim: +1, -1 or 0
    aims: array

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


def _vocabulary(tokens: Iterable[str]) -> frozenset[str]:
    """The word bases a compound may be split into: the corpus's own words and the built-in tables."""
    vocabulary = set(_STATIC_VOCABULARY)
    for token in tokens:
        base = _word_stem(token)
        if base is not None:
            vocabulary.add(base)
    return frozenset(vocabulary)


def _prepare(items: Sequence[TextItem]) -> _Prepared:
    ordered = sorted(items, key=lambda it: it.key)
    for prev, cur in zip(ordered, ordered[1:]):
        if prev.key == cur.key:
            raise ValueError(f"duplicate item key: {cur.key!r}")
    # Identical texts and identical tokens are analysed once; a token is stored once.
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
    token_lists = list(text_index)
    del text_index
    uses: dict[int, int] = {}
    _count_elements(uses, text_of)
    vocabulary = _vocabulary(sorted(same_token))
    # Features are numbered: a text's features are ints in its plan, counted
    # and weighted by id, and names are looked up only to break ties.
    number: dict[str, int] = {}
    splits: dict[str, tuple[str, ...]] = {}
    plans: dict[str, _TokenPlan] = {}
    for token in sorted(same_token):
        words, chars, direction, flips = _token_plan(token, vocabulary, splits)
        plans[token] = (tuple([number.setdefault(f, len(number)) for f in words]),
                        tuple([number.setdefault(f, len(number)) for f in chars]), direction, flips)
    del same_token, splits
    names = list(number)
    # Document frequency counts every item, so a text used by m items counts m times.
    df: dict[int, int] = {}
    aims = array("b")
    for t, tokens in enumerate(token_lists):
        doc = _analyse(tokens, vocabulary, {}, plans)
        aims.append(doc.aim)
        features = [*doc.words, *doc.chars]
        m = uses[t]
        _count_elements(df, features if m == 1 else chain.from_iterable(repeat(features, m)))
    total = len(ordered) + BACKGROUND_SIZE + 1
    log = math.log
    idf = [0.0] * len(names)
    for f, d in df.items():
        idf[f] = log(total / (d + BACKGROUND_SIZE * _prior(names[f]) + 1))
    del df
    # Within a part whose features all occur once, weight order is idf order:
    # rank the features once by (-idf, name) instead of sorting per item.
    by_rank = sorted(range(len(names)), key=lambda f: (-idf[f], names[f]))
    rank = [0] * len(names)
    for r, f in enumerate(by_rank):
        rank[f] = r
    ranked = min(idf, default=1.0) > 0.0
    # A token's own heaviest char grams; when no gram repeats within a text,
    # the text's heaviest grams are among those of its tokens.
    token_top: dict[str, list[int]] = {}
    for token, plan in plans.items():
        token_top[token] = sorted(map(rank.__getitem__, plan[1]))[:KEY_CHAR_FEATURES]
    token_idf: dict[str, list[float]] = {}
    token_sq: dict[str, list[float]] = {}
    if ranked:
        for token, plan in plans.items():
            values = token_idf[token] = list(map(idf.__getitem__, plan[1]))
            token_sq[token] = list(map(mul, values, values))
    offsets, ids, weights = array("q", [0]), array("i"), array("d")
    key_offsets, key_ids, key_weights = array("q", [0]), array("i"), array("d")
    for tokens in token_lists:
        # Counted again rather than kept from the first pass: the counts of
        # every text at once were the largest object of a national run.
        doc = _analyse(tokens, vocabulary, {}, plans)
        char_parts = None
        if ranked and doc.chars and max(doc.chars.values()) == 1:
            char_parts = (list(chain.from_iterable(map(token_idf.__getitem__, tokens))),
                          list(chain.from_iterable(map(token_sq.__getitem__, tokens))))
        vec = _doc_vector(doc, idf, char_parts)
        ids.fromlist(list(vec))
        weights.fromlist(list(vec.values()))
        offsets.append(len(ids))
        for part, k in ((doc.words, KEY_WORD_FEATURES), (doc.chars, KEY_CHAR_FEATURES)):
            if not part:
                continue
            if ranked and max(part.values()) == 1:
                if part is doc.chars:
                    top = sorted(chain.from_iterable(map(token_top.__getitem__, tokens)))[:k]
                else:
                    top = sorted(map(rank.__getitem__, part))[:k]
                chosen = list(map(by_rank.__getitem__, top))
                key_ids.fromlist(chosen)
                key_weights.fromlist(list(map(vec.__getitem__, chosen)))
            else:
                fs = list(part) if ranked else [f for f in part if f in vec]
                for f, w in _heaviest(fs, list(map(vec.__getitem__, fs)), k, names):
                    key_ids.append(f)
                    key_weights.append(w)
        key_offsets.append(len(key_ids))
    return _Prepared(ordered, text_of, names, idf, offsets, ids, weights, key_offsets, key_ids, key_weights, aims)


def _heaviest(features: list[Any], weights: list[float], k: int, names: Sequence[str] | None = None) -> list[tuple[Any, float]]:
    """The ``k`` heaviest (feature, weight) pairs, ties broken by feature name (``names[feature]`` for ids)."""
    part = zip(features, weights)
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
    return [f for f, _ in _heaviest(words, [vec[f] for f in words], KEY_WORD_FEATURES)
            + _heaviest(chars, [vec[f] for f in chars], KEY_CHAR_FEATURES)]


def _candidates(
    prep: _Prepared, top_k: int, stats: dict[str, int] | None
) -> dict[int, float]:
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
    text_of = prep.text_of
    offsets, ids, weights = prep.offsets, prep.ids, prep.weights
    key_offsets, key_ids, key_weights = prep.key_offsets, prep.key_ids, prep.key_weights
    # postings[f] = (items indexed under f, their weights for f)
    postings: dict[int, tuple[array, array]] = {}
    for i, t in enumerate(text_of):
        a, b = key_offsets[t], key_offsets[t + 1]
        for f, w in zip(key_ids[a:b], key_weights[a:b]):
            plist = postings.get(f)
            if plist is None:
                plist = postings[f] = (array("i"), array("d"))
            plist[0].append(i)
            plist[1].append(w)
    dropped = {f for f, p in postings.items() if len(p[0]) > MAX_POSTING}
    groups = [it.groups for it in prep.items]
    exact: dict[int, float] = {}
    kept_pairs: set[int] = set()
    touched = 0
    shortlist_size = SHORTLIST_FACTOR * top_k
    nsmallest = heapq.nsmallest
    fsum = math.fsum
    for i, t in enumerate(text_of):
        acc: dict[int, float] = {}
        get = acc.get
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
        acc.pop(i, None)  # an item's own postings are not a pair
        gi = groups[i]
        if len(gi) == 1:
            # the group rule for a single-plan item: the other's plans differ and exist
            allowed = [(-w, j) for j, w in acc.items() if (gj := groups[j]) != gi and gj]
        elif len(gi) >= 2:
            allowed = [(-w, j) for j, w in acc.items()]
        else:
            allowed = [(-w, j) for j, w in acc.items() if _may_pair(gi, groups[j])]
        if len(allowed) > shortlist_size:
            allowed = nsmallest(shortlist_size, allowed)
        else:
            allowed.sort()
        vi_get = None
        scored = []
        for _, j in allowed:
            pair = i * n + j if i < j else j * n + i
            score = exact.get(pair)
            if score is None:
                if vi_get is None:  # i's vector as a dict, built once for its shortlist
                    vi_get = dict(zip(ids[offsets[t]:offsets[t + 1]], weights[offsets[t]:offsets[t + 1]])).get
                tj = text_of[j]
                c, d = offsets[tj], offsets[tj + 1]
                # fsum: exactly rounded, so the same from either side of the pair (two
                # candidates with one text tie exactly, and the lower index wins)
                score = exact[pair] = fsum(map(mul, weights[c:d], map(vi_get, ids[c:d], repeat(0.0))))
            scored.append((-score, j))
        if len(scored) > top_k:
            scored = nsmallest(top_k, scored)
        for _, j in scored:
            kept_pairs.add(i * n + j if i < j else j * n + i)
    if stats is not None:
        stats["items"] = n
        stats["postings_touched"] = touched
        stats["dropped_keys"] = len(dropped)
        stats["exact_comparisons"] = len(exact)
        stats["candidate_pairs"] = len(kept_pairs)
    return {pair: exact[pair] for pair in sorted(kept_pairs)}


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
) -> list[SimilarPair]:
    """Pair items from different plans whose texts mean the same.

    Returns the pairs with score ``>= threshold``, sorted by ``(a, b)``.
    ``threshold`` is compared with the score rounded to 3 decimals. The
    result is deterministic: the same items give the same output in any
    order. ``top_k`` bounds the number of neighbours kept per item. If
    ``stats`` is given, it is filled as in :func:`candidate_pairs`, plus
    ``pairs``.

    >>> its = [TextItem("ex:v1", "Danmarks Energimetropol", frozenset({"ex:v2020"})),
    ...        TextItem("ex:s1", "Esbjerg som Danmarks EnergiMetropol", frozenset({"ex:vs2020"}))]
    >>> find_similar_pairs(its, 0.3)[0].a
    'ex:s1'
    """
    out = [SimilarPair(a, b, score) for a, b, score in _scored_pairs(items, threshold, top_k, stats)]
    if stats is not None:
        stats["pairs"] = len(out)
    return out


def similar_pairs(items: Sequence[TextItem], threshold: float) -> list[tuple[str, str, float]]:
    """:func:`find_similar_pairs` as plain ``(a, b, score)`` tuples: what a worker process sends back.

    >>> similar_pairs([TextItem("ex:a", "Flere i job", frozenset({"ex:p1"})),
    ...                TextItem("ex:b", "Flere i job", frozenset({"ex:p2"}))], 0.8)
    [('ex:a', 'ex:b', 1.0)]
    """
    return list(_scored_pairs(items, threshold, 10, None))


def _scored_pairs(
    items: Sequence[TextItem], threshold: float, top_k: int, stats: dict[str, int] | None
) -> Iterator[tuple[str, str, float]]:
    # (i, j) sorted with i < j over key-sorted items, so the pairs come sorted by (a, b)
    prep = _prepare(items)
    n, aims, text_of, keyed = len(prep.items), prep.aims, prep.text_of, prep.items
    for pair, score in _candidates(prep, top_k, stats).items():
        i, j = divmod(pair, n)
        if aims[text_of[i]] * aims[text_of[j]] < 0:
            score *= OPPOSITE_AIM_FACTOR
        score = round(min(1.0, max(0.0, score)), 3)
        if score >= threshold:
            yield keyed[i].key, keyed[j].key, score


# ---------------------------------------------------------------- evaluation


def read_labelled_pairs(path: str | Path) -> list[dict[str, str]]:
    """Read a labelled pairs CSV with columns ``kind,text_a,text_b,duplicate,note``.

    >>> rows = read_labelled_pairs("tests/data/similarity/pairs.csv")  # doctest: +SKIP
    """
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def score_labelled_pairs(
    rows: Iterable[Mapping[str, Any]], *, top_k: int = 50
) -> list[float]:
    """Score each labelled pair as it would score in a realistic run.

    All texts of one kind go into one corpus, each text in its own group.
    :func:`find_similar_pairs` is then run on that corpus with threshold 0.
    A pair that the candidate generation never proposes scores 0.0. The
    scores are returned in row order.

    >>> score_labelled_pairs([{"kind": "goal", "text_a": "10.000 studerende",
    ...     "text_b": "Øge antallet af studerende til 10.000", "duplicate": "1"}])[0] > 0.3
    True
    """
    rows = list(rows)
    by_kind: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_kind[r["kind"]].update((r["text_a"], r["text_b"]))
    scores: dict[tuple[str, str, str], float] = {}
    for kind, texts in by_kind.items():
        keyed = {t: f"{kind}:{n:05d}" for n, t in enumerate(sorted(texts))}
        items = [TextItem(k, t, frozenset({k})) for t, k in keyed.items()]
        found = {(p.a, p.b): p.score for p in find_similar_pairs(items, 0.0, top_k=top_k)}
        for r in rows:
            if r["kind"] != kind:
                continue
            a, b = sorted((keyed[r["text_a"]], keyed[r["text_b"]]))
            scores[(kind, r["text_a"], r["text_b"])] = found.get((a, b), 0.0)
    return [scores[(r["kind"], r["text_a"], r["text_b"])] for r in rows]


def evaluate_pairs(
    rows: Iterable[Mapping[str, Any]],
    thresholds: Mapping[str, float],
    *,
    scores: Sequence[float] | None = None,
    top_k: int = 50,
) -> dict[str, dict[str, float]]:
    """Return the precision, recall and F1 per kind at the given thresholds.

    A row counts as predicted-positive if its score from
    :func:`score_labelled_pairs` is ``>= thresholds[kind]``. Pass ``scores``
    to reuse scores that are already computed. Each kind's result also holds
    the counts ``tp``, ``fp``, ``fn``, ``tn`` and ``n``.

    >>> rows = [{"kind": "goal", "text_a": "10.000 studerende",
    ...          "text_b": "Øge antallet af studerende til 10.000", "duplicate": "1"},
    ...         {"kind": "goal", "text_a": "Flere virksomheder i vækstforløb",
    ...          "text_b": "Flere borgere i job", "duplicate": "0"}]
    >>> evaluate_pairs(rows, {"goal": 0.3})["goal"]["f1"]
    1.0
    """
    rows = list(rows)
    if scores is None:
        scores = score_labelled_pairs(rows, top_k=top_k)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r, s in zip(rows, scores, strict=True):
        kind = r["kind"]
        gold = str(r["duplicate"]).strip() in ("1", "true", "True")
        pred = s >= thresholds[kind]
        counts[kind]["tp" if gold and pred else "fp" if pred else "fn" if gold else "tn"] += 1
    result: dict[str, dict[str, float]] = {}
    for kind in sorted(counts):
        c = counts[kind]
        tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {
            "precision": precision, "recall": recall, "f1": f1,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn, "n": tp + fp + fn + tn,
        }
    return result
