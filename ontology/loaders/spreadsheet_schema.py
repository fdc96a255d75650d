"""The spreadsheet format (docs/spreadsheets.md) as data: columns, row types and cell codecs.

One row per element. A column is either a YAML key of :mod:`.yaml_schema`
under the same name (so the reader, the writer and the YAML format share one
vocabulary and one set of value codecs), a language-tagged text column
(``label_da``, ``description_en`` …), or one of the few columns that say how
rows hang together (``plan``, ``parent``) or hold a goal's target
(``indicator``, ``target_value`` …).

>>> COLUMNS["baseline"].key, sorted(kinds_of("baseline"))
('baseline', ['indicator'])
>>> row_kind("Indsats")
'initiative'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from ..limits import active, raise_hint
from ..namespaces import SA
from .values import ENUM_ALIASES, ValueError_, danish_date
from .values import parse_number as _number
from .yaml_schema import EVIDENCE_KEYS, INFLUENCE_KEYS, INFLUENCER_KINDS, KEYS, KINDS, TARGET_KEYS, Key

__all__ = [
    "Column",
    "COLUMNS",
    "COLUMN_ORDER",
    "OPTIONAL_COLUMNS",
    "EXTRA_COLUMNS",
    "LANG_COLUMNS",
    "ROW_TYPES",
    "TYPE_ALIASES",
    "ENUM_ALIASES",
    "REQUIRED_COLUMNS",
    "EXAMPLE_SHEETS",
    "HELP_SHEETS",
    "RDF_SHEET",
    "OBSERVATION_SHEETS",
    "OBSERVATION_HEADERS",
    "OBSERVATION_COLUMNS",
    "INFLUENCE_SHEETS",
    "INFLUENCE_COLUMNS",
    "INFLUENCE_COLUMN_KEYS",
    "EVIDENCE_COLUMNS",
    "EVIDENCE_COLUMN_KEYS",
    "key_for",
    "kinds_of",
    "row_kind",
    "lang_column",
    "split_cell",
    "cell_text",
    "cell_value",
    "unescape_text",
    "escape_text",
]

#: Row types besides the element kinds of the YAML format: a goal's extra
#: target, an indicator's observation (one measured value at one year or date),
#: the model itself (base IRI and title), an organisation (an actor that is
#: also an ``org:Organization``), a chunk of Turtle, and a scored influence of one element on a goal.
ROW_TYPES = (*KINDS, "organization", "target", "observation", "model", "rdf", "influence")

#: Danish (and a few spelling) alternatives accepted in the ``type`` column.
TYPE_ALIASES: dict[str, str] = {
    "strategi": "strategy",
    "plan": "strategy",
    "mål": "goal",
    "maal": "goal",
    "målsætning": "goal",
    "delmål": "goal",
    "fokusområde": "focus_area",
    "indsatsområde": "focus_area",
    "vækstskaber": "focus_area",
    "focus area": "focus_area",
    "focusarea": "focus_area",
    "indsats": "initiative",
    "projekt": "initiative",
    "project": "initiative",
    "målepunkt": "indicator",
    "indikator": "indicator",
    "aktør": "actor",
    "organisation": "organization",
    "organisation/aktør": "organization",
    "tema": "theme",
    "måltal": "target",
    "måling": "observation",
    "påvirkning": "influence",
    "paavirkning": "influence",
}

EXAMPLE_SHEETS = ("eksempel", "example")
HELP_SHEETS = ("kolonner", "columns")
RDF_SHEET = "rdf"
#: A workbook's sheet of observations: every row is one (no type, id or label column), and its
#: columns may have the short names of OBSERVATION_HEADERS.
OBSERVATION_SHEETS = ("observations", "observationer")
#: The short column names of an observations sheet → the columns they stand for.
OBSERVATION_HEADERS = {
    "year": "observed_year",
    "år": "observed_year",
    "date": "observed_year",
    "dato": "observed_year",
    "value": "observed_value",
    "værdi": "observed_value",
    "indikator": "indicator",
    "målepunkt": "indicator",
    "kilde": "source",
}
#: The columns an observation row uses.
OBSERVATION_COLUMNS = ("indicator", "observed_year", "observed_value", "source")
#: A workbook's cross-impact matrix of influences (SEI SDG Synergies): the first column holds the
#: influencing element's id, the header row the influenced goals' ids, each cell a strength from -3 to +3
#: (blank: not scored; 0: scored as consistent). In a CSV file the same influences are rows of type influence.
INFLUENCE_SHEETS = ("influences", "påvirkninger", "paavirkninger")
#: The columns an influence row uses (description_<language> holds the reason).
INFLUENCE_COLUMNS = ("influencer", "influenced", "strength", "source")
#: Column → the key it stands for on an influence row (the reason is ``description_<language>``).
INFLUENCE_COLUMN_KEYS: dict[str, Key] = {
    "influencer": Key("influencer", SA + "influencer", "ref", refs=INFLUENCER_KINDS),
    "influenced": INFLUENCE_KEYS[0],
    "strength": INFLUENCE_KEYS[1],
    "description": INFLUENCE_KEYS[2],
    "source": INFLUENCE_KEYS[3],
}

_LANG = r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*"
_LANG_COLUMN = re.compile(rf"^(label|description|target_description)_({_LANG})$")


@dataclass(frozen=True)
class Column:
    """One column: its name, the YAML key it stands for (if any) and its help text."""

    name: str
    key: str | None
    help_da: str
    help_en: str
    example: str = ""


def _c(name: str, key: str | None, da: str, en: str, example: str = "") -> Column:
    return Column(name, key, da, en, example)


#: Every standard column, in the order the template and the writer use.
_COLUMN_LIST = (
    _c(
        "id",
        None,
        "Kort id, unikt i filen (fx goal/flere-borgere). På model-rækken: basis-IRI'en.",
        "Short id, unique in the file (e.g. goal/flere-borgere). On the model row: the base IRI.",
        "goal/flere-borgere",
    ),
    _c(
        "type",
        None,
        "Rækkens slags: vision, strategy, goal, focus_area, initiative, indicator, actor, organization, theme, target, model (danske ord virker også: strategi, mål, fokusområde, indsats, målepunkt, aktør, organisation, tema, måltal).",
        "What the row is: vision, strategy, goal, focus_area, initiative, indicator, actor, organization, theme, target, model.",
        "goal",
    ),
    _c(
        "label_da",
        "label",
        "Navn på dansk (label_en på engelsk; label_de osv. for andre sprog). Mindst ét navn pr. element.",
        "Name in Danish (label_en in English; label_de etc. for other languages). At least one name per element.",
        "Flere borgere",
    ),
    _c("label_en", "label", "Navn på engelsk.", "Name in English.", "More citizens"),
    _c("description_da", "description", "Beskrivelse på dansk.", "Description in Danish."),
    _c("description_en", "description", "Beskrivelse på engelsk.", "Description in English."),
    _c(
        "plan",
        None,
        "Id'er på de planer (vision/strategi), der har målet eller indsatsen på listen, adskilt af ;. Et mål i to planer er fælles.",
        "Ids of the plans (vision/strategy) that list the goal or initiative, separated by ;. A goal in two plans is shared.",
        "vision-2025",
    ),
    _c(
        "parent",
        None,
        "Mål: det mål, det bidrager til. Fokusområde/indsats: det mål eller fokusområde, det bidrager til. Strategi: visionen, den realiserer. Måltal: målet, det hører til.",
        "Goal: the goal it contributes to. Focus area/initiative: the goal or focus area it contributes to. Strategy: the vision it realizes. Target: its goal.",
        "goal/flere-borgere",
    ),
    _c(
        "contributes_to",
        "contributes_to",
        "Flere mål/fokusområder, elementet bidrager til (ud over parent), adskilt af ;.",
        "More goals/focus areas it contributes to (besides parent), separated by ;.",
    ),
    _c(
        "realizes",
        "realizes",
        "Strategi: flere visioner, den realiserer (ud over parent).",
        "Strategy: more visions it realizes (besides parent).",
    ),
    _c("owner", "owner", "Id på den ansvarlige aktør.", "Id of the responsible actor.", "actor/byraadet"),
    _c(
        "stakeholders",
        "stakeholders",
        "Id'er på aktører, der deltager, adskilt af ;.",
        "Ids of the actors taking part, separated by ;.",
    ),
    _c(
        "start",
        "start",
        "Start: år (2019) eller dato (2019-06-17).",
        "Start: year (2019) or date (2019-06-17).",
        "2019",
    ),
    _c("end", "end", "Slut: år eller dato.", "End: year or date.", "2025"),
    _c(
        "status",
        "status",
        "Indsats: planned, ongoing, completed, cancelled (planlagt, igangværende, afsluttet, annulleret).",
        "Initiative: planned, ongoing, completed, cancelled.",
        "ongoing",
    ),
    _c(
        "delegated_to",
        "delegated_to",
        "Mål: plan eller aktør, som målet er overdraget til.",
        "Goal: plan or actor the goal is delegated to.",
    ),
    _c(
        "measured_by",
        "measured_by",
        "Mål: målepunkter (indikatorer), der måler målet, uden et måltal.",
        "Goal: indicators that measure it, without a target value.",
    ),
    _c(
        "indicator",
        "indicator",
        "Mål/måltal: målepunktet, måltallet sættes på. Giver målet et måltal.",
        "Goal/target: the indicator the target is set on. Gives the goal a target.",
        "indicator/indbyggertal",
    ),
    _c("target_value", "value", "Måltal (et tal; 120000 eller 23,9).", "Target value (a number).", "120000"),
    _c("target_year", "year", "Målår.", "Target year.", "2025"),
    _c(
        "direction",
        "direction",
        "Retning: increase, decrease, maintain (øge, mindske, fastholde).",
        "Direction: increase, decrease, maintain.",
        "increase",
    ),
    _c(
        "target_description_da",
        "description",
        'Måltallet i ord, fx et mål uden tal ("Flere end i dag").',
        "The target in words, e.g. an aim without a number.",
    ),
    _c("target_description_en", "description", "Måltallet i ord på engelsk.", "The target in words, in English."),
    _c(
        "unit",
        "unit",
        "Målepunkt: enhed (personer, %). Indsats: budgettets enhed, hvis ikke kr.",
        "Indicator: unit. Initiative: the budget's unit, if not DKK.",
        "personer",
    ),
    _c("baseline", "baseline", "Målepunkt: udgangstal.", "Indicator: baseline value.", "115652"),
    _c("baseline_year", "baseline_year", "Målepunkt: udgangsår.", "Indicator: baseline year.", "2019"),
    _c("actual_value", "actual", "Målepunkt: seneste målte tal.", "Indicator: latest measured value."),
    _c("actual_year", "actual_year", "Målepunkt: året for det seneste tal.", "Indicator: year of the latest value."),
    _c(
        "data_source",
        "data_source",
        "Målepunkt: hvor tallet kommer fra (URL eller tekst).",
        "Indicator: where the figure comes from (URL or text).",
    ),
    _c("hinders", "hinders", "Mål/indsats: mål, som det modarbejder.", "Goal/initiative: goals it hinders."),
    _c("conflicts_with", "conflicts_with", "Mål: mål, det er i konflikt med.", "Goal: goals it conflicts with."),
    _c("themes", "themes", "Id'er på temaer, adskilt af ;.", "Ids of themes, separated by ;."),
    _c(
        "source",
        "source",
        "Kilde: URL eller tekst (flere kilder på hver sin linje i cellen).",
        "Source: URL or text (several on separate lines in the cell).",
    ),
)

COLUMNS: dict[str, Column] = {c.name: c for c in _COLUMN_LIST}
#: The ``rdf`` column exists only in CSV files (where there is no rdf sheet): Turtle on ``rdf`` rows.
COLUMNS["rdf"] = _c(
    "rdf",
    None,
    "Kun på rdf-rækker: Turtle for det, formatet ikke har en kolonne til.",
    "Only on rdf rows: Turtle for what the format has no column for.",
)
# -- evidence (issue 19): one record per row, outside COLUMN_ORDER like the observation columns, so that
# a file without evidence is written as before. More records of one element stay in the Turtle.
#: The evidence columns of an element (or target) row and the evidence keys they hold.
EVIDENCE_COLUMN_KEYS: dict[str, Key] = {k.name: k for k in EVIDENCE_KEYS if k.name in ("document", "page", "quote")}
EVIDENCE_COLUMNS = tuple(EVIDENCE_COLUMN_KEYS)
COLUMNS["document"] = _c(
    "document",
    None,
    "Kildehenvisning: dokumentet, udsagnet står i (filnavn, URL eller titel).",
    "Evidence: the document the statement stands in (file name, URL or title).",
    "vision2020.pdf",
)
COLUMNS["page"] = _c("page", None, "Kildehenvisning: siden (1, 2 …).", "Evidence: the page (1, 2 …).", "3")
COLUMNS["quote"] = _c(
    "quote",
    None,
    "Kildehenvisning: de nøjagtige ord på dansk.",
    "Evidence: the exact words (in Danish).",
    "120.000 borgere i 2020",
)

# The observation columns are outside COLUMN_ORDER: a file without observations is written as before.
COLUMNS["observed_year"] = _c(
    "observed_year",
    None,
    "Observation: året (2019) eller datoen (2019-01-01), værdien er målt.",
    "Observation: the year (2019) or date (2019-01-01) the value was measured.",
    "2019",
)
COLUMNS["observed_value"] = _c(
    "observed_value",
    None,
    "Observation: den målte værdi (et tal).",
    "Observation: the measured value (a number).",
    "115652",
)
# Outside COLUMN_ORDER too, and for the same reason: a file whose targets have no weight is written as before.
COLUMNS["weight"] = _c(
    "weight",
    "weight",
    "Mål/måltal: måltallets vægt i planens andel på sporet (et tal, 0 eller mere; standard 1).",
    "Goal/target: the target's weight in its plan's share on track (a number, 0 or more; default 1).",
    "2",
)
# The influence columns are outside COLUMN_ORDER too.
COLUMNS["influencer"] = _c(
    "influencer",
    None,
    "Påvirkning: id på det påvirkende mål, den påvirkende indsats eller det påvirkende fokusområde.",
    "Influence: id of the influencing goal, initiative or focus area.",
    "initiative/cykelstier",
)
COLUMNS["influenced"] = _c(
    "influenced",
    None,
    "Påvirkning: id på det påvirkede mål.",
    "Influence: id of the influenced goal.",
    "goal/mindre-co2",
)
COLUMNS["strength"] = _c(
    "strength",
    None,
    "Påvirkning: styrke fra -3 til +3 (+3 uadskillelig, +2 forstærkende, +1 muliggørende, 0 forenelig, -1 begrænsende, -2 modvirkende, -3 ophævende).",
    "Influence: strength from -3 to +3 (+3 indivisible, +2 reinforcing, +1 enabling, 0 consistent, -1 constraining, -2 counteracting, -3 cancelling).",
    "2",
)
# Issue 20's columns, outside COLUMN_ORDER like the observation columns: a file without budgets
# or SDG links is written as before; the writer adds a column only when a row fills it.
COLUMNS["budget"] = _c(
    "budget",
    "budget",
    "Indsats: planlagt budget i kr. (et tal ≥ 0; 2500000 eller 2.500.000,50); en anden enhed i kolonnen unit.",
    "Initiative: planned budget in DKK (a number ≥ 0); another currency in the unit column.",
    "2500000",
)
COLUMNS["sdg"] = _c(
    "sdg",
    "sdg",
    "FN's verdensmål og delmål, elementet understøtter, adskilt af ;: 4 eller 4.1 eller 4.a (skriv 8.10 som tekst).",
    "The UN SDG goals and targets the element works towards, separated by ;: 4, 4.1 or 4.a (write 8.10 as text).",
    "4;4.1",
)
COLUMNS["aligns_with"] = _c(
    "aligns_with",
    "aligns_with",
    "Andre rammer, elementet understøtter: fulde IRI'er, adskilt af ;.",
    "Other frameworks the element works towards: full IRIs, separated by ;.",
)
#: The columns written only when a row fills them (after the standard ones).
EXTRA_COLUMNS = ("budget", "sdg", "aligns_with")
COLUMN_ORDER = tuple(c.name for c in _COLUMN_LIST)
#: Columns the writer adds after another only when a row fills them in (column → the column it follows).
OPTIONAL_COLUMNS = {"weight": "direction"}
LANG_COLUMNS = ("label", "description", "target_description")
REQUIRED_COLUMNS = ("id", "type")

_TARGET_COLUMNS = ("indicator", "target_value", "target_year", "direction", "weight")
_ABOUT_COLUMNS = ("id", "type", "source")


@functools.lru_cache(maxsize=4096)
def lang_column(name: str) -> tuple[str, str] | None:
    """``label_da`` → ``("label", "da")``; None for other columns."""
    found = _LANG_COLUMN.match(name)
    return (found.group(1), found.group(2)) if found else None


@functools.lru_cache(maxsize=4096)  # called per cell: 100,000 rows spent 40 % of their time here uncached
def key_for(column: str, kind: str) -> Key | None:
    """The YAML key a column stands for on a row of ``kind`` (None: not applicable or special)."""
    lang = lang_column(column)
    base = lang[0] if lang else column
    if kind == "influence":
        return INFLUENCE_COLUMN_KEYS.get(base) if base != "description" or lang else None
    if kind == "target" or (kind == "goal" and (base == "target_description" or column in _TARGET_COLUMNS)):
        if kind == "target" and base == "description":
            return None  # a target's text is target_description_*
        name = {"target_description": "description", "target_value": "value", "target_year": "year"}.get(base, base)
        return next((k for k in TARGET_KEYS if k.name == name), None)
    if kind == "organization":
        kind = "actor"
    if base == "target_description":
        return None
    key_name = base if lang else (COLUMNS[base].key if base in COLUMNS else None)
    if key_name is None or key_name == "type":
        return None
    return next((k for k in KEYS.get(kind, ()) if k.name == key_name), None)


@functools.lru_cache(maxsize=4096)
def kinds_of(column: str) -> frozenset[str]:
    """The row types on which a column may be filled in."""
    special = {
        "id": set(ROW_TYPES) - {"rdf", "observation", "influence"},
        "observed_year": {"observation"},
        "observed_value": {"observation"},
        "type": set(ROW_TYPES),
        "plan": {"goal", "initiative"},
        "parent": {"strategy", "goal", "focus_area", "initiative", "target"},
        "rdf": {"rdf"},
        **{column: {*KINDS, "organization", "target"} for column in EVIDENCE_COLUMNS},
    }
    if column in special:
        return frozenset(special[column])
    out = {kind for kind in (*KINDS, "organization", "target", "influence") if key_for(column, kind) is not None}
    if column in OBSERVATION_COLUMNS:
        out.add("observation")
    lang = lang_column(column)
    if column == "source" or (lang and lang[0] in ("label", "description")):
        out.add("model")
    return frozenset(out)


def row_kind(value: Any) -> str | None:
    """The row type a ``type`` cell names, or None."""
    word = re.sub(r"[\s\-]+", " ", str(value).strip().lower())
    word = word.replace(" ", "_") if word.replace(" ", "_") in ROW_TYPES else word
    if word in ROW_TYPES:
        return word
    return TYPE_ALIASES.get(word)


# -- cells -------------------------------------------------------------------

# A text starting with one of = + - @ tab CR runs as a formula when a spreadsheet opens the CSV; so does
# a line inside the cell (some tools split a cell at a bare CR). Each such line start gets one leading '.
# The quotes already there are counted in ('*), so unescaping strips exactly the one quote added.
_FORMULA_LINE = re.compile(r"(?:^|(?<=[\r\n]))(?='*[=+\-@\t\r])")
_ESCAPED_LINE = re.compile(r"(?:^|(?<=[\r\n]))'(?='*[=+\-@\t\r])")


def escape_text(text: str) -> str:
    """Guard a text cell of a CSV file against being run as a formula when opened in a spreadsheet.

    Every line of the cell is guarded, not only the first.

    >>> escape_text("=HYPERLINK(1)"), unescape_text(escape_text("=HYPERLINK(1)"))
    ("'=HYPERLINK(1)", '=HYPERLINK(1)')
    >>> escape_text("ok\\r=cmd")
    "ok\\r'=cmd"
    """
    return _FORMULA_LINE.sub("'", text)


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text`."""
    return _ESCAPED_LINE.sub("", text)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO dates."""
    if type(value) is str:  # nearly every cell, and every CSV cell: no further tests
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def split_cell(value: Any, *, lines_only: bool = False) -> list[str]:
    """The values of a list cell: separated by ``;`` or line breaks (only line breaks for texts)."""
    text = cell_text(value)
    parts = text.splitlines() if lines_only else re.split(r"[;\n\r]+", text)
    return [part.strip() for part in parts if part.strip()]


#: Day 0 of Excel's (1900) date system, as openpyxl counts it: day 1 is 1900-01-01 (Excel's 1900-02-29 aside).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _typed_year(day: dt.date) -> int | None:
    """The year typed into a date-formatted cell, or None for a real date.

    Excel keeps a cell's date format when a year is typed over it (the export formats its date cells so):
    2023 is stored as the day 2023, 1905-07-15. Days 1900–2100 are 1905-03-14 … 1905-10-01.

    >>> _typed_year(dt.date(1905, 7, 15)), _typed_year(dt.date(2019, 6, 17))
    (2023, None)
    """
    serial = (day - _EXCEL_EPOCH).days
    return serial if 1900 <= serial <= 2100 else None


def cell_value(key: Key, value: Any, column: str, *, unescape: bool = True) -> Any:
    """Turn one cell into the Python value that :func:`yaml_schema.encode` takes for ``key``.

    ``unescape`` (CSV files) undoes :func:`escape_text` on text cells.

    >>> from .yaml_schema import TARGET_KEYS
    >>> cell_value(TARGET_KEYS[1], "23,9", "target_value")
    23.9
    """
    undo = unescape_text if unescape else (lambda text: text)
    if key.value == "text":
        return undo(cell_text(value).strip())
    if key.value == "ref":
        items = split_cell(value)
        return items if key.many else (items[0] if len(items) == 1 else items)
    if key.value == "iri_or_text":
        items = [undo(v) for v in split_cell(value, lines_only=True)]
        return items if len(items) != 1 else items[0]
    if key.value == "sdg":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [value]  # 4 or 4.1 typed as a number (8.1 is refused as ambiguous by the codec)
        return split_cell(value)
    if key.value == "iri":
        return [undo(v) for v in split_cell(value)]
    if key.value in ("number", "amount"):
        if isinstance(value, bool):
            raise ValueError_(f"expected a number, got {cell_text(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError_(f"expected a finite number, got {value!r}")
        if isinstance(value, int) and abs(value) >= 10 ** (bound := active().digits):
            raise ValueError_(f"expected a number of at most {bound} digits ({raise_hint('digits')})")
        if isinstance(value, (int, float)):
            return value
        return _number(cell_text(value))
    if key.value == "strength":
        if isinstance(value, float) and value.is_integer():
            return int(value)  # a workbook may store 2 as 2.0
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else cell_text(value)
    if key.value == "year":
        if isinstance(value, dt.date) and not (isinstance(value, dt.datetime) and value.time() != dt.time(0)):
            typed = _typed_year(value.date() if isinstance(value, dt.datetime) else value)
            if typed is not None:
                return typed
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return cell_text(value).strip()
    if key.value == "date_or_year":
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0):
                raise ValueError_(f"expected a date (2019-06-17) or a year, got a time stamp {value.isoformat()}")
            value = value.date()
        if isinstance(value, dt.date):
            typed = _typed_year(value)
            return value if typed is None else typed
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError_(f"expected a date (2019-06-17) or a year, got {value!r}")
            return int(value) if float(value).is_integer() else cell_text(value)
        text = cell_text(value).strip()
        return danish_date(text) or text
    if key.value == "enum":
        word = cell_text(value).strip().lower()
        return ENUM_ALIASES.get(key.name, {}).get(word, word)
    if key.value == "string":
        return undo(cell_text(value).strip())
    if key.value in ("positive", "offset"):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = cell_text(value).strip()
        return int(text) if text.isdigit() and len(text) < 19 else text
    raise AssertionError(key.value)  # pragma: no cover - the table is closed
