"""The words of the interactive views, Danish and English: the page's own text and the names of
kinds, coverage states, statuses, severities and links, so the page, the report and its static
graph name them alike.

>>> WORDS["en"]["view_coverage"], KIND_WORDS["da"]["goal"]
('Coverage', ('Mål', 'mål'))
"""

from __future__ import annotations

from alignment import (
    PROGRESS_WORDS,  # the analysis' words for a target's status
    SEVERITY_WORDS,  # the analysis' own words for its severities
)
from ontology import (
    STATUS_WORDS,  # an initiative's status, named as the diff and the report name it
)

__all__ = [
    "WORDS",
    "KIND_WORDS",
    "STATE_WORDS",
    "STATUS_WORDS",
    "SEVERITY_WORDS",
    "EDGE_WORDS",
    "PROGRESS_VIEW_WORDS",
    "progress_words",
]

#: UI text, Danish and English.
WORDS: dict[str, dict[str, str]] = {
    "da": {
        "html_lang": "da",
        "view_coverage": "Dækning",
        "view_overlap": "Overlap",
        "view_conflicts": "Konflikter",
        "about_coverage": "Vision → strategier → mål → indsatsområder → indsatser. Farve = dækning; størrelse = antal indsatser, der når målet.",
        "about_overlap": "Planerne side om side. Fælles og dublerede mål og indsatser står mellem planerne og er fremhævet.",
        "about_conflicts": "Konflikter og afvejninger mellem mål, tegnet over målhierarkiet. Elementer uden konflikt er nedtonet.",
        "search": "Søg",
        "search_placeholder": "Søg efter navn …",
        "matches": "{n} fundet",
        "no_matches": "Intet fundet",
        "layout": "Layout",
        "layout_td": "Hierarki, oppefra og ned",
        "layout_lr": "Hierarki, fra venstre mod højre",
        "layout_force": "Kræfter (fysik stopper, når grafen er stabil)",
        "fit": "Vis hele grafen",
        "kinds": "Elementtyper",
        "plans": "Planer",
        "all": "Alle",
        "none": "Ingen",
        "legend": "Forklaring",
        "coverage": "Dækning",
        "edges": "Forbindelser",
        "details": "Detaljer",
        "details_hint": "Klik på et element for at se detaljer.",
        "shown": "{shown} af {total} elementer vises",
        "aggregated": "{n} elementer er flere end grænsen på {limit}: nogle er samlet i grupper. Filtrér på en plan eller elementtype for at se dem enkeltvis.",
        "too_many": "{n} elementer er for mange at tegne (grænse {limit}): kun {what} vises. Vælg en plan eller færre elementtyper.",
        "too_many_goals": "planer og mål",
        "too_many_plans": "planer",
        "show_all": "Vis alle alligevel",
        "group_label": "{n} {kind}",
        "group_mixed": "{n} elementer",
        "group_hint": "Samlet gruppe. Filtrér på en plan eller elementtype for at se elementerne enkeltvis.",
        "kind": "Type",
        "in_plans": "Plan(er)",
        "owner": "Ejer",
        "status": "Status",
        "reaching": "Indsatser, der når målet",
        "delegated_to": "Overdraget til",
        "findings": "Fund",
        "more": "… og {n} mere",
        "emphasis": "Fremhævet",
        "dimmed": "Nedtonet (ingen overlap/konflikt)",
        "noscript": "Visningen kræver JavaScript.",
        "physics_running": "Beregner layout …",
        "plan_goals": "Mål: {n} (dækket {covered} · overdraget {delegated} · ikke dækket {uncovered})",
        "plans_coloured": "Planerne er farvet efter, hvor stor en del af deres mål der er dækket: rød 0 % … grøn 100 %.",
        "focus_hint": "Dobbeltklik på et element for kun at vise dets plan(er).",
        "group_expand": "Dobbeltklik for at folde gruppen ud: dens plan(er) vises enkeltvis.",
        "links_between": "{n} × {what}",
        "links_heaviest": "Mellem grupperne vises de {shown} stærkeste af {total} samlede forbindelser.",
        "edge_hinders": "modarbejder",
        "edge_conflictsWith": "afvejning",
        "edge_conflict": "konflikt",
        "edge_target-conflict": "forskellige måltal",
        "edge_direction-conflict": "modsat retning",
        "edge_timeline-conflict": "tidsplan",
        "edge_owner-conflict": "forskellige ejere",
        "edge_shared": "fælles",
        "edge_duplicate": "dublet",
        "edge_delegatedTo": "overdraget",
        "state_covered_shape": "fyldt cirkel",
        "state_delegated_shape": "fyldt cirkel, stiplet kant",
        "state_uncovered_shape": "tom ring, tyk kant",
        "graph_region": "Grafen",
    },
    "en": {
        "html_lang": "en",
        "view_coverage": "Coverage",
        "view_overlap": "Overlap",
        "view_conflicts": "Conflicts",
        "about_coverage": "Vision → strategies → goals → focus areas → initiatives. Colour = coverage; size = number of initiatives reaching the goal.",
        "about_overlap": "The plans side by side. Shared and duplicate goals and initiatives sit between the plans and are highlighted.",
        "about_conflicts": "Conflicts and trade-offs between goals, drawn over the goal hierarchy. Elements without a conflict are dimmed.",
        "search": "Search",
        "search_placeholder": "Search by name …",
        "matches": "{n} found",
        "no_matches": "Nothing found",
        "layout": "Layout",
        "layout_td": "Hierarchy, top down",
        "layout_lr": "Hierarchy, left to right",
        "layout_force": "Forces (physics stops once the graph is stable)",
        "fit": "Show the whole graph",
        "kinds": "Element kinds",
        "plans": "Plans",
        "all": "All",
        "none": "None",
        "legend": "Legend",
        "coverage": "Coverage",
        "edges": "Links",
        "details": "Details",
        "details_hint": "Click an element to see its details.",
        "shown": "{shown} of {total} elements shown",
        "aggregated": "{n} elements exceed the limit of {limit}: some are collapsed into groups. Filter by a plan or element kind to see them one by one.",
        "too_many": "{n} elements are too many to draw (limit {limit}): only {what} are shown. Choose a plan or fewer element kinds.",
        "too_many_goals": "plans and goals",
        "too_many_plans": "plans",
        "show_all": "Show all anyway",
        "group_label": "{n} {kind}",
        "group_mixed": "{n} elements",
        "group_hint": "A collapsed group. Filter by a plan or element kind to see the elements one by one.",
        "kind": "Kind",
        "in_plans": "Plan(s)",
        "owner": "Owner",
        "status": "Status",
        "reaching": "Initiatives reaching the goal",
        "delegated_to": "Delegated to",
        "findings": "Findings",
        "more": "… and {n} more",
        "emphasis": "Highlighted",
        "dimmed": "Dimmed (no overlap/conflict)",
        "noscript": "This view needs JavaScript.",
        "physics_running": "Computing the layout …",
        "plan_goals": "Goals: {n} ({covered} covered · {delegated} delegated · {uncovered} uncovered)",
        "plans_coloured": "The plans are coloured by the share of their goals that is covered: red 0 % … green 100 %.",
        "focus_hint": "Double-click an element to show its plan(s) only.",
        "group_expand": "Double-click to expand the group: its plan(s) are shown one element at a time.",
        "links_between": "{n} × {what}",
        "links_heaviest": "Between the groups, the {shown} strongest of {total} summed links are drawn.",
        "edge_hinders": "hinders",
        "edge_conflictsWith": "trade-off",
        "edge_conflict": "conflict",
        "edge_target-conflict": "different targets",
        "edge_direction-conflict": "opposite directions",
        "edge_timeline-conflict": "timeline",
        "edge_owner-conflict": "different owners",
        "edge_shared": "shared",
        "edge_duplicate": "duplicate",
        "edge_delegatedTo": "delegated",
        "state_covered_shape": "filled circle",
        "state_delegated_shape": "filled circle, dashed border",
        "state_uncovered_shape": "hollow ring, thick border",
        "graph_region": "The graph",
    },
}

