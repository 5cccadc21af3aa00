"""The course as a pull request's job summary (GitHub-flavoured Markdown): each lesson
with its words and reading time, the drafts, and every problem with its file and line.
For authors who never install Python: GitHub shows it on the workflow run's page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.loader import load_course

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def text(value: str) -> str:
    """Course text as literal Markdown text in a table cell or list item."""
    return _MARKDOWN.sub(r"\\\1", " ".join(value.split()))


def course_summary(course_dir: Path, page_problems: Sequence[CourseError] = ()) -> tuple[str, bool]:
    """The summary, and whether the course has problems that stop a build (`page_problems`:
    those a build found in the pages, such as a link that leads nowhere)."""
    lines: list[str] = []
    try:
        course = load_course(course_dir, drafts=True)
    except CourseError as err:
        lines += ["## The course has problems", "", "Fix each, then push again; the site was not built.", ""]
        lines += [f"- {text(str(problem))}" for problem in err.problems]  # file:line: field: what. Fix: how
        return "\n".join(lines) + "\n", True
    if page_problems:
        lines += ["## The pages have problems", "", "Fix each, then push again; the site was not built.", ""]
        lines += [f"- {text(str(problem))}" for problem in page_problems]
        lines += [""]
    published = [lesson for lesson in course.lessons if not lesson.draft]
    minutes = sum(lesson.minutes for lesson in published)
    lines += [f"## {text(course.meta.title)}: {len(published)} lessons, about {minutes} minutes of reading", ""]
    lines += ["| # | Lesson | File | Words | Minutes |", "|---:|---|---|---:|---:|"]
    for lesson in course.lessons:
        number = "draft" if lesson.draft else str(lesson.number)
        lines.append(f"| {number} | {text(lesson.title)} | `{lesson.source.name}` | {lesson.words:,} | {lesson.minutes} |")
    drafts = [lesson for lesson in course.lessons if lesson.draft]
    lines += ["", "### Drafts", ""]
    draft_lines = [
        f"- `{lesson.source.name}`: {text(lesson.title)} (in the preview only, until `draft: true` goes)" for lesson in drafts
    ]
    lines += draft_lines or ["None."]
    lines += ["", "### Warnings", ""]
    lines += [f"- {text(warning)}" for warning in course.warnings] or ["None."]
    return "\n".join(lines) + "\n", bool(page_problems)
