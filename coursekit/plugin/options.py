"""The course plugin's settings: its options as a MkDocs config (what a command tells a
build beyond mkdocs.yml), and the course folder mkdocs.yml names."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from coursekit.core.errors import CourseError


class CourseOptions(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is untyped
    """What a command tells the build beyond mkdocs.yml: `coursekit build --site-url`
    and `--drafts`. A plain `mkdocs build` leaves both unset; `mkdocs serve` shows drafts."""

    site_url = c.Optional(c.Type(str))  # the publish address, overriding course.yml (else SITE_URL)
    drafts = c.Type(bool, default=False)


def course_dir(config: MkDocsConfig) -> Path:
    """The course's folder (`extra.course_dir` in mkdocs.yml, lessons by default), checked:
    all the preview's watcher and error pages need, without the environment or git."""
    folder = config.extra.get("course_dir", "lessons")
    if not isinstance(folder, str) or not folder.strip():
        raise CourseError(
            f"{config.config_file_path}",
            "extra.course_dir must be a folder name, e.g. lessons",
            "write it as 'course_dir: lessons' under 'extra:', or leave it out",
            field="extra.course_dir",
        )
    return Path(config.config_file_path).parent / folder
