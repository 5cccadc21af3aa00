"""One MkDocs build of the course: everything a build needs between MkDocs' events,
on one object that the hooks create in `on_config` and drop when the build ends, so
nothing of one build leaks into the next (MkDocs keeps the hook module across
`mkdocs serve` rebuilds).

    build = CourseBuild.start(config)     # on_config: settings, the course, site name, nav; artefacts start, held
    build.add_files(files, config)        # on_files: generated pages; the artefact process may write
    build.plain_meta(page, markdown)      # on_page_markdown: a generated page's title and description
    build.lesson_content(html, page)      # on_page_content: each lesson's HTML, kept for the print page
    build.all_converted()                 # on_env: images without alt text stop a publishing build
    build.fill_page(page)                 # on_page_context: what goes in after search indexing
    build.share(page)                     # on_page_context: the page's link-preview tags
    build.page_written(page, html)        # on_post_page: measured for the offline copy, in threads
    build.finish(config)                  # on_post_build: the print page's lessons, the service worker; warnings
    build.abort()                         # on_build_error: the artefact process ends
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coursekit.core import routes, settings
from coursekit.core.brand import BrandColours, brand_colours
from coursekit.core.errors import CourseError, CourseErrors
from coursekit.core.loader import load_course
from coursekit.core.messages import annotate_for_ci, show_on_stderr, worded
from coursekit.core.model import Course, Lesson
from coursekit.core.project_files import links_out_of
from coursekit.core.schema import BRAND_DEFAULT_PRIMARY, HEX_COLOUR
from coursekit.core.settings import BuildSettings
from coursekit.core.sources import display_path, read_yaml_file
from coursekit.outputs import offline
from coursekit.outputs.artefacts import (
    CHART,
    EMAILS,
    PICTURES,
    ArtefactCrash,
    ArtefactJob,
    Background,
    start_artefacts,
)
from coursekit.outputs.emails.draft import EmailDraft, draft_emails
from coursekit.outputs.share_cards import CARD_SIZE, CardSpec, card_specs
from coursekit.plugin import options, site_pages
from coursekit.plugin.image_alt import alt_problems
from coursekit.plugin.preview import PreviewMemory, digest, outline, theme_stamp
from coursekit.plugin.published_assets import PublishedAsset, add_published_assets, published_assets

# Not under "mkdocs": warnings for authors (a long subject, a draft's gaps) must not fail a strict build.
log = show_on_stderr("coursekit", propagate=False)
report = show_on_stderr("coursekit.report", logging.INFO, propagate=False)


@dataclass
class CourseBuild:
    """The course, its settings and what the build has made so far."""

    settings: settings.BuildSettings
    course: Course
    lessons_by_source: dict[str, Lesson] = field(default_factory=dict)
    lesson_html: dict[str, str] = field(default_factory=dict)  # slug: converted HTML, for the print page
    after: dict[str, str] = field(default_factory=dict)  # a lesson's src_uri: its pager, after its HTML
    progress_key: str = ""  # after every other page's HTML
    fills: dict[str, str] = field(default_factory=dict)  # src_uri: HTML put in after search indexing
    print_page: tuple[Path, str] | None = None  # where it goes, and the theme's page without the lessons
    cards: dict[str, CardSpec] = field(default_factory=dict)
    drafts: list[EmailDraft] = field(default_factory=list)
    assets: dict[str, PublishedAsset] = field(default_factory=dict)  # the kit's scripts and styles, the brand's
    meta: dict[str, dict[str, str]] = field(default_factory=dict)  # a generated page's title and description
    missing_alt: list[CourseError] = field(default_factory=list)  # images an author left without alt text
    artefacts: ArtefactJob | None = None
    serving: bool = False  # a preview: no offline copy, which would go stale with every save
    page_measures: offline.PageMeasures | None = None
    preview: PreviewMemory | None = None  # `mkdocs serve --dirty`: render only what a save changed
    background: Background = field(default_factory=Background)  # the preview's artefacts, finishing after the refresh

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        settings_of: Callable[[MkDocsConfig], BuildSettings],
        *,
        serving: bool = False,
        preview: PreviewMemory | None = None,
        background: Background | None = None,
    ) -> CourseBuild | BrokenPreview:
        """Load and validate the course once (`settings_of` says where it is and how to
        build it); take site name, URL and nav from it.
        A preview (`serving`) includes the drafts, and shows problems in the browser;
        with `preview` memory, it renders only the pages that changed since the last."""
        background = background or Background()
        background.stop()  # the previous preview's downloads and emails: MkDocs is about to empty the folder
        try:
            build_settings = settings_of(config)
            course = load_course(build_settings.course_dir, site_url=build_settings.site_url, drafts=build_settings.drafts)
        except CourseError as err:
            annotate_for_ci(err)
            if serving:
                log.error(worded(err))
                if preview is not None:  # the error pages in place of the course, as a fresh preview shows them
                    preview.start_over(config)
                return BrokenPreview.start(config, err, background)
            raise PluginError(worded(err)) from None
        for warning in course.warnings:
            log.warning(warning)
        # Material prints these without escaping (they may hold HTML there); the course's are plain text.
        config.site_name = escape(course.meta.title)
        config.site_description = escape(course.meta.tagline)
        config.site_url = course.meta.site_url
        config.copyright = Markup("Published by ") + escape(course.meta.organisation)
        config.nav = site_pages.navigation(course)
        assets = published_assets(config, course.colours.css())
        _apply_brand(config, course, assets)
        config.extra["coursekit_head"] = {
            "manifest": routes.WEB_MANIFEST,
            "theme_color": course.colours.primary,
            "apple_touch_icon": routes.icon_path("apple-touch-icon.png"),
            "service_worker": None if serving else routes.SERVICE_WORKER,
            "cache_prefix": offline.cache_prefix(course),
            "page_assets": {
                url: {kind: assets[name].path for kind, name in own.items()}
                for url, own in routes.page_assets(course.assessment is not None).items()
            },
        }
        build = cls(
            settings=build_settings,
            course=course,
            assets=assets,
            serving=serving,
            page_measures=None if serving else offline.PageMeasures(),
            preview=preview if serving else None,
            background=background,
            lesson_html=preview.lesson_html if serving and preview is not None else {},
        )
        if build.preview is None:
            # Made by another process while MkDocs lists files and renders pages; it starts
            # now, writing nothing until MkDocs has emptied the folder (add_files). A preview
            # makes only what changed, after the page refreshed (finish).
            build.artefacts = start_artefacts(course, build_settings.epoch, Path(config.site_dir), held=True)
        return build

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Add the generated pages and the artefacts' files; start writing the artefacts."""
        course = self.course
        if files.get_file_from_path(routes.HOME_SOURCE) is not None:
            raise PluginError(
                f"{config.docs_dir}/{routes.HOME_SOURCE}: the home page is generated from lessons/course.yml. "
                "Fix: delete this file and edit the course's pitch in lessons/course.yml instead."
            )
        refuse_links_out_of_the_project(files, config, self.settings.project)
        generated = _GeneratedFiles(files, config)
        add_published_assets(files, config, self.assets)
        generated.add(File.generated(config, routes.WEB_MANIFEST, content=offline.web_manifest(course)), "the web app manifest")
        for uri in routes.artefact_paths(course):
            generated.add(_WrittenElsewhere.generated(config, uri, content=b""), "the email course and chart downloads")
        self.cards = card_specs(course)
        self.drafts = draft_emails(course)
        self.meta = site_pages.page_meta(course, self.drafts)
        # What the build adds to pages' HTML: after conversion, and after search indexing.
        self.progress_key = site_pages.render_progress_key(course)
        self.fills = {routes.HOME_SOURCE: site_pages.home_cards(course), routes.EMAIL_SOURCE: site_pages.email_list(self.drafts)}
        generated.page(routes.HOME_SOURCE, site_pages.render_home_page(course), "the home page")
        for lesson in course.lessons:
            source = routes.lesson_source(lesson)
            content = site_pages.render_lesson_page(course, lesson)
            generated.page(source, content, f"lesson {lesson.number}", url=routes.lesson_url(lesson), author_file=lesson.source)
            self.lessons_by_source[source] = lesson
            self.after[source] = site_pages.render_lesson_footer(course, lesson)
        print_page = site_pages.render_print_page(course, self.settings.epoch)
        generated.page(routes.PRINT_SOURCE, print_page, "the print page", url=routes.PRINT_URL)
        if course.assessment is not None:
            generated.page(routes.QUIZ_SOURCE, site_pages.render_quiz_page(course), "the self-assessment page")
            generated.page(routes.CHART_SOURCE, site_pages.render_chart_page(course), "the chart page")
        email_page = site_pages.render_email_course_page(course, self.drafts)
        generated.page(routes.EMAIL_SOURCE, email_page, "the email course page")
        if self.preview is not None:
            self._only_changed_pages(generated.pages, files, config)
        if self.artefacts is not None:
            self.artefacts.release()  # MkDocs has emptied the site folder by now

    def _only_changed_pages(self, pages: list[_GeneratedPage], files: Files, config: MkDocsConfig) -> None:
        """The preview renders only the pages a save changed (see coursekit.plugin.preview)."""
        assert self.preview is not None
        keys: dict[str, str] = {}
        for page in pages:
            source = page.src_uri
            card = self.cards.get(source) or self.cards[routes.HOME_SOURCE]
            after = self.after.get(source, self.progress_key)
            inputs: tuple[object, ...] = (page.content_string, after, self.fills.get(source), card.path, card.alt)
            if source == routes.PRINT_SOURCE:  # it holds every lesson's HTML
                inputs += tuple(keys[routes.lesson_source(lesson)] for lesson in self.course.lessons)
            keys[source] = digest(source, *inputs)
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        site_key = digest(
            outline(self.course),
            Path(config.config_file_path).read_bytes() if config.config_file_path else None,
            theme_stamp(theme),
            sorted((file.src_uri, file.dest_uri) for file in files),
        )
        # An author's own docs page that MkDocs will render counts towards the searchable pages changed.
        authored = [f.src_uri for f in files.documentation_pages() if not isinstance(f, _GeneratedPage) and f.is_modified()]
        searchable = [source for source in keys if source != routes.PRINT_SOURCE] + authored  # print.md.j2 is excluded
        changed = self.preview.changed_pages(site_key, keys, searchable, config)
        changed.update(authored)
        for page in pages:
            page.modified = page.src_uri in changed

    def plain_meta(self, page: Page, markdown: str) -> None:
        """A generated page's title and description, from the model as plain text (the
        hooks escape them); an author's page whose front matter MkDocs could not read
        stops the build, naming the file, instead of showing the block as text."""
        if isinstance(page.file, _GeneratedPage):
            page.meta.update(self.meta.get(page.file.src_uri, {}))
        else:
            refuse_unread_front_matter(page, markdown)

    def lesson_content(self, html: str, page: Page) -> str:
        """A lesson's HTML (kept for the print page) with the pager after it; on other pages,
        where progress is kept, so the navigation can tick finished lessons."""
        lesson = self.lessons_by_source.get(page.file.src_uri)
        source = lesson.source if lesson is not None else None
        if source is None and not isinstance(page.file, _GeneratedPage) and page.file.abs_src_path:
            source = Path(page.file.abs_src_path)  # an author's docs page
        if source is not None:
            self.missing_alt += alt_problems(html, source)
        if lesson is not None:
            self.lesson_html[lesson.slug] = html
        return html + self.after.get(page.file.src_uri, self.progress_key)

    def all_converted(self) -> None:
        """Every page is converted (MkDocs renders them next): images without alt text stop
        a publishing build (the preview warns)."""
        if self.missing_alt:
            error = CourseErrors(self.missing_alt)
            if not self.serving:
                annotate_for_ci(error)
                raise PluginError(worded(error))
            for problem in error.problems:
                log.warning(str(problem))

    def fill_page(self, page: Page) -> None:
        """Add what search must not index and Markdown need not read: the home page's
        cards, the list of emails. (The print page's lessons go in as it is written.)"""
        if page.content is None:
            return
        source = page.file.src_uri
        if source == routes.HOME_SOURCE:
            page.content = site_pages.fill_home_page(page.content, self.fills[source])
        elif source == routes.EMAIL_SOURCE:
            page.content = site_pages.fill_email_course_page(page.content, self.fills[source])

    def share(self, page: Page) -> dict[str, object]:
        """The page's link preview (Open Graph, Twitter Card): plain text, absolute URLs."""
        course, url = self.course, self.course.meta.site_url
        lesson = self.lessons_by_source.get(page.file.src_uri)
        card = self.cards.get(page.file.src_uri) or self.cards[routes.HOME_SOURCE]
        meta = {key: Markup(page.meta[key]).unescape() for key in ("title", "description") if page.meta.get(key)}
        width, height = CARD_SIZE
        return {
            "type": "article" if lesson else "website",
            "site_name": course.meta.title,
            "title": course.meta.title if page.is_homepage else meta.get("title", course.meta.title),
            "description": meta.get("description", course.meta.tagline),
            "url": url + page.url,
            "image": url + card.path,
            "width": width,
            "height": height,
            "alt": card.alt,
        }

    def page_written(self, page: Page, html: str) -> None:
        """A page as MkDocs writes it: measured for the offline copy while the next renders.
        The print page is kept as the theme made it, for its lessons to go in at the end."""
        if page.file.src_uri == routes.PRINT_SOURCE:
            self.print_page = (Path(page.file.abs_dest_path), html)
        elif self.page_measures is not None:
            self.page_measures.written(page.file.dest_uri, html)

    def _write_print_page(self) -> None:
        """The print page with every lesson (MkDocs has converted them all by now, in
        whatever order they came), written piece by piece in place of the theme's page."""
        if self.print_page is not None:
            path, html = self.print_page
            pieces = site_pages.print_page(html, site_pages.print_lessons(self.course, self.lesson_html))
            if self.page_measures is not None:  # measured for the offline copy as it is written
                pieces = self.page_measures.passing(routes.dest_of(routes.PRINT_URL), pieces)
            site_pages.write_page(path, pieces)
            self.print_page = None

    def finish(self, config: MkDocsConfig) -> list[str]:
        """Wait for the downloads, emails and pictures (the build is done only when they
        are complete), then write the service worker over the finished site. Their
        warnings for authors. A preview does not wait: its page refreshes at once, and
        the downloads and emails follow."""
        site = Path(config.site_dir)
        self._write_print_page()
        if self.preview is not None:
            offline.write_retiring_worker(site, self.course)
            self.preview.commit()
            self._remake_artefacts(site)
            return []
        if self.artefacts is None:
            raise PluginError("The downloads and emails were never started: on_files did not run.")
        if self.serving:
            offline.write_retiring_worker(site, self.course)
            self.background.hand_over(self.artefacts, _report_preview_artefacts)
            self.artefacts = None  # handed over: ending this build must not end them
            return []
        try:
            warnings = self.artefacts.wait()
        except (CourseError, ArtefactCrash) as err:
            raise PluginError(str(err)) from None
        copy = offline.offline_copy(site, urlsplit(self.course.meta.site_url).path, self.page_measures)
        offline.write_service_worker(site, copy, self.course)
        report.info(copy.report())
        if large := copy.warning():
            warnings.append(large)
        return warnings

    def _remake_artefacts(self, site: Path) -> None:
        """The preview's downloads, emails and pictures whose inputs changed, made after the
        page refreshed (the refresh does not wait for them)."""
        assert self.preview is not None
        course, epoch = self.course, self.settings.epoch
        shape = outline(course)
        keys = {CHART: digest(shape, epoch), PICTURES: digest(shape), EMAILS: digest(shape, epoch, course.lessons)}
        parts = self.preview.artefact_parts(keys)
        if not parts:
            return
        job = start_artefacts(course, epoch, site, parts)
        memory, done = self.preview, {part: keys[part] for part in parts}

        def report(outcome: list[str] | Exception) -> None:
            if not isinstance(outcome, Exception):
                memory.artefacts_written(done)
            _report_preview_artefacts(outcome)

        self.background.hand_over(job, report)

    def abort(self) -> None:
        """End the artefact process of a build that failed, and the page measuring."""
        if self.preview is not None:
            self.preview.forget_unfinished()
        if self.artefacts is not None:
            self.artefacts.stop()
        if self.page_measures is not None:
            self.page_measures.close()


