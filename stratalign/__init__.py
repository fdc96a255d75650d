"""stratalign's applications, above the four pipeline stages.

``ontology`` → ``alignment`` → ``graphs`` → ``reports`` are the library: each stage
imports only the stages below it, through their ``__all__``. The applications here
wire them together and nothing below imports them:

- :mod:`stratalign.cli`: the ``stratalign`` command line (click);
- :mod:`stratalign.serve`: the read-only SPARQL 1.1 endpoint behind ``stratalign serve``.
"""

from __future__ import annotations

from ontology import __version__

__all__ = ["__version__"]
