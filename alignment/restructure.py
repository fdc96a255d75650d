"""Propose the Esbjerg memo's structure for any model: one common vision on top of every strategy.

The memo ("Proces mod ny Vision 2025 for velfærd og vækst", January 2018)
found that two strategies sharing goals caused confusion, and proposed one
common vision realized by separate strategies. :func:`restructure` applies
that model automatically:

1. one common vision on top: the model's vision if it has exactly one, else a
   new one (former visions become strategies under it);
2. every strategy realizes the common vision;
3. duplicate goals (``duplicate-goal`` findings of the analysis) are merged
   into one goal — the others' labels are kept as ``skos:altLabel``, their
   targets unless an equal or more precise one is already there, their
   owners, themes, sources and links — and a merged goal that came from
   several plans is lifted to the vision;
4. goals listed by several plans are lifted to the vision;
5. every other goal stays in the one plan that lists it;
6. initiatives follow their goals: an initiative that a plan lists is listed
   by the plan of the goals it serves (by the vision when those are in
   several strategies); owners are kept.

Steps 3 and 4 repeat until the analysis finds no shared and no duplicate goal.
Every move is recorded with its reason, for the explanation.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> proposal = restructure(load_model([example_path("esbjerg-2020")]))  # doctest: +SKIP
>>> proposal.remaining  # doctest: +SKIP
[]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

import pyoxigraph as ox

from ontology.loaders.yaml_writer import write_yaml
from ontology.model import Model
from ontology.namespaces import DCTERMS, RDF, RDFS, SA, SKOS
from ontology.results import one_line
from ontology.store import OxigraphStore

from .config import Config
from .context import Context, Labels
from .findings import KINDS, sort_findings
from .rules import RULES

__all__ = ["Move", "Proposal", "restructure", "CHECKED_KINDS"]

#: What the proposal must be free of.
CHECKED_KINDS = ("shared-goal", "duplicate-goal", "vision-mismatch")

_TYPE = ox.NamedNode(RDF + "type")
_VISION = ox.NamedNode(SA + "Vision")
_STRATEGY = ox.NamedNode(SA + "Strategy")
_PLAN = ox.NamedNode(SA + "Plan")
_GOAL = ox.NamedNode(SA + "Goal")
_INITIATIVE = ox.NamedNode(SA + "Initiative")
_REALIZES = ox.NamedNode(SA + "realizes")
_HAS_GOAL = ox.NamedNode(SA + "hasGoal")
_HAS_INITIATIVE = ox.NamedNode(SA + "hasInitiative")
_HAS_TARGET = ox.NamedNode(SA + "hasTarget")
_CONTRIBUTES = ox.NamedNode(SA + "contributesTo")
_CONFLICTS = ox.NamedNode(SA + "conflictsWith")
_OWNER = ox.NamedNode(SA + "owner")
_LABELS = (ox.NamedNode(RDFS + "label"), ox.NamedNode(SKOS + "prefLabel"))
_ALT_LABEL = ox.NamedNode(SKOS + "altLabel")
_TARGET_FACTS = {
    "indicator": ox.NamedNode(SA + "indicator"),
    "value": ox.NamedNode(SA + "targetValue"),
    "year": ox.NamedNode(SA + "targetYear"),
    "direction": ox.NamedNode(SA + "direction"),
}

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Forslag til ny struktur: én fælles vision",
        "intro": (
            "Forslaget følger modellen i Esbjerg Kommunes notat \"Proces mod ny Vision 2025 for velfærd og vækst\" (januar 2018): "
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
        "and": "og",
        "score": " (tekstlighed {score})",
        "same_target": " (samme måltal)",
        "vision_label": "Fælles vision",
        "vision_description": "Foreslået af stratalign restructure: én fælles vision over strategierne, som Esbjerg-notatet (2018) foreslår.",
    },
    "en": {
        "title": "Proposed structure: one common vision",
        "intro": (
            "The proposal follows the model of Esbjerg Municipality's memo \"Proces mod ny Vision 2025 for velfærd og vækst\" (January 2018): "
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
        "and": "and",
        "score": " (text similarity {score})",
        "same_target": " (same target)",
        "vision_label": "Common vision",
        "vision_description": "Proposed by stratalign restructure: one common vision over the strategies, as the Esbjerg memo (2018) proposes.",
    },
}

_SECTIONS = (
    ("vision", ("vision-reused", "vision-created", "vision-demoted", "typed-strategy")),
    ("strategies", ("realizes-added", "realizes-moved")),
    ("lifted", ("goal-lifted",)),
    ("merged", ("goal-merged", "target-dropped", "target-kept", "two-owners")),
    ("initiatives", ("initiative-moved", "initiative-lifted")),
)


@dataclass
class Move:
    """One change the proposal makes, with the IRIs it concerns (labels are looked up when explaining)."""

    kind: str
    subject: str
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    score: float | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "before": self.before, "after": self.after, "others": self.others, "score": self.score, **self.extra}


@dataclass
class Proposal:
    """The restructured graph, the moves that made it, and what the analysis still finds (should be nothing)."""

    triples: set[ox.Triple]
    vision: str
    moves: list[Move]
    labels: Labels
    base: str | None
    prefixes: dict[str, str]
    sources: list[str]
    lang: str = "da"
    remaining: list = field(default_factory=list)
    placement: dict[str, list[str]] = field(default_factory=dict)

    def quads(self) -> list[ox.Quad]:
        return [ox.Quad(t.subject, t.predicate, t.object) for t in sorted(self.triples, key=str)]

    def to_yaml(self) -> str:
        """The proposal as a model in the YAML authoring format (nothing lost: see the YAML writer)."""
        return write_yaml(self.quads(), base=self.base, prefixes=self.prefixes)

    def explain(self, fmt: str = "md") -> str:
        """Every move with its reason, as Markdown (``md``) or plain ``text``."""
        return _explain(self, fmt)


# -- graph helpers -------------------------------------------------------------


class _Graph:
    """A set of triples indexed by subject and by object (the restructuring only looks things up that way)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples: set[ox.Triple] = set()
        self._by_s: dict = defaultdict(set)
        self._by_o: dict = defaultdict(set)
        for t in triples:
            self.put(t)

    def put(self, t: ox.Triple) -> None:
        self.triples.add(t)
        self._by_s[t.subject].add(t)
        self._by_o[t.object].add(t)

    def discard(self, t: ox.Triple) -> None:
        self.triples.discard(t)
        self._by_s[t.subject].discard(t)
        self._by_o[t.object].discard(t)

    def objects(self, s, p) -> list:
        return sorted((t.object for t in self._by_s.get(s, ()) if t.predicate == p), key=str)

    def subjects(self, p, o) -> list:
        return sorted((t.subject for t in self._by_o.get(o, ()) if t.predicate == p), key=str)

    def about(self, s) -> list[ox.Triple]:
        return sorted(self._by_s.get(s, ()), key=str)

    def pointing(self, o) -> list[ox.Triple]:
        return sorted(self._by_o.get(o, ()), key=str)

    def typed(self, cls) -> list:
        return self.subjects(_TYPE, cls)

    def add(self, s, p, o) -> None:
        self.put(ox.Triple(s, p, o))

    def remove(self, s, p, o) -> None:
        self.discard(ox.Triple(s, p, o))

    def has(self, s, p, o) -> bool:
        return ox.Triple(s, p, o) in self.triples

    def store(self) -> OxigraphStore:
        store = OxigraphStore()
        store.add(ox.Quad(t.subject, t.predicate, t.object) for t in self.triples)
        return store


