"""Run pure-Python steps in a fresh worker process while this one goes on with SPARQL rules.

Comparing the texts of 70,000 goals and initiatives is the one long step that
needs no store: on a machine with two or more cores it runs in a worker while
the main process runs the other rules, and the analysis takes about as long
as the longer of the two instead of their sum. The result is the same either
way (the same function runs); only the wall time differs.

>>> steps = Steps(["total"], workers=0)
>>> steps.give("total", sum, [1, 2, 3])
>>> steps.result("total")
6

The worker is a new interpreter (``python -c``), not a fork: it gets only
each step's input, pickled into a temporary file, and holds only what the
steps build. A forked worker would inherit the store, and Oxigraph writes to
the store's memory while it answers read-only queries, so after the main
process's first rules a fork held a private copy of the whole store (2.5 GB
of the 2.8 GB worker at L).

Each step is done once, by whoever claims it first (:class:`Claims`): the
worker takes the steps in the order given; the main process, once free, takes
any step the worker has not begun (:meth:`Steps.result`). A worker that dies
(killed, out of memory) is not fatal: its steps are then run here.
``STRATALIGN_JOBS=1`` keeps everything in one process.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

__all__ = ["Claims", "Done", "Steps", "worker_count"]

#: What a worker runs: the steps' directory is its argument; the names of its steps come on stdin, a line each.
_WORKER = "import sys; from alignment.background import _serve; _serve(sys.argv[1])"


def worker_count() -> int:
    """How many workers may run beside this process: ``STRATALIGN_JOBS`` − 1, else the cores − 1.

    ``STRATALIGN_JOBS=1`` keeps everything in one process.
    """
    jobs = os.environ.get("STRATALIGN_JOBS", "").strip()
    if jobs.isdigit():
        processes = int(jobs)
    elif hasattr(os, "sched_getaffinity"):
        processes = len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    else:
        processes = os.cpu_count() or 1
    return max(0, processes - 1)


class Claims:
    """Named steps that whichever process gets to first does: a worker, or this process once it is free.

    A claim is a file created with ``O_EXCL`` in a directory both processes
    see: the file system decides who was first, whatever the processes are.

    >>> claims = Claims(tempfile.mkdtemp())
    >>> claims.claim("goals"), claims.claim("goals")
    (True, False)
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def claim(self, name: str) -> bool:
        """True for the first process that asks for ``name`` (it then does the step), False for any later."""
        try:
            os.close(os.open(self.directory / f"{name}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True


class Done:
    """Steps whose answers are known already: the same :meth:`result` as :class:`Steps`.

    >>> Done({"goals": []}).result("goals")
    []
    """

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self._answers = dict(answers)

    def result(self, name: str) -> Any:
        return self._answers[name]


class Steps:
    """Named steps for ``workers`` fresh processes, started now; :meth:`give` hands each its input.

    The names are shared out in the given order (``names[i::workers]``), so
    put the longest first. A worker begins a step as soon as it is given, so
    the first one runs while the next one's input is being made. With no
    worker, each step runs when its result is asked for. :meth:`result`
    collects each answer.

    >>> steps = Steps(["total"], workers=0)
    >>> steps.give("total", sum, [1, 2, 3])
    >>> steps.result("total")
    6
    """

    def __init__(self, names: Iterable[str], workers: int) -> None:
        self._directory = Path(tempfile.mkdtemp(prefix="stratalign-steps-"))
        # The directory goes when this object does, or at exit, whatever happened.
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._directory, True)
        self.claims = Claims(self._directory)
        self._answers: dict[str, Any] = {}
        self._kept: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {}  # inputs that could not be written
        self._owner: dict[str, subprocess.Popen] = {}
        self._waiting: dict[subprocess.Popen, set[str]] = {}  # names not yet given, by worker
        #: the names each worker was started for, in its order (none: every step runs here)
        self.shares: list[list[str]] = []
        names = list(names)
        for share in (names[i::workers] for i in range(min(workers, len(names)))):
            process = _launch(self._directory)
            if process is not None:
                self._owner.update(dict.fromkeys(share, process))
                self._waiting[process] = set(share)
                self.shares.append(share)

    def give(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        """The input of step ``name``: ``fn(*args)`` is its answer (both picklable; ``fn`` by module and name)."""
        path = self._directory / f"{name}.step"
        try:
            with open(path, "wb") as file:
                pickle.dump((fn, args), file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # no room for it (a full disk): it stays here and runs here
            path.unlink(missing_ok=True)
            self._kept[name] = (fn, args)
        process = self._owner.get(name)
        if process is None:
            return
        waiting = self._waiting[process]
        waiting.discard(name)
        try:
            assert process.stdin is not None
            if name not in self._kept:
                process.stdin.write(f"{name}\n".encode())
                process.stdin.flush()
            if not waiting:
                process.stdin.close()  # the worker ends after its last step
        except OSError:
            pass  # the worker is gone: its steps run here (see result)

    def result(self, name: str) -> Any:
        """The step's answer: from its worker if that has begun it, else computed here now (once)."""
        if name in self._answers:
            return self._answers[name]
        answer: tuple[bool, Any] | None = None
        if not self.claims.claim(name):  # a worker has begun it: wait for its answer
            process = self._owner.get(name)
            if process is not None:
                process.wait()
            answer = _read(self._directory / f"{name}.answer")
        if answer is None:  # no worker, none had begun it, or the one that had died: run it here
            kept = self._kept.pop(name, None)
            answer = _call(*kept) if kept is not None else _run(self._directory / f"{name}.step")
        ok, value = answer
        if not ok:
            raise value
        self._answers[name] = value
        return value

    def wait(self) -> None:
        """Wait until each worker has ended: it ends after its last step, once every step is given."""
        for process in self._waiting:
            process.wait()

    def close(self) -> None:
        """Stop any worker still running and remove the steps' files."""
        for process in self._waiting:
            if process.poll() is None:
                process.kill()
            process.wait()
        self._cleanup()


def _launch(directory: Path) -> subprocess.Popen | None:
    env = dict(os.environ)
    # The worker imports the steps' functions from where this process found them
    # ("" is this process's working directory, which -P keeps out of the worker's path).
    env["PYTHONPATH"] = os.pathsep.join(path or os.getcwd() for path in sys.path)
    try:
        process = subprocess.Popen(
            # -P: nothing from the working directory shadows a module the worker imports
            [sys.executable, "-P", "-c", _WORKER, str(directory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        return None  # no process to be had: the steps run here
    return process


def _read(path: Path) -> tuple[bool, Any] | None:
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None  # never written: the worker died first


def _run(step: Path) -> tuple[bool, Any]:
    with open(step, "rb") as file:
        fn, args = pickle.load(file)
    return _call(fn, args)


def _call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    try:
        return True, fn(*args)
    except Exception as err:  # the caller re-raises it, as if the step had run there
        return False, err


def _serve(directory: str) -> None:
    """The worker: each step named on stdin, unless the main process has claimed it, its answer to a file."""
    import gc

    gc.disable()  # a short-lived process of acyclic data: what it allocates is freed at exit
    claims = Claims(directory)
    for line in iter(sys.stdin.buffer.readline, b""):
        name = line.decode().strip()
        if name and claims.claim(name):
            answer = _run(Path(directory) / f"{name}.step")
            partial = Path(directory) / f"{name}.answer.part"
            with open(partial, "wb") as file:
                pickle.dump(answer, file, protocol=pickle.HIGHEST_PROTOCOL)
            partial.rename(Path(directory) / f"{name}.answer")  # whole or absent, never half written
            del answer  # not held while the next step runs
