"""stratalign's fourth pipeline stage: report assembly and templates.

>>> from ontology.loaders import load_model
>>> html = make_report(load_model(["tests/data/yaml/demo.yaml"]), lang="en")  # doctest: +SKIP
"""
from __future__ import annotations

from .report import FORMATS, build_json, build_markdown, build_report, make_report, render_report, report_content

__all__ = ["FORMATS", "build_report", "build_markdown", "build_json", "render_report", "report_content", "make_report"]
