"""Tests for alignment.similarity: Danish normalisation, pairing, determinism and scale."""

from __future__ import annotations

import random
import sys
from hashlib import sha256
from pathlib import Path

import pytest

from alignment.similarity import (
    DEFAULT_THRESHOLDS,
    KEY_CHAR_FEATURES,
    KEY_WORD_FEATURES,
    MAX_POSTING,
    SHORTLIST_FACTOR,
    SimilarPair,
    TextItem,
    candidate_pairs,
    find_similar_pairs,
    normalize,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from similarity_eval import evaluate_pairs, read_labelled_pairs, split_rows  # noqa: E402 - benchmarks/similarity_eval.py

PAIRS_CSV = Path(__file__).parent / "data" / "similarity" / "pairs.csv"

# Floors = the figures measured by benchmarks/similarity_eval.py per half, rounded down to 2 decimals.
QUALITY_FLOORS = {
    # tuned on dev (heads, direction, negation, thesaurus): dev is no measurement, held is
    # 456 pairs (batch 2 of 64 added in session 8, batch 3 of 84 in session 9, batch 4 of 91 in session 11);
    # held measured in session 11 twice: batch 4 with the code as it was (goal 0.864/0.655, initiative
    # 0.895/0.607), and once after tuning
    ("dev", "goal"): {"precision": 0.94, "recall": 0.86},
    ("dev", "initiative"): {"precision": 0.97, "recall": 0.85},
    ("held", "goal"): {"precision": 0.86, "recall": 0.67},
    ("held", "initiative"): {"precision": 0.9, "recall": 0.66},
}


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("120.000 borgere i 2020", ["120000", "borgere", "i", "2020"], id="thousands-dot"),
        pytest.param("120,000 residents", ["120000", "residents"], id="thousands-comma"),
        pytest.param("120 000 indbyggere", ["120000", "indbyggere"], id="thousands-space"),
        pytest.param("1.650 studieboliger", ["1650", "studieboliger"], id="thousands-short"),
        pytest.param("fra 23,9 pct. til 30 pct.", ["fra", "23,9", "pct", "til", "30", "pct"], id="decimal-comma"),
        pytest.param("9.-10. klasse", ["9", "10", "klasse"], id="ordinal-range"),
        pytest.param("Ærø, Øster Åby og Ålborg!", ["ærø", "øster", "åby", "og", "ålborg"], id="aeoeaa-kept"),
        pytest.param("Aabenraa", ["aabenraa"], id="aa-not-rewritten"),
        pytest.param("Danmarks EnergiMetropol", ["danmarks", "energimetropol"], id="case-fold"),
        pytest.param("CO2-neutral i 2030.", ["co2neutral", "i", "2030"], id="hyphen-compound"),
        pytest.param(
            "Esbjerg: Danmarks nye vækstcenter – 120.000 borgere",
            ["esbjerg", "danmarks", "nye", "vækstcenter", "120000", "borgere"],
            id="punctuation",
        ),
        pytest.param("«Flere» (nye) iværksættere?!", ["flere", "nye", "iværksættere"], id="quotes-brackets"),
        pytest.param("", [], id="empty"),
    ],
)
def test_normalize(text: str, expected: list[str]) -> None:
    assert normalize(text) == expected


# ------------------------------------------------------------ named examples

SMALL_CORPUS = [
    ("g1", "120.000 borgere i 2020", "plan:vision2020"),
    ("g2", "Øge kommunens indbyggertal til 120.000", "plan:vaekst2020"),
    ("g3", "Danmarks Energimetropol", "plan:vision2020"),
    ("g4", "Esbjerg som Danmarks EnergiMetropol", "plan:vaekst2020"),
    ("g5", "10.000 studerende", "plan:vision2020"),
    ("g6", "Øge antallet af studerende til 10.000", "plan:vaekst2020"),
    ("g7", "Flere virksomheder i vækstforløb", "plan:horsens2014"),
    ("g8", "Flere borgere i job", "plan:vision2025"),
]


