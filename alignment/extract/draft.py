"""A draft model from strategy documents: plans, goals with targets, focus areas, initiatives and
delegations, each with its evidence (document, page, exact quote, confidence).

>>> text = extract_yaml(["tests/data/extract/esbjerg-kommuneplan-2018.md"])
>>> "draft: true" in text and "value: 120000" in text
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from ontology import InputError

from ..similarity import TextItem, find_similar_pairs
from .patterns import Target, activity_cue, danish_share, delegated_to, goal_cue, list_kind, sentences, target_of
from .reading import Document, read_document

__all__ = ["Found", "Draft", "extract", "extract_yaml", "SAME_THRESHOLD", "DRAFT_BASE"]

#: Text similarity (alignment.similarity) from which a goal of a second document is the same goal: far
#: above the analysis's duplicate threshold (0.42), so only a restatement, not a related goal, is merged.
SAME_THRESHOLD = 0.9
DRAFT_BASE = "https://w3id.org/stratalign/draft/"
#: Below this share of common Danish words, with more English ones, a text is not Danish (see danish_share).
_MIN_WORDS = 20
_LABEL_WIDTH = 160


@dataclass
class Evidence:
    document: str
    page: int
    quote: str
    confidence: float
    start: int | None = None
    end: int | None = None

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "page": self.page, "quote": self.quote}
        if self.start is not None and self.end is not None:
            out["start"], out["end"] = self.start, self.end
        out["confidence"] = self.confidence
        return out


@dataclass
class Found:
    """One extracted element (goal, focus_area, initiative, or the document's plan)."""

    kind: str
    label: str
    evidence: list[Evidence]
    plans: list[str] = field(default_factory=list)
    target: Target | None = None
    delegated: str | None = None
    ident: str = ""


@dataclass
class Draft:
    documents: list[str]
    plans: list[Found]
    elements: list[Found]


def _evidence(doc: Document, page: int, quote: str, confidence: float) -> Evidence:
    text = doc.pages.get(page, "")
    start = text.find(quote)
    if start < 0:
        return Evidence(doc.name, page, quote, confidence)
    return Evidence(doc.name, page, quote, confidence, start, start + len(quote))


def _unnumbered(text: str) -> str:
    """The text without a leading section number ("3. Udvikling af Midtbyen"): no target of 3."""
    digits = len(text) - len(text.lstrip("0123456789."))
    return text[digits:].lstrip() if 0 < digits <= 6 and text[digits : digits + 1] == " " else text


def _label(text: str) -> str:
    """A label from a quote: one line, no trailing full stop, no leading "3. ", at most 160 characters."""
    text = " ".join(text.split()).rstrip(".")
    digits = len(text) - len(text.lstrip("0123456789"))
    if 0 < digits <= 3 and text[digits : digits + 2] == ". ":
        text = text[digits + 2 :]
    if "(" in text and text.endswith(")") and delegated_to(text):
        text = text[: text.rindex("(")].strip()
    if len(text) > _LABEL_WIDTH:
        text = text[: _LABEL_WIDTH - 1].rsplit(" ", 1)[0] + " …"
    return text


def _check_language(path: str, doc: Document) -> None:
    da, en, words = danish_share(doc.text())
    if words >= _MIN_WORDS and en > da:
        raise InputError(
            path,
            None,
            f"the text reads as English, not Danish ({en:.0%} common English words, {da:.0%} Danish): extract's patterns are Danish",
        )


def _read(doc: Document) -> tuple[Found, list[Found]]:
    headings = [b for b in doc.blocks if b.kind == "heading"]
    title_block = min(headings, key=lambda b: b.level) if headings else None
    title = _label(title_block.text) if title_block else Path(doc.name).stem
    plan_kind = "vision" if "vision" in title.casefold() else "strategy"
    page = title_block.page if title_block else 1
    plan = Found(plan_kind, title, [_evidence(doc, page, title_block.text, 0.9)] if title_block else [])
    found: list[Found] = []
    stack: list[tuple[int, str]] = []

    def context() -> str | None:
        for _, heading in reversed(stack):
            kind = list_kind(heading)
            if kind is not None:
                return kind
        return None

    def goal(text: str, page: int, confidence: float, delegated: str | None = None) -> None:
        found.append(
            Found(
                "goal",
                _label(text),
                [_evidence(doc, page, text, confidence)],
                target=target_of(_unnumbered(text)),
                delegated=delegated,
            )
        )

    for block in doc.blocks:
        if block.kind == "heading":
            if block is title_block:
                continue
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            body = delegated_to(block.text)
            if body:
                goal(block.text, block.page, 0.7, body)
            continue
        if block.kind == "item":
            body = delegated_to(block.text)
            kind = context()
            if body:
                goal(block.text, block.page, 0.7, body)
            elif kind == "goal":
                goal(block.text, block.page, 0.8)
            elif kind in ("initiative", "focus_area"):
                found.append(Found(kind, _label(block.text), [_evidence(doc, block.page, block.text, 0.75)]))
            elif goal_cue(block.text):
                goal(block.text, block.page, goal_cue(block.text) * 0.9)
            continue
        for sentence in sentences(block.text):
            if activity_cue(sentence):
                found.append(Found("initiative", _label(sentence), [_evidence(doc, block.page, sentence, 0.6)]))
            elif (confidence := goal_cue(sentence)) > 0:
                goal(sentence, block.page, confidence)
    return plan, found


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def extract(paths: Sequence[str | Path], *, check_language: bool = True) -> Draft:
    """Read every document and extract one draft model; an element found again in another document is one
    element with both evidence records and both plans (same normalised text, or similarity ≥ SAME_THRESHOLD)."""
    if not paths:
        raise InputError("<arguments>", None, "no document given: name one or more PDF, DOCX, Markdown or text files")
    plans: list[Found] = []
    elements: list[Found] = []
    for number, path in enumerate(paths):
        doc = read_document(path)
        if check_language:
            _check_language(str(path), doc)
        plan, found = _read(doc)
        plan.ident = f"plan-{number + 1}"
        plans.append(plan)
        for element in found:
            element.plans = [plan.ident]
        elements.extend(found)
    elements = _merge_same(elements)
    _name(plans, elements)
    return Draft([str(p) for p in paths], plans, elements)


def _merge_same(elements: list[Found]) -> list[Found]:
    """One element per meaning: same kind, and the same text or a restatement in another plan."""
    by_key: dict[tuple[str, str], Found] = {}
    out: list[Found] = []
    for element in elements:
        key = (element.kind, _norm(element.label))
        first = by_key.get(key)
        if first is not None and first.plans != element.plans:
            _absorb(first, element)
            continue
        if first is None:
            by_key[key] = element
        out.append(element)
    goals = [e for e in out if e.kind == "goal"]
    items = [TextItem(str(i), g.label, frozenset(g.plans)) for i, g in enumerate(goals)]
    gone: set[int] = set()
    for pair in find_similar_pairs(items, SAME_THRESHOLD):
        a, b = sorted((int(pair.a), int(pair.b)))
        if a in gone or b in gone:
            continue
        _absorb(goals[a], goals[b])
        gone.add(b)
    dropped = {id(goals[i]) for i in gone}
    return [e for e in out if id(e) not in dropped]


def _absorb(keep: Found, other: Found) -> None:
    keep.evidence.extend(other.evidence)
    keep.plans.extend(p for p in other.plans if p not in keep.plans)
    keep.target = keep.target or other.target
    keep.delegated = keep.delegated or other.delegated


def _slug(text: str) -> str:
    out, dash = [], False
    for char in text.casefold():
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:48].strip("-") or "x"


