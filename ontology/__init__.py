"""stratalign's first pipeline stage: the vocabulary, the loaders and the store.

>>> from ontology import load_model
>>> model = load_model(["--example", "esbjerg-2020"][1:], examples=True)  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, QueryError
from .loaders import load_model
from .model import Model

__all__ = ["__version__", "InputError", "QueryError", "load_model", "Model"]
