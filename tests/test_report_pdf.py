"""`report -o x.pdf`: a paginated PDF printed by Chromium, read back with a real PDF reader (pypdf).

Locally these tests skip without Chromium or pypdf; in CI (CI=true) that skip is a failure.
"""

from __future__ import annotations

import re

import pytest
from conftest import require

from reports.pdf import ENGINE_VARIABLE, INSTALL_HINT, chromium

HEADING = {"da": "Det skal besluttes", "en": "To decide"}


@pytest.fixture(scope="module")
def pdf_reader():
    try:
        import pypdf
    except ImportError:  # pragma: no cover - the test extra installs it
        require(False, "pypdf is not installed (pip install -e '.[test]')")
    require(chromium() is not None, "Chromium is not installed (apt-get install chromium)")
    return pypdf.PdfReader


@pytest.mark.parametrize(
    "example, lang",
    [
        pytest.param("esbjerg-2020", "da", id="esbjerg-da"),
        pytest.param("horsens-2014", "da", id="horsens-da"),
        pytest.param("esbjerg-2020", "en", id="esbjerg-en"),
    ],
)
def test_pdf_for_the_examples(run, tmp_path, pdf_reader, example, lang):
    out = tmp_path / "report.pdf"
    result = run("report", "--example", example, "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    reader = pdf_reader(out)
    assert len(reader.pages) > 1  # paginated: each section starts a page
    first = reader.pages[0].extract_text()
    assert HEADING[lang] in first  # the decision page opens the report
    text = "\n".join(page.extract_text() for page in reader.pages)
    if lang == "da":
        assert "Dækning pr. plan" in text and "Forklaring" in text  # tables, and the static graph's legend
        assert "Dækning pr. mål" in text and "Ø" in text  # æ, å and Ø extract as themselves
        assert "target-conflict" not in text and "uncovered-goal" not in text  # kinds in words
    else:
        assert "Coverage per plan" in text and "Legend" in text
    assert "Covered" in text or "Dækket" in text  # the legend names each coverage state


def test_without_chromium_the_pdf_is_exit_2_with_how_to_install_it(run, tmp_path, monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, str(tmp_path / "no-such-browser"))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("report", "--example", "esbjerg-2020", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "apt-get install chromium" in lines[0] and "x.pdf" in lines[0]
    assert INSTALL_HINT in lines[0]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("name", [pytest.param("x.docx", id="docx"), pytest.param("x.png", id="png")])
def test_other_suffixes_are_refused_naming_the_formats(run, tmp_path, name):
    result = run("report", "--example", "esbjerg-2020", "-o", tmp_path / name)
    assert result.exit_code == 2
    assert ".pdf" in result.output and ".html" in result.output and not (tmp_path / name).exists()


def test_the_print_page_has_no_script_and_every_fold_open():
    from alignment.analyze import analyze
    from ontology.examples import example_path
    from ontology.loaders import load_model
    from reports import build_report

    model = load_model([example_path("horsens-2014")])
    html = build_report(model, analyze(model), "da", pdf=True)
    assert "<script" not in html
    tags = re.findall(r"<details[^>]*>", html)  # one bounded class: linear
    assert tags and all(tag.endswith(" open>") for tag in tags)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="sg"' in html and "Forklaring" in html


@pytest.mark.parametrize(
    "lang, words",
    [
        ("da", ("Fremdrift", "Forventet på vejen", "118.635", "Andel på sporet")),
        ("en", ("Progress", "Expected on the path", "118,635", "On-track share")),
    ],
    ids=["da", "en"],
)
def test_the_progress_section_prints_whole(run, tmp_path, pdf_reader, lang, words):
    """Its tables fit the A4 width: the last columns (expected value, on-track share) were cut off at first."""
    out = tmp_path / "report.pdf"
    assert run("report", "--example", "esbjerg-2020", "--lang", lang, "-o", out).exit_code == 0
    text = "\n".join(page.extract_text() for page in pdf_reader(out).pages).replace("\n", " ")
    for word in words:
        assert word in text, word
