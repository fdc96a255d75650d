"""Measure the quality of duplicate detection on the labelled Danish pairs.

The script reads ``tests/data/similarity/pairs.csv`` (or the CSV named on the
command line) and scores it the way a real run would:

1. All texts of one kind go into one corpus, each text in its own plan.
2. ``find_similar_pairs`` runs on that corpus with threshold 0 and a large
   ``top_k``.
3. A labelled pair counts as predicted-positive if its score is at or above
   the threshold.

The set is split once, before any tuning, into a development half and a
held-back half (column ``split``: ``dev``/``held``, stratified by kind and
label: within one ``batch`` of pairs written together and one kind × label, the
rows sorted by sha256 of ``kind|text_a|text_b`` alternate dev, held, so a later
batch never moves an earlier pair between the halves). Each half is scored on its own corpus, so nothing of the held half
reaches the development figures. The script prints the precision, recall and
F1 per kind at ``DEFAULT_THRESHOLDS`` for each half, then a threshold sweep
and the misclassified pairs of the development half only (``--show-held``
lists the held half's too: look at them only after tuning is done).
``tests/test_similarity.py`` uses the same function,
:func:`evaluate_pairs` of this script (the evaluation belongs beside its
benchmark, not in the library).

Run:  PYTHONPATH=. python benchmarks/similarity_eval.py [pairs.csv] [--show-held]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alignment.similarity import DEFAULT_THRESHOLDS, TextItem, find_similar_pairs  # noqa: E402

DEFAULT_CSV = ROOT / "tests" / "data" / "similarity" / "pairs.csv"
SWEEP = (0.30, 0.35, 0.40, 0.42, 0.45, 0.50, 0.55, 0.60)


def read_labelled_pairs(path: str | Path) -> list[dict[str, str]]:
    """Read a labelled pairs CSV with columns ``kind,text_a,text_b,duplicate,split,batch,note``.

    >>> len(read_labelled_pairs(DEFAULT_CSV)) > 100
    True
    """
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_rows(rows: Iterable[Mapping[str, Any]], split: str) -> list[Mapping[str, Any]]:
    """The rows of one half (``dev`` or ``held``); ``all`` gives every row.

    >>> [r["n"] for r in split_rows([{"n": 1, "split": "dev"}, {"n": 2, "split": "held"}], "held")]
    [2]
    """
    return [r for r in rows if split == "all" or r.get("split") == split]


def score_labelled_pairs(rows: Iterable[Mapping[str, Any]], *, top_k: int = 50) -> list[float]:
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
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "n": tp + fp + fn + tn,
        }
    return result


def _table(title: str, result: Mapping[str, Mapping[str, float]]) -> None:
    print(f"\n{title}")
    print(
        f"{'kind':<11} {'thr':>5} {'n':>4} {'pos':>4} {'tp':>3} {'fp':>3} {'fn':>3} "
        f"{'precision':>9} {'recall':>7} {'f1':>6}"
    )
    for kind, r in result.items():
        print(
            f"{kind:<11} {DEFAULT_THRESHOLDS[kind]:>5.2f} {r['n']:>4} {r['tp'] + r['fn']:>4} "
            f"{r['tp']:>3} {r['fp']:>3} {r['fn']:>3} "
            f"{r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}"
        )


def main(path: Path = DEFAULT_CSV, *, show_held: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """Print and return split → kind → figures for ``dev``, ``held`` and ``all`` (and ``<split>/batch <b>``)."""
    rows = read_labelled_pairs(path)
    print(f"labelled pairs: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({len(rows)} rows)")
    results: dict[str, dict[str, dict[str, float]]] = {}
    for split in ("dev", "held", "all"):
        half = split_rows(rows, split)
        scores = score_labelled_pairs(half)
        result = results[split] = evaluate_pairs(half, DEFAULT_THRESHOLDS, scores=scores)
        _table(f"{split} ({len(half)} pairs) at the default thresholds:", result)
        _per_batch(split, half, scores, results)
        if split == "held":
            continue
        if split == "dev":
            print("threshold sweep on dev (same threshold for every kind):")
            print(f"{'thr':>5}  " + "  ".join(f"{k + ' P/R/F1':>22}" for k in result))
            for t in SWEEP:
                swept = evaluate_pairs(half, {k: t for k in result}, scores=scores)
                cells = [f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1']:.2f}" for r in swept.values()]
                print(f"{t:>5.2f}  " + "  ".join(f"{c:>22}" for c in cells))
        if split == "dev":
            _misclassified(split, half, scores)
    if show_held:
        held = split_rows(rows, "held")
        _misclassified("held", held, score_labelled_pairs(held))
    return results


def _per_batch(
    split: str,
    rows: Sequence[Mapping[str, Any]],
    scores: Sequence[float],
    results: dict[str, dict[str, dict[str, float]]],
) -> None:
    """The half's figures per batch, from the scores of the whole half's corpus (``{split}/batch {b}`` in ``results``)."""
    batches = sorted({str(r.get("batch", "")) for r in rows})
    if len(batches) < 2:
        return
    for batch in batches:
        picked = [(r, s) for r, s in zip(rows, scores, strict=True) if str(r.get("batch", "")) == batch]
        result = results[f"{split}/batch {batch}"] = evaluate_pairs(
            [r for r, _ in picked], DEFAULT_THRESHOLDS, scores=[s for _, s in picked]
        )
        _table(f"  {split}, batch {batch} only ({len(picked)} pairs, scored in the whole half):", result)


def _misclassified(split: str, rows: Sequence[Mapping[str, Any]], scores: Sequence[float]) -> None:
    print(f"misclassified on {split} at the default thresholds:")
    for row, score in zip(rows, scores):
        gold = row["duplicate"].strip() == "1"
        pred = score >= DEFAULT_THRESHOLDS[row["kind"]]
        if gold != pred:
            tag = "FN" if gold else "FP"
            print(f"  {tag} {row['kind']:<10} {score:.3f}  {row['text_a']!r} | {row['text_b']!r}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--show-held"]
    main(Path(args[0]).resolve() if args else DEFAULT_CSV, show_held="--show-held" in sys.argv[1:])
