"""Statistics tables from Danmarks Statistik's Statbank as an indicator's observations.

Two downloads are read, both offline (nothing is fetched):

- the CSV download: separated by ``;``, a header row, a decimal comma, one column per
  variable and the value last (``OMRÅDE;TID;INDHOLD`` / ``Esbjerg;2019K1;115652``), or one
  row with a column per period (``;2017K1;2018K1`` / ``Esbjerg;115905;116032``);
- JSON-stat 2.0 (``class: dataset``): ``id``, ``size``, ``dimension`` with ``category.index``,
  ``role.time`` and ``value`` (a list, or an object by position), row-major.

A table must hold one series: every variable but the time has one value (select the
municipality and the measure when downloading). Time codes: ``2019`` is the year,
``2019K1``-``K4`` a quarter, ``2019H1``/``H2`` a half year, ``2019M01``-``M12`` a month; a
period shorter than a year is dated by its first day (2019K2 → 2019-04-01), as the
Statbank counts a population on the first day of the quarter. Statbank's ``..`` (no value)
is left out and counted.

>>> series = read_statbank_csv("OMRÅDE;TID;INDHOLD\\nEsbjerg;2019K1;115.652\\n", "t.csv")
>>> [(p.time, p.value) for p in series.points]
[('2019-01-01', Decimal('115652'))]
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import DCTERMS, RDF, SA, XSD
from ..textsafety import excerpt
from .yaml_reader import _SCHEME, to_oxigraph
from .yaml_schema import _URL, literal, observation_iri

__all__ = [
    "Point",
    "Series",
    "read_statbank",
    "read_statbank_csv",
    "read_jsonstat",
    "period",
    "observation_quads",
    "observation_entries",
]

#: Largest table read: 100,000 values is 25 years of monthly figures for 300 series, far above one
#: series; the bound keeps a stray bulk download from filling the memory.
MAX_VALUES = 100_000

_PERIOD = re.compile(r"^([1-9]\d{3})(?:([KQH])(\d)|M(\d{2}))?$")  # a year from 1000: "0000" is none
_MISSING = {"..", "...", ".", "-", ""}
_TIME_HEADERS = {"tid", "time", "år", "periode"}


@dataclass(frozen=True)
class Point:
    """One value of the series at one time: ``time`` is a year (``2019``) or a date (``2019-04-01``)."""

    time: str
    value: Decimal
    line: int | None = None


@dataclass
class Series:
    """A table's one series: its points in time order, its title and how many periods had no value."""

    points: list[Point] = field(default_factory=list)
    title: str | None = None
    missing: int = 0


def period(code: str) -> str | None:
    """A Statbank time code as a year or the first day of the period, or None when it is none.

    >>> period("2019"), period("2019K3"), period("2019M11"), period("2019H2"), period("2019U01")
    ('2019', '2019-07-01', '2019-11-01', '2019-07-01', None)
    """
    found = _PERIOD.match(code.strip())
    if not found:
        return None
    year, kind, part, month = found.groups()
    if kind is None and month is None:
        return year
    if month is not None:
        number = int(month)
        return f"{year}-{number:02d}-01" if 1 <= number <= 12 else None
    number = int(part)
    if kind in "KQ" and 1 <= number <= 4:
        return f"{year}-{3 * (number - 1) + 1:02d}-01"
    if kind == "H" and number in (1, 2):
        return f"{year}-{1 if number == 1 else 7:02d}-01"
    return None


#: Dotted groups of three after a first group of 1-3 digits not starting with 0: "115.652" may be thousands.
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")
#: A point that can only be a decimal point: "6.2", "1.50", "0.500".
_POINT_DECIMAL = re.compile(r"-?\d+\.\d+")
#: Beyond a double's range a value cannot be written to YAML or compared (1e400 became .inf).
_LARGEST = Decimal("1e300")


