"""stratalign's second pipeline stage: the alignment analyses and the named SPARQL queries.

The command line lives in :mod:`alignment.cli`, the one place that wires all
four stages together; nothing imports it.
"""
from __future__ import annotations

__all__: list[str] = []
