"""Benchmark the full analysis, stage by stage, on the embedded store and on rdflib, in one run.

    python benchmarks/run.py S M            # sizes to run (generated on first use)
    python benchmarks/run.py L --skip-rdflib

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
    from alignment.analyze import _summary
    from alignment.config import Config
    from alignment.context import Context
    from alignment.rules import LATE_RULES, RULES
    from ontology.loaders import load_model
    from ontology.store import OxigraphStore, RdflibStore

    stages: list[dict] = []

    def stage(name: str, func):
        start = time.perf_counter()
        value = func()
        stages.append({"stage": name, "seconds": round(time.perf_counter() - start, 3), "peak_rss_mib": round(_rss_mib())})
        return value

    store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    model = stage("load", lambda: load_model([path], store=store))
    ctx = stage("context", lambda: Context.build(model.store, Config()))
    findings: list = []
    families: dict[str, list] = {}
    for kind, rule in RULES.items():
        families.setdefault(rule.__module__.rsplit(".", 1)[-1], []).append(rule)
    for family, rules in families.items():
        stage(family, lambda rules=rules: [findings.extend(rule(ctx)) for rule in rules])
    stage("overlap (shared-indicator)", lambda: [findings.extend(rule(ctx, findings)) for rule in LATE_RULES.values()])
    stage("summary", lambda: _summary(ctx, findings))
    total = round(sum(s["seconds"] for s in stages), 3)
    print(json.dumps({"engine": engine, "triples": len(store), "findings": len(findings), "total": total, "stages": stages}))


def _timed(command: list[str], timeout: float) -> dict:
    """Wall time and max RSS of one child process (os.wait4 gives that child's own peak)."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, text=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                return {"seconds": None, "timeout": timeout}
            time.sleep(0.02)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": round(wall, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024),
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
    parser.add_argument("--rdflib-timeout", type=float, default=1200, help="Seconds before the rdflib run is abandoned.")
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0
    exe = [sys.executable, "-m", "alignment.cli"]
    rows = []
    for size in args.sizes:
        path = corpus(size)
        result = {"size": size}
        for engine in ("oxigraph", "rdflib"):
            if engine == "rdflib" and args.skip_rdflib:
                continue
            timeout = args.rdflib_timeout if engine == "rdflib" else 3600
            run = _timed([sys.executable, str(Path(__file__)), "--worker", engine, str(path)], timeout)
            result[engine] = json.loads(run["stdout"]) if run.get("code") == 0 else {"error": run.get("stderr") or f"timeout {timeout}s"}
            if run.get("code") == 0:
                result[engine]["peak_rss_mib"] = run["peak_rss_mib"]
        result["analyze"] = _timed(exe + ["analyze", str(path), "--format", "json", "-o", os.devnull], 3600)
        for command, extra in (("report", ["-o", str(DATA / f"report-{size}.html")]), ("graph", ["--view", "coverage", "-o", str(DATA / f"graph-{size}.html")])):
            result[command] = _timed(exe + [command, str(path), *extra], 3600)
        rows.append(result)
        _print(result)
    (DATA / "results.json").write_text(json.dumps(rows, indent=2, default=str), encoding="utf-8")
    return 0


def _print(result: dict) -> None:
    ox, rd = result.get("oxigraph", {}), result.get("rdflib", {})
    print(f"\n## Size {result['size']}: {ox.get('triples', '?')} triples, {ox.get('findings', '?')} findings\n")
    print("| stage | oxigraph s | rdflib s | ratio | peak RSS MiB (oxigraph / rdflib) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rd_stages = {s["stage"]: s for s in rd.get("stages", [])}
    for s in ox.get("stages", []):
        other = rd_stages.get(s["stage"], {})
        ratio = f"{other['seconds'] / s['seconds']:.1f}×" if other.get("seconds") and s["seconds"] else "–"
        print(f"| {s['stage']} | {s['seconds']} | {other.get('seconds', '–')} | {ratio} | {s['peak_rss_mib']} / {other.get('peak_rss_mib', '–')} |")
    if ox.get("total") and rd.get("total"):
        print(f"| **all stages** | **{ox['total']}** | **{rd['total']}** | **{rd['total'] / ox['total']:.1f}×** | {ox.get('peak_rss_mib')} / {rd.get('peak_rss_mib')} |")
    elif "error" in rd:
        print(f"| rdflib | | {rd['error'][:80]} | | |")
    for command in ("analyze", "report", "graph"):
        run = result.get(command, {})
        state = "" if run.get("code") == 0 else f" (exit {run.get('code')}: {run.get('stderr', '')[-120:].strip()})"
        print(f"\n`stratalign {command}` end to end: {run.get('seconds')} s wall, peak RSS {run.get('peak_rss_mib')} MiB{state}")


if __name__ == "__main__":
    raise SystemExit(main())
