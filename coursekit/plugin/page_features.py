"""What a build adds to MkDocs' pages, a feature each, for CourseBuild to drive:

- PageAdditions: a generated page's title and description, the HTML after each page's
  conversion (a lesson's pager, elsewhere where progress is kept), and what goes in
  after search indexing (the home page's cards, the list of emails);
- LinkPreviews: each page's Open Graph and Twitter Card tags and its share card;
- PrintPage: every lesson's HTML, kept until the print page is written with them all;
- AltText: images an author left without alt text, which stop a publishing build.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from mkdocs.structure.pages import Page

from coursekit.core import routes
from coursekit.core.errors import CourseError
from coursekit.core.model import Course
from coursekit.outputs.emails.draft import EmailDraft
from coursekit.outputs.share_cards import CARD_SIZE, CardSpec, card_specs
from coursekit.plugin import site_pages
from coursekit.plugin.image_alt import alt_problems


@dataclass
class PageAdditions:
    """The HTML and metadata the build adds to pages, by source path."""

    meta: dict[str, dict[str, str]]  # a generated page's title and description
    progress_key: str  # after every page's HTML but a lesson's
    fills: dict[str, str]  # HTML put in after search indexing
    after: dict[str, str] = field(default_factory=dict)  # a lesson's pager, after its HTML

    @classmethod
    def of(cls, course: Course, drafts: list[EmailDraft]) -> PageAdditions:
        fills = {routes.HOME_SOURCE: site_pages.home_cards(course), routes.EMAIL_SOURCE: site_pages.email_list(drafts)}
        additions = cls(site_pages.page_meta(course, drafts), site_pages.render_progress_key(course), fills)
        for lesson in course.lessons:
            additions.after[routes.lesson_source(lesson)] = site_pages.render_lesson_footer(course, lesson)
        return additions

    def after_content(self, source: str) -> str:
        return self.after.get(source, self.progress_key)

    def fill(self, page: Page) -> None:
        """Add what search must not index and Markdown need not read: the home page's
        cards, the list of emails. (The print page's lessons go in as it is written.)"""
        source = page.file.src_uri
        if page.content is None:
            return
        if source == routes.HOME_SOURCE:
            page.content = site_pages.fill_home_page(page.content, self.fills[source])
        elif source == routes.EMAIL_SOURCE:
            page.content = site_pages.fill_email_course_page(page.content, self.fills[source])


@dataclass
class LinkPreviews:
    """Each page's link preview (Open Graph, Twitter Card): plain text, absolute URLs."""

    course: Course
    cards: dict[str, CardSpec]

    @classmethod
    def of(cls, course: Course) -> LinkPreviews:
        return cls(course, card_specs(course))

    def card(self, source: str) -> CardSpec:
        """The page's share card: its own, else the home page's."""
        return self.cards.get(source) or self.cards[routes.HOME_SOURCE]

    def tags(self, page: Page, *, article: bool) -> dict[str, object]:
        meta, course = self.course.meta, self.course
        card = self.card(page.file.src_uri)
        plain = {key: Markup(page.meta[key]).unescape() for key in ("title", "description") if page.meta.get(key)}
        width, height = CARD_SIZE
        return {
            "type": "article" if article else "website",
            "site_name": meta.title,
            "title": course.meta.title if page.is_homepage else plain.get("title", meta.title),
            "description": plain.get("description", meta.tagline),
            "url": meta.site_url + page.url,
            "image": meta.site_url + card.path,
            "width": width,
            "height": height,
            "alt": card.alt,
        }


@dataclass
class PrintPage:
    """Every lesson's HTML, as converted, and the theme's print page without them: written
    together, piece by piece, when every page is done (lessons convert in any order)."""

    lesson_html: dict[str, str] = field(default_factory=dict)  # by slug
    theme_page: tuple[Path, str] | None = None  # where it goes, and the theme's HTML with the marker

    def keep(self, slug: str, html: str) -> None:
        self.lesson_html[slug] = html

    def hold(self, path: Path, html: str) -> None:
        self.theme_page = (path, html)

    def pieces(self, course: Course) -> tuple[Path, Iterator[str]] | None:
        """Where the page goes and its HTML in pieces, once; None if MkDocs never wrote it."""
        if self.theme_page is None:
            return None
        path, html = self.theme_page
        self.theme_page = None
        return path, site_pages.print_page(html, site_pages.print_lessons(course, self.lesson_html))


@dataclass
class AltText:
    """Images without alt text, found in each page's HTML with the line of its source."""

    problems: list[CourseError] = field(default_factory=list)

    def check(self, html: str, source: Path) -> None:
        self.problems += alt_problems(html, source)
