"""MkDocs hooks: thin adapters between MkDocs events and the course model.

- on_config: load and validate the course once; site name, URL and nav from it.
- on_files: add the generated pages (home, lessons, print, quiz, chart, email
  course) and start the process that writes the downloads and emails.
- on_page_content: keep each lesson's HTML for the print page, add its footer.
- on_post_build: minify the course's assets; wait for the downloads and emails.
- on_serve: rebuild when anything in lessons/ changes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from markupsafe import Markup, escape
from mkdocs.utils import get_build_timestamp

from coursekit import settings, site_pages
from coursekit.artefacts import ArtefactJob, start_artefacts
from coursekit.asset_minify import minify_assets
from coursekit.emails.draft import draft_emails
from coursekit.errors import CourseError
from coursekit.loader import load_course
from coursekit.model import Course, Lesson
from coursekit.project import course_folder
from coursekit.sources import display_path

# Not under "mkdocs": email warnings (a long subject) must not fail a strict build.
log = logging.getLogger("coursekit")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

# The course of the build in progress; a rebuild under `mkdocs serve` reloads this module.
_course: Course | None = None
_artefacts: ArtefactJob | None = None
# Lesson source path -> lesson, and the rendered HTML of each lesson, for the print page.
_lessons_by_uri: dict[str, Lesson] = {}
_lesson_html: dict[int, str] = {}

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


# Load and validate the course once, and take site name, URL and nav from it.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _course
    try:
        project = Path(config.config_file_path).parent
        settings.source_date_epoch(project)  # MkDocs itself fails on a malformed one, with a traceback
        _course = load_course(course_folder(config),
                              site_url=settings.site_url_override(os.environ.get("SITE_URL"), "SITE_URL"))
    except CourseError as err:
        raise PluginError(str(err)) from None
    # Material prints these without escaping (they may hold HTML there); the course's are plain text.
    config.site_name = escape(_course.meta.title)
    config.site_description = escape(_course.meta.tagline)
    config.site_url = _course.meta.site_url
    config.copyright = Markup("Published by ") + escape(_course.meta.organisation)
    config.nav = _navigation(_course)
    return config


# Titles and descriptions from front matter are plain text: escaped once, as Markup, so
# that Material's own `| e` in attributes leaves them as they are.
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])
    return markdown


# Add the generated pages (home, lessons, print, quiz, chart, email course) and the artefacts' files.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    course = _loaded()
    if files.get_file_from_path(site_pages.HOME_SOURCE) is not None:
        raise PluginError(
            f"{config.docs_dir}/{site_pages.HOME_SOURCE}: the home page is generated from lessons/course.yml. "
            "Fix: delete this file and edit the course's pitch in lessons/course.yml instead."
        )
    # Downloads and emails: linked from the cache when nothing changed, else written into
    # the site by another process while MkDocs renders pages.
    global _artefacts
    cache = Path(config.config_file_path).parent / ".cache" / "coursekit"
    _artefacts = start_artefacts(course, get_build_timestamp(), Path(config.site_dir), cache)
    generated = _GeneratedFiles(files, config)
    for uri in _artefacts.files:
        generated.add(_WrittenElsewhere.generated(config, uri, content=b""), "the email course and chart downloads")
    generated.add(File.generated(config, site_pages.HOME_SOURCE, content=site_pages.render_home_page(course)),
                  "the home page")
    for lesson in course.lessons:
        page = File.generated(
            config, site_pages.lesson_source_uri(lesson), content=site_pages.render_lesson_page(course, lesson)
        )
        page.dest_uri = site_pages.lesson_dest_uri(lesson)
        generated.add(page, f"lesson {lesson.number}", author_file=lesson.source)
        _lessons_by_uri[page.src_uri] = lesson
    print_page = File.generated(config, site_pages.PRINT_SOURCE, content=site_pages.render_print_page(course))
    print_page.dest_uri = site_pages.PRINT_DEST
    generated.add(print_page, "the print page")
    if course.assessment is not None:
        generated.add(File.generated(config, site_pages.QUIZ_SOURCE, content=site_pages.render_quiz_page(course)),
                      "the self-assessment page")
        generated.add(File.generated(config, site_pages.CHART_SOURCE, content=site_pages.render_chart_page(course)),
                      "the chart page")
    generated.add(File.generated(config, site_pages.EMAIL_SOURCE,
                                 content=site_pages.render_email_course_page(course, draft_emails(course))),
                  "the email course page")
    return files


# Keep each lesson's HTML for the print page, and put it there (lessons come first in Files);
# add the progress toggle and pager after each lesson on its own page.
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    if (lesson := _lessons_by_uri.get(uri)) is not None:
        _lesson_html[lesson.number] = html
        return html + site_pages.render_lesson_footer(_loaded(), lesson)
    if uri == site_pages.PRINT_SOURCE:
        return site_pages.fill_print_page(_loaded(), html, _lesson_html)
    return html


# Minify the course's script and stylesheet; the downloads and emails must be complete
# before the build counts as done.
def on_post_build(*, config: MkDocsConfig) -> None:
    own_assets = [str(path) for path in [*config.extra_css, *config.extra_javascript] if str(path).startswith("assets/course.")]
    minify_assets(Path(config.site_dir), own_assets)
    try:
        warnings = _running().wait()
    except CourseError as err:
        raise PluginError(str(err)) from None
    for warning in warnings:
        log.warning(warning)


# Stop the artefact process of a build that failed.
def on_build_error(*, error: Exception) -> None:
    if _artefacts is not None:
        _artefacts.cleanup()


# Rebuild under `mkdocs serve` when a lesson or course.yml changes.
def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(course_folder(config)))
    return server


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


class _GeneratedFiles:
    """Adds generated files to the site, refusing any whose address an author's file
    (a docs page, a lesson) or another generated file already has: a clash would
    otherwise replace one page with the other without a word."""

    def __init__(self, files: Files, config: MkDocsConfig) -> None:
        self.files, self.config = files, config
        docs = Path(config.docs_dir)
        self.owners: dict[str, tuple[str, Path | None]] = {
            file.dest_uri: (f"{file.src_uri}", docs / file.src_uri) for file in files}

    def add(self, file: File, what: str, author_file: Path | None = None) -> None:
        clash = self.owners.get(file.dest_uri)
        if clash is None and (existing := self.files.get_file_from_path(file.src_uri)) is not None:
            clash = (existing.src_uri, Path(self.config.docs_dir) / existing.src_uri)
        if clash is not None:
            owner, owner_file = clash
            culprit = owner_file or author_file
            other = what if owner_file else owner
            raise PluginError(
                f"{display_path(culprit) if culprit else file.src_uri}: its address /{file.url} is also the address of "
                f"{other}, which would silently replace one of them. Fix: rename "
                f"{display_path(culprit) if culprit else 'it'} (for a lesson, the part after the number)"
            )
        self.owners[file.dest_uri] = (what, author_file)
        self.files.append(file)


class _WrittenElsewhere(File):
    """A site file the artefact process writes itself: listed so links to it validate,
    never copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


# The artefact job started by on_files of this build.
def _running() -> ArtefactJob:
    if _artefacts is None:
        raise PluginError("The downloads and emails were never started: on_files did not run.")
    return _artefacts


# The course loaded by on_config of this build.
def _loaded() -> Course:
    if _course is None:
        raise PluginError("The course was not loaded: hooks/course.py must be listed under 'hooks:' in mkdocs.yml.")
    return _course


# Home, the lessons in order, then the tools built from the assessment.
def _navigation(course: Course) -> list:
    lessons = site_pages.lessons_nav(course)
    tools = [{"Email course": site_pages.EMAIL_SOURCE}, {"Print the whole course": site_pages.PRINT_SOURCE}]
    if course.assessment is not None:
        tools[:0] = [{"Self-assessment": site_pages.QUIZ_SOURCE}, {"Managing vs leading chart": site_pages.CHART_SOURCE}]
    return [{"Home": site_pages.HOME_SOURCE}, {"Lessons": lessons}, {"Tools": tools}]