def _name(plans: list[Found], elements: list[Found]) -> None:
    used: set[str] = set()
    for element in [*plans, *elements]:
        prefix = {
            "vision": "vision",
            "strategy": "strategy",
            "goal": "goal",
            "focus_area": "focus",
            "initiative": "initiative",
        }
        base = f"{prefix[element.kind]}/{_slug(element.label)}"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        if element.kind in ("vision", "strategy"):
            old = element.ident
            element.ident = ident
            for other in elements:
                other.plans = [ident if p == old else p for p in other.plans]
        else:
            element.ident = ident


def _model(draft: Draft) -> dict[str, Any]:
    model: dict[str, Any] = {"stratalign": 1, "draft": True, "base": DRAFT_BASE, "lang": "da"}
    model["title"] = {"da": "Udkast: " + "; ".join(p.label for p in draft.plans)}
    actors: dict[str, str] = {}
    indicators: list[dict[str, Any]] = []
    sections: dict[str, list[dict[str, Any]]] = {"goals": [], "focus_areas": [], "initiatives": []}
    for element in draft.elements:
        entry: dict[str, Any] = {"id": element.ident, "label": element.label}
        entry["evidence"] = [e.record() for e in element.evidence]
        if element.delegated:
            actor = actors.setdefault(element.delegated, f"actor/{_slug(element.delegated)}")
            entry["delegated_to"] = [actor]
        if element.target is not None:
            t = element.target
            indicator = f"indicator/{element.ident.partition('/')[2]}"
            indicators.append(
                {"id": indicator, "label": f"Målepunkt: {element.label}"[:_LABEL_WIDTH], "unit": t.unit or "antal"}
            )
            target: dict[str, Any] = {"indicator": indicator, "value": t.value, "direction": t.direction}
            if t.year is not None:
                target["year"] = t.year
            target["evidence"] = [element.evidence[0].record()]
            entry["targets"] = [target]
        sections[{"goal": "goals", "focus_area": "focus_areas", "initiative": "initiatives"}[element.kind]].append(
            entry
        )
    for kind in ("vision", "strategy"):
        listed = []
        for plan in (p for p in draft.plans if p.kind == kind):
            entry = {"id": plan.ident, "label": plan.label, "evidence": [e.record() for e in plan.evidence]}
            goals = [e.ident for e in draft.elements if e.kind == "goal" and plan.ident in e.plans]
            initiatives = [e.ident for e in draft.elements if e.kind == "initiative" and plan.ident in e.plans]
            if goals:
                entry["goals"] = goals
            if initiatives:
                entry["initiatives"] = initiatives
            if not plan.evidence:
                del entry["evidence"]
            listed.append(entry)
        if listed:
            model["visions" if kind == "vision" else "strategies"] = listed
    for name, entries in sections.items():
        if entries:
            model[name] = entries
    if indicators:
        model["indicators"] = indicators
    if actors:
        model["actors"] = [{"id": ident, "label": label} for label, ident in actors.items()]
    return model


def extract_yaml(paths: Sequence[str | Path], *, check_language: bool = True) -> str:
    """The draft model of ``paths`` as YAML text that ``stratalign analyze`` reads as it is."""
    draft = extract(paths, check_language=check_language)
    head = (
        "# DRAFT written by `stratalign extract` from: "
        + ", ".join(Path(d).name for d in draft.documents)
        + "\n# Every element carries its evidence (document, page, exact quote) and a confidence (0..1):\n"
        "# check each against its source, then remove `draft: true`.\n"
    )
    return head + yaml.safe_dump(_model(draft), allow_unicode=True, sort_keys=False, width=100)