#: kind → (singular, plural) per language.
KIND_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "da": {
        "vision": ("Vision", "visioner"),
        "strategy": ("Strategi", "strategier"),
        "plan": ("Plan", "planer"),
        "goal": ("Mål", "mål"),
        "focus_area": ("Indsatsområde", "indsatsområder"),
        "initiative": ("Indsats", "indsatser"),
        "indicator": ("Indikator", "indikatorer"),
        "actor": ("Aktør", "aktører"),
        "other": ("Andet", "andre"),
        "group": ("Gruppe", "grupper"),
    },
    "en": {
        "vision": ("Vision", "visions"),
        "strategy": ("Strategy", "strategies"),
        "plan": ("Plan", "plans"),
        "goal": ("Goal", "goals"),
        "focus_area": ("Focus area", "focus areas"),
        "initiative": ("Initiative", "initiatives"),
        "indicator": ("Indicator", "indicators"),
        "actor": ("Actor", "actors"),
        "other": ("Other", "others"),
        "group": ("Group", "groups"),
    },
}

STATE_WORDS = {
    "da": {"covered": "Dækket", "uncovered": "Ikke dækket", "delegated": "Overdraget"},
    "en": {"covered": "Covered", "uncovered": "Uncovered", "delegated": "Delegated"},
}
EDGE_WORDS = {
    "da": {
        "realizes": "realiserer",
        "hasGoal": "har mål",
        "hasInitiative": "har indsats",
        "contributesTo": "bidrager til",
        "hinders": "modarbejder",
        "conflictsWith": "afvejning (erklæret konflikt)",
        "measuredBy": "måles ved",
        "targets": "målsætning på indikator",
        "owner": "ejer",
        "stakeholder": "interessent",
        "delegatedTo": "overdraget til",
        "shared": "fælles (står i flere planer)",
        "duplicate": "dublet (siger det samme)",
        "conflict": "konflikt (fundet af analysen)",
        "group": "samlet gruppe",
    },
    "en": {
        "realizes": "realizes",
        "hasGoal": "has goal",
        "hasInitiative": "has initiative",
        "contributesTo": "contributes to",
        "hinders": "hinders",
        "conflictsWith": "trade-off (declared conflict)",
        "measuredBy": "measured by",
        "targets": "target on indicator",
        "owner": "owner",
        "stakeholder": "stakeholder",
        "delegatedTo": "delegated to",
        "shared": "shared (listed by several plans)",
        "duplicate": "duplicate (says the same thing)",
        "conflict": "conflict (found by the analysis)",
        "group": "collapsed group",
    },
}

