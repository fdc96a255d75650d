"""Hostile shapes at three sizes each: does the cost of every command grow near-linearly with the input?

    python benchmarks/shapes.py                        # every shape, every size (the 100 MB file takes minutes)
    python benchmarks/shapes.py --quick                # skip the largest size of each shape
    python benchmarks/shapes.py --shapes realizes,csv-rows --timeout 120 --markdown shapes.md

Each shape is generated deterministically (the same bytes on every machine) into
``benchmarks/data/shapes/`` and fed to the real CLI in a child process
(``python -m stratalign.cli analyze FILE --format json -o /dev/null`` and, where the
shape can hurt them, ``validate``, ``convert --to ttl`` and ``report``), under a
wall-clock timeout and a memory limit (the child and its workers together, PSS,
sampled four times a second as ``run.py`` does). The table gives, per run, the
exit code, wall time, CPU time (user + system of the command and the workers it
waited for: on a machine shared with other work it moves far less than the wall
time), peak memory and the *growth factor* against the previous size:
(CPU-time ratio) / (input-size ratio), and the same for the peak memory. Near 1 (or below: the fixed start-up
cost of ~1 s is shared) is linear; 3 at a ×3 step, or 10 at a ×10 step, is quadratic.
A command that times out or hits the memory limit at one size is not run at the
larger sizes of that shape (it could only be worse). Exit 2 rows show the
refusal, which should name the bound.

Shapes (``--shapes`` takes these names):

- ``realizes``: a chain of N plans, each ``sa:realizes`` the previous (Turtle), N = 1,000 / 3,000 / 10,000;
- ``contributes``: a chain of N ``sa:contributesTo`` links, initiative → focus area → … → goal (Turtle),
  N = 1,000 / 5,000 / 10,000;
- ``label-word-yaml``, ``label-word-ttl``: one goal whose label is one word of 10 KB / 100 KB / 1 MB;
- ``label-words-yaml``, ``label-words-ttl``: one goal whose label is 100 KB / 300 KB / 1 MB of words;
- ``csv-rows``, ``xlsx-rows``: a spreadsheet of 10,000 / 30,000 / 100,000 element rows (strategies,
  goals and initiatives with realistic Danish labels from ``generate.py``);
- ``nt-file``: the synthetic national corpus of ``generate.py`` as N-Triples of ~10 / 30 / 100 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the sibling scripts, as modules

import generate  # noqa: E402  (the national corpus and its Danish vocabulary)
from run import _compile_bytecode, _tree_pss_kib  # noqa: E402

ROOT = HERE.parent
DATA = HERE / "data" / "shapes"

SA = "https://w3id.org/stratalign#"
PREFIXES = (
    "@prefix sa: <https://w3id.org/stratalign#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix ex: <https://w3id.org/stratalign/bench/shapes/> .\n\n"
)

#: Each command as the user runs it, its output thrown away. validate exits 1 when the
#: model does not conform (a chain of strategies realising strategies does not): not a failure here.
COMMANDS: dict[str, list[str]] = {
    "analyze": ["analyze", "{file}", "--format", "json", "-o", os.devnull],
    "validate": ["validate", "{file}", "--format", "text", "-o", os.devnull],
    "convert": ["convert", "{file}", "--to", "ttl", "-o", os.devnull],
    "report": ["report", "{file}", "--format", "html", "-o", os.devnull],
}


# --- the shapes -------------------------------------------------------------------------------


def _realizes(out, n: int) -> None:
    """``ex:plan-i sa:realizes ex:plan-(i-1)``: a vision at the root, N strategies above it, a goal in the last."""
    out.write(PREFIXES)
    out.write('ex:plan-0 a sa:Vision ; rdfs:label "Plan 0"@da .\n')
    for i in range(1, n + 1):
        out.write(f'ex:plan-{i} a sa:Strategy ; rdfs:label "Plan {i}"@da ; sa:realizes ex:plan-{i - 1} .\n')
    out.write(f'ex:plan-{n} sa:hasGoal ex:goal .\nex:goal a sa:Goal ; rdfs:label "Flere borgere"@da .\n')


def _contributes(out, n: int) -> None:
    """N ``sa:contributesTo`` links: an initiative → focus area N-1 → … → focus area 1 → a goal of one strategy."""
    out.write(PREFIXES)
    out.write(
        'ex:plan a sa:Strategy ; rdfs:label "Strategi"@da ; sa:hasGoal ex:goal ; sa:hasInitiative ex:initiative .\n'
    )
    out.write('ex:goal a sa:Goal ; rdfs:label "Flere borgere"@da .\n')
    previous = "ex:goal"
    for i in range(1, n):
        out.write(f'ex:focus-{i} a sa:FocusArea ; rdfs:label "Fokusområde {i}"@da ; sa:contributesTo {previous} .\n')
        previous = f"ex:focus-{i}"
    out.write(
        f'ex:initiative a sa:Initiative ; rdfs:label "Partnerskab om bosætning"@da ; sa:contributesTo {previous} .\n'
    )


def _word(size: int) -> str:
    """One word of ``size`` ASCII letters (seeded: the same word every run)."""
    rng = random.Random(21)
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size))


def _words(size: int) -> str:
    """``size`` bytes of Danish words from the corpus vocabulary, separated by spaces."""
    rng = random.Random(21)
    vocabulary = sorted({w for t in generate.TOPICS.values() for o in t for w in o.split()} | set(generate.VERBS))
    vocabulary = [w for w in vocabulary if w.isascii()]  # bytes = characters, so the size is exact
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(vocabulary)
        parts.append(word)
        length += len(word) + 1
    return " ".join(parts)[:size]


def _label_yaml(text: Callable[[int], str]) -> Callable:
    def write(out, n: int) -> None:
        """One strategy, the goal with the long label and an ordinary goal beside it (YAML)."""
        out.write("stratalign: 1\nbase: https://w3id.org/stratalign/bench/shapes/\nlang: da\nstrategies:\n")
        out.write("  - id: plan\n    label: Strategi\n    goals:\n")
        out.write(f"      - id: lang\n        label: {text(n)}\n")
        out.write("      - id: kort\n        label: Flere borgere\n")

    return write


def _label_ttl(text: Callable[[int], str]) -> Callable:
    def write(out, n: int) -> None:
        """The same model as the YAML shape, in Turtle."""
        out.write(PREFIXES)
        out.write('ex:plan a sa:Strategy ; rdfs:label "Strategi"@da ; sa:hasGoal ex:lang, ex:kort .\n')
        out.write(f'ex:lang a sa:Goal ; rdfs:label "{text(n)}"@da .\n')
        out.write('ex:kort a sa:Goal ; rdfs:label "Flere borgere"@da .\n')

    return write


_SYLLABLES = [c + v for c in "bdfghjklmnprstv" for v in "aeiou"]


def _pseudo(i: int) -> str:
    """A made-up word, different for each i < 75³ (ka-lo-mi …), so labels do not repeat as N grows."""
    return "".join(_SYLLABLES[(i // 75**k) % 75] for k in range(3)).capitalize()


def _rows(n: int) -> Iterator[list[str]]:
    """N element rows: a vision, then strategies of 50 rows, each a goal and on every third row an initiative.

    Each label is a verb, an object from generate.py's vocabulary and a made-up place
    unique to the row; every 20th label repeats the one before with another verb (a
    near-duplicate). So the number of duplicate pairs grows with N, not N²: a fixed
    vocabulary would fill up and make the *output* quadratic, which is not what this measures.
    """
    rng = random.Random(2025)
    objects = [o for t in generate.TOPICS.values() for o in t]
    yield ["https://w3id.org/stratalign/bench/shapes/", "model", "Regneark", ""]
    yield ["vision", "vision", "Vision 2030", ""]
    strategy = goal = ""
    obj = place = ""
    for i in range(n - 1):
        if i % 50 == 0:
            strategy = f"strategi-{i // 50}"
            yield [strategy, "strategy", f"Strategi for {rng.choice(generate.STRATEGIES)} {i // 50}", "", "vision"]
            continue
        if i % 20 != 1 or not obj:
            obj, place = rng.choice(objects), _pseudo(i * 7919 % 75**3)
        if i % 3 == 0 and goal:
            yield [f"indsats-{i}", "initiative", f"{rng.choice(generate.ACTIONS)} {obj} i {place}", strategy, goal]
        else:
            goal = f"maal-{i}"
            yield [goal, "goal", f"{rng.choice(generate.VERBS)} {obj} i {place}", strategy, ""]


ROW_HEADER = ["id", "type", "label_da", "plan", "parent"]


def _csv(out, n: int) -> None:
    import csv

    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(ROW_HEADER)
    for row in _rows(n):
        writer.writerow(row + [""] * (len(ROW_HEADER) - len(row)))


def _xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams the rows: 100,000 rows in ~25 MB
    sheet = book.create_sheet("model")
    sheet.append(ROW_HEADER)
    for row in _rows(n):
        sheet.append(row)
    book.save(path)


#: ~657 KB of N-Triples per synthetic municipality (generate.py: 1 → 673,251 bytes, 10 → 6,568,976).
_NT_BYTES_PER_MUNICIPALITY = 656_898


def _nt(out, megabytes: int) -> None:
    for line in generate.generate(round(megabytes * 1_000_000 / _NT_BYTES_PER_MUNICIPALITY)):
        out.write(line + "\n")


@dataclass(frozen=True)
class Shape:
    """A family of inputs: how to write one of size ``n``, its three sizes, and the commands it can hurt."""

    name: str
    suffix: str
    sizes: tuple[int, int, int]
    unit: str
    commands: tuple[str, ...]
    write: Callable  # (text file, n) or, for binary formats, (path, n)
    binary: bool = False

    def size_text(self, n: int) -> str:
        if self.unit == "B":
            return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1000} KB"
        return f"{n:,} {self.unit}"

    def path(self, n: int) -> Path:
        """The generated input (made once: every size is deterministic)."""
        path = DATA / f"{self.name}-{n}{self.suffix}"
        if not path.exists():
            DATA.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.part")  # two runs at once do not share one
            if self.binary:
                self.write(partial, n)
            else:
                with partial.open("w", encoding="utf-8", newline="") as out:
                    self.write(out, n)
            partial.replace(path)
        return path


_LABEL = ("analyze", "validate", "convert", "report")
SHAPES: dict[str, Shape] = {
    s.name: s
    for s in (
        Shape("realizes", ".ttl", (1_000, 3_000, 10_000), "plans", ("analyze", "validate", "report"), _realizes),
        Shape("contributes", ".ttl", (1_000, 5_000, 10_000), "links", ("analyze", "validate", "report"), _contributes),
        Shape("label-word-yaml", ".yaml", (10_000, 100_000, 1_000_000), "B", _LABEL, _label_yaml(_word)),
        Shape("label-word-ttl", ".ttl", (10_000, 100_000, 1_000_000), "B", _LABEL, _label_ttl(_word)),
        Shape("label-words-yaml", ".yaml", (100_000, 300_000, 1_000_000), "B", _LABEL, _label_yaml(_words)),
        Shape("label-words-ttl", ".ttl", (100_000, 300_000, 1_000_000), "B", _LABEL, _label_ttl(_words)),
        Shape("csv-rows", ".csv", (10_000, 30_000, 100_000), "rows", ("analyze", "convert"), _csv),
        Shape("xlsx-rows", ".xlsx", (10_000, 30_000, 100_000), "rows", ("analyze", "convert"), _xlsx, binary=True),
        Shape("nt-file", ".nt", (10, 30, 100), "MB", ("analyze", "convert", "validate", "report"), _nt),
    )
}


# --- running ----------------------------------------------------------------------------------


def measure(command: list[str], timeout: float, memory_mib: int) -> dict:
    """Exit code, wall time and peak memory of one child process, stopped at ``timeout`` s or ``memory_mib``.

    Like run.py's ``_timed`` (``peak_rss_mib``: the largest single process, by
    os.wait4; ``pss_mib``: the child and its workers together, sampled every
    0.25 s), plus the memory limit, and the figures reached when a run is stopped.
    """
    with tempfile.TemporaryFile("w+b") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        pss_peak = 0
        stopped = None
        next_sample = start
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() >= next_sample:  # reading smaps is not free: 4 times a second
                pss_peak = max(pss_peak, _tree_pss_kib(process.pid))
                next_sample = time.perf_counter() + 0.25
            if time.perf_counter() - start > timeout:
                stopped = f"stopped after {timeout:.0f} s"
            elif pss_peak > memory_mib * 1024:
                stopped = f"stopped at {pss_peak // 1024:,} MiB (limit {memory_mib:,})"
            if stopped:
                _kill_tree(process.pid)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)  # the wall time to 0.02 s: small runs take 1–2 s
        wall = time.perf_counter() - start
        err.seek(0)
        lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return {
        "code": None if stopped else os.waitstatus_to_exitcode(status),
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "pss_mib": round(pss_peak / 1024),
        "stopped": stopped,
        "message": lines[-1][:300] if lines else "",
    }


def _kill_tree(pid: int) -> None:
    """Kill the child and the workers it started (by their ids, deepest first)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            for child in children.read().split():
                _kill_tree(int(child))
    except OSError:
        pass
    try:
        os.kill(pid, 9)
    except OSError:
        pass


