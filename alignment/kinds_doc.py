"""``docs/findings.md``, the reference of the finding kinds, written from their declarations.

Run ``python -m alignment.kinds_doc`` after changing a kind (it rewrites the
file); ``python -m alignment.kinds_doc --check`` exits 1 when the checked-in
file differs from what the declarations give (``tests/test_kinds.py`` does the same).

>>> "## Conflicts" in findings_markdown()
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from ontology import markdown

from .findings import GROUPS, Kind
from .messages import GROUP_TITLES
from .queries import get_query
from .rules import DECLARATIONS

__all__ = ["findings_markdown", "DOC_PATH", "main"]

#: where the reference lives, from the repository's root
DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "findings.md"

_WAITS = {
    "": "first, with the other SPARQL rules",
    "texts": "after the text comparison (which a worker process may run meanwhile)",
    "findings": "last: it reads the other findings",
}

_INTRO = """\
# Finding kinds

<!-- Written by `python -m alignment.kinds_doc` from the kinds' declarations in
alignment/rules/ (overlap.py, duplicates.py, conflict.py, coverage.py): edit those, not this file. -->

Every finding of `stratalign analyze` and `check` has a kind, a group, a severity, its
subjects (sorted IRIs), its plans and a message in Danish or English (`--lang`). The JSON
shape is `{"kind", "group", "severity", "subjects", "plans", "message", "score"}`; `score`
is the text similarity of a duplicate found by its text, otherwise `null`. A duplicate found
by its text also has `matched`: the words of the two labels that matched, as
`[{"a": word, "b": word, "via": thesaurus term or "same word"}]` (the shipped Danish
thesaurus, plus `--thesaurus FILE.ttl` or `[similarity] thesaurus = [...]`). `analyze`'s JSON
adds `"evidence"`: a list with one `{"subject", "document", "page", "quote"}` per evidence
record of each subject, in the order of the subjects (a target's evidence counts for its goal;
`page` is `null` when the record gives none). The list is always there and empty when no
subject has evidence. The text, Markdown and HTML outputs show the first quote under the finding,
and "no evidence" (*ingen kildehenvisning*) only in a model that has evidence elsewhere.

Every duplicate (`duplicate-goal`, `duplicate-initiative`) also has `"cluster"` (in `analyze`'s
and `check`'s JSON, and in SARIF's result `properties`): the id of its cluster, the connected
group of duplicate pairs it is in (`dup-goal-1`, `dup-initiative-1`, …, numbered per kind by
size, largest first, then by the smallest member IRI). `analyze --format json` has a
`"duplicates"` section with `"clusters"` (`id`, `kind`, `size`, `label`, `best`, `members`,
`plans`, `pairs`, `min_score`, `max_score`; the best label is the member's with the highest sum
of pair scores to the others, a same-target pair counting 1.0, ties by label in code-point order,
then IRI) and `"plan_pairs"` (`plans`, `labels`, `goals`, `initiatives`, `clusters`: the duplicate
pairs between the two plans and the clusters they are in); the text, Markdown and HTML outputs list
the largest. Which plans duplicates are looked for between is `--duplicates-within
owner|municipality|plan-family|all` (or `[similarity] duplicates_within`; default `municipality`:
the plans' owners belong to the same top organisation along `org:subOrganizationOf`/`org:unitOf`,
and a plan whose municipality cannot be told is compared with every plan).

Change a kind's severity, or silence it with `"off"`, in `stratalign.toml` (in the working
directory) or `--config FILE`, under `[severity]`. A kind's rule is a named SPARQL query where
SPARQL expresses it: run it by hand with `stratalign query MODEL --name QUERY`.

Throughout, a goal's plans are the plans that list it or a goal it contributes to.
"""


def _kind_section(kind: Kind) -> list[str]:
    lines = [
        f'<a id="{kind.name}"></a>',
        "",
        f"### `{kind.name}` — {markdown(kind.rule_title['en'])}",
        "",
        f"Danish: *{markdown(kind.title['da'][0])}* — {markdown(kind.rule_title['da'])}",
        "",
        f"- **Group:** {kind.group} · **Default severity:** {kind.severity}",
        f"- **Subjects:** {markdown(kind.subjects)}",
    ]
    if kind.query is not None:
        query = get_query(kind.query)
        lines.append(
            f"- **Query:** [`{kind.query}`](../alignment/queries/{kind.query}.rq) — {markdown(query.description)}"
        )
    else:
        lines.append("- **Query:** none (the rule compares texts in Python)")
    lines += [
        f"- **Runs:** {_WAITS[kind.waits]}",
        f"- **Message:** `{kind.message['en']}`",
    ]
    decisions = kind.decisions.get("en", ())
    if decisions:
        lines.append("- **Decisions** (where the contract leaves room):")
        lines += [f"  - {markdown(decision)}" for decision in decisions]
    return lines + [""]


def findings_markdown() -> str:
    """The whole of ``docs/findings.md``: a table of every kind, then one section per kind, group by group."""
    lines = [_INTRO, "| Kind | Danish | Group | Default severity |", "|---|---|---|---|"]
    for kind in DECLARATIONS:
        lines.append(
            f"| [`{kind.name}`](#{kind.name}) | {markdown(kind.title['da'][0])} | {kind.group} | {kind.severity} |"
        )
    lines.append("")
    for group in GROUPS:
        lines += [f"## {GROUP_TITLES['en'][group]}", ""]
        for kind in DECLARATIONS:
            if kind.group == group:
                lines += _kind_section(kind)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/findings.md``; with ``--check``, only say whether it is up to date (exit 1 if not)."""
    args = sys.argv[1:] if argv is None else argv
    text = findings_markdown()
    if "--check" in args:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print(f"{DOC_PATH}: out of date; run `python -m alignment.kinds_doc`", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