def decimal_mark(cells: Iterable[tuple[str, int | None]], where: str) -> str | None:
    """The table's decimal mark, from all its value cells: ``","``, ``"."`` or None when no cell tells.

    A comma anywhere makes points thousands separators (115.652,5); a point that cannot be one
    ("6.2", "0.500") makes points decimal points in every cell, so "1.500" beside "6.2" is 1.5. Both in
    one table is an error. With no clue, "115.652" is read as the Statbank writes it: thousands.

    >>> decimal_mark([("115.652", 2), ("6,2", 3)], "t.csv"), decimal_mark([("1.500", 2), ("0.5", 3)], "t.csv")
    (',', '.')
    >>> decimal_mark([("115.652", 2)], "t.csv") is None
    True
    """
    comma: int | None = None
    point: tuple[str, int | None] | None = None
    for text, line in cells:
        cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
        if "," in cleaned and comma is None:
            comma = line or 0
        elif point is None and _POINT_DECIMAL.fullmatch(cleaned) and not _THOUSANDS.fullmatch(cleaned):
            point = (text, line)
    if comma is not None and point is not None:
        raise InputError(
            where,
            point[1],
            f"{excerpt(point[0], 40)} has a decimal point, but line {comma} a decimal comma: write one style",
        )
    return "," if comma is not None else "." if point is not None else None


def _number(text: str, where: str, line: int | None, mark: str | None = None) -> Decimal:
    """A Statbank value with the table's decimal ``mark`` (:func:`decimal_mark`): 115.652, 115 652, 6,2."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if mark == "," or "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif mark is None and _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")  # 115.652: Danish thousands, as the Statbank writes them
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(where, line, f"{excerpt(text, 40)} is not a number") from None
    if not value.is_finite() or abs(value) >= _LARGEST:
        raise InputError(where, line, f"{excerpt(text, 40)} is not a finite number within 1e300")
    return value


def _add(series: Series, time: str, value: Decimal, where: str, line: int | None) -> None:
    for point in series.points:
        if point.time == time and point.value != value:
            raise InputError(
                where,
                line,
                f"{time} is given twice with different values ({point.value} on line {point.line}, {value} here)",
            )
    if not any(p.time == time for p in series.points):
        series.points.append(Point(time, value, line))


def read_statbank_csv(text: str, where: str) -> Series:
    """The series of a Statbank CSV download (long: variables then the value; wide: a column per period)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(where, 1, "the table is empty")
    if ";" not in text.splitlines()[0]:
        raise InputError(where, 1, "not a Statbank CSV table: expected columns separated by ';' and a header row")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = [h.strip() for h in rows[0]]
    body = [(number, row) for number, row in enumerate(rows[1:], 2) if any(cell.strip() for cell in row)]
    if not body:
        raise InputError(where, 2, "the table has a header but no rows")
    if sum(len(row) for _, row in body) > MAX_VALUES:
        raise InputError(
            where,
            None,
            f"the table holds more than {MAX_VALUES:,} cells; download one series (one municipality, one measure)",
        )
    series = Series()
    periods = [(index, period(name)) for index, name in enumerate(header)]
    wide = [(index, time) for index, time in periods if time is not None]
    if wide:
        if len(body) != 1:
            raise InputError(
                where,
                body[1][0],
                f"the table holds {len(body)} series (one row each); download one (one municipality, one measure)",
            )
        number, row = body[0]
        series.title = (
            " ".join(cell.strip() for index, cell in enumerate(row) if index < wide[0][0] and cell.strip()) or None
        )
        if len(row) > len(header):
            raise InputError(where, number, f"the row has {len(row)} cells, the header {len(header)}")
        cells = [(row[index] if index < len(row) else "", time) for index, time in wide]
        mark = decimal_mark(((cell, number) for cell, _ in cells if cell.strip() not in _MISSING), where)
        for cell, time in cells:
            if cell.strip() in _MISSING:
                series.missing += 1
                continue
            _add(series, time, _number(cell, where, number, mark), where, number)
        return _sorted(series)
    time_column = next((i for i, name in enumerate(header) if name.lower() in _TIME_HEADERS), None)
    if time_column is None:
        time_column = next(
            (i for i in range(len(header) - 1) if period(body[0][1][i] if i < len(body[0][1]) else "") is not None),
            None,
        )
    if time_column is None or time_column == len(header) - 1:
        raise InputError(
            where, 1, "no time column: expected a column TID (2019, 2019K1, 2019M01 …) before the value column"
        )
    others = [i for i in range(len(header) - 1) if i != time_column]
    mark = decimal_mark(((row[-1], number) for number, row in body if row and row[-1].strip() not in _MISSING), where)
    first: tuple[str, ...] | None = None
    for number, row in body:
        if len(row) != len(header):
            raise InputError(where, number, f"the row has {len(row)} cells, the header {len(header)}")
        key = tuple(row[i].strip() for i in others)
        if first is None:
            first = key
            series.title = " ".join(k for k in key if k) or None
        elif key != first:
            column = next(header[i] for i, a, b in zip(others, first, key) if a != b)
            raise InputError(
                where,
                number,
                f"the table holds more than one series: {column} is {excerpt(first[others.index(header.index(column))], 40)} on line 2 and {excerpt(row[header.index(column)], 40)} here; download one",
            )
        when = period(row[time_column])
        if when is None:
            raise InputError(
                where,
                number,
                f"{excerpt(row[time_column], 40)} is not a Statbank time code (2019, 2019K1, 2019H1, 2019M01)",
            )
        cell = row[-1]
        if cell.strip() in _MISSING:
            series.missing += 1
            continue
        _add(series, when, _number(cell, where, number, mark), where, number)
    return _sorted(series)


