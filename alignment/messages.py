"""Finding messages for strategists, in Danish and English.

Placeholders name labels already quoted (``{a}``, ``{b}``, ``{plans}``) or plain
values (``{score}``, ``{years}``). Labels are untrusted text: renderers escape
them; the messages themselves contain no markup.
"""
from __future__ import annotations

__all__ = ["MESSAGES", "GROUP_TITLES", "SEVERITY_WORDS", "KIND_TITLES", "TEXT"]

MESSAGES: dict[str, dict[str, str]] = {
    "shared-goal": {
        # {under}: TEXT's "one_vision" or "no_vision", whichever is true of the plans
        "da": "Målet {a} står i flere planer ({plans}){under}: koordinér det ét sted.",
        "en": "The goal {a} is listed by several plans ({plans}){under}: coordinate it in one place.",
    },
    "shared-initiative": {
        "da": "Indsatsen {a} står i flere planer ({plans}): aftal hvor den hører hjemme.",
        "en": "The initiative {a} is listed by several plans ({plans}): agree where it belongs.",
    },
    "duplicate-goal": {
        "da": "Målene {a} og {b} i forskellige planer siger det samme{why}: slå dem sammen eller løft dem til en fælles vision.",
        "en": "The goals {a} and {b} in different plans say the same thing{why}: merge them or lift them to a common vision.",
    },
    "duplicate-initiative": {
        "da": "Indsatserne {a} og {b} i forskellige planer ligner hinanden{why}: er det samme indsats?",
        "en": "The initiatives {a} and {b} in different plans look alike{why}: are they the same initiative?",
    },
    "shared-indicator": {
        "da": "Målene {a} og {b} måles på samme indikator {indicator}: hold målepunkterne i takt.",
        "en": "The goals {a} and {b} are measured by the same indicator {indicator}: keep the measurement points in step.",
    },
    "target-conflict": {
        "da": "Forskellige mål for indikatoren {indicator}: {a} sigter mod {target_a}, {b} mod {target_b}.",
        "en": "Different targets for the indicator {indicator}: {a} aims at {target_a}, {b} at {target_b}.",
    },
    "direction-conflict": {
        "da": "Målene {a} og {b} trækker indikatoren {indicator} i hver sin retning (op og ned).",
        "en": "The goals {a} and {b} pull the indicator {indicator} in opposite directions (up and down).",
    },
    "negative-contribution": {
        "da": "{a} modarbejder målet {b}.",
        "en": "{a} works against the goal {b}.",
    },
    "goal-conflict": {
        "da": "Målene {a} og {b} er erklæret i konflikt (afvejning): beslut prioriteten.",
        "en": "The goals {a} and {b} are declared in conflict (a trade-off): decide the priority.",
    },
    "owner-conflict": {
        "da": "{a} deles af flere planer og har {count} forskellige ejere ({owners}): aftal én ansvarlig.",
        "en": "{a} is shared by several plans and has {count} different owners ({owners}): agree on one owner.",
    },
    "timeline-conflict": {
        "da": "Indsatsen {a} slutter {end}, efter {b} ({year}).",
        "en": "The initiative {a} ends in {end}, after {b} ({year}).",
    },
    "vision-mismatch": {
        "da": "{a} og {b} deler mål eller indsatser, men realiserer ingen fælles vision.",
        "en": "{a} and {b} share goals or initiatives but realize no common vision.",
    },
    "uncovered-goal": {
        "da": "Målet {a} har ingen indsatser (aflyste tæller ikke med).",
        "en": "The goal {a} has no initiatives (cancelled ones do not count).",
    },
    "delegated-goal": {
        "da": "Målet {a} har ingen indsatser her, men er overdraget til {delegates}.",
        "en": "The goal {a} has no initiatives here but is delegated to {delegates}.",
    },
    "unmeasured-goal": {
        "da": "Målet {a} har ingen indikator (målepunkt).",
        "en": "The goal {a} has no indicator (measurement point).",
    },
    "orphan-initiative": {
        "da": "Indsatsen {a} bidrager ikke til noget mål eller indsatsområde.",
        "en": "The initiative {a} contributes to no goal or focus area.",
    },
    "unanchored-strategy": {
        "da": "Strategien {a} realiserer ingen vision.",
        "en": "The strategy {a} realizes no vision.",
    },
    "missing-baseline": {
        "da": "Indikatoren {a} mangler {missing}: målepunktet bygger ikke på fakta.",
        "en": "The indicator {a} lacks {missing}: the measurement point is not based on facts.",
    },
    "missing-owner": {
        "da": "Indsatsen {a} har ingen ejer.",
        "en": "The initiative {a} has no owner.",
    },
}

