"""Every generated address comes from coursekit.core.routes, which follows MkDocs' own rules."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from coursekit.core import routes
from coursekit.core.loader import load_course
from helpers import GARDEN

COURSE = load_course(GARDEN)


@pytest.mark.parametrize(
    "source",
    [
        "index.md",
        "chart.md",
        "self-assessment.md",
        "email-course.md",
        "lessons/print.md",
        "a/index.md",
        "a/b.md",
        "lessons/what-to-sow.md",
    ],
)
def test_page_url_is_mkdocs_own_rule(source: str):
    """MkDocs (structure/files.py, use_directory_urls: true) is the contract."""
    file = File(source, src_dir="/docs", dest_dir="/site", use_directory_urls=True)
    assert routes.page_url(source) == file.url.removeprefix("./")
    assert routes.dest_of(routes.page_url(source)) == file.dest_uri


def test_generated_pages_have_their_documented_addresses():
    assert (routes.HOME_URL, routes.QUIZ_URL, routes.CHART_URL, routes.EMAIL_URL, routes.PRINT_URL) == (
        "",
        "self-assessment/",
        "chart/",
        "email-course/",
        "lessons/print/",
    )
    lesson = COURSE.lessons[2]
    assert routes.lesson_url(lesson) == "lessons/what-to-sow/"
    assert routes.lesson_source(lesson) == "lessons/what-to-sow.md"


def test_relative_links_between_pages():
    first, second = COURSE.lessons[:2]
    assert routes.relative(routes.lesson_url(second), routes.lesson_url(first)) == "../sun-and-shade/"
    assert routes.relative(routes.HOME_URL, routes.lesson_url(first)) == "../../"
    assert routes.relative_file(routes.download_paths(COURSE)["pdf"], routes.QUIZ_URL) == (
        "../downloads/kitchen-garden-garden-habits.pdf"
    )


def test_artefact_paths_list_downloads_then_emails():
    paths = routes.artefact_paths(COURSE)
    assert paths[:3] == [
        "downloads/kitchen-garden-garden-habits.pdf",
        "downloads/kitchen-garden-garden-habits-letter.pdf",
        "downloads/kitchen-garden-garden-habits.csv",
    ]
    assert all(path.startswith("emails/") for path in paths[3:]) and "emails/index.html" in paths
