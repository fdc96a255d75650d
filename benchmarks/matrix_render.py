"""How the influence view (``graph --view influence``) draws a large matrix in headless Chromium.

    python benchmarks/matrix_render.py                        # 200 goals x 20 influences, and 1,000 (grouped)
    python benchmarks/matrix_render.py --goals 200 --per-goal 20 --runs 5

The model is generated here: ``--goals`` goals in plans of 20, each scoring ``--per-goal`` other goals
(strengths over the whole scale), so the goal x goal matrix is goals x goals. The page is written as
``stratalign graph --view influence`` writes it and opened from file:// in a fresh page per run.
Measured, median of ``--runs``: the page's size in bytes; time to first drawing (navigation to the end
of the grid script, ``performance.now()`` in the page, and wall time to the ready grid); the time to
jump to the last row (``scrollTop`` to the end, until the last row is drawn), to scroll there a page at
a time (each step drawn before the next), one redraw alone, and to reach the last cell by keyboard (Ctrl+End); and the
largest number of cells in the DOM at once (a 200 x 200 matrix has 40,000).
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
sys.path.append(str(ROOT))

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PLAN_SIZE = 20

#: One step of the page-by-page scroll, in the page: scroll by a screen, wait until drawn (two frames).
_SCROLL_TO_END = """async () => {
  const g = document.querySelector('.sa-grid[data-matrix=goal]');
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  g.scrollTop = 0; await frame();
  let most = 0, steps = 0; const t0 = performance.now();
  while (g.scrollTop < g.scrollHeight - g.clientHeight) {
    g.scrollTop += g.clientHeight - 60; await frame(); steps++;
    most = Math.max(most, g.querySelectorAll('[role=gridcell]').length);
  }
  const paged = performance.now() - t0;
  // the drawing alone, without waiting for frames: ten forced redraws down the grid
  const grid = window.stratalignGrids[0]; let draw = 0;
  for (let i = 0; i < 10; i++) { g.scrollTop = i * (g.scrollHeight / 10); const t = performance.now(); grid.render(true); draw += performance.now() - t; }
  g.scrollTop = 0; await frame();
  const t1 = performance.now(); g.scrollTop = g.scrollHeight; await frame();
  const last = g.querySelector('[role=row][aria-rowindex="' + g.getAttribute('aria-rowcount') + '"]');
  return {paged, steps, most, draw: draw / 10, jump: performance.now() - t1, lastDrawn: !!last};
}"""


def write_model(folder: Path, goals: int, per_goal: int) -> Path:
    """YAML: ``goals`` goals in strategies of PLAN_SIZE, goal i scoring goals i+7, i+14, … (mod goals)."""
    lines = ["stratalign: 1", "base: https://example.org/matrix/", "lang: en", "strategies:"]
    for p in range(0, goals, PLAN_SIZE):
        lines += [f"  - id: plan{p // PLAN_SIZE}", f"    label: Plan {p // PLAN_SIZE}", "    goals:"]
        for i in range(p, min(goals, p + PLAN_SIZE)):
            targets = ", ".join(
                f"{{goal: g{(i + k * 7) % goals}, strength: {(i * 3 + k) % 7 - 3}}}" for k in range(1, per_goal + 1)
            )
            lines.append(f"      - {{id: g{i}, label: Goal {i} of the strategy, influences: [{targets}]}}")
    path = folder / f"matrix-{goals}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, action="append", help="goals (default: 200 and 1,000)")
    parser.add_argument("--per-goal", type=int, default=20, help="scored influences per goal")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from graphs import render_graph
    from ontology.loaders import load_model

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as manager:
        folder = Path(tmp)
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for goals in args.goals or [200, 1000]:
            model = load_model([write_model(folder, goals, args.per_goal)])
            started = time.perf_counter()
            html = render_graph(model, view="influence", lang="en")
            written = time.perf_counter() - started
            page_path = folder / f"matrix-{goals}.html"
            page_path.write_bytes(html.encode("utf-8"))
            size = page_path.stat().st_size
            first, wall, paged, jump, keys, most, draws, steps, shape = [], [], [], [], [], [], [], 0, ""
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                started = time.perf_counter()
                page.goto(page_path.as_uri())
                page.wait_for_selector(".sa-grid[data-ready='1']", state="attached")
                wall.append((time.perf_counter() - started) * 1000)
                first.append(page.evaluate("() => window.stratalignGridsDrawn"))
                shape = page.evaluate(
                    "() => { const g = document.querySelector('.sa-grid[data-matrix=goal]');"
                    " return g.getAttribute('aria-rowcount') + ' x ' + g.getAttribute('aria-colcount'); }"
                )
                done = page.evaluate(_SCROLL_TO_END)
                assert done["lastDrawn"], "the last row was not drawn"
                paged.append(done["paged"])
                jump.append(done["jump"])
                most.append(done["most"])
                draws.append(done["draw"])
                steps = done["steps"]
                page.locator(".sa-grid[data-matrix=goal] [role=gridcell][tabindex='0']").focus()
                started = time.perf_counter()
                page.keyboard.press("Control+End")
                page.wait_for_function(
                    "() => document.activeElement.closest('[role=row]').getAttribute('aria-rowindex')"
                    " === document.querySelector('.sa-grid[data-matrix=goal]').getAttribute('aria-rowcount')"
                )
                keys.append((time.perf_counter() - started) * 1000)
                page.close()
            med = statistics.median
            print(
                f"{goals} goals x {args.per_goal} influences: page {size:,} bytes (written in {written:.2f} s), "
                f"grid {shape} (rows x columns with headers); first drawing {med(first):.0f} ms in the page, "
                f"{med(wall):.0f} ms wall; jump to the last row {med(jump):.0f} ms; page by page to the end "
                f"{med(paged):.0f} ms ({steps} steps, {med(paged) / max(steps, 1):.1f} ms each, two frames included); "
                f"one redraw {med(draws):.1f} ms; Ctrl+End "
                f"{med(keys):.0f} ms; at most {max(most):,} cells in the DOM (median of {args.runs} runs)"
            )
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
