"""The long fuzzing profile: ≥ 10,000 byte-level mutations per input format, in-process, each under a limit.

    python benchmarks/fuzz_long.py                          # 10,000 cases per format, every format
    python benchmarks/fuzz_long.py --formats ttl,nt --cases 2000 --feed-share 0.05 --keep
    python benchmarks/fuzz_long.py --markdown fuzz.md       # the table for benchmarks/README.md

The seeds are the bundled examples as ``stratalign convert`` writes them in each format
(YAML as written by hand), plus the small files of ``tests/data/rdf`` and ``tests/data/yaml``;
each case is a seed with 0–6 byte flips, cuts, duplications, splices of other seeds and
hostile fragments (``mutate_bytes`` and the fragment lists of ``tests/test_fuzz.py``; an
XLSX case mutates one part of the archive, or the archive's own bytes). Case *i* of a
format is drawn from ``random.Random(f"{seed}/{format}/{i}")``, so any case can be rebuilt.

Every case is read as a user would (``stratalign convert FILE --to nt``, the command line's
own ``main`` run in-process); an accepted case (exit 0) is fed on to ``analyze``,
``validate``, ``report``, ``graph``, ``convert --to yaml|ttl`` and ``restructure`` when it
falls in ``--feed-share`` (1.0: all of them; the default 0.03 keeps a 10,000-case format
under ~15 minutes on a shared 2-core machine; ``validate`` alone costs ~1 s a model).

A forked worker runs a batch of cases in one process (a fresh interpreter per case would
cost 0.6–1.3 s; a fork ~20 ms) under an address-space limit (``--memory``, default 2 GiB);
each command runs under a ``--timeout`` (default 30 s) raised in the process, and the parent
kills a worker that does not answer within the timeout + 15 s (a hang in native code) and
goes on with the next case. Counted per format: cases, exit codes, exit 3 (a bug), hangs,
other broken invariants (exit 2 not one line naming the file, a signal) and *silent
losses*: for the RDF formats an accepted file whose triples pyoxigraph reads (the same
parser, without the loader's checks) outnumber the triples ``convert --to nt`` wrote, with
no warning on stderr. ``--keep`` writes every failing case to ``tests/data/bad/fuzz-<sha1>.<suffix>``
(``tests/test_fuzz.py::test_fuzz_regressions_hold`` replays them).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import resource
import select
import signal
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.test_fuzz import (  # noqa: E402  the mutation and the invariants the tests use
    FEED,
    HOSTILE_FRAGMENTS,
    RDF_FRAGMENTS,
    RDF_SUFFIXES,
    SEED_BYTES,
    feed_on,
    invoke,
    mutate_bytes,
    problem_of,
    rdf_seeds,
)

SUFFIXES = {"yaml": ".yaml", **RDF_SUFFIXES, "csv": ".csv", "xlsx": ".xlsx"}
LOAD = ("convert", "--to", "nt")
BAD = ROOT / "tests" / "data" / "bad"


class CaseTimeout(BaseException):
    """Raised by the interval timer inside a case; a BaseException, so the CLI's own handlers let it through."""


def seeds_of(fmt: str) -> list[bytes]:
    """The unmutated inputs of ``fmt``."""
    if fmt == "yaml":
        return SEED_BYTES
    if fmt in RDF_SUFFIXES:
        return rdf_seeds(fmt)
    seeds = []
    folder = Path(tempfile.mkdtemp(prefix="fuzz-seeds-"))
    for example in ("esbjerg-2020", "esbjerg-2025", "horsens-2014"):
        out = folder / f"{example}.{fmt}"
        result = invoke("convert", "--example", example, "--to", fmt, "-o", out, "--quiet")
        assert result.exit_code == 0, result.stderr
        seeds.append(out.read_bytes())
        out.unlink()
    folder.rmdir()
    return seeds


def make_case(fmt: str, seeds: list[bytes], rng: random.Random) -> bytes:
    """One mutated input of ``fmt``."""
    fragments = RDF_FRAGMENTS + HOSTILE_FRAGMENTS
    integer, choice = rng.randint, rng.choice
    seed = choice(seeds)
    if fmt != "xlsx" or rng.random() < 0.2:  # an XLSX's own bytes: zip-level corruption
        return mutate_bytes(seed, seeds, fragments, integer, choice)
    source = zipfile.ZipFile(io.BytesIO(seed))
    names = source.namelist()
    sheets = [n for n in names if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]
    target = choice(sheets if rng.random() < 0.7 else names)
    parts = [source.read(n) for n in names]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in zip(names, parts):
            archive.writestr(name, mutate_bytes(body, parts, fragments, integer, choice) if name == target else body)
    return out.getvalue()