def _small_items() -> list[TextItem]:
    return [TextItem(k, t, frozenset({g})) for k, t, g in SMALL_CORPUS]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("g1", "g2", id="120000-borgere~indbyggertal"),
        pytest.param("g3", "g4", id="energimetropol-casing"),
        pytest.param("g5", "g6", id="10000-studerende"),
    ],
)
def test_named_paraphrases_pair(a: str, b: str) -> None:
    found = {(p.a, p.b) for p in find_similar_pairs(_small_items(), DEFAULT_THRESHOLDS["goal"])}
    assert (a, b) in found


def test_generic_words_do_not_pair() -> None:
    pairs = find_similar_pairs(_small_items(), DEFAULT_THRESHOLDS["goal"])
    assert ("g7", "g8") not in {(p.a, p.b) for p in pairs}
    # Only the three paraphrase pairs are found in this corpus.
    assert [(p.a, p.b) for p in pairs] == [("g1", "g2"), ("g3", "g4"), ("g5", "g6")]


@pytest.mark.parametrize(
    ("text_a", "text_b"),
    [
        pytest.param("Flere parkeringspladser i midtbyen", "Færre parkeringspladser i midtbyen", id="flere-vs-faerre"),
        pytest.param(
            "Øge antallet af offentlige arbejdspladser i kommunen",
            "Reducere antallet af offentlige arbejdspladser i kommunen",
            id="oege-vs-reducere",
        ),
    ],
)
def test_opposite_aims_do_not_pair(text_a: str, text_b: str) -> None:
    items = [TextItem("a", text_a, frozenset({"p1"})), TextItem("b", text_b, frozenset({"p2"}))]
    assert find_similar_pairs(items, DEFAULT_THRESHOLDS["goal"]) == []


def test_double_negation_keeps_aim() -> None:
    items = [
        TextItem("a", "Færre unge uden job", frozenset({"p1"})),
        TextItem("b", "Flere unge i job", frozenset({"p2"})),
    ]
    assert [(p.a, p.b) for p in find_similar_pairs(items, DEFAULT_THRESHOLDS["goal"])] == [("a", "b")]


# ------------------------------------------------------------------ output shape


def test_output_sorted_rounded_and_bounded() -> None:
    pairs = find_similar_pairs(_labelled_items("goal"), 0.0, top_k=50)
    assert pairs == sorted(pairs, key=lambda p: (p.a, p.b))
    for p in pairs:
        assert isinstance(p, SimilarPair)
        assert p.a < p.b
        assert 0.0 <= p.score <= 1.0
        assert p.score == round(p.score, 3)


def test_duplicate_keys_rejected() -> None:
    items = [TextItem("a", "x", frozenset({"p1"})), TextItem("a", "y", frozenset({"p2"}))]
    with pytest.raises(ValueError):
        find_similar_pairs(items, 0.5)


def test_empty_and_textless_items() -> None:
    assert find_similar_pairs([], 0.5) == []
    items = [TextItem("a", "", frozenset({"p1"})), TextItem("b", "og i af", frozenset({"p2"}))]
    assert find_similar_pairs(items, 0.0) == []


# ------------------------------------------------------------------ determinism


def _labelled_items(kind: str) -> list[TextItem]:
    rows = read_labelled_pairs(PAIRS_CSV)
    texts = sorted({t for r in rows if r["kind"] == kind for t in (r["text_a"], r["text_b"])})
    return [TextItem(f"ex:{kind}/{i:03d}", t, frozenset({f"ex:plan/{i % 7}"})) for i, t in enumerate(texts)]


@pytest.mark.parametrize("seed", [1, 2, 3], ids=lambda s: f"seed{s}")
def test_shuffled_input_gives_identical_output(seed: int) -> None:
    items = _labelled_items("goal") + _labelled_items("initiative")
    expected = find_similar_pairs(items, 0.2)
    shuffled = items[:]
    random.Random(seed).shuffle(shuffled)
    assert find_similar_pairs(shuffled, 0.2) == expected
    assert candidate_pairs(shuffled) == candidate_pairs(items)


# --------------------------------------------------------------------- groups

TEXT_A = "Øge antallet af studerende til 10.000"
TEXT_B = "10.000 studerende i 2020"


