"""How long a graph view takes to draw in headless Chromium (Debian's, via Playwright).

    python benchmarks/graph_render.py                       # overlap view, 5 municipalities (~5,300 elements)
    python benchmarks/graph_render.py --municipalities 2 --view coverage --view overlap

The corpus comes from ``generate.py`` (near-duplicate labels, shared goals and
conflicts, as a national one has); the model is analysed and projected once,
then each view is written as the page ``stratalign graph`` writes and opened
from file:// in a fresh page. The time is from navigation to the view's first
drawing (``data-ready``), the median of ``--runs``; the script prints what was
drawn (elements, nodes and links on the canvas, the level of detail), so a
faster figure cannot hide a view that draws less without saying so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: the code under test is the one the caller names
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def build(municipalities: int, folder: Path) -> Path:
    """Write the synthetic corpus as N-Triples and return its path."""
    from generate import generate  # benchmarks/generate.py

    path = folder / f"corpus-{municipalities}.nt"
    with path.open("w", encoding="utf-8") as out:
        for line in generate(municipalities):
            out.write(line + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=5)
    parser.add_argument("--view", action="append", choices=("coverage", "overlap", "conflicts"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for one drawing")
    args = parser.parse_args(argv)
    views = args.view or ["overlap"]
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from graphs import render_graph
    from ontology.loaders import load_model

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = build(args.municipalities, folder)
        started = time.perf_counter()
        model = load_model([corpus])
        print(f"corpus: {args.municipalities} municipalities, loaded in {time.perf_counter() - started:.1f} s")
        pages = {}
        for view in views:
            started = time.perf_counter()
            html = render_graph(model, view=view, lang="da")
            pages[view] = folder / f"{view}.html"
            pages[view].write_text(html, encoding="utf-8")
            print(f"{view}: page written in {time.perf_counter() - started:.1f} s ({len(html) / 1e6:.1f} MB)")
        with sync_playwright() as manager:
            browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for view, path in pages.items():
                times: list[float] = []
                busy: list[float] = []
                for _ in range(args.runs):
                    page = browser.new_page(viewport={"width": 1280, "height": 860})
                    page.set_default_timeout(args.timeout * 1000)
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    started = time.perf_counter()
                    page.goto(path.as_uri())
                    page.wait_for_selector(".sa-view[data-ready='1']", state="attached", timeout=args.timeout * 1000)
                    times.append(time.perf_counter() - started)
                    # the page's main-thread busy time: on a shared machine wall time also counts waiting for a core
                    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                    busy.append(metrics.get("TaskDuration", float("nan")))
                    drawn = page.evaluate(
                        """() => { const v = window.stratalignViews[0];
                        return [v.data.total, v.renderedCount(), v.network.body.edgeIndices.length, v.mode()]; }"""
                    )
                    page.close()
                total, nodes, edges, mode = drawn
                print(
                    f"{view}: {total} elements, drew {nodes} nodes and {edges} links ({mode}) in "
                    f"{statistics.median(times):.2f} s (median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)}); "
                    f"main thread busy {statistics.median(busy):.2f} s"
                )
            print(
                f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
            )
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
