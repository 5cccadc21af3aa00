"""The generated site pages from the model: the Markdown of home, lessons, quiz,
chart, email course and print page, the HTML after each lesson, and the nav.

Returns strings; MkDocs turns them into HTML. Markup lives in
`templates/site/*.md.j2` and `templates/html/`; addresses come from `routes`;
this module only chooses what to pass the templates.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from coursekit.core import routes, scoring
from coursekit.core.errors import CourseError
from coursekit.core.model import Assessment, Course, Lesson
from coursekit.core.templating import environment
from coursekit.outputs.emails.draft import EmailDraft, cadence_phrase, stop_address, unsubscribe_url
from coursekit.outputs.output_folder import write_file_whole

PRINT_LESSONS_MARKER = "<!-- coursekit:lessons -->"
# Where HTML made straight from the model goes, after search has indexed the page: a list
# as long as the course needs no Markdown pass, and is not search material.
LESSON_CARDS_MARKER = "<!-- coursekit:lesson-cards -->"
EMAIL_LIST_MARKER = "<!-- coursekit:email-list -->"
HTML_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")
HTML_ID = re.compile(r'(\sid)="([^"]+)"')
HTML_FRAGMENT_LINK = re.compile(r'href="#([^"]+)"')


def _environment() -> jinja2.Environment:
    # Markdown output: autoescape is off, templates escape HTML fragments with |e.
    return environment("site", autoescape=False)


def page_meta(course: Course, drafts: list[EmailDraft]) -> dict[str, dict[str, str]]:
    """The title and description of each generated page, by source path, as plain text.
    The hooks put them on the page (escaped once): course text never goes through the
    pages' front matter, where YAML could misread it and leave it as text on the page."""
    meta: dict[str, dict[str, str]] = {
        routes.HOME_SOURCE: {"description": course.meta.tagline},
        routes.PRINT_SOURCE: {
            "description": f"All {len(course.lessons)} lessons of {course.meta.title} on one page, ready to print or save as PDF."
        },
        routes.TOOLKIT_SOURCE: {
            "title": "Your toolkit",
            "description": f"The {len(course.lessons)} tools of {course.meta.title} on one page, each with its lesson.",
        },
        routes.JOURNAL_SOURCE: {
            "title": "Reflection journal",
            "description": f"Every reflection question of {course.meta.title}, with your answers, kept in your browser.",
        },
        routes.CARRY_SOURCE: {
            "title": "Continue on another device",
            "description": f"Carry your {course.meta.title} progress to your phone or another computer in a link or a QR code.",
        },
        routes.CERTIFICATE_SOURCE: {
            "title": "Certificate",
            "description": f"A certificate of completion for {course.meta.title}, with your name, to print.",
        },
        routes.EMAIL_SOURCE: {
            "description": f"The {course.meta.title} lessons as {len(drafts)} short emails, one {cadence_phrase(course)}, "
            "each with a tool to use that week."
        },
    }
    for lesson in course.lessons:
        meta[routes.lesson_source(lesson)] = {"title": lesson.title, "description": lesson.summary}
    if course.assessment is not None:
        assessment = course.assessment
        meta[routes.QUIZ_SOURCE] = {
            "description": f"{assessment.title} Rate yourself on {len(assessment.items)} everyday behaviours, "
            "with the lessons that help most."
        }
        meta[routes.CHART_SOURCE] = {
            "title": f"{assessment.chart.title} chart",
            "description": f"{assessment.chart_heading}, grouped by dimension, as a printable chart and a spreadsheet.",
        }
    return meta


def render_lesson_page(course: Course, lesson: Lesson) -> str:
    """The Markdown page for one lesson."""
    return (
        _environment()
        .get_template("lesson.md.j2")
        .render(
            course=course,
            lesson=lesson,
            previous=course.previous(lesson),
            journal_key=storage_keys(course)["journal"],
            journal_href=routes.relative(routes.JOURNAL_URL, routes.lesson_url(lesson)),
        )
    )


