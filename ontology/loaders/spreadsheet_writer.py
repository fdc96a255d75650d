"""Write any RDF graph as a spreadsheet (XLSX or CSV) in the format of docs/spreadsheets.md, losing nothing.

Like the YAML writer, a triple becomes a cell only when the spreadsheet reader
turns that cell back into exactly the same triple (every cell is checked by
running the reader's own codec on it). Every other triple goes, as Turtle, to
the ``rdf`` sheet (XLSX) or an ``rdf`` row (CSV), so export → import is
isomorphic.

>>> import pyoxigraph as ox
>>> q = ox.Quad(ox.NamedNode("https://e.org/g"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://w3id.org/stratalign#Goal"))
>>> l = ox.Quad(ox.NamedNode("https://e.org/g"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Mål", language="da"))
>>> print(write_csv([q, l], base="https://e.org/").splitlines()[2][:12])
g;goal;Mål;;
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import DCTERMS, ORG, RDF, SA, STANDARD_PREFIXES
from .spreadsheet_schema import (
    COLUMN_ORDER,
    EVIDENCE_COLUMN_KEYS,
    EXTRA_COLUMNS,
    INFLUENCE_COLUMN_KEYS,
    INFLUENCE_SHEETS,
    OBSERVATION_COLUMNS,
    OBSERVATION_SHEETS,
    OPTIONAL_COLUMNS,
    RDF_SHEET,
    cell_value,
    escape_text,
    key_for,
    lang_column,
)
from .yaml_schema import (
    INFLUENCER_KINDS,
    KIND_CLASS,
    OBSERVATION_KEYS,
    OBSERVATION_TIME,
    Key,
    Term,
    ValueError_,
    decode,
    encode,
    evidence_iri,
    influence_iri,
)
from .yaml_writer import _neutral, _to_ox, element_kinds, guess_base, observation_nodes, writable_targets

__all__ = ["Table", "model_table", "write_csv", "write_xlsx", "MODEL_SHEET", "xlsx_workbook"]

MODEL_SHEET = "model"

_ID = re.compile(r"^[^\s<>\"{}|\\^`:;]+$")
_FULL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`;]+$")
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")
# A CSV cell starting with one of these runs as a formula in a spreadsheet: such an id is written as the full IRI.
_FORMULA_ID = re.compile(r"^[=+\-@]")
_ROW_ORDER = ("vision", "strategy", "goal", "focus_area", "initiative", "indicator", "actor", "theme")
_ABOUT = {
    "label": Key("title", DCTERMS + "title", "text"),
    "description": Key("description", DCTERMS + "description", "text"),
    "source": Key("source", DCTERMS + "source", "iri_or_text", many=True),
}
_GOAL_TARGET_KEYS = {"indicator", "value", "year", "direction", "weight", "description"}
_TARGET_COLUMN = {
    "indicator": "indicator",
    "value": "target_value",
    "year": "target_year",
    "direction": "direction",
    "weight": "weight",
}
_OBS_TYPE = (("iri", RDF + "type"), ("iri", SA + "Observation"))
_EVIDENCE_TYPE = (("iri", RDF + "type"), ("iri", SA + "Evidence"))
_MAX_CELL = 32000  # Excel keeps at most 32,767 characters in a cell
_XLSX_CELL = 32767
# Characters an XLSX cell cannot hold (openpyxl refuses them); NUL also marks a CSV file as binary.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Table:
    """A model as rows: the column names, one dict per row, and the Turtle for the rest."""

    columns: list[str]
    rows: list[dict[str, Any]]
    turtle: str = ""
    base: str = ""
    #: one row per observation (indicator, observed_year, observed_value, source): an XLSX file holds
    #: them on its observations sheet, a CSV file as rows of type observation
    observations: list[dict[str, Any]] = field(default_factory=list)
    #: one row per influence (influencer, influenced, strength, description_<lang>, source): an XLSX file
    #: holds those with only a strength in its influences matrix, a CSV file (and XLSX the rest) as rows of
    #: type influence
    influences: list[dict[str, Any]] = field(default_factory=list)


def _key_for(column: str, kind: str) -> Key:
    """The key of a column the writer knows it has (a ``None`` here is a bug in the writer, not the input's)."""
    key = key_for(column, kind)
    if key is None:
        raise KeyError(f"no column {column!r} for a {kind}")
    return key


#: A decimal with a point and no exponent (3.6, -0.25, 2500000.5): written with a comma in CSV.
_POINT_DECIMAL = re.compile(r"[+-]?[0-9]+\.[0-9]+")


def _as_cell(value: Any, term: Term, key: Key, fmt: str) -> Any:
    """The cell for one decoded value, as the reader will get it back from a ``fmt`` file."""
    if key.value in ("number", "amount"):
        if fmt == "csv":
            # a decimal comma, as Danish Excel reads a file with ";" (3.6 became 3 June there, and was saved
            # so); the reader takes both, and a value that does not read back goes to the rdf cell
            return term[1].replace(".", ",") if _POINT_DECIMAL.fullmatch(term[1]) else term[1]
        if isinstance(value, int):
            return value if abs(value) < 2**53 else term[1]
        return value if "e" not in repr(value) and len(repr(value)) <= 16 else term[1]
    if key.value == "date_or_year" and isinstance(value, dt.date):
        return value.isoformat() if fmt == "csv" else dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int):
        return str(value) if fmt == "csv" else value
    return value


