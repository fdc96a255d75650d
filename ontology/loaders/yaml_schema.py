"""The YAML authoring format as data: one table read by both the reader and the writer.

Keeping the keys, their predicates and their value codecs in one place is what
makes YAML → RDF → YAML lossless: the writer only writes a triple as a YAML key
when the reader would turn that key back into exactly the same triple.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..namespaces import DCTERMS, ORG, RDF, RDFS, SA, SKOS, XSD
from ..sdg import SDG_BASE, sdg_iri, sdg_notation
from ..textsafety import excerpt
from .values import ENUM_ALIASES, ValueError_, danish_date, enum_choices, language_tag_problem, parse_number

__all__ = [
    "SELF_REFERENCE",
    "SELF_INFLUENCE",
    "Term",
    "iri",
    "literal",
    "Key",
    "Nest",
    "KINDS",
    "KIND_CLASS",
    "SECTIONS",
    "KEYS",
    "NESTS",
    "TARGET_KEYS",
    "TOP_LEVEL_KEYS",
    "ValueError_",
    "encode",
    "decode",
    "DIRECTIONS",
    "STATUSES",
    "OBSERVATION_KEYS",
    "OBSERVATION_TIME",
    "observation_iri",
    "observation_time",
    "INFLUENCE_KEYS",
    "INFLUENCER_KINDS",
    "influence_iri",
    "strength_term",
    "EVIDENCE_KEYS",
    "evidence_iri",
    "parse_compact_evidence",
    "compact_evidence",
]

#: A neutral RDF term: ("iri", value) or ("literal", lexical, datatype, lang).
Term = tuple


def iri(value: str) -> Term:
    return ("iri", value)


def literal(lexical: str, datatype: str = XSD + "string", lang: str | None = None) -> Term:
    if lang:
        datatype = RDF + "langString"
    return ("literal", lexical, datatype, lang)


KINDS = ("vision", "strategy", "goal", "focus_area", "initiative", "indicator", "actor", "theme")

KIND_CLASS: dict[str, str] = {
    "vision": SA + "Vision",
    "strategy": SA + "Strategy",
    "goal": SA + "Goal",
    "focus_area": SA + "FocusArea",
    "initiative": SA + "Initiative",
    "indicator": SA + "Indicator",
    "actor": SA + "Actor",
    "theme": SKOS + "Concept",
    "target": SA + "Target",
}

#: Top-level list sections and the kind of element each holds.
SECTIONS: dict[str, str] = {
    "visions": "vision",
    "strategies": "strategy",
    "goals": "goal",
    "focus_areas": "focus_area",
    "initiatives": "initiative",
    "indicators": "indicator",
    "actors": "actor",
    "themes": "theme",
}

#: ``draft: true`` marks a model written by ``stratalign extract`` (read and checked, no triple: a flag for people)
TOP_LEVEL_KEYS = ("stratalign", "draft", "base", "lang", "prefixes", "title", "description", "source", *SECTIONS, "rdf")

DIRECTIONS = {"increase": SA + "Increase", "decrease": SA + "Decrease", "maintain": SA + "Maintain"}
STATUSES = {
    "planned": SA + "Planned",
    "ongoing": SA + "Ongoing",
    "completed": SA + "Completed",
    "cancelled": SA + "Cancelled",
}
ACTOR_TYPES = {"organization": ORG + "Organization"}


@dataclass(frozen=True)
class Key:
    """A YAML key that becomes one predicate with a value codec.

    ``value`` is one of: text (a label map), ref, number, amount (a number ≥ 0), year, date_or_year,
    enum, iri_or_text, iri (a full IRI), sdg (an SDG notation or IRI), string, strength (an integer -3..+3).
    """

    name: str
    predicate: str
    value: str
    many: bool = False
    refs: tuple[str, ...] = ()
    enum: dict[str, str] = field(default_factory=dict)
    plural: bool = False  # written as a list even with one value


@dataclass(frozen=True)
class Nest:
    """A YAML key that nests child elements (or references) under a parent."""

    name: str
    child: str
    predicate: str
    child_is_subject: bool  # True: child --predicate--> parent
    enclosing_plan_lists: bool = False  # initiatives: the enclosing plan sa:hasInitiative them


_PLAN_KINDS = ("vision", "strategy")

_COMMON = (
    Key("label", RDFS + "label", "text"),
    Key("description", DCTERMS + "description", "text"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
    Key("themes", SA + "theme", "ref", many=True, refs=("theme",), plural=True),
)
_OWNER = Key("owner", SA + "owner", "ref", many=True, refs=("actor",))
_STAKEHOLDERS = Key("stakeholders", SA + "stakeholder", "ref", many=True, refs=("actor",), plural=True)
_START = Key("start", SA + "start", "date_or_year")
_END = Key("end", SA + "end", "date_or_year")
_CONTRIBUTES = Key("contributes_to", SA + "contributesTo", "ref", many=True, refs=("goal", "focus_area"), plural=True)
_HINDERS = Key("hinders", SA + "hinders", "ref", many=True, refs=("goal",), plural=True)
# Issue 20: alignment with the UN SDGs (``sdg: [4, "4.4"]``, notations or IRIs) and with any other
# framework (``aligns_with: [https://…]``); both are sa:alignsWith, the writer puts SDG IRIs under sdg.
_ALIGNS = (
    Key("sdg", SA + "alignsWith", "sdg", many=True, plural=True),
    Key("aligns_with", SA + "alignsWith", "iri", many=True, plural=True),
)
_BUDGET = (Key("budget", SA + "budget", "amount"), Key("unit", SA + "unit", "string"))
# Issue 18: duplicate decisions on the element itself (alignment.duplicate_decisions): the other goal
# (or initiative) is not a duplicate of this one, or is one and will be merged (merge accepted).


#: key → the verdict individual of its record form's sa:DuplicateDecision node
DECISION_VERDICTS = {"not_duplicate_of": SA + "NotDuplicate", "duplicate_of": SA + "MergeAccepted"}
#: The keys of a decision record (``not_duplicate_of: [{id: g-b, reason: …, date: 2026-05-01, by: …}]``);
#: ``id`` is read with the element's own key (a goal names a goal, an initiative an initiative).
DECISION_RECORD_KEYS: tuple[Key, ...] = (
    Key("id", SA + "decisionOn", "ref"),
    Key("reason", DCTERMS + "description", "text"),
    Key("date", DCTERMS + "date", "date_or_year"),
    Key("by", DCTERMS + "creator", "text"),
)


def _decisions(kind: str) -> tuple[Key, ...]:
    return (
        Key("not_duplicate_of", SA + "notDuplicateOf", "ref", many=True, refs=(kind,), plural=True),
        Key("duplicate_of", SA + "duplicateOf", "ref", many=True, refs=(kind,), plural=True),
    )


KEYS: dict[str, tuple[Key, ...]] = {
    "vision": (*_COMMON, _OWNER, _STAKEHOLDERS, _START, _END, *_ALIGNS),
    "strategy": (
        *_COMMON,
        _OWNER,
        _STAKEHOLDERS,
        _START,
        _END,
        Key("realizes", SA + "realizes", "ref", many=True, refs=("vision",), plural=True),
        *_ALIGNS,
    ),
    "goal": (
        *_COMMON,
        _OWNER,
        Key("measured_by", SA + "measuredBy", "ref", many=True, refs=("indicator",), plural=True),
        Key("delegated_to", SA + "delegatedTo", "ref", many=True, refs=("vision", "strategy", "actor")),
        Key("conflicts_with", SA + "conflictsWith", "ref", many=True, refs=("goal",), plural=True),
        _CONTRIBUTES,
        _HINDERS,
        *_ALIGNS,
        *_decisions("goal"),
    ),
    "focus_area": (*_COMMON, _CONTRIBUTES, *_ALIGNS),
    "initiative": (
        *_COMMON,
        _OWNER,
        _STAKEHOLDERS,
        _START,
        _END,
        Key("status", SA + "status", "enum", enum=STATUSES),
        _CONTRIBUTES,
        _HINDERS,
        *_BUDGET,
        *_ALIGNS,
        *_decisions("initiative"),
    ),
    "indicator": (
        *_COMMON,
        Key("unit", SA + "unit", "string"),
        Key("baseline", SA + "baseline", "number"),
        Key("baseline_year", SA + "baselineYear", "year"),
        Key("actual", SA + "actualValue", "number"),
        Key("actual_year", SA + "actualYear", "year"),
        Key("data_source", SA + "dataSource", "iri_or_text", many=True),
        *_ALIGNS,
    ),
    "actor": (*_COMMON, Key("type", RDF + "type", "enum", many=True, enum=ACTOR_TYPES)),
    "theme": _COMMON[:3],
}

TARGET_KEYS: tuple[Key, ...] = (
    Key("indicator", SA + "indicator", "ref", refs=("indicator",)),
    Key("value", SA + "targetValue", "number"),
    Key("year", SA + "targetYear", "year"),
    Key("direction", SA + "direction", "enum", enum=DIRECTIONS),
    Key("weight", SA + "weight", "number"),
    Key("label", RDFS + "label", "text"),
    Key("description", DCTERMS + "description", "text"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
)

#: The keys of one observation in the long form (``observations: [{year: 2019, value: 115652, source: …}]``).
#: ``year`` and ``date`` are the two ways to give its time; exactly one of them is given.
OBSERVATION_KEYS: tuple[Key, ...] = (
    Key("year", SA + "observedYear", "year"),
    Key("date", SA + "observedDate", "date_or_year"),
    Key("value", SA + "observedValue", "number"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
)
#: The time of an observation as one codec: a year (xsd:gYear) or a date (xsd:date); the compact
#: form's keys (``{2017: 115905}``) and the spreadsheet's time cell go through it.
OBSERVATION_TIME = Key("observations", SA + "observedYear", "date_or_year")


def observation_time(value: Any) -> tuple[str, Term]:
    """The predicate and the term for an observation's time: a year or a date.

    >>> observation_time(2019)
    ('https://w3id.org/stratalign#observedYear', ('literal', '2019', 'http://www.w3.org/2001/XMLSchema#gYear', None))
    """
    term = _date_or_year(value)
    return (SA + "observedDate" if term[2] == XSD + "date" else SA + "observedYear"), term


def observation_iri(indicator: str, time: Term) -> str:
    """The IRI every reader gives the indicator's observation at ``time``: one per year or date.

    Readers and writers share it, so that a written observation reads back as the same node.
    """
    return f"{indicator}/observation/{time[1]}"


#: What every reader says of a reference from an element to itself (a goal that hinders itself, or is no
#: duplicate of itself, says nothing; ``--decisions`` refuses a decision on one element too) …
SELF_REFERENCE = "an element cannot name itself here"
#: … and of an element's scored influence on itself (YAML ``influences:``, a matrix's diagonal, a CSV row).
SELF_INFLUENCE = "an element's influence on itself is no influence; score another goal"

#: The kinds of element that may carry ``influences:`` (sa:influencer's range).
INFLUENCER_KINDS = ("goal", "initiative", "focus_area")
#: The keys of one influence (``influences: [{goal: g2, strength: -2, why: …}]`` on a goal, an initiative
#: or a focus area): the influenced goal and the strength are required, the reason and sources optional.
INFLUENCE_KEYS: tuple[Key, ...] = (
    Key("goal", SA + "influenced", "ref", refs=("goal",)),
    Key("strength", SA + "strength", "strength"),
    Key("why", DCTERMS + "description", "text"),
    Key("source", DCTERMS + "source", "iri_or_text", many=True),
)
_STRENGTH_TEXT = re.compile(r"^\s*([+\-\u2212]?)([0-9])\s*$")


def strength_term(value: Any) -> Term:
    """An influence's strength as an xsd:integer literal: a whole number from -3 to +3.

    A text such as "+2" or "−1" (a spreadsheet cell, a typographic minus) is read as the number.

    >>> strength_term(-2)[1], strength_term("+3")[1]
    ('-2', '3')
    """
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = None  # 2.0 is refused as YAML writes it: a strength is a whole number, not a measurement
    elif isinstance(value, str) and (match := _STRENGTH_TEXT.match(value)):
        number = int(match.group(2)) * (-1 if match.group(1) in ("-", "\u2212") else 1)
    if number is None or not -3 <= number <= 3:
        raise ValueError_(
            f"expected a strength, a whole number from -3 (cancelling) to +3 (indivisible), got {excerpt(value)}"
        )
    return literal(str(number), XSD + "integer")


def influence_iri(influencer: str, influenced: str) -> str:
    """The IRI every reader gives the influence of ``influencer`` on the goal ``influenced``: one per pair.

    The influenced goal's last path segment when both share a namespace, else a short hash of its IRI;
    readers and writers share it, so that a written influence reads back as the same node.

    >>> influence_iri("https://ex.org/i1", "https://ex.org/g2")
    'https://ex.org/i1/influence/g2'
    """
    cut = max(influenced.rfind("/"), influenced.rfind("#")) + 1
    namespace, tail = influenced[:cut], influenced[cut:]
    if tail and influencer.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9._~-]+", tail):
        return f"{influencer}/influence/{tail}"
    return f"{influencer}/influence/h{hashlib.sha256(influenced.encode('utf-8')).hexdigest()[:16]}"


# -- evidence (where a statement stands in a source document) ------------------------------------
#: The keys of one evidence record (``evidence: [{document: vision2020.pdf, page: 3, quote: …}]``).
#: ``start``/``end`` are character offsets of the quote in the page's text (0-based, end exclusive);
#: ``confidence`` (0..1) says how sure whoever wrote the record (``stratalign extract``) is.
EVIDENCE_KEYS: tuple[Key, ...] = (
    Key("document", SA + "document", "iri_or_text"),
    Key("page", SA + "page", "positive"),
    Key("quote", SA + "quote", "text"),
    Key("start", SA + "quoteStart", "offset"),
    Key("end", SA + "quoteEnd", "offset"),
    Key("confidence", SA + "confidence", "share"),
)
#: What opens and closes the quote of the compact form (Danish quotation marks, as in print).
_QUOTE_OPEN, _QUOTE_CLOSE = ": «", "»"
_PAGE_WORDS = (" p. ", " s. ")  # page (English), side (Danish)


def evidence_iri(element: str, index: int) -> str:
    """The IRI every reader gives the element's ``index``-th evidence record (1-based).

    >>> evidence_iri("https://e.org/g1", 2)
    'https://e.org/g1/evidence/2'
    """
    return f"{element}/evidence/{index}"


def parse_compact_evidence(text: str) -> dict[str, Any]:
    """The one-line form ``DOCUMENT[ p. PAGE]: «QUOTE»`` as a record.

    The quote is everything between the first ``: «`` and the closing ``»`` at the very end (so it may
    itself hold « and »); the document is what stands before, and a trailing `` p. N`` (or Danish
    `` s. N``) with N all digits is its page. Plain string splits, no regular expression: linear.

    >>> parse_compact_evidence("vision2020.pdf p. 3: «120.000 borgere i 2020»")
    {'document': 'vision2020.pdf', 'page': 3, 'quote': '120.000 borgere i 2020'}
    >>> parse_compact_evidence("Vækststrategi 2020: «Vækst i hele kommunen»")
    {'document': 'Vækststrategi 2020', 'quote': 'Vækst i hele kommunen'}
    """
    text = text.strip()
    head, found, rest = text.partition(_QUOTE_OPEN)
    if not found or not rest.endswith(_QUOTE_CLOSE):
        raise ValueError_(
            f'the one-line form is DOCUMENT p. PAGE: «QUOTE», e.g. "vision2020.pdf p. 3: «120.000 borgere i 2020»"; got {excerpt(text)}'
        )
    quote = rest[: -len(_QUOTE_CLOSE)]
    record: dict[str, Any] = {}
    for word in _PAGE_WORDS:
        document, found_page, page = head.rpartition(word)
        if found_page and page.strip().isdigit():
            head = document
            record_page = int(page.strip())
            break
    else:
        record_page = None
    if not head.strip():
        raise ValueError_(f"the evidence names no document before the page and quote: {excerpt(text)}")
    if not quote.strip():
        raise ValueError_(f"the evidence quote is empty: {excerpt(text)}")
    record["document"] = head.strip()
    if record_page is not None:
        record["page"] = record_page
    record["quote"] = quote
    return record


def compact_evidence(record: dict[str, Any]) -> str | None:
    """The one-line form of a record that has a document, a quote and perhaps a page, and nothing else
    :func:`parse_compact_evidence` would read differently; None otherwise.

    >>> compact_evidence({"document": "v.pdf", "page": 3, "quote": "120.000 borgere"})
    'v.pdf p. 3: «120.000 borgere»'
    """
    if set(record) - {"document", "page", "quote"} or "document" not in record or "quote" not in record:
        return None
    document, quote = record["document"], record["quote"]
    if not isinstance(document, str) or not isinstance(quote, str):
        return None
    text = f"{document} p. {record['page']}: «{quote}»" if "page" in record else f"{document}: «{quote}»"
    try:
        return text if parse_compact_evidence(text) == record else None
    except ValueError_:
        return None


_GOALS = Nest("goals", "goal", SA + "hasGoal", child_is_subject=False)
_INITIATIVES = Nest("initiatives", "initiative", SA + "hasInitiative", child_is_subject=False)
_CONTRIB_INITIATIVES = Nest(
    "initiatives", "initiative", SA + "contributesTo", child_is_subject=True, enclosing_plan_lists=True
)
NESTS: dict[str, tuple[Nest, ...]] = {
    "vision": (Nest("strategies", "strategy", SA + "realizes", child_is_subject=True), _GOALS, _INITIATIVES),
    "strategy": (_GOALS, _INITIATIVES),
    "goal": (
        Nest("goals", "goal", SA + "contributesTo", child_is_subject=True),
        Nest("focus_areas", "focus_area", SA + "contributesTo", child_is_subject=True),
        _CONTRIB_INITIATIVES,
    ),
    "focus_area": (_CONTRIB_INITIATIVES,),
}


_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_YEAR = re.compile(r"^-?\d{4}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_MAX_NUMBER_TEXT = 100  # the YAML reader's MAX_DIGITS


def _number(value: Any) -> Term:
    if isinstance(value, str) and "," in value:
        value = parse_number(value)  # 6,2 and 120.000,5 as in a spreadsheet cell; 1,000 is refused as ambiguous
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError_(f"expected a number, got {excerpt(value)}" + _danish_number_hint(value))
    if isinstance(value, int):
        return literal(str(value), XSD + "integer")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError_(f"expected a finite number, got {excerpt(value)}")
    text = format(Decimal(repr(value)), "f")
    if "." not in text:
        text += ".0"
    return literal(text, XSD + "decimal")


def _danish_number_hint(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", value.strip()):
        return " (write 120000, not 120.000: YAML numbers use no thousands separator)"
    return ""


def _sdg(value: Any) -> str:
    """The IRI of an SDG goal or target given as 4, "4.4", "4.a" or its IRI; a YAML float such as 8.1 only
    where it cannot mean 8.10."""
    if isinstance(value, float) and not isinstance(value, bool):
        goal = int(value)
        text = repr(value)
        if sdg_iri(f"{goal}.10") is not None and text.endswith(".1"):
            raise ValueError_(f'{text} could be SDG target {goal}.1 or {goal}.10: write it in quotes, e.g. "{goal}.10"')
        value = text
    found = sdg_iri(value) if isinstance(value, (int, str)) else None
    if found is None:
        raise ValueError_(
            f"{excerpt(value)} is not one of the 17 SDG goals (1 to 17) or 169 targets (such as 4.4 or 4.a)"
        )
    return found


def _year(value: Any) -> Term:
    if isinstance(value, bool):
        raise ValueError_(f"expected a year such as 2020, got {excerpt(value)}")
    if isinstance(value, int) and 1000 <= value <= 9999:
        return literal(f"{value:04d}", XSD + "gYear")
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        return literal(value, XSD + "gYear")
    raise ValueError_(f"expected a year such as 2020, got {excerpt(value)}")


def _date_or_year(value: Any) -> Term:
    if isinstance(value, dt.datetime):
        raise ValueError_(f"expected a date (2019-06-17) or a year, got a time stamp {excerpt(value)}")
    if isinstance(value, dt.date):
        return literal(value.isoformat(), XSD + "date")
    if isinstance(value, str) and (day := danish_date(value.strip())) is not None:
        return literal(day.isoformat(), XSD + "date")  # 01-01-2024 as in a spreadsheet cell
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return literal(dt.date.fromisoformat(value).isoformat(), XSD + "date")
        except ValueError as err:
            raise ValueError_(f"not a valid date: {excerpt(value)} ({err})") from None
    try:
        return _year(value)
    except ValueError_:
        raise ValueError_(f"expected a date (2019-06-17) or a year (2019), got {excerpt(value)}") from None


def _text_items(value: Any, lang: str) -> list[Term]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError_("empty text")
        return [literal(value, lang=lang)]
    if isinstance(value, dict) and value:
        out = []
        for tag, text in value.items():
            if not isinstance(tag, str) or not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", tag):
                raise ValueError_(f"{excerpt(tag)} is not a language tag (use da, en …)")
            if language_tag_problem(tag):
                raise ValueError_(language_tag_problem(tag))
            if not isinstance(text, str) or not text.strip():
                raise ValueError_(f"the {tag} text must be a non-empty string, got {excerpt(text)}")
            out.append(literal(text, lang=tag.lower()))
        return out
    raise ValueError_(f"expected a text or a map by language such as {{da: …, en: …}}, got {excerpt(value)}")


def encode(key: Key, value: Any, *, lang: str, resolve) -> list[Term]:
    """Turn one YAML value (a scalar, or a list for ``many`` keys) into RDF terms.

    ``resolve(id)`` gives the IRI of a local id (and records the reference).
    """
    if key.value == "text":
        return _text_items(value, lang)
    values = value if isinstance(value, list) and key.many else [value]
    if isinstance(value, list) and not key.many:
        raise ValueError_("expected one value, got a list")
    out: list[Term] = []
    for item in values:
        if key.value == "ref":
            if not isinstance(item, str) or not item.strip():
                raise ValueError_(f"expected an id, got {excerpt(item)}")
            out.append(iri(resolve(item, key.refs)))
        elif key.value == "number":
            out.append(_number(item))
            if key.predicate == SA + "weight" and float(out[-1][1]) < 0:
                # a roll-up weighs targets by it (alignment.progress): below 0 it would count against the share
                raise ValueError_(f"a weight cannot be negative, got {excerpt(item)} (0 leaves the target out)")
        elif key.value == "amount":
            term = _number(item)
            if term[1].startswith("-"):
                raise ValueError_(f"a budget cannot be negative, got {excerpt(item)}")
            out.append(term)
        elif key.value == "sdg":
            out.append(iri(_sdg(item)))
        elif key.value == "iri":
            if not isinstance(item, str) or not _URL.match(item.strip()):
                raise ValueError_(f"expected a full IRI (https://…), got {excerpt(item)}")
            if item.strip().startswith(SDG_BASE):
                out.append(iri(_sdg(item)))  # an SDG IRI is checked here too
            else:
                out.append(iri(item.strip()))
        elif key.value == "year":
            out.append(_year(item))
        elif key.value == "date_or_year":
            out.append(_date_or_year(item))
        elif key.value == "enum":
            # The Danish words a spreadsheet takes (planlagt, mindske …); a cell arrives already translated.
            word = (
                ENUM_ALIASES.get(key.name, {}).get(item.strip().lower(), item.lower())
                if isinstance(item, str)
                else item
            )
            if not isinstance(word, str) or word not in key.enum:
                raise ValueError_(f"{excerpt(item)} is not one of {enum_choices(key.name, key.enum)}")
            out.append(iri(key.enum[word]))
        elif key.value == "iri_or_text":
            if not isinstance(item, (str, int, float)) or isinstance(item, bool) or not str(item).strip():
                raise ValueError_(f"expected a URL or a text, got {excerpt(item)}")
            text = str(item)
            out.append(iri(text) if _URL.match(text) else literal(text))
        elif key.value == "string":
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                raise ValueError_(f"expected a text, got {excerpt(item)}")
            out.append(literal(str(item)))
        elif key.value == "strength":
            out.append(strength_term(item))
        elif key.value in ("positive", "offset"):
            least = 1 if key.value == "positive" else 0
            if isinstance(item, bool) or not isinstance(item, int) or item < least or len(str(item)) > 18:
                what = "a page number (1, 2 …)" if least else "a character offset (0, 1 …)"
                raise ValueError_(f"expected {what}, got {excerpt(item)}")
            out.append(literal(str(item), XSD + "integer"))
        elif key.value == "share":
            if isinstance(item, bool) or not isinstance(item, (int, float)) or not 0 <= item <= 1:
                raise ValueError_(f"expected a number from 0 to 1, got {excerpt(item)}")
            out.append(_number(float(item)))
        else:  # pragma: no cover - the table above is closed
            raise AssertionError(key.value)
    return out


def decode(key: Key, term: Term, *, id_of) -> Any:
    """The YAML value that :func:`encode` would turn back into ``term``, or None.

    For ``text`` keys the value is a ``(lang, text)`` pair. ``id_of(iri, kinds)``
    gives the local id of a defined element of one of those kinds, or None.
    """
    if key.value == "text":
        if term[0] == "literal" and term[3]:
            return (term[3], term[1])
        return None
    value: Any
    if key.value == "sdg":
        notation = sdg_notation(term[1]) if term[0] == "iri" else None
        if notation is None:
            return None
        return int(notation) if notation.isdigit() else notation  # a target as text: 3.10 is not 3.1
    if key.value == "iri":
        if term[0] != "iri" or not _URL.match(term[1]):
            return None
        if term[1].startswith(SDG_BASE) and sdg_notation(term[1]) is None:
            return None  # an unknown SDG IRI (a validation result) is kept in the rdf: block, which reads it back
        return term[1]
    if key.value == "ref":
        value = id_of(term[1], key.refs) if term[0] == "iri" else None
        return value
    if key.value == "enum":
        if term[0] != "iri":
            return None
        words = [w for w, v in key.enum.items() if v == term[1]]
        return words[0] if words else None
    if key.value == "iri_or_text":
        value = term[1] if term[0] == "iri" or term[2] == XSD + "string" else None
    elif term[0] != "literal":
        return None
    elif key.value in ("number", "amount"):
        lexical, datatype = term[1], term[2]
        if len(lexical) > _MAX_NUMBER_TEXT:
            return None  # more digits than the reader takes (and than int() converts): the rdf: block keeps it
        if datatype == XSD + "integer" and _INTEGER.match(lexical):
            value = int(lexical)
        elif datatype == XSD + "decimal" and _DECIMAL.match(lexical):
            try:
                value = float(Decimal(lexical))
            except InvalidOperation:
                return None
        else:
            return None
    elif key.value == "year":
        value = int(term[1]) if term[2] == XSD + "gYear" and re.fullmatch(r"\d{4}", term[1]) else None
    elif key.value == "date_or_year":
        if term[2] == XSD + "date":
            try:
                value = dt.date.fromisoformat(term[1])
            except ValueError:
                return None
        elif term[2] == XSD + "gYear" and re.fullmatch(r"\d{4}", term[1]):
            value = int(term[1])
        else:
            return None
    elif key.value == "string":
        value = term[1] if term[2] == XSD + "string" else None
    elif key.value == "strength":
        value = int(term[1]) if term[2] == XSD + "integer" and re.fullmatch(r"-?[0-3]", term[1]) else None
    elif key.value in ("positive", "offset"):
        value = int(term[1]) if term[2] == XSD + "integer" and _INTEGER.match(term[1]) and len(term[1]) < 19 else None
    elif key.value == "share":
        value = float(Decimal(term[1])) if term[2] == XSD + "decimal" and _DECIMAL.match(term[1]) else None
    else:  # pragma: no cover
        raise AssertionError(key.value)
    if value is None:
        return None
    # Only claim the triple when the round trip is exact (e.g. "0120"^^xsd:integer is not).
    try:
        again = encode(key, value, lang="da", resolve=lambda i, k: i)
    except ValueError_:
        return None
    return value if again == [term] else None
