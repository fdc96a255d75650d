"""The lexical spaces of the XSD datatypes the analysis reads as numbers and dates.

RDF keeps an ill-typed literal ("1_000"^^xsd:integer) as a term with no value. Oxigraph,
and so the analysis, see no value in it; rdflib reads its lexical form with Python's
``int()``, ``Decimal()`` and ``float()``, which take ``1_000``, `` 42 ``, ``٣``
(Arabic-Indic three) and ``NaN``/``Infinity`` as decimals. One table of the XSD 1.1
lexical spaces (ASCII digits, no whitespace), so that the rdflib store and validation
see the same values as Oxigraph; ``shapes.ttl`` states the same patterns for any SHACL
engine (a test keeps the two equal). No pattern has nested repetition: each match is
linear in the length of the text.

>>> well_formed("1_000", XSD + "integer"), well_formed("-0", XSD + "integer"), well_formed("INF", XSD + "double")
(False, True, True)
>>> well_formed("2025", XSD + "gYear"), well_formed("2025 ", XSD + "gYear"), well_formed("x", XSD + "string")
(True, False, True)
"""

from __future__ import annotations

import re

__all__ = ["XSD", "LEXICAL_SPACES", "well_formed"]

XSD = "http://www.w3.org/2001/XMLSchema#"

_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_ZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"

#: datatype IRI → its lexical space as a regular expression matched against the whole text.
#: xsd:date's calendar (2025-02-30) is left to the date converter; the form is checked here.
LEXICAL_SPACES: dict[str, str] = {
    XSD + "integer": r"[+-]?[0-9]+",
    XSD + "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    XSD + "double": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD + "gYear": _YEAR + _ZONE,
    XSD + "date": _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _ZONE,
}

# re.ASCII: no other script's digits; fullmatch: "$" would also match before a final line break
_MATCHERS = {datatype: re.compile(pattern, re.ASCII).fullmatch for datatype, pattern in LEXICAL_SPACES.items()}


def well_formed(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is in the lexical space of ``datatype`` (True for a datatype not in the table)."""
    match = _MATCHERS.get(datatype)
    return match is None or match(lexical) is not None
