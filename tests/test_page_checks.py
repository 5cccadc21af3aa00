"""MkDocs' own checks of the pages (links, images, anchors; a docs page no menu leads to)
reported as the kit reports a course problem: the file an author edits, the line, what is
wrong and a fix; all at once, by `coursekit check` as by a publishing build, and as
`::error` annotations under GitHub Actions (issue 25, item 1).

The warnings are MkDocs 1.6's own (mkdocs/structure/pages.py, `_RelativePathTreeprocessor`
and `Page.validate_anchor_links`; mkdocs/structure/nav.py for omitted files), raised by
real builds of the mini fixture course."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import edit, own_docs, run_build

LESSON = "lessons/first-steps.md"


def check(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`coursekit check`, as `./course check` runs it, in `project`."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | env
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "check"], cwd=project, capture_output=True, text=True, env=environment
    )


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def break_pages(project: Path) -> Path:
    """Slips an author makes in the pages: a missing image, a section that is not there,
    an image without alt text, and a docs page of their own with a wrong link and no menu entry."""
    docs = own_docs(project)
    (docs / "assets" / "checklist.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    lesson = project / LESSON
    edit(lesson, "when you are done.", "when you are done.\n\n![The checklist](../assets/checklist.PNG)")
    edit(lesson, "Write down three", "As [the idea](#the-ideas) says, write down three")
    edit(lesson, "share one with your team.", "share one with your team.\n\n![](../assets/checklist.png)")
    (docs / "about.md").write_text("# About\n\nStart with [the first lesson](lessons/first-step.md).\n", encoding="utf-8")
    return lesson


def test_check_reports_every_page_problem_at_once_with_its_line_and_fix(mini_project: Path):
    """`./course check` said "all valid" for a course MkDocs' strict build refuses."""
    lesson = break_pages(mini_project)
    result = check(mini_project)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith(("lessons/", "docs/"))]
    image, anchor = line_of(lesson, "checklist.PNG"), line_of(lesson, "#the-ideas")
    assert problems == [
        "docs/about.md: is a page that no menu leads to (the kit makes the menu from lessons/course.yml). Fix: link to it "
        "from a lesson or the pitch and list it in mkdocs.yml under 'not_in_nav:' (e.g. not_in_nav: /about.md); or put "
        "what it says into a lesson",
        "docs/about.md:3: links to 'lessons/first-step.md', which is no page or file of the site. Fix: did you mean "
        "'lessons/first-steps.md'?",
        f"{LESSON}:{image}: the image '../assets/checklist.PNG' is not in the site. Fix: did you mean '../assets/checklist.png'?",
        f"{LESSON}:{anchor}: links to '#the-ideas', but this page has no section '#the-ideas'. Fix: did you mean "
        "'#the-idea'? A section's address is its heading in lower case, with hyphens for spaces: '## First steps' is "
        "#first-steps",
        f"{LESSON}:{line_of(lesson, '![](')}: the image ../../assets/checklist.png has no alt text. Fix: describe it in the "
        "brackets, ![what the image shows](file.png); if it only decorates, add { role=presentation } after it",
    ]
    assert "5 problems; fix them all" in result.stderr
    assert "Doc file" not in result.stderr  # MkDocs' own wording, without line or fix, is not printed as well
    assert not (mini_project / "site").exists()  # a check writes no site


def test_the_problems_are_annotations_on_github(mini_project: Path):
    """Workflow commands, one a line on stdout (docs.github.com, "Workflow commands for
    GitHub Actions": `::error file={name},line={line}::{message}`)."""
    lesson = break_pages(mini_project)
    result = check(mini_project, GITHUB_ACTIONS="true")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    image = line_of(lesson, "checklist.PNG")
    assert (
        f"::error file={LESSON},line={image}::the image '../assets/checklist.PNG' is not in the site. Fix: did you "
        "mean '../assets/checklist.png'?" in annotations
    )
    assert len(annotations) == 5


def test_a_publishing_build_refuses_them_all_and_keeps_the_site(mini_project: Path):
    assert run_build(mini_project).returncode == 0
    before = (mini_project / "site/index.html").read_bytes()
    lesson = break_pages(mini_project)
    result = run_build(mini_project)
    assert result.returncode == 1
    assert f"{LESSON}:{line_of(lesson, '#the-ideas')}: links to '#the-ideas'" in result.stderr
    assert "5 problems; fix them all" in result.stderr
    assert (mini_project / "site/index.html").read_bytes() == before


def test_a_link_to_another_pages_missing_section_lists_its_sections(mini_project: Path):
    edit(mini_project / LESSON, "(second-steps.md)", "(second-steps.md#the-tool)")
    result = check(mini_project)
    assert result.returncode == 1
    line = line_of(mini_project / LESSON, "#the-tool")
    assert (
        f"{LESSON}:{line}: links to 'second-steps.md#the-tool', but lessons/second-steps.md has no section '#the-tool'. "
        "Fix: link to one of its sections: #second-steps, #the-idea, #this-week, #reflect. A section's"
    ) in result.stderr


def test_check_of_a_sound_course_builds_it_once_and_says_so(mini_project: Path):
    result = check(mini_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "3 lessons, all valid; every page's links, images and anchors lead somewhere."
    assert not (mini_project / "site").exists()


def test_course_problems_come_first_and_say_the_page_checks_follow(mini_project: Path):
    edit(mini_project / LESSON, "summary:", "sumary:")
    result = check(mini_project)
    assert result.returncode == 1
    assert "lessons/first-steps.md:3: field 'sumary'" in result.stderr
    assert "MkDocs' checks of the pages' links, images and anchors run once these are fixed" in result.stderr


def test_a_docs_page_that_is_not_utf8_is_named_not_a_traceback(mini_project: Path):
    """MkDocs logs "Encoding error reading file" and ends in a UnicodeDecodeError traceback."""
    docs = own_docs(mini_project)
    (docs / "notes.md").write_bytes(b"# Notes\n\nCaf\xe9 hours\n")  # Latin-1, as an old editor saves it
    result = run_build(mini_project)
    assert result.returncode == 1
    assert "docs/notes.md:3: is not valid UTF-8 (byte 0xe9 cannot be decoded). Fix: save the file with UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
