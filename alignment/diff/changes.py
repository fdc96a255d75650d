"""What changed between an old element and the new one it was matched with: its targets
(value, year, direction, a number replaced by a vaguer aim, added, removed), the numbers in
its text, and its status, owners and end.

>>> from decimal import Decimal
>>> number_text(Decimal("120000.0")), target_text(Target("t", None, Decimal("5"), "2030"), "en")
('120000', '5 in 2030')
"""

from __future__ import annotations

import re
from decimal import Decimal

from .result import Change
from .versions import Element, Target, Version
from .words import WORDS, direction_word, status_word

__all__ = ["fact_changes", "number_text", "target_changes", "target_text"]

_NUMBER = re.compile(r"\d[\d.,]*\d|\d")


def number_text(value: Decimal | None) -> str:
    """A target value as written: no exponent, no trailing zeros on a whole number."""
    if value is None:
        return "–"
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _direction(iri: str, lang: str) -> str:
    return direction_word(iri, lang) or iri


def target_text(target: Target, lang: str) -> str:
    """A target in a few words: value, year, (direction), «description»; a dash when it has none."""
    parts = []
    if target.value is not None:
        parts.append(number_text(target.value))
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
        old = number_text(target.value)
        text = (
            w["vaguer"].format(old=old, indicator=indicator, new=f"«{words}»")
            if words
            else w["vaguer_plain"].format(old=old, indicator=indicator)
        )
        changes.append(Change("vaguer", text, indicator, old, words))
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
        old, new = number_text(target.value), number_text(other.value)
        changes.append(Change("value", w["value"].format(indicator=indicator, old=old, new=new), indicator, old, new))
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


def target_changes(
    old: Element, new: Element, old_v: Version, new_v: Version, indicator_map: dict[str, str], lang: str
) -> list[Change]:
    """Each old target found again on the mapped indicator (same year, else same value, else the first)
    and what changed; old targets not found are removed, new ones left over added. Numbers in the
    old text that the new text lacks are a vaguer text."""
    w = WORDS[lang]
    changes: list[Change] = []
    remaining = list(new.targets)
    for target in old.targets:
        mapped = indicator_map.get(target.indicator or "")
        candidates = [t for t in remaining if mapped and t.indicator == mapped]
        if not candidates:
            indicator = old_v.label(target.indicator) if target.indicator else "–"
            text = target_text(target, lang)
            changes.append(
                Change("target-removed", w["target_removed"].format(indicator=indicator, old=text), indicator, text)
            )
            continue
        other = next((t for t in candidates if t.year == target.year), None) or next(
            (t for t in candidates if t.value == target.value), candidates[0]
        )
        remaining.remove(other)
        changes += _pair_changes(target, other, new_v.label(other.indicator) if other.indicator else "–", lang)
    for other in remaining:
        indicator = new_v.label(other.indicator) if other.indicator else "–"
        text = target_text(other, lang)
        changes.append(
            Change("target-added", w["target_added"].format(indicator=indicator, new=text), indicator, None, text)
        )
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
