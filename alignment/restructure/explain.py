"""The explanation of a proposal: every move with its reason, by section, then where every goal
sits and what the analysis of the proposal finds; as Markdown (labels escaped) or plain text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ontology import markdown, one_line

from .moves import Move, MoveKind
from .words import WORDS

if TYPE_CHECKING:
    from .proposal import Proposal

__all__ = ["SECTIONS", "explain"]

#: The sections of the explanation (a heading's key in the words) and the kinds of move each lists.
SECTIONS: tuple[tuple[str, tuple[MoveKind, ...]], ...] = (
    ("vision", (MoveKind.VISION_REUSED, MoveKind.VISION_CREATED, MoveKind.VISION_DEMOTED, MoveKind.TYPED_STRATEGY)),
    ("strategies", (MoveKind.REALIZES_ADDED, MoveKind.REALIZES_MOVED)),
    ("lifted", (MoveKind.GOAL_LIFTED,)),
    ("merged", (MoveKind.GOAL_MERGED, MoveKind.TARGET_DROPPED, MoveKind.TARGET_KEPT, MoveKind.TWO_OWNERS)),
    ("initiatives", (MoveKind.INITIATIVE_MOVED, MoveKind.INITIATIVE_LIFTED)),
)


class _Phrasing:
    """Labels of the proposal quoted «…» and escaped for the format; lists joined with "and"."""

    def __init__(self, proposal: Proposal, esc: Callable[[str], str]) -> None:
        self.proposal, self.esc = proposal, esc
        self.words, self.lang = WORDS[proposal.lang], proposal.lang

    def one(self, iri: str) -> str:
        return "«" + self.esc(self.proposal.labels.get(iri, self.proposal.lang)) + "»"

    def many(self, iris: list[str]) -> str:
        if not iris:
            return self.words["none"]
        quoted = [self.one(i) for i in iris]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {self.words['and']} " + quoted[-1]

    def text(self, text: str) -> str:
        return self.esc(text)

    def move(self, move: Move) -> str:
        return self.words[move.kind].format(
            subject=self.one(move.subject), vision=self.one(self.proposal.vision), **move.placeholders(self)
        )


def _evidence(proposal: Proposal, subject: str, esc: Callable[[str], str]) -> str:
    """The first quote behind the move's subject, with its document and page; or "no evidence"."""
    w = WORDS[proposal.lang]
    first = proposal.evidence.first((subject,))
    if first is None:
        return f"({esc(w['no_evidence'])})"
    return f"«{esc(first.short())}» ({esc(first.where(w['page_word']))})"


def explain(proposal: Proposal, fmt: str) -> str:
    """``proposal`` explained as Markdown (``md``) or plain ``text`` (headings upper case, labels on one line)."""
    w = WORDS[proposal.lang]
    esc = markdown if fmt == "md" else one_line
    say = _Phrasing(proposal, esc)
    if fmt == "md":

        def heading(level: int, text: str) -> str:
            return f"{'#' * level} {text}"
    else:

        def heading(level: int, text: str) -> str:
            return text if level > 1 else text.upper()

    bullet = "- " if fmt == "md" else "  - "
    out = [
        heading(1, w["title"]),
        "",
        esc(w["intro"]),
        "",
        esc(w["source"].format(sources=", ".join(proposal.sources) or "–")),
    ]
    for section, kinds in SECTIONS:
        found = [m for m in proposal.moves if m.kind in kinds]
        out += ["", heading(2, w[section]), ""]
        for m in found:
            out.append(bullet + say.move(m))
            if proposal.evidence.present:  # the source of what moved, one short line under the move
                out.append(("  " if fmt == "md" else "      ") + _evidence(proposal, m.subject, esc))
        if not found:
            out.append(w["nothing"])
    out += ["", heading(2, w["placement"]), ""]
    for plan, goals in proposal.placement.items():
        out.append(bullet + w["placement-line"].format(plan=say.one(plan), goals=say.many(goals)))
    out += ["", heading(2, w["check"]), ""]
    if proposal.remaining:
        left = "; ".join(f"{f.kind}: {esc(f.message)}" for f in proposal.remaining)
        out.append(w["check-left"].format(left=left))
    else:
        out.append(w["check-ok"])
    return "\n".join(out) + "\n"
