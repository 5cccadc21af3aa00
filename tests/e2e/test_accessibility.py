"""axe-core on the course's key pages, in the light and the dark palette."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coursekit.review.site_checks import serious_axe_violations

PAGES = ["", "self-assessment/", "chart/", "lessons/companion-planting/", "lessons/soil-first/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations(page: Page, site_root: str, path: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_root + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quiz_results_have_no_serious_axe_violations(page: Page, site_root: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_root + "self-assessment/")
    page.evaluate(
        "document.querySelectorAll('fieldset').forEach((f, i) => { const inputs = f.querySelectorAll('input');"
        " inputs[i % inputs.length].click(); })"
    )
    page.locator("#assessment input").first.focus()
    page.get_by_role("button", name="See my results").click()
    expect(page.locator("#results")).to_be_visible()
    assert serious_axe_violations(page) == []


def test_the_check_catches_a_planted_violation(page: Page, site_root: str):
    page.goto(site_root + "chart/")
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in serious_axe_violations(page))