def _reads_back(key: Key, cell: Any, column: str, lang: str | None, term: Term, expand, *, unescape: bool) -> bool:
    try:
        python = cell_value(key, cell, column, unescape=unescape)
        if key.value == "text":
            python = {lang or "da": python}
        return encode(key, python, lang=lang or "da", resolve=lambda i, k: expand(i)) == [term]
    except ValueError_:
        return False


def model_table(quads: Iterable[ox.Quad], *, base: str | None = None, fmt: str = "xlsx") -> Table:
    """The graph as rows of the spreadsheet format (``fmt`` decides how cells are typed: xlsx or csv)."""
    triples = {(_neutral(q.subject), _neutral(q.predicate), _neutral(q.object)) for q in quads}
    _check_cell_bound(triples)
    by_subject: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    by_object: dict[Term, list[tuple[Term, Term]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
        by_object[o].append((s, p))
    for facts in by_subject.values():
        facts.sort()  # once here, not once per column in put(): 100,000 elements × 33 columns

    def cell_ok(text: str) -> bool:
        """Whether a cell can hold ``text``: an XLSX cell no control characters and at most 32,767
        characters (openpyxl cuts a longer text there without a word), a CSV file no NUL."""
        if fmt == "xlsx":
            return len(text) <= _XLSX_CELL and not _XLSX_ILLEGAL.search(text)
        return "\x00" not in text

    def has_label(element: str) -> bool:
        key = Key("label", "http://www.w3.org/2000/01/rdf-schema#label", "text")
        for p, o in by_subject.get(("iri", element), []):
            if p == ("iri", key.predicate) and o[0] == "literal" and o[3] and _LANG.match(o[3]):
                text = o[1]
                if text.strip() and text == text.strip() and cell_ok(text):
                    return True
        return False

    kind_of = element_kinds(triples)
    kind_of = {e: k for e, k in kind_of.items() if has_label(e)}
    if base is None or not base:
        base = guess_base(kind_of)

    ids: dict[str, str] = {}

    def short_id(rest: str) -> bool:
        return bool(rest) and bool(_ID.match(rest)) and not (fmt == "csv" and _FORMULA_ID.match(rest))

    for element in kind_of:
        rest = element[len(base) :] if element.startswith(base) else ""
        ids[element] = rest if short_id(rest) else element
    kind_of = {e: k for e, k in kind_of.items() if _ID.match(ids[e]) or _FULL_ID.match(ids[e])}
    used_ids = set(ids[e] for e in kind_of)
    consumed: set[tuple[Term, Term, Term]] = set()

    def expand(ident: str) -> str:
        return ident if ":" in ident and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", ident) else base + ident

    def id_of(value: str, kinds: tuple[str, ...]) -> str | None:
        return ids[value] if kind_of.get(value) in kinds else None

    def put(
        row: dict, column: str, subject: Term, key: Key, lang_wanted: str | None = None, limit: int | None = None
    ) -> list:
        """Write every fact of ``subject`` that ``key`` can hold into ``row[column]``; return the values."""
        cells: list = []
        lang = lang_column(column)
        tag = lang[1] if lang else None
        for p, o in by_subject.get(subject, ()):
            if p != ("iri", key.predicate) or (subject, p, o) in consumed:
                continue
            if limit is not None and len(cells) >= limit:
                break
            value = decode(key, o, id_of=id_of)
            if value is None:
                continue
            if key.value == "text":
                if value[0] != tag:
                    continue
                value = value[1]
                if cells:
                    continue
            elif not key.many and cells:
                continue
            cell = _as_cell(value, o, key, fmt)
            if isinstance(cell, str) and not cell_ok(cell):
                continue  # to the Turtle, which escapes it
            if isinstance(cell, str):
                if key.value == "iri_or_text" and ("\n" in cell or "\r" in cell):
                    continue
                if cell != cell.strip() or not cell:
                    continue
                if fmt == "csv" and key.value in ("text", "iri_or_text", "string"):
                    cell = escape_text(cell)
            if not _reads_back(key, cell, column, tag, o, expand, unescape=fmt == "csv"):
                continue
            cells.append(cell)
            consumed.add((subject, p, o))
        if not cells:
            return []
        if len(cells) == 1:
            row[column] = cells[0]
        else:
            row[column] = ("\n" if key.value == "iri_or_text" else ";").join(str(c) for c in cells)
        return cells

    def text_columns(subject: Term, prefix: str, kind: str) -> list[str]:
        """``label_da`` … for every language the subject has a text in (on this predicate)."""
        key = key_for(f"{prefix}_da", kind)
        if key is None:
            return []
        langs = sorted(
            {
                o[3]
                for p, o in by_subject.get(subject, [])
                if p == ("iri", key.predicate) and o[0] == "literal" and o[3] and _LANG.match(o[3])
            }
        )
        return [f"{prefix}_{lang}" for lang in langs]

    def element_row(element: str, kind: str) -> dict:
        subject = ("iri", element)
        row: dict[str, Any] = {"id": ids[element]}
        types = {o[1] for p, o in by_subject.get(subject, []) if p == ("iri", RDF + "type") and o[0] == "iri"}
        consumed.add((subject, ("iri", RDF + "type"), ("iri", KIND_CLASS[kind])))
        if kind == "actor" and ORG + "Organization" in types:
            row["type"] = "organization"
            consumed.add((subject, ("iri", RDF + "type"), ("iri", ORG + "Organization")))
        else:
            row["type"] = kind
        for prefix in ("label", "description"):
            for column in text_columns(subject, prefix, kind):
                key = key_for(column, kind)
                assert key is not None
                put(row, column, subject, key)
        if kind in ("goal", "initiative"):
            predicate = SA + ("hasGoal" if kind == "goal" else "hasInitiative")
            plans = []
            for s, p in sorted(by_object.get(subject, [])):
                if p == ("iri", predicate) and s[0] == "iri" and kind_of.get(s[1]) in ("vision", "strategy"):
                    plans.append(ids[s[1]])
                    consumed.add((s, p, subject))
            if plans:
                row["plan"] = ";".join(plans)
        if kind in ("strategy", "goal", "focus_area", "initiative"):
            parent_column = "realizes" if kind == "strategy" else "contributes_to"
            key = key_for(parent_column, kind)
            assert key is not None
            values = put(row, "parent", subject, key, limit=1)
            if values:
                put(row, parent_column, subject, key)
        for column in (*COLUMN_ORDER, *EXTRA_COLUMNS):
            if column in ("id", "type", "plan", "parent", "contributes_to", "realizes") or lang_column(column):
                continue
            if kind == "goal" and column in _TARGET_COLUMN.values():
                continue
            key = key_for(column, kind)
            if key is None or key.predicate == RDF + "type":
                continue
            put(row, column, subject, key)
        evidence_columns(row, subject)
        return row

    def evidence_columns(row: dict, subject: Term) -> None:
        """The subject's first evidence record (named as the readers name it) into the row's
        ``document``/``page``/``quote`` cells, when its document and its Danish quote fit a cell; its
        other facts, and any further record, stay in the Turtle (they keep the same node IRI)."""
        if subject[0] != "iri":
            return
        node = ("iri", evidence_iri(subject[1], 1))
        link = (subject, ("iri", SA + "evidence"), node)
        facts = by_subject.get(node, [])
        if (link[1], link[2]) not in by_subject.get(subject, []) or _EVIDENCE_TYPE not in facts:
            return
        quotes = [
            o
            for p, o in facts
            if p == ("iri", SA + "quote") and o[0] == "literal" and o[3] == "da" and o[1] == o[1].strip() and o[1]
        ]
        quotes = [o for o in quotes if cell_ok(o[1]) and "\n" not in o[1] and "\r" not in o[1]]
        if not quotes:
            return
        cells: dict[str, Any] = {}
        if not put(cells, "document", node, EVIDENCE_COLUMN_KEYS["document"], limit=1):
            return
        put(cells, "page", node, EVIDENCE_COLUMN_KEYS["page"], limit=1)
        quote = quotes[0][1]
        cells["quote"] = escape_text(quote) if fmt == "csv" else quote
        if not _reads_back(
            EVIDENCE_COLUMN_KEYS["quote"], cells["quote"], "quote", "da", quotes[0], expand, unescape=fmt == "csv"
        ):
            consumed.difference_update((node, p, o) for p, o in facts)
            return
        consumed.update({link, (node, ("iri", SA + "quote"), quotes[0]), (node, *_EVIDENCE_TYPE)})
        row.update(cells)

    written_targets: set[str] = set()

    def target_rows(goal: str, row: dict) -> list[dict]:
        out = []
        goal_term = ("iri", goal)
        for p, o in writable_targets(goal_term, by_subject, kind_of):
            if o[1] in written_targets:
                continue
            facts = by_subject.get(o, [])
            written_targets.add(o[1])
            on_goal_row = o[1] == f"{goal}/target/1" and not any(
                q[1] in (DCTERMS + "source", "http://www.w3.org/2000/01/rdf-schema#label") for q, _ in facts
            )
            consumed.add((goal_term, p, o))
            consumed.add((o, ("iri", RDF + "type"), ("iri", KIND_CLASS["target"])))
            if on_goal_row:
                into, kind = row, "goal"
            else:
                rest = o[1][len(base) :] if o[1].startswith(base) else ""
                target_id = rest if short_id(rest) and rest not in used_ids else o[1]
                if not (_ID.match(target_id) or _FULL_ID.match(target_id)):
                    consumed.discard((goal_term, p, o))
                    consumed.discard((o, ("iri", RDF + "type"), ("iri", KIND_CLASS["target"])))
                    written_targets.discard(o[1])
                    continue
                used_ids.add(target_id)
                into, kind = {"id": target_id, "type": "target", "parent": ids[goal]}, "target"
                out.append(into)
                for column in text_columns(o, "label", "target"):
                    put(into, column, o, _key_for(column, "target"))
                put(into, "source", o, _key_for("source", "target"))
                evidence_columns(into, o)
            for _name, column in _TARGET_COLUMN.items():
                put(into, column, o, _key_for(column, kind))
            for column in text_columns(o, "target_description", kind):
                put(into, column, o, _key_for(column, kind))
        return out

    _OBS_COLUMN_KEY = {"observed_value": OBSERVATION_KEYS[2], "source": OBSERVATION_KEYS[3]}

    def observation_rows(indicator: str) -> list[dict]:
        out = []
        subject = ("iri", indicator)
        for o, time in observation_nodes(subject, by_subject):
            row: dict[str, Any] = {"indicator": ids[indicator]}
            # the time cell reads through the one time codec (a year or a date), whichever predicate holds it
            time_key = Key(
                OBSERVATION_TIME.name,
                (OBSERVATION_KEYS[0] if time[2].endswith("gYear") else OBSERVATION_KEYS[1]).predicate,
                "date_or_year",
            )
            if not put(row, "observed_year", o, time_key) or not put(
                row, "observed_value", o, _OBS_COLUMN_KEY["observed_value"]
            ):
                consumed.difference_update((o, q, x) for q, x in by_subject[o])
                continue
            put(row, "source", o, _OBS_COLUMN_KEY["source"])
            consumed.add((subject, ("iri", SA + "hasObservation"), o))
            consumed.add((o,) + _OBS_TYPE)
            out.append(row)
        return out

    _INFLUENCE_TYPE = (("iri", RDF + "type"), ("iri", SA + "Influence"))

    def influence_rows(element: str) -> list[dict]:
        """The element's influences as rows the reader turns back into exactly the same triples: named by
        :func:`influence_iri`, one influencer, one influenced goal, one strength, reasons and sources only."""
        out = []
        subject = ("iri", element)
        nodes = sorted(s for s, p in by_object.get(subject, []) if p == ("iri", SA + "influencer") and s[0] == "iri")
        for node in nodes:
            facts = by_subject.get(node, [])
            if _INFLUENCE_TYPE not in facts:
                continue
            influencers = [x for q, x in facts if q == ("iri", SA + "influencer")]
            goals = [x for q, x in facts if q == ("iri", SA + "influenced")]
            if influencers != [subject] or len(goals) != 1 or goals[0][0] != "iri":
                continue
            if kind_of.get(goals[0][1]) != "goal" or node[1] != influence_iri(element, goals[0][1]):
                continue
            row: dict[str, Any] = {"influencer": ids[element]}
            taken = put(row, "influenced", node, INFLUENCE_COLUMN_KEYS["influenced"])
            taken += put(row, "strength", node, INFLUENCE_COLUMN_KEYS["strength"])
            for column in text_columns(node, "description", "influence"):
                put(row, column, node, INFLUENCE_COLUMN_KEYS["description"])
            put(row, "source", node, INFLUENCE_COLUMN_KEYS["source"])
            left = [(q, x) for q, x in facts if (q, x) != _INFLUENCE_TYPE and q != ("iri", SA + "influencer")]
            if len(taken) != 2 or any((node, q, x) not in consumed for q, x in left):
                consumed.difference_update((node, q, x) for q, x in facts)  # the whole influence goes to Turtle
                continue
            consumed.add((node,) + _INFLUENCE_TYPE)
            consumed.add((node, ("iri", SA + "influencer"), subject))
            out.append(row)
        return out

    observations: list[dict] = []
    influences: list[dict] = []
    rows: list[dict] = []
    model_row: dict[str, Any] = {"id": base, "type": "model"}
    if base not in kind_of:
        about = ("iri", base)
        langs = sorted({o[3] for p, o in by_subject.get(about, []) if o[0] == "literal" and o[3] and _LANG.match(o[3])})
        for lang in langs:
            put(model_row, f"label_{lang}", about, _ABOUT["label"])
            put(model_row, f"description_{lang}", about, _ABOUT["description"])
        put(model_row, "source", about, _ABOUT["source"])
    rows.append(model_row)
    order = {k: i for i, k in enumerate(_ROW_ORDER)}
    for element in sorted(kind_of, key=lambda e: (order[kind_of[e]], ids[e])):
        kind = kind_of[element]
        row = element_row(element, kind)
        rows.append(row)
        if kind == "goal":
            rows.extend(target_rows(element, row))
        if kind == "indicator":
            observations.extend(observation_rows(element))
        if kind in INFLUENCER_KINDS:
            influences.extend(influence_rows(element))

    left = [t for t in triples if t not in consumed]
    turtle = ""
    if left:
        written = ox.serialize(
            [ox.Triple(*(_to_ox(x) for x in t)) for t in sorted(left)],
            format=ox.RdfFormat.TURTLE,
            prefixes=dict(STANDARD_PREFIXES),
        )
        assert written is not None  # serialize returns the bytes when no output is given
        text = written.decode("utf-8")
        # split at \n only: a literal may hold U+0085 or U+2028 raw, where str.splitlines() would cut it in two
        turtle = "\n".join(line for line in text.split("\n") if not line.startswith("@prefix")).strip("\n") + "\n"

    columns = list(COLUMN_ORDER)
    for row in rows:
        for column in row:
            if column not in columns:
                lang = lang_column(column)
                anchor = f"{lang[0]}_en" if lang else OPTIONAL_COLUMNS.get(column, columns[-1])
                columns.insert(columns.index(anchor) + 1 if anchor in columns else len(columns), column)
    return Table(columns, rows, turtle, base, observations, influences)


def _check_cell_bound(triples: set[tuple[Term, Term, Term]]) -> None:
    """Refuse a value the reader would refuse as a cell: longer than its bound (``MAX_CELL_CHARS``)."""
    from .spreadsheet import _LIMIT_VARIABLES, _short, limit

    bound = limit("MAX_CELL_CHARS")
    for triple in triples:
        for term in triple:
            if len(term[1]) > bound:
                raise InputError(
                    "--to",
                    None,
                    f"cannot write a spreadsheet: a value of {len(term[1]):,} characters (of {_short(triple[0][1])}) "
                    f"is over the bound of {bound:,} for one cell ({_LIMIT_VARIABLES['MAX_CELL_CHARS']} raises it)",
                )


def _turtle_cells(turtle: str, bound: int) -> list[str]:
    """The Turtle cut at line breaks into guarded cells of at most ``bound`` characters (the reader joins them by line breaks)."""
    cells: list[str] = []
    lines: list[str] = []
    size = -1  # the length of "\n".join(lines)
    for line in turtle.split("\n"):
        line = escape_text(line)
        if len(line) > bound:
            raise InputError(
                "--to",
                None,
                f"cannot write a CSV file: a line of Turtle holds {len(line):,} characters, over the bound of "
                f"{bound:,} for one cell (--to xlsx splits it; STRATALIGN_MAX_CELL_CHARS raises the bound)",
            )
        if lines and size + 1 + len(line) > bound:
            cells.append("\n".join(lines))
            lines, size = [], -1
        lines.append(line)
        size += 1 + len(line)
    if lines:
        cells.append("\n".join(lines))
    return cells


def write_csv(quads: Iterable[ox.Quad], *, base: str | None = None, delimiter: str = ";") -> str:
    """The graph as one CSV sheet (UTF-8 with a byte order mark, ``;`` as Danish Excel writes).

    Leftover triples go into rows of type ``rdf`` whose ``rdf`` column holds the Turtle (one row
    unless it is longer than a cell may be). A value longer than a cell may be is refused (exit 2).
    """
    table = model_table(quads, base=base, fmt="csv")
    columns = list(table.columns)
    rows = list(table.rows)
    if table.observations:
        columns.extend(c for c in ("observed_year", "observed_value") if c not in columns)
        rows.extend({"type": "observation", **row} for row in table.observations)
    if table.influences:
        _add_influence_columns(columns, table.influences)
        rows.extend({"type": "influence", **row} for row in table.influences)
    if table.turtle:
        from .spreadsheet import limit

        columns.append("rdf")
        # several rdf rows when the Turtle is longer than one cell may be (the reader refuses a longer cell)
        rows.extend({"type": "rdf", "rdf": cell} for cell in _turtle_cells(table.turtle, limit("MAX_CELL_CHARS")))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return "\ufeff" + out.getvalue()


def _add_influence_columns(columns: list[str], influences: list[dict[str, Any]]) -> None:
    """The columns influence rows need, after the others (a file without influences is written as before)."""
    for row in influences:
        for column in ("influencer", "influenced", "strength", *row):
            if column not in columns:
                columns.append(column)


_PLAIN_INFLUENCE = {"influencer", "influenced", "strength"}


def _matrix_cell(ident: str) -> bool:
    """Whether an id can head a matrix row or column (a leading # would mark it a comment)."""
    return not ident.startswith("#")


def influence_matrix(influences: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]], list[dict[str, Any]]]:
    """The influences with only a strength as a cross-impact matrix, and the rest as rows.

    Returns the header (the corner cell, then the influenced goals' ids), the rows (the influencer's id,
    then a strength or None per goal) and the influences that need a row of their own (a reason, a source).

    >>> influence_matrix([{"influencer": "i", "influenced": "g", "strength": 0}])
    (['influencer', 'g'], [['i', 0]], [])
    """
    plain = [
        r
        for r in influences
        if set(r) == _PLAIN_INFLUENCE and _matrix_cell(r["influencer"]) and _matrix_cell(r["influenced"])
    ]
    rest = [r for r in influences if not any(r is p for p in plain)]
    goals = sorted({r["influenced"] for r in plain})
    at = {goal: i for i, goal in enumerate(goals, 1)}
    by_influencer: dict[str, list[Any]] = {}
    for r in plain:
        line = by_influencer.setdefault(r["influencer"], [r["influencer"]] + [None] * len(goals))
        line[at[r["influenced"]]] = r["strength"]
    return ["influencer", *goals], list(by_influencer.values()), rest


