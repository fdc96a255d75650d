"""Signs of life on standard error: the stage a long command is at, and what it wrote.

The stage line is drawn by rich (a spinner with the stage's name and the time
so far), only when standard error is a terminal and the work has taken more
than :data:`DELAY` seconds: a quick command prints nothing but its "wrote"
line. rich rather than tqdm: the pipeline's stages have no counts to fill a
bar with (the rules run as SPARQL queries), and rich's status spinner shows a
stage without a total; it also leaves out colour under NO_COLOR by itself.

Conventions: ``NO_COLOR`` asks for no colour (https://no-color.org), not for
silence, so the line stays, uncoloured. ``CI`` set: no animation; each stage
is one plain line instead. ``--quiet``: nothing at all on success.

>>> with Stages(quiet=True, lang="en") as stage:
...     stage("load")
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable

import click

from alignment import TEXT
from ontology import format_number

__all__ = ["Stages", "say_wrote", "user_lang", "quiet_option", "DELAY", "Progress"]

quiet_option = click.option(
    "--quiet", is_flag=True, help="Print no progress and no 'wrote' line on standard error (errors still are)."
)

#: Seconds of work before the first sign of life: about a second, as people notice a pause.
DELAY = 1.0

Progress = Callable[[str], None]


class Stages:
    """A context manager whose call ``stage(name)`` says the work has reached ``name`` (a key of TEXT's stage words)."""

    def __init__(self, *, quiet: bool, lang: str, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.lang = lang
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())
        self.animated = self.enabled and not os.environ.get("CI")
        self.current: str | None = None
        self.started = time.monotonic()
        self._status: Any = None  # a rich Status once shown; rich loads only when a terminal shows one
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._shown = False

    def _words(self, stage: str) -> str:
        return TEXT[self.lang].get("stage_" + stage, stage)

    def __enter__(self) -> "Stages":
        if self.enabled:
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __call__(self, stage: str) -> None:
        with self._lock:
            self.current = stage
            if not self._shown:
                return
            if self._status is not None:
                self._status.update(self._line())
            else:
                click.echo(f"stratalign: {self._words(stage)}…", err=True)

    def _line(self) -> str:
        return f"stratalign: {self._words(self.current or 'load')}…"

    def _show(self) -> None:
        with self._lock:
            self._shown = True
            if self.animated:
                from rich.console import Console
                from rich.status import Status

                status = Status(self._line(), console=Console(file=self.stream, highlight=False))
                status.start()
                self._status = status
            elif self.current is not None:
                click.echo(self._line(), err=True)

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._status is not None:
                self._status.stop()  # transient: the line goes, the "wrote" line follows
                self._status = None
            self._shown = False


def user_lang() -> str:
    """For a command without --lang: the language its help is shown in (the locale's)."""
    from .help_texts import HELP_LANG

    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(HELP_LANG, "en") if ctx is not None else "en"


def say_wrote(output: str | None, lang: str, quiet: bool) -> None:
    """One line on stderr naming the file written and its size ("wrote report.html (557 KB)"); nothing for stdout or --quiet."""
    if quiet or output is None or output == "-":
        return
    path = Path(output)
    if not path.is_file():  # a device (-o /dev/null) or a pipe: nothing to report
        return
    size = path.stat().st_size
    shown = (
        f"{format_number(str(round(size / 1000)), lang)} KB" if size >= 1000 else f"{format_number(str(size), lang)} B"
    )
    click.echo(TEXT[lang]["wrote"].format(path=output, size=shown), err=True)
