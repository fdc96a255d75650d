"""Danish compound splitting over a shipped lexicon of parts (``compound_parts.txt``).

Danish writes compounds as one word: ``boligbyggeri`` is *bolig* + *byggeri*,
``turistovernatninger`` is *turist* + *overnatning* with a plural ending, and
``vindmølleindustrien`` is *vindmølle* + *industri* with the definite ending.
:func:`split_compound` finds the split with the fewest parts by dynamic
programming over the word's positions: each step looks up the next part in a
set, so a word of ``n`` letters costs at most ``n`` × (longest part) look-ups
(never a backtracking regex). Between two parts a linking ``s`` or ``e`` is
allowed; the last part may carry an inflection ending. The head of a compound is
its last part.

>>> split_compound("boligbyggeri")
('bolig', 'byggeri')
>>> split_compound("turistovernatninger")
('turist', 'overnatning')
>>> split_compound("vindmølleindustrien")
('vindmølle', 'industri')
>>> split_compound("kontanthjælpsmodtagere")
('kontanthjælp', 'modtager')
>>> split_compound("bolig"), split_compound("xyzzy")
((), ())
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["COMPOUND_PARTS", "split_compound", "compound_head"]


def _read_parts() -> frozenset[str]:
    text = resources.files(__package__).joinpath("compound_parts.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


#: The parts a compound may be split into (base forms).
COMPOUND_PARTS: frozenset[str] = _read_parts()
_LONGEST = max(map(len, COMPOUND_PARTS))
#: The shortest part: two-letter parts ("by") are in the lexicon but only ever as a whole entry.
_MIN_PART = 2
#: Inflection endings the last part may carry (plural, definite, genitive), longest first.
_ENDINGS = (
    "ernes",
    "erne",
    "rnes",
    "rne",
    "ene",
    "ens",
    "ers",
    "er",
    "en",
    "et",
    "es",
    "ne",
    "ns",
    "e",
    "r",
    "s",
    "n",
    "",
)
#: Endings after a doubled final consonant: "trafikken", "busserne".
_DOUBLED_ENDINGS = frozenset(("en", "et", "er", "erne", "ene", "e"))
#: Letters of a word that are split; longer words are left whole (no real compound has 60 letters).
_MAX_WORD = 60


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of ``word`` (two or more base forms from the lexicon), or ``()`` when it is no known compound.

    Of the splits with the fewest parts, the one whose last part is longest wins.
    """
    n = len(word)
    if n < 5 or n > _MAX_WORD or not word.isalnum() or _is_whole_entry(word):
        return ()
    # best[i]: the fewest parts covering word[:i] ending at a part boundary (linking letter consumed), with back-pointer
    inf = n + 1
    best = [inf] * (n + 1)
    back: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = 0
    finals: list[tuple[int, int, str]] = []  # (parts, -len(last), last) for complete splits
    for i in range(n):
        if best[i] >= inf:
            continue
        for j in range(i + _MIN_PART, min(n, i + _LONGEST) + 1):
            part = word[i:j]
            if part not in COMPOUND_PARTS:
                continue
            count = best[i] + 1
            if count >= 2 and _is_ending(word, j):
                finals.append((count, -len(part), part))
            for k in (j, j + 1):  # no linking letter, or a linking s/e
                if k > n or (k == j + 1 and word[j] not in "se"):
                    continue
                if k < n and count < best[k]:
                    best[k] = count
                    back[k] = (i, part)
    if not finals:
        return ()
    count, _, last = min(finals)
    start = _final_start(word, last, best, count)
    if start is None:
        return ()
    parts = [last]
    at = start
    while at > 0:
        step = back[at]
        if step is None:
            return ()
        prev, part = step
        parts.append(part)
        at = prev
    return tuple(reversed(parts))


def _is_ending(word: str, j: int) -> bool:
    """Whether ``word[j:]`` is an inflection ending, also after a doubled consonant (trafik → trafikken)."""
    rest = word[j:]
    if rest in _ENDINGS:
        return True
    return len(rest) > 1 and rest[0] == word[j - 1] and rest[1:] in _DOUBLED_ENDINGS


def _is_whole_entry(word: str) -> bool:
    """Whether the word is one lexicon entry with an ending ("landsbyerne" is *landsby*, not *land* + *by*)."""
    return any(word[:j] in COMPOUND_PARTS and _is_ending(word, j) for j in range(max(1, len(word) - 5), len(word) + 1))


def _final_start(word: str, last: str, best: list[int], count: int) -> int | None:
    """Where the chosen last part starts: a boundary reached with ``count - 1`` parts."""
    for start in range(len(word) - len(last), 0, -1):
        if word.startswith(last, start) and _is_ending(word, start + len(last)) and best[start] == count - 1:
            return start
    return None


def compound_head(word: str) -> str | None:
    """The head (last part) of a compound, or None.

    >>> compound_head("boligbyggeriet")
    'byggeri'
    """
    parts = split_compound(word)
    return parts[-1] if parts else None
