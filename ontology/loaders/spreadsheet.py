"""Read CSV and XLSX spreadsheets, one row per element (docs/spreadsheets.md), into RDF quads.

Every row that cannot be read is *rejected* with its sheet, row number and
reason. By default any rejected row is an error (exit 2) that lists them all;
with ``skip_bad_rows=True`` the other rows are read and every skipped row is
still reported (to ``report``, else on standard error). Rows that refer to a
skipped row are skipped too, and say so.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.csv"
>>> _ = path.write_text("id;type;label_da;plan\\nv;vision;Vision 2025;\\ng;goal;Flere borgere;v\\n", encoding="utf-8")
>>> quads, prefixes = read_spreadsheet(path, "plan.csv")
>>> len(quads)
5
"""

from __future__ import annotations

import bisect
import collections
import csv
import difflib
import functools
import io
import itertools
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..limits import Limits, active, raise_hint
from ..namespaces import DCTERMS, DEFAULT_BASE, ORG, RDF, SA, STANDARD_PREFIXES
from .rdf import refuse_outside_model
from .spreadsheet_schema import (
    COLUMNS,
    EVIDENCE_COLUMN_KEYS,
    EXAMPLE_SHEETS,
    HELP_SHEETS,
    INFLUENCE_COLUMN_KEYS,
    INFLUENCE_SHEETS,
    OBSERVATION_HEADERS,
    OBSERVATION_SHEETS,
    RDF_SHEET,
    REQUIRED_COLUMNS,
    cell_text,
    cell_value,
    key_for,
    kinds_of,
    lang_column,
    row_kind,
    split_cell,
    unescape_text,
)
from .values import _short
from .yaml_reader import _ID, _SCHEME, _iri_problem, to_oxigraph
from .yaml_reader import _KIND_WORD as _YAML_KIND_WORD
from .yaml_schema import (
    INFLUENCER_KINDS,
    KIND_CLASS,
    OBSERVATION_KEYS,
    OBSERVATION_TIME,
    SELF_INFLUENCE,
    SELF_REFERENCE,
    Key,
    Term,
    ValueError_,
    encode,
    evidence_iri,
    influence_iri,
    iri,
    observation_iri,
    observation_time,
)

__all__ = [
    "read_spreadsheet",
    "RejectedRow",
    "RejectedRowsError",
    "Sheet",
    "read_sheets",
    "limit",
    "MAX_CELL_CHARS",
    "MAX_XLSX_INFLATED",
    "MAX_XLSX_RATIO",
]

# The same id rules and words as the YAML reader, plus the spreadsheet's "organization" type.
_KIND_WORD = {
    **_YAML_KIND_WORD,
    "organization": "an actor",
    "observation": "an observation",
    "influence": "an influence",
}
_ABOUT = {
    "label": Key("title", DCTERMS + "title", "text"),
    "description": Key("description", DCTERMS + "description", "text"),
    "source": Key("source", DCTERMS + "source", "iri_or_text", many=True),
}


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not read: file, sheet, row number (as the spreadsheet shows it) and why."""

    file: str
    sheet: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: sheet '{self.sheet}', row {self.row}: {self.reason}"


class RejectedRowsError(InputError):
    """Rows were rejected and ``skip_bad_rows`` was not set: one line per rejected row."""

    def __init__(self, rows: list[RejectedRow]) -> None:
        self.rows = rows
        first = rows[0]
        more = f" ({len(rows) - 1} more rejected rows below; --skip-bad-rows reads the rest)" if len(rows) > 1 else ""
        super().__init__(first.file, first.row, f"sheet '{first.sheet}', row {first.row}: {first.reason}{more}")

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(str(r) for r in self.rows[1:])])


@dataclass
class Sheet:
    """One sheet: its name, its column names (normalised) and its rows as (row number, {column index: cell})."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[int, Any]]]
    header_row: int = 1
    #: the header row's cells as written (an influences matrix names goals by their ids, case kept)
    header: dict[int, Any] = field(default_factory=dict)
    #: row number → the merged ranges that gave cells of it their value (XLSX; a rejected row says so)
    merged: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class _Row:
    sheet: str
    number: int
    kind: str
    ident: str | None
    cells: dict[str, Any]
    subject: str = ""
    triples: list[tuple[str, str, Term]] = field(default_factory=list)
    refs: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (id, kinds, column)
    problems: list[str] = field(default_factory=list)
    turtle: list[str] = field(default_factory=list)
    #: (subject, predicate) → the column that gave its one value (a key with one value: a number, a year)
    single: dict[tuple[str, str], str] = field(default_factory=dict)


# -- bounds ------------------------------------------------------------------
#
# A spreadsheet is untrusted input: a 209 KB .xlsx can inflate to gigabytes, and one cell can
# hold 200 MB. These bounds refuse such files early (exit 2, naming the bound); each can be
# raised with the environment variable named beside it (docs/spreadsheets.md, "Limits").

#: Characters in one cell (CSV field or XLSX cell). Excel itself keeps at most 32,767; the
#: writer splits longer Turtle over several cells, and refuses a single value over this bound.
MAX_CELL_CHARS = Limits.cell_chars
#: Bytes all parts of an .xlsx may inflate to, checked on the sizes the archive declares before
#: anything is inflated (100,000 rows of the writer's format take about 27 MB).
MAX_XLSX_INFLATED = Limits.xlsx_inflated
#: How many times larger than its compressed size a part of 1 MiB or more may inflate. Sheets
#: compress about 11 times (the writer's format), a zip bomb about 1,000 times.
MAX_XLSX_RATIO = Limits.xlsx_ratio
#: Parts in one .xlsx archive (a workbook of 300 sheets with drawings has about 1,500).
MAX_XLSX_PARTS = Limits.xlsx_parts
#: Rows and columns a sheet can have (Excel's own limits).
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
#: Cells a sheet's merged ranges may fill (each covered cell of a row that holds values gets the
#: range's value): one ``<mergeCell>`` of 30 bytes can span a million rows; a real sheet fills hundreds.
_MAX_MERGED_FILL = 2_000_000

_LIMIT_FIELDS = {
    "MAX_CELL_CHARS": "cell_chars",
    "MAX_XLSX_INFLATED": "xlsx_inflated",
    "MAX_XLSX_RATIO": "xlsx_ratio",
    "MAX_XLSX_PARTS": "xlsx_parts",
}
#: How a message names the way to raise a bound.
_LIMIT_VARIABLES = {name: raise_hint(field).removesuffix(" raises it") for name, field in _LIMIT_FIELDS.items()}
_RATIO_FLOOR = 1 << 20  # smaller parts (styles, rels) may compress better and inflate to little
_PROLOG_CHUNK = 65536  # bytes read at a time while walking a part's prolog


def limit(name: str) -> int:
    """The bound ``name`` (``MAX_CELL_CHARS`` …) in force: ``--input-limit``, its environment variable, else the default.

    >>> limit("MAX_XLSX_RATIO")
    200
    """
    return int(getattr(active(), _LIMIT_FIELDS[name]))


