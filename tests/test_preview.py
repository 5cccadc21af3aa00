"""The author's preview renders only what a save changed (issue 15).

`./course serve` runs `mkdocs serve --dirty`. Its rebuilds run here in this process,
the way MkDocs' server loop runs them (mkdocs/commands/serve.py: the first config gets
`on_startup(command="serve", dirty=True)`, every rebuild loads the config again, sets
`site_url` to the server's address and calls `build(config, serve_url=..., dirty=True)`);
the fresh preview each is compared with is a new process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from coursekit.plugin.mkdocs_hooks import course_plugin
from helpers import ROOT, edit, own_docs

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1764000000"
LESSON = "lessons/second-steps/index.html"
PRINT = "lessons/print/index.html"
SEARCH_INDEX = "search/search_index.json"


def preview_build(project: Path, site: Path, *, startup: bool = False) -> None:
    """One build of `mkdocs serve --dirty` into `site`, then its background downloads and emails."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    if startup:
        config.plugins.on_startup(command="serve", dirty=True)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=True)
    course_plugin.background.wait()


FRESH = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(ROOT / "tests")!r})
from test_preview import preview_build
preview_build(Path(sys.argv[1]), Path(sys.argv[2]), startup=True)
"""


def fresh_preview(project: Path, site: Path) -> None:
    """What a newly started `mkdocs serve --dirty` builds first, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", FRESH, str(project), str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def search_entries(data: bytes) -> tuple[object, list[str]]:
    """The index's settings and its entries, in any order (Material appends a dirty
    rebuild's entries at the end; search does not depend on their order)."""
    index = json.loads(data)
    return index["config"], sorted(json.dumps(entry, sort_keys=True) for entry in index["docs"])


def assert_same_site(dirty: Path, fresh: Path) -> None:
    ours, theirs = files_of(dirty), files_of(fresh)
    assert sorted(ours) == sorted(theirs), "files differ: " + repr(set(ours) ^ set(theirs))
    assert search_entries(ours.pop(SEARCH_INDEX)) == search_entries(theirs.pop(SEARCH_INDEX))
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, f"these files differ from a fresh preview's: {differ}"


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again changes them."""
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def served(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The mini course under a dirty preview: its project and site folder, first build done."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "served"
    site.mkdir()
    preview_build(mini_project, site, startup=True)
    yield mini_project, site
    load_config(config_file=str(mini_project / "mkdocs.yml")).plugins.on_shutdown()


def test_a_saved_lesson_renders_only_its_own_page_and_the_print_page(served):
    project, site = served
    before = stamps(site)
    edit(project / "lessons" / "second-steps.md", "tried something new", "tried something bold")
    preview_build(project, site)
    after = stamps(site)
    pages = {name for name in after if name.endswith(".html") and after[name] != before.get(name)}
    pages = {name for name in pages if not name.startswith("emails/")}  # the emails' previews: see below
    # 404.html is a theme template: MkDocs renders it in every build, dirty or not.
    assert pages == {LESSON, PRINT, "404.html"}
    assert "tried something bold" in (site / LESSON).read_text(encoding="utf-8")
    assert "tried something bold" in (site / PRINT).read_text(encoding="utf-8")
    assert "tried something bold" in (site / SEARCH_INDEX).read_text(encoding="utf-8")


def test_the_downloads_and_pictures_are_remade_only_when_what_they_show_changed(served):
    project, site = served
    before = stamps(site)
    edit(project / "lessons" / "second-steps.md", "Write down three things", "Write down four things")  # the tool
    preview_build(project, site)
    after = stamps(site)
    remade = {name for name in after if after[name] != before.get(name)}
    assert "emails/02-second-steps.txt" in remade
    assert "Write down four things" in (site / "emails/02-second-steps.txt").read_text(encoding="utf-8")
    assert not [name for name in remade if name.startswith(("downloads/", "assets/cards/", "assets/icons/"))]

    edit(project / "lessons" / "second-steps.md", "title: Second steps", "title: Second, bolder steps")
    preview_build(project, site)
    remade = {name for name, stamp in stamps(site).items() if stamp != after.get(name)}
    assert {name for name in remade if name.startswith("downloads/")}, "the chart names lessons by title"


def own_theme_and_docs(project: Path) -> None:
    """The project gets its own copy of the theme overrides and docs/, for the author to edit."""
    shutil.copytree(ROOT / "coursekit" / "theme", project / "theme")
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(f"custom_dir: {ROOT / 'coursekit' / 'theme'}", "custom_dir: theme")
    (project / "mkdocs.yml").write_text(config.replace(f"docs_dir: {ROOT / 'docs'}", "docs_dir: docs"), encoding="utf-8")


def test_every_save_leaves_the_site_a_fresh_preview_would_build(served, tmp_path: Path):
    """Bodies, titles, email subjects, a new lesson, a removed one, a broken file and its
    fix, course.yml, assessment.yml, mkdocs.yml, the theme and the stylesheet: after
    each save, the same files with the same bytes as a fresh preview's."""
    project, site = served
    lessons = project / "lessons"
    saves = [
        lambda: own_theme_and_docs(project),
        lambda: edit(lessons / "second-steps.md", "tried something new", "tried something bold"),
        lambda: edit(lessons / "first-steps.md", "title: First steps", "title: The very first steps"),
        lambda: edit(lessons / "second-steps.md", 'subject: "Lesson 2: Second steps"', 'subject: "Lesson 2: Onwards"'),
        lambda: edit(lessons / "second-steps.md", "title: Second steps", "title: [broken"),
        lambda: edit(lessons / "second-steps.md", "title: [broken", "title: Second steps, mended"),
        lambda: rename_lesson(lessons, "third-steps", "last-steps"),
        lambda: edit(lessons / "first-steps.md", "## ", "## A new section\n\nWith words.\n\n## "),
        lambda: edit(lessons / "course.yml", "tagline: A three-lesson", "tagline: A short"),
        lambda: edit(lessons / "assessment.yml", "rated: I set goals together.", "rated: We set goals together."),
        lambda: edit(project / "mkdocs.yml", "permalink_title: Link to this section", "permalink_title: Link here"),
        lambda: edit(project / "theme" / "main.html", "{% block extrahead %}", "{% block extrahead %}<!-- a theme edit -->"),
        lambda: edit(project / "theme" / "assets" / "course.css", "}", "}\n.added { color: red; }"),
    ]
    for number, save in enumerate(saves):
        save()
        preview_build(project, site)  # a broken file gives the error pages, not a failed build
        fresh = tmp_path / f"fresh-{number}"
        fresh_preview(project, fresh)
        assert_same_site(site, fresh)