def run(
    shapes: list[Shape], commands: set[str] | None, sizes: list[int], timeout: float, memory_mib: int
) -> list[dict]:
    """Every shape × size (``sizes``: 1, 2, 3 for the first, second, third) × command, printing each run as it ends."""
    rows: list[dict] = []
    exe = [sys.executable, "-m", "stratalign.cli"]
    for shape in shapes:
        given_up: set[str] = set()
        previous: dict[str, dict] = {}
        for n in [shape.sizes[i - 1] for i in sizes]:
            started = time.perf_counter()
            path = shape.path(n)
            made = time.perf_counter() - started
            if made > 1:
                print(f"# generated {path.name} in {made:.1f} s", file=sys.stderr)
            size = path.stat().st_size
            for command in shape.commands:
                if commands is not None and command not in commands:
                    continue
                row = {"shape": shape.name, "size": shape.size_text(n), "n": n, "bytes": size, "command": command}
                if command in given_up:
                    row.update(code=None, stopped="not run: a smaller size was stopped")
                else:
                    argv = [a.replace("{file}", str(path)) for a in COMMANDS[command]]
                    row.update(measure(exe + argv, timeout, memory_mib))
                    if row["stopped"]:
                        given_up.add(command)
                    before = previous.get(command)
                    if before and before["code"] in (0, 1) and row["code"] in (0, 1) and before["cpu_seconds"] > 0:
                        ratio = size / before["bytes"]
                        row["time_growth"] = round(row["cpu_seconds"] / before["cpu_seconds"] / ratio, 2)
                        row["memory_growth"] = round(row["peak_rss_mib"] / max(before["peak_rss_mib"], 1) / ratio, 2)
                    previous[command] = row
                rows.append(row)
                print(_line(row), flush=True)
    return rows


