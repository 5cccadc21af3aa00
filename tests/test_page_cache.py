"""The converted-page cache (coursekit.page_cache): a warm build converts only the pages
whose inputs changed and gives the same site as a cold one, every input the conversion
reads invalidates it, and a conversion that logged anything is never kept."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.pages import Page

from coursekit import page_cache
from helpers import ROOT, edit, run_build, tree_digest

CACHE = Path(".cache/coursekit/pages.pickle")


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages MkDocs' own conversion (Markdown to HTML) ran on, by source path."""
    found: list[str] = []
    real = Page.render

    def counting(self: Page, config, files) -> None:
        found.append(self.file.src_uri)
        real(self, config, files)

    monkeypatch.setattr(Page, "render", counting)
    return found


def own_docs(project: Path) -> Path:
    """The project with its own copy of docs/ (the fixture points at the repository's),
    where an author's page about.md may be, out of the course's navigation."""
    shutil.copytree(ROOT / "docs", project / "docs")
    edit(project / "mkdocs.yml", f"docs_dir: {ROOT / 'docs'}", "docs_dir: docs\nnot_in_nav: /about.md")
    return project / "docs"


def build(project: Path, name: str) -> Path:
    result = run_build(project, project / name)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / name


def test_a_warm_build_converts_only_what_changed(mini_project: Path, conversions: list[str]):
    build(mini_project, "first")
    assert "lessons/second-steps.md" in conversions and "index.md" in conversions
    assert (mini_project / CACHE).is_file()
    conversions.clear()
    build(mini_project, "again")
    assert conversions == []
    edit(mini_project / "lessons/second-steps.md", "\n## ", "\nA sentence new to this build.\n\n## ")
    build(mini_project, "edited")
    assert conversions == ["lessons/second-steps.md"]
    assert "A sentence new to this build." in (mini_project / "edited/lessons/second-steps/index.html").read_text()


def change_body(project: Path) -> None:
    edit(project / "lessons/first-steps.md", "\n## ", "\nAnother *sentence* with [a link](second-steps.md).\n\n## ")


def change_markdown_settings(project: Path) -> None:
    edit(project / "mkdocs.yml", "permalink_title: Link to this section", "permalink_title: Link here")


def add_a_page(project: Path) -> None:
    docs = own_docs(project)
    (docs / "about.md").write_text("# About\n\nSee [the chart](chart.md) and [figure](figure.txt).\n", encoding="utf-8")
    (docs / "figure.txt").write_text("a figure\n", encoding="utf-8")


@pytest.mark.parametrize("change", [change_body, change_markdown_settings, add_a_page])
def test_after_any_change_a_warm_build_equals_a_cold_one(mini_project: Path, change):
    """Built once, changed, then built with the kept pages and without them: every file
    of the two sites the same."""
    build(mini_project, "before")
    change(mini_project)
    warm = build(mini_project, "warm")
    (mini_project / CACHE).unlink()
    cold = build(mini_project, "cold")
    assert tree_digest(warm) == tree_digest(cold)


def test_a_link_that_stops_resolving_is_reported_again(mini_project: Path, conversions: list[str]):
    """The page did not change, the site's files did: its link is checked again, and
    the strict build fails as it would without the cache."""
    docs = own_docs(mini_project)
    (docs / "about.md").write_text("# About\n\nSee [the figure](figure.txt).\n", encoding="utf-8")
    (docs / "figure.txt").write_text("a figure\n", encoding="utf-8")
    build(mini_project, "first")
    (docs / "figure.txt").unlink()
    conversions.clear()
    result = run_build(mini_project, mini_project / "second")
    assert result.returncode != 0
    assert "about.md" in result.stderr and "figure.txt" in result.stderr
    assert "about.md" in conversions


