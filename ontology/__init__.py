"""stratalign's first pipeline stage: the vocabulary, the loaders and the store.

>>> from pathlib import Path
>>> from ontology import load_model
>>> from ontology.examples import example_path
>>> model = load_model([example_path("esbjerg-2020")])
>>> Path(model.sources[0]).name
'esbjerg-2020.yaml'
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, QueryError
from .loaders import load_model
from .model import Model

__all__ = ["__version__", "InputError", "QueryError", "load_model", "Model"]
