"""stratalign's second pipeline stage: the alignment analyses and the named SPARQL queries.

The applications (the command line in :mod:`stratalign.cli`, the SPARQL server in
:mod:`stratalign.serve`) live above the four stages, in the ``stratalign`` package.
"""
from __future__ import annotations

__all__: list[str] = []
