"""The worker process for the text comparison: same answers as in-process, failures handled."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import generated_corpus
from synthetic import synthetic_ntriples

from alignment import background
from alignment.analyze import analyze
from alignment.render import render
from alignment.rules import duplicates
from ontology.examples import example_path
from ontology.loaders import load_model


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fail(message: str) -> None:
    raise ValueError(message)


def _die_in_worker(numbers: list[int], main_pid: int) -> int:
    if os.getpid() != main_pid:
        os._exit(9)  # as if the kernel killed the worker (out of memory)
    return sum(numbers)


def _claimable(directory: str, names: list[str]) -> list[str]:
    claims = background.Claims(directory)
    return [name for name in names if claims.claim(name)]


def _steps(*given: tuple) -> background.Steps:
    steps = background.Steps([name for name, *_ in given], background.worker_count())
    for name, fn, *args in given:
        steps.give(name, fn, *args)
    steps.wait()  # else this process, free at once, could claim a step before the worker has begun it
    return steps


@pytest.mark.parametrize(
    "jobs, in_worker",
    [("1", False), ("2", True), ("8", True)],
    ids=["one-job-runs-here", "two-jobs-a-worker", "eight-jobs-a-worker"],
)
def test_jobs_setting_decides_where_the_step_runs(monkeypatch, jobs, in_worker):
    monkeypatch.setenv("STRATALIGN_JOBS", jobs)
    steps = _steps(("sum", _pid_and_sum, [1, 2, 3]))
    pid, total = steps.result("sum")
    assert total == 6
    assert (steps.shares == [["sum"]]) is in_worker
    assert (pid != os.getpid()) is in_worker


def test_an_error_in_the_worker_is_raised_in_the_caller(monkeypatch):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    steps = _steps(("bad", _fail, "bad label"))
    assert steps.shares == [["bad"]]
    with pytest.raises(ValueError, match="bad label"):
        steps.result("bad")


def test_a_killed_worker_is_replaced_by_running_the_step_here(monkeypatch):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    steps = _steps(("sum", _die_in_worker, [4, 5], os.getpid()))
    assert steps.shares == [["sum"]]
    assert steps.result("sum") == 9
    assert steps.result("sum") == 9  # the answer is kept


def _resident_kib(status: str) -> int:
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_worker_is_a_fresh_process_not_a_fork_of_the_loaded_one(monkeypatch):
    """A fork would inherit (and, as Oxigraph writes to it, copy) the store: the worker must start empty."""
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    ballast = bytearray(200 * 2**20)  # this process holds 200 MiB more, as if a store were loaded
    status = Path("/proc/self/status")
    steps = _steps(("status", status.read_text))  # a standard-library step: the worker imports nothing else
    assert _resident_kib(status.read_text()) > len(ballast) // 1024  # here: the ballast is resident
    assert _resident_kib(steps.result("status")) < 60 * 1024  # there: a bare interpreter


def test_a_step_is_claimed_once_across_processes(monkeypatch, tmp_path):
    """The worker claims "initiatives"; the main process, which took the goals first, gets nothing more."""
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    claims = background.Claims(tmp_path)
    assert claims.claim("goals")  # the main process, free early, takes the goals
    steps = _steps(("claims", _claimable, str(tmp_path), ["initiatives", "goals"]))
    assert steps.shares == [["claims"]]
    assert steps.result("claims") == ["initiatives"]
    assert not claims.claim("initiatives")


def test_closing_stops_the_worker_and_removes_the_steps_files(monkeypatch, tmp_path):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    steps = background.Steps(["never given"], background.worker_count())
    (worker,) = set(steps._owner.values())
    assert worker.poll() is None  # it waits for its step
    steps.close()
    assert worker.poll() is not None
    assert list(tmp_path.iterdir()) == []


def _analysis_json(source, monkeypatch, jobs: str) -> str:
    monkeypatch.setenv("STRATALIGN_JOBS", jobs)
    return render(analyze(load_model([source])), "json")


@pytest.mark.parametrize("example", ["esbjerg-2020", "horsens-2014"])
def test_analysis_is_byte_identical_with_and_without_a_worker(monkeypatch, example):
    # Every example is small: lower the bar so that the worker really runs.
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 1)
    source = example_path(example)
    alone = _analysis_json(source, monkeypatch, "1")
    with_worker = _analysis_json(source, monkeypatch, "2")
    assert with_worker == alone
    assert json.loads(alone)["summary"]["findings"]["total"] > 0


@pytest.fixture
def started_steps(monkeypatch) -> list[background.Steps]:
    """Every background.Steps an analysis makes (to see which kinds went to a worker)."""
    made: list[background.Steps] = []

    class Recorded(background.Steps):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(background, "Steps", Recorded)
    return made


@pytest.fixture
def national_nt(tmp_path):
    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=10, goals=30, initiatives=18), encoding="utf-8")
    return source


def test_large_model_uses_a_worker_and_finds_the_same_duplicates(monkeypatch, national_nt, started_steps, tmp_path):
    steps_dir = tmp_path / "steps"
    steps_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(steps_dir))
    with_worker = json.loads(_analysis_json(national_nt, monkeypatch, "2"))
    # the largest kind (initiatives) goes to a worker; the goals (few) are compared here
    assert [steps.shares for steps in started_steps] == [[["duplicate-initiative#0"]]]
    assert list(steps_dir.iterdir()) == []  # the steps' files are gone with the analysis
    started_steps.clear()
    alone = json.loads(_analysis_json(national_nt, monkeypatch, "1"))
    assert started_steps == []
    assert with_worker == alone
    kinds = with_worker["summary"]["findings"]["by_kind"]
    assert kinds.get("duplicate-goal", 0) + kinds.get("duplicate-initiative", 0) > 0


@pytest.mark.parametrize(
    "jobs, expected",
    [
        ("2", [["duplicate-initiative#0", "duplicate-goal#0"]]),
        ("3", [["duplicate-initiative#0"], ["duplicate-goal#0"]]),
    ],
    ids=["two-cores-one-worker-for-both-kinds", "three-cores-a-worker-per-kind"],
)
def test_text_workers_never_outnumber_the_spare_cores(monkeypatch, national_nt, started_steps, jobs, expected):
    """The main process keeps a core: with two, one worker compares both kinds in turn (largest first)."""
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)  # both kinds are "large"
    with_workers = json.loads(_analysis_json(national_nt, monkeypatch, jobs))
    assert [steps.shares for steps in started_steps] == [expected]
    assert with_workers == json.loads(_analysis_json(national_nt, monkeypatch, "1"))


_COMPARE = duplicates.similar_pairs_in_groups  # the real one, before a test replaces it


def _die_in_worker_else_compare(groups, threshold, thesaurus=None):
    if os.getpid() != int(os.environ["STRATALIGN_TEST_MAIN_PID"]):
        os._exit(1)  # the worker has claimed the kind, and dies with it
    return _COMPARE(groups, threshold, thesaurus)


def test_a_kind_the_worker_had_claimed_when_it_died_is_compared_here(monkeypatch, national_nt):
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)
    alone = _analysis_json(national_nt, monkeypatch, "1")
    monkeypatch.setenv("STRATALIGN_TEST_MAIN_PID", str(os.getpid()))
    monkeypatch.setattr(duplicates, "similar_pairs_in_groups", _die_in_worker_else_compare)
    assert _analysis_json(national_nt, monkeypatch, "2") == alone
    assert json.loads(alone)["summary"]["findings"]["by_kind"].get("duplicate-goal", 0) > 0


def test_a_comparison_in_many_steps_shared_with_the_worker_finds_what_one_process_finds(monkeypatch, tmp_path):
    """Groups (one per municipality) are handed over in steps of STEP_TEXTS texts; the worker takes them from the
    first, this process from the last: whoever does which, the findings are those of one process."""
    corpus = generated_corpus(tmp_path, "S")
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)
    monkeypatch.setattr(duplicates, "STEP_TEXTS", 300)
    alone = json.loads(_analysis_json(corpus, monkeypatch, "1"))
    shared = json.loads(_analysis_json(corpus, monkeypatch, "2"))
    assert shared == alone
    kinds = alone["summary"]["findings"]["by_kind"]
    assert kinds["duplicate-goal"] > 100 and kinds["duplicate-initiative"] > 100


def test_a_comparison_is_handed_over_in_steps_of_whole_groups(monkeypatch, started_steps, tmp_path):
    corpus = generated_corpus(tmp_path, "S")
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)
    monkeypatch.setattr(duplicates, "STEP_TEXTS", 300)
    _analysis_json(corpus, monkeypatch, "2")
    (share,) = started_steps[0].shares
    kinds = [name.split("#")[0] for name in share]
    assert kinds == sorted(kinds, key=lambda k: k != "duplicate-initiative")  # the larger kind first
    assert len(share) > 4 and share[0] == "duplicate-initiative#0"


def test_a_worker_starts_beside_threads(monkeypatch):
    """A fresh process is safe where a fork was not (a lock held by another thread): threads no longer matter."""
    import threading

    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        steps = _steps(("sum", _pid_and_sum, [2, 3]))
        pid, total = steps.result("sum")
        assert steps.shares == [["sum"]] and pid != os.getpid() and total == 5
    finally:
        release.set()
        thread.join()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_benchmark_stage_run_finds_what_analyze_finds(tmp_path, engine):
    """Regression: benchmarks/run.py hands the compared pairs to the rules itself (provide_pairs);
    a change of how rules collect them broke its stage table."""
    import subprocess

    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=4, goals=10, initiatives=6), encoding="utf-8")
    script = Path(__file__).parent.parent / "benchmarks" / "run.py"
    done = subprocess.run(
        [sys.executable, str(script), "--worker", engine, str(source)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stages = json.loads(done.stdout.strip().splitlines()[-1])
    expected = json.loads(render(analyze(load_model([source])), "json"))["summary"]["findings"]["total"]
    assert stages["findings"] == expected > 0


def test_a_step_the_worker_has_not_begun_is_done_here_and_skipped_there(monkeypatch):
    """While the worker is busy with its first step, this process takes the second (claims)."""
    import time

    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    steps = background.Steps(["slow", "sum"], background.worker_count())
    steps.give("slow", time.sleep, 1.0)
    steps.give("sum", _pid_and_sum, [6, 7])
    assert steps.shares == [["slow", "sum"]]
    assert steps.result("sum") == (os.getpid(), 13)
    steps.wait()
    assert steps.result("slow") is None  # the worker did this one
    assert sorted(path.name for path in steps.claims.directory.glob("*.answer")) == ["slow.answer"]


def test_without_a_temporary_folder_the_texts_are_compared_here(monkeypatch, national_nt, tmp_path):
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)
    alone = _analysis_json(national_nt, monkeypatch, "1")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    assert _analysis_json(national_nt, monkeypatch, "2") == alone


def test_a_step_whose_input_cannot_be_written_runs_here(monkeypatch, tmp_path):
    """A full disk while the input is written: the worker never gets the step, this process runs it."""
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    steps = background.Steps(["sum"], background.worker_count())
    real_open = open

    def full_disk(path, mode="r", *args, **kwargs):
        if str(path).endswith(".step") and "w" in mode:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_disk)
    steps.give("sum", _pid_and_sum, [1, 2])
    monkeypatch.undo()
    steps.wait()  # the worker ends at once: it was never given the step
    assert steps.result("sum") == (os.getpid(), 3)
    assert not list(steps.claims.directory.glob("*.step"))


def test_a_step_from_a_module_in_the_working_directory_runs_in_the_worker(monkeypatch, tmp_path):
    """Regression: "" on this process's path (python -c, a REPL) is the working directory; the worker needs it spelled out."""
    import importlib

    (tmp_path / "local_steps.py").write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend("")
    monkeypatch.delitem(sys.modules, "local_steps", raising=False)
    local_steps = importlib.import_module("local_steps")
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    steps = _steps(("double", local_steps.double, 21))
    assert steps.result("double") == 42
    assert (steps.claims.directory / "double.answer").exists()  # the worker's answer, not one made here