@pytest.mark.parametrize(
    ("groups_a", "groups_b", "paired"),
    [
        pytest.param({"p1"}, {"p1"}, False, id="same-single-plan"),
        pytest.param({"p1"}, {"p2"}, True, id="different-plans"),
        pytest.param({"p1"}, {"p1", "p2"}, True, id="overlapping-plan-sets"),
        pytest.param({"p1", "p2"}, {"p1", "p2"}, True, id="same-multi-plan-set"),
        pytest.param(set(), {"p1"}, False, id="one-empty"),
        pytest.param(set(), set(), False, id="both-empty"),
    ],
)
def test_group_rule(groups_a: set[str], groups_b: set[str], paired: bool) -> None:
    items = [TextItem("a", TEXT_A, frozenset(groups_a)), TextItem("b", TEXT_B, frozenset(groups_b))]
    assert bool(find_similar_pairs(items, 0.3)) is paired
    assert bool(candidate_pairs(items)) is paired


def test_group_rule_does_not_waste_top_k() -> None:
    # Many near-copies in the same plan must not push out the one pair from another plan.
    same_plan = [TextItem(f"s{i:02d}", TEXT_A, frozenset({"p1"})) for i in range(30)]
    other = TextItem("z", TEXT_B, frozenset({"p2"}))
    found = find_similar_pairs([*same_plan, other], 0.3, top_k=2)
    assert found and all(p.b == "z" for p in found)


# ------------------------------------------------------------ labelled quality


@pytest.mark.parametrize(("split", "kind"), sorted(QUALITY_FLOORS), ids=lambda v: str(v))
def test_labelled_pairs_quality(split: str, kind: str) -> None:
    rows = split_rows(read_labelled_pairs(PAIRS_CSV), split)
    result = evaluate_pairs(rows, DEFAULT_THRESHOLDS)[kind]
    assert result["precision"] >= QUALITY_FLOORS[(split, kind)]["precision"], result
    assert result["recall"] >= QUALITY_FLOORS[(split, kind)]["recall"], result


def test_labelled_set_is_balanced_and_split() -> None:
    rows = read_labelled_pairs(PAIRS_CSV)
    assert len(rows) >= 200
    assert all(r["note"].strip() for r in rows), "every pair names its source or pattern"
    positives = sum(r["duplicate"] == "1" for r in rows)
    assert 0.35 <= positives / len(rows) <= 0.65
    assert {r["kind"] for r in rows} == {"goal", "initiative"}
    assert {r["split"] for r in rows} == {"dev", "held"}
    for kind in ("goal", "initiative"):
        for label in ("0", "1"):
            stratum = [r["split"] for r in rows if r["kind"] == kind and r["duplicate"] == label]
            assert abs(stratum.count("dev") - stratum.count("held")) <= 1, (kind, label)
    pairs = [(r["kind"], r["text_a"], r["text_b"]) for r in rows]
    assert len(set(pairs)) == len(pairs)


def test_labelled_split_follows_the_hash_rule_per_batch() -> None:
    """Within one batch and one kind × label stratum, rows sorted by sha256("kind|text_a|text_b") alternate dev, held.

    A batch is a set of pairs written at one time; a later batch is split on its own, so adding pairs never
    moves a pair of an earlier batch from the held half into the development half (or back).
    """
    rows = read_labelled_pairs(PAIRS_CSV)
    assert {r["batch"] for r in rows} >= {"1", "2", "3"}
    strata: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for r in rows:
        strata.setdefault((r["batch"], r["kind"], r["duplicate"]), []).append(r)
    for key, stratum in strata.items():
        ordered = sorted(stratum, key=lambda r: sha256(f"{r['kind']}|{r['text_a']}|{r['text_b']}".encode()).hexdigest())
        assert [r["split"] for r in ordered] == ["dev" if i % 2 == 0 else "held" for i in range(len(ordered))], key


# ------------------------------------------------- meaning fixes from batch 3's dev half
# Each a general cause found in the development half's misses of batch 3 (session 9), tested on its own
# small example (none is a labelled pair).


# --------------------------------------------------------------------- scale

