"""stratalign's third pipeline stage: the networkx projection and interactive views."""
from __future__ import annotations

__all__: list[str] = []
