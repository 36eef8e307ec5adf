"""Errors that end a run with one line on stderr and exit status 2."""

from __future__ import annotations


class PipelineError(Exception):
    """Bad input or configuration: the message names the file and the problem."""

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)
