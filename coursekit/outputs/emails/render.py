"""Email bodies: HTML with inlined CSS and a plain-text alternative with the same content.

Markup lives in `templates/email/`; the text body is made from its own small HTML
template by html2text, so every link is listed at the end with a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import css_inline
import html2text
import jinja2

from coursekit.core.model import Course
from coursekit.core.templating import environment
from coursekit.outputs.emails.draft import EmailDraft, stop_instructions, tracked, unsubscribe_url


def _environment() -> jinja2.Environment:
    return environment("email", autoescape=True)


@cache
def _inliner() -> css_inline.CSSInliner:
    # keep_at_rules keeps the dark-mode @media block, which cannot be inlined.
    return css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)


BODY = re.compile(r"<body[^>]*>(?P<inner>.*)</body>", re.S)


def render_html(course: Course, draft: EmailDraft) -> str:
    """The whole email as an HTML document, CSS inlined, single column of at most 600 px,
    with the footer (why the reader gets it, how to stop, the postal address)."""
    return _inliner().inline(_render(course, draft, "standalone", course_url=draft.course_url))


def render_fragment(course: Course, draft: EmailDraft, service: str) -> str:
    """The email's content for an email service, styles inlined, no <html> or <head>:
    for Kit ("kit"), the email without its footer (Kit adds its own, and the preheader is
    Kit's preview_text); for listmonk ("listmonk"), the card's content only, which our
    campaign template (`listmonk_template`) puts back in the card with the footer."""
    part = "listmonk-content" if service == "listmonk" else "kit"
    document = _inliner().inline(_render(course, draft, part, course_url=draft.course_url))
    match = BODY.search(document)
    assert match is not None
    return match["inner"].strip() + "\n"


# Stand-ins for listmonk's own tags while the template goes through Jinja and css-inline.
_CONTENT, _SUBJECT = "coursekit-listmonk-content-7f3a", "coursekit-listmonk-subject-7f3a"
_UNSUBSCRIBE = "https://unsubscribe.invalid/coursekit-listmonk-7f3a"
_MSO_COMMENT = re.compile(r"<!--\[if mso\]>.*?<!\[endif\]-->", re.S)


def listmonk_template(course: Course, go_literal: Callable[[str], str]) -> str:
    """Our listmonk campaign template: the standalone email's page, card and footer (why
    the reader gets it, the subscriber's own unsubscribe link, the postal address) around
    `{{ template "content" . }}`. Course text goes through `go_literal`; Outlook's
    conditional comments go through `Safe`, or listmonk's html/template deletes them."""
    site = tracked(course, course.meta.site_url, "footer")
    document = _inliner().inline(_render(course, None, "listmonk-template", course_url=site, unsubscribe=_UNSUBSCRIBE))
    literal = go_literal(document)
    literal = _MSO_COMMENT.sub(lambda m: "{{ Safe `" + m[0] + "` }}", literal)
    tags = {_CONTENT: '{{ template "content" . }}', _SUBJECT: "{{ .Campaign.Subject }}", _UNSUBSCRIBE: "{{ UnsubscribeURL }}"}
    for stand_in, tag in tags.items():
        assert literal.count(stand_in) == 1, stand_in
        literal = literal.replace(stand_in, tag)
    return literal


def _render(course: Course, draft: EmailDraft | None, part: str, *, course_url: str, unsubscribe: str | None = None) -> str:
    return (
        _environment()
        .get_template("email.html.j2")
        .render(
            course=course,
            draft=draft,
            unsubscribe=unsubscribe or unsubscribe_url(course),
            stop_instructions=stop_instructions(course),
            total=len(course.lessons),
            colours=course.colours,
            part=part,
            course_url=course_url,
            listmonk_content=_CONTENT,
            listmonk_subject=_SUBJECT,
        )
    )


def render_text(course: Course, draft: EmailDraft, unsubscribe: str | None = None) -> str:
    """The plain-text body: the same content, links listed at the end. `unsubscribe`
    replaces the configured link (an email service's merge tag)."""
    html = (
        _environment()
        .get_template("email.text.html.j2")
        .render(
            course=course,
            draft=draft,
            unsubscribe=unsubscribe or unsubscribe_url(course),
            stop_instructions=stop_instructions(course),
            total=len(course.lessons),
        )
    )
    converter = html2text.HTML2Text()
    converter.body_width = 0  # never wrap: a wrapped URL is a broken link
    converter.inline_links = False
    converter.links_each_paragraph = False
    converter.ignore_emphasis = True
    converter.ignore_images = True
    converter.unicode_snob = True
    converter.wrap_list_items = True
    text = converter.handle(html)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def render_page(template: str, **context: object) -> str:
    """A standalone HTML page from templates/email (the gallery)."""
    return _environment().get_template(template).render(**context)
