"""What each email of the course says, decided from the model: no markup here.

The links are absolute (site URL + page path) and carry UTM parameters; links
in the exercise that point at lesson files or site pages are resolved the way
MkDocs resolves them on the site.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import cache, cached_property
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from coursekit.core import email_names as names
from coursekit.core import routes
from coursekit.core.model import Course, Lesson

LESSON_FILE = re.compile(r"^(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*\.md)(?P<fragment>#.*)?$")


@dataclass
class EmailDraft:
    """One email of the sequence, before rendering. Cheap to make: the exercise
    is converted to HTML only when a renderer asks for it."""

    course: Course
    position: int
    lesson: Lesson
    subject: str
    preheader: str
    send_day: int
    lesson_url: str
    next_lesson: Lesson | None
    next_in_days: int | None
    next_when: str  # "Next week", "In 3 days": what the schedule can promise
    course_url: str
    assessment_url: str | None
    tool_runs: str | None = None  # "This tool runs for two weeks: ..." when it outlasts the gap to the next email

    @property
    def file_stem(self) -> str:
        return names.file_stem(self.lesson)

    @cached_property
    def exercise_html(self) -> str:
        return exercise_html(self.course, self.lesson, f"lesson-{self.lesson.number:02d}")


def draft_emails(course: Course) -> list[EmailDraft]:
    """One draft per lesson, in order, email n teaching lesson n."""
    cadence = course.meta.email.cadence_days
    drafts = []
    for lesson in course.lessons:
        following = course.next(lesson)
        content = f"lesson-{lesson.number:02d}"
        drafts.append(
            EmailDraft(
                course=course,
                position=lesson.number,
                lesson=lesson,
                subject=lesson.email_subject,
                preheader=lesson.email_preheader,
                send_day=(lesson.number - 1) * cadence,
                lesson_url=tracked(course, course.meta.site_url + routes.lesson_url(lesson), content),
                next_lesson=following,
                next_in_days=cadence if following else None,
                next_when=when(cadence),
                course_url=tracked(course, course.meta.site_url, content),
                assessment_url=(tracked(course, course.meta.site_url + routes.QUIZ_URL, content) if course.assessment else None),
                tool_runs=tool_runs(lesson.tool_days, cadence if following else None),
            )
        )
    return drafts


def tool_runs(tool_days: int | None, until_next: int | None) -> str | None:
    """What the email says when the week's tool runs longer than the time to the next email
    (or, in the last email, longer than a day): that it does, and to keep it going."""
    if tool_days is None or (until_next is not None and tool_days <= until_next):
        return None
    weeks, rest = divmod(tool_days, 7)
    length = f"{tool_days} days" if rest else ("a week" if weeks == 1 else f"{weeks} weeks")
    after = "keep it going beside the next email's lesson" if until_next is not None else "keep it going after the course"
    return f"This tool runs for {length}: {after}."


def when(days: int) -> str:
    """How the email names the time to the next one, from the cadence: "Next week"."""
    if days == 1:
        return "Tomorrow"
    if days % 7 == 0:
        weeks = days // 7
        return "Next week" if weeks == 1 else f"In {weeks} weeks"
    return f"In {days} days"


def cadence_phrase(course: Course) -> str:
    """How often the emails come, in words: "a week", "every 3 days"."""
    days = course.meta.email.cadence_days
    return {1: "a day", 7: "a week", 14: "every two weeks"}.get(days, f"every {days} days")


def unsubscribe_url(course: Course) -> str | None:
    """Where the footer's unsubscribe link goes: the configured page (the same for every
    reader, so a page where they say who they are); None without one (the footer then
    says how to stop in words). Not the one-click address: that takes a POST, not a visit."""
    return course.meta.email.unsubscribe_url


def stop_address(course: Course) -> str:
    """The one address a reader writes to to stop the emails: the footer's and the site's."""
    settings = course.meta.email
    return settings.list_unsubscribe.mailto or settings.reply_to or settings.from_address


def stop_instructions(course: Course) -> str:
    """What the footer says when there is no unsubscribe link: words that are true."""
    return f"To stop these emails, write to {stop_address(course)} with the word unsubscribe."


def tracked(course: Course, url: str, content: str) -> str:
    """`url` with the course's UTM parameters, when it points into the site."""
    if not url.startswith(course.meta.site_url):
        return url
    utm = course.meta.email.utm
    parts = urlsplit(url)
    query = [
        *parse_qsl(parts.query),
        ("utm_source", utm.source),
        ("utm_medium", utm.medium),
        ("utm_campaign", utm.campaign or course.meta.id),
        ("utm_content", content),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def site_url_for(course: Course, lesson: Lesson, href: str) -> str:
    """An absolute URL for a link written in a lesson (a lesson file, ../page.md, or a URL)."""
    if urlsplit(href).scheme:
        return href
    if match := LESSON_FILE.match(href):
        target = next(other for other in course.lessons if other.source_name == match["name"])
        return course.meta.site_url + routes.lesson_url(target) + (match["fragment"] or "")
    path, _, fragment = href.partition("#")
    resolved = posixpath.normpath(posixpath.join(routes.LESSONS_FOLDER, path)) if path else routes.lesson_url(lesson)
    if resolved.endswith(".md"):
        resolved = routes.page_url(resolved)
    return course.meta.site_url + resolved + (f"#{fragment}" if fragment else "")


def exercise_html(course: Course, lesson: Lesson, content: str) -> str:
    """The lesson's exercise as HTML, with absolute, tracked links."""
    converter = _converter()
    converter.link_target = (course, lesson, content)
    try:
        return str(converter.reset().convert(lesson.email_exercise))
    finally:
        converter.link_target = None


@cache
def _converter() -> markdown.Markdown:
    # One converter for all emails: building a Markdown instance costs more than converting.
    converter = markdown.Markdown(extensions=["attr_list", "tables", _AbsoluteLinks()])
    converter.link_target = None
    return converter


class _AbsoluteLinkProcessor(Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no type hints
    """Makes every link absolute and tracked, and every image absolute, for the
    (course, lesson, content) being converted: an email has no site to be relative to."""

    def run(self, root: etree.Element) -> None:
        course, lesson, content = self.md.link_target
        for link in root.iter("a"):
            link.set("href", tracked(course, site_url_for(course, lesson, link.get("href", "")), content))
        for image in root.iter("img"):
            image.set("src", site_url_for(course, lesson, image.get("src", "")))


class _AbsoluteLinks(Extension):  # type: ignore[misc]  # Python-Markdown ships no type hints
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_AbsoluteLinkProcessor(md), "absolute", 1)
