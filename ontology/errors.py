"""Errors a user can act on: bad input (exit 2) and refused or malformed queries."""

from __future__ import annotations

from .textsafety import shorten, visible

__all__ = ["InputError", "QueryError", "MAX_MESSAGE"]

#: Characters of one error line on the terminal, ``stratalign: error: `` included; ``--debug`` prints it whole.
MAX_MESSAGE = 300
_PREFIX = len("stratalign: error: ")
#: The file name (with its line) the line's bound counts; a longer one is cut at _PATH
#: characters, keeping its start and its end ("/tmp/pytest-of-… /plan.csv:3").
_WHERE = 60
_PATH = 140


class InputError(Exception):
    """Bad input: names the file, the line (when known) and the problem.

    ``str()`` is the one line the user sees: control characters from the input
    shown as escapes (``\\x1b``), and at most :data:`MAX_MESSAGE` characters with
    the CLI's prefix and a file name of up to 60 characters (a longer path is cut
    to 140, the explanation never for it); :meth:`full` is the whole text (for ``--debug``).

    >>> str(InputError("plan.yaml", 12, "unknown key 'goal' in a strategy"))
    "plan.yaml:12: unknown key 'goal' in a strategy"
    >>> str(InputError("x.yaml", 3, "bad label 'a\\x1b[2Jb'"))
    "x.yaml:3: bad label 'a\\\\x1b[2Jb'"
    >>> len(str(InputError("x.yaml", 3, "y" * 5000))) <= MAX_MESSAGE - len("stratalign: error: ")
    True
    >>> str(InputError("/tmp/" + "d" * 300 + "/plan.csv", 3, "expected a number of at most 100 digits")).endswith(
    ...     "d/plan.csv:3: expected a number of at most 100 digits")
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
        # Cut the parts before escaping them whole: a 2 MB problem costs no 2 MB escape. Each part
        # has its own bound, so a long path never cuts the explanation (one line cut "expected a
        # number o … most 100 digits" under a deep tmp folder): the line is at most MAX_MESSAGE
        # with a file name of up to _WHERE characters, and a longer path is cut in its middle.
        problem = visible(shorten(self.problem, width - _WHERE - 2))
        where = visible(shorten(where, _PATH))
        return f"{where}: {problem}"


class QueryError(Exception):
    """A SPARQL query that is malformed or refused (updates, SERVICE)."""
