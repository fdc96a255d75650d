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
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
#: The prefixes Word writes in ``mc:Choice Requires`` for the namespaces the DOCX reader reads through:
#: text boxes (``wps:txbx``), in a group of shapes or on a drawing canvas, hold plain ``w:p`` paragraphs.
_WORD_PREFIXES = {
    "wps": _WPS,
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
}
_UNDERSTOOD = frozenset(_WORD_PREFIXES.values())
# the qualified names the DOCX reader compares every element with, made once
_P, _T, _TAB, _BR, _TYPE = _W + "p", _W + "t", _W + "tab", _W + "br", _W + "type"
_PPR, _PSTYLE, _NUMPR, _VAL = _W + "pPr", _W + "pStyle", _W + "numPr", _W + "val"
_ALTERNATE, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_NO_BREAK_HYPHEN = _W + "noBreakHyphen"  # Word's Ctrl+Shift+- ("17‑30-årige"): a hyphen (a soft one is dropped)


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


def join_lines(lines: list[str]) -> str:
    """The lines of a paragraph as one text, a word hyphenated at a line's end joined again.

    Typeset PDFs break Danish compounds at line ends ("indbyg-" / "gere"): kept as "indbyg- gere", the same
    goal in a PDF and in another document was two goals. The hyphen stays where it is a word's own: after a
    digit ("CO2-" / "udledning") or before a capital ("Vækst-" / "Esbjerg").

    >>> join_lines(["125.000 indbyg-", "gere i 2030", "og mindre CO2-", "udledning; Vækst-", "Esbjerg"])
    '125.000 indbyggere i 2030 og mindre CO2-udledning; Vækst-Esbjerg'
    """
    out = lines[0] if lines else ""
    for line in lines[1:]:
        if len(out) >= 2 and out[-1] == "-" and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        elif len(out) >= 2 and out[-1] == "-" and (out[-2].isdigit() or line[:1].isupper()) and out[-2] != " ":
            out += line
        else:
            out += " " + line
    return out


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
                doc.blocks.append(Block("text", join_lines(paragraph), number))
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
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise InputError(str(path), None, _unreadable(err)) from None
    except Exception as err:  # an encrypted or oddly compressed member
        raise InputError(str(path), None, f"refused DOCX content ({type(err).__name__})") from None
    doc = Document(path.name)
    paragraphs, last_page = _docx_paragraphs(path, xml)
    texts: dict[int, list[str]] = {page: [] for page in range(1, last_page + 1)}
    for page, text, style, numbered in paragraphs:
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


def _docx_paragraphs(path: Path, xml: bytes) -> tuple[list[tuple[int, str, str, bool]], int]:
    """The non-empty paragraphs of word/document.xml as (page, text, style, numbered), and the last page.

    >>> body = '<w:p><w:r><w:t>Vi vil have 500 flere borgere.</w:t></w:r></w:p>'
    >>> xml = f'<w:document xmlns:w="{_W[1:-1]}"><w:body>{body}</w:body></w:document>'
    >>> _docx_paragraphs(Path("x.docx"), xml.encode())
    ([(1, 'Vi vil have 500 flere borgere.', '', False)], 1)
    """
    reader = _DocxReader()
    # defusedxml's parser with a target of our own: its events, and no element tree built
    parser = ElementTree.XMLParser(target=reader)
    try:
        parser.feed(xml)
        parser.close()
    except (ElementTree.ParseError, ValueError, KeyError, OSError) as err:
        raise InputError(str(path), None, _unreadable(err)) from None
    except Exception as err:  # defusedxml refuses entities and DTDs with its own errors
        raise InputError(str(path), None, f"refused DOCX content ({type(err).__name__})") from None
    return [slot for slot in reader.slots if slot is not None], reader.page


