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

import csv
import difflib
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import DCTERMS, DEFAULT_BASE, ORG, RDF, SA, STANDARD_PREFIXES
from .spreadsheet_schema import (
    COLUMNS,
    EXAMPLE_SHEETS,
    HELP_SHEETS,
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
from .yaml_reader import _ID, _SCHEME, to_oxigraph
from .yaml_reader import _KIND_WORD as _YAML_KIND_WORD
from .yaml_schema import KIND_CLASS, Key, Term, ValueError_, encode, iri

__all__ = ["read_spreadsheet", "RejectedRow", "RejectedRowsError", "Sheet", "read_sheets"]

# The same id rules and words as the YAML reader, plus the spreadsheet's "organization" type.
_KIND_WORD = {**_YAML_KIND_WORD, "organization": "an actor"}
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
    """One sheet: its name, its column names (normalised) and its rows as (row number, cells)."""

    name: str
    columns: list[str]
    rows: list[tuple[int, list[Any]]]
    header_row: int = 1


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


# -- reading the file --------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(name, None, "not a text file (it contains binary data); is it an .xlsx file named .csv?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            name, line, f"not valid UTF-8 text (byte 0x{data[err.start]:02x}); in Excel save as 'CSV UTF-8 (kommasepareret)'"
        ) from None


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def _normalise_header(value: Any) -> str:
    return re.sub(r"\s+", "_", cell_text(value).strip().lower()) if value is not None else ""


def _read_csv(path: Path, name: str) -> list[Sheet]:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(name, 1, "the file is empty")
    text = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    records: list[tuple[int, list[Any]]] = []
    try:
        for number, record in enumerate(reader, 1):
            records.append((number, record))
    except csv.Error as err:
        raise InputError(name, reader.line_num, f"CSV error: {err}") from None
    return [_sheet_from_records(path.stem, records)]


def _sheet_from_records(sheet: str, records: list[tuple[int, list[Any]]]) -> Sheet:
    header_at = next((i for i, (_, cells) in enumerate(records) if any(c not in (None, "") for c in cells)), None)
    if header_at is None:
        return Sheet(sheet, [], [])
    number, header = records[header_at]
    return Sheet(sheet, [_normalise_header(c) for c in header], records[header_at + 1 :], number)


