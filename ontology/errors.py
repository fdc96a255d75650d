"""Errors a user can act on: bad input (exit 2) and refused or malformed queries."""
from __future__ import annotations

__all__ = ["InputError", "QueryError"]


class InputError(Exception):
    """Bad input: names the file, the line (when known) and the problem.

    >>> str(InputError("plan.yaml", 12, "unknown key 'goal' in a strategy"))
    "plan.yaml:12: unknown key 'goal' in a strategy"
    """

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.problem}"


class QueryError(Exception):
    """A SPARQL query that is malformed or refused (updates, SERVICE)."""
