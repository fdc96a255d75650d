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

__all__ = ["duplicate_goal", "duplicate_initiative", "texts_of", "compare_texts", "start_text_comparison"]

SA = "https://w3id.org/stratalign#"
#: kind → the element type whose texts it compares, and its threshold setting
_COMPARED = {"duplicate-goal": (SA + "Goal", "goal"), "duplicate-initiative": (SA + "Initiative", "initiative")}
#: Below this many texts a worker process costs more than it saves.
WORKER_MIN_ITEMS = 5_000


def texts_of(ctx: Context, type_iri: str, *, alone: bool = False) -> list[TextItem]:
    """One text per element: its Danish label, else its English one, else any.

    Comparing one language with one language: joining translations would let a
    goal labelled in two languages look unlike its Danish-only twin. With
    ``alone`` (a worker comparing one kind) the query asks for that type only.
    """
    if alone:
        answer = ctx.store.select(get_query("goal-texts").text.rstrip() + f"\nVALUES ?type {{ <{type_iri}> }}\n")
    else:
        answer = ctx.select("goal-texts")
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for element, kind, label, lang in answer.values("element", "type", "label", "lang"):
        if kind == type_iri:
            labels[element].setdefault(lang or "", label)
    items = []
    for element, by_lang in labels.items():
        text = by_lang[min(by_lang, key=lambda k: (k != "da", k != "en", k))]
        items.append(TextItem(element, text, frozenset(ctx.plans_of.get(element, ()))))
    return items


def compare_texts(
    ctx: Context, kinds: Iterable[str] | None = None, *, alone: bool = False
) -> dict[str, list[tuple[str, str, float]]]:
    """Compare the texts of each enabled duplicate kind (of ``kinds``, default all): kind → (a, b, score) pairs."""
    pairs = {}
    for kind in kinds if kinds is not None else _COMPARED:
        type_iri, setting = _COMPARED[kind]
        if ctx.config.enabled(kind):
            items = [item for item in texts_of(ctx, type_iri, alone=alone) if item.groups]
            pairs[kind] = [(p.a, p.b, p.score) for p in find_similar_pairs(items, ctx.config.thresholds[setting])]
    return pairs


def _compare_in_worker(
    store: SparqlStore, config: Config, kinds: list[str], membership: Membership
) -> dict[str, list[tuple[str, str, float]]]:
    return compare_texts(Context.build(store, config, with_labels=False, membership=membership), kinds, alone=True)


def start_text_comparison(store: SparqlStore, config: Config, membership: Membership) -> dict[str, background.Job]:
    """On a large model, start comparing texts in worker processes now: the large kinds, one worker per spare core.

    ``membership`` is the plan membership the main process computed first
    (the workers inherit it). Returns kind → job (empty when no worker is worth it). The workers run
    while the main process does every other rule; :func:`duplicate_goal` and
    :func:`duplicate_initiative` collect their answers (a kind without a
    worker is compared in this process, see :func:`_by_text`).
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
    jobs: dict[str, background.Job] = {}
    for share in (large[i::workers] for i in range(min(workers, len(large)))):
        job = background.start(_compare_in_worker, store, config, share, membership)
        jobs.update(dict.fromkeys(share, job))
    return jobs


def _by_text(ctx: Context, kind: str) -> dict[frozenset[str], float]:
    job = ctx.pending.get("similar-texts:" + kind)
    if job is None:  # not started in a worker: compare here
        job = ctx.pending["similar-texts:" + kind] = background.start(compare_texts, ctx, [kind], worth_it=False)
    return {frozenset((a, b)): score for a, b, score in job.result().get(kind, [])}


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