def _run(args: list[str], out: Path, err: Path, timeout: float) -> dict:
    """``stratalign ARGS`` in this process, standard output and error to files: {"code": …} or {"timeout": True}."""
    from stratalign.cli import main

    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    for fd, name in ((1, out), (2, err)):
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, fd)
        os.close(handle)
    sys.argv = ["stratalign", *args]
    answer: dict
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        main()
        answer = {"code": 0}
    except SystemExit as done:
        answer = {"code": done.code if isinstance(done.code, int) else (0 if done.code is None else 1)}
    except CaseTimeout:
        answer = {"timeout": True}
    except BaseException as err:  # noqa: BLE001 - anything escaping the CLI is a failure
        answer = {"code": 99, "escaped": type(err).__name__}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
    return answer


def _triples_pyoxigraph(data: bytes, fmt: str) -> int | None:
    """How many triples pyoxigraph itself reads from ``data`` (None: it refuses it)."""
    import pyoxigraph as ox

    formats = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    try:  # distinct triples: convert writes each once (a duplicated line is no loss)
        return len(set(ox.parse(data, format=formats[fmt], base_iri="file:///x")))
    except Exception:  # noqa: BLE001 - any refusal: there is nothing to compare
        return None


def run_case(fmt: str, index: int, content: bytes, folder: Path, feed: bool, timeout: float) -> dict:
    """The case through LOAD (and FEED when ``feed``): its outcome, its problem if any."""
    path = folder / f"case{SUFFIXES[fmt]}"
    path.write_bytes(content)
    out, err = folder / "stdout", folder / "stderr"
    record: dict = {"index": index, "runs": []}
    for step, command in enumerate((LOAD, *(FEED if feed else ()))):
        args = [*feed_on(command, folder), str(path)]
        answer = _run(args, out, err, timeout)
        stderr = err.read_text(encoding="utf-8", errors="replace")
        record["runs"].append(answer.get("code", "timeout"))
        problem = problem_of(answer, stderr, path, timeout)
        if problem and fmt in ("csv", "xlsx") and answer.get("code") == 2 and _rejected_rows(stderr, path):
            problem = None  # the spreadsheet form: a first line, then one line per rejected row
        if problem:
            record["problem"] = f"{' '.join(command)}: {problem}"
            record["kind"] = (
                "hang" if answer.get("timeout") else "exit 3" if answer.get("code") in (3, 99) else "message"
            )
            break
        if step == 0 and answer["code"] == 0 and fmt in RDF_SUFFIXES:
            written = out.read_bytes().count(b"\n")
            read = _triples_pyoxigraph(content, fmt)
            warned = any(line.startswith("stratalign: warning") for line in stderr.splitlines())
            if read is not None and read > written and not warned:
                record["problem"] = f"silent loss: pyoxigraph reads {read} triples, convert wrote {written}, no warning"
                record["kind"] = "silent loss"
                break
        if answer["code"] != 0:
            break
    record["accepted"] = record["runs"][0] == 0
    return record


def _rejected_rows(stderr: str, path: Path) -> bool:
    """``stderr`` is the spreadsheet refusal that lists rejected rows, each line naming the file."""
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("stratalign: skipped:")]
    return (
        bool(lines)
        and "rejected rows below" in lines[0]
        and all(line.startswith((f"stratalign: error: {path}", f"{path}:")) for line in lines)
    )


