"""Site-wide end-to-end checks against the built fixture course served under its sub-path:
the crawl, outside requests, axe on every page, keyboard use, palettes, 404, print."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from coursekit.review.local_site import served_site
from coursekit.review.site_checks import crawl, serious_axe_violations

LESSON = "lessons/harvest-and-keep/"


@pytest.fixture(scope="module")
def site_crawl(browser: Browser, site_root: str):
    context = browser.new_context()
    report = crawl(context, site_root)
    context.close()
    return report


def test_crawl_reaches_every_page(site_crawl, site_root: str, built_site: Path):
    expected = {
        site_root,
        site_root + "self-assessment/",
        site_root + "chart/",
        site_root + "email-course/",
        site_root + "lessons/print/",
        site_root + "toolkit/",
        site_root + "journal/",
        site_root + "certificate/",
        site_root + "another-device/",
    }
    expected |= {
        site_root + p.parent.relative_to(built_site).as_posix() + "/" for p in (built_site / "lessons").glob("*/index.html")
    }
    expected |= {site_root + "emails/" + p.name for p in (built_site / "emails").glob("*.html") if p.name != "index.html"}
    assert expected <= set(site_crawl.pages)
    assert len(expected) == 9 + 7 + 7  # the pages, the seven lessons and their emails (the gallery is for authors)


def test_no_broken_link_asset_or_anchor_no_outside_request_no_axe_violation(site_crawl):
    assert site_crawl.problems == []


def test_404_page_works_under_the_sub_path(page: Page, site_root: str, outside_requests: list[str]):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("/deeper/") else None)
    response = page.goto(site_root + "no/such/page/deeper/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert failed == [] and outside_requests == []
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"  # CSS loaded
    page.get_by_role("link", name="Go to the course home page").click()
    expect(page).to_have_url(re.compile(re.escape(site_root) + r"\.?$"))
    page.go_back()
    page.locator("article").get_by_role("link", name="6. Pests without poison").click()
    expect(page).to_have_url(site_root + "lessons/pests-without-poison/")
    assert serious_axe_violations(page) == []


# -- keyboard ---------------------------------------------------------------------------------------


def tab_to(page: Page, predicate: str, limit: int = 250) -> None:
    """Press Tab until the JS `predicate` (about document.activeElement `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_skip_link_is_first_and_jumps_to_the_content(page: Page, site_root: str):
    page.goto(site_root + LESSON)
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to content"
    expect(page.locator(".md-skip")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#harvest-and-keep"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')")


def test_navigation_works_by_keyboard(page: Page, site_root: str):
    page.goto(site_root)
    tab_to(page, "el.closest('nav.md-nav--primary') && el.getAttribute('href') === 'lessons/pests-without-poison/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_root + "lessons/pests-without-poison/")
    tab_to(page, "el.classList.contains('lesson-pager__next')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_root + "lessons/harvest-and-keep/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_works_by_keyboard_in_both_palettes(page: Page, site_root: str, scheme: str, outside_requests: list[str]):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_root + LESSON)
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("courgettes")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    assert "courgettes" in page.locator(".md-search-result").inner_text().lower()
    assert serious_axe_violations(page) == []
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target.split("#")[0])))
    assert outside_requests == []


def test_theme_toggle_works_by_keyboard(page: Page, site_root: str):
    page.emulate_media(color_scheme="light")
    page.goto(site_root)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    tab_to(page, "el.matches('input[name=__palette]') || !!el.closest('form[data-md-component=palette]')")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert serious_axe_violations(page) == []
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", LESSON])
def test_home_and_lesson_in_both_palettes(page: Page, site_root: str, path: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_root + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    background = page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor")
    assert (background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")) == (scheme == "light")
    assert serious_axe_violations(page) == []


# -- print ---------------------------------------------------------------------------------------------


def test_print_page_has_every_lesson_each_on_a_new_page(page: Page, site_root: str):
    page.goto(site_root + "lessons/print/")
    lessons = page.locator(".print-course__lesson")
    expect(lessons).to_have_count(7)
    expect(lessons.nth(2).locator("h2").first).to_contain_text("Choose what to sow")
    expect(lessons.nth(2).locator(".lesson-meta")).to_contain_text("Lesson 3 of 7")
    expect(lessons.nth(2).locator("h3#lesson-3-this-week")).to_be_visible()
    expect(page.locator(".print-course__lesson .lesson-progress, .print-course__lesson .lesson-pager")).to_have_count(0)
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids"
    page.emulate_media(media="print")
    assert lessons.nth(1).evaluate("el => getComputedStyle(el).breakBefore") == "page"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".print-course__action"):
        expect(page.locator(chrome).first).to_be_hidden()
    pdf = page.pdf()
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") > 7


# -- the checks catch planted faults ---------------------------------------------------------------------


def plant(built_site: Path, tmp_path: Path, page: str, old: str, new: str) -> Path:
    site = tmp_path / "planted"
    shutil.copytree(built_site, site)
    target = site / page
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return site


@pytest.mark.parametrize(
    "fault, expected",
    [
        ('<a href="lessons/no-such-lesson/">Gone</a>', "broken link (404)"),
        ('<a href="#no-such-anchor">Nowhere</a>', "broken anchor"),
        ('<img src="https://tracker.example.com/pixel.gif" alt="">', "request to another origin: https://tracker.example.com"),
        ('<script src="assets/missing.js"></script>', "broken asset: 404"),
        ('<img src="assets/images/favicon.png">', "axe image-alt (critical)"),
        ('<a href="/elsewhere/">Root</a>', "link leaves the site's path"),
    ],
)
def test_the_checks_catch_a_planted_fault(browser: Browser, built_site: Path, tmp_path: Path, fault: str, expected: str):
    site = plant(built_site, tmp_path, "index.html", '<p class="course-tagline">', fault + '<p class="course-tagline">')
    context = browser.new_context()
    with served_site(site) as root:
        report = crawl(context, root, follow=False)
    context.close()
    assert any(expected in problem for problem in report.problems), report.problems
