"""Errors a user can act on: bad input (exit 2) and refused or malformed queries."""

from __future__ import annotations

from .textsafety import shorten, visible

__all__ = ["InputError", "QueryError", "MAX_MESSAGE"]

#: Characters of one error line on the terminal, ``stratalign: error: `` included; ``--debug`` prints it whole.
MAX_MESSAGE = 300
_PREFIX = len("stratalign: error: ")


class InputError(Exception):
    """Bad input: names the file, the line (when known) and the problem.

    ``str()`` is the one line the user sees: control characters from the input
    shown as escapes (``\\x1b``), and at most :data:`MAX_MESSAGE` characters with
    the CLI's prefix; :meth:`full` is the whole text (for ``--debug``).

    >>> str(InputError("plan.yaml", 12, "unknown key 'goal' in a strategy"))
    "plan.yaml:12: unknown key 'goal' in a strategy"
    >>> str(InputError("x.yaml", 3, "bad label 'a\\x1b[2Jb'"))
    "x.yaml:3: bad label 'a\\\\x1b[2Jb'"
    >>> len(str(InputError("x.yaml", 3, "y" * 5000))) <= MAX_MESSAGE - len("stratalign: error: ")
    True
    """

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        super().__init__(file, line, problem)

    def full(self) -> str:
        """The whole message on one line, controls escaped, not shortened."""
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return visible(f"{where}: {self.problem}")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        width = MAX_MESSAGE - _PREFIX
        # Cut the parts before escaping them whole: a 2 MB problem costs no 2 MB escape.
        where = visible(shorten(where, width // 2))
        problem = visible(shorten(self.problem, width))
        return shorten(f"{where}: {problem}", width)


class QueryError(Exception):
    """A SPARQL query that is malformed or refused (updates, SERVICE)."""