def render_lesson_footer(course: Course, lesson: Lesson) -> str:
    """The HTML after a lesson on its own page: the progress toggle and previous/next links."""
    return (
        environment("html", autoescape=True)
        .get_template("lesson_footer.html.j2")
        .render(
            lesson=lesson,
            previous=course.previous(lesson),
            next=course.next(lesson),
            progress_key=progress_key(course),
            renamed=renamed_lessons(course),
            dates_key=storage_keys(course)["dates"],
            home=routes.relative(routes.HOME_URL, routes.lesson_url(lesson)),
            href=lambda other: routes.relative(routes.lesson_url(other), routes.lesson_url(lesson)),
        )
    )


def render_home_page(course: Course) -> str:
    """The Markdown home page: the pitch, progress and a card per lesson."""
    return (
        _environment()
        .get_template("home.md.j2")
        .render(
            course=course,
            first=course.lessons[0],
            progress_key=progress_key(course),
            pages=_page_links(course),
            cards_marker=LESSON_CARDS_MARKER,
        )
    )


def home_cards(course: Course) -> str:
    """The home page's lesson cards, as HTML: one link per lesson."""
    return (
        environment("html", autoescape=True)
        .get_template("lesson_cards.html.j2")
        .render(course=course, href=lambda lesson: routes.relative(routes.lesson_url(lesson), routes.HOME_URL))
    )


def fill_home_page(page_html: str, cards: str) -> str:
    """The home page's HTML with the cards (`home_cards`) in place of the marker."""
    return page_html.replace(LESSON_CARDS_MARKER, cards, 1)


def email_list(drafts: list[EmailDraft]) -> str:
    """The email course page's list of emails, as HTML: day, subject, preview link."""
    return (
        environment("html", autoescape=True)
        .get_template("email_list.html.j2")
        .render(
            drafts=drafts,
            href=lambda draft: routes.relative_file(routes.email_path(draft.file_stem + ".html"), routes.EMAIL_URL),
        )
    )


def fill_email_course_page(page_html: str, listing: str) -> str:
    """The email course page's HTML with the list (`email_list`) in place of the marker."""
    return page_html.replace(EMAIL_LIST_MARKER, listing, 1)


def render_quiz_page(course: Course) -> str:
    """The self-assessment page: every item as a fieldset, scored in the browser."""
    return (
        _environment()
        .get_template("quiz.md.j2")
        .render(
            course=course,
            assessment=course.require_assessment(),
            data=quiz_data(course),
            pages=_page_links(course),
            downloads=routes.download_paths(course),
        )
    )


def render_chart_page(course: Course) -> str:
    """The chart page: the pairs by dimension and both downloads."""
    return (
        _environment()
        .get_template("chart.md.j2")
        .render(
            course=course,
            assessment=course.require_assessment(),
            pages=_page_links(course),
            downloads=routes.download_paths(course),
        )
    )


def render_print_page(course: Course, epoch: int) -> str:
    """The print page's Markdown: an introduction, the printed cover (dated by the build,
    `epoch`) and contents, and a marker where the lessons go."""
    built = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return (
        _environment()
        .get_template("print.md.j2")
        .render(course=course, lessons_marker=PRINT_LESSONS_MARKER, built=f"{built.day} {built:%B %Y}")
    )


def print_lessons(course: Course, lesson_html: Mapping[str, str]) -> Iterator[str]:
    """The print page's lessons (every lesson's HTML by slug, made printable), as HTML in
    pieces, one lesson at a time: a thousand lessons need not be one string."""
    lessons = ((lesson, Markup(_for_print(lesson, lesson_html[lesson.slug]))) for lesson in course.lessons)
    return environment("html", autoescape=True).get_template("print_lessons.html.j2").generate(lessons=lessons)


def print_page(page_html: str, lessons: Iterator[str]) -> Iterator[str]:
    """The print page as the theme made it (the marker where the lessons go), with the
    lessons (`print_lessons`) in place of the marker: in pieces."""
    before, marker, after = page_html.partition(PRINT_LESSONS_MARKER)
    if not marker:
        raise ValueError(f"the print page has no {PRINT_LESSONS_MARKER} where its lessons go")
    return itertools.chain([before], lessons, [after])


def write_page(path: Path, pieces: Iterable[str]) -> None:
    """Write a page given in pieces to `path`, encoded as MkDocs encodes pages; all or
    nothing (a failure part way leaves the file as it was)."""
    write_file_whole(path, (piece.encode("utf-8", errors="xmlcharrefreplace") for piece in pieces))