def _cut(reason: str, limit: int = 240) -> str:
    """One reason line of at most ``limit`` characters (a message names the problem, it does not repeat the input)."""
    reason = _CONTROL.sub(" ", reason)  # one line: no line breaks, and no terminal escapes from the input
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _column_letter(index: int) -> str:
    """0 → ``A``, 26 → ``AA``: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- reading the file --------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(name, None, "not a text file (it contains binary data); is it an .xlsx file named .csv?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            name,
            line,
            f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); in Excel save as 'CSV UTF-8 (kommasepareret)'",
        ) from None


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def _normalise_header(value: Any) -> str:
    return re.sub(r"\s+", "_", cell_text(value).strip().lower()) if value is not None else ""


def _read_csv(path: Path, name: str) -> list[Sheet]:
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(name, None, "permission denied") from None
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror or err}") from None
    if not data.strip():
        raise InputError(name, 1, "the file is empty")
    text = _decode(data, name)
    delimiter = _sniff_delimiter(text)
    bound = limit("MAX_CELL_CHARS")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, dict[int, Any]]] = []
    previous = csv.field_size_limit(
        bound
    )  # the csv module's own bound is 131,072: what the writer writes must read back
    start = 1
    try:
        for record in reader:
            records.append((start, {i: v for i, v in enumerate(record) if v != ""}))
            start = reader.line_num + 1
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise InputError(
                name,
                start,
                f"a cell of the row starting on this line holds more than {bound:,} characters "
                f"(the bound for one cell; {_LIMIT_VARIABLES['MAX_CELL_CHARS']} raises it)",
            ) from None
        raise InputError(name, reader.line_num, f"CSV error: {err}") from None
    finally:
        csv.field_size_limit(previous)
    if records:
        _check_quotes(text, records, delimiter, name)
    return [_sheet_from_records(path.stem, records)]


def _check_quotes(text: str, records: list[tuple[int, dict[int, Any]]], delimiter: str, name: str) -> None:
    """Refuse a quote that is never closed: it swallows every following row into one cell.

    The csv module reads such a quote to the end of the file without an error; a quote closed
    only by the next quoted cell swallows the rows between. Both are found here: the last row
    is read again strictly, and a cell whose lines look like rows (a row type in the ``type``
    position) is refused. Linear in the size of the text.
    """
    last_start, last = records[-1]
    if any("\n" in v or "\r" in v for v in last.values()) or text.count('"') % 2:
        tail = "".join(itertools.islice(io.StringIO(text, newline=""), last_start - 1, None))
        try:
            for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
                pass
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                raise InputError(
                    name,
                    last_start,
                    'a quote (") opened in the row starting on this line is never closed, '
                    "so every following line would be read as one cell; close the quote",
                ) from None
    header = next(((n, cells) for n, cells in records if cells), None)
    if header is None:
        return
    columns = {i: _normalise_header(v) for i, v in header[1].items()}
    type_index = next((i for i, c in columns.items() if c == "type"), None)
    if type_index is None:
        return
    for start, cells in records:
        for index, value in cells.items():
            if ("\n" not in value and "\r" not in value) or columns.get(index) == "rdf":
                continue
            for offset, line in enumerate(value.splitlines()[1:], 1):
                parts = line.split(delimiter, type_index + 1)
                if len(parts) > type_index + 1 and row_kind(parts[type_index].strip().strip('"')) is not None:
                    column = columns.get(index) or f"column {index + 1}"
                    raise InputError(
                        name,
                        start,
                        f"the quoted cell in '{column}' of the row starting on this line holds what looks like "
                        f'another row ({_short(line, 50)}, {offset} lines further on): a quote (") is probably not closed',
                    )


def _sheet_from_records(sheet: str, records: list[tuple[int, dict[int, Any]]]) -> Sheet:
    header_at = next(
        (i for i, (_, cells) in enumerate(records) if any(cell_text(c).strip() for c in cells.values())), None
    )
    if header_at is None:
        return Sheet(sheet, [], [])
    number, header = records[header_at]
    width = max(header) + 1
    columns = [_normalise_header(header.get(i)) for i in range(width)]
    return Sheet(sheet, columns, records[header_at + 1 :], number, header)


def _check_archive(path: Path, name: str) -> None:
    """Refuse an .xlsx whose parts would inflate past the bounds, or that declares XML entities.

    Uses only the sizes the archive declares (Python's zipfile never inflates a part past its
    declared size), so nothing is inflated before the check. A DTD in a part's prolog is refused
    here; one hidden further in is refused by defusedxml, which openpyxl uses when installed.
    """
    import zipfile
    import zlib

    total_bound, ratio_bound = limit("MAX_XLSX_INFLATED"), limit("MAX_XLSX_RATIO")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > limit("MAX_XLSX_PARTS"):
                raise InputError(
                    name,
                    None,
                    f"not a usable .xlsx workbook: {len(parts):,} parts, more than the bound of {limit('MAX_XLSX_PARTS'):,} ({_LIMIT_VARIABLES['MAX_XLSX_PARTS']} raises it)",
                )
            total = 0
            for part in parts:
                total += part.file_size
                if total > total_bound:
                    raise InputError(
                        name,
                        None,
                        f"the workbook would inflate to more than {total_bound:,} bytes (part {_short(part.filename)} "
                        f"alone declares {part.file_size:,}); {_LIMIT_VARIABLES['MAX_XLSX_INFLATED']} raises the bound",
                    )
                if part.file_size >= _RATIO_FLOOR and part.file_size > ratio_bound * max(part.compress_size, 1):
                    raise InputError(
                        name,
                        None,
                        f"part {_short(part.filename)} would inflate {part.file_size // max(part.compress_size, 1):,} times "
                        f"(to {part.file_size:,} bytes), more than the bound of {ratio_bound} times: a zip bomb? "
                        f"({_LIMIT_VARIABLES['MAX_XLSX_RATIO']} raises the bound)",
                    )
            for part in parts:
                if part.is_dir() or part.file_size == 0:
                    continue
                with archive.open(part) as member:
                    declares = _prolog_declares_dtd(member)
                if declares:
                    raise InputError(
                        name,
                        None,
                        f"part {_short(part.filename)} declares a DTD or XML entities, which a workbook never needs "
                        "(refused: entity expansion and external entities)",
                    )
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except PermissionError:
        raise InputError(name, None, "permission denied") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as err:
        # RuntimeError: an encrypted part; NotImplementedError: a compression method zipfile lacks
        raise InputError(
            name, None, f"not a readable .xlsx workbook ({type(err).__name__}: {_cut(str(err), 160)})"
        ) from None


def _prolog_declares_dtd(stream: Any) -> bool:
    """Whether the XML part in ``stream`` declares a DTD (``<!DOCTYPE``, hence entities) before
    its root element.

    XML allows a DTD only in the prolog, so the walk stops at the root element's start: it skips
    the declaration, processing instructions, comments (of any length: a DTD after a 9,000-byte
    comment was missed by a fixed-size look) and white space, reading 64 KiB at a time; linear,
    and independent of the XML parser openpyxl picks (with lxml installed it leaves entities
    unexpanded without a word, where defusedxml would refuse them).

    >>> import io
    >>> _prolog_declares_dtd(io.BytesIO(b'<?xml version="1.0"?><!--' + b" " * 100000 + b'--><!DOCTYPE x []><x/>'))
    True
    >>> _prolog_declares_dtd(io.BytesIO(b'<?xml version="1.0"?><!-- <!DOCTYPE in a comment --><x a="<!DOCTYPE"/>'))
    False
    """
    import codecs

    head = stream.read(_PROLOG_CHUNK)
    encoding = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text, at = decoder.decode(head), 0

    def more() -> bool:
        """Drop what is read, add the next chunk; ``at`` becomes 0 (False at the end of the part)."""
        nonlocal text, at
        chunk = stream.read(_PROLOG_CHUNK)
        if not chunk:
            return False
        text, at = text[at:] + decoder.decode(chunk), 0
        return True

    while True:
        start = text.find("<", at)
        if start < 0:
            at = len(text)
            if not more():
                return False
            continue
        at = start
        while len(text) - at < 9 and more():  # room to tell "<!DOCTYPE" from "<!--" and "<?"
            pass
        if text.startswith(("<!DOCTYPE", "<!ENTITY"), at):
            return True
        closing = "?>" if text.startswith("<?", at) else "-->" if text.startswith("<!--", at) else None
        if closing is None:
            return False  # the root element: no DTD can follow
        search = at + 2
        while (end := text.find(closing, search)) < 0:
            offset = max(0, len(text) - len(closing) + 1 - at)  # a closing mark split across chunks
            if not more():
                return False
            search = offset
        at = end + len(closing)


def _is_label(column: str) -> bool:
    """Whether ``column`` is a label column (label_da, label_en, …)."""
    lang = lang_column(column)
    return lang is not None and lang[0] == "label"


def _xml_problem(err: BaseException) -> str:
    """What an XML or zip error inside a workbook part says, in one short phrase (openpyxl wraps the cause)."""
    chain = [err]
    while len(chain) < 10 and (cause := chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(cause)
    if any(type(e).__module__.startswith("defusedxml") for e in chain):
        return "it declares XML entities or a DTD (refused: entity expansion and external entities)"
    broken = next((e for e in chain if type(e).__name__ in ("ParseError", "ExpatError")), None)
    if broken is not None:
        return f"the XML is broken ({_cut(str(broken), 120)})"
    root = chain[-1]
    return f"{type(root).__name__}: {_cut(str(root), 140)}"


def _read_xlsx(path: Path, name: str) -> tuple[list[Sheet], list[str]]:
    """Every worksheet's rows, read with openpyxl's own sheet parser but without trusting ``<dimension>``.

    openpyxl's read-only rows stop at the sheet's declared ``<dimension>``, so rows and columns
    outside it vanished without a word; here every ``<row>`` element is read. A cell that
    openpyxl cannot read is refused naming the sheet and the cell.
    """
    import warnings

    _check_archive(path, name)
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns on stderr (several lines) about styles and extensions it drops: formatting, not data
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except FileNotFoundError:
            raise InputError(name, None, "no such file") from None
        except Exception as err:  # openpyxl parsing untrusted XML: any failure is the file's
            raise InputError(name, None, f"not a readable .xlsx workbook ({_xml_problem(err)})") from None
        sheets: list[Sheet] = []
        turtle: list[str] = []
        try:
            for ws in book.worksheets:
                records, merged = _sheet_records(book, ws, name)
                if ws.title.strip().lower() == RDF_SHEET:
                    # a row's cells joined are one line of Turtle: a merged range shows it once, so is read once
                    lines: list[str] = []
                    for number, cells in records:  # line n of the Turtle is row n, so errors name the row
                        text = "".join(cell_text(cells[i]) for i in sorted(cells))
                        if number > len(lines):
                            lines.extend([""] * (number - len(lines)))
                            lines[number - 1] = text
                        else:  # a row number given twice, or out of order: keep both
                            lines[number - 1] += "\n" + text
                    turtle.extend(lines)
                    continue
                sheet = _sheet_from_records(ws.title, records)
                _fill_merged(sheet, merged, name)
                sheets.append(sheet)
        finally:
            book.close()
    return sheets, turtle


def _sheet_records(book: Any, ws: Any, name: str) -> tuple[list[tuple[int, dict[int, Any]]], list[str]]:
    """The rows of one worksheet: (row number, {column index from 0: value}) for rows that hold a value,
    and its merged ranges (``D5:D7``), which the sheet's XML lists after its rows."""
    parser_class = _sheet_parser()
    bound = limit("MAX_CELL_CHARS")
    records: list[tuple[int, dict[int, Any]]] = []
    merged: list[str] = []
    where = f"sheet {_short(ws.title, 40)}"
    number = 0
    try:
        with book._archive.open(ws._worksheet_path) as source:
            parser = parser_class(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for number, cells in parser.parse():
                if not 1 <= number <= MAX_SHEET_ROWS:
                    raise InputError(
                        name, None, f"{where}: row number {_short(number)} is outside 1 … {MAX_SHEET_ROWS:,}"
                    )
                row: dict[int, Any] = {}
                for cell in cells:
                    value, column = cell["value"], cell["column"]
                    if value is None:
                        continue
                    if not 1 <= column <= MAX_SHEET_COLUMNS:
                        raise InputError(
                            name,
                            number,
                            f"{where}, row {number}: column {column:,} is outside 1 … {MAX_SHEET_COLUMNS:,}",
                        )
                    if isinstance(value, str) and len(value) > bound:
                        raise InputError(
                            name,
                            number,
                            f"{where}, cell {_column_letter(column - 1)}{number}: holds {len(value):,} characters, more than "
                            f"the bound of {bound:,} for one cell ({_LIMIT_VARIABLES['MAX_CELL_CHARS']} raises it)",
                        )
                    row[column - 1] = value
                records.append((number, row))
            if parser.merged_cells is not None:  # read with the rest by openpyxl's parser (read_only drops it)
                merged = [str(cell.ref) for cell in parser.merged_cells.mergeCell]
    except InputError:
        raise
    except _CellFault as fault:
        raise InputError(name, fault.row or None, f"{where}, cell {fault.where}: {_xml_problem(fault.error)}") from None
    except Exception as err:  # openpyxl parsing untrusted XML: any failure is the file's
        after = f", after row {number}" if number else ""
        raise InputError(name, None, f"{where}{after}: {_xml_problem(err)}") from None
    return records, merged


def _fill_merged(sheet: Sheet, ranges: list[str], name: str) -> None:
    """Give every cell of a merged range its value, as Excel shows it in each row the range covers.

    Excel (and openpyxl) store a merged range's value in its top-left cell only: a ``plan`` merged over
    three goals' rows belonged to the first goal alone, and the other two lost it without a word. A
    covered cell gets the value in the rows after the header that hold a value of their own (an empty
    row stays empty) and in the columns the header names (a value past them would belong to no column,
    and it is kept in its own cell). A range that starts in the header row or above titles columns.

    >>> sheet = Sheet("model", ["id", "type", "label_da", "plan"], [(2, {0: "g1", 3: "v"}), (3, {0: "g2"})])
    >>> _fill_merged(sheet, ["D2:D3", "C9:D9"], "plan.xlsx")
    >>> sheet.rows
    [(2, {0: 'g1', 3: 'v'}), (3, {0: 'g2', 3: 'v'})]
    """
    if not ranges or not sheet.rows:
        return
    from openpyxl.utils import range_boundaries

    # the rows by number (in file order they ascend, but a file may give a row twice or out of order)
    order = sorted(range(len(sheet.rows)), key=lambda i: sheet.rows[i][0])
    numbers = [sheet.rows[i][0] for i in order]
    named = [i for i, column in enumerate(sheet.columns) if column]
    # whether a row holds a value of its own, before any range fills it (openpyxl writes a covered cell
    # as an empty <c>, so a row of covered cells alone is there, and is empty)
    own = [any(cell_text(value).strip() for value in cells.values()) for _, cells in sheet.rows]
    owning = [0, *itertools.accumulate(own[i] for i in order)]  # such rows among the first n by number
    where = f"sheet {_short(sheet.name, 40)}"
    fills = []
    for ref in ranges:  # as openpyxl's parser wrote them back (D5:D7): it refuses one that is no range
        first_column, first_row, last_column, last_row = range_boundaries(ref)
        if (first_column, first_row) == (last_column, last_row):
            continue  # one cell "merged" with itself covers nothing else
        at = bisect.bisect_left(numbers, first_row)
        if first_row <= sheet.header_row or at == len(numbers) or numbers[at] != first_row:
            continue  # a header spanning rows, or a range whose top-left row holds nothing
        value = sheet.rows[order[at]][1].get(first_column - 1)
        if value is not None:  # all values first: a cell one range fills is no other range's value
            fills.append((ref, value, at, bisect.bisect_right(numbers, last_row), first_column - 1, last_column - 1))
    budget = _MAX_MERGED_FILL
    for ref, value, at, end, first_column, last_column in fills:
        columns = named[bisect.bisect_left(named, first_column) : bisect.bisect_right(named, last_column)]
        budget -= (owning[end] - owning[at]) * len(columns)
        if budget < 0:  # a few bytes of XML declaring millions of cells, like a zip bomb
            raise InputError(
                name,
                numbers[at],
                f"{where}: merged cells {ref} would fill more than {_MAX_MERGED_FILL:,} cells of rows "
                "that hold values: unmerge them, and give each row its own value",
            )
        for position in order[at:end]:
            if not own[position]:
                continue
            number, cells = sheet.rows[position]
            for column in columns:
                cells[column] = value
            if columns:
                sheet.merged.setdefault(number, []).append(ref)


class _CellFault(Exception):
    """A cell openpyxl could not read: where it is and what went wrong."""

    def __init__(self, where: str, row: int, error: Exception) -> None:
        super().__init__(where)
        self.where, self.row, self.error = where, row, error


@functools.lru_cache(maxsize=1)
def _sheet_parser() -> type:
    """openpyxl's worksheet parser, reading stored values and saying which cell it fails on."""
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class SheetParser(WorkSheetParser):
        def inline_string(self, element):  # noqa: ANN001, ANN202
            """An inline string cell (what the writer writes) without building openpyxl's rich-text
            objects: a quarter of the time of reading 20,000 rows went there. Same text as Text.content."""
            child = element.find(INLINE_STRING)
            if child is None or element.find(FORMULA_TAG) is not None:
                return None
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            style = element.get("s", 0)
            plain = child.find(text_tag)
            snippets = [plain.text] if plain is not None and plain.text is not None else []
            for run in child.findall(run_tag):
                text = run.findtext(text_tag)
                if text is not None:
                    snippets.append(text)
            return {
                "row": row,
                "column": column,
                "value": "".join(snippets),
                "data_type": "s",
                "style_id": int(style) if style else 0,
            }

        def parse_cell(self, element):  # noqa: ANN001, ANN202 - openpyxl's signature
            try:
                if element.get("t") == "inlineStr":
                    cell = self.inline_string(element)
                    if cell is not None:
                        return cell
                cell = super().parse_cell(element)
            except Exception as err:  # noqa: BLE001 - the cell's XML is at fault
                raw = element.get("r")
                where = _short(raw, 12).strip("'") if raw else f"{_column_letter(self.col_counter)}{self.row_counter}"
                raise _CellFault(where, self.row_counter, err) from None
            kind, value = cell["data_type"], cell["value"]
            if kind == "e" and value is not None:
                cell["value"] = _CellError(str(value))
            elif value is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = _FormulaWithoutValue("=" + (element.find(FORMULA_TAG).text or ""))
            return cell

    return SheetParser


class _FormulaWithoutValue(str):
    """A formula cell whose computed value the file does not store."""


class _CellError(str):
    """A cell holding a spreadsheet error such as #N/A."""


def read_sheets(path: str | Path, name: str | None = None) -> tuple[list[Sheet], list[str]]:
    """The sheets of a .csv or .xlsx file, and the lines of its ``rdf`` sheet (XLSX only)."""
    path = Path(path)
    name = name or str(path)
    if not path.exists():
        raise InputError(name, None, "no such file")
    if path.is_dir():
        raise InputError(name, None, "is a folder, not a spreadsheet")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, name)
    return _read_csv(path, name), []