_SUBJECTS = """energi klima sundheds skole erhvervs turisme kultur idræts bolig trafik cykel
natur vand affalds fritids ungdoms ældre børne social forsknings iværksætter data fiber
havne vind sol biogas landbrugs kunst musik biblioteks""".split()
_HEADS = "virksomheder pladser boliger centre netværk uddannelser ruter tilbud ordninger puljer".split()
_PLACES = "Esbjerg Ribe Bramming Gørding Tjæreborg Varde Horsens Vejle Kolding Grindsted Billund".split()
_FRAMES = [
    "Øge antallet af {s} i {p} til {n}",
    "Flere {s} i {p} frem mod {y}",
    "{n} {s} i {p} i {y}",
    "Styrke {s} i {p}",
    "Udbygning af {s} i {p}",
]


def _synthetic(n: int, seed: int = 7) -> list[TextItem]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        text = rng.choice(_FRAMES).format(
            s=rng.choice(_SUBJECTS) + rng.choice(_HEADS),
            p=rng.choice(_PLACES),
            n=f"{rng.randint(1, 120) * 1000:,}".replace(",", "."),
            y=rng.randint(2020, 2035),
        )
        items.append(TextItem(f"ex:g{i:05d}", text, frozenset({f"ex:plan{i % 60}"})))
    return items


@pytest.mark.slow  # 23 s on a loaded 2-core machine
def test_candidate_generation_is_not_all_pairs() -> None:
    n, top_k = 3_000, 10
    items = _synthetic(n)
    stats: dict[str, int] = {}
    cands = candidate_pairs(items, top_k=top_k, stats=stats)
    all_pairs = n * (n - 1) // 2
    assert stats["candidate_pairs"] == len(cands) <= n * top_k
    assert stats["exact_comparisons"] <= n * SHORTLIST_FACTOR * top_k
    assert stats["exact_comparisons"] < all_pairs / 50
    assert stats["postings_touched"] < all_pairs / 5


_SYLLABLES = [c + v for c in "bdfgklmnprstv" for v in "aeiou"]


