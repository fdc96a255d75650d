"""The worker process for the text comparison: same answers as in-process, failures handled."""
from __future__ import annotations

import json
import os
import sys

import pytest

from alignment import background
from alignment.analyze import analyze
from alignment.render import render
from alignment.rules import duplicates
from ontology.loaders import load_model
from ontology.examples import example_path

from synthetic import synthetic_ntriples

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")

PARENT = os.getpid()


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fail(message: str) -> None:
    raise ValueError(message)


def _die_in_worker(numbers: list[int]) -> int:
    if os.getpid() != PARENT:
        os._exit(9)  # as if the kernel killed the worker (out of memory)
    return sum(numbers)


@pytest.mark.parametrize(
    "jobs, forks",
    [("1", False), ("2", True), ("8", True)],
    ids=["one-job-runs-here", "two-jobs-fork", "eight-jobs-fork"],
)
def test_jobs_setting_decides_where_the_step_runs(monkeypatch, jobs, forks):
    monkeypatch.setenv("STRATALIGN_JOBS", jobs)
    job = background.start(_pid_and_sum, [1, 2, 3])
    pid, total = job.result()
    assert total == 6
    assert job.in_worker is forks
    assert (pid != os.getpid()) is forks


def test_small_input_is_not_worth_a_worker(monkeypatch):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    job = background.start(_pid_and_sum, [1], worth_it=False)
    assert not job.in_worker
    assert job.result() == (os.getpid(), 1)


def test_an_error_in_the_worker_is_raised_in_the_caller(monkeypatch):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    job = background.start(_fail, "bad label")
    with pytest.raises(ValueError, match="bad label"):
        job.result()


def test_a_killed_worker_is_replaced_by_running_the_step_here(monkeypatch):
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    job = background.start(_die_in_worker, [4, 5])
    assert job.in_worker
    assert job.result() == 9
    assert job.result() == 9  # the answer is kept


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


def test_large_model_uses_a_worker_and_finds_the_same_duplicates(monkeypatch, tmp_path):
    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=10, goals=30, initiatives=18), encoding="utf-8")
    started: list[bool] = []
    real_start = background.start

    def spy(*args, **kwargs):
        job = real_start(*args, **kwargs)
        started.append(job.in_worker)
        return job

    monkeypatch.setattr(background, "start", spy)
    with_worker = json.loads(_analysis_json(source, monkeypatch, "2"))
    # the largest kind (initiatives) goes to a worker; the goals (few) are compared here
    assert started == [True]
    started.clear()
    alone = json.loads(_analysis_json(source, monkeypatch, "1"))
    assert started == []
    assert with_worker == alone
    kinds = with_worker["summary"]["findings"]["by_kind"]
    assert kinds.get("duplicate-goal", 0) + kinds.get("duplicate-initiative", 0) > 0


@pytest.mark.parametrize(
    "jobs, expected",
    [("2", [["duplicate-initiative", "duplicate-goal"]]), ("3", [["duplicate-initiative"], ["duplicate-goal"]])],
    ids=["two-cores-one-worker-for-both-kinds", "three-cores-a-worker-per-kind"],
)
def test_text_workers_never_outnumber_the_spare_cores(monkeypatch, tmp_path, jobs, expected):
    """The main process keeps a core: with two, one worker compares both kinds in turn (largest first)."""
    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=10, goals=30, initiatives=18), encoding="utf-8")
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)  # both kinds are "large"
    shares: list[list[str]] = []
    real_start = background.start

    def spy(fn, *args, **kwargs):
        job = real_start(fn, *args, **kwargs)
        if job.in_worker:
            shares.append(list(args[2]))
        return job

    monkeypatch.setattr(background, "start", spy)
    with_workers = json.loads(_analysis_json(source, monkeypatch, jobs))
    assert shares == expected
    assert with_workers == json.loads(_analysis_json(source, monkeypatch, "1"))


def _claim_in_worker(claims: background.Claims, names: list[str]) -> list[str]:
    return [name for name in names if claims.claim(name)]


def test_a_step_is_claimed_once_across_processes(monkeypatch):
    """The worker claims "initiatives" first; the main process then gets only what is left."""
    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    claims = background.Claims(["initiatives", "goals"])
    assert claims.claim("goals")  # the main process, free early, takes the goals
    job = background.start(_claim_in_worker, claims, ["initiatives", "goals"])
    assert job.in_worker
    assert job.result() == ["initiatives"]
    assert not claims.claim("initiatives")


def test_a_kind_the_worker_had_claimed_when_it_died_is_compared_here(monkeypatch, tmp_path):
    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=10, goals=30, initiatives=18), encoding="utf-8")
    monkeypatch.setattr(duplicates, "WORKER_MIN_ITEMS", 5)
    alone = _analysis_json(source, monkeypatch, "1")
    real = duplicates._compare_in_worker

    def claim_then_die(store, config, kinds, membership, claims):
        if os.getpid() != main_pid:
            for kind in kinds:
                claims.claim(kind)
            os._exit(1)
        return real(store, config, kinds, membership, claims)

    main_pid = os.getpid()
    monkeypatch.setattr(duplicates, "_compare_in_worker", claim_then_die)
    assert _analysis_json(source, monkeypatch, "2") == alone
    assert json.loads(alone)["summary"]["findings"]["by_kind"].get("duplicate-goal", 0) > 0


def test_no_worker_is_forked_from_a_process_running_threads(monkeypatch):
    import threading

    monkeypatch.setenv("STRATALIGN_JOBS", "2")
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        job = background.start(_pid_and_sum, [2, 3])
        assert not job.in_worker
        assert job.result() == (os.getpid(), 5)
    finally:
        release.set()
        thread.join()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_benchmark_stage_run_finds_what_analyze_finds(tmp_path, engine):
    """Regression: benchmarks/run.py hands the compared pairs to the rules itself (provide_pairs);
    a change of how rules collect them broke its stage table."""
    import subprocess
    from pathlib import Path

    source = tmp_path / "national.nt"
    source.write_text(synthetic_ntriples(strategies=4, goals=10, initiatives=6), encoding="utf-8")
    script = Path(__file__).parent.parent / "benchmarks" / "run.py"
    done = subprocess.run([sys.executable, str(script), "--worker", engine, str(source)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    stages = json.loads(done.stdout.strip().splitlines()[-1])
    expected = json.loads(render(analyze(load_model([source])), "json"))["summary"]["findings"]["total"]
    assert stages["findings"] == expected > 0
