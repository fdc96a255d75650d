"""The words of ``stratalign restructure`` (the explanation and the vision it may create), in
Danish and English: one table, the same keys in both. A move's text is keyed by its kind.

The names of a target's direction come from :mod:`ontology.words`.

>>> WORDS["en"]["goal-lifted"].format(subject="«A»", before="«S»", vision="«V»")
'«A» was listed by «S»; it is now listed by «V» only.'
"""

from __future__ import annotations

from ontology import DIRECTION_WORDS, SA, value_word

__all__ = ["WORDS", "direction_word"]

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Forslag til ny struktur: én fælles vision",
        "intro": (
            'Forslaget følger modellen i Esbjerg Kommunes notat "Proces mod ny Vision 2025 for velfærd og vækst" (januar 2018): '
            "én fælles vision øverst, som alle strategier realiserer; mål, som flere planer deler, og mål, der siger det samme, "
            "løftes til visionen eller lægges sammen; alle andre mål bliver i netop én strategi; indsatser følger deres mål; ejere bevares."
        ),
        "source": "Model: {sources}",
        "vision": "Den fælles vision",
        "vision-reused": "{subject} er den fælles vision (modellens eneste vision).",
        "vision-created": "{subject} er oprettet som fælles vision: modellen havde {count} visioner. Giv den et navn og en ejer.",
        "vision-demoted": "{subject} var en vision og er nu en strategi, der realiserer den fælles vision {vision}.",
        "typed-strategy": "{subject} var en plan uden type og er nu en strategi.",
        "strategies": "Strategierne",
        "realizes-added": "{subject} realiserer nu {vision} (før: {before}).",
        "realizes-moved": "{subject} realiserede {before}; den realiserer nu {vision}.",
        "lifted": "Mål løftet til visionen",
        "goal-lifted": "{subject} stod i {before}; det står nu kun i {vision}.",
        "merged": "Mål lagt sammen",
        "goal-merged": "{others} (i {before}) siger det samme som {subject} (i {keeper_plans}){score} og er lagt sammen med det. Det samlede mål står nu i {after}. Den gamle tekst er gemt som alternativt navn (skos:altLabel).",
        "target-dropped": "Måltallet {target} på {indicator} fra {other} udgår: {subject} har allerede det samme eller et mere præcist måltal.",
        "target-kept": "Måltallet {target} på {indicator} fra {other} følger med til {subject}.",
        "two-owners": "{subject} har nu flere ejere ({owners}): aftal, hvem der er ansvarlig.",
        "initiatives": "Indsatser, der følger deres mål",
        "initiative-moved": "{subject} stod i {before}; den står nu i {after}, som har {goals}, den bidrager til.",
        "initiative-lifted": "{subject} stod i {before}; den bidrager til mål i flere strategier ({goals}) og står nu i {after}.",
        "placement": "Hvor målene står nu",
        "placement-line": "{plan}: {goals}",
        "check": "Kontrol",
        "check-ok": "Analysen af forslaget finder ingen fælles mål, ingen dublerede mål og ingen strategier uden fælles vision.",
        "check-left": "Analysen af forslaget finder stadig: {left}",
        "none": "ingen",
        "nothing": "Ingen.",
        "no_evidence": "ingen kildehenvisning",
        "page_word": "s.",
        "and": "og",
        "score": " (tekstlighed {score})",
        "same_target": " (samme måltal)",
        "in_year": "i {year}",
        "vision_label": "Fælles vision",
        "vision_description": "Foreslået af stratalign restructure: én fælles vision over strategierne, som Esbjerg-notatet (2018) foreslår.",
    },
    "en": {
        "title": "Proposed structure: one common vision",
        "intro": (
            'The proposal follows the model of Esbjerg Municipality\'s memo "Proces mod ny Vision 2025 for velfærd og vækst" (January 2018): '
            "one common vision on top, realized by every strategy; goals shared by several plans, and goals that say the same thing, "
            "are lifted to the vision or merged; every other goal stays in exactly one strategy; initiatives follow their goals; owners are kept."
        ),
        "source": "Model: {sources}",
        "vision": "The common vision",
        "vision-reused": "{subject} is the common vision (the model's only vision).",
        "vision-created": "{subject} is created as the common vision: the model had {count} visions. Give it a name and an owner.",
        "vision-demoted": "{subject} was a vision and is now a strategy that realizes the common vision {vision}.",
        "typed-strategy": "{subject} was a plan of no particular type and is now a strategy.",
        "strategies": "The strategies",
        "realizes-added": "{subject} now realizes {vision} (before: {before}).",
        "realizes-moved": "{subject} realized {before}; it now realizes {vision}.",
        "lifted": "Goals lifted to the vision",
        "goal-lifted": "{subject} was listed by {before}; it is now listed by {vision} only.",
        "merged": "Goals merged",
        "goal-merged": "{others} (in {before}) says the same as {subject} (in {keeper_plans}){score} and is merged into it. The merged goal is now listed by {after}. The old wording is kept as an alternative label (skos:altLabel).",
        "target-dropped": "The target {target} on {indicator} from {other} is dropped: {subject} already has the same or a more precise target.",
        "target-kept": "The target {target} on {indicator} from {other} moves to {subject}.",
        "two-owners": "{subject} now has several owners ({owners}): agree who is responsible.",
        "initiatives": "Initiatives following their goals",
        "initiative-moved": "{subject} was listed by {before}; it is now listed by {after}, which holds {goals} it contributes to.",
        "initiative-lifted": "{subject} was listed by {before}; it contributes to goals in several strategies ({goals}) and is now listed by {after}.",
        "placement": "Where the goals are now",
        "placement-line": "{plan}: {goals}",
        "check": "Check",
        "check-ok": "Analysing the proposal finds no shared goal, no duplicate goal and no strategies without a common vision.",
        "check-left": "Analysing the proposal still finds: {left}",
        "none": "none",
        "nothing": "None.",
        "no_evidence": "no evidence",
        "page_word": "p.",
        "and": "and",
        "score": " (text similarity {score})",
        "same_target": " (same target)",
        "in_year": "in {year}",
        "vision_label": "Common vision",
        "vision_description": "Proposed by stratalign restructure: one common vision over the strategies, as the Esbjerg memo (2018) proposes.",
    },
}


def direction_word(local: str, lang: str) -> str:
    """A target's direction, given by its local name (``Increase``), in ``lang``; an unknown name as it is."""
    return value_word(DIRECTION_WORDS, SA + local, lang) or local
