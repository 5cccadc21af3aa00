"""The course as a learner meets it on a phone (390x844, touch) and a laptop: a home page
that leads, cards that are one large link each, and lessons whose tool stands out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from site_checks import serious_axe_violations

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_home_leads_with_its_title_outcomes_and_compact_cards(browser: Browser, site_root: str, device: dict, scheme: str):
    page = browser.new_context(color_scheme=scheme, **device).new_page()
    page.goto(site_root)
    weight = page.locator("article h1").evaluate("el => Number(getComputedStyle(el).fontWeight)")
    tagline = page.locator(".course-tagline").evaluate("el => Number(getComputedStyle(el).fontWeight)")
    assert weight >= 700 and tagline < weight  # the h1 is the strongest text
    outcomes = page.locator(".course-outcomes li").all_inner_texts()
    assert 2 <= len(outcomes) <= 5 and outcomes[0].startswith("Tell managing from leading")
    cards = page.locator("a.lesson-card")
    assert cards.count() == 10 and page.locator(".lesson-cards a").count() == 10  # one tab stop a card
    for box in (card.bounding_box() for card in cards.all()):
        assert box["height"] >= 44 and box["width"] >= 44
    if device is PHONE:
        first, last = cards.first.bounding_box(), cards.last.bounding_box()
        assert last["y"] + last["height"] - first["y"] <= 2 * 844  # the ten fit in about two screens
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_tool_of_the_week_is_a_callout_and_reflect_its_own_block(browser: Browser, site_root: str, scheme: str):
    page = browser.new_context(color_scheme=scheme, **PHONE).new_page()
    page.goto(site_root + "lessons/managing-and-leading/")
    tool = page.locator(".lesson-tool")
    assert tool.locator("h2#this-week").count() == 1 and tool.locator("ol li").count() >= 3
    border = tool.evaluate("el => parseFloat(getComputedStyle(el).borderLeftWidth)")
    assert border >= 4
    assert page.locator(".lesson-reflect h2#reflect").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(page) == []
