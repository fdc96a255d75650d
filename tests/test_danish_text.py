"""Danish text and Markdown output of analyze: finding kinds in words, numbers in Danish style."""

from __future__ import annotations

import copy
import re

import pytest

from alignment.analyze import analyze
from alignment.findings import KINDS
from alignment.messages import KIND_TITLES
from alignment.render import render
from ontology.examples import example_path
from ontology.loaders import load_model


@pytest.fixture(scope="module")
def analyses():
    model = load_model([example_path("esbjerg-2020")])
    return {lang: analyze(model, lang=lang) for lang in ("da", "en")}


@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_finding_kind_code_in_text_or_markdown(analyses, fmt, lang):
    analysis = analyses[lang]
    out = render(analysis, fmt)
    assert analysis.findings
    codes = [kind for kind in KINDS if re.search(rf"(?<![\w-]){re.escape(kind)}(?![\w-])", out)]
    assert not codes, codes
    for finding in analysis.findings:
        assert KIND_TITLES[lang][finding.kind][0] in out


@pytest.mark.parametrize(
    "lang, expected",
    [
        pytest.param("da", "I alt 112.013 fund: 1.200 fejl", id="da"),
        pytest.param("en", "In all 112,013 findings: 1,200 errors", id="en"),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "md"])
def test_counts_in_the_language_s_number_style(analyses, lang, expected, fmt):
    analysis = copy.deepcopy(analyses[lang])
    analysis.summary["findings"]["total"] = 112013
    analysis.summary["findings"]["by_severity"]["error"] = 1200
    analysis.summary["goals"] = 4500
    out = render(analysis, fmt)
    assert expected in out
    assert ("4.500 mål" if lang == "da" else "4,500 goals") in out
