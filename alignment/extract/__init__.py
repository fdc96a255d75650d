"""``stratalign extract``: a draft model from strategy documents (PDF, DOCX, Markdown, text).

The documents are read page by page (:mod:`.reading`), their sentences scanned for goals, targets,
focus areas, initiatives and delegations with linear token patterns (:mod:`.patterns`), and the
result written as the YAML authoring format with ``draft: true`` (:mod:`.draft`): every element with
its evidence (document, page, exact quote) and a confidence.
"""

from __future__ import annotations

from .draft import SAME_THRESHOLD, Draft, Found, extract, extract_yaml
from .reading import SUFFIXES, Block, Document, read_document

__all__ = [
    "SAME_THRESHOLD",
    "SUFFIXES",
    "Block",
    "Document",
    "Draft",
    "Found",
    "extract",
    "extract_yaml",
    "read_document",
]
