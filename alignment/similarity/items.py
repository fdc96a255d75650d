"""The items compared and the pairs found: :class:`TextItem` and :class:`SimilarPair`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextItem:
    """A text to compare: a goal or an initiative with its label(s).

    ``key`` is the item's IRI. ``groups`` holds the IRIs of the plans that
    contain it.

    >>> TextItem("ex:g1", "10.000 studerende", frozenset({"ex:vision2020"})).key
    'ex:g1'
    """

    key: str
    text: str
    groups: frozenset[str]

    def __reduce__(self) -> tuple[type, tuple[str, str, frozenset[str]]]:
        # A tuple per item rather than a dict: a worker's input pickles in half the size and time.
        return TextItem, (self.key, self.text, self.groups)


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two similar items, with ``a < b`` and the score rounded to 3 decimals.

    >>> SimilarPair("ex:a", "ex:b", 0.812)
    SimilarPair(a='ex:a', b='ex:b', score=0.812)
    """

    a: str
    b: str
    score: float
