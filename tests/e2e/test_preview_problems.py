"""The author's preview in Chromium when MkDocs finds a problem in a page (issue 25.2):
`./course serve` (`mkdocs serve --dirty`) used to abort the strict rebuild and the browser
kept showing the previous page. Now the page the author is looking at reloads with the
problem at its top (file, line, fix), readable at 390x844 (touch) and 1280x800, light and
dark, and reloads without it once the file is fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from coursekit.review.site_checks import serious_axe_violations
from helpers import edit, preview, wait_for

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_preview_shows_a_broken_link_on_the_page_and_drops_it_when_fixed(
    browser: Browser, mini_project: Path, device: dict, scheme: str
):
    lesson = mini_project / "lessons/second-steps.md"
    with preview(mini_project) as root:
        wait_for(root + "lessons/second-steps/", "Lesson 2 of 3")
        page = browser.new_context(color_scheme=scheme, **device).new_page()
        page.goto(root + "lessons/second-steps/")
        expect(page.locator(".course-preview-problems")).to_have_count(0)
        edit(lesson, "when you are done.", "when you are done, or see [the tool](#the-tol).")
        line = next(n for n, text in enumerate(lesson.read_text().splitlines(), start=1) if "#the-tol" in text)
        box = page.locator(".course-preview-problems")
        expect(box).to_be_visible(timeout=30_000)  # the open page reloaded by itself
        expect(box).to_contain_text(f"lessons/second-steps.md:{line} links to '#the-tol', but this page has no section")
        expect(box).to_contain_text("Fix: link to one of its sections")
        width = device["viewport"]["width"]
        shape = box.bounding_box()
        assert shape is not None and shape["y"] < 5 and shape["x"] >= 0 and shape["x"] + shape["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # long paths wrap, no sideways scroll
        assert serious_axe_violations(page) == []
        edit(lesson, "(#the-tol)", "(#the-idea)")
        expect(box).to_have_count(0, timeout=30_000)
        expect(page.locator("article")).to_contain_text("Lesson 2 of 3")