def _sorted(series: Series) -> Series:
    series.points.sort(key=lambda p: p.time)
    return series


def read_jsonstat(text: str, where: str) -> Series:
    """The series of a JSON-stat 2.0 dataset (Statbank's JSONSTAT download)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(where, err.lineno, f"not JSON: {err.msg}") from None
    if isinstance(data, dict) and "dataset" in data and "class" not in data:
        data = data["dataset"]  # JSON-stat 1.x wraps the dataset; Statbank's v1 answer does so
    if not isinstance(data, dict) or data.get("class", "dataset") != "dataset" or "dimension" not in data:
        raise InputError(
            where,
            1,
            "not a JSON-stat dataset: expected an object with class 'dataset', 'id', 'size', 'dimension' and 'value'",
        )
    ids, sizes, dimensions = data.get("id"), data.get("size"), data["dimension"]
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not isinstance(dimensions, dict)
    ):
        raise InputError(where, 1, "JSON-stat: 'id' and 'size' must be lists of the same length, 'dimension' an object")
    if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 1 for s in sizes):
        raise InputError(where, 1, "JSON-stat: every 'size' must be a positive whole number")
    total = 1
    for size in sizes:
        total *= size
        if total > MAX_VALUES:
            raise InputError(
                where,
                1,
                f"the dataset holds more than {MAX_VALUES:,} values; download one series (one municipality, one measure)",
            )
    roles: dict[str, Any] = data["role"] if isinstance(data.get("role"), dict) else {}
    time_ids = [t for t in (roles.get("time") or []) if t in ids] or [i for i in ids if str(i).lower() in _TIME_HEADERS]
    if len(time_ids) != 1:
        raise InputError(where, 1, "JSON-stat: no time dimension (role.time, or a dimension named Tid)")
    axis = ids.index(time_ids[0])
    for index, (name, size) in enumerate(zip(ids, sizes)):
        if index != axis and size != 1:
            raise InputError(
                where,
                1,
                f"the dataset holds more than one series: dimension {excerpt(name, 40)} has {size} categories; download one",
            )
    codes = _categories(dimensions.get(time_ids[0]), sizes[axis], where)
    values = data.get("value")
    if isinstance(values, list):
        if len(values) != total:
            raise InputError(where, 1, f"JSON-stat: 'value' has {len(values)} values, 'size' says {total}")
        by_position: dict[int, Any] = dict(enumerate(values))
    elif isinstance(values, dict):
        by_position = {}
        for key, value in values.items():
            if not key.isdigit() or int(key) >= total:
                raise InputError(
                    where, 1, f"JSON-stat: 'value' has the position {excerpt(key, 20)}, outside 0–{total - 1}"
                )
            by_position[int(key)] = value
    else:
        raise InputError(where, 1, "JSON-stat: 'value' must be a list or an object of positions")
    stride = 1
    for size in sizes[axis + 1 :]:
        stride *= size
    series = Series(title=data.get("label") if isinstance(data.get("label"), str) else None)
    for position, code in enumerate(codes):
        time = period(code)
        if time is None:
            raise InputError(
                where, 1, f"{excerpt(code, 40)} is not a Statbank time code (2019, 2019K1, 2019H1, 2019M01)"
            )
        value = by_position.get(position * stride)
        if value is None:
            series.missing += 1
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise InputError(where, 1, f"JSON-stat: the value for {code} is not a number: {excerpt(value, 40)}")
        number = (
            _number(str(value), where, 1)
            if isinstance(value, str)
            else Decimal(repr(value))
            if isinstance(value, float)
            else Decimal(value)
        )
        if not number.is_finite():
            raise InputError(where, 1, f"JSON-stat: the value for {code} is not a finite number")
        _add(series, time, number, where, 1)
    return _sorted(series)


def _categories(dimension: Any, size: int, where: str) -> list[str]:
    """A dimension's category ids in their order (``index`` as a list or an object of positions)."""
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        raise InputError(where, 1, "JSON-stat: the time dimension has no 'category'")
    index = category.get("index", category.get("label"))
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        if "index" in category and not all(isinstance(v, int) and not isinstance(v, bool) for v in index.values()):
            raise InputError(where, 1, "JSON-stat: the time dimension's category.index must give positions")
        codes = sorted(index, key=lambda c: index[c]) if "index" in category else list(index)
    else:
        raise InputError(where, 1, "JSON-stat: the time dimension's category has no 'index' or 'label'")
    if len(codes) != size or len(set(codes)) != size:
        raise InputError(
            where, 1, f"JSON-stat: the time dimension lists {len(codes)} distinct categories, 'size' says {size}"
        )
    return codes


