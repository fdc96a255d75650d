"""Time the influence analysis alone on a corpus: the edge query, the network analysis, the section, the rule.

    python benchmarks/generate.py M --influences 10 -o M-inf.nt
    python benchmarks/influence.py M-inf.nt

Prints each stage's wall time in seconds and the sizes (edges, pairs, loops, findings).
"""

from __future__ import annotations

import sys
import time

from alignment import Config, analyse_influences
from alignment.context import Context
from alignment.influence.section import influence_section
from alignment.rules.conflict import negative_contribution
from ontology.loaders import load_model


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    model = load_model(argv[:1])
    print(f"load {time.perf_counter() - start:.2f} s")
    t = time.perf_counter()
    ctx = Context.build(model.store, Config(), "da")
    print(f"context {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    edges = ctx.influence_edges  # as in analyze: read once, for the section and negative-contribution
    print(f"influence_edges {time.perf_counter() - t:.2f} s ({len(edges):,} edges)")
    t = time.perf_counter()
    net = analyse_influences(edges)
    loops = len(net["loops"]["reinforcing"]) + len(net["loops"]["counteracting"])
    print(f"analyse_influences {time.perf_counter() - t:.2f} s ({len(net['pairs']):,} pairs, {loops} loops)")
    t = time.perf_counter()
    influence_section(ctx, edges)
    print(f"influence_section (given the edges) {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    found = negative_contribution(ctx)
    print(f"negative-contribution (given the edges) {time.perf_counter() - t:.2f} s ({len(found):,} findings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
