"""Progress that travels without a server (issue 26.1): a learner's ticks, completion days,
reflection answers, self-assessment results and certificate name go from one browser to
another in a link whose fragment holds them, and as that link's QR code, read back here
with zxing-cpp as a phone's camera would. Two browser contexts are two devices."""

from __future__ import annotations

import io
import json
import random
import string

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page

from coursekit.core.loader import load_course
from coursekit.plugin.site_pages import storage_keys
from coursekit.review.site_checks import serious_axe_violations
from helpers import GARDEN

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
COURSE = load_course(GARDEN)
KEYS = storage_keys(COURSE)
SLUGS = [lesson.slug for lesson in COURSE.lessons]
ATTEMPT = {"at": "2027-01-04T09:15:00.000Z", "overall": 62, "band": "Growing", "dimensions": {"soil": 70}}


def device(browser: Browser, **options) -> tuple[BrowserContext, Page, list[str]]:
    """A browser of its own (its own storage), with every URL it asks any server for."""
    context = browser.new_context(**options)
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    return context, context.new_page(), asked


def keep(page: Page, key: str, value: object) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, value])


def kept(page: Page, key: str) -> object:
    return json.loads(page.evaluate("k => localStorage.getItem(k)", key) or "null")


def the_link(page: Page) -> str:
    page.wait_for_function("document.getElementById('carry-link').value.includes('#carry=')")
    return page.locator("#carry-link").input_value()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_progress_goes_to_another_device_by_link_and_qr_code_and_is_merged_on_request(
    browser: Browser, site_root: str, scheme: str
):
    laptop, on_laptop, laptop_asked = device(browser, color_scheme=scheme, **LAPTOP)
    on_laptop.goto(site_root)
    keep(on_laptop, KEYS["progress"], SLUGS[:3])
    keep(on_laptop, KEYS["dates"], {SLUGS[0]: "2027-01-02", SLUGS[1]: "2027-01-09", SLUGS[2]: "2027-01-16"})
    keep(on_laptop, KEYS["journal"], {SLUGS[0]: ["Compost é 🌱", "Laptop's answer"], SLUGS[1]: ["", "Shade by noon"]})
    keep(on_laptop, KEYS["quizHistory"], [ATTEMPT])
    keep(on_laptop, KEYS["name"], "Rosa Díaz")
    on_laptop.reload()
    # The home page says where progress is, and leads to carrying it.
    where = on_laptop.locator(".course-progress__where")
    assert "this device only" in where.inner_text()
    where.get_by_role("link", name="Continue on another device").click()
    on_laptop.wait_for_load_state()
    link = the_link(on_laptop)
    assert link.startswith(site_root + "another-device/#carry=")
    summary = on_laptop.locator(".carry-out__summary").inner_text()
    assert f"3 of {len(SLUGS)} lessons completed" in summary and "1 self-assessment result" in summary
    assert "answers to 2 lessons' questions" in summary and "Rosa Díaz" in summary

    # The QR code, as a camera reads it, is exactly the link; black on white in both palettes.
    code = on_laptop.locator(".carry-out__code")
    box = code.bounding_box()
    assert box["width"] >= 200 and box["x"] + box["width"] <= 1280
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    assert [barcode.text for barcode in found] == [link]
    assert serious_axe_violations(on_laptop) == []

    # Another device with progress of its own, and an answer of its own to the same question.
    phone, on_phone, phone_asked = device(browser, color_scheme=scheme, **PHONE)
    on_phone.goto(site_root)
    keep(on_phone, KEYS["progress"], [SLUGS[3]])
    keep(on_phone, KEYS["journal"], {SLUGS[0]: ["", "Phone's answer"]})
    on_phone.goto(link)
    arrival = on_phone.locator(".carry-in")
    arrival.get_by_role("button", name="Add to this browser").wait_for()
    assert "The link carries 3 of" in arrival.inner_text()
    assert "#carry=" not in on_phone.url  # gone from the address bar: a reload or bookmark does not carry it
    assert kept(on_phone, KEYS["progress"]) == [SLUGS[3]]  # nothing added before the learner says so
    assert on_phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(on_phone) == []
    arrival.get_by_role("button", name="Add to this browser").click()
    assert "Added." in arrival.locator(".carry-in__done").inner_text()
    assert sorted(kept(on_phone, KEYS["progress"])) == sorted(SLUGS[:4])
    assert kept(on_phone, KEYS["dates"])[SLUGS[1]] == "2027-01-09"
    journal = kept(on_phone, KEYS["journal"])
    assert journal[SLUGS[0]] == ["Compost é 🌱", "Phone's answer"]  # the answer already here stays
    assert journal[SLUGS[1]] == ["", "Shade by noon"]
    assert kept(on_phone, KEYS["quizHistory"]) == [ATTEMPT]
    assert kept(on_phone, KEYS["name"]) == "Rosa Díaz"
    on_phone.goto(site_root)
    assert on_phone.locator(".course-progress__count").inner_text() == "4"

    # Nothing of it went to a server: the fragment is not in any request either device made.
    payload = link.split("#carry=")[1]
    assert not [url for url in laptop_asked + phone_asked if payload[:16] in url]
    assert all(url.startswith("http://127.0.0.1:") for url in laptop_asked + phone_asked)
    laptop.close()
    phone.close()


