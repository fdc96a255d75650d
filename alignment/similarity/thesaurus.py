"""A SKOS thesaurus of municipal Danish terms: synonyms, broader terms, direction words and opposites.

The shipped thesaurus is ``thesaurus.ttl``; a user adds theirs with
``--thesaurus FILE.ttl`` (repeatable) or ``[similarity] thesaurus = [...]`` in
``stratalign.toml``. What is read from each ``skos:Concept``:

* ``skos:prefLabel``/``skos:altLabel`` in Danish (``@da``, or no language): words
  that mean the concept. A label of several words ("offentlig forsørgelse")
  matches those words in a row. Labels are compared by their Snowball stems, so
  "borgere" matches the label "borger".
* ``skos:broader``: a concept and its broader one are the same subject said more
  or less precisely (bus → kollektiv trafik), up the chain (bybus → bus → kollektiv
  trafik); two narrower siblings are not.
* ``sa:signals`` ``sa:Increase``/``sa:Decrease``/``sa:Maintain``: a direction word (flere, færre, bevare).
* ``sa:oppositeDirectionOf``: one subject seen from both ends (selvforsørgelse /
  offentlig forsørgelse): "flere selvforsørgende" is "færre på offentlig forsørgelse".

>>> t = shipped_thesaurus()
>>> t.concept_of(("borgere",)) == t.concept_of(("indbyggertal",)) == SAT + "indbygger"
True
>>> t.direction[t.concept_of(("færre",))]
-1
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ontology import InputError, iter_rdf

from .lexicon import _stem, normalize

__all__ = ["SAT", "Thesaurus", "load_thesaurus", "shipped_thesaurus", "MAINTAIN"]

SAT = "https://w3id.org/stratalign/thesaurus#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SA = "https://w3id.org/stratalign#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: Direction values: +1 increase, -1 decrease, MAINTAIN keep.
MAINTAIN = 2
_DIRECTIONS = {_SA + "Increase": 1, _SA + "Decrease": -1, _SA + "Maintain": MAINTAIN}
#: Words in a label at most: longer labels are refused (a label is a term, not a sentence).
MAX_LABEL_WORDS = 4


@dataclass
class Thesaurus:
    """Concepts by the stems of their labels; picklable (plain dicts), so a worker process gets it whole."""

    by_stems: dict[tuple[str, ...], str] = field(default_factory=dict)
    pref: dict[str, str] = field(default_factory=dict)  # concept → its Danish prefLabel
    broader: dict[str, frozenset[str]] = field(default_factory=dict)
    direction: dict[str, int] = field(default_factory=dict)
    opposite: dict[str, frozenset[str]] = field(default_factory=dict)
    longest: int = 1
    sources: tuple[str, ...] = ()
    #: how two words match (meaning._match), memoised: a corpus repeats its words in many pairs
    matches: dict[tuple[str, str], tuple[str, bool] | None] = field(default_factory=dict, repr=False, compare=False)

    def concept_of(self, words: Sequence[str]) -> str | None:
        """The concept whose label is exactly these (normalised) words, or None."""
        return self.by_stems.get(tuple(_stem(w) for w in words))

    def related(self, a: str, b: str) -> bool:
        """Whether two concepts are the same subject: equal, or one broader than the other."""
        return a == b or b in self.broader.get(a, ()) or a in self.broader.get(b, ())

    def merged(self, other: Thesaurus) -> Thesaurus:
        """This thesaurus with ``other``'s entries added; ``other`` wins where a label is in both."""
        return Thesaurus(
            {**self.by_stems, **other.by_stems},
            {**self.pref, **other.pref},
            _transitive(_union(self.broader, other.broader)),
            {**self.direction, **other.direction},
            _union(self.opposite, other.opposite),
            max(self.longest, other.longest),
            self.sources + other.sources,
        )

    @property
    def key(self) -> tuple[str, ...]:
        """What tells two thesauri apart in a cache: the files they were read from."""
        return self.sources


