"""stratalign's fourth pipeline stage: the report, in HTML, Markdown, JSON or PDF.

What the report says is :mod:`reports.content`; :mod:`reports.html`,
:mod:`reports.markdown` and :mod:`reports.pdf` render it, and
:mod:`reports.report` picks the format. The applications use the names below.

>>> from ontology.loaders import load_model
>>> html = make_report(load_model(["tests/data/yaml/demo.yaml"]), lang="en")  # doctest: +SKIP
"""

from __future__ import annotations

from .content import report_content
from .html import build_report
from .markdown import build_markdown
from .pdf import INSTALL_HINT, chromium
from .report import FORMATS, build_json, make_report, render_report

__all__ = [
    "FORMATS",
    "build_report",
    "build_markdown",
    "build_json",
    "render_report",
    "report_content",
    "make_report",
    "INSTALL_HINT",
    "chromium",
]