def rename_lesson(lessons: Path, old: str, new: str) -> None:
    """What an author does to rename a lesson: the file, and every name of it."""
    (lessons / f"{old}.md").rename(lessons / f"{new}.md")
    for path in lessons.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_warning_of_mkdocs_shows_on_every_page_until_it_is_fixed(served, tmp_path: Path):
    """Issue 25.2: a link to an anchor the lesson lacks (which MkDocs, not the course's
    loader, finds) aborted the strict preview, and the browser kept the previous page.
    Now the rebuild completes and every page opens with the problem, file, line and fix
    (the page the author is looking at reloads with it); the next rebuild after the fix
    starts over, leaving exactly what a fresh preview builds."""
    project, site = served
    lesson = project / "lessons" / "second-steps.md"
    edit(lesson, "when you are done.", "when you are done, or [go back up](#nowhere).")
    preview_build(project, site)
    line = next(n for n, text in enumerate(lesson.read_text().splitlines(), start=1) if "#nowhere" in text)
    for page in (LESSON, "index.html", "lessons/first-steps/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'class="md-typeset course-preview-problems" role="alert"' in html, page
        assert f"<code>lessons/second-steps.md:{line}</code> links to &#39;#nowhere&#39;" in html, page
    edit(lesson, "(#nowhere)", "(#the-idea)")
    preview_build(project, site)
    assert 'href="#the-idea"' in (site / LESSON).read_text(encoding="utf-8")
    assert not [path for path in site.rglob("*.html") if "course-preview-problems" in path.read_text(encoding="utf-8")]
    fresh = tmp_path / "fresh"
    fresh_preview(project, fresh)
    assert_same_site(site, fresh)


def test_a_warning_it_does_not_know_still_fails_the_strict_preview(served):
    """The preview quiets MkDocs' warning about dirty builds, and only that one: another
    of MkDocs' warnings (here a theme's, on a logger the kit does not word) still counts."""
    project, site = served
    edit(project / "mkdocs.yml", "hooks:\n", "hooks:\n  - " + str(Path(__file__).parent / "fixtures" / "warns.py") + "\n")
    with pytest.raises(Abort, match="strict mode"):
        preview_build(project, site)


def test_a_docs_page_the_build_cannot_use_shows_in_the_preview(served):
    """A page saved as Latin-1 and one whose front matter is not YAML stop a publishing
    build; the preview used to abort on them too (a stale page in the browser). Now it
    builds without them and every page says why, until they are fixed."""
    project, site = served
    docs = own_docs(project)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("not_in_nav: |\n  /about.md\n  /notes.md\n")  # linked from nowhere in the menu, on purpose
    (docs / "notes.md").write_bytes(b"# Notes\n\nCaf\xe9 hours\n")
    (docs / "about.md").write_text("---\ntitle: About: us\n---\n# About\n", encoding="utf-8")
    preview_build(project, site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<code>docs/notes.md:3</code> is not valid UTF-8 (byte 0xe9 cannot be decoded)" in home
    assert "<code>docs/about.md:1</code> its front matter" in home
    assert not (site / "notes" / "index.html").exists()
    (docs / "notes.md").write_text("# Notes\n\nCafé hours\n", encoding="utf-8")
    (docs / "about.md").write_text("---\ntitle: 'About: us'\n---\n# About\n", encoding="utf-8")
    preview_build(project, site)
    assert not [path for path in site.rglob("*.html") if "course-preview-problems" in path.read_text(encoding="utf-8")]
    assert "Café hours" in (site / "notes" / "index.html").read_text(encoding="utf-8")
