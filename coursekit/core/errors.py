"""The error types for bad course input, how they are worded for authors, and how
a run collects every problem before it stops.

A CourseError is one problem: where (file and line, or option), what is wrong and
how to fix it. CourseErrors is all the problems of one run (at most MAX_PROBLEMS),
so an author fixes them in one go instead of one failed build at a time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_PROBLEMS = 50


@dataclass
class CourseError(Exception):
    """A problem in the course sources that an author can fix.

    Every message names where (file and line, when known), what is wrong and how
    to fix it, so it can be printed once without a traceback.
    """

    path: Path | str
    problem: str
    fix: str
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the artefact process and re-raised in the build: must survive pickling.
        return (CourseError, (self.path, self.problem, self.fix, self.line, self.field))

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        what = f"field '{self.field}': {self.problem}" if self.field else self.problem
        return f"{where}: {what}. Fix: {self.fix}"

    @property
    def problems(self) -> list[CourseError]:
        return [self]

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown on the pull request's diff
        (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands)."""
        properties = f"file={_escape_property(str(self.path))}"
        if self.line is not None:
            properties += f",line={self.line}"
        message = f"{self.field + ': ' if self.field else ''}{self.problem}. Fix: {self.fix}"
        return f"::error {properties}::{_escape_data(message)}"


class CourseErrors(CourseError):
    """Every problem one run found, in the order found; `str()` gives one per line."""

    def __init__(self, problems: Iterable[CourseError], more: int = 0) -> None:
        flat = [problem for error in problems for problem in error.problems]
        self._problems, self.more = flat[:MAX_PROBLEMS], more + max(0, len(flat) - MAX_PROBLEMS)
        first = self._problems[0]
        super().__init__(first.path, first.problem, first.fix, first.line, first.field)

    @property
    def problems(self) -> list[CourseError]:
        return self._problems

    def __reduce__(self) -> tuple[Any, ...]:
        return (CourseErrors, (self._problems, self.more))

    def __str__(self) -> str:
        lines = [CourseError.__str__(problem) for problem in self._problems]
        if self.more:
            lines.append(f"... and {self.more} more problems not shown (the first {MAX_PROBLEMS} are above)")
        return "\n".join(lines)


class Problems:
    """Collects the problems of a run, so that checking goes on after the first one."""

    def __init__(self) -> None:
        self.found: list[CourseError] = []

    def add(self, error: CourseError) -> None:
        self.found.extend(error.problems)

    @contextlib.contextmanager
    def collecting(self) -> Iterator[None]:
        """Run a check; if it fails, note its problems and carry on after the block."""
        try:
            yield
        except CourseError as error:
            self.add(error)

    def raise_if_any(self) -> None:
        if self.found:
            raise CourseErrors(self.found)


def shown(text: str) -> str:
    """Text as it can be quoted in a one-line message: control characters spelt out."""
    return "".join(c if c == " " or c.isprintable() else repr(c)[1:-1] for c in text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
