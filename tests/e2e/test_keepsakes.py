"""What a learner keeps at the end of the course (issue 26.7), in Chromium at 390x844
(touch) and 1280x800, light and dark: answers to the Reflect questions written under
them and gathered in a journal, a one-page toolkit, and a certificate with their name."""

from __future__ import annotations

import datetime
import json

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from coursekit.core.loader import load_course
from coursekit.plugin.site_pages import storage_keys
from coursekit.review.site_checks import serious_axe_violations
from helpers import GARDEN

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
COURSE = load_course(GARDEN)
KEYS = storage_keys(COURSE)
SLUGS = [lesson.slug for lesson in COURSE.lessons]


def no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_reflection_answers_are_kept_and_gathered_in_the_journal(browser: Browser, site_root: str, device: dict, scheme: str):
    lesson = COURSE.lessons[1]
    page = browser.new_context(color_scheme=scheme, **device).new_page()
    page.goto(site_root + f"lessons/{lesson.slug}/")
    boxes = page.locator(".lesson-reflect textarea")
    assert boxes.count() == len(lesson.reflection)
    # Each box is named by its question (what a screen reader announces), and is a real field.
    first_question = page.locator(".lesson-reflect li").first.locator("span").first.inner_text()
    assert boxes.first.evaluate("el => document.getElementById(el.getAttribute('aria-labelledby')).textContent") == first_question
    box = boxes.nth(1).bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= device["viewport"]["width"]
    assert page.locator(".journal-note").is_visible() and "this device only" in page.locator(".journal-note").inner_text()
    boxes.nth(1).fill("Ask Sam about the rota.\nThen the budget.")
    page.reload()
    assert page.locator(".lesson-reflect textarea").nth(1).input_value() == "Ask Sam about the rota.\nThen the budget."
    stored = json.loads(page.evaluate(f"localStorage.getItem('{KEYS['journal']}')"))
    assert stored[lesson.slug][1] == "Ask Sam about the rota.\nThen the budget."
    no_sideways_scroll(page, device["viewport"]["width"])
    assert serious_axe_violations(page) == []

    # The journal link goes to this lesson's entry; the same answer is there, editable too.
    page.locator(".journal-note a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"journal/#lesson-{lesson.number}")
    entries = page.locator(".journal-entry")
    assert entries.count() == len(COURSE.lessons)
    assert page.locator(f'.journal-entry[data-lesson="{lesson.slug}"] textarea').nth(1).input_value().startswith("Ask Sam")
    assert page.locator(".journal-note:visible").count() == 0  # the journal says where answers are kept once, at the top
    page.locator(f'.journal-entry[data-lesson="{COURSE.lessons[0].slug}"] textarea').first.fill("Compost first.")
    no_sideways_scroll(page, device["viewport"]["width"])
    assert serious_axe_violations(page) == []

    # Printed, answers are text (the boxes and buttons are not), with room under empty ones.
    page.emulate_media(media="print")
    assert page.locator(".journal-answer:visible").count() == 0
    printed = page.locator(f'.journal-entry[data-lesson="{lesson.slug}"] .journal-printed').nth(1)
    assert printed.is_visible() and printed.inner_text() == "Ask Sam about the rota.\nThen the budget."
    assert page.locator("button:visible").count() == 0


def test_the_toolkit_lists_every_tool_with_its_lesson_and_prints_on_one_page(browser: Browser, site_root: str, tmp_path):
    page = browser.new_page()
    page.goto(site_root + "toolkit/", wait_until="networkidle")
    tools = page.locator(".toolkit__tool")
    assert tools.count() == len(COURSE.lessons)
    for tool, lesson in zip(tools.all(), COURSE.lessons, strict=True):
        assert tool.locator(".toolkit__name").inner_text() == lesson.exercise_title
        link = tool.locator("a")
        assert link.inner_text() == f"lesson {lesson.number}: {lesson.title}"
        assert link.get_attribute("href") == f"../lessons/{lesson.slug}/#this-week"
    for paper in ("A4", "Letter"):  # the reader's own paper
        pdf = tmp_path / f"toolkit-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper, prefer_css_page_size=True)
        pages = PdfReader(pdf).pages
        assert len(pages) == 1, paper
        text = " ".join(pages[0].extract_text().split())
        assert all(lesson.exercise_title in text for lesson in COURSE.lessons) and "Print your toolkit" not in text


def finish_all(page: Page, dates: dict[str, str] | None = None) -> None:
    page.evaluate(
        "([key, slugs, datesKey, dates]) => { localStorage.setItem(key, JSON.stringify(slugs));"
        " if (dates) localStorage.setItem(datesKey, JSON.stringify(dates)); }",
        [KEYS["progress"], SLUGS, KEYS["dates"], dates],
    )


def test_completing_a_lesson_notes_the_day(browser: Browser, site_root: str):
    page = browser.new_context().new_page()
    page.goto(site_root + f"lessons/{SLUGS[0]}/")
    page.locator('[data-action="complete"]').click()
    page.wait_for_load_state()
    today = page.evaluate("window.coursekit.today()")
    assert json.loads(page.evaluate(f"localStorage.getItem('{KEYS['dates']}')")) == {SLUGS[0]: today}
    assert today == datetime.date.today().isoformat()  # the browser and this machine share a clock and zone


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_certificate_comes_with_the_last_lesson(browser: Browser, site_root: str, device: dict, scheme: str, tmp_path):
    context = browser.new_context(color_scheme=scheme, locale="en-GB", **device)
    page = context.new_page()
    page.goto(site_root + "certificate/")
    assert page.locator(".certificate").is_hidden() and page.locator(".certificate-page__form").is_hidden()
    assert f"Complete all {len(SLUGS)} lessons" in page.locator(".certificate-page__locked").inner_text()
    page.evaluate("([key, slugs]) => localStorage.setItem(key, JSON.stringify(slugs))", [KEYS["progress"], SLUGS[:2]])
    page.reload()
    assert f"You have completed 2 of {len(SLUGS)}" in page.locator(".certificate-page__locked").inner_text()
    assert page.locator(".certificate").is_hidden()

    # All done, the last lesson on 3 March 2027: the certificate is dated by that day.
    finish_all(page, {slug: f"2027-0{1 + (i % 3)}-0{1 + (i % 3)}" for i, slug in enumerate(SLUGS)})
    page.reload()
    certificate = page.locator(".certificate")
    assert certificate.is_visible() and page.locator(".certificate-page__locked").is_hidden()
    assert page.locator(".certificate__date time").get_attribute("datetime") == "2027-03-03"
    assert page.locator(".certificate__date").inner_text() == "Completed on 3 March 2027"
    name = page.get_by_label("Your name, as it should appear on the certificate")
    name.fill("Ada Ng-Ó Briain")
    page.reload()
    assert page.get_by_label("Your name, as it should appear on the certificate").input_value() == "Ada Ng-Ó Briain"
    text = certificate.inner_text()
    assert "Ada Ng-Ó Briain" in text and COURSE.meta.title in text and COURSE.meta.organisation in text
    assert f"all {len(SLUGS)} lessons" in text
    field, button = page.locator("#certificate-name").bounding_box(), page.get_by_role("button", name="Print the certificate")
    assert field["height"] >= 44 and button.bounding_box()["height"] >= 44
    no_sideways_scroll(page, device["viewport"]["width"])
    assert serious_axe_violations(page) == []

    # On paper: the certificate alone, on one landscape sheet.
    pdf = tmp_path / "certificate.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = PdfReader(pdf).pages
    assert len(pages) == 1 and pages[0].mediabox.width > pages[0].mediabox.height
    printed = " ".join(pages[0].extract_text().split())
    assert "Ada Ng-Ó Briain" in printed and "Certificate of completion".upper() in printed.upper()
    assert "Your name, as it" not in printed and "Print the certificate" not in printed


def test_a_certificate_for_lessons_done_before_days_were_kept_keeps_its_first_date(browser: Browser, site_root: str):
    page = browser.new_context().new_page()
    page.goto(site_root + "certificate/")
    finish_all(page)
    page.reload()
    first = page.locator(".certificate__date time").get_attribute("datetime")
    assert first == page.evaluate("window.coursekit.today()")
    assert page.evaluate(f"""() => {{ const d = JSON.parse(localStorage.getItem('{KEYS["dates"]}'));
        return Object.keys(d).length; }}""") == len(SLUGS)
    page.reload()
    assert page.locator(".certificate__date time").get_attribute("datetime") == first


def test_the_finish_offers_what_to_keep(browser: Browser, site_root: str):
    page = browser.new_context(**PHONE).new_page()
    page.goto(site_root)
    finish_all(page)
    page.reload()
    finished = page.locator("#finished")
    assert finished.is_visible()
    links = {a.inner_text(): a.get_attribute("href") for a in finished.locator("a").all()}
    assert links["Your certificate"] == "certificate/" and links["Your toolkit"] == "toolkit/"
    assert links["Your reflection journal"] == "journal/"
    # The last lesson's button says what it does: it ends the course, it is no next lesson.
    page = browser.new_context(**PHONE).new_page()
    page.goto(site_root + f"lessons/{SLUGS[-1]}/")
    button = page.locator('[data-action="complete"]')
    assert button.locator(".lesson-pager__label").inner_text() == "Complete the course"
    assert "certificate" in button.inner_text() and "lesson" not in button.inner_text().lower()