def _transitive(broader: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Each concept's broader terms and theirs, up the chain (skos:broaderTransitive): bybus → bus → kollektiv trafik.

    >>> sorted(_transitive({"a": frozenset("b"), "b": frozenset("c"), "c": frozenset("a")})["a"])
    ['a', 'b', 'c']
    """
    out: dict[str, frozenset[str]] = {}
    for c in broader:
        seen: set[str] = set()
        todo = list(broader[c])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(broader.get(x, ()))
        out[c] = frozenset(seen)
    return out


def _union(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, frozenset()) | v
    return out


def _line_of(text: str, iri: str) -> int | None:
    """The first line that names ``iri`` (full or by its local name), for an error message."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for number, line in enumerate(text.splitlines(), 1):
        if iri in line or (local and f":{local}" in line):
            return number
    return None


def parse_thesaurus(data: bytes, filename: str) -> Thesaurus:
    """Read a SKOS thesaurus from Turtle bytes; :class:`InputError` (file, line) on bad syntax or a bad entry.

    >>> t = parse_thesaurus(b'@prefix skos: <http://www.w3.org/2004/02/skos/core#> . '
    ...     b'<http://e/medarb> a skos:Concept ; skos:prefLabel "medarbejder"@da ; skos:altLabel "ansat"@da .', "x.ttl")
    >>> t.concept_of(["ansatte"])
    'http://e/medarb'
    >>> parse_thesaurus(b'<http://e/a> a <http://www.w3.org/2004/02/skos/core#Concept> .', "y.ttl")
    Traceback (most recent call last):
    ...
    ontology.errors.InputError: y.ttl:1: the concept <http://e/a> has no skos:prefLabel in Danish (@da); it needs exactly one
    """
    concepts: set[str] = set()
    prefs: dict[str, list[str]] = {}
    alts: dict[str, list[str]] = {}
    broader: dict[str, set[str]] = {}
    direction: dict[str, int] = {}
    opposite: dict[str, set[str]] = {}
    if data.startswith(b"\xef\xbb\xbf"):  # a byte order mark, as the model loader reads past it
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    for quad in iter_rdf(data, "ttl", filename):
        s, p, o = str(quad.subject.value), str(quad.predicate.value), quad.object
        if p == _RDF_TYPE and str(o.value) == _SKOS + "Concept":
            concepts.add(s)
        elif p in (_SKOS + "prefLabel", _SKOS + "altLabel"):
            lang = getattr(o, "language", None)
            if lang is None or lang.lower().startswith("da"):
                (prefs if p.endswith("prefLabel") else alts).setdefault(s, []).append(str(o.value))
        elif p == _SKOS + "broader":
            broader.setdefault(s, set()).add(str(o.value))
        elif p == _SA + "signals":
            if str(o.value) not in _DIRECTIONS:
                raise InputError(
                    filename, _line_of(text, s), f"sa:signals of <{s}> must be sa:Increase, sa:Decrease or sa:Maintain"
                )
            direction[s] = _DIRECTIONS[str(o.value)]
        elif p == _SA + "oppositeDirectionOf":
            opposite.setdefault(s, set()).add(str(o.value))
            opposite.setdefault(str(o.value), set()).add(s)
    out = Thesaurus(sources=(filename,))
    pref_owner: dict[tuple[str, ...], str] = {}
    for c in sorted(concepts):
        labels = prefs.get(c, [])
        if len(labels) != 1:
            problem = "has no skos:prefLabel" if not labels else f"has {len(labels)} skos:prefLabel"
            raise InputError(
                filename, _line_of(text, c), f"the concept <{c}> {problem} in Danish (@da); it needs exactly one"
            )
        out.pref[c] = labels[0]
        pref_owner[_stems(labels[0], filename, text, c)] = c
    for c in sorted(concepts):
        for label in (out.pref[c], *alts.get(c, ())):
            stems = _stems(label, filename, text, c)
            owner = pref_owner.get(stems)
            if owner is not None and owner != c:
                raise InputError(
                    filename,
                    _line_of(text, c),
                    f"the label {label!r} of <{c}> is the skos:prefLabel of <{owner}>: a word means one concept",
                )
            for variant in (stems, *_inflected(label)):
                out.by_stems.setdefault(variant, c)
            out.longest = max(out.longest, len(stems))
    for where, found in ((out.broader, broader), (out.opposite, opposite)):
        for c, targets in found.items():
            where[c] = frozenset(targets)
    out.broader = _transitive(out.broader)
    out.direction.update(direction)
    return out


#: Endings a label's last word is indexed with too: Snowball stems "arbejdsplads" to
#: "arbejdsplad" but "arbejdspladser" to "arbejdsplads", so the label alone would miss the plural.
_INFLECTIONS = ("e", "er", "en", "et", "ne", "erne", "s")


def _inflected(label: str) -> list[tuple[str, ...]]:
    words = normalize(label)
    head = [_stem(w) for w in words[:-1]]
    return [(*head, _stem(words[-1] + ending)) for ending in _INFLECTIONS]


def _stems(label: str, filename: str, text: str, concept: str) -> tuple[str, ...]:
    words = normalize(label)
    if not words or len(words) > MAX_LABEL_WORDS:
        raise InputError(
            filename,
            _line_of(text, concept),
            f"the label {label!r} of <{concept}> must have 1 to {MAX_LABEL_WORDS} words",
        )
    return tuple(_stem(w) for w in words)


def load_thesaurus(paths: Iterable[str | Path]) -> Thesaurus:
    """The shipped thesaurus merged with the files ``paths`` (in order; a later file wins a shared label).

    A file that cannot be read or is no valid thesaurus is an :class:`InputError`.
    """
    result = shipped_thesaurus()
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise InputError(str(path), None, f"cannot read the thesaurus: {err.strerror or err}") from None
        result = result.merged(parse_thesaurus(data, str(path)))
    return result


@lru_cache(maxsize=1)
def shipped_thesaurus() -> Thesaurus:
    """The thesaurus shipped in the package (``alignment/similarity/thesaurus.ttl``), read once."""
    data = resources.files(__package__).joinpath("thesaurus.ttl").read_bytes()
    return parse_thesaurus(data, "alignment/similarity/thesaurus.ttl")
