"""The preview of a course with problems: every page the author may be looking at shows
them, with file, line and fix, until a rebuild succeeds. A course that does not load
replaces every page (in its own name and colours as far as course.yml can be read); one
whose pages built but hold problems (a link, image or anchor that leads nowhere, an
image without alt text) keeps its pages, each opening with the problems."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coursekit.core import routes
from coursekit.core.brand import BrandColours, brand_colours
from coursekit.core.errors import CourseError
from coursekit.core.schema import BRAND_DEFAULT_PRIMARY, HEX_COLOUR
from coursekit.core.sources import read_yaml_file
from coursekit.core.templating import environment
from coursekit.outputs.artefacts import Background
from coursekit.plugin import options, site_pages
from coursekit.plugin.published_assets import PublishedAsset, add_published_assets, published_assets
from coursekit.plugin.theme_brand import use_brand_stylesheet


def _readable_identity(course_dir: Path) -> tuple[str, BrandColours]:
    """The title and brand colours of a course that does not load, as far as its course.yml
    can be read (the kit's defaults where it cannot): what the preview's error pages show."""
    title, primary, accent = "Course preview", BRAND_DEFAULT_PRIMARY, None
    try:
        data = read_yaml_file(course_dir / "course.yml").data
    except CourseError:
        data = {}
    fields: dict[str, Any] = data if isinstance(data, dict) else {}
    if isinstance(fields.get("title"), str) and fields["title"].strip():
        title = " ".join(fields["title"].split())[:200]
    brand: dict[str, Any] = fields["brand"] if isinstance(fields.get("brand"), dict) else {}
    if isinstance(brand.get("primary"), str) and re.fullmatch(HEX_COLOUR, brand["primary"]):
        primary = brand["primary"]
    if isinstance(brand.get("accent"), str) and re.fullmatch(HEX_COLOUR, brand["accent"]):
        accent = brand["accent"]
    return title, brand_colours(primary, accent or primary)


@dataclass
class BrokenPreview:
    """A preview (`mkdocs serve`) of a course with problems: every page the author may be
    looking at shows them, file, line and fix, until a rebuild succeeds."""

    error: CourseError
    course_dir: Path
    assets: dict[str, PublishedAsset]

    @classmethod
    def start(cls, config: MkDocsConfig, error: CourseError, background: Background) -> BrokenPreview:
        background.stop()
        config.nav = None  # MkDocs lists the error pages itself: nothing is missing from the nav
        course_dir = options.course_dir(config)
        title, colours = _readable_identity(course_dir)
        # The course's own name and colours, as far as course.yml can be read: mkdocs.yml holds none.
        config.site_name = escape(title)
        assets = published_assets(config, colours.css())
        use_brand_stylesheet(config, assets)
        return cls(error=error, course_dir=course_dir, assets=assets)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """The error page at the home page, every lesson's address and every generated page."""
        for page in files.documentation_pages():
            files.remove(page)
        content = site_pages.render_build_error_page(self.error.problems)
        add_published_assets(files, config, self.assets)
        sources = [routes.HOME_SOURCE, routes.QUIZ_SOURCE, routes.CHART_SOURCE, routes.EMAIL_SOURCE, routes.PRINT_SOURCE]
        sources += [f"{routes.LESSONS_FOLDER}/{path.name}" for path in sorted(self.course_dir.glob("*.md"))]
        for source in dict.fromkeys(sources):
            page = File.generated(config, source, content=content)
            page.dest_uri = routes.dest_of(routes.page_url(source))
            files.append(page)

    def plain_meta(self, page: Page, markdown: str) -> None:
        pass

    def lesson_content(self, html: str, page: Page) -> str:
        return html

    def fill_page(self, page: Page) -> None:
        pass

    def edit_link(self, page: Page, config: MkDocsConfig) -> None:
        page.edit_url = None  # every page shows the problems: no source file to edit it in

    def share(self, page: Page) -> None:
        return None  # an error page is not for sharing: no link preview

    def page_written(self, page: Page, html: str) -> None:
        pass

    def finish(self, config: MkDocsConfig) -> list[str]:
        return []

    def abort(self) -> None:
        pass


# The page's <body> opening tag: the problems go first in it, above the header.
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def mark_pages(site: Path, files: Files, problems: list[CourseError]) -> None:
    """Every page of the preview's site folder opens with `problems`: the one the author is
    looking at reloads with them, whichever it is. (The next rebuild starts over.)"""
    banner = environment("html", autoescape=True).get_template("preview_problems.html.j2").render(problems=problems)
    pages = [Path(file.abs_dest_path) for file in files.documentation_pages()] + [site / "404.html"]
    for path in pages:
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        marked = _BODY.sub(lambda body: body.group(0) + banner, html, count=1)
        path.write_text(marked, encoding="utf-8")
