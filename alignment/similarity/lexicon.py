"""The Danish lexicon of the comparison: tokens, stems, stop words and the concept tables.

:func:`normalize` turns a text into tokens; :func:`_stem` is the Snowball
``danish`` stemmer (cached). The tables are data, read by :mod:`.features`.

>>> _CONCEPT_BY_SURFACE["indbyggertal"], _CONCEPT_BY_STEM[_stem("borgere")]
('indbygger', 'indbygger')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer  # no type information: named in pyproject.toml's mypy overrides

#: Danish stop words: the Snowball Danish list plus a few function words.
#: Generic strategy words are deliberately *not* included (IDF handles them).
DANISH_STOP_WORDS: frozenset[str] = frozenset(
    """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det
    dette dig din disse dog du efter eller en end er et for fra ham han hans har
    havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg jer jo
    kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og
    også om op os over på selv sig sin sine sit skal skulle som sådan thi til ud
    under var vi vil ville vor være været
    samt så kan kunne får få går gå bør blandt via hhv mv fx bl a ca
    ved mellem omkring langs hver
    uden hverken ingen intet
    """.split()
)

#: A small concept table for municipal Danish. Each canonical name maps to
#: the surface forms that mean the same in a strategy. The forms are stemmed
#: when the module is imported, and the table is applied *after* stemming.
#: ``øge`` and ``reducere`` double as the increase and decrease markers of
#: the aim rule.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "indbygger": (
        "indbygger",
        "indbyggere",
        "indbyggertal",
        "indbyggertallet",
        "borger",
        "borgere",
        "borgerne",
        "befolkning",
        "befolkningen",
        "befolkningstal",
        "befolkningstallet",
    ),
    "studerende": ("studerende", "studenter", "student"),
    "virksomhed": ("virksomhed", "virksomheder", "virksomhederne", "firma", "firmaer", "selskaber"),
    "job": ("job", "jobs", "arbejdsplads", "arbejdspladser", "beskæftigelse", "beskæftiget"),
    "erhvervsuddannelse": ("erhvervsuddannelse", "erhvervsuddannelser", "erhvervsuddannelsen", "eud"),
    "turist": ("turist", "turister", "turisme", "turismen"),
    "iværksætter": ("iværksætter", "iværksættere", "iværksætteri", "startup", "startups"),
    "klimaneutral": ("klimaneutral", "co2neutral", "kulstofneutral"),
    "knudepunkt": ("knudepunkt", "hub"),
    "skole": ("skole", "skoler", "folkeskole", "folkeskolen", "grundskole", "skolevæsen", "skolevæsenet"),
    "elev": ("elev", "elever", "eleverne"),
    "bolig": ("bolig", "boliger", "lejlighed", "lejligheder"),
    "ældre": ("ældre", "seniorer", "pensionister"),
    "fiber": ("fiber", "fibernet", "bredbånd"),
    "øge": (
        "øge",
        "øges",
        "øget",
        "forøge",
        "forøges",
        "forøget",
        "flere",
        "mere",
        "fordoble",
        "fordobles",
        "udvide",
        "udvides",
        "stige",
        "stiger",
        "stigning",
    ),
    "reducere": (
        "reducere",
        "reduceres",
        "reduceret",
        "nedbringe",
        "nedbringes",
        "mindske",
        "mindskes",
        "færre",
        "mindre",
        "halvere",
        "halveres",
        "sænke",
        "sænkes",
        "falde",
        "fald",
    ),
}

#: Number words that mean a number. Only unambiguous forms are listed:
#: "en", "et" and "anden" are left out.
NUMBER_WORDS: dict[str, str] = {
    "to": "2",
    "tre": "3",
    "fire": "4",
    "fem": "5",
    "seks": "6",
    "syv": "7",
    "otte": "8",
    "ni": "9",
    "ti": "10",
    "første": "1",
    "tredje": "3",
    "fjerde": "4",
    "femte": "5",
}

#: Background document frequency: the fraction of municipal-strategy
#: sentences that contain each word. The values are rough, from knowledge of
#: the genre. A word listed here keeps a low IDF even in a tiny corpus.
#: Surface forms are stemmed and concept-mapped when the module is imported.
BACKGROUND_DF: dict[str, float] = {
    # very common in goals
    "kommune": 0.30,
    "kommunen": 0.30,
    "kommunens": 0.30,
    "kommunal": 0.15,
    "kommunale": 0.15,
    "borgere": 0.25,
    "flere": 0.30,
    "øge": 0.25,
    "færre": 0.10,
    # common subjects and frames
    "virksomheder": 0.15,
    "job": 0.10,
    "uddannelse": 0.12,
    "unge": 0.10,
    "børn": 0.08,
    "danmark": 0.10,
    "danmarks": 0.10,
    "landets": 0.08,
    "vækst": 0.15,
    "udvikling": 0.15,
    "udvikle": 0.10,
    "styrke": 0.15,
    "sikre": 0.15,
    "skabe": 0.15,
    "bedre": 0.15,
    "god": 0.10,
    "gode": 0.12,
    "ny": 0.10,
    "nye": 0.15,
    "antal": 0.15,
    "antallet": 0.15,
    "andel": 0.08,
    "andelen": 0.08,
    "år": 0.10,
    "årlig": 0.08,
    "hvert": 0.08,
    "fokus": 0.10,
    "mål": 0.10,
    "målet": 0.10,
    "målrettet": 0.05,
    "indsats": 0.10,
    "indsatser": 0.10,
    "samarbejde": 0.12,
    "arbejde": 0.10,
    "arbejder": 0.08,
    "tilbud": 0.08,
    "rammer": 0.08,
    "muligheder": 0.08,
    "attraktiv": 0.10,
    "attraktive": 0.10,
    "fremtid": 0.06,
    "fremtidens": 0.06,
    "understøtte": 0.08,
    "fremme": 0.08,
    "etablere": 0.08,
    "etablering": 0.08,
    "tiltrække": 0.08,
    "tiltrækning": 0.06,
    "løsninger": 0.08,
    "område": 0.06,
    "områder": 0.06,
    "plan": 0.05,
    "strategi": 0.08,
    "strategisk": 0.06,
    "vision": 0.05,
    "rolle": 0.05,
    "profil": 0.04,
    "profilen": 0.04,
    "opleve": 0.06,
    "leve": 0.05,
    "by": 0.08,
    "byer": 0.06,
    "byen": 0.06,
    "sammen": 0.06,
    "fælles": 0.08,
    "partnerskab": 0.05,
    "program": 0.04,
    "centrum": 0.04,
    "service": 0.05,
    "høj": 0.04,
    "højere": 0.05,
    "større": 0.06,
    "stærk": 0.05,
    "stærkere": 0.05,
    "aktiv": 0.04,
    "adgang": 0.05,
    "mindst": 0.04,
    "inden": 0.05,
    "frem": 0.06,
    "gennem": 0.05,
    "hele": 0.06,
    "både": 0.06,
    "lokale": 0.05,
    "nationalt": 0.04,
    "internationalt": 0.04,
    "kvalitet": 0.06,
    "mest": 0.05,
    "førende": 0.04,
    "markant": 0.04,
    "bidrage": 0.04,
    "videreudvikle": 0.04,
    "videreudvikling": 0.04,
    "opfølgning": 0.04,
    "bygge": 0.04,
    "bæredygtig": 0.06,
    "bæredygtighed": 0.06,
    "grøn": 0.06,
    "digital": 0.06,
    "digitale": 0.06,
    "erhvervslivet": 0.06,
    "erhverv": 0.06,
    "pct": 0.08,
    "procent": 0.06,
    "alle": 0.15,
    "personer": 0.05,
}

# Negators and negative-valence words flip the aim of a text.
_NEGATORS = frozenset({"ikke", "uden", "hverken", "ingen", "intet"})
_NEGATIVE_VALENCE = (
    "ledighed",
    "ledige",
    "arbejdsløshed",
    "arbejdsløse",
    "ensomhed",
    "ensomme",
    "sygefravær",
    "frafald",
    "udledning",
    "udledningen",
    "kriminalitet",
    "fattigdom",
    "ventetid",
    "ventetider",
    "forurening",
    "støj",
    "mobning",
    "misbrug",
    "rygning",
    "overvægt",
    "ulykker",
    "spild",
    "trængsel",
)

# ------------------------------------------------------------- normalisation

_STEMMER = snowballstemmer.stemmer("danish")
_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}([.,\u00a0\u202f ])\d{3}(?:\1\d{3})*(?![\d]|[.,]\d)")
_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011](?=[^\W_])|(?<=\d)[-\u2010\u2011](?=[^\W\d_])")
_TOKEN_RE = re.compile(r"\d+,\d+|[^\W_]+")


def normalize(text: str) -> list[str]:
    """Return the tokens of ``text`` after case, punctuation and number handling.

    The tokens are not stemmed and stop words are kept.

    >>> normalize("Øge kommunens indbyggertal til 120.000!")
    ['øge', 'kommunens', 'indbyggertal', 'til', '120000']
    >>> normalize("120 000 borgere, 23,9 pct. og CO2-neutral")
    ['120000', 'borgere', '23,9', 'pct', 'og', 'co2neutral']
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = _THOUSANDS_RE.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    text = _HYPHEN_RE.sub("", text)
    tokens = _TOKEN_RE.findall(text)
    if len(text) > _MAX_TOKEN and any(len(t) > _MAX_TOKEN for t in tokens):
        # Stemming and compound splitting cost grows with the square of a word's length
        # (a 4,000-letter word took 16 s, a 1 MB one hung): no real word has 100 letters.
        tokens = [t[:_MAX_TOKEN] for t in tokens]
    return tokens


#: Letters of a token that similarity reads; the rest of a longer "word" is ignored.
_MAX_TOKEN = 100


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def _build_concept_maps() -> tuple[dict[str, str], dict[str, str]]:
    by_stem: dict[str, str] = {}
    by_surface: dict[str, str] = {}
    for canonical, forms in CONCEPTS.items():
        for form in forms:
            by_stem.setdefault(_stem(form), canonical)
            by_surface.setdefault(form, canonical)
    return by_stem, by_surface


_CONCEPT_BY_STEM, _CONCEPT_BY_SURFACE = _build_concept_maps()
_LONGEST_SURFACE = max(map(len, _CONCEPT_BY_SURFACE))
_INCREASE, _DECREASE = "øge", "reducere"
_NEGATIVE_STEMS = frozenset(_stem(w) for w in _NEGATIVE_VALENCE)
