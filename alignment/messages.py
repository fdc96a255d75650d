"""Finding messages for strategists, in Danish and English, and the other words of the analysis.

Each finding kind's message and titles are declared with the kind, beside its
rule (:class:`~alignment.findings.Kind` in ``alignment/rules/``); ``MESSAGES``,
``KIND_TITLES`` and ``RULE_TITLES`` here are derived from those declarations.
Placeholders name labels already quoted (``{a}``, ``{b}``, ``{plans}``) or plain
values (``{score}``, ``{years}``). Labels are untrusted text: renderers escape
them; the messages themselves contain no markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "MESSAGES",
    "GROUP_TITLES",
    "SEVERITY_WORDS",
    "KIND_TITLES",
    "TEXT",
    "RULE_TITLES",
    "CHECK_TEXT",
    "PAGE_TEXT",
    "ANALYSIS_WORDS",
    "PROGRESS_WORDS",
    "INFLUENCE_WORDS",
    "DECISION_WORDS",
]

if TYPE_CHECKING:  # derived from the kinds' declarations (alignment.rules) on first use: see __getattr__
    #: kind → language → the finding's message
    MESSAGES: dict[str, dict[str, str]]
    #: language → kind → (singular, plural): each finding kind in words, for people (the codes stay in JSON and SARIF)
    KIND_TITLES: dict[str, dict[str, tuple[str, str]]]
    #: language → kind (and check's ``shacl-violation``) → one line: what the rule looks for,
    #: as CI tools show it beside each result (SARIF rules, JUnit test names)
    RULE_TITLES: dict[str, dict[str, str]]

_LANGS = ("da", "en")

#: check's SHACL result, a kind of `check` only (no rule of the analysis declares it)
_CHECK_RULE_TITLES = {
    "da": {"shacl-violation": "Modellen overholder ikke stratalign-formen (SHACL)"},
    "en": {"shacl-violation": "The model breaks a stratalign shape (SHACL)"},
}


def __getattr__(name: str) -> Any:
    # The kinds import this module (TEXT): their messages and titles are gathered when first asked for.
    if name in ("MESSAGES", "KIND_TITLES", "RULE_TITLES"):
        from .rules import DECLARATIONS

        derived = globals()
        derived["MESSAGES"] = {kind.name: {lang: kind.message[lang] for lang in _LANGS} for kind in DECLARATIONS}
        derived["KIND_TITLES"] = {lang: {kind.name: kind.title[lang] for kind in DECLARATIONS} for lang in _LANGS}
        derived["RULE_TITLES"] = {
            lang: {**{kind.name: kind.rule_title[lang] for kind in DECLARATIONS}, **_CHECK_RULE_TITLES[lang]}
            for lang in _LANGS
        }
        return derived[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


GROUP_TITLES = {
    "da": {"overlap": "Overlap", "conflict": "Konflikter", "coverage": "Dækning", "progress": "Fremdrift"},
    "en": {"overlap": "Overlaps", "conflict": "Conflicts", "coverage": "Coverage", "progress": "Progress"},
}

SEVERITY_WORDS = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
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
        # direction-conflict: the two directions; missing-owner: what lacks an owner
        "up_and_down": "op og ned",
        "up_and_level": "op og uændret",
        "down_and_level": "ned og uændret",
        "the_initiative": "Indsatsen",
        "the_goal": "Målet",
        # implausible-target: what is wrong with a target (after the indicator's name)
        "met_at_baseline": "målet {target} er allerede nået ved baseline {baseline}",
        "wrong_side": "målet {target} ligger på den forkerte side af baseline {baseline} for retningen {direction}",
        "maintain_away": "målet {target} skal fastholdes, men baseline er {baseline}: skal baseline fastholdes, eller skal indikatoren øges eller mindskes?",
        "year_not_after": "målåret {year} ligger ikke efter baseline-året {baseline_year}",
        # off-track-goal: one target's state
        # {time}: "i 2023", or "pr. 1.4.2024" for a date
        "in_year": "i {year}",
        "on_date": "pr. {date}",
        "moved_against": "{indicator} er gået den forkerte vej ({latest} {time}, mod målet {target}; {share} af afstanden)",
        "behind_path": "{indicator} er bagud i forhold til den lige vej ({latest} {time}, mod målet {target}; {share} af afstanden)",
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
        "up_and_down": "up and down",
        "up_and_level": "up and held level",
        "down_and_level": "down and held level",
        "the_initiative": "The initiative",
        "the_goal": "The goal",
        "met_at_baseline": "the target {target} is already met at the baseline {baseline}",
        "wrong_side": "the target {target} is on the wrong side of the baseline {baseline} for the direction {direction}",
        "maintain_away": "the target {target} is to be maintained, but the baseline is {baseline}: is the baseline to be held, or is the indicator to increase or decrease?",
        "year_not_after": "the target year {year} is not after the baseline year {baseline_year}",
        "in_year": "in {year}",
        "on_date": "on {date}",
        "moved_against": "{indicator} moved the wrong way ({latest} {time}, against the target {target}; {share} of the distance)",
        "behind_path": "{indicator} is behind the straight path ({latest} {time}, against the target {target}; {share} of the distance)",
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
        "duplicates": "{clusters} på tværs af {pairs} ({findings}); den største: {label} ({size})",
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
        "duplicates": "{clusters} across {pairs} ({findings}); largest: {label} ({size})",
    },
}


#: The words around the findings in the text and Markdown outputs of analyze (alignment/render.py).
ANALYSIS_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "stratalign: analyse",
        "plans": "planer",
        "goals": "mål",
        "initiatives": "indsatser",
        "covered": "dækkede mål",
        "per_plan": "Dækning pr. plan",
        "goals_covered": "{covered} af {goals} mål dækket",
        "delegated": "{n} overdraget",
        "total": "I alt {total}: {error}, {warning}, {info}",
        "none": "Ingen fund.",
        "kind": "type",
        "severity": "alvor",
        "message": "besked",
        "subjects": "elementer",
        "no_evidence": "ingen kildehenvisning",
        "page": "s.",
        # the duplicate clusters and plan pairs (alignment/triage.py)
        "dup_title": "Dubletklynger",
        "dup_line": "{clusters} på tværs af {pairs}; den største: {label} ({size})",
        "dup_cluster": "{id}: {label} – {size} i {plans}, {pairs}{scores}",
        "dup_scores": ", tekstlighed {low}–{high}",
        "dup_score": ", tekstlighed {score}",
        "dup_more": "… og {n} flere",
        "dup_pairs_title": "Planpar med flest dubletter",
        "dup_pair": "{a} – {b}: {goals}, {initiatives}, {clusters}",
        "dup_cluster_head": "klynge",
        "dup_best": "bedste etiket",
        "dup_members": "elementer",
        "dup_plan_a": "plan",
        "dup_plan_b": "plan",
        "dup_goals": "dublerede mål",
        "dup_initiatives": "dublerede indsatser",
        "dup_clusters": "klynger",
        "dup_pair_count": "par",
        "unreadable": "stratalign: {count} uden for datatypens skriveform, læst som ingen værdi (først: {first}); `stratalign validate` viser hver",
        "unknown_terms": "stratalign: {count}, som ontologien ikke definerer, læst som intet (først: {first}); `stratalign validate` viser hver",
    },
    "en": {
        "title": "stratalign: analysis",
        "plans": "plans",
        "goals": "goals",
        "initiatives": "initiatives",
        "covered": "covered goals",
        "per_plan": "Coverage per plan",
        "goals_covered": "{covered} of {goals} goals covered",
        "delegated": "{n} delegated",
        "total": "In all {total}: {error}, {warning}, {info}",
        "none": "No findings.",
        "kind": "kind",
        "severity": "severity",
        "message": "message",
        "subjects": "subjects",
        "no_evidence": "no evidence",
        "page": "p.",
        "dup_title": "Duplicate clusters",
        "dup_line": "{clusters} across {pairs}; largest: {label} ({size})",
        "dup_cluster": "{id}: {label} – {size} in {plans}, {pairs}{scores}",
        "dup_scores": ", text similarity {low}–{high}",
        "dup_score": ", text similarity {score}",
        "dup_more": "… and {n} more",
        "dup_pairs_title": "Plan pairs with the most duplicates",
        "dup_pair": "{a} – {b}: {goals}, {initiatives}, {clusters}",
        "dup_cluster_head": "cluster",
        "dup_best": "best label",
        "dup_members": "members",
        "dup_plan_a": "plan",
        "dup_plan_b": "plan",
        "dup_goals": "duplicate goals",
        "dup_initiatives": "duplicate initiatives",
        "dup_clusters": "clusters",
        "dup_pair_count": "pairs",
        "unreadable": "stratalign: {count} outside the datatype's written form, read as no value (first: {first}); `stratalign validate` names each",
        "unknown_terms": "stratalign: {count} the ontology does not define, read as nothing (first: {first}); `stratalign validate` names each",
    },
}


#: The progress roll-up's lines in the text of analyze (alignment/progress.py), and each target status in words.
PROGRESS_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Fremdrift",
        "line": "{label}: {completed} af {initiatives} afsluttet ({share}); målopfyldelse {progress} ({measured} af {targets} målt)",
        "status": "; status: {status}",
        "off-track": "af sporet",
        "behind": "bagud",
        "on-track": "på sporet",
        "reached": "nået",
        "no-data": "ingen data",
    },
    "en": {
        "title": "Progress",
        "line": "{label}: {completed} of {initiatives} completed ({share}); target progress {progress} ({measured} of {targets} measured)",
        "status": "; status: {status}",
        "off-track": "off track",
        "behind": "behind",
        "on-track": "on track",
        "reached": "reached",
        "no-data": "no data",
    },
}


#: The influence summary in the text of analyze (alignment/influence/section.py).
INFLUENCE_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Påvirkninger",
        "counts": "{scored} scorede påvirkninger, {implicit} fra bidrager til/modarbejder, {pairs} par",
        "enabling": "Mest muliggørende",
        "constraining": "Mest begrænsende",
        "loops": "{reinforcing} forstærkende og {counteracting} modvirkende sløjfer (højst {n} led{more})",
        "more": ", listen er afkortet",
        "clusters": "{n} af elementer, der påvirker hinanden (den største: {size})",
        "-3": "ophævende",
        "-2": "modvirkende",
        "-1": "begrænsende",
        "0": "forenelig",
        "1": "muliggørende",
        "2": "forstærkende",
        "3": "uadskillelig",
        "advice": " Påvirkningen er scoret {strength} ({word}): afvej de to mål, ændr eller dæmp {a}, eller tilføj en indsats, der opvejer virkningen.",
    },
    "en": {
        "title": "Influences",
        "counts": "{scored} scored influences, {implicit} from contributes to/hinders, {pairs} pairs",
        "enabling": "Most enabling",
        "constraining": "Most constraining",
        "loops": "{reinforcing} reinforcing and {counteracting} counteracting loops (at most {n} elements{more})",
        "more": ", list cut short",
        "clusters": "{n} of elements that influence one another (the largest: {size})",
        "-3": "cancelling",
        "-2": "counteracting",
        "-1": "constraining",
        "0": "consistent",
        "1": "enabling",
        "2": "reinforcing",
        "3": "indivisible",
        "advice": " The influence is scored {strength} ({word}): weigh the two goals, change or soften {a}, or add an initiative that offsets the effect.",
    },
}


#: The words of duplicate decisions (alignment/duplicate_decisions.py) in analyze's text and Markdown,
#: the report and check: the verdicts, the section title and the stale line.
DECISION_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "not-duplicate": "ikke dublet",
        "merge-accepted": "sammenlægning godkendt",
        "title": "Afgjorte dubletter",
        "count": "{n} afgjort",
        "stale": "afgørelse uden fund ({verdict}) for {subjects}",
        "stale_title": "Afgørelser uden fund",
        "decided": "afgjort",
        "reason": "begrundelse",
        "no_reason": "ingen begrundelse",
        "in_model": "i modellen",
        "subjects": "elementer",
    },
    "en": {
        "not-duplicate": "not duplicate",
        "merge-accepted": "merge accepted",
        "title": "Decided duplicates",
        "count": "{n} decided",
        "stale": "decision that matches no finding ({verdict}) for {subjects}",
        "stale_title": "Decisions that match no finding",
        "decided": "decided",
        "reason": "reason",
        "no_reason": "no reason given",
        "in_model": "in the model",
        "subjects": "elements",
    },
}
