"""Read a strategy document into pages of blocks (headings, list items, paragraphs), keeping each page's text.

PDF through pypdf (pure Python, maintained, gives the text page by page: what evidence needs), DOCX
through the standard library's zipfile and defusedxml (python-docx would pull in lxml, which the
project keeps out: openpyxl would switch to it), Markdown and plain text by lines. Every problem is
an :class:`~ontology.InputError` naming the file: encrypted, no text layer, corrupt, empty, unsupported.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from ontology import InputError

__all__ = ["Block", "Document", "read_document", "SUFFIXES"]

SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")
#: A document larger than this is refused before it is read (a strategy is a few MB).
MAX_BYTES = 50_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Block:
    """One heading (``level`` 1…), list item or paragraph, on one page (1-based)."""

    kind: str  # heading, item, text
    text: str
    page: int
    level: int = 0


@dataclass
class Document:
    """A read document: its name (as evidence names it), its blocks and each page's text."""

    name: str
    blocks: list[Block] = field(default_factory=list)
    pages: dict[int, str] = field(default_factory=dict)

    def text(self) -> str:
        return "\n".join(self.pages[p] for p in sorted(self.pages))


def read_document(path: str | Path) -> Document:
    """Read one document by its suffix.

    >>> read_document("tests/data/extract/esbjerg-kommuneplan-2018.md").blocks[0].kind
    'heading'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            str(path),
            None,
            f"unsupported document type '{suffix or '(none)'}': extract reads PDF, DOCX, Markdown (.md) and text (.txt)",
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                str(path), None, f"the document is {size:,} bytes, more than extract reads ({MAX_BYTES:,})"
            )
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), None, f"cannot read the document: {err.strerror or err}") from None
    if not data.strip():
        raise InputError(str(path), None, "the document is empty")
    if suffix == ".pdf":
        doc = _pdf(path, data)
    elif suffix == ".docx":
        doc = _docx(path, data)
    else:
        doc = _lines(path.name, _decode(path, data).split("\f"), markdown=suffix in (".md", ".markdown"))
    if not any(b.text.strip() for b in doc.blocks):
        raise InputError(str(path), None, "the document has no text")
    return doc


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(str(path), line, "not UTF-8 text (save the file as UTF-8)") from None


def _lines(name: str, pages: list[str], *, markdown: bool) -> Document:
    """Markdown or plain text (pages split at form feeds): ``#`` headings (Markdown) or a short first
    line (text), ``-``/``*``/``•``/``1.`` list items, and paragraphs of consecutive lines."""
    doc = Document(name)
    for number, page in enumerate(pages, 1):
        doc.pages[number] = page
        paragraph: list[str] = []
        closed = True  # the line before ended a block (start, blank line, sentence end, heading, item)

        def flush(paragraph: list[str] = paragraph, number: int = number) -> None:
            if paragraph:
                doc.blocks.append(Block("text", " ".join(paragraph), number))
                paragraph.clear()

        lines = [raw.strip() for raw in page.splitlines()]
        for at, line in enumerate(lines):
            following = next((x for x in lines[at + 1 :] if x), "")
            if not line:
                flush()
                closed = True
                continue
            if markdown and line.startswith("#"):
                flush()
                level = len(line) - len(line.lstrip("#"))
                doc.blocks.append(Block("heading", line[level:].strip(), number, min(level, 6)))
                closed = True
                continue
            item = _item_text(line)
            if item is not None and closed:
                flush()
                previous = doc.blocks[-1].kind if doc.blocks else ""
                if not markdown and not line.startswith("1") and line[:1].isdigit() and previous != "item":
                    # "2. Vækst i bosætning" after a paragraph: a numbered section, not a list's item
                    doc.blocks.append(Block("heading", item, number, 2))
                else:
                    doc.blocks.append(Block("item", item, number))
                continue
            if not markdown and not doc.blocks and not paragraph:
                doc.blocks.append(Block("heading", line, number, 1))  # a text file's first line is its title
                continue
            if not markdown and closed and _looks_like_heading(line) and not following[:1].islower():
                # a PDF's text layer has no blank lines: a short line after a closed block is a heading,
                # a short line after an open one the end of a wrapped sentence
                flush()
                doc.blocks.append(Block("heading", line, number, 2))
                continue
            paragraph.append(line)
            closed = markdown is False and line.endswith((".", "!", "?", ":"))
            if closed:
                flush()
        flush()
    return doc


def _item_text(line: str) -> str | None:
    """The text of a list item (``- x``, ``* x``, ``• x``, ``1. x``, ``1) x``), or None."""
    if line[:2] in ("- ", "* ", "• ", "– "):
        return line[2:].strip() or None
    digits = len(line) - len(line.lstrip("0123456789"))
    if 0 < digits <= 3 and line[digits : digits + 2] in (". ", ") "):
        rest = line[digits + 2 :].strip()
        # "3. Udvikling af Midtbyen" is an item; "2020 blev …" is not (no dot after the digits)
        return rest or None
    return None


def _looks_like_heading(line: str) -> bool:
    """A plain-text heading: short, no sentence end, starts with a capital (≤ 80 characters)."""
    return len(line) <= 80 and not line.endswith((".", ",", ":", ";")) and line[:1].isupper()


# pypdf logs what it repairs ("invalid pdf header", "EOF marker not found") as warnings, which
# Python printed on stderr above the one line that says what is wrong with the file. A handler of
# our own keeps them off stderr, and an application that configures logging still receives them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def _pdf(path: Path, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(str(path), None, "the PDF is encrypted: save an unprotected copy and extract that")
        texts = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as err:
        raise InputError(str(path), None, f"not a readable PDF ({type(err).__name__}: {str(err)[:120]})") from None
    if not texts:
        raise InputError(str(path), None, "the PDF has no pages")
    if not any(t.strip() for t in texts):
        raise InputError(
            str(path),
            None,
            f"the PDF has no text layer ({len(texts)} page(s) of images only?): run OCR first, e.g. ocrmypdf -l dan IN.pdf OUT.pdf, and extract OUT.pdf",
        )
    return _lines(path.name, texts, markdown=False)


def _docx(path: Path, data: bytes) -> Document:
    """Paragraphs of word/document.xml: Heading N / Overskrift N / Title styles are headings, numbered
    or list-styled paragraphs items; a page break (``w:br w:type="page"``) starts the next page."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError(str(path), None, "not a Word document (no word/document.xml in the archive)")
            if archive.getinfo("word/document.xml").file_size > MAX_BYTES:
                raise InputError(str(path), None, "word/document.xml is larger than extract reads")
            xml = archive.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except InputError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError) as err:
        raise InputError(
            str(path), None, f"not a readable DOCX file ({type(err).__name__}: {str(err)[:120]})"
        ) from None
    except Exception as err:  # defusedxml refuses entities and DTDs with its own errors
        raise InputError(str(path), None, f"refused DOCX content ({type(err).__name__})") from None
    doc = Document(path.name)
    page, texts = 1, {1: []}  # type: ignore[var-annotated]
    for p in root.iter(_W + "p"):
        parts = []
        for node in p.iter():
            if node.tag == _W + "t" and node.text:
                parts.append(node.text)
            elif node.tag == _W + "tab":
                parts.append("\t")
            elif node.tag == _W + "br" and node.get(_W + "type") == "page":
                page += 1
                texts.setdefault(page, [])
        text = "".join(parts).strip()
        if not text:
            continue
        style = ""
        ppr = p.find(_W + "pPr")
        numbered = False
        if ppr is not None:
            found = ppr.find(_W + "pStyle")
            style = (found.get(_W + "val") or "") if found is not None else ""
            numbered = ppr.find(_W + "numPr") is not None
        lowered = style.lower().replace(" ", "")
        texts[page].append(text)
        if lowered in ("title", "titel"):
            doc.blocks.append(Block("heading", text, page, 1))
        elif lowered.startswith(("heading", "overskrift")) and lowered[-1:].isdigit():
            doc.blocks.append(Block("heading", text, page, min(int(lowered[-1]) + 1, 6)))
        elif numbered or lowered.startswith(("listparagraph", "listeafsnit", "listnumber", "listbullet", "opstilling")):
            doc.blocks.append(Block("item", text, page))
        else:
            doc.blocks.append(Block("text", text, page))
    doc.pages = {n: "\n".join(lines) for n, lines in texts.items()}
    return doc
