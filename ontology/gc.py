"""Build big object graphs without Python's cyclic garbage collector walking them again and again.

A national model makes hundreds of thousands of small dicts, lists and tuples
(query rows, findings, graph nodes, payload rows). Each allocation burst
triggers a collection that walks every live object, although none of them
forms a reference cycle: at 90,000 nodes that is a third of ``project``'s
time, and 12 % of an analysis. The collector is paused while an analysis runs
or a page is built, and runs as usual afterwards.

>>> with gc_paused():
...     rows = [{"n": i} for i in range(3)]
>>> len(rows)
3
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block (nested use is fine), then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
