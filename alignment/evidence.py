"""Evidence behind findings: for each subject of a finding, where it stands in its source documents.

Read once per analysis with the named query ``evidence`` (alignment/queries/evidence.rq). A target's
evidence counts for its goal, as a finding names the goal. The JSON of ``analyze`` gives every finding
an ``evidence`` list, one entry per record of each subject (in the order of the subjects, then of the
records): ``{"subject", "document", "page", "quote"}`` with ``page`` null when the record gives none.
The list is empty when no subject has evidence; it is always there, so a reader needs no test for it.

>>> index = EvidenceIndex({"ex:g": (Quote("ex:g", "v.pdf", 3, "120.000 borgere"),)})
>>> index.of(("ex:g", "ex:h"))[0]["page"], index.present
(3, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ontology import SparqlStore, in_language

from .queries import get_query

__all__ = ["Quote", "EvidenceIndex", "pdf_link", "QUOTE_WIDTH"]

#: Characters of a quote that line outputs (text, tables, tooltips) show; the JSON has it whole.
QUOTE_WIDTH = 100


@dataclass(frozen=True, slots=True)
class Quote:
    """One evidence record as the outputs show it."""

    subject: str
    document: str
    page: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "document": self.document, "page": self.page, "quote": self.quote}

    def short(self, width: int = QUOTE_WIDTH) -> str:
        """The quote on one line, cut to ``width`` characters with … (untrusted: the caller escapes it).

        >>> Quote("ex:g", "v.pdf", 3, "120.000\\nborgere " * 20).short(20)
        '120.000 borgere 120…'
        """
        text = " ".join(self.quote.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    def where(self, page_word: str) -> str:
        """``document, s. 3`` (the page word of the output's language), or the document alone."""
        return f"{self.document}, {page_word} {self.page}" if self.page else self.document


@dataclass
class EvidenceIndex:
    """Subject IRI → its evidence records (sorted by the record's IRI, so stable across runs)."""

    by_subject: dict[str, tuple[Quote, ...]] = field(default_factory=dict)

    @property
    def present(self) -> bool:
        """Whether the model has any evidence at all (only then does an output say "no evidence")."""
        return bool(self.by_subject)

    @classmethod
    def from_store(cls, store: SparqlStore, lang: str) -> "EvidenceIndex":
        """Every record of the store; the quote in ``lang`` where the record has it, else Danish, English, any."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        result = store.select(get_query("evidence").text)
        for subject, node, document, page, quote, tag in result.values(
            "subject", "evidence", "document", "page", "quote", "lang"
        ):
            if subject is None or node is None or document is None:
                continue
            entry = rows.setdefault((subject, node), {"document": document, "page": None, "quotes": {}})
            entry["document"] = min(entry["document"], document)  # two documents (refused by SHACL): stable
            if page is not None and page.isdigit():
                entry["page"] = int(page) if entry["page"] is None else min(entry["page"], int(page))
            if quote is not None:
                current = entry["quotes"].get(tag or "")
                if current is None or quote < current:
                    entry["quotes"][tag or ""] = quote
        targets = _target_goals(store)
        by_subject: dict[str, list[tuple[str, Quote]]] = {}
        for (subject, node), entry in rows.items():
            quotes = entry["quotes"]
            text = in_language(quotes, lang)
            if text is None:
                text = quotes[min(quotes)] if quotes else ""
            for owner in targets.get(subject, (subject,)):
                record = Quote(owner, entry["document"], entry["page"], text)
                by_subject.setdefault(owner, []).append((node, record))
        return cls({s: tuple(q for _, q in sorted(found)) for s, found in by_subject.items()})

    def of(self, subjects: Iterable[str]) -> list[dict[str, Any]]:
        """The finding's evidence list for its JSON: every record of every subject, in order."""
        return [quote.to_dict() for subject in subjects for quote in self.by_subject.get(subject, ())]

    def first(self, subjects: Iterable[str]) -> Quote | None:
        """The first record of the first subject that has one."""
        for subject in subjects:
            found = self.by_subject.get(subject)
            if found:
                return found[0]
        return None


def _target_goals(store: SparqlStore) -> dict[str, tuple[str, ...]]:
    """Target IRI → the goals that have it (the evidence of a target is shown on its goal)."""
    query = "PREFIX sa: <https://w3id.org/stratalign#>\nSELECT ?target ?goal WHERE { ?goal sa:hasTarget ?target . ?target sa:evidence ?e . }"
    out: dict[str, set[str]] = {}
    for target, goal in store.select(query).values("target", "goal"):
        if target is not None and goal is not None:
            out.setdefault(target, set()).add(goal)
    return {target: tuple(sorted(goals)) for target, goals in out.items()}


def pdf_link(document: str, page: int | None) -> str | None:
    """The link an output may put on a document: ``DOCUMENT#page=N`` when it is a PDF, a local path or an
    http(s) URL; None for anything else (no javascript:, data: or other scheme; no link to a non-PDF).
    The caller still escapes the link for its output (HTML attribute, Markdown).

    >>> pdf_link("vision2020.pdf", 3), pdf_link("https://e.org/a.PDF", None), pdf_link("javascript:alert(1)//.pdf", 1)
    ('vision2020.pdf#page=3', 'https://e.org/a.PDF', None)
    """
    text = document.strip()
    if not text or any(c.isspace() and c != " " for c in text) or any(ord(c) < 32 for c in text):
        return None
    scheme, colon, _ = text.partition(":")
    has_scheme = (
        bool(colon) and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum()
    )
    if has_scheme and len(scheme) > 1 and scheme.lower() not in ("http", "https"):
        return None  # javascript:, data:, file: … (a one-letter "scheme" is a Windows drive: C:\…)
    base = text.partition("#")[0]
    if not base.lower().partition("?")[0].endswith(".pdf"):
        return None
    return f"{base}#page={page}" if page else base