def _for_print(lesson: Lesson, html: str) -> str:
    """Headings one level down, and ids (with the links to them) prefixed, so ten
    lessons can share one page without clashing anchors."""
    prefix = f"lesson-{lesson.number}-"
    html = HTML_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
    html = HTML_ID.sub(lambda m: f'{m[1]}="{prefix}{m[2]}"', html)
    return HTML_FRAGMENT_LINK.sub(lambda m: f'href="#{prefix}{m[1]}"', html)


def has_email_page(course: Course) -> bool:
    """Learners get an email course page only where they can sign up (`email.signup`): without
    a list to join, the emails are files for the author (emails/), not a page for learners."""
    return course.meta.email.signup is not None


def render_email_course_page(course: Course, drafts: list[EmailDraft]) -> str:
    """The email course page: the sign-up form, the emails with preview links, and how to stop."""
    return (
        _environment()
        .get_template("email-course.md.j2")
        .render(
            course=course,
            drafts=drafts,
            signup=course.meta.email.signup,
            cadence_phrase=cadence_phrase(course),
            unsubscribe=unsubscribe_url(course),
            stop_address=stop_address(course),
            email_list_marker=EMAIL_LIST_MARKER,
        )
    )


def render_toolkit_page(course: Course) -> str:
    """The toolkit page: every lesson's tool with the lesson it is from, on one printable page."""
    return (
        _environment()
        .get_template("toolkit.md.j2")
        .render(course=course, href=lambda lesson: routes.relative(routes.lesson_url(lesson), routes.TOOLKIT_URL))
    )


def render_journal_page(course: Course) -> str:
    """The reflection journal: every lesson's Reflect questions, where the learner's answers show."""
    return _environment().get_template("journal.md.j2").render(course=course, keys=storage_keys(course))


def render_certificate_page(course: Course) -> str:
    """The certificate of completion, which the learner's browser fills in."""
    return _environment().get_template("certificate.md.j2").render(course=course, keys=storage_keys(course))


def render_carry_page(course: Course) -> str:
    """The page that carries the learner's progress to another device in a link and a QR code."""
    return (
        _environment()
        .get_template("another-device.md.j2")
        .render(course=course, keys=storage_keys(course), lessons=" ".join(lesson.key for lesson in course.lessons))
    )


def render_moved_page(course: Course, lesson: Lesson, old: str, lang: str) -> str:
    """The page at a renamed lesson's old address (lessons/<old>/): it sends the reader,
    and a link in an email already sent, on to the lesson's address now."""
    return (
        environment("html", autoescape=True)
        .get_template("moved.html.j2")
        .render(
            lang=lang,
            title=lesson.title,
            target=routes.relative(routes.lesson_url(lesson), routes.moved_url(old)),
            canonical=course.meta.site_url + routes.lesson_url(lesson),
        )
    )


def render_build_error_page(problems: list[CourseError]) -> str:
    """The page a preview shows in place of every page while the course has problems."""
    return _environment().get_template("build-error.md.j2").render(problems=problems)


def render_progress_key(course: Course) -> str:
    """The marker that tells course.js, on any page, where lesson progress is kept."""
    template = environment("html", autoescape=True).get_template("progress_key.html.j2")
    return template.render(progress_key=progress_key(course), renamed=renamed_lessons(course))


def renamed_lessons(course: Course) -> str:
    """For the navigation's ticks, which know a lesson by its address: each renamed
    lesson's address name and the key its progress is kept under ("new:old ...")."""
    return " ".join(f"{lesson.slug}:{lesson.key}" for lesson in course.lessons if lesson.key != lesson.slug)


def progress_key(course: Course) -> str:
    """The localStorage key of lesson progress."""
    return f"{course.meta.id}:progress:v1"


def storage_keys(course: Course) -> dict[str, str]:
    """Where the learner's browser keeps what is theirs (localStorage keys): the lessons
    done, the day each was done, their reflection answers, the name on their certificate."""
    course_id = course.meta.id
    keys = {
        "progress": progress_key(course),
        "dates": f"{course_id}:completed-on:v1",
        "journal": f"{course_id}:journal:v1",
        "name": f"{course_id}:learner-name:v1",
    }
    if course.assessment is not None:  # course.quiz.js keeps finished attempts under "<answers>:history"
        keys["quiz"] = f"{course_id}:self-assessment:v{course.assessment.version}"
        keys["quizHistory"] = f"{keys['quiz']}:history"
    return keys


