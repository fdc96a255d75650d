"""The words of ``stratalign diff``, in Danish and English (one table: the same keys in both).

The names of a target's direction and an initiative's status come from
:mod:`ontology.words`, so the diff says what the graph and the report say.

>>> WORDS["en"]["merged"], direction_word("https://w3id.org/stratalign#Increase", "da")
('merged', 'øge')
"""

from __future__ import annotations

from ontology import DIRECTION_WORDS, STATUS_WORDS, value_word

__all__ = ["WORDS", "direction_word", "status_word"]

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "stratalign: forskelle mellem to versioner",
        "plans": "Planer",
        "goals": "Mål",
        "initiatives": "Indsatser",
        "kept": "beholdt",
        "renamed": "omdøbt/erstattet",
        "label_change": "betegnelse ({lang}): «{old}» → «{new}»",
        "merged": "slået sammen",
        "added": "nyt",
        "dropped": "udgået",
        "moved": "flyttet",
        "changed": "ændrede måltal",
        "match_iri": "samme IRI",
        "match_id": "samme id",
        "match_text": "tekstlighed {score}",
        "match_indicator": "tekstlighed {score} og samme målepunkt",
        "match_only": "eneste vision",
        "moved_text": "flyttet fra {old} til {new}",
        "none": "–",
        "in_year": "i {year}",
        "value": "måltal for {indicator}: {old} → {new}",
        "year": "målår for {indicator}: {old} → {new}",
        "direction": "retning for {indicator}: {old} → {new}",
        "vaguer": "tallet {old} for {indicator} er erstattet af et mindre præcist mål: {new}",
        "vaguer_plain": "tallet {old} for {indicator} er erstattet af et mindre præcist mål uden tal",
        "sharper": "{indicator} har fået et måltal: {new}",
        "vaguer_text": "tallene i teksten ({old}) er væk",
        "target_added": "nyt måltal på {indicator}: {new}",
        "target_removed": "måltallet på {indicator} er udgået: {old}",
        "status": "status: {old} → {new}",
        "owner": "ejer: {old} → {new}",
        "end": "slut: {old} → {new}",
        "summary": "{kept} beholdt, {renamed} omdøbt, {merged} sammenlagte, {added} nye, {dropped} udgåede, {moved} flyttede, {changed} med ændrede måltal",
        "plans_summary": "{matched} genfundet, {added} nye, {dropped} udgåede",
        "old": "gammel",
        "new": "ny",
        "from": "fra",
        "match": "match",
        "changes": "ændringer",
        "nothing": "Ingen.",
        "no_evidence": "ingen kildehenvisning",
        "page_word": "s.",
    },
    "en": {
        "title": "stratalign: differences between two versions",
        "plans": "Plans",
        "goals": "Goals",
        "initiatives": "Initiatives",
        "kept": "kept",
        "renamed": "renamed/replaced",
        "label_change": "label ({lang}): «{old}» → «{new}»",
        "merged": "merged",
        "added": "added",
        "dropped": "dropped",
        "moved": "moved",
        "changed": "target changes",
        "match_iri": "same IRI",
        "match_id": "same id",
        "match_text": "text similarity {score}",
        "match_indicator": "text similarity {score} and same indicator",
        "match_only": "only vision",
        "moved_text": "moved from {old} to {new}",
        "none": "–",
        "in_year": "in {year}",
        "value": "target value for {indicator}: {old} → {new}",
        "year": "target year for {indicator}: {old} → {new}",
        "direction": "direction for {indicator}: {old} → {new}",
        "vaguer": "the number {old} for {indicator} is replaced by a vaguer aim: {new}",
        "vaguer_plain": "the number {old} for {indicator} is replaced by a vaguer aim without a number",
        "sharper": "{indicator} now has a target value: {new}",
        "vaguer_text": "the numbers in the text ({old}) are gone",
        "target_added": "new target on {indicator}: {new}",
        "target_removed": "the target on {indicator} is dropped: {old}",
        "status": "status: {old} → {new}",
        "owner": "owner: {old} → {new}",
        "end": "end: {old} → {new}",
        "summary": "{kept} kept, {renamed} renamed, {merged} merged, {added} added, {dropped} dropped, {moved} moved, {changed} with target changes",
        "plans_summary": "{matched} matched, {added} added, {dropped} dropped",
        "old": "old",
        "new": "new",
        "from": "from",
        "match": "match",
        "changes": "changes",
        "nothing": "None.",
        "no_evidence": "no evidence",
        "page_word": "p.",
    },
}


def direction_word(iri: str, lang: str) -> str | None:
    """A target's ``sa:direction`` in ``lang`` (None for an IRI outside the vocabulary)."""
    return value_word(DIRECTION_WORDS, iri, lang)


def status_word(iri: str, lang: str) -> str | None:
    """An element's ``sa:status`` in ``lang`` (None for an IRI outside the vocabulary)."""
    return value_word(STATUS_WORDS, iri, lang)
