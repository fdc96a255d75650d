"""stratalign's fourth pipeline stage: report assembly and templates."""
from __future__ import annotations

__all__: list[str] = []