HEADER = (
    "| shape | size | input bytes | command | exit | wall s | CPU s | peak MiB | all processes MiB | CPU growth | memory growth | note |\n"
    "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
)


def _line(row: dict) -> str:
    code = "–" if row.get("code") is None else str(row["code"])
    if row.get("stopped"):
        note = row["stopped"]
    elif row.get("code") in (2, 3):
        note = row.get("message", "").replace("|", "\\|")
    else:
        note = ""
    note = note.replace("\n", " ")
    not_run = row.get("stopped", "") and row["stopped"].startswith("not run")
    cells = [
        row["shape"],
        row["size"],
        f"{row['bytes']:,}",
        f"`{row['command']}`",
        code,
        "" if not_run else f"{'> ' if row.get('stopped') else ''}{row['seconds']}",
        "" if not_run else f"{row['cpu_seconds']}",
        "" if not_run else f"{row['peak_rss_mib']:,}",
        "" if not_run else f"{row['pss_mib']:,}",
        f"{row['time_growth']:.2f}" if "time_growth" in row else "–",
        f"{row['memory_growth']:.2f}" if "memory_growth" in row else "–",
        note,
    ]
    return "| " + " | ".join(cells) + " |"


def _context(argv: list[str]) -> str:
    """The command, date, load and machine: a figure means nothing without them."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    revision = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"`{shlex.join(['python', 'benchmarks/shapes.py', *argv])}` — {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"commit {revision or '?'}, {os.cpu_count()} cores, load average {load} (1, 5, 15 min), Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"Comma-separated, of: {', '.join(SHAPES)}.")
    parser.add_argument("--commands", help=f"Only these commands (comma-separated, of: {', '.join(COMMANDS)}).")
    parser.add_argument("--quick", action="store_true", help="Skip the largest size of each shape.")
    parser.add_argument(
        "--sizes", default="1,2,3", help="Which of each shape's three sizes (default 1,2,3; --quick is 1,2)."
    )
    parser.add_argument("--timeout", type=float, default=300, help="Seconds before a run is stopped (default 300).")
    parser.add_argument(
        "--memory",
        type=int,
        default=4096,
        help="MiB (the child and its workers) before a run is stopped (default 4096).",
    )
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="Also write the table, with command, date and load, to FILE."
    )
    parser.add_argument("--generate-only", action="store_true", help="Write the inputs and stop.")
    args = parser.parse_args(argv)
    unknown = [s for s in args.shapes.split(",") if s not in SHAPES]
    commands = set(args.commands.split(",")) if args.commands else None
    if unknown or (commands and commands - set(COMMANDS)):
        parser.error(f"unknown shape or command: {', '.join(unknown or sorted(commands - set(COMMANDS)))}")
    shapes = [SHAPES[s] for s in args.shapes.split(",")]
    sizes = [1, 2] if args.quick else sorted({int(i) for i in args.sizes.split(",") if i.strip() in ("1", "2", "3")})
    if args.generate_only:
        for shape in shapes:
            for n in [shape.sizes[i - 1] for i in sizes]:
                print(shape.path(n))
        return 0
    _compile_bytecode()
    context = _context(argv)
    print(context + "\n\n" + HEADER, flush=True)
    rows = run(shapes, commands, sizes, args.timeout, args.memory)
    after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average at the end: {after}")
    (DATA / f"results-{os.getpid()}.json").write_text(
        json.dumps({"context": context, "rows": rows}, indent=2), encoding="utf-8"
    )
    if args.markdown:
        table = "\n".join(_line(row) for row in rows)
        args.markdown.write_text(f"{context}; at the end {after}.\n\n{HEADER}\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
