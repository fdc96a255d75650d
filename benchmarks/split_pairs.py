"""Fill the ``split`` column of the labelled pairs by the hash rule (never by hand).

Within one ``batch`` and one kind × label stratum, the rows sorted by
sha256 of ``kind|text_a|text_b`` alternate dev, held (the rule that
``tests/test_similarity.py::test_labelled_split_follows_the_hash_rule_per_batch``
checks). Rows that already have a split are checked, not changed: a row of an
earlier batch never moves between the halves. Rows are written back in their order.

Run:  python benchmarks/split_pairs.py [pairs.csv]
"""

from __future__ import annotations

import csv
import sys
from hashlib import sha256
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT / "tests" / "data" / "similarity" / "pairs.csv"


def _key(row: dict[str, str]) -> str:
    return sha256(f"{row['kind']}|{row['text_a']}|{row['text_b']}".encode()).hexdigest()


def fill_splits(rows: list[dict[str, str]]) -> int:
    """Set the split of each row without one; return how many were set. A wrong existing split is a ValueError."""
    strata: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for r in rows:
        strata.setdefault((r["batch"], r["kind"], r["duplicate"]), []).append(r)
    filled = 0
    for key, stratum in sorted(strata.items()):
        for i, r in enumerate(sorted(stratum, key=_key)):
            want = "dev" if i % 2 == 0 else "held"
            if not r.get("split"):
                r["split"] = want
                filled += 1
            elif r["split"] != want:
                raise ValueError(f"{key}: {r['text_a']!r} | {r['text_b']!r} is {r['split']}, the rule says {want}")
    return filled


def main(path: Path = DEFAULT_CSV) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or ())
        rows = list(reader)
    filled = fill_splits(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path}: {len(rows)} rows, {filled} splits filled")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_CSV)
