"""Duplicates: distinct goals or initiatives of different plans that say the same thing.

Two ways to say the same thing: the same target (indicator, value and year; a
SPARQL rule), or text similar at or above the kind's threshold (Danish-aware
TF-IDF in :mod:`alignment.similarity`; the score goes into the finding).
"""
from __future__ import annotations

from collections import defaultdict

from .. import background
from ..context import Context
from ..findings import Finding
from ..messages import TEXT
from ..similarity import TextItem, find_similar_pairs

__all__ = ["duplicate_goal", "duplicate_initiative", "texts_of", "start_text_comparison"]

SA = "https://w3id.org/stratalign#"
#: kind → the element type whose texts it compares, and its threshold setting
_COMPARED = {"duplicate-goal": (SA + "Goal", "goal"), "duplicate-initiative": (SA + "Initiative", "initiative")}
#: Below this many texts a worker process costs more than it saves.
WORKER_MIN_ITEMS = 5_000


def texts_of(ctx: Context, type_iri: str) -> list[TextItem]:
    """One text per element: its Danish label, else its English one, else any.

    Comparing one language with one language: joining translations would let a
    goal labelled in two languages look unlike its Danish-only twin.
    """
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for element, kind, label, lang in ctx.select("goal-texts").values("element", "type", "label", "lang"):
        if kind == type_iri:
            labels[element].setdefault(lang or "", label)
    items = []
    for element, by_lang in labels.items():
        text = by_lang[min(by_lang, key=lambda k: (k != "da", k != "en", k))]
        items.append(TextItem(element, text, frozenset(ctx.plans_of.get(element, ()))))
    return items


def _compare(tasks: list[tuple[str, list[TextItem], float]]) -> dict[str, list[tuple[str, str, float]]]:
    return {kind: [(p.a, p.b, p.score) for p in find_similar_pairs(items, threshold)] for kind, items, threshold in tasks}


def start_text_comparison(ctx: Context) -> None:
    """Start comparing the texts of every enabled duplicate kind (in a worker process when large)."""
    tasks = []
    for kind, (type_iri, setting) in _COMPARED.items():
        if ctx.config.enabled(kind):
            items = [item for item in texts_of(ctx, type_iri) if item.groups]
            tasks.append((kind, items, ctx.config.thresholds[setting]))
    big = sum(len(items) for _, items, _ in tasks) >= WORKER_MIN_ITEMS
    ctx.pending["similar-texts"] = background.start(_compare, tasks, worth_it=big)


def _by_text(ctx: Context, kind: str) -> dict[frozenset[str], float]:
    if "similar-texts" not in ctx.pending:
        start_text_comparison(ctx)
    pairs = ctx.pending["similar-texts"].result().get(kind, [])
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
