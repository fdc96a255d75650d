"""Duplicates: distinct goals or initiatives of different plans that say the same thing.

Two ways to say the same thing: the same target (indicator, value and year; a
SPARQL rule), or text similar at or above the kind's threshold (Danish-aware
TF-IDF in :mod:`alignment.similarity`; the score goes into the finding).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ontology.store import SparqlStore

from .. import background
from ..config import Config
from ..context import Context, Membership
from ..findings import Finding
from ..messages import TEXT
from ..queries import get_query
from ..similarity import TextItem, find_similar_pairs

__all__ = ["duplicate_goal", "duplicate_initiative", "texts_of", "compare_texts", "provide_pairs", "start_text_comparison"]

SA = "https://w3id.org/stratalign#"
#: kind → the element type whose texts it compares, and its threshold setting
_COMPARED = {"duplicate-goal": (SA + "Goal", "goal"), "duplicate-initiative": (SA + "Initiative", "initiative")}
#: Below this many texts a worker process costs more than it saves.
WORKER_MIN_ITEMS = 5_000


def texts_of(ctx: Context, type_iri: str) -> list[TextItem]:
    """One text per element: its Danish label, else its English one, else any.

    Comparing one language with one language: joining translations would let a
    goal labelled in two languages look unlike its Danish-only twin. The
    query asks for the one type (an outer VALUES): the kinds are compared
    one at a time, often in different processes, and both halves together
    cost less than the whole.
    """
    answer = ctx.store.select(get_query("goal-texts").text.rstrip() + f"\nVALUES ?type {{ <{type_iri}> }}\n")
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for element, kind, label, lang in answer.values("element", "type", "label", "lang"):
        if kind == type_iri:
            labels[element].setdefault(lang or "", label)
    items = []
    for element, by_lang in labels.items():
        text = by_lang[min(by_lang, key=lambda k: (k != "da", k != "en", k))]
        items.append(TextItem(element, text, frozenset(ctx.plans_of.get(element, ()))))
    return items


def compare_texts(ctx: Context, kinds: Iterable[str] | None = None) -> dict[str, list[tuple[str, str, float]]]:
    """Compare the texts of each enabled duplicate kind (of ``kinds``, default all): kind → (a, b, score) pairs."""
    pairs = {}
    for kind in kinds if kinds is not None else _COMPARED:
        type_iri, setting = _COMPARED[kind]
        if ctx.config.enabled(kind):
            items = [item for item in texts_of(ctx, type_iri) if item.groups]
            pairs[kind] = [(p.a, p.b, p.score) for p in find_similar_pairs(items, ctx.config.thresholds[setting])]
    return pairs


def _compare_in_worker(
    store: SparqlStore, config: Config, kinds: list[str], membership: Membership, claims: background.Claims
) -> dict[str, list[tuple[str, str, float]]]:
    """Compare each kind that the main process has not claimed first (it takes one when it runs out of rules)."""
    ctx = Context.build(store, config, with_labels=False, membership=membership)
    pairs: dict[str, list[tuple[str, str, float]]] = {}
    for kind in kinds:
        if claims.claim(kind):
            pairs.update(compare_texts(ctx, [kind]))
    return pairs


def start_text_comparison(
    store: SparqlStore, config: Config, membership: Membership
) -> dict[str, tuple[background.Job, background.Claims]]:
    """On a large model, start comparing texts in worker processes now: the large kinds, one worker per spare core.

    ``membership`` is the plan membership the main process computed first
    (the workers inherit it). Returns kind → (job, claims), empty when no
    worker is worth it. The workers run while the main process does every
    other rule; :func:`duplicate_goal` and :func:`duplicate_initiative`
    collect their answers. A kind that no worker has begun when the main
    process gets to it is compared there (see :func:`_by_text`): on two
    cores at national scale (M) the worker compares initiatives while the
    main process, done with its rules, compares goals.
    """
    enabled = [kind for kind in _COMPARED if config.enabled(kind)]
    workers = background.worker_count()
    if not enabled or workers < 1:
        return {}
    counts = dict(store.select(get_query("element-counts").text).values("type", "count"))
    texts = {kind: int(counts.get(_COMPARED[kind][0]) or 0) for kind in enabled}
    if sum(texts.values()) < WORKER_MIN_ITEMS:
        return {}
    # Largest first; a small kind is compared here, where it costs less than a process.
    large = sorted((kind for kind in enabled if texts[kind] >= WORKER_MIN_ITEMS // 5), key=lambda k: (-texts[k], k))
    # Never more workers than spare cores: on two cores one worker compares both kinds in
    # turn, and the main process, which has the longer part (the SPARQL rules), keeps a
    # core to itself. A third process would slow it down by a third (and hold a second index).
    claims = background.Claims(large)
    jobs: dict[str, tuple[background.Job, background.Claims]] = {}
    for share in (large[i::workers] for i in range(min(workers, len(large)))):
        job = background.start(_compare_in_worker, store, config, share, membership, claims)
        jobs.update(dict.fromkeys(share, (job, claims)))
    return jobs


def provide_pairs(ctx: Context, pairs: dict[str, list[tuple[str, str, float]]]) -> None:
    """Hand pairs compared already (kind → (a, b, score)) to the duplicate rules of ``ctx``.

    ``benchmarks/run.py`` times the comparison as a stage of its own, then the rules.
    """
    claims = background.Claims(pairs)
    for kind in pairs:
        claims.claim(kind)  # taken: the rules wait for the job, which has the answer
    job = background.start(dict, pairs, worth_it=False)
    ctx.pending.update({"similar-texts:" + kind: (job, claims) for kind in pairs})


def _by_text(ctx: Context, kind: str) -> dict[frozenset[str], float]:
    pairs = None
    started = ctx.pending.get("similar-texts:" + kind)
    if started is not None:
        job, claims = started
        if not claims.claim(kind):  # a worker has begun it: wait for its answer
            pairs = job.result().get(kind)
    if pairs is None:  # no worker, none had begun it, or the one that had died: compare here
        pairs = compare_texts(ctx, [kind]).get(kind, [])
    return {frozenset((a, b)): score for a, b, score in pairs}


def _finding(ctx: Context, kind: str, pair: frozenset[str], score: float | None) -> Finding:
    a, b = sorted(pair)
    words = TEXT[ctx.lang]
    why = words["similar_text"].format(score=f"{score:.2f}") if score is not None else words["same_target"]
    return ctx.finding(kind, [a, b], score=score, why=why)


def duplicate_goal(ctx: Context) -> list[Finding]:
    by_text = _by_text(ctx, "duplicate-goal")
    by_target = {frozenset(row) for row in ctx.select("duplicate-goal-targets").values("goalA", "goalB")}
    pairs = {pair: by_text.get(pair) for pair in by_target} | by_text
    return [_finding(ctx, "duplicate-goal", pair, score) for pair, score in pairs.items() if len(pair) == 2]


def duplicate_initiative(ctx: Context) -> list[Finding]:
    by_text = _by_text(ctx, "duplicate-initiative")
    return [_finding(ctx, "duplicate-initiative", pair, score) for pair, score in by_text.items()]
