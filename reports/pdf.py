"""The report as a paginated PDF, printed by headless Chromium from the print version of the HTML.

Why Chromium and not WeasyPrint (both measured on the Horsens print page, 2
busy cores): Chromium printed it in 10.7 s (629 KB, 27 pages), WeasyPrint 70 in
28.9 s (123 KB, 26 pages); Chromium lays out grid, flex and SVG as the browser
shows them, and WeasyPrint would be a new runtime dependency tree (cffi,
Pillow, fonttools, pydyf …) besides Debian's pango. Chromium is the browser the tests already drive; it is
called as a program (no Python package), only when a PDF is asked for.

The page printed has no script (``build_report(pdf=True)``): every fold
open, the tables' first page, the graph as a static SVG with its legend.

>>> pdf = build_pdf(model, analysis, "da")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx

from alignment import Analysis
from ontology import InputError, Model

__all__ = ["chromium", "html_to_pdf", "build_pdf", "INSTALL_HINT", "ENGINE_VARIABLE"]

#: Set to the browser's path when it is not on PATH under one of :data:`_NAMES`.
ENGINE_VARIABLE = "STRATALIGN_CHROMIUM"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "writing PDF needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) "
    f"or set {ENGINE_VARIABLE} to a Chromium or Chrome program"
)
#: A national report prints in well under a minute; past this the browser is stuck.
TIMEOUT_SECONDS = 300


def chromium() -> str | None:
    """The Chromium (or Chrome) program to print with: $STRATALIGN_CHROMIUM, else the first on PATH."""
    given = os.environ.get(ENGINE_VARIABLE)
    if given:
        return given if Path(given).is_file() and os.access(given, os.X_OK) else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, *, where: str = "-") -> bytes:
    """Print ``html`` (a self-contained page) to PDF bytes; ``where`` names the output in errors.

    Raises InputError (exit 2) with :data:`INSTALL_HINT` when no Chromium is found.
    """
    program = chromium()
    if program is None:
        raise InputError(where, None, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="stratalign-pdf-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            program,
            "--headless",
            # the page is our own, script-free under its CSP, read from a private temporary folder;
            # the sandbox cannot start as root or in most containers
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise InputError(where, None, f"Chromium ({program}) could not print the report: {err}") from None
        if not out.is_file() or out.stat().st_size == 0:
            lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
            why = lines[-1].strip() if lines else f"exit status {done.returncode}"
            raise InputError(where, None, f"Chromium ({program}) wrote no PDF: {why}")
        return out.read_bytes()


def build_pdf(
    model: Model, analysis: Analysis, lang: str = "da", *, graph: nx.MultiDiGraph | None = None, where: str = "-"
) -> bytes:
    """The report as PDF bytes: the decision page, issues, tables, coverage and the static graph."""
    from .html import build_report

    return html_to_pdf(build_report(model, analysis, lang, graph=graph, pdf=True), where=where)
