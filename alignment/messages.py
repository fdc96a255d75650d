"""Finding messages for strategists, in Danish and English.

Placeholders name labels already quoted (``{a}``, ``{b}``, ``{plans}``) or plain
values (``{score}``, ``{years}``). Labels are untrusted text: renderers escape
them; the messages themselves contain no markup.
"""
from __future__ import annotations

__all__ = ["MESSAGES", "GROUP_TITLES", "SEVERITY_WORDS", "KIND_TITLES", "TEXT", "RULE_TITLES", "CHECK_TEXT", "PAGE_TEXT"]

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
    "invalid-period": {
        "da": "{a} slutter ({end}), før den begynder ({start}): ret start eller slut.",
        "en": "{a} ends ({end}) before it starts ({start}): correct the start or the end.",
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
        "invalid-period": ("ugyldig periode", "ugyldige perioder"),
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
        "invalid-period": ("period ending before it starts", "periods ending before they start"),
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
        # the stages a long command goes through (stratalign.cli._progress), and what it wrote
        "stage_load": "indlæser modellen",
        "stage_context": "samler elementer og etiketter",
        "stage_rules": "kører reglerne",
        "stage_similarity": "sammenligner tekster",
        "stage_graph": "bygger grafen",
        "stage_diff": "sammenligner versionerne",
        "stage_upload": "sender triplerne",
        "stage_writing": "skriver",
        "wrote": "skrev {path} ({size})",
        "loaded": "lagde {triples} tripler i {graph} via {target} ({method}); den rummer nu {total} tripler",
        "default_graph": "standardgrafen",
        # check's last line
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
        "stage_load": "loading the model",
        "stage_context": "gathering elements and labels",
        "stage_rules": "running the rules",
        "stage_similarity": "comparing texts",
        "stage_graph": "building the graph",
        "stage_diff": "comparing the versions",
        "stage_upload": "sending the triples",
        "stage_writing": "writing",
        "wrote": "wrote {path} ({size})",
        "loaded": "loaded {triples} triples into {graph} via {target} ({method}); it now holds {total} triples",
        "default_graph": "the default graph",
    },
}

#: The words of `serve`'s query page (stratalign/serve/page.html); the markup stays in the template.
PAGE_TEXT = {
    "da": {
        "title": "stratalign SPARQL-endpoint",
        "intro": "Skrivebeskyttet SPARQL 1.1 over {triples} tripler i modellen og {findings} fund.",
        "graphs": "Standardgrafen rummer modellen og fundene; fundene alene ligger i den navngivne graf",
        "protocol": "Protokol-endpoint:",
        "named": "Navngiven forespørgsel",
        "pick": "— vælg en forespørgsel fra biblioteket —",
        "load": "Hent",
        "editor": "SPARQL-forespørgsel",
        "run": "Kør forespørgsel",
        "hint": "Ctrl+Enter kører · højst {rows} rækker · {timeout} s pr. forespørgsel · opdateringer og SERVICE afvises",
        "download": "hent:",
        "truncated": "Kun de første {rows} rækker vises: serveren skærer hvert resultat ved {rows} rækker (serve --max-rows).",
        "library": "Biblioteket af navngivne forespørgsler ({count})",
        "program": "Fra et program:",
        "results": "Resultater: SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML — efter",
        "or": "eller",
        "service": "Tjenestebeskrivelse:",
        "rows": "{n} række ({took})|{n} rækker ({took})",
        "triples": "{n} tripel ({took})|{n} tripler ({took})",
        "ask": "ASK: {value} ({took})",
        "true": "sand",
        "false": "falsk",
    },
    "en": {
        "title": "stratalign SPARQL endpoint",
        "intro": "Read-only SPARQL 1.1 over {triples} model triples and {findings} findings.",
        "graphs": "The default graph holds the model and the findings; the findings alone are in the named graph",
        "protocol": "Protocol endpoint:",
        "named": "Named query",
        "pick": "— pick a query from the library —",
        "load": "Load",
        "editor": "SPARQL query",
        "run": "Run query",
        "hint": "Ctrl+Enter runs · at most {rows} rows · {timeout} s per query · updates and SERVICE are refused",
        "download": "download:",
        "truncated": "Only the first {rows} rows are shown: the server caps every result at {rows} rows (serve --max-rows).",
        "library": "The library of named queries ({count})",
        "program": "From a program:",
        "results": "Results: SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML — by",
        "or": "or",
        "service": "Service description:",
        "rows": "{n} row ({took})|{n} rows ({took})",
        "triples": "{n} triple ({took})|{n} triples ({took})",
        "ask": "ASK: {value} ({took})",
        "true": "true",
        "false": "false",
    },
}

