"""Duplicate decisions: a person's verdict on a duplicate pair, kept as data and honoured by every run.

A decision says of two goals (or two initiatives) either *not-duplicate*
(``sa:notDuplicateOf``) or *merge-accepted* (``sa:duplicateOf``). It is the
plain symmetric triple, or an ``sa:DuplicateDecision`` node that also carries
the reason (``dcterms:description``), the date and who decided::

    ex:g-a sa:notDuplicateOf ex:g-b .
    [] a sa:DuplicateDecision ; sa:decisionOn ex:g-a , ex:g-b ;
       sa:verdict sa:MergeAccepted ; dcterms:description "Same goal, two wordings" .

Decisions come from the model itself (RDF, or ``not_duplicate_of:`` /
``duplicate_of:`` on a goal or an initiative in YAML) and from decisions files
(``--decisions FILE``, ``[decisions] files``): any RDF syntax the loaders read,
or YAML, a list of entries in the element keys' form::

    - id: g-a                    # an id (the part after the base IRI) or a full IRI
      not_duplicate_of: g-b      # or duplicate_of: (merge accepted); one id or a list
      reason: Different target groups
      date: 2026-05-01           # optional, as is by:

:func:`apply_decisions` takes each duplicate finding whose pair is decided out
of the findings and lists it as decided; a decision that matches no finding is
stale, reported, never dropped. Of two decisions on one pair the later wins
(the model's first, then the files in order); one file deciding a pair twice
differently is bad input.

>>> d = read_decisions_yaml("- {id: a, duplicate_of: b, reason: same}\\n", "d.yaml")
>>> d[0].verdict, d[0].subjects, d[0].line
('merge-accepted', ('a', 'b'), 1)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ontology import SA, InputError, excerpt

from .findings import Finding
from .listfiles import names_iri, node_error, read_text, yaml_list
from .queries import get_query

if TYPE_CHECKING:
    from ontology import SparqlStore

    from .context import Context

__all__ = [
    "Decision",
    "Decided",
    "VERDICTS",
    "DECIDED_KINDS",
    "load_decisions",
    "read_decisions_yaml",
    "model_decisions",
    "resolve_decisions",
    "decide",
    "apply_decisions",
]

#: The verdicts, as JSON writes them.
VERDICTS = ("not-duplicate", "merge-accepted")
#: The finding kinds a decision applies to.
DECIDED_KINDS = ("duplicate-goal", "duplicate-initiative")
_YAML_KEYS = {"not_duplicate_of": "not-duplicate", "duplicate_of": "merge-accepted"}
_KEYS = ("id", *_YAML_KEYS, "reason", "date", "by")
_SEPARATORS = re.compile(r"[/#:]")
_TYPE_WORD = {SA + "Goal": "a goal", SA + "Initiative": "an initiative"}


@dataclass(frozen=True)
class Decision:
    """One decision: the two elements (sorted once resolved), the verdict, why, when, by whom, and where written.

    ``file`` is None for a decision in the model.
    """

    subjects: tuple[str, str]
    verdict: str
    reason: str | None = None
    date: str | None = None
    creator: str | None = None
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of a decision (``analyze``'s ``decided`` and ``stale_decisions``, check's ``decided``).

        >>> Decision(("a", "b"), "not-duplicate").to_dict()["verdict"]
        'not-duplicate'
        """
        return {
            "subjects": list(self.subjects),
            "verdict": self.verdict,
            "reason": self.reason,
            "date": self.date,
            "creator": self.creator,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class Decided:
    """A duplicate finding taken out of the findings by its decision."""

    finding: Finding
    decision: Decision

    def to_dict(self) -> dict[str, Any]:
        """The finding's kind, subjects, plans, message and score, then the decision's fields."""
        f = self.finding
        return {
            "kind": f.kind,
            "subjects": list(f.subjects),
            "plans": list(f.plans),
            "message": f.message,
            "score": f.score,
            **{k: v for k, v in self.decision.to_dict().items() if k != "subjects"},
        }


# -- reading -------------------------------------------------------------------


def load_decisions(path: str | Path) -> list[Decision]:
    """Read a decisions file: YAML (``.yaml``, ``.yml``) or any RDF syntax the loaders read.

    Bad input is an :class:`InputError` naming the file, the line and the problem (exit 2).
    """
    name = str(path)
    file = Path(path)
    if file.suffix.lower() in (".yaml", ".yml"):
        return read_decisions_yaml(read_text(file, "decisions file"), name)
    if not file.exists():
        raise InputError(name, None, "no such decisions file")
    if file.is_dir():
        raise InputError(name, None, "is a folder, not a decisions file")
    from ontology import load_model

    model = load_model([file])
    decisions = model_decisions(model.store)
    if not decisions:
        raise InputError(
            name, None, "holds no duplicate decision (sa:notDuplicateOf, sa:duplicateOf or sa:DuplicateDecision)"
        )
    try:
        lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        lines = []
    index = _name_index(lines)
    placed = [replace(d, file=name, line=_line_of(lines, d.subjects, index)) for d in decisions]
    _check_twice(placed)
    return placed


def _line_of(lines: list[str], subjects: tuple[str, ...], index: dict[str, list[int]] | None = None) -> int | None:
    """The first line that names both subjects (their IRIs or local names), else the first that names one.

    ``index`` is :func:`_name_index` of ``lines``, made once per file: looking each decision up in it
    keeps a file of thousands of decisions linear (a scan of every line per decision was quadratic).

    >>> _line_of(["@prefix ex: <https://e/> .", "ex:a sa:notDuplicateOf ex:b ."], ("https://e/a", "https://e/b"))
    2
    """
    index = _name_index(lines) if index is None else index
    found = []
    for iri in subjects:
        local = _SEPARATORS.split(iri)[-1] or iri
        found.append(set(index.get(iri, ())) | set(index.get(local, ())))
    both = set.intersection(*found) if found else set()
    if both:
        return min(both)
    either = set().union(*found)
    return min(either) if either else None


#: What ends a name on a line of Turtle, N-Triples, JSON-LD or RDF/XML (a character class: linear).
_NAME_ENDS = re.compile(r"[\s<>;,()\[\]{}\"'=]+")


def _name_index(lines: list[str]) -> dict[str, list[int]]:
    """Each name on the lines (an IRI, a prefixed name and its local part) → the numbers of the lines naming it."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        names: set[str] = set()
        for token in _NAME_ENDS.split(line):
            token = token.rstrip(".")
            if token:
                names.add(token)
                names.add(_SEPARATORS.split(token)[-1])
        for name in names:
            index.setdefault(name, []).append(number)
    return index


def model_decisions(store: SparqlStore) -> list[Decision]:
    """The decisions the store holds (the named query ``duplicate-decisions``), one per pair and verdict."""
    seen: dict[tuple[frozenset[str], str], Decision] = {}
    rows = store.select(get_query("duplicate-decisions").text).values("a", "b", "verdict", "reason", "date", "creator")
    for a, b, verdict, reason, date, creator in rows:
        if a is None or b is None or verdict not in VERDICTS:
            continue  # SHACL reports a node without a known verdict
        key = (frozenset((a, b)), verdict)
        found = seen.get(key)
        if found is None or (found.reason is None and reason):
            first, second = sorted((a, b))
            seen[key] = Decision((first, second), verdict, reason or None, date, creator)
    return sorted(seen.values(), key=lambda d: (d.subjects, d.verdict))


def read_decisions_yaml(text: str, name: str) -> list[Decision]:
    """Parse a YAML decisions file (see the module doc); ``name`` is the file named in errors."""
    items = yaml_list(text, name, "a decisions file is a list (- id: …, not_duplicate_of: […], reason: …)")
    decisions = [d for item in items for d in _entry(name, item)]
    _check_twice(decisions)
    return decisions


def _text(name: str, node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode) or not node.value.strip() or node.tag == "tag:yaml.org,2002:null":
        raise node_error(name, node, f"'{what}' must be a text")
    return str(node.value).strip()


def _entry(name: str, node: Node) -> list[Decision]:
    if not isinstance(node, MappingNode):
        raise node_error(name, node, "each decision is a mapping: id:, not_duplicate_of: or duplicate_of:, reason:")
    fields: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(_KEYS)}"
            raise node_error(name, key_node, f"unknown key {excerpt(str(key), 60)} in a decision{hint}")
        if key in fields:
            raise node_error(name, key_node, f"key '{key}' appears twice in a decision")
        fields[key] = value_node
    if "id" not in fields:
        raise node_error(name, node, "a decision needs 'id' (the goal or initiative it is about)")
    given = [key for key in _YAML_KEYS if key in fields]
    if len(given) != 1:
        raise node_error(name, node, "a decision needs one of 'not_duplicate_of' or 'duplicate_of' (merge accepted)")
    ident = _text(name, fields["id"], "id")
    others_node = fields[given[0]]
    items = others_node.value if isinstance(others_node, SequenceNode) else [others_node]
    if not items:
        raise node_error(name, others_node, f"'{given[0]}' is an empty list: name at least one id")
    reason = _text(name, fields["reason"], "reason") if "reason" in fields else None
    date = _date(name, fields["date"]) if "date" in fields else None
    creator = _text(name, fields["by"], "by") if "by" in fields else None
    return [
        Decision(
            (ident, _text(name, item, given[0])),
            _YAML_KEYS[given[0]],
            reason,
            date,
            creator,
            name,
            item.start_mark.line + 1,
        )
        for item in items
    ]


def _date(name: str, node: Node) -> str:
    import datetime as dt

    value = node.value if isinstance(node, ScalarNode) else None
    try:
        if value is None or len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise node_error(name, node, f"'date' must be a date YYYY-MM-DD, got {excerpt(str(value), 40)}") from None


def _check_twice(decisions: list[Decision]) -> None:
    """One file deciding one pair two ways is bad input (the same verdict twice is fine)."""
    seen: dict[frozenset[str], Decision] = {}
    for d in decisions:
        first = seen.setdefault(frozenset(d.subjects), d)
        if first.verdict != d.verdict:
            where = f"line {first.line}" if first.line else "earlier"
            raise InputError(
                d.file or "<model>",
                d.line,
                f"the pair {', '.join(excerpt(s, 60) for s in d.subjects)} is decided twice: "
                f"{first.verdict} ({where}) and {d.verdict} here; keep one",
            )


# -- resolving and applying ------------------------------------------------------


def resolve_decisions(decisions: Iterable[Decision], elements: dict[str, str]) -> list[Decision]:
    """Each file's decision with its names as the IRIs of ``elements`` (IRI → sa:Goal or sa:Initiative), sorted.

    A name is an IRI, or the end of one after ``/``, ``#`` or ``:``. Bad input
    (exit 2, with the file and line): a name of no goal or initiative (with the
    nearest id), a name of several, a decision on one element, a decision
    between a goal and an initiative. A decision of the model (``file`` None)
    is taken as it is: SHACL judges it, and one on no duplicate pair is stale.

    >>> G = "https://w3id.org/stratalign#Goal"
    >>> resolve_decisions([Decision(("b", "a"), "not-duplicate", file="d.yaml", line=1)],
    ...                   {"https://e.org/a": G, "https://e.org/b": G})[0].subjects
    ('https://e.org/a', 'https://e.org/b')
    """
    given = list(decisions)
    if not any(d.file is not None for d in given):
        return given
    by_local: dict[str, list[str]] = {}
    for iri in elements:
        by_local.setdefault(_SEPARATORS.split(iri)[-1], []).append(iri)
    resolved = []
    for d in given:
        if d.file is None:
            resolved.append(d)
            continue
        a, b = (_resolve(d, name, elements, by_local) for name in d.subjects)
        if a == b:
            raise InputError(
                d.file,
                d.line,
                f"a decision on one element: {excerpt(d.subjects[0], 60)} and {excerpt(d.subjects[1], 60)} "
                f"are the same {_TYPE_WORD[elements[a]].split(' ', 1)[1]}; a decision is between two",
            )
        if elements[a] != elements[b]:
            raise InputError(
                d.file,
                d.line,
                f"{excerpt(d.subjects[0], 60)} is {_TYPE_WORD[elements[a]]} and {excerpt(d.subjects[1], 60)} "
                f"{_TYPE_WORD[elements[b]]}: a duplicate decision is between two goals or two initiatives",
            )
        resolved.append(replace(d, subjects=(min(a, b), max(a, b))))
    return resolved


def _resolve(d: Decision, name: str, elements: dict[str, str], by_local: dict[str, list[str]]) -> str:
    if name in elements:
        return name
    local = _SEPARATORS.split(name)[-1]
    found = [iri for iri in by_local.get(local, ()) if names_iri(name, iri)]
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(
            d.file or "<model>",
            d.line,
            f"{excerpt(name, 60)} names {len(found)} elements ({', '.join(sorted(found)[:3])}…); write the full IRI",
        )
    close = difflib.get_close_matches(local, list(by_local), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise InputError(
        d.file or "<model>", d.line, f"unknown id {excerpt(name, 60)}: no goal or initiative of the model{hint}"
    )


def apply_decisions(
    findings: list[Finding], decisions: Iterable[Decision]
) -> tuple[list[Finding], list[Decided], list[Decision]]:
    """The findings without the decided duplicates, the decided ones with their decision, and the stale decisions.

    ``decisions`` are resolved (:func:`resolve_decisions`); of two on one pair the later wins.

    >>> f = Finding("duplicate-goal", "warning", ("https://e/a", "https://e/b"), (), "…")
    >>> kept, decided, stale = apply_decisions([f], [Decision(("https://e/a", "https://e/b"), "not-duplicate")])
    >>> kept, decided[0].decision.verdict, stale
    ([], 'not-duplicate', [])
    """
    by_pair: dict[frozenset[str], Decision] = {}
    for d in decisions:
        by_pair.pop(frozenset(d.subjects), None)  # the later one wins, in its own place
        by_pair[frozenset(d.subjects)] = d
    if not by_pair:
        return findings, [], []
    kept: list[Finding] = []
    decided: list[Decided] = []
    used: set[frozenset[str]] = set()
    for f in findings:
        if f.kind in DECIDED_KINDS:
            pair = frozenset(f.subjects)
            found = by_pair.get(pair)
            if found is not None:
                decided.append(Decided(f, found))
                used.add(pair)
                continue
        kept.append(f)
    stale = [d for pair, d in by_pair.items() if pair not in used]
    return kept, decided, stale


def decide(ctx: Context, findings: list[Finding]) -> tuple[list[Finding], list[Decided], list[Decision]]:
    """The findings without the decided duplicates, the decided ones (sorted), the stale decisions.

    The decisions are the model's own (:func:`model_decisions`), then those of the run's decisions
    files (``ctx.config.decisions``, resolved against the model's goals and initiatives). ``analyze``
    and ``restructure`` apply them here, so a pair decided not to be a duplicate is neither reported
    nor merged.
    """
    decisions = model_decisions(ctx.store)
    if ctx.config.decisions:
        elements = {e: t for e, t in ctx.select("elements-of-type", ordered=False).values("element", "type") if e and t}
        decisions += resolve_decisions(ctx.config.decisions, elements)
    if not decisions:
        return findings, [], []
    kept, decided, stale = apply_decisions(findings, decisions)
    return kept, sorted(decided, key=lambda d: (d.finding.kind, d.finding.subjects)), stale
