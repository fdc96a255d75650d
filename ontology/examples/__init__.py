"""The bundled example models, written in the YAML authoring format."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_names", "example_path", "example_title"]


def _folder() -> Path:
    return Path(str(resources.files(__name__)))


def example_names() -> list[str]:
    """Names usable with ``--example``, sorted.

    >>> "esbjerg-2020" in example_names()
    True
    """
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def example_path(name: str) -> Path | None:
    """The file of a bundled example, or None when there is no such example."""
    path = _folder() / f"{name}.yaml"
    return path if path.is_file() else None


def example_title(name: str) -> str:
    """The example's ``title`` line (Danish first), read without loading the model."""
    import yaml

    path = example_path(name)
    if path is None:
        return ""
    title = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("title", "")
    if isinstance(title, dict):
        return title.get("da") or title.get("en") or next(iter(title.values()), "")
    return str(title)
