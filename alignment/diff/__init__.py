"""Compare two versions of a model: goals and initiatives kept, renamed, merged, added, dropped or moved, and target changes.

Elements are matched by IRI first, then by the same local id (the IRI after
the model's base, so ``…/esbjerg-2020/indicator/indbyggertal`` and
``…/esbjerg-2025/indicator/indbyggertal`` are one indicator), then by the
Danish text similarity of :mod:`alignment.similarity` (the score is shown). A
goal pair that also targets the same indicator needs a lower score. Several old
elements matched to one new element are *merged*. Plans are matched the same
way, so a goal listed by a different plan in the new version is *moved*.

The parts: :mod:`.versions` (what one version holds), :mod:`.match` (finding an
element again), :mod:`.changes` (what changed), :mod:`.compare` (the entries),
:mod:`.result` (the objects), :mod:`.render` (text, JSON, HTML), :mod:`.words`.

>>> from ontology.examples import example_path
>>> from ontology.loaders import load_model
>>> result = diff_models(load_model([example_path("esbjerg-2020")]),
...                      load_model([example_path("esbjerg-2025")]))
>>> [e.status for e in result.goals][:2]
['merged', 'merged']
"""

from __future__ import annotations

from .compare import diff_models
from .match import DIFF_THRESHOLDS, INDICATOR_BONUS_THRESHOLD, Match
from .render import FORMATS, render_diff
from .result import Change, Diff, Entry, OldSide, PlanEntry
from .words import WORDS

__all__ = [
    "DIFF_THRESHOLDS",
    "FORMATS",
    "INDICATOR_BONUS_THRESHOLD",
    "WORDS",
    "Change",
    "Diff",
    "Entry",
    "Match",
    "OldSide",
    "PlanEntry",
    "diff_models",
    "render_diff",
]
