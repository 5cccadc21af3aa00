"""The course as a MkDocs plugin: one instance per process, its settings declared as a
MkDocs config (CourseOptions), its state on the instance, each event handed to the
build in progress (coursekit.plugin.course_build). mkdocs.yml names it through
`hooks/course.py`, which binds MkDocs' event names to this instance's methods
(coursekit.plugin.mkdocs_hooks), so a course needs no plugin installed by name.

- on_startup: whether this process serves a preview (drafts shown) or builds; a dirty
  preview's memory of what it rendered.
- on_config: a new CourseBuild (settings, the validated course, site name, URL, nav);
  the artefact process starts, held until on_files.
- on_page_markdown: front-matter titles and descriptions escaped as plain text.
- on_files: the generated pages and the artefacts' files; the artefact process may write.
- on_page_content: each lesson's HTML kept for the print page, the progress toggle and
  pager added.
- on_page_context: after search indexed the page, the home page's cards and the list of
  emails; each page's link-preview tags.
- on_post_page: each page as written, measured for the offline copy (the print page
  kept for its lessons).
- on_post_build: every problem the pages hold (MkDocs' link, image and anchor warnings,
  images without alt text) at once; the print page's lessons written in; the downloads, emails and
  pictures complete; the service worker written; the build dropped.
- on_build_error, on_shutdown: the artefact process stopped; the build dropped; the
  options a command set are forgotten.
- on_serve: rebuild when anything in the course folder changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from coursekit.core import settings
from coursekit.core.messages import show_on_stderr
from coursekit.outputs.artefacts import Background
from coursekit.plugin.broken_preview import BrokenPreview
from coursekit.plugin.course_build import CourseBuild
from coursekit.plugin.options import CourseOptions, course_dir
from coursekit.plugin.preview import PreviewMemory, quiet_dirty_warning

log = show_on_stderr("coursekit", propagate=False)


class CoursePlugin(BasePlugin[CourseOptions]):  # type: ignore[no-untyped-call]  # as CourseOptions
    """The course kit's handlers of MkDocs' events, and what one process remembers."""

    def __init__(self) -> None:
        self.build: CourseBuild | BrokenPreview | None = None  # the build in progress, and only that
        self.serving = False  # this process serves a preview (drafts shown)
        self.preview: PreviewMemory | None = None  # `mkdocs serve --dirty`: what the site folder holds
        self.background = Background()  # the preview's downloads and emails, finishing after the page refreshed
        self.failure: Exception | None = None  # why the last build failed, for the command that ran it
        self.set_options()

    def set_options(self, *, site_url: str | None = None, drafts: bool = False) -> None:
        """The options of the next build (a command's --site-url and --drafts), checked as MkDocs checks a plugin's."""
        errors, _warnings = self.load_config({"site_url": site_url, "drafts": drafts})
        if errors:
            raise PluginError("; ".join(f"{key}: {error}" for key, error in errors))

    def settings(self, config: MkDocsConfig) -> settings.BuildSettings:
        """This build's settings: the options, mkdocs.yml's course folder, the environment."""
        project = Path(config.config_file_path).parent
        drafts = self.config.drafts or self.serving
        return settings.build_settings(project, course_dir(config), site_url=self.config.site_url, drafts=drafts)

    # Note whether this process serves a preview (drafts included) or builds for publishing,
    # and whether the preview renders only what each save changed.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.preview = PreviewMemory() if self.serving and dirty else None
        if self.preview is not None:
            quiet_dirty_warning()

    # Start a new build: load and validate the course, take site name, URL and nav from it.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._drop()
        self.failure = None
        self.build = CourseBuild.start(
            config, self.settings, serving=self.serving, preview=self.preview, background=self.background
        )
        return config

    # A generated page's title and description come from the model; a docs page whose front
    # matter MkDocs could not read is an error. Titles and descriptions are plain text: escaped
    # once, as Markup, so that Material's own `| e` in attributes leaves them as they are.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.build is not None:
            self.build.plain_meta(page, markdown)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        return markdown

    # Add the generated pages and the artefacts' files; start writing the artefacts.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._current().add_files(files, config)
        return files

    # Keep each lesson's HTML for the print page; add the progress toggle and pager.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._current().lesson_content(html, page)

    # After search has indexed the page (hooks run after plugins): what it must not index.
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        build = self._current()
        build.fill_page(page)
        build.edit_link(page, config)
        cast(dict[str, Any], context)["coursekit_share"] = build.share(page)  # read by the theme's main.html
        return context

    # Measure each page for the offline copy (in threads) while MkDocs renders the next one.
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._current().page_written(page, output)
        return output

    # Wait for the downloads and emails; write the service worker; then the build is over.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            warnings = self._current().finish(config)
        finally:
            self._drop()
        for warning in warnings:
            log.warning(warning)

    # Stop the artefact process of a build that failed.
    def on_build_error(self, *, error: Exception) -> None:
        self.failure = error
        self._drop()

    # The run is over: stop what it left running, and forget what it was started to do.
    def on_shutdown(self) -> None:
        self._drop()
        self.background.stop()
        self.serving, self.preview = False, None
        self.set_options()

    # Rebuild under `mkdocs serve` when a lesson, course.yml or assessment.yml changes.
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(course_dir(config)))
        return server

    def _current(self) -> CourseBuild | BrokenPreview:
        if self.build is None:
            raise PluginError("The course was not loaded: hooks/course.py must be listed under 'hooks:' in mkdocs.yml.")
        return self.build

    def _drop(self) -> None:
        """End whatever the build left running and forget it."""
        if self.build is not None:
            self.build.abort()
        self.build = None


def course_plugin(config: MkDocsConfig) -> CoursePlugin | None:
    """The course's plugin among the hooks mkdocs.yml names (hooks/course.py), if any."""
    hooks: dict[str, Any] = config["hooks"]  # by name: each hook file as its module
    for hook in hooks.values():
        plugin = getattr(hook, "course_plugin", None)
        if isinstance(plugin, CoursePlugin):
            return plugin
    return None
