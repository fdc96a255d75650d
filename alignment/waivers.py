"""Waivers: findings a team has accepted, so that `check` reports them as waived instead of failing.

A waiver file is YAML, a list of entries::

    - kind: uncovered-goal
      subjects: [g-vaekst]            # ids (the part after the base IRI) or full IRIs
      reason: Covered by the regional plan from 2026
      expires: 2026-12-31             # optional; after it the waiver no longer applies

A waiver accepts a finding of its kind whose subjects are exactly the ones it
names (in any order). Expired waivers do not apply; a waiver that matches no
finding is stale. Both are reported, never dropped.

>>> waivers = read_waivers("- {kind: missing-owner, subjects: [i], reason: ok}\\n", "w.yaml")
>>> waivers[0].matches("missing-owner", ("https://e.org/i",))
True
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ontology import InputError, ValueError_, danish_date

from .findings import KINDS
from .listfiles import names_iri, node_error, read_text, yaml_list

__all__ = ["Waiver", "read_waivers", "load_waivers", "CHECK_KINDS"]

#: Every kind `check` can report: the analysis kinds and the SHACL violations.
CHECK_KINDS: tuple[str, ...] = (*KINDS, "shacl-violation")

_KEYS = ("kind", "subjects", "reason", "expires")


@dataclass(frozen=True)
class Waiver:
    """One accepted finding: its kind, the subjects as written, why, until when, and where it is written."""

    kind: str
    subjects: tuple[str, ...]
    reason: str
    expires: dt.date | None
    file: str
    line: int

    def expired(self, today: dt.date) -> bool:
        """True once ``today`` is after the expiry date (the waiver holds through that day)."""
        return self.expires is not None and today > self.expires

    def matches(self, kind: str, subjects: tuple[str, ...]) -> bool:
        """True when the finding is of this kind and its subjects are exactly the ones named.

        A name matches an IRI that equals it or ends in it after ``/``, ``#`` or ``:``
        (``g`` matches ``https://e.org/g``).

        >>> Waiver("shared-goal", ("g",), "", None, "w", 1).matches("shared-goal", ("https://e.org/xg",))
        False
        """
        if kind != self.kind or len(subjects) != len(set(self.subjects)):
            return False
        return all(any(names_iri(name, iri) for name in self.subjects) for iri in subjects) and all(
            any(names_iri(name, iri) for iri in subjects) for name in self.subjects
        )


def load_waivers(path: str | Path) -> list[Waiver]:
    """Read a waiver file; bad input is :class:`InputError` naming the file and line (exit 2)."""
    name = str(path)
    text = read_text(path, "waiver file")
    return read_waivers(text, name)


def read_waivers(text: str, name: str) -> list[Waiver]:
    """Parse waiver YAML text (see the module doc); ``name`` is the file named in errors."""
    items = yaml_list(text, name, "a waiver file is a list of waivers (- kind: …, subjects: […], reason: …)")
    waivers = [_waiver(name, item) for item in items]
    seen: dict[tuple[str, frozenset[str]], Waiver] = {}
    for waiver in waivers:
        key = (waiver.kind, frozenset(waiver.subjects))
        first = seen.setdefault(key, waiver)
        if first is not waiver:
            # the second never applies (the first takes the finding), and was reported as matching no finding
            raise InputError(
                name,
                waiver.line,
                f"this waiver repeats the one on line {first.line} (the same kind and subjects): keep one",
            )
    return waivers


def _text(name: str, node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
        raise node_error(name, node, f"'{what}' must be a text")
    return node.value.strip()


def _waiver(name: str, node: Node) -> Waiver:
    if not isinstance(node, MappingNode):
        raise node_error(name, node, "each waiver is a mapping: kind:, subjects:, reason:, expires: (optional)")
    fields: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), _KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(_KEYS)}"
            raise node_error(name, key_node, f"unknown key '{key}' in a waiver{hint}")
        if key in fields:
            raise node_error(name, key_node, f"key '{key}' appears twice in a waiver")
        fields[key] = value_node
    for required in ("kind", "subjects", "reason"):
        if required not in fields:
            raise node_error(name, node, f"a waiver needs '{required}'")
    kind = _text(name, fields["kind"], "kind")
    if kind not in CHECK_KINDS:
        close = difflib.get_close_matches(kind, CHECK_KINDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise node_error(name, fields["kind"], f"unknown finding kind '{kind}'{hint}")
    subjects_node = fields["subjects"]
    if isinstance(subjects_node, ScalarNode) and subjects_node.tag == "tag:yaml.org,2002:str":
        subjects: tuple[str, ...] = (_text(name, subjects_node, "subjects"),)
    elif isinstance(subjects_node, SequenceNode) and subjects_node.value:
        subjects = tuple(_text(name, item, "subjects") for item in subjects_node.value)
    else:
        raise node_error(name, subjects_node, "'subjects' must be a list of ids or IRIs, at least one")
    reason = _text(name, fields["reason"], "reason")
    expires = None
    if "expires" in fields:
        expires = _date(name, fields["expires"])
    return Waiver(kind, subjects, reason, expires, name, node.start_mark.line + 1)


def _date(name: str, node: Node) -> dt.date:
    """``expires``: a date as the model's YAML takes one, ISO (2026-12-31) or day first (31-12-2026, 31.12.2026)."""
    value = node.value if isinstance(node, ScalarNode) else None
    day: dt.date | None = None
    if value is not None:
        try:
            day = danish_date(value.strip())
            if day is None and len(value) == 10:
                day = dt.date.fromisoformat(value)
        except (ValueError, ValueError_):  # 31-02-2026, 2026-02-31: no such day
            day = None
    if day is None:
        raise node_error(name, node, f"'expires' must be a date, 2026-12-31 or 31-12-2026, got {value!r}")
    return day