def test_a_conversion_that_logged_is_not_kept(mini_project: Path, conversions: list[str]):
    """A page whose link is broken warns on every build, not only the first."""
    docs = own_docs(mini_project)
    (docs / "about.md").write_text("# About\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    for attempt in ("first", "second"):
        conversions.clear()
        result = run_build(mini_project, mini_project / attempt)
        assert result.returncode != 0
        assert "nowhere.md" in result.stderr, attempt
        assert "about.md" in conversions, attempt


def test_stricter_validation_checks_kept_pages_again(mini_project: Path):
    """A broken link MkDocs was told to ignore logs nothing, so the page is kept; once
    mkdocs.yml asks for a warning, the page is checked again and the build fails."""
    docs = own_docs(mini_project)
    (docs / "about.md").write_text("# About\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    edit(mini_project / "mkdocs.yml", "    not_found: warn\n    anchors", "    not_found: ignore\n    anchors")
    build(mini_project, "first")
    edit(mini_project / "mkdocs.yml", "    not_found: ignore\n    anchors", "    not_found: warn\n    anchors")
    result = run_build(mini_project, mini_project / "second")
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr


def test_other_library_versions_convert_everything_again(mini_project: Path, conversions, monkeypatch):
    build(mini_project, "first")
    converted = sorted(conversions)
    monkeypatch.setattr(page_cache, "versions", lambda: "another Markdown")
    conversions.clear()
    build(mini_project, "second")
    assert sorted(conversions) == converted


def test_an_extension_that_reads_other_files_turns_the_cache_off(mini_project: Path, conversions: list[str]):
    """pymdownx.snippets includes files the key cannot see: nothing is kept."""
    edit(mini_project / "mkdocs.yml", "  - pymdownx.details\n", "  - pymdownx.details\n  - pymdownx.snippets\n")
    build(mini_project, "first")
    converted = sorted(conversions)
    conversions.clear()
    build(mini_project, "second")
    assert sorted(conversions) == converted
    assert not (mini_project / CACHE).exists()


def test_a_damaged_cache_file_is_ignored(mini_project: Path):
    cold = build(mini_project, "cold")
    (mini_project / CACHE).write_bytes(b"not a pickle")
    assert tree_digest(build(mini_project, "warm")) == tree_digest(cold)


def test_any_change_to_mkdocs_yml_converts_everything_again(mini_project: Path, conversions: list[str]):
    """A plugin's settings may change how pages convert: the key holds mkdocs.yml whole."""
    build(mini_project, "first")
    converted = sorted(conversions)
    conversions.clear()
    with (mini_project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\n# a plugin's setting, say\n")
    build(mini_project, "second")
    assert sorted(conversions) == converted


def test_other_extensions_are_keyed_by_their_package_version():
    """Extensions from other packages count by their distribution's version; one that is
    a module of the project has no version, and turns the cache off."""
    assert page_cache._other_versions(("markdown", "pymdownx")) == ()
    assert page_cache._other_versions(("yaml",)) == (f"PyYAML {metadata.version('PyYAML')}",)
    assert page_cache._other_versions(("a_module_of_the_project",)) is None


def test_extensions_are_traced_to_their_package():
    """A short name is Python-Markdown's, a dotted one its first part, an instance its
    class's module: one defined in the project (here, this test module) has no version."""
    import markdown

    class Local(markdown.Extension):
        pass

    config = SimpleNamespace(markdown_extensions=["abbr", "pymdownx.details", "markdown.extensions.toc", Local()])
    local = Local.__module__.split(".")[0]
    assert page_cache._packages(config) == tuple(sorted({"markdown", "pymdownx", local}))
    assert page_cache._other_versions(page_cache._packages(config)) is None


def test_an_authors_own_hook_sees_each_page_whole(mini_project: Path):
    """The course keeps each page's HTML packed between conversion and rendering, after
    every other hook's on_page_content and back before any on_page_context: a hook of
    the author's own, listed after the course's, reads and changes the whole page."""
    hook = mini_project / "author_hook.py"
    hook.write_text(
        "def on_page_content(html, page, config, files):\n"
        "    assert html.strip(), page.file.src_uri\n"
        "    return html + '<p class=\"author-note\">Added by the author.</p>'\n\n"
        "def on_page_context(context, page, config, nav):\n"
        "    assert 'author-note' in page.content, page.file.src_uri\n"
        "    return context\n",
        encoding="utf-8",
    )
    text = (mini_project / "mkdocs.yml").read_text(encoding="utf-8")
    course_hook = next(line for line in text.splitlines() if line.strip().endswith("hooks/course.py"))
    (mini_project / "mkdocs.yml").write_text(text.replace(course_hook, f"{course_hook}\n  - {hook}"), encoding="utf-8")
    site = build(mini_project, "site")
    page = (site / "lessons/second-steps/index.html").read_text(encoding="utf-8")
    assert "Added by the author." in page and "Second steps" in page
    assert 'class="lesson-pager' in page  # the course's own addition is there too


def test_a_kept_page_linking_to_an_anchor_that_went_away_is_reported(mini_project: Path, conversions: list[str]):
    """Lesson 1 is kept as converted; lesson 2 loses the heading it links to: the link is
    checked against lesson 2 as it is now, and the strict build fails."""
    edit(mini_project / "lessons/first-steps.md", "(second-steps.md)", "(second-steps.md#the-idea)")
    build(mini_project, "first")
    edit(mini_project / "lessons/second-steps.md", "## The idea", "## The thought")
    conversions.clear()
    result = run_build(mini_project, mini_project / "second")
    assert "lessons/first-steps.md" not in conversions  # its conversion was kept
    assert result.returncode != 0
    assert "#the-idea" in result.stderr
