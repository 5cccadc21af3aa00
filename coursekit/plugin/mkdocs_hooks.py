"""The course's MkDocs hooks, as a course's `hooks/course.py` imports them: MkDocs' event
names bound to the methods of one CoursePlugin (coursekit.plugin.course_plugin), so a
later kit brings new handlers without touching the course's own files.
"""

from __future__ import annotations

from coursekit.plugin.course_plugin import CoursePlugin

__all__ = [
    "course_plugin",
    "on_build_error",
    "on_config",
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

# One per process: MkDocs loads a hook file once and keeps it across `mkdocs serve` rebuilds.
course_plugin = CoursePlugin()

on_startup = course_plugin.on_startup
on_config = course_plugin.on_config
on_page_markdown = course_plugin.on_page_markdown
on_files = course_plugin.on_files
on_page_content = course_plugin.on_page_content
on_page_context = course_plugin.on_page_context
on_post_page = course_plugin.on_post_page
on_post_build = course_plugin.on_post_build
on_build_error = course_plugin.on_build_error
on_shutdown = course_plugin.on_shutdown
on_serve = course_plugin.on_serve
