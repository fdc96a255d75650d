"""Precision and recall of `stratalign extract` on the corpus of tests/data/extract/ (answer key
answers.yaml), per element type and per document format (Markdown, text, PDF, DOCX from the project's
own writer and from pandoc).

    .venv/bin/python benchmarks/extract_eval.py

The figures go into the README ("Extracting a draft model"); tests/test_extract.py holds the floors.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from extract_corpus import FORMATS, NAMES, TYPES, answers, render, score  # noqa: E402

from alignment.extract import extract_yaml  # noqa: E402


def main() -> None:
    key = answers()
    print("| format | " + " | ".join(f"{t} P / R" for t in TYPES) + " |")
    print("| --- |" + " ---: |" * len(TYPES))
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            paths = [render(name, fmt, Path(folder)) for name in NAMES]
            model = yaml.safe_load(extract_yaml(paths))
            figures = score(model, key)
            cells = [f"{figures[t]['precision']:.2f} / {figures[t]['recall']:.2f}" for t in TYPES]
            print(f"| {fmt} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
