"""Load and validate a whole course from its folder: the one place that does.

    load_course(Path("lessons")) -> Course

The folder holds `course.yml`, one `NN-slug.md` per lesson and, optionally,
`assessment.yml` (the self-assessment and chart). Any problem raises
a CourseError naming file, line or field, what is wrong and how to fix it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from coursekit import lesson_body
from coursekit.assessment_loader import ASSESSMENT_FILE, load_assessment
from coursekit.errors import CourseError
from coursekit.model import Course, Lesson
from coursekit.schema import CourseConfig, LessonFront, validate_doc
from coursekit.sources import display_path, read_markdown, read_yaml_file

COURSE_FILE = "course.yml"
LESSON_NAME = re.compile(r"^(?P<number>[0-9]{2,4})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


def load_course(course_dir: Path, *, site_url: str | None = None) -> Course:
    """Read course.yml and every lesson in `course_dir` into a validated Course.

    `site_url` overrides the configured address (a fork's GitHub Pages URL, say).
    """
    course_dir = Path(course_dir)
    meta = _load_meta(course_dir, site_url)
    loaded = [_load_lesson(path, meta) for path in _lesson_files(course_dir)]
    lessons = [lesson for lesson, _ in loaded]
    _check_numbering(lessons, meta, course_dir)
    _check_lesson_links(loaded)
    assessment_path = course_dir / ASSESSMENT_FILE
    # lexists: a broken link named assessment.yml is an error, not a course without an assessment
    assessment = load_assessment(assessment_path, tuple(lessons)) if os.path.lexists(assessment_path) else None
    return Course(meta=meta, lessons=tuple(lessons), root=course_dir, assessment=assessment)


def _load_meta(course_dir: Path, site_url: str | None) -> CourseConfig:
    """The validated course settings, with an optional site URL override."""
    path = course_dir / COURSE_FILE
    if not path.is_file():
        raise CourseError(display_path(path), "does not exist", f"create {COURSE_FILE} with the course settings (see README.md)")
    doc = read_yaml_file(path)
    if site_url:
        doc.data["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    meta = validate_doc(CourseConfig, doc, path)
    if meta.lesson_words.min > meta.lesson_words.max:
        raise CourseError(
            display_path(path),
            "lesson_words.min is larger than lesson_words.max",
            "swap the two numbers",
            line=doc.line_of("lesson_words"),
            field="lesson_words",
        )
    return meta


def _lesson_files(course_dir: Path) -> list[Path]:
    """The lesson files in number order; any other Markdown file here is an error."""
    paths = sorted(course_dir.glob("*.md"))
    for path in paths:
        if not LESSON_NAME.match(path.name):
            raise CourseError(
                display_path(path),
                "is not named like a lesson",
                "name lesson files NN-slug.md, e.g. 03-task-manager-or-people-leader.md "
                "(a number of two to four digits, a hyphen, lower-case words joined by hyphens)",
            )
    return sorted(paths, key=lambda path: (int(LESSON_NAME.fullmatch(path.name)["number"]), path.name))  # type: ignore[index]


def _load_lesson(path: Path, meta: CourseConfig) -> tuple[Lesson, list[tuple[int, str]]]:
    """Parse, validate and measure one lesson file; also return its links to lesson files."""
    name = LESSON_NAME.match(path.name)
    assert name is not None  # _lesson_files checked it
    source = read_markdown(path)
    front = validate_doc(LessonFront, source.front, path)
    body = lesson_body.split_body(source.body, path, source.body_first_line)
    words = sum(lesson_body.count_words(part) for part in (body.lesson, body.exercise, *body.reflection))
    limits = meta.lesson_words
    if not limits.min <= words <= limits.max:
        raise CourseError(
            display_path(path),
            f"has {words} words of prose; lessons must have {limits.min} to {limits.max}",
            "shorten the lesson" if words > limits.max else "develop the lesson further",
            line=source.body_first_line,
        )
    lesson = Lesson(
        number=int(name["number"]),
        slug=name["slug"],
        source=path,
        title=front.title,
        summary=front.summary,
        objectives=tuple(front.objectives),
        takeaways=tuple(front.takeaways),
        email_subject=front.email.subject,
        email_preheader=front.email.preheader or " ".join(front.summary.split()),
        body=body.lesson,
        exercise_title=body.exercise_title,
        exercise=body.exercise,
        reflection=body.reflection,
        words=words,
        minutes=lesson_body.reading_minutes(words, meta.words_per_minute),
    )
    return lesson, lesson_body.lesson_links(source.body, source.body_first_line)


def _check_numbering(lessons: list[Lesson], meta: CourseConfig, course_dir: Path) -> None:
    """Numbers and slugs are unique, start at 1 without gaps, and match lesson_count."""
    seen_numbers: dict[int, Lesson] = {}
    seen_slugs: dict[str, Lesson] = {}
    for lesson in lessons:
        if (twin := seen_numbers.get(lesson.number)) is not None:
            raise CourseError(
                display_path(lesson.source),
                f"has the same number ({lesson.number:02d}) as {twin.source_name}",
                "give each lesson its own number and renumber the files that follow",
            )
        if (twin := seen_slugs.get(lesson.slug)) is not None:
            raise CourseError(
                display_path(lesson.source),
                f"has the same slug '{lesson.slug}' as {twin.source_name}",
                "give each lesson a different name after its number",
            )
        seen_numbers[lesson.number] = seen_slugs[lesson.slug] = lesson
    for expected, lesson in enumerate(lessons, start=1):
        if lesson.number != expected:
            raise CourseError(
                display_path(lesson.source),
                f"is numbered {lesson.number:02d} but lesson {expected:02d} does not exist",
                f"number lessons 01, 02, 03 ... without gaps: rename it to {expected:02d}-{lesson.slug}.md",
            )
    if len(lessons) != meta.lesson_count:
        raise CourseError(
            display_path(course_dir / COURSE_FILE),
            f"lesson_count is {meta.lesson_count} but {display_path(course_dir)} holds {len(lessons)} lessons",
            "add or remove lessons, or change lesson_count to match",
            field="lesson_count",
        )


def _check_lesson_links(loaded: list[tuple[Lesson, list[tuple[int, str]]]]) -> None:
    """Every link to NN-slug.md in a lesson points at a lesson that exists."""
    names = {lesson.source_name for lesson, _ in loaded}
    for lesson, links in loaded:
        for line, target in links:
            if target not in names:
                raise CourseError(
                    display_path(lesson.source),
                    f"links to lesson '{target}', which does not exist",
                    f"link to one of the lesson files, e.g. {sorted(names)[0]}",
                    line=line,
                )
