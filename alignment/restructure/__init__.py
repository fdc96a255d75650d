"""Propose the Esbjerg memo's structure for any model: one common vision on top of every strategy.

The memo ("Proces mod ny Vision 2025 for velfærd og vækst", January 2018)
found that two strategies sharing goals caused confusion, and proposed one
common vision realized by separate strategies. :func:`restructure` applies
that model automatically:

1. one common vision on top: the model's vision if it has exactly one, else a
   new one (former visions become strategies under it);
2. every strategy realizes the common vision;
3. duplicate goals (``duplicate-goal`` findings of the analysis) are merged
   into one goal — the others' labels are kept as ``skos:altLabel``, their
   targets unless an equal or more precise one is already there, their
   owners, themes, sources and links — and a merged goal that came from
   several plans is lifted to the vision;
4. goals listed by several plans are lifted to the vision;
5. every other goal stays in the one plan that lists it;
6. initiatives follow their goals: an initiative that a plan lists is listed
   by the plan of the goals it serves (by the vision when those are in
   several strategies); owners are kept.

Steps 3 and 4 repeat until the analysis finds no shared and no duplicate goal.
Every move is recorded, as an object of its kind (:mod:`.moves`), with its reason, for the
explanation (:mod:`.explain`). The steps are in :mod:`.steps` (step 3 in :mod:`.merge`), the
graph they edit in :mod:`.graph`, the words in :mod:`.words`.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> proposal = restructure(load_model([example_path("esbjerg-2020")]))
>>> proposal.remaining
[]
"""

from __future__ import annotations

from .moves import Move, MoveKind
from .proposal import Proposal
from .steps import CHECKED_KINDS, restructure
from .words import WORDS

__all__ = ["CHECKED_KINDS", "WORDS", "Move", "MoveKind", "Proposal", "restructure"]