def _dense(n: int, seed: int = 3) -> list[TextItem]:
    """``n`` texts of three words from a vocabulary of 30, each with a made-up place of its own.

    The shape of ``benchmarks/shapes.py``'s spreadsheet rows, denser: each word is in
    about n/10 texts, so the posting lists under the common keys grow with ``n``.
    """
    rng = random.Random(seed)
    words = [rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + "ning" for _ in range(30)]
    items = []
    for i in range(n):
        place = "".join(_SYLLABLES[(i // 65**k) % 65] for k in range(3)).capitalize()
        items.append(TextItem(f"ex:g{i:05d}", f"{' '.join(rng.sample(words, 3))} i {place}", frozenset({f"p{i % 60}"})))
    return items


def test_candidate_work_per_text_is_bounded_whatever_the_corpus_size() -> None:
    """The caps keep the duplicate search linear: per text at most 13 keys × MAX_POSTING posting entries and
    SHORTLIST_FACTOR × top_k exact cosines, at 1,500 and 6,000 texts, on a corpus where the whole posting
    lists would grow with the corpus (counted, not timed). Without MAX_POSTING, 6,000 texts would visit
    ~1,900 entries each, past the bound."""
    from alignment.similarity.index import _postings
    from alignment.similarity.vectors import _prepare

    top_k, keys_per_text = 10, KEY_WORD_FEATURES + KEY_CHAR_FEATURES
    uncapped_per_text = {}
    for n in (1_500, 6_000):
        items = _dense(n)
        stats: dict[str, int] = {}
        assert len(candidate_pairs(items, top_k=top_k, stats=stats)) == stats["candidate_pairs"] <= n * top_k
        assert stats["postings_touched"] <= n * keys_per_text * MAX_POSTING
        assert stats["exact_comparisons"] <= n * SHORTLIST_FACTOR * top_k
        assert stats["dropped_keys"] > 0
        # what the same keys would visit without the cap: every text's keys' whole posting lists
        prep = _prepare(items)
        postings = _postings(prep)
        offsets, key_ids = prep.key_offsets, prep.key_ids
        uncapped = sum(len(postings[f][0]) for t in prep.text_of for f in key_ids[offsets[t] : offsets[t + 1]])
        uncapped_per_text[n] = uncapped / n
        assert stats["postings_touched"] < uncapped
    # the uncapped work per text grows with the corpus (quadratic in all) and passes the cap's bound
    assert uncapped_per_text[6_000] > 3 * uncapped_per_text[1_500]
    assert uncapped_per_text[6_000] > keys_per_text * MAX_POSTING


# ------------------------------------------------------------- fast paths


def _reference_vector(doc, idf) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The plain-loop formula the fast vectoriser must reproduce."""
    import math

    from alignment.similarity import WORD_WEIGHT

    vec: dict[str, float] = {}
    for part, scale in ((doc.words, math.sqrt(WORD_WEIGHT)), (doc.chars, math.sqrt(1 - WORD_WEIGHT))):
        raw = {f: (1.0 + math.log(c)) * idf[f] for f, c in part.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        if norm > 0.0:
            vec.update({f: scale * v / norm for f, v in raw.items() if v > 0.0})
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {f: v / norm for f, v in vec.items()} if norm > 0 else {}


def test_fast_vectors_and_keys_match_reference() -> None:
    from alignment.similarity.features import _analyse, _vocabulary
    from alignment.similarity.index import _blocking_keys
    from alignment.similarity.vectors import _prepare

    items = [
        *_labelled_items("goal"),
        TextItem("r1", "Flere flere borgere, flere job og flere virksomheder", frozenset({"p"})),
        TextItem("r2", "Skole skole skolen", frozenset({"q"})),
        TextItem("r3", "og i til", frozenset({"q"})),
    ]
    prep = _prepare(items)
    idf = dict(zip(prep.names, prep.idf))
    vocabulary = _vocabulary({t for it in items for t in normalize(it.text)})
    for i, item in enumerate(prep.items):
        # the reference analyses the text again, by feature name (the fast path numbers features)
        doc = _analyse(tuple(normalize(item.text)), vocabulary, {})
        ref = _reference_vector(doc, idf)
        vec, keys = prep.vector(i), prep.keys(i)
        assert list(vec) == list(ref)
        assert all(abs(vec[f] - ref[f]) < 1e-12 for f in ref)
        assert [f for f, _ in keys] == _blocking_keys(vec)
        assert all(w == vec[f] for f, w in keys)
        assert prep.aims[prep.text_of[i]] == doc.aim


def test_the_explanation_of_two_paragraphs_never_aligns_them_word_by_word(monkeypatch):
    """Regression: matched_words aligned every unit of one text with every unit of the other, with no bound,
    so two pasted paragraphs of 62,000 words each never finished (the score already skips them)."""
    from alignment.similarity import meaning

    thesaurus = meaning.shipped_thesaurus()
    a = meaning.analyse_meaning(" ".join(f"borgere{i % 7} skoler cykelstier" for i in range(200)), thesaurus)
    b = meaning.analyse_meaning(" ".join(f"borgere{i % 5} skoler boliger" for i in range(200)), thesaurus)
    assert len(a.units) > meaning.MAX_UNITS

    def refused(*args):
        raise AssertionError("aligned unit by unit")

    monkeypatch.setattr(meaning, "_align", refused)
    words = meaning.matched_words(a, b, thesaurus)
    assert ("skoler", "skoler", "same word") in words and len(words) <= meaning.MAX_UNITS
    assert not any(x == "cykelstier" for x, _, _ in words)  # b has no cykelstier


@pytest.mark.parametrize("copies", [2, 100, 101, 102, 1_000], ids=lambda n: f"{n}-copies")
def test_one_text_written_many_times_is_one_cluster_of_duplicates_however_often(copies):
    """Regression: a text written more than 100 times had every blocking key dropped, so its items had no
    candidates: 100 identical goals in two plans were 900 duplicates, 102 were none."""
    import networkx as nx

    items = [TextItem(f"ex:g{i}", "Flere borgere i kommunen", frozenset({f"ex:p{i % 2}"})) for i in range(copies)]
    pairs = find_similar_pairs(items, 0.42)
    assert pairs and all(p.score == 1.0 for p in pairs)
    linked = nx.Graph((p.a, p.b) for p in pairs)
    assert linked.number_of_nodes() == copies and nx.number_connected_components(linked) == 1
    assert len(pairs) <= 2 * 10 * copies  # at most top_k each way: linear, not all pairs
