"""Benchmark the full analysis, stage by stage, on the embedded store and on rdflib, in one run.

    python benchmarks/run.py S M            # sizes to run (generated on first use)
    python benchmarks/run.py L --skip-rdflib --commands analyze

Each engine runs in its own process, so the peak memory (max RSS) of one does not
hide in the other. Stages: load, context (labels, plan membership), each rule
family (overlap, duplicates = text similarity, conflict, coverage), summary. Then
the end-to-end commands as a user runs them: `analyze`, `report` and `graph`.
Prints a Markdown table; figures go into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(engine: str, path: str) -> None:
    """Run every stage in this process and print one JSON object of timings."""
    sys.path.insert(0, str(ROOT))
    os.environ["STRATALIGN_JOBS"] = "1"  # stage by stage in one process: each figure is that stage alone
    from alignment.analyze import _counts, _overview
    from alignment.config import Config
    from alignment.context import Context
    from alignment.rules import LATE_RULES, RULES
    from alignment.rules.duplicates import compare_texts, provide_pairs
    from ontology.loaders import load_model
    from ontology.store import OxigraphStore, RdflibStore

    stages: list[dict] = []

    def stage(name: str, func):
        start = time.perf_counter()
        value = func()
        stages.append(
            {"stage": name, "seconds": round(time.perf_counter() - start, 3), "peak_rss_mib": round(_rss_mib())}
        )
        return value

    store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    model = stage("load", lambda: load_model([path], store=store))
    ctx = stage("context", lambda: Context.build(model.store, Config()))

    def similarity() -> int:
        pairs = compare_texts(ctx)
        provide_pairs(ctx, pairs)  # the duplicate rules below collect these
        return sum(len(found) for found in pairs.values())

    stage("similarity (texts of goals and initiatives)", similarity)
    findings: list = []
    families: dict[str, list] = {}
    for _kind, rule in RULES.items():
        families.setdefault(rule.__module__.rsplit(".", 1)[-1], []).append(rule)
    for family, rules in families.items():
        name = "duplicates (same target; findings)" if family == "duplicates" else family
        stage(name, lambda rules=rules: [findings.extend(rule(ctx)) for rule in rules])
    stage("overlap (shared-indicator)", lambda: [findings.extend(rule(ctx, findings)) for rule in LATE_RULES.values()])
    stage("summary (coverage, progress)", lambda: {**_overview(ctx), "findings": _counts(findings)})
    items = sum(1 for item in ctx.select("goal-texts").values("element"))
    total = round(sum(s["seconds"] for s in stages), 3)
    print(
        json.dumps(
            {
                "engine": engine,
                "triples": len(store),
                "texts": items,
                "findings": len(findings),
                "total": total,
                "stages": stages,
            }
        )
    )


def _tree_pss_kib(pid: int) -> int:
    """The proportional memory (PSS) of a process and all its descendants now, in KiB (Linux /proc).

    PSS splits each page shared between processes (libraries, or a forked
    child's inherited pages) among them, so the sum is what the tree really uses.
    """
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            total += sum(_tree_pss_kib(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total


def _timed(command: list[str], timeout: float) -> dict:
    """Wall time and peak memory of one child process.

    ``peak_rss_mib`` is the largest single process (os.wait4: the child or a
    worker it started); ``tree_pss_mib`` the largest proportional sum over the
    child and its workers, sampled every 0.25 s.
    """
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, text=True)
        tree_peak = 0
        next_sample = start
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                return {"seconds": None, "timeout": timeout}
            if time.perf_counter() >= next_sample:  # reading smaps is not free: 4 times a second
                tree_peak = max(tree_peak, _tree_pss_kib(process.pid))
                next_sample = time.perf_counter() + 0.25
            time.sleep(0.02)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": round(wall, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024),
            "tree_pss_mib": round(tree_peak / 1024),
            "code": process.returncode,
            "stdout": out.read(),
            "stderr": err.read()[-500:],
        }


def corpus(size: str) -> Path:
    path = DATA / f"national-{size}.nt"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), size, "-o", str(path)], check=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["S", "M"])
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--skip-rdflib", action="store_true", help="Do not run the rdflib baseline.")
    parser.add_argument("--skip-stages", action="store_true", help="Only the end-to-end commands (no stage tables).")
    parser.add_argument(
        "--rdflib-timeout", type=float, default=1200, help="Seconds before the rdflib run is abandoned."
    )
    parser.add_argument(
        "--commands", default="analyze,report,graph", help="End-to-end commands to time (comma-separated)."
    )
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0
    _compile_bytecode()
    exe = [sys.executable, "-m", "stratalign.cli"]
    rows = []
    for size in args.sizes:
        path = corpus(size)
        result = {"size": size}
        for engine in ("oxigraph", "rdflib"):
            if args.skip_stages or (engine == "rdflib" and args.skip_rdflib):
                continue
            timeout = args.rdflib_timeout if engine == "rdflib" else 3600
            run = _timed([sys.executable, str(Path(__file__)), "--worker", engine, str(path)], timeout)
            if run.get("code") == 0:
                result[engine] = json.loads(run["stdout"])
            else:
                result[engine] = {
                    "error": run.get("stderr") or f"did not finish within {timeout:.0f} s",
                    "timeout": run.get("timeout"),
                }
            if run.get("code") == 0:
                result[engine]["peak_rss_mib"] = run["peak_rss_mib"]
        commands = {
            "analyze": ["--format", "json", "-o", os.devnull],
            "report": ["-o", str(DATA / f"report-{size}.html")],
            "graph": ["--view", "coverage", "-o", str(DATA / f"graph-{size}.html")],
        }
        for command in args.commands.split(","):
            result[command] = _timed(exe + [command, str(path), *commands[command]], 3600)
        rows.append(result)
        _print(result)
    (DATA / f"results-{'-'.join(args.sizes)}.json").write_text(
        json.dumps(rows, indent=2, default=str), encoding="utf-8"
    )
    return 0


def _compile_bytecode() -> None:
    """Compile stratalign's modules to bytecode first, as ``pip install`` does: a user's command never compiles them.

    An editable install in an environment with ``PYTHONDONTWRITEBYTECODE`` set
    (CI images, containers: this machine) would otherwise compile every module
    in every timed run, and the text worker its own again (about 0.1 s of M's ``analyze``).
    """
    import compileall

    for package in ("ontology", "alignment", "graphs", "reports"):
        compileall.compile_dir(ROOT / package, quiet=1)


def _print(result: dict) -> None:
    ox, rd = result.get("oxigraph", {}), result.get("rdflib", {})
    print(
        f"\n## Size {result['size']}: {ox.get('triples', '?')} triples, {ox.get('texts', '?')} goal and initiative texts, "
        f"{ox.get('findings', '?')} findings\n"
    )
    print("| stage | oxigraph s | rdflib s | ratio | peak RSS MiB (oxigraph / rdflib) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rd_stages = {s["stage"]: s for s in rd.get("stages", [])}
    for s in ox.get("stages", []):
        other = rd_stages.get(s["stage"], {})
        ratio = f"{other['seconds'] / s['seconds']:.1f}×" if other.get("seconds") and s["seconds"] else "–"
        print(
            f"| {s['stage']} | {s['seconds']} | {other.get('seconds', '–')} | {ratio} | {s['peak_rss_mib']} / {other.get('peak_rss_mib', '–')} |"
        )
    if ox.get("total") and rd.get("total"):
        print(
            f"| **all stages** | **{ox['total']}** | **{rd['total']}** | **{rd['total'] / ox['total']:.1f}×** | {ox.get('peak_rss_mib')} / {rd.get('peak_rss_mib')} |"
        )
    elif rd.get("timeout") and ox.get("total"):
        print(
            f"| **all stages** | **{ox['total']}** | **> {rd['timeout']:.0f}** (stopped) | **> {rd['timeout'] / ox['total']:.0f}×** | {ox.get('peak_rss_mib')} / – |"
        )
    elif "error" in rd:
        print(f"| rdflib | | {rd['error'][:80]} | | |")
    for command in ("analyze", "report", "graph"):
        if command not in result:
            continue
        run = result.get(command, {})
        state = "" if run.get("code") == 0 else f" (exit {run.get('code')}: {run.get('stderr', '')[-120:].strip()})"
        print(
            f"\n`stratalign {command}` end to end: {run.get('seconds')} s wall, peak RSS {run.get('peak_rss_mib')} MiB"
            f" (all its processes together, PSS: {run.get('tree_pss_mib')} MiB){state}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
