"""The YAML list files read beside a model — waivers and duplicate decisions — and their shared rules.

Both are a list of records naming elements by id or IRI. One reading keeps their errors alike:
a file that is missing, a folder, not UTF-8 or not YAML is an :class:`InputError` naming the
file (and the line where YAML gives one), exit 2.

>>> [n.tag.rsplit(":", 1)[-1] for n in yaml_list("- {a: 1}\\n- {b: 2}\\n", "w.yaml", "a list")]
['map', 'map']
>>> names_iri("g", "https://e.org/g"), names_iri("g", "https://e.org/xg")
(True, False)
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import Node, SequenceNode

from ontology import InputError

__all__ = ["read_text", "yaml_list", "node_error", "names_iri", "SEPARATORS"]

#: What ends a base IRI before an element's id: ``g`` names ``https://e.org/g``, ``…#g`` and ``ex:g``.
SEPARATORS = frozenset("/#:")


def read_text(path: str | Path, what: str) -> str:
    """The text of ``path`` (UTF-8, a BOM allowed); ``what`` ("waiver file") names it in the errors."""
    name = str(path)
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(name, None, f"no such {what}") from None
    except IsADirectoryError:
        raise InputError(name, None, f"is a folder, not a {what}") from None
    except UnicodeDecodeError:
        raise InputError(name, None, f"not valid UTF-8 text; save the {what} as UTF-8") from None
    except OSError as err:
        raise InputError(name, None, f"cannot read the {what}: {err.strerror or err}") from None


def yaml_list(text: str, name: str, not_a_list: str) -> list[Node]:
    """The items of a YAML list, as nodes (with their lines); empty text is no items.

    ``not_a_list`` is the problem reported when the document is something else.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise InputError(name, mark.line + 1 if mark else None, f"YAML syntax error: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise InputError(name, None, f"YAML error: {' '.join(str(err).split())}") from None
    if root is None:
        return []
    if not isinstance(root, SequenceNode):
        raise node_error(name, root, not_a_list)
    return list(root.value)


def node_error(name: str, node: Node, problem: str) -> InputError:
    """An :class:`InputError` at the line of ``node``."""
    return InputError(name, node.start_mark.line + 1, problem)


def names_iri(name: str, iri: str) -> bool:
    """True when ``name`` is ``iri`` or its end after ``/``, ``#`` or ``:``."""
    if iri == name:
        return True
    cut = len(iri) - len(name)
    return cut > 0 and iri.endswith(name) and iri[cut - 1] in SEPARATORS