# -- rows into triples -------------------------------------------------------


def read_spreadsheet(
    path: str | Path,
    name: str | None = None,
    *,
    skip_bad_rows: bool = False,
    report: Callable[[RejectedRow], None] | None = None,
    sheets: Iterable[str] | None = None,
    positions: dict | None = None,
) -> tuple[list[ox.Quad], dict[str, str]]:
    """Read a .csv or .xlsx model into quads and prefixes (``""`` → the base IRI).

    ``positions``, when given, receives element IRI → :class:`~ontology.model.Position` (sheet and row).

    ``sheets`` names the sheets to read (default: every sheet except the
    template's example and help sheets). Raises :class:`RejectedRowsError`
    when rows are rejected and ``skip_bad_rows`` is false; otherwise each
    skipped row goes to ``report`` (default: a line on standard error).
    """
    name = name or str(path)
    found, turtle = read_sheets(path, name)
    wanted = {s.lower() for s in sheets} if sheets is not None else None
    chosen = []
    for sheet in found:
        lowered = sheet.name.strip().lower()
        if wanted is not None:
            if lowered in wanted:
                chosen.append(sheet)
            continue
        if lowered in EXAMPLE_SHEETS or lowered in HELP_SHEETS or not sheet.columns:
            continue
        chosen.append(sheet)
    if wanted is not None:
        missing = wanted - {s.name.strip().lower() for s in chosen}
        if missing:
            raise InputError(
                name, None, f"no sheet named {', '.join(sorted(missing))}; sheets: {', '.join(s.name for s in found)}"
            )
    if not chosen and not turtle:
        raise InputError(name, None, "no sheet with elements (a header row with 'id' and 'type')")
    reader = _Reader(name, csv=Path(path).suffix.lower() != ".xlsx")
    result = reader.read(chosen, turtle, skip_bad_rows=skip_bad_rows, report=report)
    if positions is not None:
        from ..model import Position

        for row in reader.defined.values():
            if row.subject:
                positions.setdefault(row.subject, Position(name, row.number, row.sheet))
    return result