def _read_xlsx(path: Path, name: str) -> tuple[list[Sheet], list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(name, None, f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from None
    cached = None
    sheets: list[Sheet] = []
    turtle: list[str] = []
    try:
        for ws in book.worksheets:
            records: list[tuple[int, list[Any]]] = []
            for row in ws.iter_rows():
                cells: list[Any] = []
                number = None
                for cell in row:
                    if getattr(cell, "row", None) is not None:
                        number = cell.row
                    value = cell.value
                    kind = getattr(cell, "data_type", None)
                    if kind == "f":
                        if cached is None:
                            cached = load_workbook(path, read_only=True, data_only=True)
                        value = cached[ws.title].cell(row=cell.row, column=cell.column).value
                        if value is None:
                            value = _FormulaWithoutValue(str(cell.value))
                    elif kind == "e":
                        value = _CellError(str(value))
                    cells.append(value)
                if number is not None:
                    records.append((number, cells))
            if ws.title.strip().lower() == RDF_SHEET:
                turtle.extend("".join(cell_text(c) for c in cells if c is not None) for _, cells in records)
                continue
            sheets.append(_sheet_from_records(ws.title, records))
    finally:
        book.close()
        if cached is not None:
            cached.close()
    return sheets, turtle


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
) -> tuple[list[ox.Quad], dict[str, str]]:
    """Read a .csv or .xlsx model into quads and prefixes (``""`` → the base IRI).

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
            raise InputError(name, None, f"no sheet named {', '.join(sorted(missing))}; sheets: {', '.join(s.name for s in found)}")
    if not chosen and not turtle:
        raise InputError(name, None, "no sheet with elements (a header row with 'id' and 'type')")
    reader = _Reader(name, csv=Path(path).suffix.lower() != ".xlsx")
    return reader.read(chosen, turtle, skip_bad_rows=skip_bad_rows, report=report)


class _Reader:
    def __init__(self, name: str, *, csv: bool = False) -> None:
        self.file = name
        self.csv = csv
        self.base = DEFAULT_BASE
        self.defined: dict[str, _Row] = {}

    # -- columns -----------------------------------------------------------
    def check_columns(self, sheet: Sheet) -> None:
        seen: dict[str, int] = {}
        for index, column in enumerate(sheet.columns, 1):
            if not column or column.startswith("#"):
                continue
            if column in seen:
                raise InputError(self.file, sheet.header_row, f"sheet '{sheet.name}': column '{column}' appears twice (columns {seen[column]} and {index})")
            seen[column] = index
            if column not in COLUMNS and lang_column(column) is None:
                close = difflib.get_close_matches(column, list(COLUMNS), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else "; see docs/spreadsheets.md (a column whose name starts with # is a comment)"
                raise InputError(self.file, sheet.header_row, f"sheet '{sheet.name}': unknown column '{column}'{hint}")
        for column in REQUIRED_COLUMNS:
            if column not in seen:
                raise InputError(self.file, sheet.header_row, f"sheet '{sheet.name}': missing required column '{column}'")
        if not any(lang_column(c) and lang_column(c)[0] == "label" for c in seen):
            raise InputError(self.file, sheet.header_row, f"sheet '{sheet.name}': missing required column 'label_da' (or another label_<language>)")

    # -- the whole file ----------------------------------------------------
    def read(self, sheets: list[Sheet], turtle_lines: list[str], *, skip_bad_rows: bool, report) -> tuple[list[ox.Quad], dict[str, str]]:
        rows: list[_Row] = []
        rejected: dict[int, str] = {}  # id(row) → reason
        for sheet in sheets:
            self.check_columns(sheet)
            for number, cells in sheet.rows:
                values = {
                    column: value
                    for column, value in zip(sheet.columns, cells)
                    if column and not column.startswith("#") and value is not None and cell_text(value).strip() != ""
                }
                if not values:
                    continue
                rows.append(self.first_look(sheet.name, number, values))
        # The model row gives the base IRI, which every id needs.
        models = [r for r in rows if r.kind == "model" and not r.problems]
        for extra in models[1:]:
            extra.problems.append(f"a second model row (the first is sheet '{models[0].sheet}', row {models[0].number})")
        if models:
            self.model_row(models[0])
        for row in rows:
            if not row.problems and row.kind not in ("model", "rdf"):
                self.define(row)
        for row in rows:
            if not row.problems and row.kind not in ("model", "rdf"):
                self.values(row)
        self.targets(rows)
        for row in rows:
            if row.problems:
                rejected[id(row)] = "; ".join(row.problems)
        self.check_refs(rows, rejected)
        bad = [RejectedRow(self.file, r.sheet, r.number, rejected[id(r)]) for r in rows if id(r) in rejected]
        if bad and not skip_bad_rows:
            raise RejectedRowsError(bad)
        for item in bad:
            if report is not None:
                report(item)
            else:
                print(f"stratalign: skipped: {item}", file=sys.stderr)
        triples = [t for r in rows if id(r) not in rejected for t in r.triples]
        quads = [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), to_oxigraph(o)) for s, p, o in triples]
        turtle = turtle_lines + [chunk for r in rows if id(r) not in rejected for chunk in r.turtle]
        if any(line.strip() for line in turtle):
            quads.extend(self.parse_turtle(turtle, from_sheet=bool(turtle_lines)))
        return quads, {"": self.base}

    def first_look(self, sheet: str, number: int, values: dict[str, Any]) -> _Row:
        raw_type = values.get("type")
        kind = row_kind(raw_type) if raw_type is not None else None
        ident = cell_text(values["id"]).strip() if "id" in values else None
        row = _Row(sheet, number, kind or "", ident, values)
        for value in values.values():
            if isinstance(value, _FormulaWithoutValue):
                row.problems.append(f"the formula {value} has no stored value; type the value, or open and save the file in Excel")
                return row
            if isinstance(value, _CellError):
                row.problems.append(f"a cell holds the spreadsheet error {value}")
                return row
        if raw_type is None:
            row.problems.append("no type (vision, strategy, goal, focus_area, initiative, indicator, actor, theme, target …)")
            return row
        if kind is None:
            row.problems.append(f"unknown type {cell_text(raw_type)!r}; use vision, strategy, goal, focus_area, initiative, indicator, actor, organization, theme, target or model")
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
        if kind == "target":
            if ident is not None and not _ID.match(ident):
                row.problems.append(f"'{ident}' is not a usable id (no spaces or <>\"{{}}|\\^` characters)")
            return row
        if ident is None:
            row.problems.append("no id" if kind != "model" else "no id: the model row's id is the base IRI")
        elif not _ID.match(ident):
            row.problems.append(f"'{ident}' is not a usable id (no spaces or <>\"{{}}|\\^` characters)")
        elif kind != "model" and not any(lang_column(c) and lang_column(c)[0] == "label" for c in values):
            row.problems.append(f"{_KIND_WORD[kind]} '{ident}' needs a label (label_da or label_en)")
        return row

    def model_row(self, row: _Row) -> None:
        if not row.ident or not _SCHEME.match(row.ident) or not _ID.match(row.ident):
            row.problems.append(f"the model row's id must be the base IRI, such as https://example.org/plan/, got {row.ident!r}")
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

    def encode_cell(self, row: _Row, key: Key, column: str, value: Any, lang: str | None, subject: str | None = None) -> None:
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
            row.triples.append((subject, key.predicate, term))

    def values(self, row: _Row) -> None:
        if row.kind == "target":
            return  # after every goal has its own target (self.targets)
        goal_target: list[tuple[Key, str, Any, str | None]] = []
        for column, value in row.cells.items():
            if column in ("id", "type"):
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
            if row.kind == "goal" and key.predicate in _TARGET_PREDICATES and (column in _GOAL_TARGET_COLUMNS or (lang and lang[0] == "target_description")):
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
            for key, column, value, lang in goal_target:
                self.encode_cell(row, key, column, value, lang, subject=target)

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
            for column, value in row.cells.items():
                if column in ("id", "type", "parent"):
                    continue
                key = key_for(column, "target")
                lang = lang_column(column)
                if key is not None:
                    self.encode_cell(row, key, column, value, lang[1] if lang else None)

    def check_refs(self, rows: list[_Row], rejected: dict[int, str]) -> None:
        """Unknown ids, ids of the wrong kind, and ids of rejected rows (repeated until nothing changes)."""
        for row in rows:
            if id(row) in rejected:
                continue
            problems = []
            for ident, kinds, column in row.refs:
                target = self.defined.get(ident)
                if target is None:
                    if ":" in ident and _SCHEME.match(ident):
                        continue  # a full IRI: may live in another file
                    close = difflib.get_close_matches(ident, list(self.defined), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(f"'{column}': '{ident}' is not the id of any row{hint}")
                    continue
                kind = "actor" if target.kind == "organization" else target.kind
                if kind not in kinds:
                    want = " or ".join(_KIND_WORD[k] for k in kinds)
                    problems.append(f"'{column}': '{ident}' is {_KIND_WORD[kind]} (sheet '{target.sheet}', row {target.number}), but {want} is expected")
            if problems:
                rejected[id(row)] = "; ".join(problems)
        changed = True
        while changed:
            changed = False
            for row in rows:
                if id(row) in rejected:
                    continue
                for ident, _, column in row.refs:
                    target = self.defined.get(ident)
                    if target is not None and id(target) in rejected:
                        rejected[id(row)] = f"'{column}': '{ident}' is in sheet '{target.sheet}', row {target.number}, which is rejected"
                        changed = True
                        break

    def parse_turtle(self, lines: list[str], *, from_sheet: bool) -> list[ox.Quad]:
        header = "".join(f"@prefix {p}: <{i}> .\n" for p, i in STANDARD_PREFIXES.items())
        text = "\n".join(lines)
        try:
            parsed = ox.parse((header + text).encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=self.base)
            return [ox.Quad(q.subject, q.predicate, q.object) for q in parsed]
        except SyntaxError as err:
            line = getattr(err, "lineno", None)
            where = line - header.count("\n") if line else None
            message = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(getattr(err, "msg", err)))
            place = f"sheet '{RDF_SHEET}'" if from_sheet else "the rdf rows"
            raise InputError(self.file, where if from_sheet and where and where > 0 else None, f"{place}: Turtle error: {message}") from None


_TARGET_PREDICATES = {SA + "indicator", SA + "targetValue", SA + "targetYear", SA + "direction", DCTERMS + "description"}
_GOAL_TARGET_COLUMNS = {"indicator", "target_value", "target_year", "direction"}
