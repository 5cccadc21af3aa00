"""The Markdown source of the generated site pages (home, lessons), from the model.

Returns strings; MkDocs turns them into HTML. Markup lives in
`templates/site/*.md.j2`; this module only chooses what to pass them.
"""

from __future__ import annotations

import re

import jinja2

from coursekit import scoring
from coursekit.chart_export import chart_file_stem
from coursekit.emails.draft import EmailDraft
from coursekit.lesson_body import FENCE
from coursekit.model import Assessment, Course, Lesson
from coursekit.templating import environment

HOME_SOURCE = "index.md"
QUIZ_SOURCE = "self-assessment.md"
CHART_SOURCE = "chart.md"
EMAIL_SOURCE = "email-course.md"
# Inside lessons/ so the lessons' own relative links resolve; published at print/.
PRINT_SOURCE = "lessons/print.md"
PRINT_DEST = "print/index.html"
EMAILS_DIR = "emails"
DOWNLOADS_DIR = "downloads"


HEADING = re.compile(r"^#{1,5} ")


def _environment() -> jinja2.Environment:
    # Markdown output: autoescape is off, templates escape HTML fragments with |e.
    return environment("site", autoescape=False)


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
        progress_key=progress_key(course),
    )


def render_home_page(course: Course) -> str:
    """The Markdown home page: the pitch, progress and a card per lesson."""
    return _environment().get_template("home.md.j2").render(
        course=course, first=course.lessons[0], progress_key=progress_key(course), pages=_page_links(course)
    )


def render_quiz_page(course: Course) -> str:
    """The self-assessment page: every item as a fieldset, scored in the browser."""
    assessment = _require_assessment(course)
    return _environment().get_template("quiz.md.j2").render(
        course=course, assessment=assessment, data=quiz_data(course), pages=_page_links(course),
        downloads=download_paths(course),
    )


def render_chart_page(course: Course) -> str:
    """The chart page: the pairs by dimension and both downloads."""
    return _environment().get_template("chart.md.j2").render(
        course=course, assessment=_require_assessment(course), pages=_page_links(course),
        downloads=download_paths(course),
    )


def render_print_page(course: Course) -> str:
    """Every lesson on one page for printing; lesson headings one level down."""
    bodies = {lesson.number: demote_headings(lesson.body) for lesson in course.lessons}
    return _environment().get_template("print.md.j2").render(course=course, bodies=bodies)


def demote_headings(markdown: str) -> str:
    """Add one '#' to every ATX heading outside fenced code (## -> ###)."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and HEADING.match(line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def render_email_course_page(course: Course, drafts: list[EmailDraft]) -> str:
    """The email course page: the emails with preview links, and a sign-up form when configured."""
    return _environment().get_template("email-course.md.j2").render(
        course=course, drafts=drafts, signup=course.meta.email.signup
    )


def download_paths(course: Course) -> dict[str, str]:
    """Where the chart downloads live in the site, by file type."""
    stem = f"{DOWNLOADS_DIR}/{chart_file_stem(course)}"
    return {"pdf": f"{stem}.pdf", "csv": f"{stem}.csv"}


def progress_key(course: Course) -> str:
    """The localStorage key of lesson progress."""
    return f"{course.meta.id}:progress:v1"


def quiz_data(course: Course) -> dict:
    """What the quiz script needs to score: ids, groups, scale, bands and lesson links
    (relative to the quiz page). The rules themselves are in coursekit.scoring."""
    assessment = _require_assessment(course)
    return {
        "storageKey": f"{course.meta.id}:self-assessment:v{assessment.version}",
        "scale": list(assessment.scale),
        "maxValue": assessment.max_value,
        "weakestCount": scoring.WEAKEST_DIMENSIONS,
        "lowestCount": scoring.LOWEST_ITEMS,
        "dimensions": [
            {"id": d.id, "name": d.name, "lesson": d.lesson.number, "lessonTitle": d.lesson.title,
             "lessonUrl": f"../{d.lesson.url}"}
            for d in assessment.dimensions
        ],
        "items": [
            {"id": i.id, "number": i.number, "dimension": i.dimension.id, "leader": i.leader, "manager": i.manager}
            for i in assessment.items
        ],
        "bands": [{"name": b.name, "min": b.min, "max": b.max, "advice": b.advice} for b in assessment.bands],
    }


def _page_links(course: Course) -> dict[str, str | None]:
    """Source paths of the optional pages, for links in templates (None when absent)."""
    has_assessment = course.assessment is not None
    return {"quiz": QUIZ_SOURCE if has_assessment else None, "chart": CHART_SOURCE if has_assessment else None}


def _require_assessment(course: Course) -> Assessment:
    if course.assessment is None:
        raise ValueError("the course has no assessment.yml")
    return course.assessment


def nav_title(lesson: Lesson) -> str:
    """A lesson's entry in the site navigation."""
    return f"{lesson.number}. {lesson.title}"
