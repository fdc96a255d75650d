"""Findings: what an analysis reports, and the declaration of a finding kind (:class:`Kind`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

__all__ = ["Finding", "Kind", "KINDS", "GROUPS", "SEVERITIES", "WAITS", "DEFAULT_SEVERITY", "sort_findings"]

GROUPS = ("overlap", "conflict", "coverage", "progress")
SEVERITIES = ("error", "warning", "info")
#: What a rule waits for: nothing (it runs first), the text comparison, or the other findings.
WAITS = ("", "texts", "findings")

if TYPE_CHECKING:  # derived from the declarations of alignment.rules on first use (see __getattr__)
    #: kind → group, in the order of the declarations
    KINDS: dict[str, str]
    #: kind → its default severity
    DEFAULT_SEVERITY: dict[str, str]


def __getattr__(name: str) -> Any:
    # The kinds are declared beside their rules (alignment.rules), which import this module
    # for Finding and Kind: the tables derived from them are made when first asked for.
    if name in ("KINDS", "DEFAULT_SEVERITY"):
        from .rules import DECLARATIONS

        globals()["KINDS"] = {kind.name: kind.group for kind in DECLARATIONS}
        globals()["DEFAULT_SEVERITY"] = {kind.name: kind.severity for kind in DECLARATIONS}
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding, with sorted distinct IRIs in ``subjects`` and ``plans``.

    >>> Finding("shared-goal", "warning", ("https://e/g",), ("https://e/b", "https://e/a"), "…").plans
    ('https://e/a', 'https://e/b')
    """

    kind: str
    severity: str
    subjects: tuple[str, ...]
    plans: tuple[str, ...]
    message: str
    score: float | None = None
    #: duplicates by text: the words that matched, (word of a, word of b, via: a thesaurus term or "same word")
    matched: tuple[tuple[str, str, str], ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", tuple(sorted(set(self.subjects))))
        object.__setattr__(self, "plans", tuple(sorted(set(self.plans))))

    @classmethod
    def canonical(
        cls,
        kind: str,
        severity: str,
        subjects: tuple[str, ...],
        plans: tuple[str, ...],
        message: str,
        score: float | None = None,
        matched: tuple[tuple[str, str, str], ...] | None = None,
    ) -> "Finding":
        """A finding whose ``subjects`` and ``plans`` are already sorted and distinct (not sorted again).

        An analysis makes hundreds of thousands of findings, and its context
        has sorted them once already.

        >>> Finding.canonical("shared-goal", "warning", ("https://e/g",), ("https://e/a",), "…").plans
        ('https://e/a',)
        """
        finding = object.__new__(cls)
        for name, value in (
            ("kind", kind),
            ("severity", severity),
            ("subjects", subjects),
            ("plans", plans),
            ("message", message),
            ("score", score),
            ("matched", matched),
        ):
            _set(finding, name, value)  # a frozen dataclass refuses its own setattr
        return finding

    @property
    def group(self) -> str:
        try:
            return KINDS[self.kind]
        except NameError:  # not derived yet
            return str(__getattr__("KINDS")[self.kind])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (docs/findings.md)."""
        return {
            "kind": self.kind,
            "group": self.group,
            "severity": self.severity,
            "subjects": list(self.subjects),
            "plans": list(self.plans),
            "message": self.message,
            "score": self.score,
            **(
                {}
                if self.matched is None
                else {"matched": [{"a": a, "b": b, "via": via} for a, b, via in self.matched]}
            ),
        }


_set = object.__setattr__


def _kinds() -> dict[str, str]:
    found = globals().get("KINDS")
    return found if found is not None else __getattr__("KINDS")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order: kind (in the order of the declarations, group by group), subjects, plans."""
    order = {kind: i for i, kind in enumerate(_kinds())}
    return sorted(findings, key=lambda f: (order[f.kind], f.subjects, f.plans))


@dataclass(frozen=True)
class Kind:
    """One finding kind, declared once beside its rule in its family module of :mod:`alignment.rules`.

    Everything else about the kind is derived from the list of declarations
    (``alignment.rules.DECLARATIONS``): its group and default severity here,
    its messages and titles in :mod:`alignment.messages`, the rule tables of
    :mod:`alignment.rules`, and ``docs/findings.md``.

    >>> kind = Kind("x-goal", "coverage", "info", lambda ctx: [], title={"da": ("x", "x"), "en": ("x", "x")},
    ...             rule_title={"da": "X", "en": "X"}, message={"da": "Målet {a}.", "en": "The goal {a}."}, subjects="the goal")
    >>> kind.placeholders("da") == kind.placeholders("en") == {"a"}
    True
    """

    #: the code in JSON, SARIF, settings and waivers
    name: str
    #: one of GROUPS
    group: str
    #: the default severity, one of SEVERITIES (``stratalign.toml`` may change it)
    severity: str
    #: the rule: (context) → findings, or (context, earlier findings) → findings when it waits for findings
    rule: Callable[..., list[Finding]]
    #: language → (singular, plural): the kind in words for people
    title: Mapping[str, tuple[str, str]]
    #: language → one line saying what the rule looks for (SARIF rules, JUnit test names)
    rule_title: Mapping[str, str]
    #: language → the message, with placeholders (see alignment.messages)
    message: Mapping[str, str]
    #: what the finding's subjects are, in English (for docs/findings.md)
    subjects: str
    #: the named query (alignment/queries/<query>.rq) the rule runs, where SPARQL expresses it
    query: str | None = None
    #: one of WAITS
    waits: str = ""
    #: language → the decisions taken where the contract left room
    decisions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def placeholders(self, lang: str) -> set[str]:
        """The names of the message's placeholders in ``lang``."""
        import string

        return {name for _, name, _, _ in string.Formatter().parse(self.message[lang]) if name}