#: The words of ``--colour progress`` and of the latest-observation line of a goal's tooltip: a table of
#: its own, sent with a page only when that page uses it (a page without them stays as it was). The
#: statuses are the analysis' words (alignment's PROGRESS_WORDS), ``no-target`` is the views' own.
PROGRESS_VIEW_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "progress": "Fremdrift",
        "no-target": "intet måltal",
        "about_coverage": "Vision → strategier → mål → indsatsområder → indsatser. Størrelse = antal indsatser, der når målet.",
        "about_progress": "Farve, kant og mærke = fremdrift for mål og planer (seneste måling mod den lige vej fra baseline til måltal). En plan eller vision har sit dårligste måltals status.",
        "measure": "Seneste måling: {latest} · mål: {target} · status: {status}",
        "measure_of": "{indicator}: seneste måling: {latest} · mål: {target} · status: {status}",
        "no_measure": "ingen måling",
        "no_value": "uden værdi",
        "measures_more": "… og {n} måltal mere",
        "progress_off-track_shape": "meget tyk kant",
        "progress_behind_shape": "stiplet kant",
        "progress_on-track_shape": "tynd kant",
        "progress_reached_shape": "mellemtyk kant",
        "progress_no-data_shape": "hvid, prikket kant",
        "progress_no-target_shape": "bleg, tynd grå kant",
    },
    "en": {
        "progress": "Progress",
        "no-target": "no target",
        "about_coverage": "Vision → strategies → goals → focus areas → initiatives. Size = number of initiatives reaching the goal.",
        "about_progress": "Colour, border and marker = progress of goals and plans (latest observation against the straight path from baseline to target). A plan or vision has the status of its worst target.",
        "measure": "Latest observation: {latest} · target: {target} · status: {status}",
        "measure_of": "{indicator}: latest observation: {latest} · target: {target} · status: {status}",
        "no_measure": "no observation",
        "no_value": "no value",
        "measures_more": "… and {n} more targets",
        "progress_off-track_shape": "very thick border",
        "progress_behind_shape": "dashed border",
        "progress_on-track_shape": "thin border",
        "progress_reached_shape": "medium border",
        "progress_no-data_shape": "white, dotted border",
        "progress_no-target_shape": "pale, thin grey border",
    },
}


def progress_words(lang: str) -> dict[str, str]:
    """The view's progress words in ``lang``, each status by its id (``off-track`` → ``af sporet``).

    >>> progress_words("da")["off-track"], progress_words("en")["no-target"]
    ('af sporet', 'no target')
    """
    statuses = {s: PROGRESS_WORDS[lang][s] for s in ("off-track", "behind", "on-track", "reached", "no-data")}
    return {**PROGRESS_VIEW_WORDS[lang], **statuses}