def quiz_data(course: Course) -> dict[str, Any]:
    """What the quiz script needs to score: ids, groups, scale, bands and lesson links
    (relative to the quiz page). The rules themselves are in coursekit.core.scoring."""
    assessment = course.require_assessment()
    quiz_folder = routes.QUIZ_URL
    return {
        "storageKey": storage_keys(course)["quiz"],
        "scale": list(assessment.scale),
        "columns": {"instead": assessment.chart.instead_heading, "rated": assessment.chart.rated_heading},
        "maxValue": assessment.max_value,
        "weakestCount": scoring.WEAKEST_DIMENSIONS,
        "lowestCount": scoring.LOWEST_ITEMS,
        "dimensions": [
            {
                "id": d.id,
                "name": d.name,
                "lesson": d.lesson.number,
                "lessonTitle": d.lesson.title,
                "lessonUrl": routes.relative(routes.lesson_url(d.lesson), quiz_folder),
            }
            for d in assessment.dimensions
        ],
        "items": [
            {"id": i.id, "number": i.number, "dimension": i.dimension.id, "rated": i.rated, "instead": i.instead}
            for i in assessment.items
        ],
        "bands": [{"name": b.name, "min": b.min, "max": b.max, "advice": b.advice} for b in assessment.bands],
    }


def _page_links(course: Course) -> dict[str, str | None]:
    """Source paths of the optional pages, for links in templates (None when absent)."""
    has_assessment = course.assessment is not None
    return {"quiz": routes.QUIZ_SOURCE if has_assessment else None, "chart": routes.CHART_SOURCE if has_assessment else None}


def nav_title(lesson: Lesson) -> Markup:
    """A lesson's entry in the site navigation, escaped: the theme prints nav titles as HTML."""
    return Markup(f"{lesson.number}. ") + escape(lesson.title)


NAV_GROUP = 10


def lessons_nav(course: Course) -> list[dict[str, Any]]:
    """The lessons as MkDocs nav entries: flat up to ten lessons, else nested groups of ten
    ("Lessons 1–10", then "Lessons 1–100" ...), so that with navigation.prune every page
    carries a bounded number of links however long the course is."""
    entries: list[tuple[int, int, dict[str, Any]]] = [
        (lesson.number, lesson.number, {nav_title(lesson): routes.lesson_source(lesson)}) for lesson in course.lessons
    ]
    while len(entries) > NAV_GROUP:
        entries = [
            (chunk[0][0], chunk[-1][1], {f"Lessons {chunk[0][0]}–{chunk[-1][1]}": [e[2] for e in chunk]})
            for chunk in (entries[i : i + NAV_GROUP] for i in range(0, len(entries), NAV_GROUP))
        ]
    return [entry for _, _, entry in entries]


def _chart_nav_title(assessment: Assessment) -> Markup:
    """The chart's menu entry, escaped: the theme prints nav titles as HTML."""
    return escape(assessment.chart.title) + Markup(" chart")


def navigation(course: Course) -> list[Any]:
    """The site nav: home, the lessons in order, then the tools built from the assessment."""
    tools: list[Any] = [
        {"Your toolkit": routes.TOOLKIT_SOURCE},
        {"Reflection journal": routes.JOURNAL_SOURCE},
        {"Certificate": routes.CERTIFICATE_SOURCE},
        {"Continue on another device": routes.CARRY_SOURCE},
        {"Print the whole course": routes.PRINT_SOURCE},
    ]
    if has_email_page(course):
        tools[:0] = [{"Email course": routes.EMAIL_SOURCE}]
    if course.assessment is not None:
        tools[:0] = [{"Self-assessment": routes.QUIZ_SOURCE}, {_chart_nav_title(course.assessment): routes.CHART_SOURCE}]
    return [{"Home": routes.HOME_SOURCE}, {"Lessons": lessons_nav(course)}, {"Tools": tools}]
