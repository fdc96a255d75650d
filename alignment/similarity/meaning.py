"""Meaning checks on top of the cosine: content heads must align, directions and negation must agree.

Word overlap alone pairs "Flere nye boliger i landsbyerne" with "Flere nye
arbejdspladser i landsbyerne" (a shared frame) and "Bevare de grønne arealer"
with "Flere grønne arealer" (one subject, two aims). This module reads each text
as its *subject units* (content words after the frame words are set aside; a
compound counts as its parts: *boligbyggeri* is *bolig* + *byggeri*), its
direction (øge / mindske / bevare, from the thesaurus) and its negation
("ikke", "uden", "hverken"). Two texts are then compared:

* opposite directions (after negation and ``sa:oppositeDirectionOf`` flips), or
  one negated text against its positive twin: never a duplicate (score 0). A
  creation (etablering, oprettelse) is an increase, so it is the opposite of a
  closure (lukning, nedlæggelse, afvikling); a negated change ("skal ikke
  udvides", "skal ikke ændres") says no, also against a text without a
  direction word ("Nye cykelstier"); only a compound's head says a direction
  ("byggeaffald" is no increase);
* a capitalised common noun right after a capitalised word is a head, not a name
  ("Ribe *Station*" | "Ribe *Skole*" are two subjects);
* each side has a subject unit the other side lacks (a swapped head): the score
  is multiplied by :data:`SWAP_FACTOR`; a narrower term against its broader one
  with a different modifier ("mental sundhed" | "tandsundhed") counts as swapped;
  the population in general ("borgere") over on one side only is no subject;
* every subject unit of both sides aligns (same stem, thesaurus synonym, broader
  term, or compound part), and the numbers of one text are among the other's: the
  score is at least :data:`ALIGNED_FLOOR`.

:func:`explain` says which words matched and through which thesaurus entry.

>>> t = shipped_thesaurus()
>>> adjust(0.6, "Flere nye boliger i landsbyerne", "Flere nye arbejdspladser i landsbyerne", t) < 0.6
True
>>> adjust(0.6, "Bevare de grønne arealer", "Flere grønne arealer", t)
0.0
>>> [m["via"] for m in explain("Sygefraværet blandt medarbejdere", "Sygefravær blandt ansatte", t)]
['sygefravær', 'medarbejder']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .compounds import COMPOUND_PARTS, split_compound
from .lexicon import _NEGATORS, BACKGROUND_DF, DANISH_STOP_WORDS, NUMBER_WORDS, _stem, normalize
from .thesaurus import SAT, Thesaurus, shipped_thesaurus

__all__ = ["ALIGNED_FLOOR", "FRAME_WORDS", "SWAP_FACTOR", "adjust", "explain", "analyse_meaning"]

#: A pair with a swapped subject keeps this share of its cosine (tuned on the dev half of
#: tests/data/similarity/pairs.csv, see benchmarks/similarity_eval.py).
SWAP_FACTOR = 0.6
#: ... and this share when the swapped units are both texts' first subject units (the head of the
#: goal's phrase: "Flere nye *boliger* i landsbyerne" / "Flere nye *arbejdspladser* i landsbyerne").
HEAD_SWAP_FACTOR = 0.4
#: A pair whose subject units all align scores at least this.
ALIGNED_FLOOR = 0.55
#: A text with more subject units than this is compared by its cosine alone (a paragraph, not a goal).
MAX_UNITS = 24

#: Words that frame a goal rather than name its subject (besides the background words that are no thesaurus term).
FRAME_WORDS: frozenset[str] = frozenset(
    """
    vi skal have være blive gøre give bruge brug bruger får få sætte sættes
    kunne kan ønske ønsker arbejde arbejder arbejdes målrettet målet mål
    etablere etableres etablering oprette oprettes oprettelse udbygge udbygges udbygning anlæg anlægge
    styrke styrkes styrket sikre sikres skabe skabes bedre god gode ny nye nyt antal antallet andel andelen
    år årlig årligt hvert fokus indsats indsatser rammer optimale muligheder attraktiv attraktive
    understøtte fremme samlet sammen fælles høj stærk aktiv adgang mindst inden frem mod gennem hele
    både mest førende markant bidrage videreudvikle videreudvikling muligt så dygtige dygtig
    pct procent personer alle kommune kommunen kommunens kommunal kommunale kommunalt byens byen
    tættere forbinde tilbud om senest foran prioriterer prioritere innovative innovativ hos
    projekt udarbejde udarbejdes udarbejdelse indføre indføres indførelse tage vælge vælger sikring
    tid hurtig hurtigt hurtigere fuld udvikling udvikle udvikles opsætning opsætte opsættes
    omlægning omlægge omlægges udlægning udlægge udlægges forløb
    udbredelse udbrede udbredes skaffe skaffes lettere søge søger søges føle føler vokse vokser
    svært henvende henvender
    """.split()
)

_NUMBERISH = frozenset(NUMBER_WORDS)
_PART_STEMS = frozenset(_stem(p) for p in COMPOUND_PARTS)
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Unit:
    word: str  # as written (the token, or a compound part)
    stems: frozenset[str]  # its stem
    concepts: frozenset[str]  # its thesaurus concept
    proper: bool = False  # a name (capitalised inside the text): it may align but never counts as missing
    #: a one-word thesaurus term's compound parts (co2|udledning): they may absorb a unit of the other text
    parts: tuple[_Unit, ...] = ()
    modifier: bool = False  # a compound's modifier, split off the word (børne|fattigdommen)


def _frame_stems() -> frozenset[str]:
    terms = shipped_thesaurus()
    background = (w for w, p in BACKGROUND_DF.items() if p >= 0.04 and terms.concept_of((w,)) is None)
    return frozenset(_stem(w) for w in (*FRAME_WORDS, *background))


_FRAME_STEMS = _frame_stems()
#: "arbejde" after one of these is the noun (work, a job), not the frame verb.
_WORK_NOUN = frozenset({"arbejde", "arbejdet"})
_PLACE_PREPOSITIONS = frozenset({"i", "til", "på", "fra", "uden"})


@dataclass(frozen=True)
class _Meaning:
    units: tuple[_Unit, ...]
    direction: int | None  # +1, -1, ±MAINTAIN (signed by negation) or None (none or mixed)
    negated: int  # 0 or 1: the parity of negators
    numbers: frozenset[str] = frozenset()  # the numbers it names ("120000", "2020", "3")
    #: the stems of the frame words set aside ("børn" in "Færre børn i fattigdom"): a compound's modifier
    #: on the other side that names one of them is said here too ("Nedbringe børne|fattigdommen")
    aside: frozenset[str] = frozenset()


def analyse_meaning(text: str, thesaurus: Thesaurus) -> _Meaning:
    """The subject units, direction and negation of a text.

    >>> m = analyse_meaning("Kommunen skal ikke bygge flere parkeringspladser", shipped_thesaurus())
    >>> [u.word for u in m.units], m.direction
    (['parkeringspladser'], -1)
    """
    tokens = normalize(text)
    names = _names(text, thesaurus)
    units: list[_Unit] = []
    directions: set[int] = set()
    negated = 0
    numbers: set[str] = set()
    aside: set[str] = set()
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        concept, width = _longest_concept(tokens, i, thesaurus)
        if concept is not None:
            d = thesaurus.direction.get(concept)
            if d is not None:
                directions.add(d)
            else:
                words = tokens[i : i + width]
                # A term of several words keeps all their stems: "videregående uddannelse" is no "uddannelse".
                stem = " ".join(_stem(w) for w in words)
                units.append(_with_parts(" ".join(words), stem, concept, thesaurus, width == 1))
            i += width
            continue
        i += 1
        if token in _NEGATORS:
            negated ^= 1
            continue
        if token[0].isdigit() or token in _NUMBERISH:
            numbers.add(NUMBER_WORDS.get(token, token))
            continue
        if len(token) < 2:
            continue
        stem = _stem(token)
        if token in DANISH_STOP_WORDS:
            continue
        if token in _WORK_NOUN and i >= 2 and tokens[i - 2] in _PLACE_PREPOSITIONS:
            # "i arbejde", "til arbejde", "uden arbejde": work as a place or state is a subject (job), not
            # the frame verb of "arbejde for"; "… i arbejde" | "… skal lære dansk" are two subjects
            job = thesaurus.concept_of(("job",))
            units.append(_Unit(token, frozenset((stem,)), frozenset((job,) if job else ()), False))
            continue
        if stem in _FRAME_STEMS:
            aside.add(stem)
            continue
        parts = split_compound(token)
        if not parts:
            units.append(_Unit(token, frozenset((stem,)), frozenset(), token in names))
            continue
        for k, part in enumerate(parts):
            concept = thesaurus.concept_of((part,))
            d = thesaurus.direction.get(concept) if concept else None
            if d is not None and k == len(parts) - 1:  # only a head says a direction: byggeaffald is no increase
                directions.add(d)
            elif k < len(parts) - 1 or _stem(part) not in _FRAME_STEMS:  # a modifier always says something
                stems = frozenset((_stem(part),))
                units.append(
                    _Unit(part, stems, frozenset((concept,) if concept else ()), False, (), k < len(parts) - 1)
                )
    direction = next(iter(directions)) if len(directions) == 1 else None
    if direction is not None and negated:
        direction = -direction
    return _Meaning(tuple(units), direction, negated, frozenset(numbers), frozenset(aside))


def _with_parts(word: str, stem: str, concept: str, thesaurus: Thesaurus, split: bool) -> _Unit:
    """A thesaurus term as a unit; a one-word compound term also carries its parts (kontanthjælps|modtager)."""
    parts = []
    found = split_compound(word) if split else ()
    for k, part in enumerate(found):
        c = thesaurus.concept_of((part,))
        if c is None or c not in thesaurus.direction:
            parts.append(_Unit(part, frozenset((_stem(part),)), frozenset((c,) if c else ())))
        elif k < len(found) - 1:  # a direction word as a modifier is a subject word: bygge|sag
            parts.append(_Unit(part, frozenset((_stem(part),)), frozenset()))
    return _Unit(word, frozenset((stem,)), frozenset((concept,)), False, tuple(parts))


def _names(text: str, thesaurus: Thesaurus) -> frozenset[str]:
    """Words written with a capital inside a sentence (Esbjerg, Nordsøens): names, casefolded.

    A capitalised common noun right after another capitalised word is the head of a named place,
    not part of the name: "Esbjerg *Lufthavn*", "Ribe *Station*", "Vejle *Svømmehal*" (its subject
    is the airport, the station, the swimming pool; two of them in one town are two subjects).
    One pass over the text's words, no backtracking regex.
    """
    out = set()
    end = 0
    last = "."  # the last character before the current word that is not a space
    previous_capital = False
    for m in _WORD_RE.finditer(text):
        word = m.group(0)
        gap = text[end : m.start()].rstrip()
        before = gap[-1] if gap else last
        capital = word[0].isupper()
        if capital and before not in ".!?:–-":
            folded = word.casefold()
            if not (previous_capital and not gap and _common_noun(folded, thesaurus)):
                out.add(folded)
        previous_capital = capital
        end, last = m.end(), word[-1]
    return frozenset(out)


def _common_noun(word: str, thesaurus: Thesaurus) -> bool:
    """Whether a word is a known Danish common noun: a thesaurus term, a compound part or a compound of parts."""
    return thesaurus.concept_of((word,)) is not None or _stem(word) in _PART_STEMS or bool(split_compound(word))


def _longest_concept(tokens: Sequence[str], i: int, thesaurus: Thesaurus) -> tuple[str | None, int]:
    for width in range(min(thesaurus.longest, len(tokens) - i), 0, -1):
        concept = thesaurus.concept_of(tokens[i : i + width])
        if concept is not None:
            return concept, width
    return None, 0


#: Word pairs memoised per thesaurus at most (then the memo starts again): 200,000 pairs are ~40 MB.
_MAX_MEMO = 200_000


def _match(u: _Unit, v: _Unit, thesaurus: Thesaurus) -> tuple[str, bool] | None:
    """How two units match (the ``via`` word, whether it flips the direction), or None.

    A unit is determined by its word (for one thesaurus), so the answer is memoised by the two words.
    """
    memo = thesaurus.matches
    key = (u.word, v.word)
    found = memo.get(key, memo)
    if found is not memo:
        return found  # type: ignore[return-value]
    if len(memo) >= _MAX_MEMO:
        memo.clear()
    found = memo[key] = _match_units(u, v, thesaurus)
    return found


def _match_units(u: _Unit, v: _Unit, thesaurus: Thesaurus) -> tuple[str, bool] | None:
    shared = u.concepts & v.concepts
    if shared:
        return ("same word" if u.word == v.word else thesaurus.pref.get(min(shared), "")), False
    for a in sorted(u.concepts):
        for b in sorted(v.concepts):
            if thesaurus.related(a, b):
                return thesaurus.pref.get(b if b in thesaurus.broader.get(a, ()) else a, ""), False
            if b in thesaurus.opposite.get(a, ()):
                return thesaurus.pref.get(a, "") + " ↔ " + thesaurus.pref.get(b, ""), True
    for x in u.stems:
        for y in v.stems:
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
                return "same word", False
    return None


@dataclass(frozen=True)
class _Alignment:
    pairs: tuple[tuple[str, str, str], ...]  # (word of a, word of b, via)
    unaligned_a: int
    unaligned_b: int
    flips: int
    head_swap: bool = False  # both texts' first (non-name) subject units are unaligned


def _same(u: _Unit, part: _Unit) -> bool:
    """Whether a unit is a compound part of the other text: the same concept or stem (no broader terms)."""
    if u.concepts & part.concepts:
        return True
    return any(
        x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))
        for x in u.stems
        for y in part.stems
    )


def _align(a: _Meaning, b: _Meaning, thesaurus: Thesaurus) -> _Alignment:
    pairs: list[tuple[str, str, str]] = []
    ok_a: set[int] = set()
    ok_b: set[int] = set()
    flips = 0
    # whether a unit matched only a broader term of the other text ("mental sundhed" | "sundhed")
    narrower_a = narrower_b = False
    for i, u in enumerate(a.units):
        best: tuple[_Unit, tuple[str, bool]] | None = None
        for j, v in enumerate(b.units):
            m = _match(u, v, thesaurus)
            if m is None:
                continue
            if u.concepts and v.concepts and not (u.concepts & v.concepts):
                narrower_a |= _narrower(u, v, thesaurus)
                narrower_b |= _narrower(v, u, thesaurus)
            # a unit the other text says too is matched by it, not by an opposite there: in "Færre ledige,
            # flere i job" | "Færre ledige og flere i beskæftigelse", *job* is *beskæftigelse*, never a flip
            # against *ledige* (that made the two, and any such text against itself, opposite aims: 0)
            if best is None or (best[1][1] and not m[1]):
                best = (v, m)
            ok_b.add(j)
        if best is not None:
            pairs.append((u.word, best[0].word, best[1][0]))
            flips += best[1][1]
            ok_a.add(i)
    # A leftover word that is a part of a compound term on the other side ("CO2" | "CO2-udledningen") aligns both.
    if len(ok_a) < len(a.units) or len(ok_b) < len(b.units):
        for i, u in enumerate(a.units):
            for j, v in enumerate(b.units):
                if (v.parts and i not in ok_a and any(_same(u, part) for part in v.parts)) or (
                    u.parts and j not in ok_b and any(_same(v, part) for part in u.parts)
                ):
                    pairs.append((u.word, v.word, "same word"))
                    ok_a.add(i)
                    ok_b.add(j)
    # A modifier naming a word the other text set aside as a frame word is said there too.
    for units, ok, other in ((a.units, ok_a, b), (b.units, ok_b, a)):
        for i, u in enumerate(units):
            if i not in ok and u.modifier and u.stems & other.aside:
                ok.add(i)
                pairs.append((u.word, u.word, "same word"))
    unaligned_a = sum(1 for i, u in enumerate(a.units) if i not in ok_a and not u.proper)
    unaligned_b = sum(1 for j, v in enumerate(b.units) if j not in ok_b and not v.proper)
    # The population in general ("borgere") beside a subject that aligns says who, not what: "Færre borgere
    # i langvarig ledighed" | "Færre langtidsledige". Only when it is all one side has over.
    if unaligned_a and not unaligned_b and ok_a:
        unaligned_a -= _generic_left_over(a.units, ok_a)
    elif unaligned_b and not unaligned_a and ok_b:
        unaligned_b -= _generic_left_over(b.units, ok_b)
    # A compound term that aligned by its head only ("lærepladser" | "plads") leaves its modifier over when the
    # other side has a word over ("studie"): two different modifiers of one head, a swapped subject.
    # So does a narrower term against its broader one when the broader side has a word over: "mental sundhed" |
    # "tand|sundhed" are two kinds of health, not one said more or less precisely.
    if unaligned_b and not unaligned_a:
        unaligned_a = max(_modifiers_left_over(a.units, b.units), int(narrower_a))
    elif unaligned_a and not unaligned_b:
        unaligned_b = max(_modifiers_left_over(b.units, a.units), int(narrower_b))
    head_a = next((i for i, u in enumerate(a.units) if not u.proper), None)
    head_b = next((j for j, v in enumerate(b.units) if not v.proper), None)
    head_swap = head_a is not None and head_b is not None and head_a not in ok_a and head_b not in ok_b
    return _Alignment(tuple(pairs), unaligned_a, unaligned_b, flips, head_swap)


#: Concepts that name everybody: over on one side only, they are no subject of their own.
GENERIC_SUBJECTS = frozenset({SAT + "indbygger"})


def _generic_left_over(units: Sequence[_Unit], ok: set[int]) -> int:
    """How many unaligned units are the population in general, if all unaligned units are (else 0)."""
    over = [u for i, u in enumerate(units) if i not in ok and not u.proper]
    return len(over) if all(u.concepts & GENERIC_SUBJECTS for u in over) else 0


def _narrower(u: _Unit, v: _Unit, thesaurus: Thesaurus) -> bool:
    """Whether a concept of ``u`` has a concept of ``v`` as its broader term."""
    return any(c in thesaurus.broader.get(x, ()) for x in u.concepts for c in v.concepts)


def _modifiers_left_over(units: Sequence[_Unit], others: Sequence[_Unit]) -> int:
    """How many compound terms of ``units`` have a modifier (first part) that no unit of ``others`` names."""
    concepts = frozenset().union(*(o.concepts for o in others)) if others else frozenset()
    return sum(
        1
        for u in units
        if len(u.parts) >= 2
        and not (u.concepts & concepts)
        and not any(_same(o, u.parts[0]) or _same(o, u) for o in others)
    )


def _negative(m: _Meaning) -> bool:
    """Whether a text says *no* to its subject: negated, and the negation not undone by a decrease word.

    "Cykelstierne skal ikke udvides" (a negated increase) and "Hallen skal ikke ændres" (a negated
    change) say no; "Færre unge uden job" (a decrease of a negated state) says yes, as "Flere unge i job".
    Compared when at most one of two texts has a direction: a negated change is not "Nye cykelstier".
    """
    return bool(m.negated) and not (m.direction is not None and m.direction > 0)


def adjust(score: float, text_a: str, text_b: str, thesaurus: Thesaurus) -> float:
    """The cosine ``score`` of two texts after the direction, negation and head checks."""
    a, b = analyse_meaning(text_a, thesaurus), analyse_meaning(text_b, thesaurus)
    return adjust_analysed(score, a, b, thesaurus)


def adjust_analysed(score: float, a: _Meaning, b: _Meaning, thesaurus: Thesaurus) -> float:
    """:func:`adjust` for texts analysed already (:func:`analyse_meaning`, cached by the caller)."""
    if len(a.units) > MAX_UNITS or len(b.units) > MAX_UNITS:
        return score
    al = _align(a, b, thesaurus)
    sign = -1 if al.flips % 2 else 1
    if a.direction is not None and b.direction is not None:
        if a.direction != b.direction * sign:
            return 0.0
    elif (_negative(a) ^ (al.flips % 2)) != _negative(b):
        return 0.0
    if al.unaligned_a and al.unaligned_b:
        return score * (HEAD_SWAP_FACTOR if al.head_swap else SWAP_FACTOR)
    # Numbers that differ are two targets ("120.000 borgere" / "125.000 borgere"): no floor. One
    # text may name fewer numbers ("Over 1650 studieboliger" / "Fra 900 … til 1.650 studieboliger").
    same_numbers = a.numbers <= b.numbers or b.numbers <= a.numbers
    if al.pairs and not al.unaligned_a and not al.unaligned_b and same_numbers:
        return max(score, ALIGNED_FLOOR)
    return score


def explain(
    text_a: str, text_b: str, thesaurus: Thesaurus, meanings: dict[str, _Meaning] | None = None
) -> list[dict[str, str]]:
    """The words of two texts that matched: ``[{"a": word, "b": word, "via": thesaurus term or "same word"}]``.

    ``meanings`` (text → its analysis, for this ``thesaurus``) is filled and reused across calls: at
    national scale 13,520 text duplicates name about half as many distinct labels, and analysing a
    label is most of the cost (2.0 of 2.2 s profiled at M).

    >>> cache: dict = {}
    >>> explain("Flere borgere i job", "Flere borgere i arbejde", shipped_thesaurus(), cache) == explain(
    ...     "Flere borgere i job", "Flere borgere i arbejde", shipped_thesaurus())
    True
    >>> sorted(cache)
    ['Flere borgere i arbejde', 'Flere borgere i job']
    """
    if meanings is None:
        meanings = {}
    pair = []
    for text in (text_a, text_b):
        meaning = meanings.get(text)
        if meaning is None:
            meaning = meanings[text] = analyse_meaning(text, thesaurus)
        pair.append(meaning)
    return [{"a": x, "b": y, "via": via} for x, y, via in matched_words(pair[0], pair[1], thesaurus)]


def matched_words(a: _Meaning, b: _Meaning, thesaurus: Thesaurus) -> tuple[tuple[str, str, str], ...]:
    """:func:`explain` for texts analysed already: (word of a, word of b, thesaurus term or "same word").

    >>> t = shipped_thesaurus()
    >>> matched_words(analyse_meaning("Flere i job", t), analyse_meaning("Flere i job", t), t)
    (('job', 'job', 'same word'),)
    """
    if len(a.units) > MAX_UNITS or len(b.units) > MAX_UNITS:
        # a paragraph, compared by its cosine alone (adjust_analysed): its explanation is the words the two
        # share, found in one pass; the alignment compares every unit with every other (two pasted texts of
        # 62,000 words ran for hours)
        by_stem: dict[str, str] = {}
        for v in b.units:
            for stem in v.stems:
                by_stem.setdefault(stem, v.word)
        shared: dict[str, tuple[str, str, str]] = {}
        for u in a.units:
            found = next((by_stem[stem] for stem in sorted(u.stems) if stem in by_stem), None)
            if found is not None and u.word not in shared:
                shared[u.word] = (u.word, found, "same word")
                if len(shared) >= MAX_UNITS:
                    break
        return tuple(shared.values())
    return tuple((x, y, via) for x, y, via in _align(a, b, thesaurus).pairs)