def test_not_now_adds_nothing_and_a_reload_does_not_ask_again(browser: Browser, site_root: str):
    _, page, _ = device(browser)
    page.goto(site_root + "another-device/")
    keep(page, KEYS["progress"], SLUGS[:2])
    page.reload()
    link = the_link(page)
    _, other, _ = device(browser)
    other.goto(link)
    other.get_by_role("button", name="Not now").click()
    assert other.locator(".carry-in__done").inner_text() == "Nothing was added."
    assert kept(other, KEYS["progress"]) is None
    other.reload()
    assert other.locator(".carry-in").is_hidden()
    assert other.locator(".carry-out__empty").is_visible()  # nothing here yet to carry on


@pytest.mark.parametrize(
    ("fragment", "said"),
    [
        ("#carry=zAAAA", "damaged or cut short"),
        ("#carry=j" + "eyJ2IjoxLCJjb3Vyc2UiOiJzb21ldGhpbmctZWxzZSIsInByb2dyZXNzIjpbXX0", "for another course"),
        ("#carry=j" + "eyJ2IjoxfQ" + "'\"><img src=x onerror=alert(1)>", "damaged or cut short"),
    ],
)
def test_a_bad_link_adds_nothing_and_says_why(browser: Browser, site_root: str, fragment: str, said: str):
    _, page, _ = device(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_root + "another-device/" + fragment)
    page.locator(".carry-in__summary").filter(has_text=said).wait_for()
    assert page.get_by_role("button", name="Add to this browser").is_hidden()
    assert page.locator(".carry-in img").count() == 0 and dialogs == []
    assert kept(page, KEYS["progress"]) is None


def test_carried_text_stays_text(browser: Browser, site_root: str):
    """Answers and names are the learner's own words, shown as text wherever they land."""
    _, page, _ = device(browser)
    page.goto(site_root + "another-device/")
    keep(page, KEYS["progress"], SLUGS[:1])
    keep(page, KEYS["name"], "<b>Ro</b>sa & co")
    page.reload()
    link = the_link(page)
    _, other, _ = device(browser)
    other.goto(link)
    other.get_by_role("button", name="Add to this browser").wait_for()
    assert "the name <b>Ro</b>sa & co" in other.locator(".carry-in__summary").inner_text()
    assert other.locator(".carry-in b").count() == 0


def test_a_link_too_long_for_a_qr_code_is_still_a_link(browser: Browser, site_root: str):
    _, page, _ = device(browser)
    page.goto(site_root + "another-device/")
    keep(page, KEYS["progress"], SLUGS)
    # Long answers that deflate poorly (random letters): more than a QR code's 2,953 bytes.
    letters = random.Random(7).choices(string.ascii_letters + " ", k=3 * 300 * len(SLUGS))
    text = "".join(letters)
    keep(page, KEYS["journal"], {slug: [text[(3 * n + i) * 300 :][:300] for i in range(3)] for n, slug in enumerate(SLUGS)})
    page.reload()
    link = the_link(page)
    assert len(link) > 2953
    assert page.locator(".carry-out__too-long").is_visible() and page.locator(".carry-out__code").is_hidden()
    _, other, _ = device(browser)
    other.goto(link)
    other.get_by_role("button", name="Add to this browser").click()
    assert len(kept(other, KEYS["journal"])) == len(SLUGS)