class _Reader:
    def __init__(self, name: str, *, csv: bool = False) -> None:
        self.file = name
        self.csv = csv
        self.base = DEFAULT_BASE
        self.defined: dict[str, _Row] = {}
        self.scored: dict[tuple[str, str], str] = {}  # (influencer, goal) → where it is scored first

    # -- columns -----------------------------------------------------------
    def check_columns(self, sheet: Sheet) -> None:
        if sheet.name.strip().lower() in OBSERVATION_SHEETS:
            # every row an observation: the sheet's short names (year, value …) stand for the columns
            sheet.columns = [OBSERVATION_HEADERS.get(c, c) for c in sheet.columns]
        seen: dict[str, int] = {}
        for index, column in enumerate(sheet.columns, 1):
            if not column or column.startswith("#"):
                continue
            if column in seen:
                raise InputError(
                    self.file,
                    sheet.header_row,
                    f"sheet '{sheet.name}': column '{column}' appears twice (columns {seen[column]} and {index})",
                )
            seen[column] = index
            if column not in COLUMNS and lang_column(column) is None:
                close = difflib.get_close_matches(column, list(COLUMNS), n=1)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else "; see docs/spreadsheets.md (a column whose name starts with # is a comment)"
                )
                raise InputError(self.file, sheet.header_row, f"sheet '{sheet.name}': unknown column '{column}'{hint}")
        if sheet.name.strip().lower() in OBSERVATION_SHEETS:
            for column in ("indicator", "observed_year", "observed_value"):
                if column not in seen:
                    raise InputError(
                        self.file,
                        sheet.header_row,
                        f"sheet '{sheet.name}': missing required column '{column}' (an observations sheet has indicator, year, value and source)",
                    )
            return
        for column in REQUIRED_COLUMNS:
            if column not in seen:
                raise InputError(
                    self.file, sheet.header_row, f"sheet '{sheet.name}': missing required column '{column}'"
                )
        if not any(_is_label(c) for c in seen):
            raise InputError(
                self.file,
                sheet.header_row,
                f"sheet '{sheet.name}': missing required column 'label_da' (or another label_<language>)",
            )

    def column_name(self, index: int) -> str:
        """A column by its position: ``column 7`` in a CSV file, ``column G`` in a workbook."""
        return f"column {index + 1}" if self.csv else f"column {_column_letter(index)}"

    # -- the whole file ----------------------------------------------------
    def read(
        self, sheets: list[Sheet], turtle_lines: list[str], *, skip_bad_rows: bool, report
    ) -> tuple[list[ox.Quad], dict[str, str]]:
        rows: list[_Row] = []
        rejected: dict[int, str] = {}  # id(row) → reason
        matrices: list[Sheet] = []
        for sheet in sheets:
            if not self.csv and sheet.name.strip().lower() in INFLUENCE_SHEETS:
                matrices.append(sheet)  # read once every element row is defined (self.influence_matrix)
                continue
            self.check_columns(sheet)
            width = len(sheet.columns)
            observation_sheet = sheet.name.strip().lower() in OBSERVATION_SHEETS
            for number, cells in sheet.rows:
                values: dict[str, Any] = {}
                headless: list[int] = []
                for index, value in cells.items():
                    if value is None or cell_text(value).strip() == "":
                        continue
                    column = sheet.columns[index] if index < width else ""
                    if not column:
                        headless.append(index)
                    elif not column.startswith("#"):
                        values[column] = value
                if not values and not headless:
                    continue
                if observation_sheet:
                    values.setdefault("type", "observation")
                row = self.first_look(sheet.name, number, values)
                if headless:
                    # a value under no column name would be dropped without a word: refuse the row instead
                    where = ", ".join(self.column_name(i) for i in sorted(headless)[:3]) + (
                        " …" if len(headless) > 3 else ""
                    )
                    row.problems.insert(
                        0,
                        f"{where} holds a value but has no column name in the header (row {sheet.header_row}); name the column, or start its name with # to mark it a comment",
                    )
                rows.append(row)
        # The model row gives the base IRI, which every id needs.
        models = [r for r in rows if r.kind == "model" and not r.problems]
        for extra in models[1:]:
            extra.problems.append(
                f"a second model row (the first is sheet '{models[0].sheet}', row {models[0].number})"
            )
        if models:
            self.model_row(models[0])
        for row in rows:
            if not row.problems and row.kind not in ("model", "rdf"):
                self.define(row)
        for row in rows:
            if not row.problems and row.kind not in ("model", "rdf"):
                self.values(row)
        self.targets(rows)
        self.observations(rows)
        self.influences(rows)
        for sheet in matrices:
            rows.extend(self.influence_matrix(sheet))
        for row in rows:
            if row.problems:
                rejected[id(row)] = "; ".join(row.problems)
        self.check_refs(rows, rejected)
        try:
            triples = [t for r in rows if id(r) not in rejected for t in r.triples]
            quads = [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), to_oxigraph(o)) for s, p, o in triples]
        except ValueError:
            # an id or reference that expands to an IRI the store refuses (a '%xa', a control character;
            # exit 3 before): found row by row only on this path, so a good sheet pays nothing
            self.reject_bad_iris(rows, rejected)
            triples = [t for r in rows if id(r) not in rejected for t in r.triples]
            quads = [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), to_oxigraph(o)) for s, p, o in triples]
        merged = {(sheet.name, number): refs for sheet in sheets for number, refs in sheet.merged.items()}
        for row in rows:
            refs = merged.get((row.sheet, row.number))
            if refs is not None and id(row) in rejected:
                # a value the user did not type in this row: say where it comes from
                told = "; ".join(
                    f"cells {ref} are merged: each holds {ref.partition(':')[0]}'s value" for ref in refs[:2]
                )
                rejected[id(row)] += f" ({told})"
        bad = [RejectedRow(self.file, r.sheet, r.number, _cut(rejected[id(r)])) for r in rows if id(r) in rejected]
        if bad and not skip_bad_rows:
            raise RejectedRowsError(bad)
        for item in bad:
            if report is not None:
                report(item)
            else:
                print(f"stratalign: skipped: {item}", file=sys.stderr)
        turtle = turtle_lines + [chunk for r in rows if id(r) not in rejected for chunk in r.turtle]
        if any(line.strip() for line in turtle):
            from_turtle = self.parse_turtle(turtle, from_sheet=bool(turtle_lines))
            self.refuse_second_values(rows, rejected, from_turtle)
            quads.extend(from_turtle)
        return quads, {"": self.base}

    def refuse_second_values(self, rows: list[_Row], rejected: dict[int, str], extra: list[ox.Quad]) -> None:
        """A one-value property given by a column and, differently, by the Turtle of the rdf sheet (or rows).

        The export writes a value it cannot put in a cell as it was written (sa:baseline 1000.0, an
        xsd:decimal) on the rdf sheet and leaves the cell blank; a figure typed into that cell made two
        values without a word (only validate saw it).
        """
        given = {(q.subject.value, q.predicate.value): q.object for q in extra if isinstance(q.subject, ox.NamedNode)}
        if not given:
            return
        for row in rows:
            if id(row) in rejected:
                continue
            for (subject, predicate), column in row.single.items():
                other = given.get((subject, predicate))
                if other is None:
                    continue
                mine = next((o for s, p, o in row.triples if s == subject and p == predicate), None)
                if mine is not None and to_oxigraph(mine) != other:
                    raise InputError(
                        self.file,
                        row.number,
                        f"sheet '{row.sheet}', row {row.number}: '{column}' gives {to_oxigraph(mine).value}, and "
                        f"the Turtle of sheet '{RDF_SHEET}' gives {getattr(other, 'value', other)} for the same property: keep one "
                        "(a blank cell the export left is written on that sheet)",
                    )

    def first_look(self, sheet: str, number: int, values: dict[str, Any]) -> _Row:
        raw_type = values.get("type")
        kind = row_kind(raw_type) if raw_type is not None else None
        ident = cell_text(values["id"]).strip() if "id" in values else None
        row = _Row(sheet, number, kind or "", ident, values)
        for value in values.values():
            if isinstance(value, _FormulaWithoutValue):
                row.problems.append(
                    f"the formula {value} has no stored value; type the value, or open and save the file in Excel"
                )
                return row
            if isinstance(value, _CellError):
                row.problems.append(f"a cell holds the spreadsheet error {value}")
                return row
        if raw_type is None:
            row.problems.append(
                "no type (vision, strategy, goal, focus_area, initiative, indicator, actor, theme, target …)"
            )
            return row
        if kind is None:
            row.problems.append(
                f"unknown type {cell_text(raw_type)!r}; use vision, strategy, goal, focus_area, initiative, indicator, actor, organization, theme, target or model"
            )
            return row
        if kind == "rdf":
            text = cell_text(values.get("rdf", ""))
            row.turtle.append(unescape_text(text) if self.csv else text)
        for column in values:
            if column == "type":
                continue
            if kind not in kinds_of(column):
                what = _KIND_WORD.get(kind, f"a {kind} row")
                row.problems.append(f"column '{column}' does not apply to {what}")
        if kind == "rdf":
            return row
        if kind in ("observation", "influence"):
            return row  # read by self.observations / self.influences, after every element row
        if kind == "target":
            if ident is not None and not _ID.match(ident):
                row.problems.append(f"'{ident}' is not a usable id (no spaces or <>\"{{}}|\\^` characters)")
            return row
        if ident is None:
            row.problems.append("no id" if kind != "model" else "no id: the model row's id is the base IRI")
        elif not _ID.match(ident):
            row.problems.append(f"'{ident}' is not a usable id (no spaces or <>\"{{}}|\\^` characters)")
        elif kind != "model" and not any(_is_label(c) for c in values):
            row.problems.append(f"{_KIND_WORD[kind]} '{ident}' needs a label (label_da or label_en)")
        return row

    def model_row(self, row: _Row) -> None:
        if not row.ident or not _SCHEME.match(row.ident) or not _ID.match(row.ident):
            row.problems.append(
                f"the model row's id must be the base IRI, such as https://example.org/plan/, got {row.ident!r}"
            )
            return
        self.base = row.ident
        row.subject = self.base
        for column, value in row.cells.items():
            lang = lang_column(column)
            key = _ABOUT.get(lang[0] if lang else column)
            if key is None:
                continue
            self.encode_cell(row, key, column, value, lang[1] if lang else None)

    def expand(self, ident: str) -> str:
        if ":" in ident and _SCHEME.match(ident):
            return ident
        return self.base + ident

    def define(self, row: _Row) -> None:
        if row.ident is None:
            return
        if row.ident in self.defined:
            first = self.defined[row.ident]
            row.problems.append(f"id '{row.ident}' is already defined in sheet '{first.sheet}', row {first.number}")
            return
        self.defined[row.ident] = row
        row.subject = self.expand(row.ident)
        if row.kind == "target":
            return
        kind = "actor" if row.kind == "organization" else row.kind
        row.triples.append((row.subject, RDF + "type", iri(KIND_CLASS[kind])))
        if row.kind == "organization":
            row.triples.append((row.subject, RDF + "type", iri(ORG + "Organization")))

    def encode_cell(
        self, row: _Row, key: Key, column: str, value: Any, lang: str | None, subject: str | None = None
    ) -> None:
        subject = subject or row.subject

        def resolve(ident: str, kinds: tuple[str, ...]) -> str:
            row.refs.append((ident, kinds, column))
            return self.expand(ident)

        try:
            python = cell_value(key, value, column, unescape=self.csv)
            if key.value == "text":
                python = {lang or "da": python}
            terms = encode(key, python, lang=lang or "da", resolve=resolve)
        except ValueError_ as err:
            row.problems.append(f"'{column}': {err}")
            return
        for term in terms:
            # a reference or URL the store cannot hold ('[', a control character, '%xa'): the row's
            # problem, named by its column (it was exit 3 when the quads were built)
            problem = _iri_problem(term[1]) if term[0] == "iri" else None
            if problem:
                row.problems.append(f"'{column}': {_short(term[1], 60)} is not a valid IRI ({problem})")
                return
            if key.value == "ref" and term[0] == "iri" and term[1] == subject:
                row.problems.append(f"'{column}': {SELF_REFERENCE}")  # as in YAML
                return
        for term in terms:
            row.triples.append((subject, key.predicate, term))
        if not key.many and key.value not in ("text", "iri_or_text", "ref", "iri"):
            row.single[subject, key.predicate] = column

    def values(self, row: _Row) -> None:
        if row.kind in ("target", "observation", "influence"):
            return  # after every goal has its own target (self.targets), in self.observations / self.influences
        goal_target: list[tuple[Key, str, Any, str | None]] = []
        self.evidence_cells(row, row.subject)
        for column, value in row.cells.items():
            if column in ("id", "type") or column in EVIDENCE_COLUMN_KEYS:
                continue
            lang = lang_column(column)
            if column == "plan":
                self.plan_cell(row, value)
                continue
            if column == "parent":
                predicate = {"strategy": "realizes"}.get(row.kind, "contributes_to")
                key = key_for(predicate, row.kind)
                assert key is not None
                self.encode_cell(row, key, column, value, None)
                continue
            key = key_for(column, row.kind)
            if key is None:
                continue  # reported by first_look
            if (
                row.kind == "goal"
                and key.predicate in _TARGET_PREDICATES
                and (column in _GOAL_TARGET_COLUMNS or (lang and lang[0] == "target_description"))
            ):
                goal_target.append((key, column, value, lang[1] if lang else None))
                continue
            self.encode_cell(row, key, column, value, lang[1] if lang else None)
        if goal_target:
            if not any(column == "indicator" for _, column, _, _ in goal_target):
                row.problems.append("a target needs an 'indicator' (the id of the indicator the target is set on)")
                return
            target = f"{row.subject}/target/1"
            row.triples.append((row.subject, SA + "hasTarget", iri(target)))
            row.triples.append((target, RDF + "type", iri(KIND_CLASS["target"])))
            for key, column, value, tag in goal_target:
                self.encode_cell(row, key, column, value, tag, subject=target)

    def evidence_cells(self, row: _Row, subject: str) -> None:
        """The row's ``document``/``page``/``quote`` cells as the subject's first evidence record
        (the node ``evidence_iri(subject, 1)``, as the YAML reader names it); a page or quote without a
        document, or a document without a quote, is the row's problem, named by its column."""
        cells = {column: row.cells[column] for column in EVIDENCE_COLUMN_KEYS if column in row.cells}
        if not cells:
            return
        for needed in ("document", "quote"):
            if needed not in cells:
                given = ", ".join(f"'{c}'" for c in cells)
                row.problems.append(f"'{needed}': evidence needs a document and a quote (this row gives {given})")
                return
        record = evidence_iri(subject, 1)
        before = len(row.problems)
        for column, value in cells.items():
            self.encode_cell(row, EVIDENCE_COLUMN_KEYS[column], column, value, "da", subject=record)
        if len(row.problems) == before:
            row.triples.append((subject, SA + "evidence", iri(record)))
            row.triples.append((record, RDF + "type", iri(SA + "Evidence")))

    def plan_cell(self, row: _Row, value: Any) -> None:
        predicate = SA + ("hasGoal" if row.kind == "goal" else "hasInitiative")
        for ident in split_cell(value):
            row.refs.append((ident, ("vision", "strategy"), "plan"))
            row.triples.append((self.expand(ident), predicate, iri(row.subject)))

    def targets(self, rows: list[_Row]) -> None:
        count: dict[str, int] = {}
        for row in rows:
            if row.kind == "goal" and any(t[1] == SA + "hasTarget" for t in row.triples):
                count[row.subject] = 1
        for row in rows:
            if row.kind != "target" or row.problems:
                continue
            parents = split_cell(row.cells.get("parent", ""))
            if len(parents) != 1:
                row.problems.append("a target row needs its goal's id in 'parent' (one id)")
                continue
            if "indicator" not in row.cells:
                row.problems.append("a target needs an 'indicator' (the id of the indicator the target is set on)")
                continue
            goal = self.expand(parents[0])
            row.refs.append((parents[0], ("goal",), "parent"))
            count[goal] = count.get(goal, 0) + 1
            if row.ident is None:
                row.subject = f"{goal}/target/{count[goal]}"
            elif not row.subject:
                continue  # a duplicate id, reported by define()
            row.triples.append((goal, SA + "hasTarget", iri(row.subject)))
            row.triples.append((row.subject, RDF + "type", iri(KIND_CLASS["target"])))
            self.evidence_cells(row, row.subject)
            for column, value in row.cells.items():
                if column in ("id", "type", "parent") or column in EVIDENCE_COLUMN_KEYS:
                    continue
                key = key_for(column, "target")
                lang = lang_column(column)
                if key is not None:
                    self.encode_cell(row, key, column, value, lang[1] if lang else None)

    def observations(self, rows: list[_Row]) -> None:
        """Observation rows: indicator, year (or date), value and source; a year twice with two values is refused."""
        seen: dict[tuple[str, Term], tuple[Term, _Row]] = {}
        for row in rows:
            if row.kind != "observation" or row.problems:
                continue
            indicators = split_cell(row.cells.get("indicator", ""))
            if len(indicators) != 1:
                row.problems.append("an observation needs its indicator's id in 'indicator' (one id)")
                continue
            if "observed_year" not in row.cells:
                row.problems.append("an observation needs a year (or a date) in 'observed_year'")
                continue
            if "observed_value" not in row.cells:
                row.problems.append("an observation needs a value (a number) in 'observed_value'")
                continue
            try:
                predicate, time = observation_time(
                    cell_value(OBSERVATION_TIME, row.cells["observed_year"], "observed_year")
                )
            except ValueError_ as err:
                row.problems.append(f"'observed_year': {err}")
                continue
            value_key = OBSERVATION_KEYS[2]
            try:
                value = encode(
                    value_key,
                    cell_value(value_key, row.cells["observed_value"], "observed_value"),
                    lang="da",
                    resolve=lambda i, k: i,
                )[0]
            except ValueError_ as err:
                row.problems.append(f"'observed_value': {err}")
                continue
            indicator = self.expand(indicators[0])
            row.refs.append((indicators[0], ("indicator",), "indicator"))
            first = seen.setdefault((indicator, time), (value, row))
            if first[1] is not row and Decimal(first[0][1]) != Decimal(value[1]):
                row.problems.append(
                    f"{time[1]} of '{indicators[0]}' is given twice with different values ({first[0][1]} in sheet '{first[1].sheet}', row {first[1].number}; {value[1]} here)"
                )
                continue
            row.subject = observation_iri(indicator, time)
            row.triples.append((indicator, SA + "hasObservation", iri(row.subject)))
            row.triples.append((row.subject, RDF + "type", iri(SA + "Observation")))
            row.triples.append((row.subject, predicate, time))
            row.triples.append((row.subject, SA + "observedValue", value))
            if "source" in row.cells:
                self.encode_cell(row, OBSERVATION_KEYS[3], "source", row.cells["source"], None)

    def score(self, row: _Row, influencer: str, goal: str, where: str) -> str | None:
        """Record that ``row`` scores ``influencer`` on ``goal``; the influence's IRI, or None (and a problem)
        when the pair is scored already (one strength per pair, across rows, matrix cells and sheets)."""
        if influencer == goal:  # as in YAML (a matrix's diagonal, or a row naming one element twice)
            row.problems.append(f"{where.removeprefix(', ') + ': ' if where else ''}{SELF_INFLUENCE}")
            return None
        first = self.scored.setdefault((influencer, goal), f"sheet '{row.sheet}', row {row.number}{where}")
        if first != f"sheet '{row.sheet}', row {row.number}{where}":
            row.problems.append(
                f"{where.removeprefix(', ') + ': ' if where else ''}this influence is scored already ({first}); "
                "keep one strength per element and goal"
            )
            return None
        subject = influence_iri(influencer, goal)
        row.triples.append((subject, RDF + "type", iri(SA + "Influence")))
        return subject

    def influences(self, rows: list[_Row]) -> None:
        """Influence rows: influencer, influenced (a goal), strength (-3..+3), the reason in description_<lang>."""
        for row in rows:
            if row.kind != "influence" or row.problems:
                continue
            missing = [c for c in ("influencer", "influenced", "strength") if c not in row.cells]
            if missing:
                row.problems.append(
                    f"an influence needs {', '.join(repr(c) for c in missing)} (the influencing element's id, "
                    "the influenced goal's id, a strength from -3 to +3)"
                )
                continue
            ends = {c: split_cell(row.cells[c]) for c in ("influencer", "influenced")}
            bad = [c for c, ids in ends.items() if len(ids) != 1]
            if bad:
                row.problems.append(f"'{bad[0]}': one id, got {_short(cell_text(row.cells[bad[0]]))}")
                continue
            subject = self.score(row, self.expand(ends["influencer"][0]), self.expand(ends["influenced"][0]), "")
            if subject is None:
                continue
            row.subject = subject
            for column, value in row.cells.items():
                if column == "type":
                    continue
                lang = lang_column(column)
                key = INFLUENCE_COLUMN_KEYS.get(lang[0] if lang else column)
                if key is not None:
                    self.encode_cell(row, key, column, value, lang[1] if lang else None)

    def influence_matrix(self, sheet: Sheet) -> list[_Row]:
        """A cross-impact matrix sheet: the first column the influencing elements' ids, the header row the
        influenced goals' ids, each filled cell a strength from -3 to +3 (0 is recorded: scored as consistent).

        A column or row whose first cell starts with # is a comment. Every bad cell names its row and column.
        """
        header = _Row(sheet.name, sheet.header_row, "influence", None, {})
        goals: dict[int, str] = {}
        names: dict[int, str] = {}
        seen: dict[str, int] = {}
        for index, value in sorted(sheet.header.items()):
            text = cell_text(value).strip()
            if index == 0 or not text or text.startswith("#"):
                continue
            where = f"{self.column_name(index)} ({_short(text)})"
            names[index] = where
            target = self.defined.get(text)
            if target is None and not (":" in text and _SCHEME.match(text)):
                close = difflib.get_close_matches(text, list(self.defined), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                header.problems.append(
                    f"{where}: {_short(text)} is not the id of any row (the header row names the influenced goals){hint}"
                )
            elif target is not None and target.kind != "goal":
                header.problems.append(
                    f"{where}: '{text}' is {_KIND_WORD[target.kind]} (sheet '{target.sheet}', row {target.number}), "
                    "but the header row names goals (the influenced ones)"
                )
            elif text in seen:
                header.problems.append(
                    f"{where}: the goal '{text}' heads two columns ({self.column_name(seen[text])} and here)"
                )
            else:
                seen[text] = index
                goals[index] = self.expand(text)
        out = [header] if header.problems else []
        for number, cells in sheet.rows:
            filled = {i: v for i, v in cells.items() if v is not None and cell_text(v).strip() != ""}
            if not filled:
                continue
            row = _Row(sheet.name, number, "influence", None, {})
            out.append(row)
            first = cell_text(filled.get(0, "")).strip()
            if first.startswith("#"):
                out.pop()
                continue
            if not first:
                row.problems.append(
                    f"{self.column_name(0)}: no id of the influencing goal, initiative or focus area, but the row holds strengths"
                )
                continue
            influencer = self.expand(first)
            row.refs.append((first, INFLUENCER_KINDS, self.column_name(0)))
            for index, value in sorted(filled.items()):
                if index == 0:
                    continue
                head = cell_text(sheet.header.get(index, "")).strip()
                if head.startswith("#"):
                    continue
                if index not in goals:
                    if index not in names:
                        row.problems.append(
                            f"{self.column_name(index)}: holds {_short(cell_text(value))}, but the header row names no goal above it"
                        )
                    continue  # a bad header cell: reported on the header row
                where = names[index]
                try:
                    term = encode(
                        INFLUENCE_COLUMN_KEYS["strength"],
                        cell_value(INFLUENCE_COLUMN_KEYS["strength"], value, "strength", unescape=False),
                        lang="da",
                        resolve=lambda i, k: i,
                    )[0]
                except ValueError_ as err:
                    row.problems.append(f"{where}: {err}")
                    continue
                subject = self.score(row, influencer, goals[index], f", {where}")
                if subject is None:
                    continue
                row.refs.append((cell_text(sheet.header[index]).strip(), ("goal",), where))
                row.triples.append((subject, SA + "influencer", iri(influencer)))
                row.triples.append((subject, SA + "influenced", iri(goals[index])))
                row.triples.append((subject, SA + "strength", term))
        return out

    def check_refs(self, rows: list[_Row], rejected: dict[int, str]) -> None:
        """Unknown ids, ids of the wrong kind, and ids of rejected rows (carried on to every row that depends on them)."""
        hints = 0  # a close-match hint costs a pass over every id: give it for the first few unknown ids only
        for row in rows:
            if id(row) in rejected:
                continue
            problems = []
            for ident, kinds, column in row.refs:
                target = self.defined.get(ident)
                if target is None:
                    if ":" in ident and _SCHEME.match(ident):
                        continue  # a full IRI: may live in another file
                    hint = ""
                    if hints < _HINTS:
                        hints += 1
                        close = difflib.get_close_matches(ident, list(self.defined), n=1)
                        hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(f"'{column}': {_short(ident)} is not the id of any row{hint}")
                    continue
                kind = "actor" if target.kind == "organization" else target.kind
                if kind not in kinds:
                    want = " or ".join(_KIND_WORD[k] for k in kinds)
                    problems.append(
                        f"'{column}': '{ident}' is {_KIND_WORD[kind]} (sheet '{target.sheet}', row {target.number}), but {want} is expected"
                    )
            if problems:
                rejected[id(row)] = "; ".join(problems)
        # Rows that refer to a rejected row are rejected too, in one pass over the links (a chain of
        # 100,000 rows each naming the next took one pass per link before: quadratic).
        dependants: dict[int, list[tuple[_Row, str, str]]] = {}
        for row in rows:
            if id(row) in rejected:
                continue
            for ident, _, column in row.refs:
                target = self.defined.get(ident)
                if target is not None:
                    dependants.setdefault(id(target), []).append((row, ident, column))
        by_id = {id(r): r for r in rows}
        queue = collections.deque(key for key in rejected if key in dependants)
        while queue:
            target = by_id[queue.popleft()]
            for row, ident, column in dependants.get(id(target), ()):
                if id(row) in rejected:
                    continue
                rejected[id(row)] = (
                    f"'{column}': '{ident}' is in sheet '{target.sheet}', row {target.number}, which is rejected"
                )
                queue.append(id(row))

    def reject_bad_iris(self, rows: list[_Row], rejected: dict[int, str]) -> None:
        """Reject each row with a triple whose subject or object IRI the store refuses, naming the IRI."""
        for row in rows:
            if id(row) in rejected:
                continue
            for s, _, o in row.triples:
                for value in (s, o[1] if o[0] == "iri" else None):
                    problem = _iri_problem(value) if value is not None else None
                    if problem:
                        rejected[id(row)] = f"{_short(value, 60)} is not a valid IRI ({problem})"
                        break
                if id(row) in rejected:
                    break

    def parse_turtle(self, lines: list[str], *, from_sheet: bool) -> list[ox.Quad]:
        header = "".join(f"@prefix {p}: <{i}> .\n" for p, i in STANDARD_PREFIXES.items())
        text = "\n".join(lines)
        place = f"sheet '{RDF_SHEET}'" if from_sheet else "the rdf rows"
        turtle = (header + text).encode("utf-8")
        try:
            parsed = ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=self.base)
            # a quoted triple (RDF-star) or a 5,000-digit number is outside the model, as in a Turtle file
            quads = [ox.Quad(q.subject, q.predicate, q.object) for q in refuse_outside_model(parsed, turtle, self.file)]
        except SyntaxError as err:
            line = getattr(err, "lineno", None)
            where = line - header.count("\n") if line else None
            message = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(getattr(err, "msg", err)))
            raise InputError(
                self.file,
                where if from_sheet and where and where > 0 else None,
                f"{place}: Turtle error: {_cut(message, 160)}",
            ) from None
        except InputError as err:
            where = err.line - header.count("\n") if err.line else None
            raise InputError(
                self.file, where if from_sheet and where and where > 0 else None, f"{place}: {err.problem}"
            ) from None
        return quads


_HINTS = 20
_TARGET_PREDICATES = {
    SA + "indicator",
    SA + "targetValue",
    SA + "targetYear",
    SA + "direction",
    SA + "weight",
    DCTERMS + "description",
}
_GOAL_TARGET_COLUMNS = {"indicator", "target_value", "target_year", "direction", "weight"}
