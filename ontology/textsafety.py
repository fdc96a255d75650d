"""Untrusted text on its way out: to a terminal, a CSV cell, an XML document.

One place for the policies every writer shares, so that the error line, the
analysis CSV and the spreadsheet writer cannot drift apart:

- :func:`visible` shows control characters as escapes (``\\x1b``), so an
  error message never moves the cursor, rings the bell or rewrites the line;
- :func:`shorten` keeps one line within a width, cutting in the middle;
- :func:`excerpt` quotes at most a bounded part of an offending value;
- :func:`guard_formula` / :func:`csv_field` keep a CSV cell from running as a
  spreadsheet formula, at its start or after any line break in it;
- :func:`xml_text` drops what XML 1.0 cannot hold (NUL, most C0 controls,
  lone surrogates, U+FFFE/U+FFFF);
- :func:`without_controls` / :func:`one_line` make a label one line of text for a
  line-oriented output (each control character a space);
- :func:`script_json` writes data as JSON that cannot end the ``<script>`` it sits in;
- :func:`markdown` makes a label one Markdown line or table cell that shows as
  text: no HTML, link, emphasis, heading, pipe or control character survives;
- :func:`percent` writes a share the one way every output writes it;
- :func:`html_templates` is the one Jinja environment every HTML page is
  rendered with (autoescape always on, undefined names an error).

All are linear in the text.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = [
    "visible",
    "shorten",
    "excerpt",
    "guard_formula",
    "unguard_formula",
    "csv_field",
    "csv_line",
    "xml_text",
    "markdown",
    "percent",
    "html_templates",
    "one_line",
    "without_controls",
    "script_json",
]

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates
# (they reorder the rest of a terminal line), and lone surrogates (no encoding can print them).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character as a visible escape: safe to print on a terminal.

    >>> visible("Mål\\x1b[2J\\x07 x\\ny")
    'Mål\\\\x1b[2J\\\\x07 x\\\\ny'
    """
    return _INVISIBLE.sub(_escape, text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, keeping its start and its end.

    >>> shorten("abcdefghij" * 3, 15)
    'abcdef … efghij'
    """
    if len(text) <= width:
        return text
    tail = (width - 3) // 2
    return text[: width - 3 - tail] + " … " + text[len(text) - tail :]


EXCERPT = 80  # characters of an offending value quoted in a message


def excerpt(value: Any, width: int = EXCERPT) -> str:
    """A value for a message: its ``repr``, at most ``width`` characters, controls escaped.

    Large values (a 2 MB label, a list of lists) are cut before ``repr`` builds them in full.

    >>> excerpt("x" * 1000, 20)
    "'xxxxxxxx … xxxxxxx'"
    >>> excerpt(["a", "b"])
    "['a', 'b']"
    >>> excerpt(datetime.date(2030, 1, 1)), excerpt(datetime.datetime(2030, 1, 1, 12, 0))
    ('2030-01-01', '2030-01-01 12:00:00')
    """
    if isinstance(value, (datetime.date, datetime.time)):  # as YAML wrote it, not datetime.date(2030, 1, 1)
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, str):
        if len(value) > width - 2:
            return "'" + visible(shorten(value, width - 2)) + "'"
        return visible(repr(value))
    if isinstance(value, (list, tuple, dict, set)) and len(value) > width:
        return f"<a {type(value).__name__} of {len(value)} items>"
    return visible(shorten(_bounded_repr(value, width), width))


def _bounded_repr(value: Any, width: int) -> str:
    # reprlib would do, but it shows strings at a fixed 30 characters
    import reprlib

    short = reprlib.Repr()
    short.maxstring = short.maxother = width
    short.maxlevel = 4
    return short.repr(value)


# -- spreadsheets -------------------------------------------------------------------

FORMULA_START = "=+-@\t\r"  # a cell starting with one of these runs as a formula (OWASP CSV injection)
# Quotes first too, so that unguard_formula(guard_formula(t)) == t for a text that starts with "'=".
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_FORMULA_AFTER_BREAK = re.compile(r"([\r\n])(?='*[=+\-@\t])")
_GUARD_AFTER_BREAK = re.compile(r"([\r\n])'(?='*[=+\-@\t])")


def guard_formula(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: a ``'`` before a formula start,
    at the start of the cell and after every line break inside it (an importer that
    splits on a bare CR would start a row there). The start is guarded as the
    spreadsheet writer's ``escape_text`` does.

    >>> guard_formula("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> guard_formula("Mål\\r=1+1")
    "Mål\\r'=1+1"
    """
    if _FORMULA.match(text):
        text = "'" + text
    if "\r" in text or "\n" in text:
        text = _FORMULA_AFTER_BREAK.sub(r"\1'", text)
    return text


def unguard_formula(text: str) -> str:
    """Undo :func:`guard_formula` (for a reader of the file a writer guarded).

    >>> unguard_formula(guard_formula("=1\\n+2")) == "=1\\n+2"
    True
    """
    if text.startswith("'") and _FORMULA.match(text, 1):
        text = text[1:]
    if "\r'" in text or "\n'" in text:
        text = _GUARD_AFTER_BREAK.sub(r"\1", text)
    return text


def csv_field(value: Any, delimiter: str = ",") -> str:
    """One CSV field: quoted when it holds CR, LF, a quote or the delimiter (RFC 4180).

    Python's csv module leaves a bare CR unquoted when the line terminator is
    ``\\n``; a spreadsheet then starts a new row there.

    >>> print(csv_field("a\\rb") == '"a\\rb"', csv_field("say 'x'"), csv_field(1.5))
    True say 'x' 1.5
    """
    text = "" if value is None else str(value)
    if any(c in text for c in ("\r", "\n", '"', delimiter)):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: list[Any], delimiter: str = ",", *, guard: bool = True) -> str:
    """One CSV line (ending in ``\\n``), text cells formula-guarded when ``guard``.

    >>> print(csv_line(["=1+1", "a,b", 3]), end="")
    '=1+1,"a,b",3
    """
    return (
        delimiter.join(csv_field(guard_formula(c) if guard and isinstance(c, str) else c, delimiter) for c in cells)
        + "\n"
    )


