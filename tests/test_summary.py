"""`coursekit summary`: the course as a pull request's job summary (issue 25.5), read back
with cmark-gfm (cmarkgfm), the parser GitHub renders job summaries with."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import cmarkgfm
from bs4 import BeautifulSoup

from coursekit.core.loader import load_course
from helpers import FIXTURES, GARDEN, edit, make_project


def summary(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    command = [sys.executable, "-m", "coursekit.cli", "summary"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment)


def rendered(text: str) -> BeautifulSoup:
    return BeautifulSoup(cmarkgfm.github_flavored_markdown_to_html(text), "html.parser")


def test_every_lesson_with_its_words_and_minutes_and_the_drafts(tmp_path: Path):
    project = make_project(tmp_path / "garden", GARDEN)
    lesson = project / "lessons" / "harvest-and-keep.md"
    edit(lesson, "title: ", "draft: true\ntitle: ")
    soil = project / "lessons" / "soil-first.md"
    text = soil.read_text(encoding="utf-8")
    soil.write_text(re.sub(r"(?m)^title: .*$", 'title: "Soil | <b>first</b> *now*"', text, count=1), encoding="utf-8")
    result = summary(project)
    assert result.returncode == 0, result.stderr
    page = rendered(result.stdout)
    course = load_course(project / "lessons", drafts=True)
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in page.select("tbody tr")]
    assert [row[1] for row in rows] == [lesson.title for lesson in course.lessons]  # text, as typed
    assert page.find("b") is None and page.find("em") is None
    for row, lesson in zip(rows, course.lessons, strict=True):
        assert row[3] == f"{lesson.words:,}" and row[4] == str(lesson.minutes)
        assert row[0] == ("draft" if lesson.draft else str(lesson.number))
    drafts = page.find("h3", string="Drafts").find_next("ul").get_text()
    assert "harvest-and-keep.md" in drafts


def test_problems_come_with_their_file_and_line_and_a_failing_exit(tmp_path: Path):
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    edit(project / "lessons" / "course.yml", "title: Mini Course", "titel: Mini Course")
    result = summary(project)
    assert result.returncode == 1
    page = rendered(result.stdout)
    assert page.find("h2").get_text() == "The course has problems"
    items = [li.get_text() for li in page.select("li")]
    assert any(item.startswith("lessons/course.yml:") and "titel" in item for item in items), items


def test_the_pages_problems_are_in_the_summary_and_fail_it(tmp_path: Path):
    """A link that leads nowhere stops the build (MkDocs' own check, worded by the kit):
    the author who only reads the run's page sees it there with its file and line, and
    the summary stays free of the build's `::error` lines."""
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    edit(project / "lessons" / "first-steps.md", "(second-steps.md)", "(second-steps.md#the-tool)")
    result = summary(project, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    assert "::error" not in result.stdout
    page = rendered(result.stdout)
    assert page.find("h2").get_text() == "The pages have problems"
    items = [li.get_text() for li in page.select("li")]
    assert any(item.startswith("lessons/first-steps.md:19: links to 'second-steps.md#the-tool'") for item in items), items
    assert page.find("table") is not None  # the lessons are still listed
