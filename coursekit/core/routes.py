"""Every address the course generates, in one place: where each generated page
pretends to live among the docs (its source path), the file it is built into, its
URL relative to the site root, and the paths of the downloads and emails.

The hook, the templates, the emails, the tests and the benchmarks all ask here;
nothing else spells out a generated path. URLs follow MkDocs' rule with
`use_directory_urls: true` (`page_url`), which the tests check against MkDocs itself.
"""

from __future__ import annotations

import posixpath

from coursekit.core import email_names as names
from coursekit.core.model import Course, Lesson

HOME_SOURCE = "index.md"
QUIZ_SOURCE = "self-assessment.md"
CHART_SOURCE = "chart.md"
EMAIL_SOURCE = "email-course.md"
# Beside the lessons (lessons/print/), so the lesson pages' relative links work unchanged in it.
PRINT_SOURCE = "lessons/print.md"
# What a learner keeps at the end: the tools on one page, their answers to the reflection
# questions, and a certificate of completion.
TOOLKIT_SOURCE = "toolkit.md"
JOURNAL_SOURCE = "journal.md"
CERTIFICATE_SOURCE = "certificate.md"
# Progress carried to another device in a link (its fragment, never sent to a server).
CARRY_SOURCE = "another-device.md"
LESSONS_FOLDER = "lessons"
BRAND_CSS = "assets/brand.css"
# The kit's script and styles every page loads (coursekit/theme/assets/). Published under
# names with a digest of their content (coursekit.plugin.published_assets), as is BRAND_CSS.
COURSE_CSS = "assets/course.css"
COURSE_JS = "assets/course.js"
DOWNLOADS_FOLDER = "downloads"
EMAILS_FOLDER = "emails"
CARDS_FOLDER = "assets/cards"
ICONS_FOLDER = "assets/icons"
# At the site root, so the worker's scope is the whole course (under Pages, /<repo>/).
SERVICE_WORKER = "sw.js"
WEB_MANIFEST = "manifest.webmanifest"


def page_url(source: str) -> str:
    """The URL (relative to the site root) MkDocs gives the page at `source` in the docs
    folder: index.md -> '', a.md -> a/, a/index.md -> a/, a/b.md -> a/b/."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def dest_of(url: str) -> str:
    """The built file behind a page URL."""
    return f"{url}index.html"


def lesson_source(lesson: Lesson) -> str:
    """Where a lesson pretends to live in the docs folder, so that links to its source
    file name (check-for-danger.md) resolve."""
    return f"{LESSONS_FOLDER}/{lesson.source_name}"


def lesson_url(lesson: Lesson) -> str:
    """The lesson's stable address, lessons/<slug>/, whatever its number."""
    return f"{LESSONS_FOLDER}/{lesson.slug}/"


def moved_url(old: str) -> str:
    """A renamed lesson's old address, lessons/<old>/, which sends readers on."""
    return f"{LESSONS_FOLDER}/{old}/"


HOME_URL = page_url(HOME_SOURCE)
QUIZ_URL = page_url(QUIZ_SOURCE)
# The script and stylesheet only one page needs, which only that page loads (coursekit/theme/assets/).
HOME_ASSETS = {"script": "assets/course.home.js", "style": "assets/course.home.css"}
QUIZ_ASSETS = {"script": "assets/course.quiz.js", "style": "assets/course.quiz.css"}
CERTIFICATE_ASSETS = {"script": "assets/course.certificate.js", "style": "assets/course.certificate.css"}
CARRY_ASSETS = {
    "library": "assets/vendor/qrcode-generator.js",
    "script": "assets/course.carry.js",
    "style": "assets/course.carry.css",
}
CHART_URL = page_url(CHART_SOURCE)
EMAIL_URL = page_url(EMAIL_SOURCE)
PRINT_URL = page_url(PRINT_SOURCE)
TOOLKIT_URL = page_url(TOOLKIT_SOURCE)
JOURNAL_URL = page_url(JOURNAL_SOURCE)
CERTIFICATE_URL = page_url(CERTIFICATE_SOURCE)
CARRY_URL = page_url(CARRY_SOURCE)


def relative(target_url: str, from_url: str) -> str:
    """A link from the page at `from_url` to the page at `target_url` (both site-relative)."""
    return posixpath.relpath(target_url or ".", from_url or ".") + "/"


def relative_file(path: str, from_url: str) -> str:
    """A link from the page at `from_url` to the file at site path `path`."""
    return posixpath.relpath(path, from_url or ".")


def chart_file_stem(course: Course) -> str:
    """The downloads' file name without extension: the course id, then the chart's
    `file_name` from assessment.yml."""
    return f"{course.meta.id}-{course.require_assessment().chart.file_name}"


def download_paths(course: Course) -> dict[str, str]:
    """Where the chart downloads live in the site: the printable self-assessment on A4
    and on US Letter, and the spreadsheet."""
    stem = f"{DOWNLOADS_FOLDER}/{chart_file_stem(course)}"
    return {"pdf": f"{stem}.pdf", "pdf_letter": f"{stem}-letter.pdf", "csv": f"{stem}.csv"}


def email_path(name: str) -> str:
    """A file of the email course, as a site path."""
    return f"{EMAILS_FOLDER}/{name}"


def card_path(page_source: str, digest: str) -> str:
    """A page's share card: home.<digest>.png, lesson-<slug>.<digest>.png, chart.<digest>.png."""
    stem = page_source.removesuffix(".md").replace("/", "-").removesuffix("-index")
    if stem.startswith(f"{LESSONS_FOLDER}-"):
        stem = "lesson-" + stem.removeprefix(f"{LESSONS_FOLDER}-")
    return f"{CARDS_FOLDER}/{'home' if stem == 'index' else stem}.{digest}.png"


def icon_path(name: str) -> str:
    """An app icon of the installable course."""
    return f"{ICONS_FOLDER}/{name}"


def artefact_paths(course: Course) -> list[str]:
    """Every file the artefact process writes into the site, as site paths."""
    paths = list(download_paths(course).values()) if course.assessment is not None else []
    return paths + [email_path(name) for name in names.sequence_files(course)]


def page_assets(has_assessment: bool) -> dict[str, dict[str, str]]:
    """By page URL, the script and stylesheet that page loads besides every page's."""
    return {
        HOME_URL: HOME_ASSETS,
        CERTIFICATE_URL: CERTIFICATE_ASSETS,
        CARRY_URL: CARRY_ASSETS,
        **({QUIZ_URL: QUIZ_ASSETS} if has_assessment else {}),
    }


def page_asset_paths() -> list[str]:
    """Every script and stylesheet that only one page loads."""
    return [path for assets in page_assets(has_assessment=True).values() for path in assets.values()]


# Every script and stylesheet of the kit's own, by the name the kit knows it by.
KIT_ASSETS = (COURSE_CSS, COURSE_JS, *page_asset_paths())
