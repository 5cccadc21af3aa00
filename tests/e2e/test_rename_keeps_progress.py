"""A renamed lesson in Chromium (issue 25.3): a learner completes a lesson, the author
renames it (`./course rename`) and publishes, and the learner's tick is still there on
the home page and in the navigation; a link to the old address (an email sent before
the rename, with its utm query and a section) lands on the lesson's new address."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, expect
from test_rename import NEW, OLD, rename

from coursekit.review.local_site import serving
from helpers import run_build

LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def publish(project: Path, pages: Path) -> None:
    """Build the course and put it where the server serves it, as a Pages deploy does."""
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(pages / "kitchen-garden", ignore_errors=True)
    shutil.copytree(project / "site", pages / "kitchen-garden")


def test_a_renamed_lesson_keeps_its_tick_and_its_old_address(browser: Browser, garden_project: Path, tmp_path: Path):
    pages = tmp_path / "pages"
    publish(garden_project, pages)
    with serving(pages) as origin:
        root = f"{origin}/kitchen-garden/"
        # Service workers blocked: this is about what the browser keeps, not the offline copy's update.
        context = browser.new_context(service_workers="block", **LAPTOP)
        page = context.new_page()
        page.goto(root + f"lessons/{OLD}/")
        page.get_by_role("textbox", name="Which corner of your plot surprised you?").fill("The shady one by the shed")
        page.get_by_role("link", name="Complete and continue").click()
        expect(page).to_have_url(root + "lessons/sun-and-shade/")

        assert rename(garden_project, OLD, NEW).returncode == 0
        publish(garden_project, pages)

        page.goto(root)
        card = page.locator(f'.lesson-card[href$="lessons/{NEW}/"]')
        expect(card).to_contain_text("✓ Completed")
        expect(page.locator(".course-progress__count")).to_have_text("1")
        expect(page.locator(".md-nav--primary").get_by_role("link", name="1. Start with the soil ✓ (completed)")).to_have_count(1)
        page.goto(root + f"lessons/{OLD}/?utm_source=email#this-week")
        expect(page).to_have_url(root + f"lessons/{NEW}/?utm_source=email#this-week")
        answer = page.get_by_role("textbox", name="Which corner of your plot surprised you?")
        expect(answer).to_have_value("The shady one by the shed")  # the reflection journal kept it too
        context.close()
