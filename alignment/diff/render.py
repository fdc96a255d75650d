"""The diff as plain text (one line per entry, controls removed), JSON, or a self-contained HTML page.

>>> FORMATS
('text', 'json', 'html')
"""

from __future__ import annotations

import json
from pathlib import Path

from ontology import format_number, html_templates, without_controls

from .result import Diff, Entry, OldSide, PlanEntry
from .words import WORDS

__all__ = ["FORMATS", "render_diff"]

FORMATS = ("text", "json", "html")
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_MARKS = {"kept": "=", "renamed": "~", "merged": "»"}


def _how(side: OldSide, lang: str) -> str:
    """How an old element was found again: same IRI, same id, or text similarity (and the same indicator)."""
    w = WORDS[lang]
    if side.match == "text":
        key = "match_indicator" if side.same_indicator else "match_text"
        return w[key].format(score=format_number(f"{side.score:.2f}", lang, decimals=2))
    return w.get(f"match_{side.match}", side.match or "")


def _counts(diff: Diff, entries: list[Entry]) -> dict[str, str]:
    """The summary's counts in the language's number style, as analyze writes its counts (a national
    model's diff keeps more than a thousand goals: '1.234 beholdt')."""
    return {key: format_number(str(n), diff.lang) for key, n in diff.counts(entries).items()}


def _plan_lines(diff: Diff) -> list[str]:
    w = WORDS[diff.lang]
    plans: list[PlanEntry] = diff.plans
    lines = [
        f"{w['plans']}: "
        + w["plans_summary"].format(
            **{
                status: format_number(str(sum(p.status == status for p in plans)), diff.lang)
                for status in ("matched", "added", "dropped")
            }
        )
    ]
    for p in plans:
        if p.status == "matched":
            how = (
                w["match_text"].format(score=format_number(f"{p.score:.2f}", diff.lang, decimals=2))
                if p.match == "text"
                else w.get(f"match_{p.match}", p.match)
            )
            lines.append(f"  «{p.old_label}» → «{p.new_label}» ({how})")
        else:
            lines.append(f"  {w[p.status]}: «{p.old_label or p.new_label}»")
    return lines


def _entry_lines(e: Entry, lang: str) -> list[str]:
    w = WORDS[lang]
    if e.status == "added" and e.new is not None:
        return [f"  + {w['added']}: «{e.new['label']}» ({', '.join(e.new['plan_labels']) or '–'})"]
    if e.status == "dropped":
        return [f"  - {w['dropped']}: «{e.old[0].label}» ({', '.join(e.old[0].plan_labels) or '–'})"]
    assert e.new is not None  # kept, renamed and merged entries have a new side
    if e.status == "kept" and not e.moved and not any(o.changes for o in e.old):
        return [f"  = {w['kept']}: «{e.new['label']}»"]
    lines = [f"  {_MARKS[e.status]} {w[e.status]}: «{e.new['label']}»"]
    for side in e.old:
        lines.append(f"      {w['from']} «{side.label}» ({_how(side, lang)})")
        if side.moved:
            lines.append(
                "        "
                + w["moved_text"].format(
                    old=", ".join(side.moved["from"]) or "–", new=", ".join(side.moved["to"]) or "–"
                )
            )
        lines += [f"        {change.message}" for change in side.changes]
    return lines


def _evidence_line(diff: Diff, e: Entry) -> str:
    """The first quote behind an entry (the new version's; a dropped element's from the old one)."""
    w = WORDS[diff.lang]
    if e.new is not None:
        first = diff.new_evidence.first((e.new["iri"],)) or diff.old_evidence.first(o.iri for o in e.old)
    else:
        first = diff.old_evidence.first(o.iri for o in e.old)
    if first is None:
        return f"({w['no_evidence']})"
    return f"«{first.short()}» ({first.where(w['page_word'])})"


def _text(diff: Diff) -> str:
    w = WORDS[diff.lang]
    lines = [w["title"], f"{w['old']}: {diff.old_title}", f"{w['new']}: {diff.new_title}", ""]
    lines += _plan_lines(diff)
    for title, entries in ((w["goals"], diff.goals), (w["initiatives"], diff.initiatives)):
        lines += ["", f"{title}: " + w["summary"].format(**_counts(diff, entries))]
        for e in entries:
            lines += _entry_lines(e, diff.lang)
            if diff.old_evidence.present or diff.new_evidence.present:
                lines.append("      " + _evidence_line(diff, e))
    # Labels are untrusted: a line break in one must not forge a line, a control character must not reach the terminal.
    return "\n".join(map(without_controls, lines)) + "\n"


def _html(diff: Diff) -> str:
    template = html_templates(folder=str(_TEMPLATES)).get_template("diff.html")
    shown = diff.old_evidence.present or diff.new_evidence.present  # a diff without evidence stays as it was
    html: str = template.render(
        diff=diff,
        w=WORDS[diff.lang],
        how=lambda side: _how(side, diff.lang),
        number=lambda lexical: format_number(lexical, diff.lang),
        counts=lambda entries: _counts(diff, entries),
        evidence=lambda e: _evidence_line(diff, e) if shown else "",
    )
    return html


def render_diff(diff: Diff, fmt: str = "text") -> str:
    """The diff as ``text``, ``json`` or a self-contained ``html`` page (labels escaped, inline CSS, no requests)."""
    if fmt == "json":
        return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _html(diff)
    if fmt == "text":
        return _text(diff)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
