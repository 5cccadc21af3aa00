"""One MkDocs build of the course: what a build needs between MkDocs' events (each feature
of the pages in coursekit.plugin.page_features, the generated files in site_files),
on one object that the hooks create in `on_config` and drop when the build ends, so
nothing of one build leaks into the next (MkDocs keeps the hook module across
`mkdocs serve` rebuilds).

    build = CourseBuild.start(config, settings_of)  # on_config: the course, site name, nav; artefacts start, held
    build.add_files(files, config)        # on_files: generated pages; the artefact process may write
    build.plain_meta(page, markdown)      # on_page_markdown: a generated page's title and description
    build.lesson_content(html, page)      # on_page_content: each lesson's HTML, kept for the print page
    build.fill_page(page)                 # on_page_context: what goes in after search indexing
    build.share(page)                     # on_page_context: the page's link-preview tags
    build.page_written(page, html)        # on_post_page: measured for the offline copy, in threads
    build.finish(config)                  # on_post_build: every problem the pages hold; the print page, the service worker
    build.abort()                         # on_build_error: the artefact process ends
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coursekit.core import routes, settings
from coursekit.core.errors import CourseError, CourseErrors
from coursekit.core.loader import load_course
from coursekit.core.messages import annotate_for_ci, show_on_stderr, worded
from coursekit.core.model import Course, Lesson
from coursekit.core.settings import BuildSettings
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
from coursekit.plugin import site_pages
from coursekit.plugin.broken_preview import BrokenPreview, mark_pages
from coursekit.plugin.edit_links import edit_url, source_files
from coursekit.plugin.mkdocs_warnings import PageWarnings
from coursekit.plugin.page_features import AltText, LinkPreviews, PageAdditions, PrintPage
from coursekit.plugin.preview import PreviewMemory, digest, outline, theme_stamp
from coursekit.plugin.published_assets import PublishedAsset, add_published_assets, published_assets
from coursekit.plugin.site_files import (
    GeneratedFiles,
    GeneratedPage,
    WrittenElsewhere,
    unread_front_matter,
    unusable_docs_files,
)
from coursekit.plugin.theme_brand import apply_brand, icon_picture

# Not under "mkdocs": warnings for authors (a long subject, a draft's gaps) must not fail a strict build.
log = show_on_stderr("coursekit", propagate=False)
report = show_on_stderr("coursekit.report", logging.INFO, propagate=False)


class PageProblems(PluginError):
    """What stops a publishing build in its pages (see CourseBuild.finish), kept whole for
    a command that reports them otherwise (`coursekit summary`)."""

    def __init__(self, error: CourseErrors) -> None:
        super().__init__(worded(error))
        self.error = error


@dataclass
class CourseBuild:
    """The course, its settings and what the build has made so far."""

    settings: settings.BuildSettings
    course: Course
    assets: dict[str, PublishedAsset]  # the kit's scripts and styles, the brand's
    drafts: list[EmailDraft]  # the email course's emails, as the email course page lists them
    additions: PageAdditions  # what goes into pages besides their Markdown
    previews: LinkPreviews  # each page's link preview and share card
    lessons_by_source: dict[str, Lesson]
    edit_sources: dict[str, str]  # by generated page, the project file an author edits to change it
    page_warnings: PageWarnings  # MkDocs' own warnings about the pages' links, images and anchors
    print_page: PrintPage = field(default_factory=PrintPage)
    early_problems: list[CourseError] = field(default_factory=list)  # the preview's, found before the pages render
    alt_text: AltText = field(default_factory=AltText)
    artefacts: ArtefactJob | None = None
    serving: bool = False  # a preview: no offline copy, which would go stale with every save
    page_measures: offline.PageMeasures | None = None
    preview: PreviewMemory | None = None  # `mkdocs serve --dirty`: render only what a save changed
    background: Background = field(default_factory=Background)  # the preview's artefacts, finishing after the refresh
    icon: Path | None = None  # the picture the app icons are drawn from (else the course's initials)

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
        apply_brand(config, course, assets)
        icon, icon_warning = icon_picture(config, course)
        if icon_warning:
            log.warning(icon_warning)
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
        drafts = draft_emails(course)
        build = cls(
            settings=build_settings,
            course=course,
            assets=assets,
            drafts=drafts,
            additions=PageAdditions.of(course, drafts),
            previews=LinkPreviews.of(course),
            lessons_by_source={routes.lesson_source(lesson): lesson for lesson in course.lessons},
            edit_sources=(edit_sources := source_files(course, build_settings.project)),
            page_warnings=PageWarnings(
                {page: build_settings.project / path for page, path in edit_sources.items()},
                Path(config.docs_dir),
                Path(config.config_file_path),
            ),
            serving=serving,
            page_measures=None if serving else offline.PageMeasures(),
            preview=preview if serving else None,
            background=background,
            print_page=PrintPage(preview.lesson_html) if serving and preview is not None else PrintPage(),
            icon=icon,
        )
        build.page_warnings.install()  # removed when the build ends (abort)
        if build.preview is None:
            # Made by another process while MkDocs lists files and renders pages; it starts
            # now, writing nothing until MkDocs has emptied the folder (add_files). A preview
            # makes only what changed, after the page refreshed (finish).
            build.artefacts = start_artefacts(course, build_settings.epoch, Path(config.site_dir), held=True, icon=icon)
        return build

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Add the generated pages and the artefacts' files; start writing the artefacts."""
        course = self.course
        self.page_warnings.files = files
        if files.get_file_from_path(routes.HOME_SOURCE) is not None:
            raise PluginError(
                f"{config.docs_dir}/{routes.HOME_SOURCE}: the home page is generated from lessons/course.yml. "
                "Fix: delete this file and edit the course's pitch in lessons/course.yml instead."
            )
        if unusable := unusable_docs_files(files, config, self.settings.project):
            self._refuse_or_show(list(unusable.values()))  # never published, not even in part
            for file in unusable:  # the preview goes on without them, and shows why
                files.remove(file)
        generated = GeneratedFiles(files, config)
        add_published_assets(files, config, self.assets)
        generated.add(File.generated(config, routes.WEB_MANIFEST, content=offline.web_manifest(course)), "the web app manifest")
        for uri in routes.artefact_paths(course):
            generated.add(WrittenElsewhere.generated(config, uri, content=b""), "the email course and chart downloads")
        generated.page(routes.HOME_SOURCE, site_pages.render_home_page(course), "the home page")
        for lesson in course.lessons:
            source = routes.lesson_source(lesson)
            content = site_pages.render_lesson_page(course, lesson)
            generated.page(source, content, f"lesson {lesson.number}", url=routes.lesson_url(lesson), author_file=lesson.source)
            # Each old address sends readers, and emails already sent, on.
            for old in (name for name in lesson.former_names if name != lesson.slug):
                moved = site_pages.render_moved_page(course, lesson, old, config.theme["language"])
                address = routes.dest_of(routes.moved_url(old))
                generated.add(File.generated(config, address, content=moved), f"the old address of lesson {lesson.number}")
        print_page = site_pages.render_print_page(course, self.settings.epoch)
        generated.page(routes.PRINT_SOURCE, print_page, "the print page", url=routes.PRINT_URL)
        generated.page(routes.TOOLKIT_SOURCE, site_pages.render_toolkit_page(course), "the toolkit page")
        generated.page(routes.JOURNAL_SOURCE, site_pages.render_journal_page(course), "the reflection journal")
        generated.page(routes.CERTIFICATE_SOURCE, site_pages.render_certificate_page(course), "the certificate page")
        generated.page(routes.CARRY_SOURCE, site_pages.render_carry_page(course), "the page for another device")
        if course.assessment is not None:
            generated.page(routes.QUIZ_SOURCE, site_pages.render_quiz_page(course), "the self-assessment page")
            generated.page(routes.CHART_SOURCE, site_pages.render_chart_page(course), "the chart page")
        if site_pages.has_email_page(course):
            email_page = site_pages.render_email_course_page(course, self.drafts)
            generated.page(routes.EMAIL_SOURCE, email_page, "the email course page")
        if self.preview is not None:
            self._only_changed_pages(generated.pages, files, config)
        if self.artefacts is not None:
            self.artefacts.release()  # MkDocs has emptied the site folder by now

    def _only_changed_pages(self, pages: list[GeneratedPage], files: Files, config: MkDocsConfig) -> None:
        """The preview renders only the pages a save changed (see coursekit.plugin.preview)."""
        assert self.preview is not None
        keys: dict[str, str] = {}
        for page in pages:
            source = page.src_uri
            card, after = self.previews.card(source), self.additions.after_content(source)
            inputs: tuple[object, ...] = (page.content_string, after, self.additions.fills.get(source), card.path, card.alt)
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
        authored = [f.src_uri for f in files.documentation_pages() if not isinstance(f, GeneratedPage) and f.is_modified()]
        searchable = [source for source in keys if source != routes.PRINT_SOURCE] + authored  # print.md.j2 is excluded
        changed = self.preview.changed_pages(site_key, keys, searchable, config)
        changed.update(authored)
        for page in pages:
            page.modified = page.src_uri in changed

    def plain_meta(self, page: Page, markdown: str) -> None:
        """A generated page's title and description, from the model as plain text (the
        hooks escape them); an author's page whose front matter MkDocs could not read
        stops the build, naming the file, instead of showing the block as text."""
        if isinstance(page.file, GeneratedPage):
            page.meta.update(self.additions.meta.get(page.file.src_uri, {}))
        elif (problem := unread_front_matter(page, markdown)) is not None:
            self._refuse_or_show([problem])

    def _refuse_or_show(self, problems: list[CourseError]) -> None:
        """Problems found before the pages render: a publishing build stops on them now;
        the preview goes on and shows them with the pages' own (see finish)."""
        if self.serving:
            self.early_problems += problems
            return
        error = CourseErrors(problems)
        annotate_for_ci(error)
        raise PluginError(worded(error))

    def lesson_content(self, html: str, page: Page) -> str:
        """A lesson's HTML (kept for the print page) with the pager after it; on other pages,
        where progress is kept, so the navigation can tick finished lessons."""
        lesson = self.lessons_by_source.get(page.file.src_uri)
        source = lesson.source if lesson is not None else None
        if source is None and not isinstance(page.file, GeneratedPage) and page.file.abs_src_path:
            source = Path(page.file.abs_src_path)  # an author's docs page
        if source is not None:
            self.alt_text.check(html, source)
        if lesson is not None:
            self.print_page.keep(lesson.slug, html)
        return html + self.additions.after_content(page.file.src_uri)

    def fill_page(self, page: Page) -> None:
        """What search must not index goes in after it indexed the page."""
        self.additions.fill(page)

    def edit_link(self, page: Page, config: MkDocsConfig) -> None:
        """A generated page's "Edit this page" goes to the file it is made from, or nowhere."""
        if isinstance(page.file, GeneratedPage):
            page.edit_url = edit_url(config, self.edit_sources.get(page.file.src_uri))

    def share(self, page: Page) -> dict[str, object]:
        """The page's link preview (Open Graph, Twitter Card): plain text, absolute URLs."""
        return self.previews.tags(page, article=page.file.src_uri in self.lessons_by_source)

    def page_written(self, page: Page, html: str) -> None:
        """A page as MkDocs writes it: measured for the offline copy while the next renders.
        The print page is kept as the theme made it, for its lessons to go in at the end."""
        if page.file.src_uri == routes.PRINT_SOURCE:
            self.print_page.hold(Path(page.file.abs_dest_path), html)
        elif self.page_measures is not None:
            self.page_measures.written(page.file.dest_uri, html)

    def _write_print_page(self) -> None:
        """The print page with every lesson (MkDocs has converted them all by now, in
        whatever order they came), written piece by piece in place of the theme's page."""
        if (page := self.print_page.pieces(self.course)) is not None:
            path, pieces = page
            if self.page_measures is not None:  # measured for the offline copy as it is written
                pieces = self.page_measures.passing(routes.dest_of(routes.PRINT_URL), pieces)
            site_pages.write_page(path, pieces)

    def finish(self, config: MkDocsConfig) -> list[str]:
        """Wait for the downloads, emails and pictures (the build is done only when they
        are complete), then write the service worker over the finished site. Their
        warnings for authors. A preview does not wait: its page refreshes at once, and
        the downloads and emails follow."""
        site = Path(config.site_dir)
        self._write_print_page()
        shown = self._report_page_problems(site)
        if self.preview is not None:
            offline.write_retiring_worker(site, self.course)
            self.preview.commit()
            if shown:
                self.preview.forget()  # the pages carry the problems: the next rebuild starts over
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

    def _report_page_problems(self, site: Path) -> bool:
        """What the pages hold that a publishing build refuses (links, images and anchors
        that lead nowhere; images without alt text), all at once with file, line and fix:
        a publishing build stops; the preview shows them at the top of every page (and
        says it did)."""
        problems = [*self.early_problems, *self.alt_text.problems, *self.page_warnings.problems]
        if not problems:
            return False
        problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))  # as the author reads the files
        error = CourseErrors(problems)
        annotate_for_ci(error)
        if not self.serving:
            raise PageProblems(error)
        log.error(worded(error))
        if self.page_warnings.files is not None:
            mark_pages(site, self.page_warnings.files, error.problems)
        return True

    def _remake_artefacts(self, site: Path) -> None:
        """The preview's downloads, emails and pictures whose inputs changed, made after the
        page refreshed (the refresh does not wait for them)."""
        assert self.preview is not None
        course, epoch = self.course, self.settings.epoch
        shape = outline(course)
        picture = self.icon.read_bytes() if self.icon is not None else None
        keys = {CHART: digest(shape, epoch), PICTURES: digest(shape, picture), EMAILS: digest(shape, epoch, course.lessons)}
        parts = self.preview.artefact_parts(keys)
        if not parts:
            return
        job = start_artefacts(course, epoch, site, parts, icon=self.icon)
        memory, done = self.preview, {part: keys[part] for part in parts}

        def report(outcome: list[str] | Exception) -> None:
            if not isinstance(outcome, Exception):
                memory.artefacts_written(done)
            _report_preview_artefacts(outcome)

        self.background.hand_over(job, report)

    def abort(self) -> None:
        """End the artefact process of a build that failed, and the page measuring."""
        self.page_warnings.remove()
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
