"""The course's MkDocs hooks: thin adapters between MkDocs events and one CourseBuild
per build. A course's `hooks/course.py` (what its mkdocs.yml names) imports them from
here, so a later kit brings new hooks without touching the course's own files.

- on_startup: whether this process serves a preview (drafts shown) or builds; a dirty
  preview's memory of what it rendered.
- on_config: a new CourseBuild (settings, the validated course, site name, URL, nav);
  the artefact process starts, held until on_files.
- on_page_markdown: front-matter titles and descriptions escaped as plain text.
- on_files: the generated pages and the artefacts' files; the artefact process may write.
- on_env: every page converted: images without alt text stop a publishing build.
- on_page_content: each lesson's HTML kept for the print page, the progress toggle and
  pager added.
- on_page_context: after search indexed the page, the home page's cards and the list of
  emails; each page's link-preview tags.
- on_post_page: each page as written, measured for the offline copy (the print page
  kept for its lessons).
- on_post_build: the print page's lessons written in; minified assets; the downloads,
  emails and pictures complete; the service worker written; the build dropped.
- on_build_error, on_shutdown: the artefact process stopped; the build dropped.
- on_serve: rebuild when anything in the course folder changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from coursekit.core import settings
from coursekit.core.messages import show_on_stderr
from coursekit.outputs.artefacts import stop_background
from coursekit.plugin.course_build import BrokenPreview, CourseBuild
from coursekit.plugin.preview import PreviewMemory, quiet_dirty_warning

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_serve",
    "on_shutdown",
    "on_startup",
]

log = show_on_stderr("coursekit", propagate=False)

# The build in progress, and only that: replaced by on_config, dropped when the build ends.
_build: CourseBuild | BrokenPreview | None = None
# What this process was started to do, not build state: `mkdocs serve` previews drafts.
_serving = False
# `mkdocs serve --dirty` (as `./course serve` runs it): what the site folder holds, across rebuilds.
_preview: PreviewMemory | None = None

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


# Note whether this process serves a preview (drafts included) or builds for publishing,
# and whether the preview renders only what each save changed.
def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _preview
    _serving = command == "serve"
    _preview = PreviewMemory() if _serving and dirty else None
    if _preview is not None:
        quiet_dirty_warning()


# Start a new build: load and validate the course, take site name, URL and nav from it.
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _drop()
    _build = CourseBuild.start(config, serving=_serving, preview=_preview)
    return config


# A generated page's title and description come from the model; a docs page whose front
# matter MkDocs could not read is an error. Titles and descriptions are plain text: escaped
# once, as Markup, so that Material's own `| e` in attributes leaves them as they are.
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _build is not None:
        _build.plain_meta(page, markdown)
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])
    return markdown


# Add the generated pages and the artefacts' files; start writing the artefacts.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _current().add_files(files, config)
    return files


# Every page is converted (MkDocs renders them next): images without alt text stop a publishing build.
def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _current().all_converted()
    return env


# Keep each lesson's HTML for the print page; add the progress toggle and pager.
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _current().lesson_content(html, page)


# After search has indexed the page (hooks run after plugins): what it must not index.
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    build = _current()
    build.fill_page(page)
    context["coursekit_share"] = build.share(page)
    return context


# Measure each page for the offline copy (in threads) while MkDocs renders the next one.
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    _current().page_written(page, output)
    return output


# Minify the course's assets and wait for the downloads and emails; then the build is over.
def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        warnings = _current().finish(config)
    finally:
        _drop()
    for warning in warnings:
        log.warning(warning)


# Stop the artefact process of a build that failed.
def on_build_error(*, error: Exception) -> None:
    _drop()


# The run is over: stop what it left running, and forget what it was started to do.
def on_shutdown() -> None:
    global _serving, _preview
    _drop()
    stop_background()
    _serving, _preview = False, None


# Rebuild under `mkdocs serve` when a lesson, course.yml or assessment.yml changes.
def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(settings.course_dir(config)))
    return server


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


# The build started by this build's on_config.
def _current() -> CourseBuild | BrokenPreview:
    if _build is None:
        raise PluginError("The course was not loaded: hooks/course.py must be listed under 'hooks:' in mkdocs.yml.")
    return _build


# End whatever the build left running and forget it.
def _drop() -> None:
    global _build
    if _build is not None:
        _build.abort()
    _build = None
