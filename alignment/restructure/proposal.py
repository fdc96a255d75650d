"""The result of a restructuring: the new graph, the moves that made it, and what the analysis still finds."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology import write_yaml

from ..context import Labels
from ..evidence import EvidenceIndex
from ..findings import Finding
from .explain import explain
from .moves import Move

__all__ = ["Proposal"]


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
    remaining: list[Finding] = field(default_factory=list)
    placement: dict[str, list[str]] = field(default_factory=dict)
    #: the model's evidence: the explanation quotes the source under each move (alignment.evidence)
    evidence: EvidenceIndex = field(default_factory=EvidenceIndex)

    def quads(self) -> list[ox.Quad]:
        return [ox.Quad(t.subject, t.predicate, t.object) for t in sorted(self.triples, key=str)]

    def to_yaml(self) -> str:
        """The proposal as a model in the YAML authoring format (nothing lost: see the YAML writer)."""
        return write_yaml(self.quads(), base=self.base, prefixes=self.prefixes)

    def explain(self, fmt: str = "md") -> str:
        """Every move with its reason, as Markdown (``md``) or plain ``text``."""
        return explain(self, fmt)
