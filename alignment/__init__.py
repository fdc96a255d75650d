"""stratalign's second pipeline stage: the alignment analyses and the named SPARQL queries.

Later stages import from here only, never from a submodule: every name they use is
in ``__all__``, loaded on first use (PEP 562 ``__getattr__``) so that
``stratalign --help`` imports no analysis. The applications (the command line in
:mod:`stratalign.cli`, the SPARQL server in :mod:`stratalign.serve`) live above the
four stages, in the ``stratalign`` package.

>>> from alignment import KINDS, analyze_model
>>> "target-conflict" in KINDS and callable(analyze_model)
True
"""

from __future__ import annotations

import importlib
from typing import Any

#: name → (submodule, attribute): the stage's interface to the stages above it
_LAZY: dict[str, tuple[str, str]] = {
    name: (module, name)
    for module, names in {
        "analyze": ("Analysis", "analyze_store"),
        "checkformats": ("run_check", "verdict_line"),
        "config": ("Config", "load_config", "with_thesaurus", "with_decisions"),
        "context": ("Labels",),
        "diff": ("diff_models", "render_diff"),
        "duplicate_decisions": ("Decision", "Decided"),
        "influence": ("InfluenceEdge", "influence_edges", "analyse_influences", "pair_strengths"),
        "evidence": ("EvidenceIndex", "Quote", "pdf_link"),
        "extract": ("extract_yaml", "read_document"),
        "findings": ("Finding", "GROUPS", "KINDS", "SEVERITIES", "DEFAULT_SEVERITY"),
        "messages": (
            "GROUP_TITLES",
            "KIND_TITLES",
            "PAGE_TEXT",
            "PROGRESS_WORDS",
            "INFLUENCE_WORDS",
            "DECISION_WORDS",
            "SEVERITY_WORDS",
            "TEXT",
        ),
        "queries": ("get_query", "named_queries"),
        "scope": ("SCOPES", "DEFAULT_SCOPE", "SCOPE_HELP", "DuplicateScope"),
        "triage": ("DuplicateCluster", "DuplicateTriage", "PlanPair", "duplicate_triage"),
        "render": (
            "FINDING_BASE",
            "findings_quads",
            "finite",
            "render_chunks",
            "unreadable_line",
            "unreadable_value",
            "unknown_terms_line",
            "stderr_notes",
        ),
        "waivers": ("load_waivers",),
        "whatif": ("WhatIf", "what_if"),
        "whatif.render": ("render_whatif",),
    }.items()
    for name in names
}
# Exported under another name: the check's writer beside the analysis's render_chunks, and the
# two functions named like their submodule (once ``alignment.analyze`` is imported, Python sets the
# package attribute ``analyze`` to the module, which would shadow a function of that name).
_LAZY["check_chunks"] = ("checkformats", "render_chunks")
_LAZY["analyze_model"] = ("analyze", "analyze")
_LAZY["restructure_model"] = ("restructure", "restructure")

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'alignment' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value  # once: the next use is a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