def _node(text: str) -> ox.NamedNode | ox.BlankNode:
    """An element named by a SPARQL answer as a term: an IRI has a scheme (so a colon), a blank node's id none.

    >>> _node("https://e.org/g"), _node("b1")
    (<NamedNode value=https://e.org/g>, <BlankNode value=b1>)
    """
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return ox.NamedNode(text) if ":" in text else ox.BlankNode(text)


def _number(term) -> Decimal | None:
    if term is None:
        return None
    try:
        return Decimal(term.value)
    except (InvalidOperation, AttributeError):
        return None


def _target(graph: _Graph, node) -> dict:
    facts = {}
    for name, predicate in _TARGET_FACTS.items():
        values = graph.objects(node, predicate)
        facts[name] = values[0] if values else None
    return facts


def _covered(graph: _Graph, target, by_targets: list) -> bool:
    """An equal or more precise target on the same indicator is already there."""
    mine = _target(graph, target)
    for other in by_targets:
        theirs = _target(graph, other)
        if mine["indicator"] is None or mine["indicator"] != theirs["indicator"]:
            continue
        if mine["value"] is not None and _number(mine["value"]) != _number(theirs["value"]):
            continue
        if mine["year"] is not None and (theirs["year"] is None or mine["year"].value != theirs["year"].value):
            continue
        if mine["direction"] is not None and mine["direction"] != theirs["direction"]:
            continue
        return True
    return False


