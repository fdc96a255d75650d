"""The words of the first stage: how the model's own values and numbers are written to a reader.

One term per concept and language, so the graph, the diff and the report say the same
(the graph said "i gang"/"aflyst" where the diff said "igangværende"/"annulleret"; the
spreadsheet's column help and the loaders' Danish vocabulary use the latter, so those won).
The loaders accept more Danish spellings on input (:data:`ontology.loaders.values.ENUM_ALIASES`);
output always uses these.

>>> STATUS_WORDS["da"]["cancelled"], STATUS_WORDS["en"]["ongoing"]
('annulleret', 'ongoing')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Mapping, TypeVar

from .namespaces import SA

__all__ = [
    "STATUS_WORDS",
    "DIRECTION_WORDS",
    "VALIDATION_WORDS",
    "COUNT_WORDS",
    "value_word",
    "format_number",
    "format_time",
    "counted",
    "in_language",
]

#: An initiative's ``sa:status`` (its local name, lower case) in each language.
STATUS_WORDS: dict[str, dict[str, str]] = {
    "da": {"planned": "planlagt", "ongoing": "igangværende", "completed": "afsluttet", "cancelled": "annulleret"},
    "en": {"planned": "planned", "ongoing": "ongoing", "completed": "completed", "cancelled": "cancelled"},
}

#: A target's ``sa:direction`` (its local name, lower case) in each language.
DIRECTION_WORDS: dict[str, dict[str, str]] = {
    "da": {"increase": "øge", "decrease": "mindske", "maintain": "fastholde"},
    "en": {"increase": "increase", "decrease": "decrease", "maintain": "maintain"},
}


def value_word(table: dict[str, dict[str, str]], iri: str, lang: str) -> str | None:
    """The word of ``table`` for a vocabulary value given as its IRI (``sa:Ongoing`` → ``ongoing``),
    or None for an IRI outside the vocabulary (a caller shows that as it is).

    >>> value_word(STATUS_WORDS, "https://w3id.org/stratalign#Ongoing", "da"), value_word(STATUS_WORDS, "x:Ongoing", "da")
    ('igangværende', None)
    """
    local = iri[len(SA) :] if iri.startswith(SA) else ""
    # The vocabulary's values are capitalised (sa:Ongoing); sa:ongoing is not one of them.
    return table[lang].get(local.lower()) if local and local == local.capitalize() else None


def format_number(lexical: str, lang: str, *, decimals: int | None = None) -> str:
    """120000 → '120.000' in Danish, '120,000' in English; decimals keep their digits, doubles read as decimals.

    120000, 120000.0 and 1.2E5 are one number, and read the same. ``decimals`` writes exactly that
    many (a score 0.60 is "0,60" beside "0,81"; the caller rounds).

    >>> format_number("23.9", "da"), format_number("120000", "en"), format_number("1.2E5", "da"), format_number("+7.50", "en")
    ('23,9', '120,000', '120.000', '7.5')
    >>> format_number("0.60", "da", decimals=2), format_number("2500000.5", "da", decimals=2)
    ('0,60', '2.500.000,50')
    """
    try:
        number = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    # far beyond any target's size the fixed-point digits would only grow (1E999999999)
    if not number.is_finite() or abs(number.adjusted()) > 30:
        return lexical
    whole, _, fraction = f"{number:f}".partition(".")
    negative = whole.startswith("-")
    digits = f"{int(whole):,}"
    thousands, point = (".", ",") if lang == "da" else (",", ".")
    digits = ("-" if negative and not digits.startswith("-") else "") + digits.replace(",", thousands)
    fraction = fraction.rstrip("0") if decimals is None else (fraction + "0" * decimals)[:decimals]
    return f"{digits}{point}{fraction}" if fraction else digits


#: The words of validate's text report beside its messages (the shapes' messages come in both languages).
VALIDATION_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "violation": "overtrædelse",
        "warning": "advarsel",
        "info": "info",
        "value": "værdi",
        "conforms": "Modellen overholder reglerne",
        "does_not_conform": "Modellen overholder ikke reglerne",
        "with_issues": "med fund",
        "unknown_property": "{term} er ingen egenskab i stratalign-ontologien{hint}: linket læses som intet",
        "unknown_term": "{term} er intet begreb i stratalign-ontologien{hint}: værdien læses som intet",
        "did_you_mean": " (mente du {term}?)",
    },
    "en": {
        "violation": "violation",
        "warning": "warning",
        "info": "info",
        "value": "value",
        "conforms": "The model conforms",
        "does_not_conform": "The model does not conform",
        "with_issues": "with issues",
        "unknown_property": "{term} is no property of the stratalign ontology{hint}: the link is read as nothing",
        "unknown_term": "{term} is no term of the stratalign ontology{hint}: the value is read as nothing",
        "did_you_mean": " (did you mean {term}?)",
    },
}


#: language → noun → (one, many): the nouns people read beside a count. One table, so that no
#: line says "1 duplicate clusters across 1 plan pairs" or "1 errors", and the two languages agree
#: (Danish often has one form for both: 1 mål, 2 mål; 1 fejl, 2 fejl).
COUNT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "da": {
        "finding": ("fund", "fund"),
        "error": ("fejl", "fejl"),
        "warning": ("advarsel", "advarsler"),
        "info": ("info", "info"),
        "violation": ("overtrædelse", "overtrædelser"),
        "element": ("element", "elementer"),
        "plan": ("plan", "planer"),
        "goal": ("mål", "mål"),
        "covered_goal": ("dækket mål", "dækkede mål"),
        "initiative": ("indsats", "indsatser"),
        "target": ("måltal", "måltal"),
        "pair": ("par", "par"),
        "plan_pair": ("planpar", "planpar"),
        "cluster": ("klynge", "klynger"),
        "duplicate_cluster": ("dubletklynge", "dubletklynger"),
        "duplicate_finding": ("dubletfund", "dubletfund"),
        "duplicate_goal": ("dubleret mål", "dublerede mål"),
        "duplicate_initiative": ("dubleret indsats", "dublerede indsatser"),
        "value": ("værdi", "værdier"),
        "term": ("egenskab eller klasse", "egenskaber eller klasser"),
    },
    "en": {
        "finding": ("finding", "findings"),
        "error": ("error", "errors"),
        "warning": ("warning", "warnings"),
        "info": ("info", "info"),
        "violation": ("violation", "violations"),
        "element": ("element", "elements"),
        "plan": ("plan", "plans"),
        "goal": ("goal", "goals"),
        "covered_goal": ("covered goal", "covered goals"),
        "initiative": ("initiative", "initiatives"),
        "target": ("target", "targets"),
        "pair": ("pair", "pairs"),
        "plan_pair": ("plan pair", "plan pairs"),
        "cluster": ("cluster", "clusters"),
        "duplicate_cluster": ("duplicate cluster", "duplicate clusters"),
        "duplicate_finding": ("duplicate finding", "duplicate findings"),
        "duplicate_goal": ("duplicate goal", "duplicate goals"),
        "duplicate_initiative": ("duplicate initiative", "duplicate initiatives"),
        "value": ("value", "values"),
        "term": ("property or class", "properties or classes"),
    },
}


def counted(n: int, noun: str, lang: str) -> str:
    """A count with its noun in the language's number style and grammatical number.

    >>> counted(1, "plan_pair", "en"), counted(2, "plan", "da"), counted(1234, "warning", "da"), counted(0, "error", "en")
    ('1 plan pair', '2 planer', '1.234 advarsler', '0 errors')
    """
    one, many = COUNT_WORDS[lang][noun]
    return f"{format_number(str(n), lang)} {one if n == 1 else many}"


def format_time(time: str | None, lang: str) -> str:
    """An observation's time as the language writes it: a year as it is, a date day first in Danish
    (``2024-04-01`` → ``1.4.2024``), ISO in English; anything else as written.

    >>> format_time("2024-04-01", "da"), format_time("2024-04-01", "en"), format_time("2023", "da")
    ('1.4.2024', '2024-04-01', '2023')
    """
    text = time or ""
    if lang == "da" and len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return f"{int(text[8:])}.{int(text[5:7])}.{text[:4]}"
    return text


_T = TypeVar("_T")


def in_language(by_tag: Mapping[str, _T], lang: str) -> _T | None:
    """The value of ``by_tag`` (language tag → value, "" for none) a reader of ``lang`` gets: ``lang``, then
    Danish, English and untagged, each tag also with a region (``en-gb`` serves ``en``, the first in
    code-point order), else None. One chain for every text an output shows (labels, descriptions,
    reasons, quotes, titles): a model tagged ``@en-GB`` showed Danish labels under ``--lang en``.

    >>> in_language({"da": "Mål", "en-gb": "Goal"}, "en"), in_language({"da-dk": "Mål"}, "en"), in_language({"de": "Ziel"}, "en")
    ('Goal', 'Mål', None)
    """
    for tag in (lang, "da", "en", ""):
        found = by_tag.get(tag)
        if found is not None:
            return found
        if tag:
            regional = [t for t in by_tag if t.partition("-")[0].lower() == tag]
            if regional:
                return by_tag[min(regional)]
    return None
