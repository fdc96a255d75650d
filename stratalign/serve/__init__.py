"""``stratalign serve``: a read-only SPARQL 1.1 Protocol endpoint over a model and its findings.

- :mod:`.server` — :class:`SparqlServer` and :class:`ServeSettings` (HTTP, routes, safety);
- :mod:`.worker` — query evaluation in worker processes with a deadline and a row cap;
- :mod:`.dataset` — the model and the findings graph on disk, and the service description;
- :mod:`.formats` — media types and ``Accept`` negotiation;
- :mod:`.page` — the query page at ``/``.

Names are loaded on first use so that worker processes, which import only
:mod:`.worker`, start quickly.

>>> from stratalign.serve import FINDINGS_GRAPH
>>> FINDINGS_GRAPH
'https://w3id.org/stratalign/findings'
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["SparqlServer", "ServeSettings", "FINDINGS_GRAPH", "default_workers"]

_HOMES = {"SparqlServer": "server", "ServeSettings": "server", "default_workers": "server", "FINDINGS_GRAPH": "dataset"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
