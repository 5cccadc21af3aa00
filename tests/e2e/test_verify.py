"""`coursekit verify`, the pull-request check, on courses other than the example: a
course of another subject, size and brand passes and keeps nothing of the example,
and a planted problem fails it, named on its lesson file.

What counts as "the example" is read from the example's own files in lessons/, so
this test holds whatever the example course becomes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader

from helpers import GARDEN, ROOT, copy_of_repository, edit, make_project

# Theme files that Material ships (its scripts, styles and search languages): not course output.
THEME_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")


def verify(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The pull-request check as the workflow runs it, in the project folder."""
    clean = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "verify"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**clean, "SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1", **env},
        timeout=600,
    )


def example_words() -> list[str]:
    """The example course's name, id, publisher and the words of its chart, from its own files."""
    course = yaml.safe_load((ROOT / "lessons" / "course.yml").read_text(encoding="utf-8"))
    words = [course["title"], course["id"], course["organisation"].split()[0]]
    if (ROOT / "lessons" / "assessment.yml").is_file():
        chart = yaml.safe_load((ROOT / "lessons" / "assessment.yml").read_text(encoding="utf-8"))["chart"]
        words += [chart["title"], *(re.sub(r"^(a|an|the) |\W+$", "", h.lower()) for h in chart["columns"].values())]
    return words


def template_with_another_course(target: Path) -> Path:
    """A copy of this repository, as "Use this template" gives it, whose lessons/ an author
    replaced with a course of their own: the garden fixture, one lesson renamed."""
    copy_of_repository(target)
    shutil.rmtree(target / "lessons")
    shutil.copytree(GARDEN, target / "lessons")
    lessons = target / "lessons"
    (lessons / "what-to-sow.md").rename(lessons / "choosing-seeds.md")
    edit(lessons / "course.yml", "  - what-to-sow\n", "  - choosing-seeds\n")
    edit(lessons / "assessment.yml", "lesson: what-to-sow", "lesson: choosing-seeds")
    edit(lessons / "watering-deeply.md", "(what-to-sow.md)", "(choosing-seeds.md)")
    return target


def output_texts(site: Path) -> dict[str, str]:
    """Every file the build wrote for the course, as text (PDFs read by a PDF parser)."""
    texts = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith(THEME_FOLDERS) or path.suffix == ".png":
            continue
        if path.suffix == ".pdf":
            texts[name] = " ".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            texts[name] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


def test_another_course_passes_the_check_and_keeps_nothing_of_the_example(tmp_path: Path):
    """The template with the garden course in lessons/ (seven lessons, another title, id,
    organisation, brand, sub-path and an assessment with its own column headings), one
    lesson renamed as an author would: the pull-request check is green, and no word of the
    example's name or subject is in any page, PDF, CSV, email, export, manifest or worker."""
    project = template_with_another_course(tmp_path / "course")
    result = verify(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "course: 7 lessons, all valid" in result.stdout and "no problems" in result.stdout
    texts = output_texts(project / "site")
    assert "lessons/choosing-seeds/index.html" in texts and "downloads/kitchen-garden-garden-habits.pdf" in texts
    assert {"manifest.webmanifest", "sw.js", "emails/kitchen-garden.mbox", "emails/listmonk-campaigns.json"} <= set(texts)
    words = example_words()
    assert len(words) >= 5
    left = [(name, word) for name, text in texts.items() for word in words if word.lower() in text.lower()]
    assert left == []


def test_a_problem_in_the_built_site_fails_the_check_on_its_lesson(tmp_path: Path):
    """A link in raw HTML to a page that does not exist passes MkDocs (it checks Markdown
    links only) but not the check: the exit is non-zero, the problem names the lesson file,
    its line and a fix, and under GitHub Actions it is an annotation there."""
    project = make_project(tmp_path / "course", GARDEN)
    lesson = project / "lessons/sun-and-shade.md"
    edit(lesson, "## The idea\n", '## The idea\n\nSee <a href="../no-such-page/">the lost page</a>.\n')
    result = verify(project, GITHUB_ACTIONS="true")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(number for number, text in enumerate(lesson.read_text().splitlines(), start=1) if "no-such-page" in text)
    assert re.search(
        rf"lessons/sun-and-shade\.md:{line}: broken link \(404\): http://127\.0\.0\.1:\d+/\S+/no-such-page/\. Fix: ",
        result.stderr,
    )
    assert f"::error file=lessons/sun-and-shade.md,line={line},title=Course site::broken link (404)" in result.stdout