def read_statbank(text: str, where: str) -> Series:
    """A Statbank table in either download format: JSON-stat when it starts with ``{``, else CSV."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return read_jsonstat(text, where)
    return read_statbank_csv(text, where)


def observation_quads(
    quads: Iterable[ox.Quad],
    base: str,
    indicator: str,
    series: Series,
    source: str | None,
    where: str,
    model_file: str | None = None,
) -> list[ox.Quad]:
    """The model's quads with the series added as observations of ``indicator`` (an id under ``base`` or a full IRI).

    Refuses (exit 2) an indicator the model does not define (named by ``model_file``,
    where the indicator is missing), and a time the model already observes with a different value
    (named by ``where`` and the table's line): the import never overwrites a figure without a word.
    """
    model = list(quads)
    subject = indicator if _SCHEME.match(indicator) else base + indicator
    if not _SCHEME.match(subject):
        # a model without a base (Turtle of full IRIs): the id is the last part of one indicator's IRI
        # ("pop" for <https://e.org/t/pop>); it was exit 3 (no scheme in an absolute IRI)
        tails = [
            q.subject.value
            for q in model
            if isinstance(q.subject, ox.NamedNode)
            and q.predicate.value == RDF + "type"
            and q.object == ox.NamedNode(SA + "Indicator")
            and q.subject.value.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1] == indicator
        ]
        subject = tails[0] if len(set(tails)) == 1 else SA + "no-such-indicator"
    typed = ox.Quad(ox.NamedNode(subject), ox.NamedNode(RDF + "type"), ox.NamedNode(SA + "Indicator"))
    if not any(
        q.subject == typed.subject and q.predicate == typed.predicate and q.object == typed.object for q in model
    ):
        named = [
            q.subject.value
            for q in model
            if q.predicate == typed.predicate and q.object == typed.object and isinstance(q.subject, ox.NamedNode)
        ]
        known = sorted(name[len(base) :] if base and name.startswith(base) else name for name in named)
        hint = (
            f"; the model's indicators: {', '.join(known[:8])}{' …' if len(known) > 8 else ''}"
            if known
            else "; the model has no indicators"
        )
        raise InputError(
            model_file or where,
            None,
            f"--indicator {excerpt(indicator, 60)}: the model defines no such indicator{hint}",
        )
    value_of = {
        q.subject.value: q.object.value
        for q in model
        if q.predicate.value == SA + "observedValue"
        and isinstance(q.object, ox.Literal)
        and isinstance(q.subject, ox.NamedNode)
    }
    # the indicator's actual value (sa:actualValue in its sa:actualYear) is one observation too: the readers
    # refuse a year given twice with two values, so an import must not write one (it exited 0, then analyze 2)
    own = {
        q.predicate.value: q.object.value
        for q in model
        if isinstance(q.subject, ox.NamedNode) and q.subject.value == subject and isinstance(q.object, ox.Literal)
    }
    actual_year, actual = own.get(SA + "actualYear"), own.get(SA + "actualValue")
    added = []
    for point in series.points:
        time = literal(point.time, XSD + ("date" if "-" in point.time else "gYear"))
        node = observation_iri(subject, time)
        old = value_of.get(node)
        if old is None and actual is not None and actual_year is not None and point.time == actual_year.strip():
            old = actual
        if old is not None:
            try:
                same = Decimal(old) == point.value
            except InvalidOperation:
                same = False
            if not same:
                raise InputError(
                    where,
                    point.line,
                    f"{point.time} of {excerpt(indicator, 60)} is {old} in the model and {point.value} in the table; remove one",
                )
        obs = ox.NamedNode(node)
        added += [
            ox.Quad(ox.NamedNode(subject), ox.NamedNode(SA + "hasObservation"), obs),
            ox.Quad(obs, ox.NamedNode(RDF + "type"), ox.NamedNode(SA + "Observation")),
            ox.Quad(
                obs,
                ox.NamedNode(SA + ("observedDate" if time[2].endswith("date") else "observedYear")),
                to_oxigraph(time),
            ),
            ox.Quad(obs, ox.NamedNode(SA + "observedValue"), to_oxigraph(_value_term(point.value))),
        ]
        if source:
            added.append(
                ox.Quad(
                    obs,
                    ox.NamedNode(DCTERMS + "source"),
                    ox.NamedNode(source) if _URL.match(source) else ox.Literal(source),
                )
            )
    return model + added


def _value_term(value: Decimal) -> tuple:
    """115652 as an xsd:integer, 6.2 as an xsd:decimal (as the YAML reader writes them)."""
    if value == value.to_integral_value() and "E" not in str(value) and "." not in str(value):
        return literal(str(value), XSD + "integer")
    text = format(value.normalize(), "f")
    return literal(text if "." in text else text + ".0", XSD + "decimal")


def observation_entries(series: Series, source: str | None) -> list[dict[str, Any]]:
    """The series as the long form of a YAML ``observations:`` list (paste it under the indicator)."""
    import datetime as dt

    out: list[dict[str, Any]] = []
    for point in series.points:
        entry: dict[str, Any] = (
            {"date": dt.date.fromisoformat(point.time)} if "-" in point.time else {"year": int(point.time)}
        )
        number = _value_term(point.value)
        entry["value"] = int(number[1]) if number[2].endswith("integer") else float(number[1])
        if source:
            entry["source"] = source
        out.append(entry)
    return out