GROUP_TITLES = {
    "da": {"overlap": "Overlap", "conflict": "Konflikter", "coverage": "Dækning"},
    "en": {"overlap": "Overlaps", "conflict": "Conflicts", "coverage": "Coverage"},
}

SEVERITY_WORDS = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}

#: Each finding kind in words (singular, plural), for people: the kind codes stay in JSON and SARIF.
KIND_TITLES: dict[str, dict[str, tuple[str, str]]] = {
    "da": {
        "shared-goal": ("fælles mål", "fælles mål"),
        "shared-initiative": ("fælles indsats", "fælles indsatser"),
        "duplicate-goal": ("dubleret mål", "dublerede mål"),
        "duplicate-initiative": ("dubleret indsats", "dublerede indsatser"),
        "shared-indicator": ("fælles indikator", "fælles indikatorer"),
        "target-conflict": ("modstridende måltal", "modstridende måltal"),
        "direction-conflict": ("modsat retning", "modsatte retninger"),
        "negative-contribution": ("modarbejdende indsats", "modarbejdende indsatser"),
        "goal-conflict": ("erklæret målkonflikt", "erklærede målkonflikter"),
        "owner-conflict": ("flere ejere", "flere ejere"),
        "timeline-conflict": ("tidsplan ud over målåret", "tidsplaner ud over målåret"),
        "vision-mismatch": ("ingen fælles vision", "ingen fælles vision"),
        "uncovered-goal": ("udækket mål", "udækkede mål"),
        "delegated-goal": ("overdraget mål", "overdragne mål"),
        "unmeasured-goal": ("mål uden indikator", "mål uden indikator"),
        "orphan-initiative": ("indsats uden mål", "indsatser uden mål"),
        "unanchored-strategy": ("strategi uden vision", "strategier uden vision"),
        "missing-baseline": ("indikator uden baseline", "indikatorer uden baseline"),
        "missing-owner": ("indsats uden ejer", "indsatser uden ejer"),
    },
    "en": {
        "shared-goal": ("shared goal", "shared goals"),
        "shared-initiative": ("shared initiative", "shared initiatives"),
        "duplicate-goal": ("duplicate goal", "duplicate goals"),
        "duplicate-initiative": ("duplicate initiative", "duplicate initiatives"),
        "shared-indicator": ("shared indicator", "shared indicators"),
        "target-conflict": ("conflicting targets", "conflicting targets"),
        "direction-conflict": ("opposite direction", "opposite directions"),
        "negative-contribution": ("initiative working against a goal", "initiatives working against goals"),
        "goal-conflict": ("declared goal conflict", "declared goal conflicts"),
        "owner-conflict": ("several owners", "several owners"),
        "timeline-conflict": ("timeline past the target year", "timelines past the target year"),
        "vision-mismatch": ("no common vision", "no common vision"),
        "uncovered-goal": ("uncovered goal", "uncovered goals"),
        "delegated-goal": ("delegated goal", "delegated goals"),
        "unmeasured-goal": ("goal without indicator", "goals without indicator"),
        "orphan-initiative": ("initiative without goal", "initiatives without goal"),
        "unanchored-strategy": ("strategy without vision", "strategies without vision"),
        "missing-baseline": ("indicator without baseline", "indicators without baseline"),
        "missing-owner": ("initiative without owner", "initiatives without owner"),
    },
}

#: Small words used inside messages and summaries.
TEXT = {
    "da": {
        "same_target": " (samme indikator, værdi og år)",
        "similar_text": " (tekstlighed {score})",
        "no_year": "uden år",
        "baseline": "en baseline",
        "data_source": "en datakilde",
        "and": "og",
        "target_year": "målåret for {goal}",
        "plan_end": "slutningen af {plan}",
        "one_vision": ", som alle hører under visionen {vision}",
        "no_vision": ", som ikke hænger sammen i én vision",
    },
    "en": {
        "same_target": " (same indicator, value and year)",
        "similar_text": " (text similarity {score})",
        "no_year": "no year",
        "baseline": "a baseline",
        "data_source": "a data source",
        "and": "and",
        "target_year": "the target year of {goal}",
        "plan_end": "the end of {plan}",
        "one_vision": " that all sit under the vision {vision}",
        "no_vision": " that do not sit under one vision",
    },
}