def _report_preview_artefacts(outcome: list[str] | Exception) -> None:
    """The preview's downloads and emails, done after the page refreshed: their warnings, or what failed."""
    if isinstance(outcome, Exception):
        log.error(f"the preview's downloads and emails failed: {outcome}")
        return
    for warning in outcome:
        log.warning(warning)


def _apply_brand(config: MkDocsConfig, course: Course, assets: dict[str, PublishedAsset]) -> None:
    """The course's colours, logo and favicon on the theme: Material's palette becomes
    `custom`, its colours come from the generated brand stylesheet (before the course's own)."""
    _use_brand_stylesheet(config, assets)
    brand = course.meta.brand
    for key, path in (("logo", brand.logo), ("favicon", brand.favicon)):
        if path is None:
            continue
        if not (Path(config.docs_dir) / path).is_file():
            raise PluginError(
                f"{display_path(course.root / 'course.yml')}: field 'brand.{key}': {Path(config.docs_dir).name}/{path} "
                f"does not exist. Fix: put the file in {Path(config.docs_dir).name}/ and give its path from there, "
                f"e.g. assets/{Path(path).name}"
            )
        config.theme[key] = path


# A YAML front matter block as MkDocs looks for one (mkdocs/utils/meta.py): left in the
# Markdown only when MkDocs could not read it.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|$)", re.DOTALL)


