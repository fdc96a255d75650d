"""The value vocabulary YAML and spreadsheets share: Danish words, decimal commas, Danish dates, language tags.

A strategist who writes ``planlagt``, ``6,2`` or ``01-01-2024`` in a spreadsheet cell may write the
same in a YAML file; both readers turn them into the same RDF through these functions, so the two
formats cannot drift apart.

>>> parse_number("6,2"), ENUM_ALIASES["status"]["planlagt"], danish_date("1.1.2024")
(6.2, 'planned', datetime.date(2024, 1, 1))
>>> language_tag_problem("dk")
"'dk' is not a language tag; did you mean 'da'?"
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

import pyoxigraph as ox

from ..limits import Limits, active, raise_hint
from ..words import DIRECTION_WORDS, STATUS_WORDS

__all__ = [
    "ValueError_",
    "ENUM_ALIASES",
    "enum_choices",
    "MAX_DIGITS",
    "parse_number",
    "danish_date",
    "language_tag_problem",
    "LANGUAGE_TAG",
]


class ValueError_(Exception):
    """A YAML value or a cell of the wrong type; the reader adds file and line (or sheet and row)."""


#: Danish words accepted for the values of ``status`` and ``direction``.
ENUM_ALIASES: dict[str, dict[str, str]] = {
    "status": {
        "planlagt": "planned",
        "igangværende": "ongoing",
        "i gang": "ongoing",
        "igang": "ongoing",
        "afsluttet": "completed",
        "gennemført": "completed",
        "færdig": "completed",
        "annulleret": "cancelled",
        "aflyst": "cancelled",
        "opgivet": "cancelled",
        "canceled": "cancelled",
    },
    "direction": {
        "øge": "increase",
        "stigning": "increase",
        "op": "increase",
        "mindske": "decrease",
        "reducere": "decrease",
        "nedbringe": "decrease",
        "fald": "decrease",
        "ned": "decrease",
        "fastholde": "maintain",
        "uændret": "maintain",
    },
}


def enum_choices(name: str, values: Iterable[str]) -> str:
    """The accepted values of the enum key ``name``, the Danish word of each too (one per concept, ontology.words).

    >>> enum_choices("status", ["planned", "ongoing"])
    'planned, ongoing (in Danish: planlagt, igangværende)'
    """
    values = list(values)
    words = {"status": STATUS_WORDS, "direction": DIRECTION_WORDS}.get(name, {}).get("da", {})
    danish = [words[v] for v in values if v in words]
    return ", ".join(values) + (f" (in Danish: {', '.join(danish)})" if danish else "")


_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_ENGLISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}([.,]\d{3})+$")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")

#: Digits a number may have: Python refuses to read integers over 4,300 digits, and no
#: strategy counts anything that large (a 64-bit count has 19).
MAX_DIGITS = Limits.digits


def _short(text: Any, limit: int = 60) -> str:
    """``text`` quoted, cut to ``limit`` characters: a message quotes a value, never a megabyte of it."""
    text = str(text)
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text):,} characters)"


def parse_number(text: str) -> int | float:
    """A number written as text, Danish or English style: ``23,9``, ``120.000,5``, ``120,000.5``.

    ``120.000`` is 120000 in Danish and 120.0 in English, so it is refused rather than guessed.
    """
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    bound = active().digits
    if len(t) > bound:
        raise ValueError_(f"expected a number of at most {bound} digits ({raise_hint('digits')}), got {_short(text)}")
    if _PLAIN_INT.match(t):
        return int(t)
    if _AMBIGUOUS.match(t):
        raise ValueError_(
            f"{text!r} is ambiguous: write {t.replace('.', '').replace(',', '')} if you mean thousands "
            "(no thousands separator)"
        )
    if _PLAIN_DECIMAL.match(t):
        return float(t)
    if _DANISH_THOUSANDS.match(t):
        return float(t.replace(".", "").replace(",", "."))
    if _ENGLISH_THOUSANDS.match(t):
        return float(t.replace(",", ""))
    if _COMMA_DECIMAL.match(t):
        return float(t.replace(",", "."))
    raise ValueError_(f"expected a number, got {_short(text)}")


def danish_date(text: str) -> dt.date | None:
    """A date written day first (``17-06-2019``, ``17.6.2019``, ``17/6/2019``), or None for other text."""
    found = _DANISH_DATE.match(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise ValueError_(f"not a valid date: {_short(text)} ({err})") from None


#: The shape of a BCP 47 language tag (da, en, da-DK, sr-Latn-RS): letters, then subtags.
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")

#: Country codes and language names written where a language tag belongs. Only words that are
#: no ISO 639 code themselves ("se" is Northern Sami, "uk" Ukrainian, so they are not here).
_LANGUAGE_SLIPS = {
    "dk": "da",
    "dansk": "da",
    "danish": "da",
    "dänisch": "da",
    "english": "en",
    "engelsk": "en",
    "german": "de",
    "deutsch": "de",
    "tysk": "de",
    "swedish": "sv",
    "svensk": "sv",
    "norwegian": "nb",
    "norsk": "nb",
    "gb": "en",
}


def language_tag_problem(tag: str) -> str | None:
    """Why ``tag`` is no language tag (with the one meant, where known), or None for da, en, da-DK ….

    A tag's first part is a two- or three-letter ISO 639 code; a country code (dk) or a language's
    name (dansk) is refused with the right tag suggested.
    """
    primary = tag.partition("-")[0].lower()
    if primary in _LANGUAGE_SLIPS:
        return f"{_short(tag, 40)} is not a language tag; did you mean '{_LANGUAGE_SLIPS[primary]}'?"
    if not LANGUAGE_TAG.fullmatch(tag) or not 2 <= len(primary) <= 3:
        return f"{_short(tag, 40)} is not a language tag (a two- or three-letter code such as da, en, de, da-DK)"
    try:  # BCP 47's rules on the parts after the first, as the store applies them when the text is added
        ox.Literal("", language=tag)
    except ValueError as err:
        return f"{_short(tag, 40)} is not a well-formed language tag (BCP 47: {err})"
    return None
