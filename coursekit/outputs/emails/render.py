"""Email bodies: HTML with inlined CSS and a plain-text alternative with the same content.

Markup lives in `templates/email/`; the text body is made from its own small HTML
template by html2text, so every link is listed at the end with a number.
"""

from __future__ import annotations

import re
from functools import cache

import css_inline
import html2text
import jinja2

from coursekit.core.model import Course
from coursekit.core.templating import environment
from coursekit.outputs.emails.draft import EmailDraft, stop_instructions, unsubscribe_url


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
    return _inliner().inline(_render(course, draft, fragment=False, service=None))


def render_fragment(course: Course, draft: EmailDraft, service: str) -> str:
    """The email's content for an email service ("kit" or "listmonk"), which wraps it in
    its own template with its own footer and unsubscribe link: styles inlined, no
    <html>, <head> or footer; Kit's copy leaves the preheader to Kit's preview_text."""
    document = _inliner().inline(_render(course, draft, fragment=True, service=service))
    match = BODY.search(document)
    assert match is not None
    return match["inner"].strip() + "\n"


def _render(course: Course, draft: EmailDraft, *, fragment: bool, service: str | None) -> str:
    return (
        _environment()
        .get_template("email.html.j2")
        .render(
            course=course,
            draft=draft,
            unsubscribe=unsubscribe_url(course),
            stop_instructions=stop_instructions(course),
            total=len(course.lessons),
            colours=course.colours,
            fragment=fragment,
            service=service,
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
