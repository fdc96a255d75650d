"""The extraction corpus (tests/data/extract/): render each Markdown document as PDF (reportlab, with
DejaVu Sans when installed), DOCX (a minimal WordprocessingML package written with zipfile: python-docx
needs lxml, which the project keeps out), DOCX written by pandoc (``docx-pandoc``: a third-party writer,
through the ``pypandoc_binary`` wheel) and plain text; score an extraction against the answer key.

Used by tests/test_extract.py and benchmarks/extract_eval.py.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

CORPUS = Path(__file__).parent / "data" / "extract"
NAMES = (
    "horsens-2014",
    "esbjerg-vision-2020",
    "esbjerg-vaekststrategi-2020",
    "esbjerg-kommuneplan-2018",
    "esbjerg-vision-2025",
)
FORMATS = ("md", "txt", "pdf", "docx", "docx-pandoc")
TYPES = ("goals", "targets", "initiatives", "focus_areas", "delegations")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pandoc() -> str | None:
    """The pandoc binary the ``pypandoc_binary`` wheel ships, or None when it is not installed."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None


def answers() -> dict[str, Any]:
    return yaml.safe_load((CORPUS / "answers.yaml").read_text(encoding="utf-8"))


def _blocks(name: str) -> list[tuple[str, str]]:
    """The Markdown source as (kind, text): heading, item (with its marker) or paragraph."""
    out = []
    for line in (CORPUS / f"{name}.md").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            out.append(("heading", line.lstrip("#").strip()))
        elif line.startswith("- "):
            out.append(("bullet", line[2:]))
        elif line[:1].isdigit() and ". " in line[:4]:
            out.append(("number", line))
        else:
            out.append(("text", line))
    return out


def render(name: str, fmt: str, folder: Path) -> Path:
    """The document ``name`` written as ``fmt`` into ``folder``."""
    if fmt == "docx-pandoc":
        # its own folder: evidence names a document by its file name, and that must stay <name>.docx
        (folder / fmt).mkdir(exist_ok=True)
        path = folder / fmt / f"{name}.docx"
        binary = pandoc()
        if binary is None:
            raise RuntimeError("pandoc is missing: pip install -e '.[test]' (pypandoc_binary ships it)")
        subprocess.run(
            [binary, str(CORPUS / f"{name}.md"), "-f", "markdown", "-t", "docx", "-o", str(path)], check=True
        )
        return path
    path = folder / f"{name}.{fmt}"
    if fmt == "md":
        path.write_text((CORPUS / f"{name}.md").read_text(encoding="utf-8"), encoding="utf-8")
    elif fmt == "txt":
        lines = []
        for kind, text in _blocks(name):
            lines += ([""] if lines else []) + [("• " + text) if kind == "bullet" else text]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "pdf":
        _pdf(name, path)
    else:
        _docx(name, path)
    return path


def _pdf(name: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"  # Latin-1: æøå and « » are in it
    if DEJAVU.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
        font = "DejaVu"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 60
    blocks = _blocks(name)
    # two pages: the second starts at the middle block, so evidence must name page 2 for what is there
    breaks = {len(blocks) // 2}
    for i, (kind, text) in enumerate(blocks):
        if i in breaks:
            pdf.showPage()
            y = height - 60
        size = 14 if kind == "heading" else 10
        shown = ("• " + text) if kind == "bullet" else text
        for line in simpleSplit(shown, font, size, width - 120):
            if y < 60:
                pdf.showPage()
                y = height - 60
            pdf.setFont(font, size)
            pdf.drawString(60, y, line)
            y -= size + 4
        y -= 8
    pdf.save()


_DOCX_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_DOCX_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def _docx(name: str, path: Path) -> None:
    """Headings as Title/Heading1/Heading2 styles, list items with numbering properties, a page break in the middle."""
    paragraphs = []
    blocks = _blocks(name)
    level_of = {}
    for line in (CORPUS / f"{name}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            level_of[line.lstrip("#").strip()] = len(line) - len(line.lstrip("#"))
    for i, (kind, text) in enumerate(blocks):
        props = ""
        if kind == "heading":
            level = level_of.get(text, 2)
            props = f'<w:pPr><w:pStyle w:val="{"Title" if level == 1 else f"Heading{level - 1}"}"/></w:pPr>'
        elif kind in ("bullet", "number"):
            props = '<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            if kind == "number":
                text = text.split(". ", 1)[1]
        brk = '<w:r><w:br w:type="page"/></w:r>' if i == len(blocks) // 2 else ""
        paragraphs.append(f'<w:p>{props}{brk}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)


def _has(text: str, part: str) -> bool:
    return " ".join(part.casefold().split()) in " ".join(text.casefold().split())


def found_items(model: dict[str, Any], document: str) -> dict[str, list[Any]]:
    """What a draft model says about one document (by its evidence), in the answer key's terms."""
    out: dict[str, list[Any]] = {t: [] for t in TYPES}
    actors = {a["id"]: a["label"] for a in model.get("actors", [])}
    for section, kind in (("goals", "goals"), ("initiatives", "initiatives"), ("focus_areas", "focus_areas")):
        for entry in model.get(section, []):
            if not any(Path(e["document"]).stem == document for e in entry["evidence"]):
                continue
            out[kind].append(entry["label"])
            for target in entry.get("targets", []):
                out["targets"].append((target["value"], target.get("year"), target["direction"]))
            for actor in entry.get("delegated_to", []):
                out["delegations"].append((entry["label"], actors.get(actor, actor)))
    return out


def score(model: dict[str, Any], key: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Precision and recall per element type over every document of the key (each key entry matched once)."""
    tally = {t: {"tp": 0, "found": 0, "expected": 0} for t in TYPES}
    for document, expected in key.items():
        got = found_items(model, document)
        for kind in TYPES:
            wanted = list(expected.get(kind) or [])
            tally[kind]["found"] += len(got[kind])
            tally[kind]["expected"] += len(wanted)
            for item in got[kind]:
                match = next((w for w in wanted if _matches(kind, item, w)), None)
                if match is not None:
                    wanted.remove(match)
                    tally[kind]["tp"] += 1
    out = {}
    for kind, t in tally.items():
        out[kind] = {
            "precision": t["tp"] / t["found"] if t["found"] else 1.0,
            "recall": t["tp"] / t["expected"] if t["expected"] else 1.0,
            "found": t["found"],
            "expected": t["expected"],
        }
    return out


def _matches(kind: str, item: Any, wanted: Any) -> bool:
    if kind == "targets":
        return tuple(item) == (wanted["value"], wanted["year"], wanted["direction"])
    if kind == "delegations":
        return _has(item[0], wanted["goal"]) and " ".join(item[1].split()) == wanted["to"]
    return _has(item, wanted)
