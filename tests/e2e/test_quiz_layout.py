"""The self-assessment as learners meet it on a phone (390x844 and 360x740, touch) and a
laptop (1280x800), in both palettes: measured layout, not only text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from coursekit.review.site_checks import serious_axe_violations

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
DEVICES = {"phone": PHONE, "laptop": LAPTOP}


def quiz_page(browser: Browser, site_root: str, device: dict, scheme: str) -> Page:
    context = browser.new_context(color_scheme=scheme, **device)
    page = context.new_page()
    page.goto(site_root + "self-assessment/")
    return page


def answer_all(page: Page) -> None:
    page.evaluate("""() => document.querySelectorAll('fieldset.assessment-item').forEach((item, i) =>
        item.querySelectorAll('input')[[3, 2, 0, 1, 3, 2][i % 6]].click())""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_results_are_readable_and_start_below_the_header(browser: Browser, site_root: str, device: str, scheme: str):
    page = quiz_page(browser, site_root, DEVICES[device], scheme)
    answer_all(page)
    page.get_by_role("button", name="See my results").click()
    expect(page.locator("#results")).to_be_visible()
    page.wait_for_timeout(300)  # the header's title transition
    header_bottom = page.locator(".md-header").bounding_box()["y"] + page.locator(".md-header").bounding_box()["height"]
    heading = page.locator("#results-heading").bounding_box()
    assert heading["y"] >= header_bottom - 1 and heading["y"] < DEVICES[device]["viewport"]["height"]
    content = page.locator("#results").bounding_box()["width"]
    for bar in page.locator(".results__bar").all():
        width = bar.bounding_box()["width"]
        assert width >= (0.6 if device == "phone" else 0.3) * content, (width, content)
    if device == "phone":  # each name sits above its bar
        row = page.locator(".results__dimensions li").first
        assert row.locator(".results__name").bounding_box()["y"] < row.locator(".results__bar").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= DEVICES[device]["viewport"]["width"]
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("device", [SMALL_PHONE, PHONE, LAPTOP], ids=["360", "390", "1280"])
def test_the_five_answers_form_one_row_of_large_targets(browser: Browser, site_root: str, device: dict):
    page = quiz_page(browser, site_root, device, "light")
    for item in page.locator("fieldset.assessment-item").all()[:5]:
        labels = [label.bounding_box() for label in item.locator("label").all()]
        assert len({round(box["y"]) for box in labels}) == 1  # one row
        assert all(box["height"] >= 44 and box["width"] >= 44 for box in labels)  # touch targets
        overflow = item.evaluate("el => [...el.querySelectorAll('label')].filter(l => l.scrollWidth > l.clientWidth + 1).length")
        assert overflow == 0
        assert item.bounding_box()["height"] <= device["viewport"]["height"] / 3 + 20
    legend, box = page.locator("fieldset legend").first.bounding_box(), page.locator("fieldset").first.bounding_box()
    assert legend["y"] >= box["y"]  # the question inside the box, not across its border
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]


CONTRAST_JS = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const [r, g, b] = rgb(c).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const s = getComputedStyle(el), [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
  return {background: s.backgroundColor, ratio: (a + 0.05) / (b + 0.05)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_chosen_answer_is_plain_at_a_glance(browser: Browser, site_root: str, scheme: str):
    """Issue 26.4: not a 1 px ring but the answer filled with the brand colour, its words
    readable on it (4.5:1), in both palettes."""
    page = quiz_page(browser, site_root, PHONE, scheme)
    item = page.locator("fieldset.assessment-item").first
    item.locator("label").nth(2).click()
    chosen, other = item.locator("label").nth(2).evaluate(CONTRAST_JS), item.locator("label").nth(1).evaluate(CONTRAST_JS)
    header = page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert chosen["background"] == header and other["background"] != header
    assert chosen["ratio"] >= 4.5
    assert serious_axe_violations(page) == []


def test_the_answered_count_is_never_covered(browser: Browser, site_root: str):
    page = quiz_page(browser, site_root, PHONE, "light")
    page.locator("fieldset.assessment-item").nth(5).scroll_into_view_if_needed()
    page.mouse.wheel(0, -300)  # scrolling up is when Material shows its "Back to top" button
    page.wait_for_timeout(400)
    counter = page.locator(".assessment__progress")
    box = counter.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.assessment__progress') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top
    assert page.locator(".md-top").is_hidden()


def test_an_incomplete_submit_marks_every_gap_and_says_so_next_to_the_button(browser: Browser, site_root: str):
    page = quiz_page(browser, site_root, PHONE, "light")
    answer_all(page)
    for item_id in ("compost", "patrol"):
        page.locator(f'input[name="{item_id}"]:checked').evaluate("el => { el.checked = false; }")
    page.locator("#assessment").dispatch_event("change")
    page.get_by_role("button", name="See my results").click()
    message = page.locator("#assessment-message")
    expect(message).to_contain_text("2 of 8 items are unanswered")
    assert message.get_attribute("role") == "alert"
    button = page.get_by_role("button", name="See my results").bounding_box()
    assert 0 <= message.bounding_box()["y"] - (button["y"] + button["height"]) < 60  # right under the button
    missing = page.locator(".assessment-item--missing")
    expect(missing).to_have_count(2)
    for item in missing.all():
        expect(item.locator("legend")).to_contain_text("Not answered yet")  # in words, not colour alone
    assert page.evaluate("document.activeElement.closest('fieldset').id") == "item-compost"
    page.locator("#item-compost input").nth(2).check()
    expect(missing).to_have_count(1)


@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_chart_tables_share_one_layout_with_a_narrow_number_column(browser: Browser, site_root: str, device: dict):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(site_root + "chart/")
    widths = page.evaluate("""() => [...document.querySelectorAll('.chart-table table')].map(t =>
        [...t.querySelector('tr').children].map(c => Math.round(c.getBoundingClientRect().width)))""")
    assert len(widths) == 3 and all(row == widths[0] for row in widths)  # the same columns in every dimension
    number, instead, rated = widths[0]
    assert number <= 45 and instead == rated
    assert page.evaluate("document.documentElement.scrollWidth") <= device["viewport"]["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violation_while_answering_or_confirming(browser: Browser, site_root: str, scheme: str):
    page = quiz_page(browser, site_root, PHONE, scheme)
    page.locator("fieldset.assessment-item").first.locator("label").nth(2).click()
    page.get_by_role("button", name="See my results").click()  # incomplete: gaps marked
    assert serious_axe_violations(page) == []
    page.locator("#assessment").get_by_role("button", name="Start over").click()
    expect(page.get_by_role("dialog", name="Start over?")).to_be_visible()
    assert serious_axe_violations(page) == []
