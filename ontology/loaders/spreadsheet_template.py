"""The spreadsheet template: an empty ``model`` sheet, a filled ``eksempel`` sheet and a ``kolonner`` sheet.

The example is an invented municipality ("Eksempel Kommune") that uses every
column once; the help sheet explains each column in Danish and English.

>>> rows = example_rows()
>>> rows[0]["type"], rows[0]["id"]
('model', 'https://example.org/eksempel-kommune/')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from .spreadsheet_schema import (
    COLUMN_ORDER,
    COLUMNS,
    EVIDENCE_COLUMNS,
    EXAMPLE_SHEETS,
    EXTRA_COLUMNS,
    HELP_SHEETS,
    INFLUENCE_SHEETS,
    OBSERVATION_COLUMNS,
    OBSERVATION_SHEETS,
    OPTIONAL_COLUMNS,
    ROW_TYPES,
    TYPE_ALIASES,
    kinds_of,
)
from .spreadsheet_writer import MODEL_SHEET, fill_sheet

__all__ = [
    "example_rows",
    "help_rows",
    "write_template_xlsx",
    "write_template_csv",
    "EXAMPLE_SHEET",
    "HELP_SHEET",
    "TEMPLATE_COLUMNS",
    "CSV_TEMPLATE_COLUMNS",
]

#: The template's header: every column, the optional ones (weight) where the writer puts them when used,
#: then the budget, SDG and evidence columns (an export adds them only when a row fills them in; a user
#: filling in the template had to know to add them).
TEMPLATE_COLUMNS: tuple[str, ...] = (
    *(c for column in COLUMN_ORDER for c in (column, *(o for o, after in OPTIONAL_COLUMNS.items() if after == column))),
    *EXTRA_COLUMNS,
    *EVIDENCE_COLUMNS,
)
#: The CSV template's header: one sheet, so observation and influence rows need their columns too.
CSV_TEMPLATE_COLUMNS: tuple[str, ...] = (
    *TEMPLATE_COLUMNS,
    "observed_year",
    "observed_value",
    "influencer",
    "influenced",
    "strength",
)

EXAMPLE_SHEET = EXAMPLE_SHEETS[0]
HELP_SHEET = HELP_SHEETS[0]
_INVENTED = "Opdigtet eksempel."


def example_rows() -> list[dict[str, Any]]:
    """The Danish example: one vision, two strategies, goals, a focus area, initiatives, indicators and a second target."""
    return [
        {
            "id": "https://example.org/eksempel-kommune/",
            "type": "model",
            "label_da": "Eksempel Kommune: Vision 2030 (eksempel)",
            "label_en": "Example Municipality: Vision 2030 (example)",
            "description_da": "Et opdigtet eksempel, der viser alle kolonner. Slet rækkerne og skriv jeres egne i arket 'model'.",
        },
        {"id": "actor/byraadet", "type": "organization", "label_da": "Byrådet", "label_en": "City Council"},
        {
            "id": "actor/erhvervsraadet",
            "type": "organization",
            "label_da": "Erhvervsrådet",
            "label_en": "Business Council",
        },
        {
            "id": "actor/boern-og-skole",
            "type": "actor",
            "label_da": "Børn og Skole",
            "label_en": "Children and Schools",
        },
        {"id": "theme/bosaetning", "type": "theme", "label_da": "Bosætning", "label_en": "Settlement"},
        {
            "id": "indicator/indbyggertal",
            "type": "indicator",
            "label_da": "Indbyggertal",
            "label_en": "Population",
            "unit": "personer",
            "baseline": 60000,
            "baseline_year": 2020,
            "actual_value": 60900,
            "actual_year": 2023,
            "data_source": "https://www.statistikbanken.dk/FOLK1A",
            "description_da": _INVENTED,
        },
        {
            "id": "indicator/nye-virksomheder",
            "type": "indicator",
            "label_da": "Nye virksomheder pr. år",
            "label_en": "New companies per year",
            "unit": "virksomheder pr. år",
            "baseline": 300,
            "baseline_year": 2020,
            "actual_value": 330,
            "actual_year": 2023,
            "data_source": "Erhvervsrådets årsopgørelse",
            "description_da": _INVENTED,
        },
        {
            "id": "indicator/elevtrivsel",
            "type": "indicator",
            "label_da": "Elevtrivsel",
            "label_en": "Pupil well-being",
            "unit": "point (1-5)",
            "data_source": "Den nationale trivselsmåling",
            "description_da": _INVENTED + " Intet udgangstal endnu.",
        },
        {
            "id": "vision-2030",
            "type": "vision",
            "label_da": "Vision 2030: Sammen om mere",
            "label_en": "Vision 2030: Together for more",
            "owner": "actor/byraadet",
            "start": 2022,
            "end": 2030,
            "description_da": _INVENTED,
        },
        {
            "id": "strategi-for-velfaerd",
            "type": "strategy",
            "label_da": "Strategi for Velfærd",
            "label_en": "Welfare strategy",
            "parent": "vision-2030",
            "owner": "actor/byraadet",
            "start": 2022,
            "end": 2030,
        },
        {
            "id": "strategi-for-vaekst",
            "type": "strategy",
            "label_da": "Strategi for Vækst",
            "label_en": "Growth strategy",
            "parent": "vision-2030",
            "owner": "actor/erhvervsraadet",
            "stakeholders": "actor/byraadet",
            "start": 2022,
            "end": 2030,
        },
        {
            "id": "goal/flere-borgere",
            "type": "goal",
            "label_da": "Flere borgere",
            "label_en": "More citizens",
            "plan": "vision-2030",
            "themes": "theme/bosaetning",
            "indicator": "indicator/indbyggertal",
            "target_value": 63000,
            "target_year": 2030,
            "direction": "increase",
            "weight": 2,
            "target_description_da": "63.000 indbyggere i 2030",
        },
        {
            "id": "",
            "type": "target",
            "parent": "goal/flere-borgere",
            "indicator": "indicator/indbyggertal",
            "target_value": 61500,
            "target_year": 2025,
            "direction": "increase",
            "target_description_da": "Delmål undervejs",
        },
        {
            "id": "goal/trivsel-i-skolen",
            "type": "goal",
            "label_da": "Trivsel i skolen",
            "label_en": "Well-being at school",
            "plan": "strategi-for-velfaerd",
            "owner": "actor/boern-og-skole",
            "measured_by": "indicator/elevtrivsel",
        },
        {
            "id": "goal/flere-nye-virksomheder",
            "type": "goal",
            "label_da": "Flere nye virksomheder",
            "label_en": "More new companies",
            "plan": "strategi-for-vaekst",
            "indicator": "indicator/nye-virksomheder",
            "target_value": 400,
            "target_year": 2030,
            "direction": "increase",
            "contributes_to": "goal/flere-borgere",
        },
        {
            "id": "focus/ivaerksaetteri",
            "type": "focus_area",
            "label_da": "Iværksætteri",
            "label_en": "Entrepreneurship",
            "parent": "goal/flere-nye-virksomheder",
        },
        {
            "id": "initiative/ivaerksaetterhus",
            "type": "initiative",
            "label_da": "Iværksætterhus",
            "label_en": "Start-up house",
            "plan": "strategi-for-vaekst",
            "parent": "focus/ivaerksaetteri",
            "owner": "actor/erhvervsraadet",
            "start": 2023,
            "end": 2025,
            "status": "ongoing",
            "source": "https://example.org/eksempel-kommune/ivaerksaetterhus",
            "budget": 2500000,
            "sdg": "8;8.3",
            "document": "vaekststrategi.pdf",
            "page": 4,
            "quote": "Et iværksætterhus skal give nye virksomheder en god start",
        },
        {
            "id": "initiative/velkomstpakke",
            "type": "initiative",
            "label_da": "Velkomstpakke til nye borgere",
            "label_en": "Welcome pack for new citizens",
            "plan": "strategi-for-velfaerd",
            "parent": "goal/flere-borgere",
            "owner": "actor/byraadet",
            "start": 2022,
            "end": 2023,
            "status": "completed",
        },
        {
            "id": "initiative/trivselsmaaling",
            "type": "initiative",
            "label_da": "Årlig trivselsmåling",
            "label_en": "Annual well-being survey",
            "plan": "strategi-for-velfaerd",
            "parent": "goal/trivsel-i-skolen",
            "owner": "actor/boern-og-skole",
            "start": dt.date(2025, 8, 1),
            "status": "planned",
        },
        {
            "type": "observation",
            "indicator": "indicator/nye-virksomheder",
            "observed_year": 2023,
            "observed_value": 610,
        },
        {
            "type": "influence",
            "influencer": "initiative/velkomstpakke",
            "influenced": "goal/flere-borgere",
            "strength": 2,
            "description_da": "Nye borgere, der føler sig velkomne, bliver boende",
        },
    ]


def _applies(column: str, lang: str) -> str:
    names = {
        "da": {
            "vision": "vision",
            "strategy": "strategi",
            "goal": "mål",
            "focus_area": "fokusområde",
            "initiative": "indsats",
            "indicator": "målepunkt",
            "actor": "aktør",
            "organization": "organisation",
            "theme": "tema",
            "target": "måltal",
            "observation": "måling",
            "influence": "påvirkning",
            "model": "model",
            "rdf": "rdf",
        },
        "en": {k: k.replace("_", " ") for k in ROW_TYPES},
    }[lang]
    kinds = kinds_of(column)
    if kinds >= set(ROW_TYPES) - {"rdf"}:
        return "alle" if lang == "da" else "all"
    return ", ".join(names[k] for k in ROW_TYPES if k in kinds)


def help_rows() -> list[dict[str, Any]]:
    """One row per column: where it applies, what it means (da, en), an example value."""
    rows = []
    for name in CSV_TEMPLATE_COLUMNS:  # the observation and influence columns last, as the writer adds them
        column = COLUMNS[name]
        rows.append(
            {
                "kolonne / column": name,
                "gælder for": _applies(name, "da"),
                "applies to": _applies(name, "en"),
                "forklaring": column.help_da,
                "explanation": column.help_en,
                "eksempel / example": column.example,
            }
        )
    rows.append(
        {
            "kolonne / column": f"ark / sheet '{INFLUENCE_SHEETS[0]}'",
            "gælder for": "påvirkning",
            "applies to": "influence",
            "forklaring": (
                f"Krydspåvirkningsmatrix (arket '{INFLUENCE_SHEETS[0]}' eller '{INFLUENCE_SHEETS[1]}'): første kolonne er id'et på "
                "det påvirkende mål, indsatsen eller fokusområdet, overskriftsrækken id'erne på de påvirkede mål, hver celle en "
                "styrke fra -3 til +3. Tom celle: ikke scoret; 0: scoret som forenelig. I en CSV-fil: rækker af typen influence."
            ),
            "explanation": (
                f"Cross-impact matrix (sheet '{INFLUENCE_SHEETS[0]}' or '{INFLUENCE_SHEETS[1]}'): the first column is the id of "
                "the influencing goal, initiative or focus area, the header row the ids of the influenced goals, each cell a "
                "strength from -3 to +3. Blank: not scored; 0: scored as consistent. In a CSV file: rows of type influence."
            ),
            "eksempel / example": "goal/flere-borgere × goal/mindre-co2 = -1",
        }
    )
    aliases = ", ".join(f"{da} = {en}" for da, en in sorted(TYPE_ALIASES.items()))
    rows.append(
        {
            "kolonne / column": "#…",
            "gælder for": "alle",
            "applies to": "all",
            "forklaring": "En kolonne, hvis navn starter med #, er en kommentar og læses ikke. Andre ukendte kolonner er en fejl.",
            "explanation": "A column whose name starts with # is a comment and is not read. Other unknown columns are an error.",
        }
    )
    rows.append(
        {
            "kolonne / column": "type",
            "gælder for": "danske ord",
            "applies to": "Danish words",
            "forklaring": aliases,
            "explanation": "Danish words accepted in the type column.",
        }
    )
    return rows


def write_template_xlsx() -> bytes:
    """The template workbook: ``model`` (empty, with headers), ``eksempel`` (filled) and ``kolonner`` (help)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    model = book.active
    model.title = MODEL_SHEET
    fill_sheet(model, list(TEMPLATE_COLUMNS), [])
    example = book.create_sheet(EXAMPLE_SHEET)
    fill_sheet(example, list(CSV_TEMPLATE_COLUMNS), [_cells(r) for r in example_rows()])
    observations = book.create_sheet(OBSERVATION_SHEETS[0])
    fill_sheet(observations, list(OBSERVATION_COLUMNS), [])
    influences = book.create_sheet(INFLUENCE_SHEETS[0])
    fill_sheet(influences, ["influencer"], [])
    help_sheet = book.create_sheet(HELP_SHEET)
    rows = help_rows()
    columns = list(rows[0])
    fill_sheet(help_sheet, columns, rows)
    for letter, width in zip("ABCDEF", (22, 24, 24, 70, 70, 26)):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if value == "":
            continue
        out[key] = dt.datetime(value.year, value.month, value.day) if isinstance(value, dt.date) else value
    return out


def write_template_csv() -> dict[str, str]:
    """The template as CSV files (UTF-8 with BOM, ``;``): ``""`` the empty sheet, ``eksempel`` and ``kolonner``."""

    def sheet(columns: list[str], rows: list[dict[str, Any]]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv(row.get(c)) for c in columns])
        return "\ufeff" + out.getvalue()

    help_ = help_rows()
    return {
        "": sheet(list(CSV_TEMPLATE_COLUMNS), []),
        EXAMPLE_SHEET: sheet(list(CSV_TEMPLATE_COLUMNS), example_rows()),
        HELP_SHEET: sheet(list(help_[0]), help_),
    }


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