def worker(
    fmt: str,
    seeds: list[bytes],
    start: int,
    end: int,
    seed: str,
    feed_share: float,
    timeout: float,
    memory: int,
    pipe: int,
) -> None:
    """In a forked child: cases start … end-1, one JSON line each on ``pipe``."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    def alarm(signum, frame):
        raise CaseTimeout()

    signal.signal(signal.SIGALRM, alarm)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-long-"))
    try:
        for index in range(start, end):
            rng = random.Random(f"{seed}/{fmt}/{index}")
            content = make_case(fmt, seeds, rng)
            record = run_case(fmt, index, content, folder, rng.random() < feed_share, timeout)
            if "problem" in record:
                record["sha1"] = hashlib.sha1(content).hexdigest()[:12]
            os.write(pipe, (json.dumps(record) + "\n").encode("utf-8"))
            if record.get("kind") in ("hang", "exit 3"):
                break  # after a timeout or MemoryError the process may be unsound: a fresh worker goes on
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def run_format(
    fmt: str,
    cases: int,
    seed: str,
    feed_share: float,
    timeout: float,
    memory: int,
    keep: bool,
    batch: int = 100,
    progress=None,
) -> dict:
    """All cases of ``fmt`` in forked workers; the counts."""
    seeds = seeds_of(fmt)
    counts: dict = {
        "format": fmt,
        "cases": 0,
        "accepted": 0,
        "fed on": 0,
        "exit 3": 0,
        "hang": 0,
        "message": 0,
        "silent loss": 0,
        "exit codes": {},
        "problems": [],
        "seconds": 0.0,
    }
    started = time.monotonic()
    index = 0
    while index < cases:
        end = min(cases, index + batch)
        batch_start = index
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            code = 0
            try:
                worker(fmt, seeds, index, end, seed, feed_share, timeout, memory, write_end)
            except BaseException:  # noqa: BLE001
                code = 1
            os._exit(code)
        os.close(write_end)
        buffer = b""
        while index < end:
            ready, _, _ = select.select([read_end], [], [], timeout * (len(FEED) + 1) + 15)
            if not ready:  # no answer: a hang the in-process timer could not stop
                os.kill(pid, signal.SIGKILL)
                _count(
                    counts,
                    {
                        "index": index,
                        "runs": ["timeout"],
                        "accepted": False,
                        "kind": "hang",
                        "problem": "no answer (killed)",
                    },
                    fmt,
                    seed,
                    keep,
                    seeds,
                )
                index += 1
                break
            chunk = os.read(read_end, 1 << 16)
            if not chunk:  # the worker ended: after a hang or exit 3, or killed by the memory limit
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                record = json.loads(line)
                _count(counts, record, fmt, seed, keep, seeds)
                index = record["index"] + 1
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
        if index == batch_start or (os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL and index < end):
            # the worker died mid-case without an answer (a segfault, the memory limit in native code)
            how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"worker exit {os.WEXITSTATUS(status)}"
            _count(
                counts,
                {"index": index, "runs": [how], "accepted": False, "kind": "exit 3", "problem": how},
                fmt,
                seed,
                keep,
                seeds,
            )
            index += 1
        if progress:
            progress(counts)
        print(
            f"  {fmt}: {counts['cases']:,}/{cases:,} cases, {counts['accepted']:,} accepted, {counts['fed on']:,} fed on, "
            f"exit 3 {counts['exit 3']}, hangs {counts['hang']}, other {counts['message']}, silent losses {counts['silent loss']}, "
            f"runs {counts['exit codes']}, {time.monotonic() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def _count(counts: dict, record: dict, fmt: str, seed: str, keep: bool, seeds: list[bytes]) -> None:
    counts["cases"] += 1
    counts["accepted"] += bool(record.get("accepted"))
    counts["fed on"] += len(record["runs"]) > 1
    for code in record["runs"]:
        key = str(code)
        counts["exit codes"][key] = counts["exit codes"].get(key, 0) + 1
    kind = record.get("kind")
    if kind:
        counts[kind] += 1
        content = make_case(fmt, seeds, random.Random(f"{seed}/{fmt}/{record['index']}"))
        sha = hashlib.sha1(content).hexdigest()[:12]
        counts["problems"].append(
            {"index": record["index"], "kind": kind, "sha1": sha, "problem": record["problem"][:300]}
        )
        if keep:
            (BAD / f"fuzz-{sha}{SUFFIXES[fmt]}").write_bytes(content)


def markdown(results: list[dict], args: argparse.Namespace) -> str:
    lines = [
        f"`python benchmarks/fuzz_long.py --cases {args.cases} --feed-share {args.feed_share} --timeout {args.timeout:g}` "
        f"(seed `{args.seed}`, memory limit {args.memory >> 20:,} MiB):",
        "",
        "| format | cases | accepted | fed on to every command | exit 3 | hangs | other broken invariants | silent losses | runs | wall s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        runs = sum(r["exit codes"].values())
        loss = f"{r['silent loss']:,}" if r["format"] in RDF_SUFFIXES else "not measured"
        lines.append(
            f"| {r['format']} | {r['cases']:,} | {r['accepted']:,} | {r['fed on']:,} | {r['exit 3']:,} | {r['hang']:,} | "
            f"{r['message']:,} | {loss} | {runs:,} | {r['seconds']:,.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--formats", default=",".join(SUFFIXES), help="comma-separated: " + ", ".join(SUFFIXES))
    parser.add_argument("--cases", type=int, default=10_000, help="cases per format (default 10,000)")
    parser.add_argument("--seed", default="stratalign-21")
    parser.add_argument(
        "--feed-share", type=float, default=0.03, help="share of accepted cases fed on to every command"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per command")
    parser.add_argument("--memory", type=int, default=2 << 30, help="address-space limit per worker, bytes")
    parser.add_argument("--keep", action="store_true", help="write failing cases to tests/data/bad/")
    parser.add_argument("--json", type=Path, help="write the counts (and every problem) as JSON")
    parser.add_argument("--markdown", type=Path, help="write the table as Markdown")
    args = parser.parse_args()
    os.environ.setdefault("STRATALIGN_JOBS", "1")  # no worker processes inside a case
    results = []

    def save(counts: dict) -> None:
        if args.json:
            args.json.write_text(json.dumps([*results, counts], indent=1), encoding="utf-8")

    for fmt in args.formats.split(","):
        results.append(
            run_format(fmt, args.cases, args.seed, args.feed_share, args.timeout, args.memory, args.keep, progress=save)
        )
        r = results[-1]
        print(
            f"{fmt}: {r['cases']:,} cases, exit codes {r['exit codes']}, exit 3 {r['exit 3']}, hangs {r['hang']}, "
            f"other {r['message']}, silent losses {r['silent loss']}, {r['seconds']} s",
            flush=True,
        )
        for problem in r["problems"][:20]:
            print(f"    {problem}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    table = markdown(results, args)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
