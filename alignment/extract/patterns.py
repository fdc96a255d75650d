"""What a sentence of a strategy says, by token scanning (no regular expressions on document text).

Every function is linear in its text: sentences are cut with one pass over the characters, and
numbers, years and words are read from the split tokens.

>>> target_of("Målet er, at 25 virksomheder skal påbegynde vækstforløb i 2014.")
Target(value=25, year=2014, direction='increase', unit='virksomheder')
>>> target_of("Målet er 150 færre Horsens-borgere på offentlig forsørgelse.")
Target(value=150, year=None, direction='decrease', unit='Horsens-borgere')
>>> target_of("120.000 borgere i 2020")
Target(value=120000, year=2020, direction='increase', unit='borgere')
>>> target_of("Ledigheden skal falde fra 5 % til 3 % i 2030.")
Target(value=3, year=2030, direction='decrease', unit='%')
>>> target_of("CO2-udledningen skal nedbringes med 70 procent inden 2030.") is None  # a change, not a level
True
>>> target_of("Sygefraværet må højst være 4,5 % i 2026."), target_of("Antallet af trafikdræbte skal være 0 i 2030.")
(Target(value=4.5, year=2026, direction='decrease', unit='%'), Target(value=0, year=2030, direction='decrease', unit=''))
>>> target_of("Ledigheden må ikke stige over 5 % frem mod 2028.").direction
'decrease'
>>> target_of("Der skal være mindst 2.000 arbejdspladser mere i 2030 end i 2020.") is None
True
>>> target_of("Andelen skal øges fra 23,9 pct. i 2022 til 26 pct. i 2025 og til 30 pct. i 2030.")
Target(value=26, year=2025, direction='increase', unit='%')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Target", "sentences", "goal_cue", "activity_cue", "target_of", "delegated_to", "list_kind", "danish_share"]

_SENTENCE_END = ".!?"
_PUNCT = ".,;:!?()«»\"'–—"

#: Openings that state a goal, with the confidence extract gives it.
_GOAL_OPENINGS = (
    ("målet er", 0.9),
    ("målene er", 0.9),
    ("målsætningen er", 0.9),
    ("visionen er", 0.8),
    ("vi vil", 0.75),
    ("ambitionen er", 0.85),
)
_INCREASE = (
    "flere",
    "øge",
    "øges",
    "øget",
    "mere",
    "fordoble",
    "fordobles",
    "vækst",
    "påbegynde",
    "styrke",
    "op",
    "forøge",
    "stige",
    "udbygge",
)
_DECREASE = (
    "færre",
    "mindre",
    "reducere",
    "reduceres",
    "nedbringe",
    "nedbringes",
    "halvere",
    "halveres",
    "sænke",
    "mindske",
    "ned",
)
_MAINTAIN = ("fastholde", "fastholdes", "bevare", "bevares")
#: Words just before the number that make it a ceiling ("under 10 %", "højst 4,5 %"): the level is to stay below.
_AT_MOST = ("under", "højst", "højest", "maksimalt", "maks", "max")
#: Words before the number that make it a ceiling when the sentence says "ikke" ("ikke stige over 5 %").
_OVER = ("over", "overstige", "overstiger", "overskride", "overskrider")
#: Comparatives after the number that, with "end" later, make it a change from a time ("2.000 flere … end i 2020").
_COMPARATIVES = ("mere", "flere", "færre", "mindre")
#: Words before a year that make it the target's year ("i 2020", "frem mod 2025", "inden 2030").
_YEAR_WORDS = ("i", "mod", "inden", "senest", "år", "til", "fra", "by", "in")
#: Common words of Danish and of English (the language check: how much of a text is which).
DANISH_WORDS = frozenset(
    "og i at er det en til på der med af for ikke som de vi den skal har vil et kan fra om så også".split()
    + "mål målet kommune kommunen borgere flere skal være vores alle".split()
)
ENGLISH_WORDS = frozenset(
    "the and of to in is that for it with as be on by this are we will our an from at or more".split()
)
#: Headings over lists, by what the listed items are (the first word that fits decides).
_LIST_HEADINGS = (
    ("indsatsområde", "focus_area"),
    ("fokusområde", "focus_area"),
    ("vækstskaber", "focus_area"),
    ("satsning", "focus_area"),
    ("tema", "focus_area"),
    ("indsats", "initiative"),
    ("projekt", "initiative"),
    ("initiativ", "initiative"),
    ("handling", "initiative"),
    ("ambition", "goal"),
    ("målsætning", "goal"),
    ("mål", "goal"),
)


@dataclass(frozen=True)
class Target:
    value: int | float
    year: int | None
    direction: str
    unit: str


def sentences(text: str) -> list[str]:
    """The text cut into sentences: at . ! ? followed by a space and a capital letter or a digit
    (so "120.000", "pct. af" and "hhv. september" stay whole). One pass over the characters.

    >>> sentences("Målet er 120.000 borgere. Vi vil 10 pct. af alle. Flere!")
    ['Målet er 120.000 borgere.', 'Vi vil 10 pct. af alle.', 'Flere!']
    """
    out, start, n = [], 0, len(text)
    for i, char in enumerate(text):
        if char in _SENTENCE_END and i + 2 < n and text[i + 1] == " " and (text[i + 2].isupper() or text[i + 2] == "«"):
            out.append(text[start : i + 1].strip())
            start = i + 2
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return [s for s in out if s]


def _words(text: str) -> list[str]:
    return [w.strip(_PUNCT) for w in text.split()]


def goal_cue(sentence: str) -> float:
    """How surely the sentence states a goal (0: it does not): its opening, or "skal" as a verb of intent.

    >>> goal_cue("Målet er, at 25 virksomheder skal påbegynde vækstforløb i 2014."), goal_cue("Der skal afholdes en konference.")
    (0.9, 0.0)
    """
    lowered = sentence.casefold()
    for opening, confidence in _GOAL_OPENINGS:
        if lowered.startswith(opening + " ") or lowered.startswith(opening + ","):
            return confidence
    if " målet er " in lowered or ", hvor målet er" in lowered:
        return 0.8
    words = [w.casefold() for w in _words(sentence)]
    if activity_cue(sentence) or (words and words[0] in ("hvis", "når", "hver", "som")):
        return 0.0
    if "skal" in words:
        return 0.7
    return 0.0


def activity_cue(sentence: str) -> bool:
    """Whether the sentence states an activity: "Der skal afholdes/etableres …" (a passive verb after "Der skal").

    >>> activity_cue("Der skal afholdes en industrikonference i 2015."), activity_cue("Der skal være plads.")
    (True, False)
    """
    words = [w.casefold() for w in _words(sentence)]
    return (
        len(words) > 2 and words[0] == "der" and words[1] == "skal" and words[2].endswith("es") and words[2] != "lægges"
    )


def _number(word: str) -> int | float | None:
    """A Danish number: 25, 120.000 (thousands with dots), 5,9 (decimal comma); None for anything else."""
    if not word or not word[0].isdigit():
        return None
    if "." in word:
        groups = word.split(".")
        if all(g.isdigit() for g in groups) and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            return int("".join(groups))
        return None
    if "," in word:
        whole, _, part = word.partition(",")
        return float(f"{whole}.{part}") if whole.isdigit() and part.isdigit() else None
    return int(word) if word.isdigit() else None


def _year(word: str) -> int | None:
    return int(word) if len(word) == 4 and word.isdigit() and 1990 <= int(word) <= 2100 else None


def target_of(sentence: str) -> Target | None:
    """The target a goal sentence sets: its first number that is not a year (with the word after it as the
    unit), the year after "i"/"mod"/"inden" …, and the direction its words give (default increase).
    None when it gives no number. "2011-2013" and "95/60/25" are no numbers.
    """
    words = _words(sentence)
    lowered = [w.casefold() for w in words]
    value: int | float | None = None
    unit = ""
    year: int | None = None
    at = -1
    from_to: str | None = None  # the direction of "fra A til B", which the two numbers give
    for i, word in enumerate(words):
        if year is None and from_to is None and _year(word) is not None and i > 0 and lowered[i - 1] in _YEAR_WORDS:
            year = _year(word)
            continue
        if value is None and _year(word) is None:
            found = _number(word)
            if found is not None and i > 0 and lowered[i - 1] == "med":
                # "nedbringes med 70 procent": a change by 70 % of the starting point, not a level of 70 %,
                # which a draft cannot state without the baseline: no target rather than a wrong one
                continue
            if found is not None:
                value, at = found, i
                goal = _to_number(words, lowered, i) if lowered[i - 1 : i] == ["fra"] else None
                if goal is not None:  # "fra 5 % til 3 %": the level aimed at is the second number
                    start, value, i = found, goal[0], goal[1]
                    from_to = "decrease" if value < start else "increase" if value > start else "maintain"
                    # "fra 23,9 pct. i 2022 til 26 pct. i 2025": the year of the first number is the
                    # baseline's; the target's is the one after the second, if any
                    year = next(
                        (
                            y
                            for m in range(i + 1, len(words))
                            if (y := _year(words[m])) is not None and lowered[m - 1] in _YEAR_WORDS
                        ),
                        None,
                    )
                skip = i + 2 if i + 1 < len(words) and lowered[i + 1] in (*_DECREASE, *_INCREASE) else i + 1
                following = words[skip] if skip < len(words) else ""
                unit = "%" if following in ("%", "pct") or following.casefold() == "procent" else following
                if unit.casefold() in (*_YEAR_WORDS, "frem", "af", "på", "og"):
                    unit = ""  # "fastholdes på 400.000 frem mod 2030": no unit
    if value is None:
        return None
    if from_to is not None:
        return Target(value, year, from_to, unit)
    after = lowered[at + 1 : at + 4]
    if any(w in _COMPARATIVES for w in after) and "end" in lowered[at + 1 :]:
        # "2.000 arbejdspladser mere i 2030 end i 2020": a change from a starting point the sentence does
        # not give, not a level of 2.000 (as "med 70 procent": no target rather than a wrong one)
        return None
    before = lowered[max(0, at - 3) : at]
    if any(w in _AT_MOST for w in before) or (any(w in _OVER for w in before) and "ikke" in lowered[:at]):
        return Target(value, year, "decrease", unit)  # a ceiling: "under 10 %", "ikke stige over 5 %"
    direction = "increase"
    for w in lowered:
        if w in _DECREASE:
            direction = "decrease"
            break
        if w in _MAINTAIN:
            direction = "maintain"
            break
    if at > 0 and lowered[at - 1] in _DECREASE:
        direction = "decrease"
    if value == 0 and direction == "increase" and not any(w in _INCREASE for w in lowered):
        direction = "decrease"  # "0 trafikdræbte i 2030": nothing to increase to
    return Target(value, year, direction, unit)


def _to_number(words: list[str], lowered: list[str], i: int) -> tuple[int | float, int] | None:
    """After "fra A" at ``i``: B of "til B" within the next five words (A's unit and year between: "fra 23,9
    pct. i 2022 til 26 pct."), and B's index."""
    for k in range(i + 1, min(i + 6, len(words) - 1)):
        if lowered[k] == "til":
            found = _number(words[k + 1])
            return (found, k + 1) if found is not None and _year(words[k + 1]) is None else None
    return None


def delegated_to(text: str) -> str | None:
    """The body named as doing the work: "udmøntes i Teknik og Miljøudvalgets regi" → "Teknik og Miljøudvalget",
    "i regi af KOMBIT" → "KOMBIT". None when the text names none.

    >>> delegated_to("3. Udvikling af Midtbyen (udmøntes i Teknik og Miljøudvalgets regi)")
    'Teknik og Miljøudvalget'
    """
    words = text.replace("(", " ").replace(")", " ").split()
    lowered = [w.casefold().strip(_PUNCT) for w in words]
    if "regi" not in lowered:
        return None
    at = lowered.index("regi")
    if at + 1 < len(words) and lowered[at + 1] == "af":  # i regi af X
        name = []
        for w in words[at + 2 :]:
            name.append(w.strip(_PUNCT))
            if w[-1:] in _PUNCT:
                break
        return " ".join(n for n in name if n) or None
    start = at - 1
    while start >= 0 and lowered[start] != "i":
        start -= 1
    if start < 0 or start == at - 1:
        return None
    name = [w.strip(_PUNCT) for w in words[start + 1 : at]]
    if name and name[-1].endswith("s") and len(name[-1]) > 3:
        name[-1] = name[-1][:-1]  # the genitive: Teknik og Miljøudvalgets → … Miljøudvalget
    return " ".join(name) or None


def list_kind(heading: str) -> str | None:
    """What the items under a heading are: goal, focus_area or initiative (None: the heading says nothing).

    >>> list_kind("Indsatsområder"), list_kind("Nogle af de centrale ambitioner"), list_kind("Baggrund")
    ('focus_area', 'goal', None)
    """
    for word in (w.casefold() for w in _words(heading)):
        for stem, kind in _LIST_HEADINGS:
            if word.startswith(stem):
                return kind
    return None


def danish_share(text: str) -> tuple[float, float, int]:
    """(Danish share, English share, words): how many of the text's words are common Danish or English words."""
    words = [w.casefold() for w in _words(text) if w]
    if not words:
        return 0.0, 0.0, 0
    da = sum(w in DANISH_WORDS for w in words) / len(words)
    en = sum(w in ENGLISH_WORDS for w in words) / len(words)
    return da, en, len(words)
