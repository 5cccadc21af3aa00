"""Where warnings and errors for authors go: standard error, one line each, in
MkDocs' own format ("WARNING -  ..."), whatever sys.stderr is at that moment (so a
second build in the same process, or a test capturing output, gets them too)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from coursekit.core.errors import CourseError

FORMAT = "%(levelname)-7s -  %(message)s"


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]  # its stream is sys.stderr, whatever that is now
    """A handler that writes to the sys.stderr of the moment, not the one it was made with."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def show_on_stderr(name: str, level: int = logging.WARNING, *, propagate: bool = True) -> logging.Logger:
    """The logger `name`, printing records of `level` and above on stderr (added once)."""
    logger = logging.getLogger(name)
    if not any(isinstance(handler, _CurrentStderr) for handler in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.setLevel(level)
        logger.addHandler(handler)
    logger.propagate = propagate
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    return logger


def annotate_for_ci(error: CourseError, env: Mapping[str, str] = os.environ) -> None:
    """Under GitHub Actions, each problem also as an `::error file=…,line=…::` line on
    stdout, so that it shows on the pull request's diff, at the line."""
    if env.get("GITHUB_ACTIONS") == "true":
        for problem in error.problems:
            print(problem.annotation(), file=sys.stdout, flush=True)


def worded(error: CourseError) -> str:
    """One problem as it is; several as a count and one problem a line."""
    problems = error.problems
    if len(problems) == 1 and not getattr(error, "more", 0):
        return str(problems[0])
    return f"{len(problems) + getattr(error, 'more', 0)} problems; fix them all, then run the command again:\n{error}"