def refuse_links_out_of_the_project(files: Files, config: MkDocsConfig, project: Path) -> None:
    """The docs folder's files are published as they are: none may be a link to a file
    outside the project (a system file, /proc/self/environ with the build's secrets)."""
    docs = Path(config.docs_dir).resolve()
    own = [Path(f.abs_src_path) for f in files if f.abs_src_path and f.src_dir and Path(f.src_dir).resolve() == docs]
    outside = links_out_of(project, own, "the build would publish it with the site", home=docs)
    if outside:
        error = CourseErrors(outside)
        annotate_for_ci(error)
        raise PluginError(worded(error))


def refuse_unread_front_matter(page: Page, markdown: str) -> None:
    """An author's page whose front matter is not a YAML mapping: MkDocs would print it as
    text. (A page that merely opens with a horizontal rule has no 'key:' line there.)"""
    block = FRONT_MATTER.match(markdown)
    if not page.meta and block and re.match(r"\s*[A-Za-z_][\w-]*\s*:", block[1] or ""):
        raise PluginError(
            f"{page.file.src_uri}:1: its front matter (the block between the '---' lines) is not valid YAML, so MkDocs "
            "would show it as text. Fix: write it as 'key: value' lines, quoting any value with a colon or a # in it"
        )


def _use_brand_stylesheet(config: MkDocsConfig, assets: dict[str, PublishedAsset]) -> None:
    """Material's palette `custom`, coloured by the generated brand stylesheet, then the
    kit's own styles and script (published_assets): a course's mkdocs.yml names none of
    them, so a later kit can change them."""
    for palette in config.theme["palette"] or []:
        palette["primary"] = palette["accent"] = "custom"
    for position, name in enumerate((routes.BRAND_CSS, routes.COURSE_CSS)):
        config.extra_css.insert(position, assets[name].path)
    script = ExtraScriptValue(assets[routes.COURSE_JS].path)
    script.defer = True
    config.extra_javascript.insert(0, script)


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
        _use_brand_stylesheet(config, assets)
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

    def all_converted(self) -> None:
        pass

    def lesson_content(self, html: str, page: Page) -> str:
        return html

    def fill_page(self, page: Page) -> None:
        pass

    def share(self, page: Page) -> None:
        return None  # an error page is not for sharing: no link preview

    def page_written(self, page: Page, html: str) -> None:
        pass

    def finish(self, config: MkDocsConfig) -> list[str]:
        return []

    def abort(self) -> None:
        pass


