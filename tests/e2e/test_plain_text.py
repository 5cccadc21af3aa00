"""Plain text stays plain on every page: a course whose every plain-text field holds
HTML, attribute breakers, quotes, ampersands, Markdown and template syntax is built,
every page (site, 404, search results, emails) is opened in Chromium, no script from
those fields runs and the text shows exactly as typed."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from coursekit.review.local_site import served_site
from hostile_course import FORMULAS, SHORT, SHORT_FIELDS, variant


@pytest.fixture(scope="module")
def hostile_root(hostile_site: Path) -> Iterator[str]:
    with served_site(hostile_site) as root:
        yield root


def pages_of(site: Path) -> list[str]:
    """Every HTML file of the site, as paths relative to its root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """The page at `url` with a record of every dialog and script error it raised."""
    page = browser.new_page()
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: fired.append(f"error: {error}"))
    # An <img src=x> parsed anywhere (even in a detached tooltip) is fetched: markup got through.
    page.on("request", lambda request: request.url.endswith("/x") and fired.append(f"fetched: {request.url}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, fired


def test_no_field_runs_script_on_any_page(browser: Browser, hostile_site: Path, hostile_root: str):
    checked = []
    for path in pages_of(hostile_site):
        page, fired = open_page(browser, hostile_root + path)
        injected = page.evaluate("""() => [...document.querySelectorAll('script:not([type="application/json"]), img[src="x"]')]
            .filter(el => /alert|x$/.test(el.textContent + (el.getAttribute('src') || '')))
            .map(el => el.outerHTML)""")
        assert fired == [] and injected == [], path
        checked.append(path)
        page.close()
    assert len(checked) >= 13  # every page and email, not a handful


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("index.html", ["title", "tagline", "lesson 01 title", "summary 02", "organisation"]),
        ("lessons/first-steps/index.html", ["lesson 01 title", "objective 01", "takeaway 01", "lesson 02 title"]),
        ("chart/index.html", ["dimension", "instead", "rated", "lesson 01 title"]),
        ("self-assessment/index.html", ["dimension", "rated", "instead"]),
        ("email-course/index.html", ["subject 01", "hidden"]),
        ("lessons/print/index.html", ["title", "lesson 03 title", "objective 02"]),
        (
            "emails/01-first-steps.html",
            ["title", "lesson 01 title", "summary 01", "takeaway 01", "reason", "postal_address", "lesson 02 title"],
        ),
        ("emails/index.html", ["title", "subject 03"]),
    ],
)
def test_every_field_shows_exactly_as_typed(browser: Browser, hostile_root: str, path: str, fields: list[str]):
    page, fired = open_page(browser, hostile_root + path)
    text = page.evaluate("document.documentElement.innerText")
    attributes = page.evaluate("""() => [...document.querySelectorAll('input[type=hidden]')].map(e => e.value)""")
    for field in fields:
        assert variant(field) in text or variant(field) in attributes, f"{field} on {path}"
    assert "&amp;" not in text and "&lt;" not in text and "&#" not in text  # never escaped twice
    assert fired == []


def test_titles_and_descriptions_in_the_head_are_the_text(browser: Browser, hostile_root: str):
    page, _ = open_page(browser, hostile_root + "lessons/second-steps/")
    assert page.title() == f"{variant('lesson 02 title')} - {variant('title')}"
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description == variant("summary 02")  # a '"' no longer cuts it short
    home, _ = open_page(browser, hostile_root)
    assert home.title() == variant("title")
    assert home.locator('meta[name="description"]').get_attribute("content") == variant("tagline")
    nav = home.locator("nav.md-nav--primary").inner_text()
    assert f"1. {variant('lesson 01 title')}" in nav


def test_the_assessments_own_words_show_as_typed(browser: Browser, hostile_root: str):
    """The chart's title and column headings and the self-assessment's title are plain text
    from assessment.yml: in the headings, the table, the menu and the quiz page."""
    chart, fired = open_page(browser, hostile_root + "chart/")
    assert chart.locator("h1").inner_text().startswith(SHORT_FIELDS["chart title"] + ": ")
    heads = chart.locator("article table").first.locator("th").all_inner_texts()
    assert heads[1:] == [SHORT_FIELDS["instead heading"], SHORT_FIELDS["rated heading"]]
    assert SHORT_FIELDS["chart title"] + " chart" in chart.locator("nav.md-nav--primary").inner_text()
    quiz, fired_quiz = open_page(browser, hostile_root + "self-assessment/")
    assert quiz.locator("h1").inner_text().removesuffix("¶").strip() == SHORT_FIELDS["title"]
    assert fired == [] and fired_quiz == []


def test_scale_labels_and_results_show_as_typed(browser: Browser, hostile_root: str):
    page, fired = open_page(browser, hostile_root + "self-assessment/")
    labels = page.locator("fieldset").first.locator("label").all_inner_texts()
    assert [label.strip() for label in labels] == [
        f"{name} {SHORT}" for name in ("Never", "Rarely", "Sometimes", "Often", "Always")
    ]
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("label").first.click()
    page.get_by_role("button", name="See my results").click()
    results = page.locator("#results").inner_text()
    assert variant("band") in results and variant("advice") in results and variant("dimension") in results
    assert fired == []


def test_search_results_show_titles_as_text(browser: Browser, hostile_root: str):
    page, fired = open_page(browser, hostile_root)
    page.keyboard.press("/")
    page.keyboard.type("onerror")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    shown = " ".join(results.all_inner_texts())
    assert "<script>alert(1)</script>" in shown and "onerror=alert(2)>" in shown
    assert fired == []


def test_404_lists_lesson_titles_as_text(browser: Browser, hostile_root: str):
    page, fired = open_page(browser, hostile_root + "no/such/page/")
    assert f"1. {variant('lesson 01 title')}" in page.locator("article").inner_text()
    assert fired == []
    assert re.search(r"<script>alert\(1\)</script>", page.locator("article").inner_text())


def test_downloaded_results_keep_formulas_as_text(browser: Browser, hostile_root: str, tmp_path: Path):
    """Cells starting with = + - @ get a leading apostrophe (OWASP "CSV Injection"), so a
    spreadsheet shows them instead of running them; every other cell is as typed."""
    page, fired = open_page(browser, hostile_root + "self-assessment/")
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("label").nth(1).click()
    page.get_by_role("button", name="See my results").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my results (CSV)").click()
    target = tmp_path / "results.csv"
    download.value.save_as(target)
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULAS["rated"] in cells and "'" + FORMULAS["instead"] in cells
    assert "'" + FORMULAS["dimension"] in cells and variant("rated") in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert fired == []


def test_a_title_with_an_emoji_and_markup_runs_nothing(browser: Browser, tmp_path: Path):
    """Issue 23's reproduction: an emoji made the generated front matter unreadable and the
    theme's striptags turned the escaped title back into a script. Now it is the title."""
    from helpers import FIXTURES, edit, make_project, run_build

    title = "Steps 🚀 </title><script>alert(document.domain)</script>"
    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    edit(project / "lessons" / "first-steps.md", "title: First steps", f"title: {title!r}".replace("'", '"'))
    assert run_build(project).returncode == 0
    with served_site(project / "site") as root:
        page, fired = open_page(browser, root + "lessons/first-steps/")
        assert fired == []
        assert page.title() == f"{title} - Mini Course"
        assert page.locator("article h1").inner_text().removesuffix("¶").strip() == title
        page.close()
