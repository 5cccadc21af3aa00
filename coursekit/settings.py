"""The build's options that come from outside the course files: the publish address
override (`--site-url` / SITE_URL) and the build time (SOURCE_DATE_EPOCH), each
read and checked in one place, with an error that names the option.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from coursekit.errors import CourseError

# An http(s) address ending in '/': no query, no fragment, nothing that needs quoting in HTML.
SITE_URL = re.compile(r"https?://[^\s/?#\"'<>\\^`{|}]+(?:/[^\s?#\"'<>\\^`{|}]*)?/", re.ASCII)
SITE_URL_FIX = "give the published address ending in '/', without '?query' or '#fragment', e.g. https://you.github.io/emerging-leaders/"
LATEST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z: later dates break email Date headers


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
            raise CourseError("SOURCE_DATE_EPOCH", f"is '{value}', not a whole number of seconds since 1970",
                              "unset it, or set it to a time such as $(git log -1 --format=%ct)")
        return int(value)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.resolve(),
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if out.isdigit():
        return int(out)
    try:
        return int(max((p.stat().st_mtime for p in (project / "lessons").glob("*")), default=0))
    except OSError:
        return 0
