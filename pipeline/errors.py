"""Errors that end a run with one line on stderr (one per problem) and exit status 2."""

from __future__ import annotations


class PipelineError(Exception):
    """Bad input or configuration: the message names the file and the problem."""

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)

    def lines(self) -> list[str]:
        """The message as printed: one line per problem."""
        return [str(self)]


class PipelineErrors(PipelineError):
    """Every problem of one file at once (a config with three mistakes is fixed in one round, not three)."""

    def __init__(self, errors: list[PipelineError]):
        if not errors:
            raise ValueError("PipelineErrors needs at least one error")
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.problem)
        self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


def raise_all(errors: list[PipelineError]) -> None:
    """Raise the one error, or all of them together; nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise PipelineErrors(errors)
