"""'Edit this page' for web-only authors (issue 25.5): with repo_url in mkdocs.yml, each
lesson's button opens its own Markdown file in the repository, home opens
lessons/course.yml, the quiz lessons/assessment.yml, and pages made from every lesson
have none. Without repo_url there is no button. The header's repository link fetches
nothing from GitHub's API (Material's would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from coursekit.review.local_site import served_site
from coursekit.review.site_checks import serious_axe_violations
from helpers import GARDEN, make_project, run_build

REPO = "https://github.com/rosa/kitchen-garden"


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("repo") / "garden", GARDEN)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"repo_url: {REPO}\nedit_uri: edit/main/docs/\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_each_page_edits_the_file_it_is_made_from(browser: Browser, site_with_repo: Path):
    expected = {
        "": "lessons/course.yml",
        "lessons/soil-first/": "lessons/soil-first.md",
        "lessons/harvest-and-keep/": "lessons/harvest-and-keep.md",
        "self-assessment/": "lessons/assessment.yml",
        "chart/": "lessons/assessment.yml",
        "toolkit/": None,
        "lessons/print/": None,
    }
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else outside.append(r.url))
    with served_site(site_with_repo) as root:
        for path, source in expected.items():
            page.goto(root + path, wait_until="networkidle")
            edit = page.locator('a[rel="edit"]')
            if source is None:
                assert edit.count() == 0, path
                continue
            assert edit.get_attribute("href") == f"{REPO}/edit/main/{source}", path
            assert edit.get_attribute("title") == "Edit this page"
            box = edit.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24
        assert page.locator(f'a.md-source[href="{REPO}"]').count() >= 1  # the header's, and the phone menu's
        assert page.locator('[data-md-component="source"]').count() == 0
        assert serious_axe_violations(page) == []
    assert outside == []


def test_without_repo_url_there_is_no_edit_button(built_site: Path):
    for path in ("index.html", "lessons/soil-first/index.html"):
        assert 'rel="edit"' not in (built_site / path).read_text(encoding="utf-8")
