"""The documented structure of a lesson body, and the numbers derived from it.

A body is free Markdown (the lesson) followed by two fixed sections:

    ## This week: <name of the tool>
    ...the exercise...

    ## Reflect
    - a question?
    - another question?
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path

EXERCISE_HEADING = re.compile(r"^## This week:\s*(?P<title>\S.*?)\s*$")
REFLECT_HEADING = re.compile(r"^## Reflect\s*$")
# A link to another lesson: its file name, relative, e.g. [lesson 3](check-for-danger.md#the-idea).
LESSON_LINK = re.compile(r"\]\((?P<target>[a-z0-9]+(?:-[a-z0-9]+)*\.md)(?:#[^)\s]*)?\)")
FENCE = re.compile(r"^\s*(```|~~~)")
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019-][A-Za-z0-9\u00C0-\u024F]+)*")
MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|\{[^}]*\}|&[a-z]+;")


@dataclass(frozen=True)
class LessonBody:
    """A lesson body split into its sections."""

    lesson: str
    exercise_title: str
    exercise: str
    reflection: tuple[str, ...]


def split_body(body: str, path: Path, first_line: int) -> LessonBody:
    """Split a lesson body into lesson, exercise and reflection, or say what is missing."""
    lines = body.split("\n")
    exercise_at = reflect_at = None
    title = ""
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        if (match := EXERCISE_HEADING.match(line)) and exercise_at is None:
            exercise_at, title = index, match["title"]
        elif REFLECT_HEADING.match(line) and reflect_at is None:
            reflect_at = index
    where = display_path(path)
    end_line = first_line + len(body.rstrip().split("\n")) - 1  # last line with text
    if exercise_at is None:
        raise CourseError(
            where,
            "has no exercise section",
            "add a heading '## This week: <name of the tool>' followed by the exercise, before '## Reflect'",
            line=end_line,
        )
    if reflect_at is None or reflect_at < exercise_at:
        raise CourseError(
            where,
            "has no '## Reflect' section after the exercise",
            "end the lesson with a heading '## Reflect' and a list of questions, one per '- ' line",
            line=end_line if reflect_at is None else first_line + reflect_at,
        )
    lesson = "\n".join(lines[:exercise_at]).strip()
    if not lesson:
        raise CourseError(
            where, "has no lesson text before the exercise", "write the lesson above '## This week:'", line=first_line
        )
    questions = _reflection_questions(lines[reflect_at + 1 :], where, first_line + reflect_at + 1)
    return LessonBody(
        lesson=lesson,
        exercise_title=title,
        exercise="\n".join(lines[exercise_at + 1 : reflect_at]).strip(),
        reflection=questions,
    )


def _reflection_questions(lines: list[str], where: str, first_line: int) -> tuple[str, ...]:
    """The '- ' items under '## Reflect' (indented lines continue an item); each must be a question."""
    items: list[tuple[int, str]] = []
    for offset, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("- "):
            items.append((first_line + offset, line[2:].strip()))
        elif line[:1].isspace() and items:
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.strip()}")
        else:
            raise CourseError(
                where,
                "the Reflect section may only hold a list of questions",
                "write each question on its own '- ' line",
                line=first_line + offset,
            )
    for item_line, question in items:
        if not question.endswith("?"):
            raise CourseError(
                where,
                f"reflection item '{question[:40]}' is not a question",
                "end each reflection item with a question mark",
                line=item_line,
            )
    if not 2 <= len(items) <= 5:
        raise CourseError(
            where, f"the Reflect section has {len(items)} questions", "give 2 to 5 reflection questions", line=first_line - 1
        )
    return tuple(question for _, question in items)


def lesson_links(body: str, first_line: int) -> list[tuple[int, str]]:
    """Every link to a lesson source file (<slug>.md) with its file line."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        for match in LESSON_LINK.finditer(line):
            found.append((first_line + offset, match["target"]))
    return found


def count_words(markdown: str) -> int:
    """Words a reader reads: markup, link targets and attribute lists do not count."""
    return len(WORD.findall(MARKUP.sub(" ", markdown)))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes to read `words`, at least one."""
    return max(1, math.ceil(words / words_per_minute))
