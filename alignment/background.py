"""Run a pure-Python step in a second process while this one goes on with SPARQL rules.

Comparing the texts of 70,000 goals and initiatives is the one long step that
needs no store: on a machine with two or more cores it runs in a forked
worker while the main process runs the other rules, and the analysis takes
about as long as the longer of the two instead of their sum. The result is
the same either way (the same function runs); only the wall time differs.

>>> job = start(sum, [1, 2, 3])
>>> job.result()
6

A step runs in this process instead when the platform cannot fork safely
(only Linux forks here), when there is one core, when the input is small
(``worth_it`` says no), or when ``STRATALIGN_JOBS=1``. A worker that dies
(killed, out of memory) is not fatal: the step is then run here.
"""
from __future__ import annotations

import gc
import os
import sys
from typing import Any, Callable, Generic, Iterable, TypeVar

__all__ = ["Claims", "Job", "start", "worker_count", "workers_allowed"]

T = TypeVar("T")


def worker_count() -> int:
    """How many workers may run beside this process: ``STRATALIGN_JOBS`` − 1, else the cores − 1.

    0 where workers are not allowed: not Linux, or this process runs threads.
    ``STRATALIGN_JOBS=1`` keeps everything in one process.
    """
    if sys.platform != "linux":
        return 0
    jobs = os.environ.get("STRATALIGN_JOBS", "").strip()
    processes = int(jobs) if jobs.isdigit() else len(os.sched_getaffinity(0))
    if processes < 2:
        return 0
    # Forking a process that runs threads can leave a lock held forever in the child.
    return processes - 1 if len(os.listdir("/proc/self/task")) == 1 else 0


def workers_allowed() -> bool:
    """Whether a worker process may be used (see :func:`worker_count`)."""
    return worker_count() >= 1


class Job(Generic[T]):
    """A step started by :func:`start`; :meth:`result` waits for it (once)."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...], in_worker: bool) -> None:
        self._fn, self._args = fn, args
        self._process: Any = None
        self._conn: Any = None
        self._done = False
        self._value: T | None = None
        if in_worker:
            self._fork()

    def _fork(self) -> None:
        import multiprocessing

        # fork: the worker inherits the input as it is in memory (nothing to pickle on the way in).
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_run, args=(send, self._fn, self._args), daemon=True)
        # Frozen objects are out of the collector's reach: a collection in the worker would
        # otherwise write to every inherited object and copy every page it shares (2× memory).
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()
        self._conn = receive

    @property
    def in_worker(self) -> bool:
        return self._process is not None

    def result(self) -> T:
        if self._done:
            return self._value  # type: ignore[return-value]
        value: Any = None
        ok = False
        if self._process is not None:
            try:
                ok, value = self._conn.recv()
            except (EOFError, OSError):
                ok = False  # the worker died: do the step here
            finally:
                self._conn.close()
                self._process.join()
            if not ok and isinstance(value, BaseException):
                raise value
        if not ok:
            value = self._fn(*self._args)
        self._value, self._done = value, True
        self._fn = self._args = None  # type: ignore[assignment]
        return value


class Claims:
    """Named steps that whichever process gets to first does: a worker, or this process once it is free.

    Made before the fork, so that the workers share it: a byte per step in
    shared memory, and its lock. A step is done once, by whoever claims it.

    >>> claims = Claims(["goals"])
    >>> claims.claim("goals"), claims.claim("goals")
    (True, False)
    """

    def __init__(self, names: Iterable[str]) -> None:
        import multiprocessing

        self._index = {name: i for i, name in enumerate(names)}
        self._taken = multiprocessing.get_context("fork").Array("b", max(1, len(self._index)))

    def claim(self, name: str) -> bool:
        """True for the first process that asks for ``name`` (it then does the step), False for any later."""
        with self._taken.get_lock():
            i = self._index[name]
            if self._taken[i]:
                return False
            self._taken[i] = 1
            return True


def _run(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    gc.disable()  # a short-lived worker: what it allocates is freed at exit
    try:
        outcome: tuple[bool, Any] = (True, fn(*args))
    except Exception as err:  # the parent re-raises it, as if it had run there
        outcome = (False, err)
    conn.send(outcome)
    conn.close()


def start(fn: Callable[..., T], *args: Any, worth_it: bool = True) -> Job[T]:
    """Start ``fn(*args)`` in a worker process when allowed and ``worth_it``; else it runs at ``result()``."""
    return Job(fn, args, worth_it and workers_allowed())
