"""The moves a restructuring makes: one class per kind, each with the IRIs it concerns and the
placeholders its explanation fills (labels are looked up when explaining, in the explanation's language).

>>> move = GoalLifted(subject="https://e.org/g", before=["https://e.org/s1", "https://e.org/s2"], after=["https://e.org/v"])
>>> move.kind == "goal-lifted", move.to_dict()["after"]
(True, ['https://e.org/v'])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol

from ontology import format_number

__all__ = [
    "GoalLifted",
    "GoalMerged",
    "InitiativeLifted",
    "InitiativeMoved",
    "Move",
    "MoveKind",
    "Phrasing",
    "RealizesAdded",
    "RealizesMoved",
    "TargetDropped",
    "TargetKept",
    "TwoOwners",
    "TypedStrategy",
    "VisionCreated",
    "VisionDemoted",
    "VisionReused",
]


class MoveKind(StrEnum):
    """The kinds of move; the value is the key of the move's text in :data:`.words.WORDS`."""

    VISION_REUSED = "vision-reused"
    VISION_CREATED = "vision-created"
    VISION_DEMOTED = "vision-demoted"
    TYPED_STRATEGY = "typed-strategy"
    REALIZES_ADDED = "realizes-added"
    REALIZES_MOVED = "realizes-moved"
    GOAL_LIFTED = "goal-lifted"
    GOAL_MERGED = "goal-merged"
    TARGET_DROPPED = "target-dropped"
    TARGET_KEPT = "target-kept"
    TWO_OWNERS = "two-owners"
    INITIATIVE_MOVED = "initiative-moved"
    INITIATIVE_LIFTED = "initiative-lifted"


class Phrasing(Protocol):
    """How the explanation writes an element (quoted label), a list of them, and a text (escaped)."""

    words: dict[str, str]
    lang: str

    def one(self, iri: str) -> str: ...

    def many(self, iris: list[str]) -> str: ...

    def text(self, text: str) -> str: ...


@dataclass(kw_only=True)
class Move:
    """One change the proposal makes to ``subject``. ``placeholders`` fills the kind's text;
    ``{subject}`` and ``{vision}`` (the common vision) are filled for every kind."""

    kind: ClassVar[MoveKind]
    subject: str

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), **asdict(self)}


@dataclass(kw_only=True)
class VisionReused(Move):
    """The model's only vision is the common vision."""

    kind: ClassVar[MoveKind] = MoveKind.VISION_REUSED


@dataclass(kw_only=True)
class VisionCreated(Move):
    """A common vision is created: the model had ``count`` visions (none or several)."""

    kind: ClassVar[MoveKind] = MoveKind.VISION_CREATED
    count: int

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"count": format_number(str(self.count), say.lang)}


@dataclass(kw_only=True)
class VisionDemoted(Move):
    """A former vision is a strategy under the created common vision."""

    kind: ClassVar[MoveKind] = MoveKind.VISION_DEMOTED
    after: list[str]


@dataclass(kw_only=True)
class TypedStrategy(Move):
    """A plan of no particular type is typed as a strategy."""

    kind: ClassVar[MoveKind] = MoveKind.TYPED_STRATEGY


@dataclass(kw_only=True)
class _Realizes(Move):
    """A strategy realizes the common vision (``after``) instead of the plans ``before``."""

    before: list[str] = field(default_factory=list)
    after: list[str]

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"before": say.many(self.before)}


@dataclass(kw_only=True)
class RealizesAdded(_Realizes):
    """A strategy that realized nothing realizes the common vision."""

    kind: ClassVar[MoveKind] = MoveKind.REALIZES_ADDED


@dataclass(kw_only=True)
class RealizesMoved(_Realizes):
    """A strategy that realized other plans realizes the common vision instead."""

    kind: ClassVar[MoveKind] = MoveKind.REALIZES_MOVED


@dataclass(kw_only=True)
class GoalLifted(Move):
    """A goal listed by several plans (``before``) is listed by the vision only (``after``)."""

    kind: ClassVar[MoveKind] = MoveKind.GOAL_LIFTED
    before: list[str]
    after: list[str]

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"before": say.many(self.before)}


@dataclass(kw_only=True)
class GoalMerged(Move):
    """Goals that say the same (``others``, listed by ``before``) merged into ``subject`` (listed by
    ``keeper_plans``); ``after`` lists the merged goal. ``lift``: the group served several plans."""

    kind: ClassVar[MoveKind] = MoveKind.GOAL_MERGED
    others: list[str]
    before: list[str]
    keeper_plans: list[str]
    after: list[str]
    score: float | None
    lift: bool

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        w = say.words
        return {
            "others": say.many(self.others),
            "before": say.many(self.before),
            "keeper_plans": say.many(self.keeper_plans),
            "after": say.many(self.after),
            "score": w["score"].format(score=format_number(f"{self.score:.2f}", say.lang, decimals=2))
            if self.score is not None
            else w["same_target"],
        }


@dataclass(kw_only=True)
class _TargetMove(Move):
    """A target of a merged goal ``other``: ``target`` in words, on ``indicator`` (an IRI, or empty)."""

    other: str
    target: str
    indicator: str

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {
            "other": say.many([self.other]),
            "target": say.text(self.target),
            "indicator": say.one(self.indicator) if self.indicator else "–",
        }


@dataclass(kw_only=True)
class TargetDropped(_TargetMove):
    """The merged goal already has the same or a more precise target: this one is dropped."""

    kind: ClassVar[MoveKind] = MoveKind.TARGET_DROPPED


@dataclass(kw_only=True)
class TargetKept(_TargetMove):
    """The target moves to the merged goal."""

    kind: ClassVar[MoveKind] = MoveKind.TARGET_KEPT


@dataclass(kw_only=True)
class TwoOwners(Move):
    """The merged goal has several ``owners``."""

    kind: ClassVar[MoveKind] = MoveKind.TWO_OWNERS
    owners: list[str]

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"owners": say.many(self.owners)}


@dataclass(kw_only=True)
class InitiativeMoved(Move):
    """An initiative moves from ``before`` to the plan ``after`` that holds the ``goals`` it serves."""

    kind: ClassVar[MoveKind] = MoveKind.INITIATIVE_MOVED
    before: list[str]
    after: list[str]
    goals: list[str]

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"before": say.many(self.before), "after": say.many(self.after), "goals": say.many(self.goals)}


@dataclass(kw_only=True)
class InitiativeLifted(Move):
    """An initiative serving goals in several ``strategies`` moves from ``before`` to the vision (``after``)."""

    kind: ClassVar[MoveKind] = MoveKind.INITIATIVE_LIFTED
    before: list[str]
    after: list[str]
    strategies: list[str]

    def placeholders(self, say: Phrasing) -> dict[str, str]:
        return {"before": say.many(self.before), "after": say.many(self.after), "goals": say.many(self.strategies)}