class _GeneratedFiles:
    """Adds generated files to the site, refusing any whose address an author's file
    (a docs page, a lesson) or another generated file already has: a clash would
    otherwise replace one page with the other without a word."""

    def __init__(self, files: Files, config: MkDocsConfig) -> None:
        self.files, self.docs, self.config = files, Path(config.docs_dir), config
        self.pages: list[_GeneratedPage] = []
        self.owners: dict[str, tuple[str, Path | None]] = {
            file.dest_uri: (file.src_uri, self.docs / file.src_uri) for file in files
        }

    def add(self, file: File, what: str, author_file: Path | None = None) -> None:
        clash = self.owners.get(file.dest_uri)
        if clash is None and (existing := self.files.get_file_from_path(file.src_uri)) is not None:
            clash = (existing.src_uri, self.docs / existing.src_uri)
        if clash is not None:
            owner, owner_file = clash
            culprit = owner_file or author_file
            other = what if owner_file else owner
            name = display_path(culprit) if culprit else file.src_uri
            raise PluginError(
                f"{name}: its address /{file.url} is also the address of {other}, which would silently replace "
                f"one of them. Fix: rename {name} (for a lesson, the part after the number)"
            )
        self.owners[file.dest_uri] = (what, author_file)
        self.files.append(file)

    def page(self, source: str, content: str, what: str, url: str | None = None, author_file: Path | None = None) -> None:
        """Add a generated page (at `url`, else where MkDocs puts `source`)."""
        page = _GeneratedPage.generated(self.config, source, content=content)
        assert isinstance(page, _GeneratedPage)
        if url is not None:
            page.dest_uri = routes.dest_of(url)
        self.add(page, what, author_file)
        self.pages.append(page)


class _GeneratedPage(File):
    """A generated page. MkDocs renders every generated page in a dirty build (it has no
    source file to compare); the preview says which changed (`modified`)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class _WrittenElsewhere(File):
    """A site file the artefact process writes itself: listed so links to it validate,
    never copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        pass