#: One line per finding kind (and check's ``shacl-violation``): what the rule looks for,
#: as CI tools show it beside each result (SARIF rules, JUnit test names).
RULE_TITLES: dict[str, dict[str, str]] = {
    "da": {
        "shared-goal": "Samme mål i flere planer",
        "shared-initiative": "Samme indsats i flere planer",
        "duplicate-goal": "Mål i forskellige planer, der siger det samme",
        "duplicate-initiative": "Indsatser i forskellige planer, der ligner hinanden",
        "shared-indicator": "Mål, der måles på samme indikator",
        "target-conflict": "Forskellige mål for samme indikator",
        "direction-conflict": "Mål, der trækker en indikator i hver sin retning",
        "negative-contribution": "En indsats eller et mål, der modarbejder et mål",
        "goal-conflict": "Mål, der er erklæret i konflikt",
        "owner-conflict": "Et delt element med flere ejere",
        "timeline-conflict": "En indsats, der slutter efter målåret eller planens slutning",
        "vision-mismatch": "Planer, der deler elementer uden fælles vision",
        "invalid-period": "En periode, der slutter, før den begynder",
        "uncovered-goal": "Et mål uden indsatser",
        "delegated-goal": "Et mål, der er overdraget til en anden plan",
        "unmeasured-goal": "Et mål uden indikator",
        "orphan-initiative": "En indsats, der ikke bidrager til noget mål",
        "unanchored-strategy": "En strategi uden vision",
        "missing-baseline": "En indikator uden baseline eller datakilde",
        "missing-owner": "En indsats uden ejer",
        "shacl-violation": "Modellen overholder ikke stratalign-formen (SHACL)",
    },
    "en": {
        "shared-goal": "The same goal in several plans",
        "shared-initiative": "The same initiative in several plans",
        "duplicate-goal": "Goals in different plans that say the same thing",
        "duplicate-initiative": "Initiatives in different plans that look alike",
        "shared-indicator": "Goals measured by the same indicator",
        "target-conflict": "Different targets for one indicator",
        "direction-conflict": "Goals pulling one indicator in opposite directions",
        "negative-contribution": "An initiative or goal working against a goal",
        "goal-conflict": "Goals declared in conflict",
        "owner-conflict": "A shared element with several owners",
        "timeline-conflict": "An initiative ending after its target year or plan",
        "vision-mismatch": "Plans sharing elements without a common vision",
        "invalid-period": "A period that ends before it starts",
        "uncovered-goal": "A goal without initiatives",
        "delegated-goal": "A goal delegated to another plan",
        "unmeasured-goal": "A goal without an indicator",
        "orphan-initiative": "An initiative contributing to no goal",
        "unanchored-strategy": "A strategy realizing no vision",
        "missing-baseline": "An indicator without a baseline or data source",
        "missing-owner": "An initiative without an owner",
        "shacl-violation": "The model breaks a stratalign shape (SHACL)",
    },
}

#: The words of `check`: its summary, the SHACL group and the waivers.
CHECK_TEXT = {
    "da": {
        "validation": "Validering",
        "passed": "check bestået: ingen fund på eller over '{level}' ({total} under{waived})",
        "failed": "check fejlet: {failing} af {total} fund på eller over '{level}'{waived}",
        "waived_count": ", {count} undtaget",
        "waived": "undtaget",
        "expired": "udløbet undtagelse ({expires}) for {kind} {subjects}: {reason}",
        "stale": "undtagelse uden fund for {kind} {subjects}: {reason}",
        "no_findings": "ingen fund",
        "sheet_row": "ark '{sheet}', række {row}",
    },
    "en": {
        "validation": "Validation",
        "passed": "check passed: no findings at or above '{level}' ({total} below{waived})",
        "failed": "check failed: {failing} of {total} findings at or above '{level}'{waived}",
        "waived_count": ", {count} waived",
        "waived": "waived",
        "expired": "expired waiver ({expires}) for {kind} {subjects}: {reason}",
        "stale": "waiver that matches no finding for {kind} {subjects}: {reason}",
        "no_findings": "no findings",
        "sheet_row": "sheet '{sheet}', row {row}",
    },
}