def _new_iri(graph: _Graph, base: str, local: str) -> str:
    candidate, n = base + local, 1
    taken = {str(t.subject) for t in graph.triples} | {str(t.object) for t in graph.triples}
    while f"<{candidate}>" in taken:
        n += 1
        candidate = f"{base}{local}-{n}"
    return candidate


# -- the restructuring ---------------------------------------------------------


def restructure(model: Model, *, lang: str = "da", config: Config | None = None, max_rounds: int = 5) -> Proposal:
    """Apply the memo's model to ``model`` and return the proposal (see the module docstring).

    ``config`` gives the duplicate thresholds (as for ``analyze``).
    """
    config = config or Config()
    quads = ox.parse(model.store.dump_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    graph = _Graph(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    labels = Labels.from_store(model.store)
    base = model.prefixes.get("") or None
    moves: list[Move] = []

    # 1. One common vision.
    visions = graph.typed(_VISION)
    if len(visions) == 1:
        vision = visions[0]
        moves.append(Move("vision-reused", vision.value))
    else:
        from ontology.loaders.yaml_writer import _guess_base

        root = base or _guess_base([str(s.value) for s in graph.typed(_STRATEGY) + visions if isinstance(s, ox.NamedNode)])
        vision = ox.NamedNode(_new_iri(graph, root, "faelles-vision"))
        graph.add(vision, _TYPE, _VISION)
        for tag in ("da", "en"):
            graph.add(vision, _LABELS[0], ox.Literal(WORDS[tag]["vision_label"], language=tag))
            graph.add(vision, ox.NamedNode(DCTERMS + "description"), ox.Literal(WORDS[tag]["vision_description"], language=tag))
        labels.by_element[vision.value] = {"da": WORDS["da"]["vision_label"], "en": WORDS["en"]["vision_label"]}
        moves.append(Move("vision-created", vision.value, extra={"count": str(len(visions))}))
        for old in visions:
            graph.remove(old, _TYPE, _VISION)
            graph.add(old, _TYPE, _STRATEGY)
            moves.append(Move("vision-demoted", old.value, after=[vision.value]))
    for plan in graph.typed(_PLAN):
        if not graph.has(plan, _TYPE, _STRATEGY) and not graph.has(plan, _TYPE, _VISION):
            graph.add(plan, _TYPE, _STRATEGY)
            moves.append(Move("typed-strategy", plan.value))

    # 2. Every strategy realizes it.
    for strategy in graph.typed(_STRATEGY):
        if strategy == vision:
            continue
        before = graph.objects(strategy, _REALIZES)
        others = [v for v in before if v != vision]
        for other in others:
            graph.remove(strategy, _REALIZES, other)
        if vision not in before:
            graph.add(strategy, _REALIZES, vision)
            kind = "realizes-moved" if others else "realizes-added"
            moves.append(Move(kind, strategy.value, before=[v.value for v in others], after=[vision.value]))

    # 3./4. Merge duplicates and lift shared goals until none is left.
    only_duplicates = Config(severity={k: ("off" if k != "duplicate-goal" else "warning") for k in KINDS}, thresholds=dict(config.thresholds))
    for _ in range(max_rounds):
        changed = False
        ctx = Context.build(graph.store(), only_duplicates, lang)
        pairs = [(f.subjects, f.score) for f in RULES["duplicate-goal"](ctx)]
        for group, scores in _groups(pairs):
            _merge(graph, group, scores, vision, ctx, moves)
            changed = True
        for goal in graph.typed(_GOAL):
            plans = graph.subjects(_HAS_GOAL, goal)
            if len(plans) >= 2:
                for plan in plans:
                    if plan != vision:
                        graph.remove(plan, _HAS_GOAL, goal)
                graph.add(vision, _HAS_GOAL, goal)
                moves.append(Move("goal-lifted", goal.value, before=[p.value for p in plans], after=[vision.value]))
                changed = True
        if not changed:
            break

    # 6. Initiatives follow their goals.
    ctx = Context.build(graph.store(), only_duplicates, lang)
    for initiative in graph.typed(_INITIATIVE):
        listed = graph.subjects(_HAS_INITIATIVE, initiative)
        if not listed:
            continue
        goals = _reached_goals(graph, initiative)
        plans = {p for g in goals for p in ctx.plans_of.get(g.value, ()) if p != g.value and p in ctx.plan_types}
        strategies = sorted(p for p in plans if p != vision.value)
        if len(strategies) == 1:
            target = [strategies[0]]
        elif strategies or vision.value in plans:
            target = [vision.value]
        else:
            target = [listed[0].value] if len(listed) == 1 else [vision.value]
        if sorted(p.value for p in listed) != target:
            for plan in listed:
                graph.remove(plan, _HAS_INITIATIVE, initiative)
            graph.add(_node(target[0]), _HAS_INITIATIVE, initiative)
            served = [g.value for g in goals if target[0] in ctx.plans_of.get(g.value, ())]
            if len(strategies) >= 2:
                moves.append(Move("initiative-lifted", initiative.value, before=[p.value for p in listed], after=target, others=strategies))
            else:
                moves.append(Move("initiative-moved", initiative.value, before=[p.value for p in listed], after=target, others=served))

    # Check, and where every goal sits.
    # Checked even when the user's settings silence a kind.
    checks = Config(severity={k: (config.severity[k] if config.severity[k] != "off" else "warning") for k in KINDS}, thresholds=dict(config.thresholds))
    ctx = Context.build(graph.store(), checks, lang)
    remaining = sort_findings([f for kind in CHECKED_KINDS for f in RULES[kind](ctx)])
    placement: dict[str, list[str]] = {}
    for plan in sorted(ctx.plan_types, key=lambda p: (p != vision.value, labels.get(p, lang))):
        placement[plan] = sorted((g.value for g in graph.objects(_node(plan), _HAS_GOAL)), key=lambda g: labels.get(g, lang))
    return Proposal(graph.triples, vision.value, moves, labels, base, dict(model.prefixes), list(model.sources), lang, remaining, placement)


def _groups(pairs: list[tuple[tuple[str, ...], float | None]]) -> list[tuple[list[str], dict[str, float | None]]]:
    """Union-find over duplicate pairs: each group of goals that say the same thing, with the pair scores."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for subjects, _ in pairs:
        a, b = subjects[0], subjects[-1]
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        groups[find(x)].append(x)
    best: dict[str, float | None] = {}
    for subjects, score in pairs:
        for s in subjects:
            best[s] = score if best.get(s) is None else max(best[s], score or 0)
    out = []
    for members in groups.values():
        members = sorted(members)
        out.append((members, {m: best.get(m) for m in members}))
    return sorted(out, key=lambda g: g[0])


def _merge(graph: _Graph, group: list[str], scores: dict[str, float | None], vision, ctx: Context, moves: list[Move]) -> None:
    nodes = [_node(g) for g in group]

    def rank(node):
        in_vision = graph.has(vision, _HAS_GOAL, node)
        values = sum(1 for t in graph.objects(node, _HAS_TARGET) if graph.objects(t, _TARGET_FACTS["value"]))
        return (not in_vision, -values, -len(graph.about(node)), node.value)

    keeper = min(nodes, key=rank)
    others = [n for n in nodes if n != keeper]

    def plans_of(goal: str) -> list[str]:
        return sorted(p for p in ctx.plans_of.get(goal, ()) if p in ctx.plan_types)

    group_plans = sorted({p for g in group for p in plans_of(g)})
    lift = len(group_plans) >= 2
    move = Move("goal-merged", keeper.value, before=sorted({p for o in others for p in plans_of(o.value)}),
                others=[o.value for o in others], score=max((s for s in scores.values() if s is not None), default=None),
                extra={"lift": "yes" if lift else "no", "keeper_plans": " ".join(plans_of(keeper.value))})
    details: list[Move] = []
    keeper_labels = {t.object for p in _LABELS for t in graph.about(keeper) if t.predicate == p}
    for other in others:
        for t in graph.about(other):
            graph.discard(t)
            p, o = t.predicate, t.object
            if p == _TYPE or o == keeper and p in (_CONTRIBUTES, _CONFLICTS):
                continue
            if p in _LABELS:
                if o not in keeper_labels:
                    graph.add(keeper, _ALT_LABEL, o)
                continue
            if p == _HAS_TARGET:
                mine = _target(graph, o)
                text = _target_words(mine, ctx.lang)
                indicator = mine["indicator"].value if mine["indicator"] is not None else ""
                if _covered(graph, o, graph.objects(keeper, _HAS_TARGET)):
                    for fact in graph.about(o):
                        graph.discard(fact)
                    details.append(Move("target-dropped", keeper.value, others=[other.value], extra={"target": text, "indicator": indicator}))
                else:
                    graph.add(keeper, p, o)
                    details.append(Move("target-kept", keeper.value, others=[other.value], extra={"target": text, "indicator": indicator}))
                continue
            graph.add(keeper, p, other if o == other else o)
        for t in graph.pointing(other):
            graph.discard(t)
            if t.subject == keeper or t.subject == other or (lift and t.predicate == _HAS_GOAL):
                continue
            graph.add(t.subject, t.predicate, keeper)
    for t in list(graph.about(keeper)):
        if t.object in others:
            graph.discard(t)
    if lift:  # the merged goal served several plans: it belongs to the common vision
        for plan in graph.subjects(_HAS_GOAL, keeper):
            graph.remove(plan, _HAS_GOAL, keeper)
        graph.add(vision, _HAS_GOAL, keeper)
    owners = graph.objects(keeper, _OWNER)
    if len(owners) > 1:
        details.append(Move("two-owners", keeper.value, others=[o.value for o in owners]))
    move.after = sorted(p.value for p in graph.subjects(_HAS_GOAL, keeper)) or plans_of(keeper.value)
    moves.append(move)
    moves.extend(details)


_DIRECTION_WORDS = {
    "da": {"Increase": "øge", "Decrease": "mindske", "Maintain": "fastholde"},
    "en": {"Increase": "increase", "Decrease": "decrease", "Maintain": "maintain"},
}


def _target_words(facts: dict, lang: str) -> str:
    parts = []
    if facts["value"] is not None:
        parts.append(facts["value"].value)
    if facts["year"] is not None:
        parts.append(("i " if lang == "da" else "in ") + facts["year"].value)
    if facts["direction"] is not None:
        word = facts["direction"].value.rsplit("#", 1)[-1]
        parts.append(f"({_DIRECTION_WORDS[lang].get(word, word)})")
    return " ".join(parts) or "–"


def _reached_goals(graph: _Graph, start) -> list:
    seen, queue, goals = {start}, [start], []
    while queue:
        node = queue.pop()
        for nxt in graph.objects(node, _CONTRIBUTES):
            if nxt in seen:
                continue
            seen.add(nxt)
            queue.append(nxt)
            if graph.has(nxt, _TYPE, _GOAL):
                goals.append(nxt)
    return sorted(goals, key=str)


# -- the explanation -----------------------------------------------------------


def _md(text: str) -> str:
    text = one_line(text)
    for char, escaped in (("\\", "\\\\"), ("<", "&lt;"), (">", "&gt;"), ("[", "\\["), ("]", "\\]"), ("*", "\\*"), ("_", "\\_"), ("`", "\\`"), ("|", "\\|")):
        text = text.replace(char, escaped)
    return text


def _explain(proposal: Proposal, fmt: str) -> str:
    lang = proposal.lang
    w = WORDS[lang]
    esc = _md if fmt == "md" else one_line

    def q(iri: str) -> str:
        return "«" + esc(proposal.labels.get(iri, lang)) + "»"

    def many(iris: list[str]) -> str:
        if not iris:
            return w["none"]
        quoted = [q(i) for i in iris]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {w['and']} " + quoted[-1]

    def line(move: Move) -> str:
        score = ""
        if move.kind == "goal-merged":
            score = w["score"].format(score=f"{move.score:.2f}") if move.score is not None else w["same_target"]
        indicator = move.extra.get("indicator", "")
        return w[move.kind].format(
            subject=q(move.subject),
            vision=q(proposal.vision),
            before=many(move.before),
            after=many(move.after),
            others=many(move.others),
            keeper_plans=many(move.extra.get("keeper_plans", "").split()),
            other=many(move.others),
            owners=many(move.others),
            goals=many(move.others),
            score=score,
            count=move.extra.get("count", ""),
            target=esc(move.extra.get("target", "")),
            indicator=q(indicator) if indicator else "–",
        )

    out: list[str] = []
    heading = (lambda level, text: f"{'#' * level} {text}") if fmt == "md" else (lambda level, text: text if level > 1 else text.upper())
    bullet = "- " if fmt == "md" else "  - "
    out += [heading(1, w["title"]), "", esc(w["intro"]), "", esc(w["source"].format(sources=", ".join(proposal.sources) or "–"))]
    for section, kinds in _SECTIONS:
        found = [m for m in proposal.moves if m.kind in kinds]
        out += ["", heading(2, w[section]), ""]
        out += [bullet + line(m) for m in found] or [w["nothing"]]
    out += ["", heading(2, w["placement"]), ""]
    for plan, goals in proposal.placement.items():
        out.append(bullet + w["placement-line"].format(plan=q(plan), goals=many(goals)))
    out += ["", heading(2, w["check"]), ""]
    if proposal.remaining:
        left = "; ".join(f"{f.kind}: {esc(f.message)}" for f in proposal.remaining)
        out.append(w["check-left"].format(left=left))
    else:
        out.append(w["check-ok"])
    return "\n".join(out) + "\n"
