"""CPU time of the graph's projection and of one view's data, default colours against ``--colour progress``.

    python benchmarks/generate.py S --observations 5 -o S-obs.nt
    python benchmarks/graph_colour.py S-obs.nt [--view coverage] [--runs 5]

Best of ``--runs`` (process CPU time, so that other work on a shared machine counts less), after one
load and one analysis: what ``--colour progress`` adds is the status per node, its style key and,
in any view, the tooltip facts of each goal's targets.
"""

from __future__ import annotations

import argparse
import time

from alignment import analyze_model
from graphs import COLOURINGS, VIEWS, project, view_payload
from ontology.loaders import load_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--view", choices=VIEWS, default="coverage")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    model = load_model([args.model])
    analysis = analyze_model(model, lang="da")
    for colour in COLOURINGS:
        projected = drawn = float("inf")
        for _ in range(args.runs):
            start = time.process_time()
            graph = project(model, analysis, lang="da")
            middle = time.process_time()
            view_payload(graph, args.view, colour=colour)
            projected = min(projected, middle - start)
            drawn = min(drawn, time.process_time() - middle)
        print(f"{colour:9} project {projected:.3f} s  view_payload({args.view}) {drawn:.3f} s  ({len(graph):,} nodes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
