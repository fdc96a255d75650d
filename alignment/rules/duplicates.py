"""Duplicates: distinct goals or initiatives of different plans that say the same thing.

Two ways to say the same thing: the same target (indicator, value and year; a
SPARQL rule), or text similar at or above the kind's threshold (Danish-aware
TF-IDF in :mod:`alignment.similarity`; the score goes into the finding).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, TypeAlias, TypeVar

from ontology import SA

from .. import background
from ..findings import Finding, Kind
from ..messages import TEXT
from ..queries import get_query
from ..similarity import TextItem, Thesaurus, explained_pairs
from .conflict import format_number

if TYPE_CHECKING:  # the rules get a Context; this module is imported before it (the kinds are read early)
    from ..context import Context

__all__ = [
    "DECLARED",
    "duplicate_goal",
    "duplicate_initiative",
    "texts_of",
    "compare_texts",
    "comparison_groups",
    "similar_pairs_in_groups",
    "provide_pairs",
    "start_text_comparison",
    "gather_text_comparison",
]

#: kind → the element type whose texts it compares, and its threshold setting
_COMPARED = {"duplicate-goal": (SA + "Goal", "goal"), "duplicate-initiative": (SA + "Initiative", "initiative")}
#: Below this many texts a worker process costs more than it saves.
WORKER_MIN_ITEMS = 5_000


def texts_of(ctx: Context, type_iri: str) -> list[TextItem]:
    """One text per element of ``type_iri`` in a plan: its Danish label, else its English one, else any.

    The labels are the context's, the ones every finding shows (``rdfs:label``
    or ``skos:prefLabel``; of two in one language the first in code-point
    order). Comparing one language with one language: joining translations
    would let a goal labelled in two languages look unlike its Danish-only
    twin. An element in no plan has nothing to be duplicated across, and one
    without a label nothing to compare: both are left out.
    """
    query = get_query("elements-of-type").text.rstrip() + f"\nVALUES ?type {{ <{type_iri}> }}\n"
    labels, plans_of = ctx.labels, ctx.plans_of
    items = []
    for element, kind in ctx.store.select(query).values("element", "type"):
        plans = plans_of.get(element)  # shared frozensets: a worker's input pickles each once
        if kind == type_iri and plans and element in labels.by_element:
            # Labels.get's Danish chain: da, en, untagged, then the first tag
            items.append(TextItem(element, labels.get(element, "da"), plans))
    return items


#: The grouped comparison may hold at most this many times the corpus's items (an item in several
#: groups counts in each); beyond, one index over all texts is used (see :func:`comparison_groups`).
MAX_GROUPED_SHARE = 2


def comparison_groups(ctx: Context, items: list[TextItem]) -> list[list[TextItem]]:
    """The items split into the groups of ``--duplicates-within`` (:meth:`~alignment.scope.DuplicateScope.groups`),
    each compared on its own; one group when the scope is ``all`` or makes none.

    An item is in every group one of its plans is in. When the groups would hold more than
    :data:`MAX_GROUPED_SHARE` times the items (many plans whose municipality cannot be told, each in
    every group), the whole corpus is one group again: the comparison's cost stays within twice one
    comparison of everything, whatever the organisations.
    """
    if ctx.config.duplicates_within == "all" or len(items) < 2:
        return [items]
    plan_groups = ctx.duplicate_scope.groups({plan for item in items for plan in item.groups})
    if len(plan_groups) <= 1:
        return [items]
    member: dict[str, list[int]] = {}
    for g, plans in enumerate(plan_groups):
        for plan in plans:
            member.setdefault(plan, []).append(g)
    grouped: list[list[TextItem]] = [[] for _ in plan_groups]
    for item in items:
        at = {g for plan in item.groups for g in member.get(plan, ())}
        for g in sorted(at):
            grouped[g].append(item)
    if sum(len(g) for g in grouped) > MAX_GROUPED_SHARE * len(items):
        return [items]
    return [g for g in grouped if len(g) >= 2]


#: A compared pair: (a, b, score, the words that matched as (word of a, word of b, via)).
Compared: TypeAlias = "tuple[str, str, float, tuple[tuple[str, str, str], ...]]"


def similar_pairs_in_groups(
    groups: list[list[TextItem]], threshold: float, thesaurus: Thesaurus | None = None
) -> list[Compared]:
    """:func:`~alignment.similarity.explained_pairs` within each group, merged: (a, b, score, matched) sorted, a
    pair found in two groups with its higher score (each group weighs its words by its own texts).

    >>> p = lambda n: frozenset({n})
    >>> similar_pairs_in_groups([[TextItem("ex:a", "Flere i job", p("p1")), TextItem("ex:b", "Flere i job", p("p2"))],
    ...                          [TextItem("ex:c", "Færre ledige", p("p3"))]], 0.8)
    [('ex:a', 'ex:b', 1.0, (('job', 'job', 'same word'),))]
    """
    if len(groups) == 1:
        return explained_pairs(groups[0], threshold, thesaurus)
    return _merged(explained_pairs(group, threshold, thesaurus) for group in groups)


def _merged(found: Iterable[list[Compared]]) -> list[Compared]:
    """The pairs of several comparisons, sorted, each once with its highest score."""
    best: dict[tuple[str, str], tuple[float, tuple[tuple[str, str, str], ...]]] = {}
    for pairs in found:
        for a, b, score, matched in pairs:
            key = (a, b) if a < b else (b, a)
            known = best.get(key)
            if known is None or score > known[0]:
                best[key] = (score, matched)
    return [(a, b, score, matched) for (a, b), (score, matched) in sorted(best.items())]


def compare_texts(ctx: Context, kinds: Iterable[str] | None = None) -> dict[str, list[Compared]]:
    """Compare the texts of each enabled duplicate kind (of ``kinds``, default all): kind → (a, b, score, matched)."""
    pairs = {}
    for kind in kinds if kinds is not None else _COMPARED:
        type_iri, setting = _COMPARED[kind]
        if ctx.config.enabled(kind):
            groups = comparison_groups(ctx, texts_of(ctx, type_iri))
            pairs[kind] = similar_pairs_in_groups(groups, ctx.config.thresholds[setting], ctx.config.terms)
    return pairs


#: Texts per step of a comparison handed to a worker: the groups of a kind (one per municipality at
#: national scale) are shared out in steps of about this many texts, so the worker and this process,
#: once done with its rules, divide them (at M, 98 groups: initiatives in 11 steps, goals in 7).
STEP_TEXTS = 4_000


def _steps_of(groups: list[list[TextItem]]) -> list[list[list[TextItem]]]:
    """The groups in consecutive steps of about :data:`STEP_TEXTS` texts each (a group is never split)."""
    steps: list[list[list[TextItem]]] = [[]]
    size = 0
    for group in groups:
        if size >= STEP_TEXTS:
            steps.append([])
            size = 0
        steps[-1].append(group)
        size += len(group)
    return steps


class _Comparison:
    """A kind's comparison handed over as steps (``kind#0``, ``kind#1`` …): :meth:`result` merges their answers.

    The worker takes the steps first to last; this process asks for them last to first, so it
    computes the ones the worker has not begun, and the two meet in the middle.
    """

    def __init__(self, steps: background.Steps, names: list[str], order: list[str]) -> None:
        #: this kind's steps, and every kind's in the order the worker takes them
        self.steps, self.names, self.order = steps, names, order

    def gather(self) -> None:
        """Collect every kind's steps, last to first: this process computes each one the worker has not begun,
        before the findings of any kind are written, so the two processes meet in the middle of all of them
        (at M, the worker was left with the initiatives while this one wrote the goals' findings)."""
        for name in reversed(self.order):
            self.steps.result(name)

    def result(self, kind: str) -> list[Compared]:
        return _merged(self.steps.result(name) for name in reversed(self.names))

    def close(self) -> None:
        """Stop the worker if it still runs and remove the steps' files (once for all kinds is enough)."""
        self.steps.close()


def start_text_comparison(ctx: Context) -> dict[str, _Comparison]:
    """On a large model, start comparing texts in a worker process now: the large kinds, largest first.

    Returns kind → its :class:`_Comparison`, empty when no worker is worth it. The worker runs
    while the main process does every other rule; :func:`duplicate_goal` and
    :func:`duplicate_initiative` collect its answers. Each kind is handed over in steps of
    :data:`STEP_TEXTS` texts (its comparison groups, :func:`comparison_groups`); a step that the
    worker has not begun when the main process gets to it is compared there: on two cores at
    national scale (M) the worker compares initiatives from the first step on while the main
    process, done with its rules, compares goals and then initiatives from the last step back.
    """
    enabled = [kind for kind in _COMPARED if ctx.config.enabled(kind)]
    workers = background.worker_count()
    if not enabled or workers < 1:
        return {}
    counts = dict(ctx.select("element-counts").values("type", "count"))
    texts = {kind: int(counts.get(_COMPARED[kind][0]) or 0) for kind in enabled}
    if sum(texts.values()) < WORKER_MIN_ITEMS:
        return {}
    # Largest first; a small kind is compared here, where it costs less than handing it over.
    large = sorted((kind for kind in enabled if texts[kind] >= WORKER_MIN_ITEMS // 5), key=lambda k: (-texts[k], k))
    chunks = {kind: _steps_of(comparison_groups(ctx, texts_of(ctx, _COMPARED[kind][0]))) for kind in large}
    names = {kind: [f"{kind}#{n}" for n in range(len(chunks[kind]))] for kind in large}
    # Never more workers than spare cores: on two cores one worker compares both kinds in
    # turn, and the main process, which has the longer part (the SPARQL rules), keeps a
    # core to itself. A third process would slow it down by a third (and hold a second index).
    order = [name for kind in large for name in names[kind]]
    try:
        steps = background.Steps(order, workers)
    except OSError:  # no temporary folder to hand texts over in: compare them here
        return {}
    for kind in large:  # the worker begins the first step while the next ones are written
        threshold = ctx.config.thresholds[_COMPARED[kind][1]]
        for name, groups in zip(names[kind], chunks[kind]):
            steps.give(name, similar_pairs_in_groups, groups, threshold, ctx.config.terms)
    return {kind: _Comparison(steps, names[kind], order) for kind in large}


def gather_text_comparison(ctx: Context) -> None:
    """Collect the comparison handed to a worker (:func:`start_text_comparison`), if any: every step, the last
    first, this process computing the ones the worker has not begun (:meth:`_Comparison.gather`)."""
    for started in ctx.pending.values():
        if isinstance(started, _Comparison):
            started.gather()
            return


def provide_pairs(ctx: Context, pairs: dict[str, list[Compared]]) -> None:
    """Hand pairs compared already (kind → (a, b, score, matched)) to the duplicate rules of ``ctx``.

    ``benchmarks/run.py`` times the comparison as a stage of its own, then the rules.
    """
    done = background.Done(pairs)
    ctx.pending.update({"similar-texts:" + kind: done for kind in pairs})


def _by_text(ctx: Context, kind: str) -> tuple[dict[frozenset[str], float], dict[frozenset[str], _Matched]]:
    """The pairs alike by text: pair → score, and pair → the words that matched."""
    started = ctx.pending.get("similar-texts:" + kind)
    # Started in a worker (collected, or compared here if the worker had not begun it), else compared here.
    pairs = started.result(kind) if started is not None else compare_texts(ctx, [kind]).get(kind, [])
    scores, matched = {}, {}
    for a, b, score, words in pairs:
        pair = frozenset((a, b))
        scores[pair] = score
        matched[pair] = words
    return scores, matched


_Matched: TypeAlias = "tuple[tuple[str, str, str], ...]"


def _finding(ctx: Context, kind: str, pair: frozenset[str], score: float | None, matched: _Matched | None) -> Finding:
    """``matched``: the words behind a text score, for the JSON (same-target pairs have none)."""
    a, b = sorted(pair)
    words = TEXT[ctx.lang]
    why = (
        words["similar_text"].format(score=format_number(f"{score:.2f}", ctx.lang, decimals=2))
        if score is not None
        else words["same_target"]
    )
    return ctx.finding(kind, [a, b], score=score, why=why, matched=matched if score is not None else None)


_Score = TypeVar("_Score", float, "float | None")


def _in_scope(ctx: Context, pairs: dict[frozenset[str], _Score]) -> dict[frozenset[str], _Score]:
    """The pairs within ``--duplicates-within`` (:mod:`alignment.scope`): filtered after the comparison in groups."""
    if ctx.config.duplicates_within == "all" or not pairs:
        return pairs
    scope, plans_of = ctx.duplicate_scope, ctx.plans_of
    kept = {}
    for pair, score in pairs.items():
        a, b = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        in_a, in_b = plans_of.get(a), plans_of.get(b)
        if not in_a or not in_b or scope.in_scope(in_a, in_b):  # an element in no plan: nothing to tell by
            kept[pair] = score
    return kept


def duplicate_goal(ctx: Context) -> list[Finding]:
    by_text, matched = _by_text(ctx, "duplicate-goal")
    by_target = {frozenset(row) for row in ctx.select("duplicate-goal-targets").values("goalA", "goalB")}
    found: dict[frozenset[str], float | None] = {pair: by_text.get(pair) for pair in by_target}
    found.update(by_text)
    pairs = _in_scope(ctx, found)
    return [
        _finding(ctx, "duplicate-goal", pair, score, matched.get(pair))
        for pair, score in pairs.items()
        if len(pair) == 2
    ]


DUPLICATE_GOAL = Kind(
    "duplicate-goal",
    "overlap",
    "warning",
    duplicate_goal,
    title={"da": ("dubleret mål", "dublerede mål"), "en": ("duplicate goal", "duplicate goals")},
    rule_title={
        "da": "Mål i forskellige planer, der siger det samme",
        "en": "Goals in different plans that say the same thing",
    },
    message={
        "da": "Målene {a} og {b} i forskellige planer siger det samme{why}: slå dem sammen eller løft dem til en fælles vision.",
        "en": "The goals {a} and {b} in different plans say the same thing{why}: merge them or lift them to a common vision.",
    },
    query="duplicate-goal-targets",
    waits="texts",
    subjects="the two goals",
    decisions={
        "en": (
            "Two goals of different plans are duplicates when they have a target with the same indicator, value and year, "
            "or when their labels (the Danish one, else the English one) are alike at or above the goal threshold.",
            "Only pairs within --duplicates-within count (default municipality: the two plans' owners belong to the same "
            "top organisation, and a plan whose municipality cannot be told is compared with every plan); "
            "texts are compared within the scope's groups (one per municipality, owner or plan family; a plan "
            "whose municipality cannot be told in each), so a municipality's duplicates do not depend on the "
            "other municipalities in the model; the scope then filters the pairs, same-target pairs too.",
        ),
        "da": (
            "To mål i forskellige planer er dubletter, når de har et måltal med samme indikator, værdi og år, "
            "eller når deres etiketter (den danske, ellers den engelske) ligner hinanden mindst så meget som målgrænsen.",
            "Kun par inden for --duplicates-within tæller (standard municipality: de to planers ejere hører til samme "
            "øverste organisation, og en plan, hvis kommune ikke kan afgøres, sammenlignes med alle planer); "
            "teksterne sammenlignes inden for rammens grupper (én pr. kommune, ejer eller planfamilie; en plan, "
            "hvis kommune ikke kan afgøres, i hver), så en kommunes dubletter ikke afhænger af de andre kommuner "
            "i modellen; derefter filtrerer rammen parrene, også par med samme måltal.",
        ),
    },
)


def duplicate_initiative(ctx: Context) -> list[Finding]:
    scores, matched = _by_text(ctx, "duplicate-initiative")
    by_text = _in_scope(ctx, scores)
    return [_finding(ctx, "duplicate-initiative", pair, score, matched.get(pair)) for pair, score in by_text.items()]


DUPLICATE_INITIATIVE = Kind(
    "duplicate-initiative",
    "overlap",
    "warning",
    duplicate_initiative,
    title={"da": ("dubleret indsats", "dublerede indsatser"), "en": ("duplicate initiative", "duplicate initiatives")},
    rule_title={
        "da": "Indsatser i forskellige planer, der ligner hinanden",
        "en": "Initiatives in different plans that look alike",
    },
    message={
        "da": "Indsatserne {a} og {b} i forskellige planer ligner hinanden{why}: er det samme indsats?",
        "en": "The initiatives {a} and {b} in different plans look alike{why}: are they the same initiative?",
    },
    waits="texts",
    subjects="the two initiatives",
    decisions={
        "en": (
            "Two initiatives of different plans are duplicates when their labels (the Danish one, else the English one) "
            "are alike at or above the initiative threshold.",
            "Only pairs within --duplicates-within count (default municipality, as for duplicate goals).",
        ),
        "da": (
            "To indsatser i forskellige planer er dubletter, når deres etiketter (den danske, ellers den engelske) "
            "ligner hinanden mindst så meget som indsatsgrænsen.",
            "Kun par inden for --duplicates-within tæller (standard municipality, som for dublerede mål).",
        ),
    },
)

#: The kinds of this family, in the order of the findings.
DECLARED: tuple[Kind, ...] = (DUPLICATE_GOAL, DUPLICATE_INITIATIVE)
