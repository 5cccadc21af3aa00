"""The build's options, declared once: where the course lives (`extra.course_dir` in
mkdocs.yml), the publish address override (`--site-url`, or SITE_URL) and the build
time (SOURCE_DATE_EPOCH). `read_settings` fills them from those three places and
checks them, naming the option in any error; the result travels with the MkDocs
config (`attach`/`attached`), never through environment variables.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.core.errors import CourseError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# An http(s) address ending in '/': no query, no fragment, nothing that needs quoting in HTML.
SITE_URL = re.compile(r"https?://[^\s/?#\"'<>\\^`{|}]+(?:/[^\s?#\"'<>\\^`{|}]*)?/", re.ASCII)
SITE_URL_FIX = "give the published address ending in '/', without '?query' or '#fragment', e.g. https://you.github.io/my-course/"
LATEST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z: later dates break email Date headers


CONFIG_KEY = "coursekit_settings"


@dataclass(frozen=True)
class BuildSettings:
    """What one build of the course needs to know beyond the course files."""

    project: Path  # the folder of mkdocs.yml
    course_dir: Path  # course.yml, the lessons and assessment.yml
    site_url: str | None  # the publish address, overriding course.yml; None keeps it
    epoch: int  # the build time: dates in the emails, MkDocs' sitemap
    drafts: bool = False  # build lessons marked draft: true (the preview, or --drafts)


def read_settings(
    config: MkDocsConfig, *, site_url: str | None = None, drafts: bool = False, env: Mapping[str, str] = os.environ
) -> BuildSettings:
    """The build's settings from mkdocs.yml, the command line (`site_url`; `drafts`:
    --drafts, or the preview of `mkdocs serve`) and the documented environment
    variables (SITE_URL, SOURCE_DATE_EPOCH), checked."""
    project = Path(config.config_file_path).parent
    folder = course_dir(config)
    url = site_url_override(site_url, "--site-url") or site_url_override(env.get("SITE_URL"), "SITE_URL")
    epoch = source_date_epoch(project, env)
    return BuildSettings(project=project, course_dir=folder, site_url=url, epoch=epoch, drafts=drafts)


def course_dir(config: MkDocsConfig) -> Path:
    """The course's folder (`extra.course_dir`, lessons by default), checked: all the
    preview's watcher and error pages need, without the environment or git."""
    folder = config.extra.get("course_dir", "lessons")
    if not isinstance(folder, str) or not folder.strip():
        raise CourseError(
            f"{config.config_file_path}",
            "extra.course_dir must be a folder name, e.g. lessons",
            "write it as 'course_dir: lessons' under 'extra:', or leave it out",
            field="extra.course_dir",
        )
    return Path(config.config_file_path).parent / folder


def attach(config: MkDocsConfig, settings: BuildSettings) -> None:
    """Hand the settings of a `coursekit build` to the hooks with the config they get."""
    config[CONFIG_KEY] = settings


def attached(config: MkDocsConfig) -> BuildSettings | None:
    """The settings `coursekit build` attached, or None (plain `mkdocs build` or `serve`)."""
    value = config.get(CONFIG_KEY)
    return value if isinstance(value, BuildSettings) else None


def site_url_override(value: str | None, option: str) -> str | None:
    """A checked publish address from the command line or environment, ending in '/'."""
    if value is None or value == "":
        return None
    url = value if value.endswith("/") else value + "/"
    if not SITE_URL.fullmatch(url):
        raise CourseError(option, f"'{value}' is not a usable site address", SITE_URL_FIX)
    return url


def source_date_epoch(project: Path, env: Mapping[str, str] = os.environ) -> int:
    """The build time in seconds since 1970: SOURCE_DATE_EPOCH when set (it must be a
    whole number, https://reproducible-builds.org/specs/source-date-epoch/), else the
    last commit's time, else the newest lesson file's."""
    if "SOURCE_DATE_EPOCH" in env:
        value = env["SOURCE_DATE_EPOCH"]
        if not (value.isascii() and value.isdigit()) or int(value) > LATEST_EPOCH:
            raise CourseError(
                "SOURCE_DATE_EPOCH",
                f"is '{value}', not a whole number of seconds since 1970",
                "unset it, or set it to a time such as $(git log -1 --format=%ct)",
            )
        return int(value)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project.resolve(), capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if out.isdigit():
        return int(out)
    try:
        return int(max((p.stat().st_mtime for p in (project / "lessons").glob("*")), default=0))
    except OSError:
        return 0
