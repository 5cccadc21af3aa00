"""The build's settings beyond the course files: the project, the course folder, the
publish address override (`--site-url`, or SITE_URL), the build time
(SOURCE_DATE_EPOCH) and whether drafts are built, each checked where it is read,
naming the option in any error. (The MkDocs adapter reads the course folder from
mkdocs.yml and hands the command line's options over as its plugin's config:
coursekit.plugin.course_plugin.)
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coursekit.core.errors import CourseError

# An http(s) address ending in '/': no query, no fragment, nothing that needs quoting in HTML.
SITE_URL = re.compile(r"https?://[^\s/?#\"'<>\\^`{|}]+(?:/[^\s?#\"'<>\\^`{|}]*)?/", re.ASCII)
SITE_URL_FIX = "give the published address ending in '/', without '?query' or '#fragment', e.g. https://you.github.io/my-course/"
LATEST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z: later dates break email Date headers


@dataclass(frozen=True)
class BuildSettings:
    """What one build of the course needs to know beyond the course files."""

    project: Path  # the folder of mkdocs.yml
    course_dir: Path  # course.yml, the lessons and assessment.yml
    site_url: str | None  # the publish address, overriding course.yml; None keeps it
    epoch: int  # the build time: dates in the emails, MkDocs' sitemap
    drafts: bool = False  # build lessons marked draft: true (the preview, or --drafts)


def build_settings(
    project: Path, course_dir: Path, *, site_url: str | None = None, drafts: bool = False, env: Mapping[str, str] = os.environ
) -> BuildSettings:
    """The build's settings for the project in `project`: the command line's address
    (`site_url`, from --site-url) or the environment's (SITE_URL), the build time
    (SOURCE_DATE_EPOCH), each checked, naming the option in any error."""
    url = site_url_override(site_url, "--site-url") or site_url_override(env.get("SITE_URL"), "SITE_URL")
    epoch = source_date_epoch(project, env)
    return BuildSettings(project=project, course_dir=course_dir, site_url=url, epoch=epoch, drafts=drafts)


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
