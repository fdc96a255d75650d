"""What changed between an old element and the new one it was matched with: its targets
(value, year, direction, a number replaced by a vaguer aim, added, removed), the numbers in
its text, and its status, owners and end.

Numbers are written in the language's style for a reader (the messages), and plain in the
``old``/``new`` fields the JSON carries; years stay as written.

>>> from decimal import Decimal
>>> number_text(Decimal("120000.0")), number_text(Decimal("1234.50"), "da"), number_text(Decimal("1234.5"), "en")
('120000', '1.234,5', '1,234.5')
>>> target_text(Target("t", None, Decimal("5000"), "2030"), "da"), target_text(Target("t", None, Decimal("5000")), "en", plain=True)
('5.000 i 2030', '5000')
"""

from __future__ import annotations

import re
from decimal import Decimal

from ontology import format_number

from .result import Change
from .versions import Element, Target, Version
from .words import WORDS, direction_word, status_word

__all__ = ["fact_changes", "number_text", "target_changes", "target_text"]

#: A number standing as its own word: "CO2", "PM2,5" and "5G" are names, not numbers a text set (a goal renamed
#: from "Mindre CO2-udledning" said its numbers (2) were gone). Each run of digits is tried from its start only.
_NUMBER = re.compile(r"(?<![^\W_])(?:\d[\d.,]*\d|\d)(?![^\W_])")


def number_text(value: Decimal | None, lang: str | None = None) -> str:
    """A target value as written: no exponent, no trailing zeros on a whole number; in ``lang``'s
    number style (:func:`ontology.format_number`, as analyze writes numbers) when given, plain without."""
    if value is None:
        return "–"
    plain = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return format_number(plain, lang) if lang else plain


def _direction(iri: str, lang: str) -> str:
    return direction_word(iri, lang) or iri


def target_text(target: Target, lang: str, *, plain: bool = False) -> str:
    """A target in a few words: value, year, (direction), «description»; a dash when it has none.
    The value in ``lang``'s number style, or ``plain`` (for the JSON's fields); the year as written."""
    parts = []
    if target.value is not None:
        parts.append(number_text(target.value, None if plain else lang))
    if target.year:
        parts.append(WORDS[lang]["in_year"].format(year=target.year))
    if target.direction:
        parts.append(f"({_direction(target.direction, lang)})")
    words = target.description(lang)
    if words:
        parts.append(f"«{words}»")
    return " ".join(parts) or "–"


def _pair_changes(target: Target, other: Target, indicator: str, lang: str) -> list[Change]:
    """The changes from ``target`` to the ``other`` it became (on the same indicator)."""
    w = WORDS[lang]
    changes: list[Change] = []
    if target.value is not None and other.value is None:
        words = other.description(lang)
        shown = number_text(target.value, lang)
        text = (
            w["vaguer"].format(old=shown, indicator=indicator, new=f"«{words}»")
            if words
            else w["vaguer_plain"].format(old=shown, indicator=indicator)
        )
        changes.append(Change("vaguer", text, indicator, number_text(target.value), words))
    elif target.value is None and other.value is not None:
        changes.append(
            Change(
                "sharper",
                w["sharper"].format(indicator=indicator, new=target_text(other, lang)),
                indicator,
                None,
                number_text(other.value),
            )
        )
    elif target.value != other.value:
        text = w["value"].format(
            indicator=indicator, old=number_text(target.value, lang), new=number_text(other.value, lang)
        )
        changes.append(Change("value", text, indicator, number_text(target.value), number_text(other.value)))
    if target.year != other.year:
        changes.append(
            Change(
                "year",
                w["year"].format(indicator=indicator, old=target.year or "–", new=other.year or "–"),
                indicator,
                target.year,
                other.year,
            )
        )
    if target.direction != other.direction:
        old_d = _direction(target.direction, lang) if target.direction else "–"
        new_d = _direction(other.direction, lang) if other.direction else "–"
        changes.append(
            Change(
                "direction", w["direction"].format(indicator=indicator, old=old_d, new=new_d), indicator, old_d, new_d
            )
        )
    return changes


def _same_year_and_value(a: Target, b: Target) -> bool:
    return a.year == b.year and a.value == b.value


def _same_year(a: Target, b: Target) -> bool:
    return a.year == b.year


def _same_value(a: Target, b: Target) -> bool:
    return a.value == b.value


def _any(a: Target, b: Target) -> bool:
    return True


def target_changes(
    old: Element, new: Element, old_v: Version, new_v: Version, indicator_map: dict[str, str], lang: str
) -> list[Change]:
    """Each old target found again on the mapped indicator (same year, else same value, else the first)
    and what changed; old targets not found are removed, new ones left over added. Numbers in the
    old text that the new text lacks are a vaguer text."""
    w = WORDS[lang]
    changes: list[Change] = []
    remaining = list(new.targets)
    # Pair over all targets, surest first: the same year and value, the same year, the same value, any on the
    # indicator. One old target at a time took the first by value, so dropping 120.000 (2025) beside an
    # unchanged 120.000 (2030) read as "2025 → 2030" and "120.000 (2030) dropped".
    paired: dict[int, Target] = {}
    for alike in (_same_year_and_value, _same_year, _same_value, _any):
        for k, target in enumerate(old.targets):
            mapped = indicator_map.get(target.indicator or "")
            if k in paired or not mapped:
                continue
            other = next((t for t in remaining if t.indicator == mapped and alike(target, t)), None)
            if other is not None:
                paired[k] = other
                remaining.remove(other)
    for k, target in enumerate(old.targets):
        other = paired.get(k)
        if other is None:
            indicator = old_v.label(target.indicator) if target.indicator else "–"
            text = w["target_removed"].format(indicator=indicator, old=target_text(target, lang))
            changes.append(Change("target-removed", text, indicator, target_text(target, lang, plain=True)))
            continue
        changes += _pair_changes(target, other, new_v.label(other.indicator) if other.indicator else "–", lang)
    for other in remaining:
        indicator = new_v.label(other.indicator) if other.indicator else "–"
        text = w["target_added"].format(indicator=indicator, new=target_text(other, lang))
        changes.append(Change("target-added", text, indicator, None, target_text(other, lang, plain=True)))
    # the numbers of a text are quoted as its author wrote them ("50.000", "2020"), not restyled
    numbers_old = _NUMBER.findall(old.texts.get(lang, old.text))
    if numbers_old and not _NUMBER.findall(new.texts.get(lang, new.text)):
        text = ", ".join(numbers_old)
        changes.append(Change("vaguer-text", w["vaguer_text"].format(old=text), None, text, None))
    return changes


def fact_changes(old: Element, new: Element, lang: str) -> list[Change]:
    """A changed status, owners, or end (an end only when both versions give one)."""
    w = WORDS[lang]
    out = []
    if old.status != new.status and (old.status or new.status):
        a = (status_word(old.status, lang) if old.status else None) or "–"
        b = (status_word(new.status, lang) if new.status else None) or "–"
        out.append(Change("status", w["status"].format(old=a, new=b), None, a, b))
    if old.owners != new.owners and (old.owners or new.owners):
        a, b = ", ".join(sorted(old.owners)) or "–", ", ".join(sorted(new.owners)) or "–"
        out.append(Change("owner", w["owner"].format(old=a, new=b), None, a, b))
    if old.end != new.end and old.end and new.end:
        out.append(Change("end", w["end"].format(old=old.end, new=new.end), None, old.end, new.end))
    return out
