"""The author's review of a built course in Chromium, as the pull-request check runs
it (`coursekit verify`): every page reached from the home page, each link, anchor and
asset, requests to other origins, images without alt text, sideways scrolling on a
phone, and serious axe-core violations in the light and the dark palette.

It reads what to expect from the course itself (its lessons, from the course model),
never from one particular course, so any correct edit an author makes passes and
only a real problem fails. Each problem names the lesson file it is about when the
page is a lesson's, so a pull request shows it on that file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from coursekit.core import routes
from coursekit.core.model import Course
from coursekit.core.sources import display_path, line_naming
from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS, served_site

PHONE_WIDTH, PHONE_HEIGHT = 390, 844

# Images in the page's content without an alt attribute (alt="" marks a decorative one).
IMAGES_WITHOUT_ALT_JS = "() => [...document.querySelectorAll('article img:not([alt])')].map(img => img.getAttribute('src'))"


@dataclass(frozen=True)
class SiteProblem:
    """One problem of the built site: the page, the source file it comes from (when known), what and how to fix it."""

    page: str  # site-relative URL, '' for home
    source: str | None  # e.g. lessons/soil-first.md
    message: str
    fix: str
    line: int | None = None  # the source line that names what is wrong, when one does

    def __str__(self) -> str:
        where = (self.source or f"page /{self.page}") + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message}. Fix: {self.fix}"

    def annotation(self) -> str:
        """A GitHub Actions error command (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions)."""
        text = f"{self.message}. Fix: {self.fix}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        where = f"file={self.source}," if self.source else ""
        where += f"line={self.line}," if self.source and self.line else ""
        return f"::error {where}title=Course site::{text}"


def review_site(site: Path, course: Course) -> list[SiteProblem]:
    """Every problem of the built `site` of `course`, served as GitHub Pages serves it."""
    from playwright.sync_api import sync_playwright

    from coursekit.review.site_checks import crawl, serious_axe_violations

    sources = {routes.lesson_url(lesson): lesson.source for lesson in course.lessons}
    problems: list[SiteProblem] = []
    with served_site(site) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT}, is_mobile=True, has_touch=True)
            report = crawl(context, root)
            for line in report.problems:
                page_url, _, message = line.partition(": ")
                problems.append(_problem(root, page_url, message, sources))
            reached = {url.removeprefix(root) for url in report.pages}
            for lesson in course.lessons:
                if routes.lesson_url(lesson) not in reached:
                    problems.append(
                        SiteProblem(
                            routes.lesson_url(lesson),
                            display_path(lesson.source),
                            "no page of the site links to this lesson",
                            "list it under 'lessons:' in course.yml",
                        )
                    )
            page = context.new_page()
            for url in report.pages:
                page.goto(url, wait_until="networkidle")
                for src in page.evaluate(IMAGES_WITHOUT_ALT_JS):
                    problems.append(_problem(root, url, f"the image {src} has no alt text", sources, src))
                if page.evaluate("document.documentElement.scrollWidth") > PHONE_WIDTH:
                    problems.append(_problem(root, url, "the page scrolls sideways on a 390 px phone", sources))
            # The crawl ran axe in the light palette; the dark one (a phone set to dark mode) too.
            dark = browser.new_context(viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT}, color_scheme="dark")
            dark_page = dark.new_page()
            for url in report.pages:
                dark_page.goto(url, wait_until="networkidle")
                for violation in serious_axe_violations(dark_page):
                    problems.append(_problem(root, url, f"axe, dark palette: {violation}", sources))
        finally:
            browser.close()
    return problems


def _problem(root: str, url: str, message: str, sources: dict[str, Path], address: str | None = None) -> SiteProblem:
    """A crawl finding as a problem of the page at `url`, with the fix that fits it, on the
    line of its lesson file that names the address at fault."""
    page = urlsplit(url).path.removeprefix(urlsplit(root).path)
    source = sources.get(page)
    if message.startswith("the image"):
        fix = 'describe it in the brackets: ![what the image shows](file.png), or {: alt="" } if it is decoration'
    elif message.startswith(("broken link", "broken anchor", "link leaves")):
        fix = "link to a lesson's file name (another-lesson.md or another-lesson.md#a-heading) or to a file under docs/"
    elif message.startswith("broken asset"):
        fix = "put the file under docs/ and link to it by its path relative to the page"
    elif message.startswith("request to another origin"):
        fix = "keep every file in the site (under docs/): learners may be offline and nothing may call other servers"
    elif "sideways" in message:
        fix = 'break long words or wide tables: wrap a wide table in <div class="chart-table" markdown> or shorten its cells'
    else:
        fix = "see https://dequeuniversity.com/rules/axe/ for the rule named, and change the text or colours it points at"
    if source is None:
        return SiteProblem(page, None, message, fix)
    if address is None:  # the crawl's findings end with the address at fault
        found = re.findall(r"https?://\S+", message)
        address = found[-1] if found else None
    return SiteProblem(page, display_path(source), message, fix, line_naming(source, address))
