"""Measure the quality of duplicate detection on the labelled Danish pairs.

The script reads ``tests/data/similarity/pairs.csv`` (or the CSV named on the
command line) and scores it the way a real run would:

1. All texts of one kind go into one corpus, each text in its own plan.
2. ``find_similar_pairs`` runs on that corpus with threshold 0 and a large
   ``top_k``.
3. A labelled pair counts as predicted-positive if its score is at or above
   the threshold.

The script prints the precision, recall and F1 per kind at
``DEFAULT_THRESHOLDS``, then a threshold sweep, then the misclassified pairs.
``tests/test_similarity.py`` uses the same function,
:func:`alignment.similarity.evaluate_pairs`.

Run:  PYTHONPATH=. python benchmarks/similarity_eval.py [pairs.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alignment.similarity import (  # noqa: E402
    DEFAULT_THRESHOLDS,
    evaluate_pairs,
    read_labelled_pairs,
    score_labelled_pairs,
)

DEFAULT_CSV = ROOT / "tests" / "data" / "similarity" / "pairs.csv"
SWEEP = (0.30, 0.35, 0.40, 0.42, 0.45, 0.50, 0.55, 0.60)


def main(path: Path = DEFAULT_CSV) -> dict[str, dict[str, float]]:
    rows = read_labelled_pairs(path)
    scores = score_labelled_pairs(rows)
    result = evaluate_pairs(rows, DEFAULT_THRESHOLDS, scores=scores)
    print(f"labelled pairs: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"{'kind':<11} {'thr':>5} {'n':>4} {'pos':>4} {'tp':>3} {'fp':>3} {'fn':>3} "
          f"{'precision':>9} {'recall':>7} {'f1':>6}")
    for kind, r in result.items():
        print(f"{kind:<11} {DEFAULT_THRESHOLDS[kind]:>5.2f} {r['n']:>4} {r['tp'] + r['fn']:>4} "
              f"{r['tp']:>3} {r['fp']:>3} {r['fn']:>3} "
              f"{r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}")
    print("\nthreshold sweep (same threshold for every kind):")
    print(f"{'thr':>5}  " + "  ".join(f"{k + ' P/R/F1':>22}" for k in result))
    for t in SWEEP:
        swept = evaluate_pairs(rows, {k: t for k in result}, scores=scores)
        cells = [f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1']:.2f}" for r in swept.values()]
        print(f"{t:>5.2f}  " + "  ".join(f"{c:>22}" for c in cells))
    print("\nmisclassified at the default thresholds:")
    for row, score in zip(rows, scores):
        gold = row["duplicate"].strip() == "1"
        pred = score >= DEFAULT_THRESHOLDS[row["kind"]]
        if gold != pred:
            tag = "FN" if gold else "FP"
            print(f"  {tag} {row['kind']:<10} {score:.3f}  {row['text_a']!r} | {row['text_b']!r}")
    return result


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_CSV)
