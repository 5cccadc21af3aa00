"""The one error type for bad course input, and how it is worded for authors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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

    def __reduce__(self) -> tuple:
        # Raised in the artefact process and re-raised in the build: must survive pickling.
        return (CourseError, (self.path, self.problem, self.fix, self.line, self.field))

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        what = f"field '{self.field}': {self.problem}" if self.field else self.problem
        return f"{where}: {what}. Fix: {self.fix}"


def shown(text: str) -> str:
    """Text as it can be quoted in a one-line message: control characters spelt out."""
    return "".join(c if c == " " or c.isprintable() else repr(c)[1:-1] for c in text)
