"""A persistent --store DIR killed with SIGKILL during a load reopens consistent (issue 8, point 3).

What pyoxigraph promises: ``Store.bulk_extend`` is documented as "not atomic:
if the operation fails in the middle, only a part of the data may be written"
(oxigraph's BulkLoader docs). What happens here: the files named replace what
the store held, so stratalign reads every file first, bulk-loads them into a new
store beside DIR (``DIR.loading``), and swaps the two folders in one rename
(``ontology.store.replace_on_disk``). So a kill at any point leaves DIR either as
it was or holding exactly the file. These tests kill the load in each phase:
while parsing, while the new store's SST files are written, during their
ingestion, and just after it, around the swap.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "tests" / "data" / "yaml" / "demo.yaml"
SA = "https://w3id.org/stratalign#"
SUBJECTS = 100_000  # × 3 triples = 300 000 lines
POLL = 0.002

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "stratalign.cli", *map(str, args)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def big_nt(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("crash") / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(SUBJECTS):
            s = f"<https://e.org/crash/g{i}>"
            out.write(
                f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SA}Goal> .\n"
                f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "Mål nummer {i} æøå"@da .\n'
                f"{s} <{SA}contributesTo> <https://e.org/crash/g{i // 2}> .\n"
            )
    return path, 3 * SUBJECTS


def _phase(store: Path) -> str:
    """Where a running load is, judged from the files of the new store beside the store folder."""
    try:
        names = os.listdir(store.with_name(store.name + ".loading"))
    except FileNotFoundError:  # the files are read into memory before the new store is made
        return "parsing"
    bulk = [n for n in names if n.startswith("bulk-")]
    numbered = {n for n in names if n.endswith(".sst") and not n.startswith("bulk-")}
    if not bulk:
        return "parsing" if "CURRENT" in names else "starting"
    return "writing-sst", numbered  # type: ignore[return-value]


def _kill_when(store: Path, proc: subprocess.Popen, phase: str) -> bool:
    """SIGKILL ``proc`` once the load reaches ``phase``; False when it finished first."""
    numbered_at_bulk: set[str] | None = None
    saw_bulk = False
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        state = _phase(store)
        if phase == "parsing" and state == "parsing":
            time.sleep(2.5)  # past the start-up (~1 s), well inside the parse of 300 000 lines
            break
        if phase == "after-ingest":
            if isinstance(state, tuple):
                saw_bulk = True
            elif saw_bulk:  # the bulk files are gone: ingested; the process now writes its output
                break
        elif isinstance(state, tuple):
            if phase == "writing-sst":
                break
            if numbered_at_bulk is None:
                numbered_at_bulk = state[1]
            elif state[1] - numbered_at_bulk:  # a new numbered SST: RocksDB is ingesting
                break
        time.sleep(POLL)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def _count(store: Path) -> int:
    done = cli("convert", "--store", store, "--to", "nt")
    assert done.returncode == 0, done.stderr.decode()[:800]
    assert b"Traceback" not in done.stderr
    return done.stdout.count(b"\n")


@pytest.mark.parametrize("phase", ["parsing", "writing-sst", "ingesting", "after-ingest"])
def test_store_killed_during_a_load_reopens_with_all_or_nothing(tmp_path, big_nt, phase):
    path, size = big_nt
    store = tmp_path / "store"
    assert cli("convert", DEMO, "--store", store, "--to", "nt", "-o", os.devnull).returncode == 0
    before = _count(store)
    assert before > 0

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stratalign.cli",
            "convert",
            str(path),
            "--store",
            str(store),
            "--to",
            "nt",
            "-o",
            os.devnull,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    try:
        killed = _kill_when(store, proc, phase)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert killed, f"the load finished before the {phase} phase was reached"

    after = _count(store)
    assert after in (before, size), f"neither the old store ({before}) nor the file ({size}): {after} triples"
    # the reopened store is usable: a new load replaces it, and nothing is left beside it
    assert cli("convert", DEMO, "--store", store, "--to", "nt", "-o", os.devnull).returncode == 0
    assert _count(store) == before  # demo.yaml again: its triples only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