def xlsx_workbook(table: Table, *, sheet: str = MODEL_SHEET):
    """An openpyxl workbook holding the table (and an ``rdf`` sheet when there is Turtle)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet
    header, matrix, influence_rows = influence_matrix(table.influences)
    columns, rows = table.columns, table.rows
    if influence_rows:
        columns = list(columns)
        _add_influence_columns(columns, influence_rows)
        rows = rows + [{"type": "influence", **row} for row in influence_rows]
    fill_sheet(ws, columns, rows)
    if matrix:
        sheet_of = book.create_sheet(INFLUENCE_SHEETS[0])
        bold = Font(bold=True)
        for index, name in enumerate(header, 1):
            cell = sheet_of.cell(row=1, column=index, value=name)
            cell.data_type, cell.font = "s", bold
        for number, cells in enumerate(matrix, 2):
            first = sheet_of.cell(row=number, column=1, value=cells[0])
            first.data_type, first.font = "s", bold
            for index, value in enumerate(cells[1:], 2):
                if value is not None:
                    sheet_of.cell(row=number, column=index, value=value)
        sheet_of.freeze_panes = "B2"
        sheet_of.column_dimensions["A"].width = 24
    if table.observations:
        names = {"observed_year": "year", "observed_value": "value"}
        fill_sheet(
            book.create_sheet(OBSERVATION_SHEETS[0]),
            [names.get(c, c) for c in OBSERVATION_COLUMNS],
            [{names.get(c, c): v for c, v in row.items()} for row in table.observations],
        )
    if table.turtle:
        rdf = book.create_sheet(RDF_SHEET)
        for number, line in enumerate(table.turtle.rstrip("\n").split("\n"), 1):  # not splitlines(): see model_table
            chunks = [line[i : i + _MAX_CELL] for i in range(0, len(line), _MAX_CELL)] or [""]
            for index, chunk in enumerate(chunks, 1):
                rdf.cell(row=number, column=index, value=chunk).data_type = "s"
        rdf.column_dimensions["A"].width = 120
    return book


def fill_sheet(ws, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """Write a header and rows into a worksheet: bold frozen header, filter, text never taken as a formula."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for index, name in enumerate(columns, 1):
        ws.cell(row=1, column=index, value=name).font = bold
    for number, row in enumerate(rows, 2):
        for index, name in enumerate(columns, 1):
            value = row.get(name)
            if value is None:
                continue
            cell = ws.cell(row=number, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a label starting with = stays text
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for index, column in enumerate(columns, 1):
        width = 14 if not column.startswith(("label", "description")) else 40
        ws.column_dimensions[get_column_letter(index)].width = width


def write_xlsx(quads: Iterable[ox.Quad], *, base: str | None = None) -> bytes:
    """The graph as an .xlsx workbook: the ``model`` sheet, and an ``rdf`` sheet for the rest."""
    book = xlsx_workbook(model_table(quads, base=base, fmt="xlsx"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
