"""Scale benchmark for :func:`alignment.similarity.find_similar_pairs`.

This script generates a deterministic synthetic corpus of Danish
municipal-goal texts for N = 1,000, 3,000, 10,000 and 30,000. About 20 % of
the texts are near-duplicate variants of an earlier text, placed in another
plan. The variants differ in:

* case
* number format ("120.000", "120000", "120 000")
* synonyms (borgere/indbyggere, virksomheder/firmaer, øge/forøge)
* word order
* an extra phrase

For each N the script prints:

* the wall time
* the number of exact cosines computed
* the number of candidate pairs kept (top-k)
* the number of posting entries touched
* the pairs found at the default goal threshold
* the share of planted variants that were found

It then prints the growth factors against N, which are near-linear rather
than quadratic.

Run:  PYTHONPATH=. python benchmarks/similarity_scale.py [N ...]

``--rows [N ...]`` runs the step instead on the goal and initiative texts of
``shapes.py``'s ``csv-rows`` shape at N rows (default 10,000 / 30,000 / 100,000),
each text grouped by its row's ``plan`` (a strategy of 50 rows), and prints the
work per text: posting entries touched and exact cosines, against the caps
(13 keys × ``MAX_POSTING``, ``SHORTLIST_FACTOR`` × top_k).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alignment.similarity import DEFAULT_THRESHOLDS, TextItem, find_similar_pairs  # noqa: E402

SEED = 20240601
SIZES = (1_000, 3_000, 10_000, 30_000)

_MODIFIERS = """energi klima sundheds skole erhvervs turisme kultur idræts bolig trafik
cykel natur vand affalds fritids ungdoms ældre handicap børne familie social
forsknings iværksætter data fiber havne offshore vind sol biogas landbrugs
fødevare detail kunst musik biblioteks museums sprog integrations bosætnings
beskæftigelses psykiatri rehabiliterings forebyggelses velfærds digitaliserings
innovations byudviklings landdistrikts kyst strand skov park frivillig
sommerhus camping lystbåde krydstogt golf svømme friluft eliteidræts
""".split()
_HEADS = """virksomheder arbejdspladser tilbud indsatser projekter pladser boliger
centre klynger netværk partnerskaber uddannelser ruter områder faciliteter
arrangementer ordninger løsninger initiativer forløb puljer medarbejdere
foreninger events hold anlæg stier grunde haller huse
""".split()
_PLACES_BASE = """Esbjerg Ribe Bramming Gørding Tjæreborg Varde Horsens Vejle Kolding
Grindsted Billund Ølgod Tarm Skjern Ringkøbing Holsted Vejen Brørup Agerbæk
Hjerting Sædding Jerne Hostrup Guldager Andrup Kvaglund Bryndum Vester Nørre
Brande Give Egtved Jelling Hedensted Juelsminde Odder Skanderborg Silkeborg
""".split()
_PLACE_PREFIX = ["", "Nørre ", "Sønder ", "Vester ", "Øster ", "Store ", "Lille "]
_GROUPS = """unge ældre børnefamilier pendlere studerende seniorer tilflyttere
ledige nyuddannede lærlinge pårørende frivillige turister iværksættere
landmænd fiskere kunstnere sygeplejersker pædagoger lærere ingeniører
""".split()
_SYNONYMS = [
    ("borgere", "indbyggere"),
    ("virksomheder", "firmaer"),
    ("Øge", "Forøge"),
    ("studerende", "studenter"),
    ("Flere", "Et større antal"),
]
_TEMPLATES = [
    "Øge antallet af {subj} for {group} i {place} til {num}",
    "Flere {subj} til {group} i {place} frem mod {year}",
    "{num} {subj} i {place} i {year}",
    "Antallet af {subj} skal fordobles i {place} inden {year}",
    "Styrke {subj} for {group} i {place}",
    "Etablering af nye {subj} til {group} ved {place}",
    "Alle {group} i {place} skal have adgang til {subj}",
    "Udbygning af {subj} i {place} og omegn",
    "{place} skal være kendt for sine {subj}",
    "Flere virksomheder inden for {subj} i {place}",
    "Færre ventetider på {subj} for {group} i {place}",
    "Øge andelen af borgere, der bruger {subj} i {place}, til {pct} pct.",
]


def _number(rng: random.Random) -> int:
    return rng.choice([rng.randint(10, 99) * 100, rng.randint(1, 150) * 1000, rng.randint(100, 999)])


def _fmt(n: int, style: int) -> str:
    if n < 1000:
        return str(n)
    s = f"{n:,}"
    return (s.replace(",", "."), s.replace(",", ""), s.replace(",", " "))[style % 3]


def _base_text(rng: random.Random, places: list[str]) -> tuple[str, dict[str, object]]:
    slots: dict[str, object] = {
        "subj": rng.choice(_MODIFIERS) + rng.choice(_HEADS),
        "place": rng.choice(places),
        "group": rng.choice(_GROUPS),
        "num": _number(rng),
        "year": rng.randint(2020, 2035),
        "pct": rng.randint(5, 95),
        "template": rng.randrange(len(_TEMPLATES)),
    }
    return _render(slots, rng.randrange(3)), slots


def _render(slots: dict[str, object], style: int) -> str:
    template = _TEMPLATES[int(slots["template"])]  # type: ignore[arg-type]
    return template.format(
        subj=slots["subj"],
        place=slots["place"],
        num=_fmt(int(slots["num"]), style),  # type: ignore[arg-type]
        year=slots["year"],
        pct=slots["pct"],
        group=slots["group"],
    )


def _variant(rng: random.Random, slots: dict[str, object]) -> str:
    text = _render(slots, rng.randrange(3))
    for a, b in _SYNONYMS:
        if a in text and rng.random() < 0.7:
            text = text.replace(a, b)
    r = rng.random()
    if r < 0.25:
        text = text.lower()
    elif r < 0.5:
        text = "Kommunen vil " + text[0].lower() + text[1:]
    elif r < 0.75:
        text = text + f" frem mod {slots['year']}"
    else:
        words = text.split()
        if len(words) > 4:
            k = rng.randrange(2, len(words) - 1)
            text = " ".join(words[k:] + words[:k])
    return text


def synthetic_corpus(n: int, seed: int = SEED) -> tuple[list[TextItem], list[tuple[str, str]]]:
    """Return ``n`` goal items and the (base, variant) key pairs planted among them."""
    rng = random.Random(seed)
    places = [p + b for p in _PLACE_PREFIX for b in _PLACES_BASE]
    n_plans = max(2, n // 40)
    items: list[TextItem] = []
    slots_of: list[dict[str, object]] = []
    planted: list[tuple[str, str]] = []
    for i in range(n):
        key = f"https://example.org/goal/{i:06d}"
        if items and rng.random() < 0.2:
            b = rng.randrange(len(items))
            base = items[b]
            text = _variant(rng, slots_of[b])
            base_plan = int(next(iter(base.groups)).rsplit("/", 1)[1])
            plan = f"https://example.org/plan/{(base_plan + 1 + rng.randrange(n_plans - 1)) % n_plans}"
            slots_of.append(slots_of[b])
            planted.append((base.key, key))
        else:
            text, slots = _base_text(rng, places)
            plan = f"https://example.org/plan/{rng.randrange(n_plans)}"
            slots_of.append(slots)
        items.append(TextItem(key, text, frozenset({plan})))
    return items, planted


def run(sizes: tuple[int, ...] = SIZES) -> list[dict[str, float]]:
    threshold = DEFAULT_THRESHOLDS["goal"]
    rows: list[dict[str, float]] = []
    print(f"threshold={threshold} top_k=10")
    print(
        f"{'N':>7} {'seconds':>8} {'µs/item':>8} {'exact cos':>10} {'candidates':>11} {'cand/N':>7} "
        f"{'touched':>10} {'pairs':>7} {'planted found':>20} {'all-pairs':>12}"
    )
    for n in sizes:
        items, planted = synthetic_corpus(n)
        stats: dict[str, int] = {}
        t0 = time.perf_counter()
        pairs = find_similar_pairs(items, threshold, stats=stats)
        dt = time.perf_counter() - t0
        found = {(p.a, p.b) for p in pairs}
        hit = sum((min(a, b), max(a, b)) in found for a, b in planted)
        row = {
            "n": n,
            "seconds": dt,
            "candidates": stats["candidate_pairs"],
            "exact": stats["exact_comparisons"],
            "touched": stats["postings_touched"],
            "pairs": len(pairs),
            "planted_recall": hit / len(planted) if planted else 1.0,
        }
        rows.append(row)
        print(
            f"{n:>7} {dt:>8.2f} {dt / n * 1e6:>8.0f} {stats['exact_comparisons']:>10} "
            f"{stats['candidate_pairs']:>11} "
            f"{stats['candidate_pairs'] / n:>7.2f} {stats['postings_touched']:>10} {len(pairs):>7} "
            f"{hit:>6}/{len(planted):<6} ({hit / max(1, len(planted)):>4.0%}) {n * (n - 1) // 2:>12}"
        )
    print("growth between consecutive sizes (linear = N ratio, quadratic = N ratio squared):")
    for a, b in zip(rows, rows[1:]):
        ratio = b["n"] / a["n"]
        print(
            f"  {int(a['n']):>6} -> {int(b['n']):>6}: N x{ratio:.1f}, time x{b['seconds'] / a['seconds']:.1f}, "
            f"exact cos x{b['exact'] / a['exact']:.1f}, candidates x{b['candidates'] / a['candidates']:.1f}, "
            f"touched x{b['touched'] / a['touched']:.1f}"
        )
    return rows


def shape_rows(sizes: tuple[int, ...] = (10_000, 30_000, 100_000)) -> list[dict[str, float]]:
    """The step on ``shapes.py``'s spreadsheet rows: CPU time and work per text, goals and initiatives apart."""
    import shapes  # the sibling script (benchmarks/ is on sys.path when this file runs)

    from alignment.similarity import KEY_CHAR_FEATURES, KEY_WORD_FEATURES, MAX_POSTING, SHORTLIST_FACTOR

    print(
        f"caps per text: {(KEY_WORD_FEATURES + KEY_CHAR_FEATURES) * MAX_POSTING} posting entries, "
        f"{SHORTLIST_FACTOR * 10} exact cosines (top_k 10)"
    )
    print(
        f"{'rows':>9} {'kind':<10} {'texts':>7} {'CPU s':>7} {'µs/text':>8} {'touched/text':>13} "
        f"{'exact/text':>11} {'dropped keys':>13} {'pairs':>7}"
    )
    out: list[dict[str, float]] = []
    for n in sizes:
        rows = list(shapes._rows(n))
        for kind in ("goal", "initiative"):
            items = [TextItem(r[0], r[2], frozenset({r[3]})) for r in rows if r[1] == kind]
            stats: dict[str, int] = {}
            t0 = time.process_time()
            pairs = find_similar_pairs(items, DEFAULT_THRESHOLDS[kind], stats=stats)
            cpu = time.process_time() - t0
            m = len(items)
            print(
                f"{n:>9,} {kind:<10} {m:>7,} {cpu:>7.2f} {cpu / m * 1e6:>8.0f} "
                f"{stats['postings_touched'] / m:>13.0f} {stats['exact_comparisons'] / m:>11.1f} "
                f"{stats['dropped_keys']:>13,} {len(pairs):>7,}",
                flush=True,
            )
            out.append({"rows": n, "texts": m, "cpu": cpu, **stats})
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rows"]:
        shape_rows(tuple(int(a) for a in sys.argv[2:]) or (10_000, 30_000, 100_000))
    else:
        run(tuple(int(a) for a in sys.argv[1:]) or SIZES)
