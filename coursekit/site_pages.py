"""The Markdown source of the generated site pages (home, lessons), from the model.

Returns strings; MkDocs turns them into HTML. Markup lives in
`templates/site/*.md.j2`; this module only chooses what to pass them.
"""

from __future__ import annotations

from functools import cache

import jinja2

from coursekit.model import Course, Lesson

HOME_SOURCE = "index.md"


@cache
def _environment() -> jinja2.Environment:
    # Markdown output: autoescape is off, templates escape HTML fragments with |e.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("coursekit", "templates/site"),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def lesson_source_uri(lesson: Lesson) -> str:
    """Where a lesson pretends to live in the docs folder, so that links to its
    source file name (03-task-manager-or-people-leader.md) resolve."""
    return f"lessons/{lesson.source_name}"


def lesson_dest_uri(lesson: Lesson) -> str:
    """The built file of a lesson, giving the stable address lessons/<slug>/."""
    return f"{lesson.url}index.html"


def render_lesson_page(course: Course, lesson: Lesson) -> str:
    """The Markdown page for one lesson."""
    return _environment().get_template("lesson.md.j2").render(
        course=course,
        lesson=lesson,
        previous=course.previous(lesson),
        next=course.next(lesson),
    )


def render_home_page(course: Course) -> str:
    """The Markdown home page: the pitch and a card per lesson."""
    return _environment().get_template("home.md.j2").render(course=course, first=course.lessons[0])


def nav_title(lesson: Lesson) -> str:
    """A lesson's entry in the site navigation."""
    return f"{lesson.number}. {lesson.title}"
