"""Load and validate a whole course from its folder: the one place that does.

    load_course(Path("lessons")) -> Course

The folder holds `course.yml` (whose `lessons:` list gives the lessons and their
order), one `<slug>.md` per lesson and, optionally, `assessment.yml` (the
self-assessment and chart). Checking goes on after a problem: every problem of the
run (up to errors.MAX_PROBLEMS) is raised at the end as CourseErrors, each naming
file, line or field, what is wrong and how to fix it.

Drafts (`draft: true`) are left out unless `drafts=True` (the preview); when they
are in, their length and structure problems are warnings, not errors.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.core import brand, course_id, lesson_body
from coursekit.core.assessment_loader import ASSESSMENT_FILE, load_assessment
from coursekit.core.errors import CourseError, CourseErrors, Problems
from coursekit.core.model import Course, Lesson
from coursekit.core.placeholders import placeholder_warnings
from coursekit.core.project_files import links_out_of
from coursekit.core.schema import CourseConfig, LessonFront, validate_doc
from coursekit.core.sources import MarkdownSource, YamlDoc, display_path, line_naming, read_markdown, read_yaml_file

COURSE_FILE = "course.yml"
LESSON_NAME = re.compile(r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md", re.ASCII)
# "[lesson 4](check-for-danger.md)" or "[Lesson](...)": the number follows the lessons list.
NUMBERED_LINK = re.compile(
    r"\[(?P<word>[Ll]esson)(?: [0-9]+)?\]\((?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md(?P<fragment>#[^)\s]*)?\)"
)
# "Ten short lessons", "12 lessons": a count typed into the pitch goes stale when the list changes.
STATED_COUNT = re.compile(
    r"(?i)\b(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
    r"(?:[ -](?:short|quick|brief|weekly))? lessons?\b"
)
NUMBERED_SUBJECT = re.compile(r"^(?P<word>[Ll]esson) [0-9]+\b")


@dataclass
class _Parsed:
    """One lesson file read and checked, before it gets its number."""

    lesson: Lesson
    links: list[tuple[int, str]]


def load_course(
    course_dir: Path,
    *,
    site_url: str | None = None,
    drafts: bool = False,
) -> Course:
    """Read course.yml and every lesson in `course_dir` into a validated Course.

    `site_url` overrides the configured address (a fork's GitHub Pages URL, say);
    `drafts` keeps lessons marked `draft: true` (the preview under `mkdocs serve`).
    """
    course_dir = Path(course_dir)
    problems = Problems()
    outside = links_out_of(course_dir.absolute().parent, sorted(course_dir.glob("*")), "the build would read it as course text")
    if outside:
        raise CourseErrors(outside)
    meta, doc = _load_meta(course_dir, site_url)
    files = _lesson_files(course_dir, problems)
    listed, renamed = _listed_files(meta, doc, files, course_dir, problems)
    warnings = placeholder_warnings(meta, doc, display_path(course_dir / COURSE_FILE))
    parsed: dict[str, _Parsed] = {}
    left_out: set[str] = set()
    broken: set[str] = set()  # listed lessons with problems: not also reported as missing where used
    for slug, path in listed:
        broken.add(slug)
        with problems.collecting():
            source = read_markdown(path)
            if source.front.data.get("draft") is True and not drafts:  # a draft left out: not parsed at all
                broken.discard(slug)
                left_out.add(slug)
                continue
            lesson_warnings: list[str] = []
            lesson = _load_lesson(source, slug, meta, lesson_warnings)
            broken.discard(slug)
            if lesson.lesson.draft and not drafts:
                left_out.add(slug)
                continue
            parsed[slug] = lesson
            warnings.extend(lesson_warnings)
    order = [slug for slug, _ in listed if slug in parsed]
    numbers = {slug: number for number, slug in enumerate(order, start=1)}
    lessons = [_numbered(parsed[slug].lesson, numbers) for slug in order]
    unlisted = set(files) - {slug for slug, _ in listed}
    for old, new in _former_names(parsed, files, problems).items():
        renamed.setdefault(old, new)  # a link or assessment entry under the old name: its new one is the fix
    _check_lesson_links(parsed, left_out | broken | unlisted, left_out, renamed, problems)
    assessment = None
    assessment_path = course_dir / ASSESSMENT_FILE
    # lexists: a broken link named assessment.yml is an error, not a course without an assessment
    if os.path.lexists(assessment_path):
        with problems.collecting():
            by_slug = {lesson.slug: lesson for lesson in lessons}
            # Lessons with problems, and files missing from the list, are reported already.
            listed_slugs = {slug for slug, _ in listed}
            stand_ins = {slug: path for slug, path in files.items() if slug in broken or slug not in listed_slugs}
            by_slug.update({slug: Lesson.stand_in(slug, path) for slug, path in stand_ins.items()})
            assessment = load_assessment(assessment_path, by_slug, left_out, renamed)
    problems.raise_if_any()
    return Course(meta=meta, lessons=tuple(lessons), root=course_dir, assessment=assessment, warnings=tuple(warnings))


# listmonk refuses a campaign whose send_at is not in the future, by its server's clock
# when the campaign is created (cmd/campaigns.go: "Scheduled date should be in the future").
LISTMONK_START_FIX = (
    "give a time still in the future when you create the campaigns in listmonk, e.g. next Monday at 09:00 with its "
    "time zone, or delete 'start:' to create them unscheduled"
)


def _past_start(start: str, now: datetime.datetime | None = None) -> str | None:
    """Why a listmonk start (ISO 8601 with its zone) cannot be used now, if it cannot."""
    when = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
    now = now or datetime.datetime.now(datetime.UTC)
    if when <= now:
        return f"{start} is not in the future, and listmonk refuses to schedule a campaign in the past"
    return None


def _numbered(lesson: Lesson, numbers: dict[str, int]) -> Lesson:
    """The lesson with its place in the course, and every "lesson N" it writes kept in step
    with the list: link texts "[lesson 4](other.md)" and a subject starting "Lesson 4:"."""

    def link(match: re.Match[str]) -> str:
        number = numbers.get(match["slug"])
        return match[0] if number is None else f"[{match['word']} {number}]({match['slug']}.md{match['fragment'] or ''})"

    def renumber(text: str) -> str:
        return NUMBERED_LINK.sub(link, text)

    return dataclasses.replace(
        lesson,
        number=numbers[lesson.slug],
        body=renumber(lesson.body),
        exercise=renumber(lesson.exercise),
        email_exercise=renumber(lesson.email_exercise),
        reflection=tuple(renumber(question) for question in lesson.reflection),
        email_subject=NUMBERED_SUBJECT.sub(lambda m: f"{m['word']} {numbers[lesson.slug]}", lesson.email_subject),
    )


def _load_meta(course_dir: Path, site_url: str | None) -> tuple[CourseConfig, YamlDoc]:
    """The validated course settings, with an optional site URL override; stops the run
    on a problem (without them nothing else can be checked)."""
    path = course_dir / COURSE_FILE
    if not path.is_file():
        fix = f"create {COURSE_FILE} with the course settings (see .github/AUTHORING.md)"
        raise CourseError(display_path(path), "does not exist", fix)
    doc = read_yaml_file(path)
    if "lesson_count" in doc.data and "lessons" not in doc.data:
        raise CourseError(
            display_path(path),
            "lesson_count is gone: the lessons are now listed by name, in order, under 'lessons:'",
            "replace lesson_count with 'lessons:' and one '- <file name without .md>' line per lesson (see .github/AUTHORING.md)",
            line=doc.line_of("lesson_count"),
            field="lesson_count",
        )
    if site_url:
        doc.data["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    _timestamp_as_text(doc.data, "email", "listmonk", "start")
    meta = validate_doc(CourseConfig, doc, path)
    problems = Problems()
    for index, paragraph in enumerate(meta.pitch):
        if match := STATED_COUNT.search(paragraph):
            problems.add(
                CourseError(
                    display_path(path),
                    f"says '{match[0]}', but the number of lessons comes from the lessons list",
                    "leave the number out (the home page states the count and the reading time itself), e.g. "
                    "'Short lessons, one idea each'",
                    line=doc.line_of("pitch", index),
                    field=f"pitch[{index + 1}]",
                )
            )
    if len(meta.outcomes) == 1:
        problems.add(
            CourseError(
                display_path(path), "has one outcome", "give two to five, or none", line=doc.line_of("outcomes"), field="outcomes"
            )
        )
    for name, colour in (("primary", meta.brand.primary), ("accent", meta.brand.accent)):
        if colour and (problem := brand.contrast_problem(name, colour)):
            problems.add(
                CourseError(display_path(path), problem[0], problem[1], line=doc.line_of("brand", name), field=f"brand.{name}")
            )
    if id_problem := course_id.id_change_problem(path, meta.id, meta.retired_ids):
        problems.add(CourseError(display_path(path), id_problem[0], id_problem[1], line=doc.line_of("id"), field="id"))
    if meta.email.listmonk.start and (late := _past_start(meta.email.listmonk.start)):
        problems.add(
            CourseError(
                display_path(path),
                late,
                LISTMONK_START_FIX,
                line=doc.line_of("email", "listmonk", "start"),
                field="email.listmonk.start",
            )
        )
    problems.raise_if_any()
    if meta.lesson_words.min > meta.lesson_words.max:
        raise CourseError(
            display_path(path),
            "lesson_words.min is larger than lesson_words.max",
            "swap the two numbers",
            line=doc.line_of("lesson_words"),
            field="lesson_words",
        )
    return meta, doc


def _timestamp_as_text(data: dict[str, Any], *keys: str) -> None:
    """An unquoted YAML timestamp (which YAML reads as a date) back to the text the
    author wrote, so the same value works quoted or not; without a time zone it keeps
    no offset, and the check of its form asks for one."""
    *parents, last = keys
    for key in parents:
        data = data.get(key) if isinstance(data, dict) else None  # type: ignore[assignment]
    if isinstance(data, dict) and isinstance(data.get(last), (datetime.date, datetime.datetime)):
        value = data[last]
        text = value.isoformat()
        if isinstance(value, datetime.datetime) and value.utcoffset() == datetime.timedelta(0):
            text = value.replace(tzinfo=None).isoformat() + "Z"
        data[last] = text


def _lesson_files(course_dir: Path, problems: Problems) -> dict[str, Path]:
    """The lesson files by slug; a Markdown file named otherwise is a problem."""
    files = {}
    for path in sorted(course_dir.glob("*.md")):
        if (name := LESSON_NAME.fullmatch(path.name)) is None:
            problems.add(
                CourseError(
                    display_path(path),
                    "is not named like a lesson",
                    "name lesson files with lower-case words joined by hyphens, e.g. check-for-danger.md "
                    "(the name is the lesson's address, lessons/check-for-danger/)",
                )
            )
            continue
        files[name["slug"]] = path
    return files


def _renames(missing: list[str], unlisted: list[str]) -> dict[str, str]:
    """Listed names without a file, each paired with the file not in the list it most likely
    became: the closest name, or, with one of each left over, that one."""
    pairs: dict[str, str] = {}
    left = list(unlisted)
    for slug in missing:
        if close := difflib.get_close_matches(slug, left, n=1, cutoff=0.6):
            pairs[slug] = close[0]
            left.remove(close[0])
    rest = [slug for slug in missing if slug not in pairs]
    if len(rest) == 1 and len(left) == 1:
        pairs[rest[0]] = left[0]
    return pairs


def _listed_files(
    meta: CourseConfig, doc: YamlDoc, files: dict[str, Path], course_dir: Path, problems: Problems
) -> tuple[list[tuple[str, Path]], dict[str, str]]:
    """The lessons of the `lessons:` list that have a file, in list order, and the renames
    the list suggests (old name -> file); a list entry without a file, a file not in the
    list and an entry given twice are problems."""
    where = display_path(course_dir / COURSE_FILE)
    listed: list[tuple[str, Path]] = []
    seen: dict[str, int] = {}
    missing = list(dict.fromkeys(slug for slug in meta.lessons if slug not in files))
    renamed = _renames(missing, [name for name in files if name not in meta.lessons])
    for index, slug in enumerate(meta.lessons):
        line = doc.line_of("lessons", index)
        if slug in seen:
            problems.add(
                CourseError(
                    where,
                    f"'{slug}' is listed twice (also on line {seen[slug]})",
                    "list each lesson once",
                    line=line,
                    field=f"lessons[{index + 1}]",
                )
            )
            continue
        seen[slug] = line
        if slug not in files:
            fix = "create the file, or remove the line from the list"
            if slug in renamed:
                new = renamed[slug]
                fix = (
                    f"did you mean '{new}'? {display_path(files[new])} is in the folder but not in the list: write '- {new}' here"
                )
            problems.add(
                CourseError(
                    where,
                    f"lists '{slug}', but {display_path(course_dir / (slug + '.md'))} does not exist",
                    fix,
                    line=line,
                    field=f"lessons[{index + 1}]",
                )
            )
            continue
        listed.append((slug, files[slug]))
    old_names = {new: old for old, new in renamed.items()}
    for slug, path in files.items():
        if slug not in seen:
            fix = (
                f"add '- {slug}' to 'lessons:' in {where} where it belongs in the course "
                "(a lesson still being written can be listed with 'draft: true' in its front matter), "
                f"or move the file out of {display_path(course_dir)}/"
            )
            if slug in old_names:
                old = old_names[slug]
                fix = (
                    f"if it is the lesson listed as '{old}' (renamed, or misspelt in the list), "
                    f"write '- {slug}' in place of '- {old}' on line {seen[old]} of {where}"
                )
            problems.add(CourseError(display_path(path), f"is not in the lessons list of {where}", fix))
    return listed, renamed


def _load_lesson(source: MarkdownSource, slug: str, meta: CourseConfig, warnings: list[str]) -> _Parsed:
    """Validate and measure one lesson; a draft's length and structure problems become warnings."""
    path = source.path
    draft = source.front.data.get("draft") is True
    problems = Problems()
    front = None
    with problems.collecting():
        front = validate_doc(LessonFront, source.front, path)
    body = None
    with problems.collecting():
        body = lesson_body.split_body(source.body, path, source.body_first_line)
    if body is not None:
        words = sum(lesson_body.count_words(part) for part in (body.lesson, body.exercise, *body.reflection))
    else:
        words = lesson_body.count_words(source.body)
    limits = meta.lesson_words
    if not limits.min <= words <= limits.max:
        problems.add(
            CourseError(
                display_path(path),
                f"has {words} words of prose; lessons must have {limits.min} to {limits.max}",
                "shorten the lesson" if words > limits.max else "develop the lesson further",
                line=source.body_first_line,
            )
        )
    if front is not None and body is not None:
        problems.found.extend(_standalone_problems(source, front, body))
    if draft and front is not None:
        warnings.extend(f"{problem} (a draft: this stops a build once the lesson is published)" for problem in problems.found)
        body = body or lesson_body.LessonBody(lesson=source.body, exercise_title="(not written yet)", exercise="", reflection=())
    else:
        problems.raise_if_any()
    assert front is not None and body is not None
    lesson = Lesson(
        number=0,  # its place among the lessons of this build, set by load_course
        slug=slug,
        source=path,
        title=front.title,
        summary=front.summary,
        objectives=tuple(front.objectives),
        takeaways=tuple(front.takeaways),
        email_subject=front.email.subject,
        # Not the summary: the email opens with it, and a preview line that repeats it is read twice.
        email_preheader=front.email.preheader or f"This week's tool: {' '.join(body.exercise_title.split())}",
        body=body.lesson,
        exercise_title=body.exercise_title,
        exercise=body.exercise,
        reflection=body.reflection,
        words=words,
        minutes=lesson_body.reading_minutes(words, meta.words_per_minute),
        draft=draft,
        email_exercise=front.email.exercise or body.exercise,
        tool_days=front.email.tool_days,
        former_names=tuple(front.former_names),
    )
    return _Parsed(lesson=lesson, links=lesson_body.lesson_links(source.body, source.body_first_line))


# Words that point at something the email does not carry: the page's text around the
# exercise, or a figure. A table is fine when the email's text holds one.
ELSEWHERE = re.compile(r"(?i)\b(above|below|(?:the|this) (?:dial|figure|diagram|picture|graph|illustration))\b")
TABLE_MENTION = re.compile(r"(?i)\b(?:the|this) table\b")
TABLE_ROW = re.compile(r"(?m)^\s*\|.*\|\s*$")
LIST_MENTION = re.compile(r"(?i)\b(?:the|this|these) (?:list|(?:[a-z]+ )?(?:questions|steps|points))\b")
LIST_ITEM = re.compile(r"(?m)^\s*(?:[-*+]|[0-9]+\.) \S")


def _standalone_problems(source: MarkdownSource, front: LessonFront, body: lesson_body.LessonBody) -> list[CourseError]:
    """The email carries the exercise alone: words that refer to what only the lesson
    page shows ("the table above", "the dial") are problems, at their line."""
    if front.email.exercise is not None:
        text, first_line = front.email.exercise, source.front.line_of("email", "exercise") + 1
        fix = "rewrite email.exercise so that it carries what it refers to"
    else:
        text = body.exercise
        lines = source.body.split("\n")
        heading = next(index for index, line in enumerate(lines) if line.startswith("## This week:"))
        first_line = source.body_first_line + heading + 1
        first_line += lines[heading + 1 :].index(text.split("\n")[0]) if text else 0
        fix = (
            "the email course sends the exercise without the rest of the lesson: add 'exercise: |' under 'email:' "
            "in the front matter with a version that stands alone (include the table, list or steps it needs)"
        )
    found = []
    for match in ELSEWHERE.finditer(text):
        found.append((match.start(), f"its email's exercise says '{match[0]}', which the email does not show"))
    if not TABLE_ROW.search(text):
        for match in TABLE_MENTION.finditer(text):
            found.append((match.start(), f"its email's exercise mentions '{match[0]}', but holds no table"))
    if not LIST_ITEM.search(text):
        for match in LIST_MENTION.finditer(text):
            found.append((match.start(), f"its email's exercise mentions '{match[0]}', but holds no list"))
    return [
        CourseError(display_path(source.path), problem, fix, line=first_line + text.count("\n", 0, start))
        for start, problem in sorted(found)
    ]


def _former_names(parsed: dict[str, _Parsed], files: dict[str, Path], problems: Problems) -> dict[str, str]:
    """Each lesson's earlier names (old -> current): none may be a lesson file's name now, or
    another lesson's earlier name, since its old address and learners' progress go to one lesson."""
    owners: dict[str, str] = {}
    for slug, item in parsed.items():
        lesson = item.lesson
        for old in lesson.former_names:
            if old == slug:  # renamed back to an earlier name: its progress is still under the first
                continue
            where = display_path(lesson.source)
            line = line_naming(lesson.source, old)
            if old in files:
                problems.add(
                    CourseError(
                        where,
                        f"lists '{old}' under former_names, but lessons/{old}.md is a lesson of its own",
                        "a name goes under former_names only once its file is renamed (./course rename OLD NEW does "
                        "both); remove it here",
                        line=line,
                        field="former_names",
                    )
                )
            elif old in owners and owners[old] != slug:
                problems.add(
                    CourseError(
                        where,
                        f"lists '{old}' under former_names, as lessons/{owners[old]}.md does",
                        "an old name belongs to one lesson (its old address and learners' progress go there); "
                        "keep it in the lesson that had that name",
                        line=line,
                        field="former_names",
                    )
                )
            else:
                owners[old] = slug
    return owners


def _check_lesson_links(
    parsed: dict[str, _Parsed], unavailable: set[str], left_out: set[str], renamed: dict[str, str], problems: Problems
) -> None:
    """Every link to a lesson file (<slug>.md) points at a lesson of this build (lessons
    with problems of their own count as there: those problems are reported already)."""
    names = sorted(parsed)
    for item in parsed.values():
        for line, target in item.links:
            slug = target.removesuffix(".md")
            if slug in parsed or (slug in unavailable and slug not in left_out):
                continue
            where = display_path(item.lesson.source)
            if slug in left_out:
                problems.add(
                    CourseError(
                        where,
                        f"links to '{target}', a draft (draft: true) that published builds leave out",
                        "remove the link until that lesson is published, or publish it (delete 'draft: true')",
                        line=line,
                    )
                )
                continue
            close = [renamed[slug]] if slug in renamed else difflib.get_close_matches(slug, names, n=1)
            hint = f"did you mean '{close[0]}.md'?" if close else f"link to one of the lesson files, e.g. {names[0]}.md"
            problems.add(CourseError(where, f"links to lesson '{target}', which does not exist", hint, line=line))
