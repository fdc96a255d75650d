"""The what-if as text, JSON, Markdown or a self-contained HTML page.

Every line is built once as plain text (labels in «»), then written for its format: one line
without controls (text), Markdown-escaped (md) or HTML-escaped by the template (html).

>>> FORMATS
('text', 'json', 'md', 'html')
"""

from __future__ import annotations

import json
from pathlib import Path

from ontology import format_number, html_templates, markdown, one_line, percent

from ..findings import Finding
from ..messages import KIND_TITLES, SEVERITY_WORDS
from ..render import finite
from . import WhatIf
from .words import CURRENCY, WORDS

__all__ = ["FORMATS", "render_whatif", "amount", "sections"]

FORMATS = ("text", "json", "md", "html")
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def amount(lexical: str, unit: str, lang: str) -> str:
    """A budget in the language's number style: 2500000 DKK → '2.500.000 kr.' in Danish, '2,500,000 DKK' in English.

    An amount with øre has two decimals, as money is written ("2.500.000,5 kr." read as a typo).

    >>> amount("2500000.5", "DKK", "da"), amount("1250000.125", "DKK", "en"), amount("400000", "EUR", "da")
    ('2.500.000,50 kr.', '1,250,000.125 DKK', '400.000 EUR')
    """
    word = CURRENCY[lang] if unit == "DKK" else unit
    _, point, part = lexical.partition(".")
    if point and part.isdigit() and part.strip("0") and len(part.rstrip("0")) <= 2:
        return f"{format_number(lexical, lang, decimals=2)} {word}"  # øre: two decimals, not "2.500.000,5"
    return f"{format_number(lexical, lang)} {word}"


def _finding(f: Finding, lang: str) -> str:
    kind = KIND_TITLES[lang].get(f.kind, (f.kind,))[0]
    return f"[{SEVERITY_WORDS[lang][f.severity]}] {kind}: {f.message}"


def sections(result: WhatIf) -> list[tuple[str, list[str]]]:
    """(title, lines) in the order they are shown; the lines are plain text with untrusted labels in them."""
    w, lang = WORDS[result.lang], result.lang

    def q(iri: str) -> str:
        return f"«{result.label(iri)}»"

    changes = [w[c.kind].format(element=q(c.target), into=q(c.into) if c.into else "") for c in result.changes]
    out: list[tuple[str, list[str]]] = [(w["changes"], changes)]
    out.append((w["removed"], [q(e) for e in result.removed]))
    out.append((w["resolved"], [_finding(f, lang) for f in result.resolved]))
    out.append((w["new"], [_finding(f, lang) for f in result.new]))
    out.append((w["uncovered"], [q(g) for g in result.uncovered]))
    plan_lines = []
    for p in result.plans:
        b, a = p["before"], p["after"]
        if a is None:
            plan_lines.append(w["plan_dropped"].format(plan=q(p["plan"]), cov_before=percent(b["coverage"])))
            continue
        plan_lines.append(
            w["plan_line"].format(
                plan=q(p["plan"]),
                cov_before=percent(b["coverage"]),
                cov_after=percent(a["coverage"]),
                done_before=percent(b["completed_share"]),
                done_after=percent(a["completed_share"]),
                prog_before=percent(b["target_progress"]),
                prog_after=percent(a["target_progress"]),
            )
        )
    out.append((w["plans"], plan_lines))
    influence = []
    for entry in result.influence_lost:
        after = entry["strength_after"]
        influence.append(
            w["influence_line"].format(
                goal=q(entry["goal"]),
                before=f"{entry['strength_before']:+d}",
                sources=", ".join(q(s["iri"]) for s in entry["from"]),
                after=w["no_influence"] if after is None else f"{after:+d}",
            )
        )
    out.append((w["influence_lost"], influence))
    budget = [
        w["budget_line"].format(initiative=q(e["initiative"]), amount=amount(e["budget"], e["unit"], lang))
        for e in result.budget_freed
    ]
    totals = result.freed_totals()
    if totals:
        budget.append(w["budget_total"].format(amounts=", ".join(amount(n, unit, lang) for n, unit in totals)))
    out.append((w["budget_freed"], budget))
    return out


def _headline(result: WhatIf) -> str:
    return WORDS[result.lang]["findings"].format(
        resolved=len(result.resolved),
        new=len(result.new),
        unchanged=len(result.unchanged),
        before=len(result.before.findings),
        after=len(result.after.findings),
    )


def _text(result: WhatIf) -> str:
    w = WORDS[result.lang]
    lines = [w["title"], one_line(_headline(result)), ""]
    for title, rows in sections(result):
        lines.append(f"{title}:")
        lines += [f"  {one_line(row)}" for row in rows] or [f"  {w['nothing']}"]
        lines.append("")
    return "\n".join(lines)


def _markdown(result: WhatIf) -> str:
    w = WORDS[result.lang]
    lines = [f"# {w['title']}", "", markdown(_headline(result)), ""]
    for title, rows in sections(result):
        lines += [f"## {title}", ""]
        lines += [f"- {markdown(row)}" for row in rows] or [w["nothing"]]
        lines.append("")
    return "\n".join(lines)


def _html(result: WhatIf) -> str:
    template = html_templates(folder=str(_TEMPLATES)).get_template("whatif.html")
    html: str = template.render(
        lang=result.lang, w=WORDS[result.lang], headline=_headline(result), sections=sections(result)
    )
    return html


def render_whatif(result: WhatIf, fmt: str = "text") -> str:
    """The what-if as ``text``, ``json``, ``md`` or ``html`` (labels escaped for each)."""
    if fmt == "json":
        return json.dumps(finite(result.to_dict()), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(result)
    if fmt == "html":
        return _html(result)
    if fmt == "text":
        return _text(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
