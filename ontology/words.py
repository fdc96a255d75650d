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

__all__ = ["STATUS_WORDS", "DIRECTION_WORDS"]

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