class _DocxReader:
    """The parser target that reads WordprocessingML paragraphs in one pass (linear in the XML's size).

    A paragraph in a text box (``w:txbxContent``) is a paragraph of its own, right after the paragraph
    that anchors the box, and no part of the anchor's text. Of a Markup Compatibility
    ``mc:AlternateContent`` only the first ``mc:Choice`` the reader understands is read, or else its
    ``mc:Fallback``: Word writes each text box twice, as a DrawingML choice and a VML fallback.
    """

    def __init__(self) -> None:
        # a paragraph's slot is taken where it starts and filled where it ends: before its text boxes'
        self.slots: list[tuple[int, str, str, bool] | None] = []
        self.page = 1
        self._tags: list[str] = []  # the open elements, outermost first
        self._paragraphs: list[_Paragraph] = []  # the open paragraphs, innermost last
        self._chosen: list[bool] = []  # per open mc:AlternateContent: whether one of its branches is read
        self._skip = 0  # while > 0: how deep the reader is in a branch it passes over unread
        self._text: list[str] | None = None  # inside a read w:t: where its characters go
        self._bindings: dict[str, list[str]] = {}  # prefix → the URIs declared for it, innermost last

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        tags = self._tags
        tags.append(tag)
        if self._skip:
            self._skip += 1
            return
        if tag == _T:
            if self._paragraphs:
                self._text = self._paragraphs[-1].parts
                if self._paragraphs[-1].page is None:
                    # the page of its first text: a page break at its end (Ctrl+Enter) moved it to the next
                    self._paragraphs[-1].page = self.page
        elif tag == _P:
            self._paragraphs.append(_Paragraph(len(self.slots)))
            self.slots.append(None)
        elif tag == _TAB:
            if self._paragraphs:
                self._paragraphs[-1].parts.append("\t")
        elif tag == _NO_BREAK_HYPHEN:
            if self._paragraphs:  # it was dropped: "17‑30-årige" read as "1730-årige"
                self._paragraphs[-1].parts.append("-")
        elif tag == _BR:
            if attrib.get(_TYPE) == "page":
                self.page += 1
        elif tag == _ALTERNATE:
            self._chosen.append(False)
        elif (tag == _CHOICE or tag == _FALLBACK) and len(tags) > 1 and tags[-2] == _ALTERNATE:
            readable = tag == _FALLBACK or _understood(attrib.get("Requires") or "", self._bindings)
            if self._chosen[-1] or not readable:
                self._skip = 1  # another branch of the same content: never both
            else:
                self._chosen[-1] = True
        elif (tag == _PSTYLE or tag == _NUMPR) and len(tags) > 2 and tags[-2] == _PPR and tags[-3] == _P:
            # the paragraph's own properties, not the old ones of a w:pPrChange in them
            if tag == _PSTYLE:
                self._paragraphs[-1].style = attrib.get(_VAL) or ""
            else:
                self._paragraphs[-1].numbered = True

    def end(self, tag: str) -> None:
        self._tags.pop()
        if self._skip:
            self._skip -= 1
        elif tag == _T:
            self._text = None
        elif tag == _P:
            paragraph = self._paragraphs.pop()
            text = "".join(paragraph.parts).strip()
            if text:
                page = paragraph.page if paragraph.page is not None else self.page
                self.slots[paragraph.slot] = (page, text, paragraph.style, paragraph.numbered)
        elif tag == _ALTERNATE:
            self._chosen.pop()

    def data(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)

    def start_ns(self, prefix: str, uri: str) -> None:
        self._bindings.setdefault(prefix, []).append(uri)

    def end_ns(self, prefix: str) -> None:
        self._bindings[prefix].pop()

    def close(self) -> None:
        return None


@dataclass
class _Paragraph:
    """A ``w:p`` being read: its slot among the document's paragraphs, its text so far, its style."""

    slot: int
    parts: list[str] = field(default_factory=list)
    style: str = ""
    numbered: bool = False
    page: int | None = None  # the page its first text is on


def _understood(requires: str, bindings: dict[str, list[str]]) -> bool:
    """Whether the reader reads an ``mc:Choice`` that requires these prefixes (space-separated).

    A prefix means the namespace declared for it where the choice stands; an undeclared one the
    namespace Word writes it for (a generator that declares ``wps`` only inside the choice).

    >>> _understood("wps", {}), _understood("w16se", {}), _understood("x", {"x": [_WPS]})
    (True, False, True)
    """
    for prefix in requires.split():
        uri = bindings[prefix][-1] if bindings.get(prefix) else _WORD_PREFIXES.get(prefix)
        if uri not in _UNDERSTOOD:
            return False
    return True


def _unreadable(err: Exception) -> str:
    return f"not a readable DOCX file ({type(err).__name__}: {str(err)[:120]})"
