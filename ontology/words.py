"""The words of the first stage: how the model's own values are named to a reader.

One term per concept and language, so the graph, the diff and the report say the same
(the graph said "i gang"/"aflyst" where the diff said "igangværende"/"annulleret"; the
spreadsheet's column help and the loaders' Danish vocabulary use the latter, so those won).
The loaders accept more Danish spellings on input (:data:`ontology.loaders.values.ENUM_ALIASES`);
output always uses these.

>>> STATUS_WORDS["da"]["cancelled"], STATUS_WORDS["en"]["ongoing"]
('annulleret', 'ongoing')
"""
from __future__ import annotations

from .namespaces import SA

__all__ = ["STATUS_WORDS", "DIRECTION_WORDS", "value_word"]

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
    local = iri[len(SA):] if iri.startswith(SA) else ""
    # The vocabulary's values are capitalised (sa:Ongoing); sa:ongoing is not one of them.
    return table[lang].get(local.lower()) if local and local == local.capitalize() else None