# -- XML ----------------------------------------------------------------------------

# What XML 1.0 §2.2 does not allow in a document, even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (each becomes U+FFFD).

    >>> xml_text("a\\x00b\\x1bc\\td")
    'a\\ufffdb\\ufffdc\\td'
    """
    return _NOT_XML.sub("\ufffd", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def without_controls(text: str) -> str:
    """Untrusted text with each run of control characters (line breaks, escapes, C1 codes,
    line and paragraph separators) as one space; other spacing is kept.

    >>> without_controls("  Mål\\n\\x1b[2J x")
    '  Mål [2J x'
    """
    return _CONTROL.sub(" ", text)


def one_line(text: str) -> str:
    """Untrusted text (a label) for line-oriented output: one line, no terminal control characters.

    Line breaks and other whitespace runs become one space; a control character
    (escape sequences, bell, C1 codes) becomes a space too, so the rest shows as text.

    >>> one_line("Mål\\n  [fejl] x\\u2028y \\x1b[2J")
    'Mål [fejl] x y [2J'
    """
    return " ".join(without_controls(text).split())


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--``, ``&`` or U+2028/9 can break out.

    >>> print(script_json({"label": "</script>"}))
    {"label":"\\u003c/script\\u003e"}
    """
    import json

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# Markdown syntax a label could use to become a link, emphasis, a heading, an image, a table cell
# break or raw HTML; each is escaped so the label reads as the text it is. ``&`` too, so a label
# "&lt;b&gt;" stays those eight characters instead of becoming an entity.
_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "#": "\\#",
        "!": "\\!",
    }
)


def markdown(text: Any) -> str:
    """Untrusted text as one Markdown line or table cell: one line, control characters gone
    (ESC, BEL, NUL drive the terminal that shows the file), Markdown and HTML syntax escaped.

    >>> markdown("Mål *1* | [x](y)\\n\\x1b[2J")
    'Mål \\\\*1\\\\* \\\\| \\\\[x\\\\](y) \\\\[2J'
    """
    return one_line(str(text)).translate(_MARKDOWN)


def link_target(url: str) -> str:
    """A link target (a file path or URL the caller has vetted: ``alignment.evidence.pdf_link``) made
    safe to write in Markdown ``(…)`` and HTML ``href``: spaces, quotes, brackets, parentheses, angle
    brackets, backslashes and every non-ASCII or control character percent-encoded.

    >>> link_target("Vision 2020 (endelig).pdf#page=3")
    'Vision%202020%20%28endelig%29.pdf#page=3'
    """
    from urllib.parse import quote

    return quote(url, safe="/:#?=&%-._~+,;@!$*")


def percent(share: float | None) -> str:
    """A share in 0..1 as whole percent with a space before the sign (Danish and English style alike);
    a dash where there is no share.

    Half a percent rounds up, as a person and a spreadsheet round: Python's ``round`` rounds half to
    even, so 1 of 8 was "12 %" beside 3 of 8 "38 %", and the graph view (JavaScript's ``Math.round``)
    said "13 %" for the same plan. The share is read as it prints (0.145 is 14.5 %, not 14.4999…).

    >>> percent(0.456), percent(0.125), percent(0.375), percent(0.145), percent(None)
    ('46 %', '13 %', '38 %', '15 %', '–')
    """
    if share is None or not math.isfinite(share):
        return "–"
    whole = Decimal(repr(float(share))).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(whole)} %"


def html_templates(package: str | None = None, folder: str | None = None) -> Any:
    """The Jinja environment for the templates of ``package`` (its ``templates`` folder) or of a
    ``folder`` on disk. Autoescape is always on (our template names end in ``.j2``, which
    ``select_autoescape`` would leave unescaped), an undefined name is an error instead of an
    empty string, and block tags leave no blank lines.

    >>> html_templates(folder=".").from_string("<p>{{ x }}</p>").render(x="<b>")
    '<p>&lt;b&gt;</p>'
    """
    import jinja2

    loader: jinja2.BaseLoader
    if package is not None:
        loader = jinja2.PackageLoader(package, "templates")
    elif folder is not None:
        loader = jinja2.FileSystemLoader(folder)
    else:
        raise ValueError("html_templates needs a package or a folder")
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
