"""The course as a learner meets it on a phone (390x844, touch) and a laptop: a home page
that leads, cards that are one large link each, and lessons whose tool stands out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from coursekit.review.site_checks import serious_axe_violations

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
    assert 2 <= len(outcomes) <= 5 and outcomes[0].startswith("Prepare soil")
    cards = page.locator("a.lesson-card")
    assert cards.count() == 7 and page.locator(".lesson-cards a").count() == 7  # one tab stop a card
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
    page.goto(site_root + "lessons/soil-first/")
    tool = page.locator(".lesson-tool")
    assert tool.locator("h2#this-week").count() == 1 and tool.locator("ol li").count() >= 3
    border = tool.evaluate("el => parseFloat(getComputedStyle(el).borderLeftWidth)")
    assert border >= 4
    assert page.locator(".lesson-reflect h2#reflect").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(page) == []


def test_the_print_page_prints_as_a_book(browser: Browser, site_root: str, tmp_path):
    """Printed to PDF by Chromium (page.pdf): a cover with title, organisation and build
    date, the contents, each page numbered, and no takeaways box split across pages."""
    import re

    from pypdf import PdfReader

    from coursekit.core.loader import load_course
    from helpers import GARDEN

    course = load_course(GARDEN)
    page = browser.new_page()
    page.goto(site_root + "lessons/print/", wait_until="networkidle")
    pdf = tmp_path / "course.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    assert len(course.lessons) + 2 <= len(pages) <= 60
    assert pages[0].startswith(course.meta.title) and course.meta.organisation in pages[0]
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ 20\d\d\b", pages[0]) and "Print it" not in pages[0]
    assert "Contents" in pages[1] and all(lesson.title in pages[1] for lesson in course.lessons)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number}" in text
    for lesson in course.lessons:
        holding = [i for i, text in enumerate(pages) if " ".join(lesson.takeaways[0].split()) in text]
        assert holding, lesson.slug
        assert all(" ".join(t.split()) in pages[holding[0]] for t in lesson.takeaways), lesson.slug  # not split
    # No page holds only a lesson's takeaways: they stay with what comes before them (issue 26).
    assert not any(text.startswith("Key takeaways") for text in pages)


CONTRAST_JS = """el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, bg = null;
  while (node && !bg) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || c[3] > 0.5) bg = c;
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const fg = parse(getComputedStyle(el).color), [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_course_buttons_keep_their_contrast_in_every_state(browser: Browser, site_root: str, scheme: str):
    """WCAG 1.4.3: text on the course's buttons and links stays at 4.5:1 at rest, hovered,
    focused and after the lesson is completed, in both palettes."""
    page = browser.new_context(color_scheme=scheme, **LAPTOP).new_page()
    checks = [
        ("lessons/soil-first/", ".lesson-pager__next"),
        ("lessons/sun-and-shade/", ".lesson-pager__prev"),
        ("", ".course-resume"),
        ("chart/", ".md-button:not(.md-button--primary)"),
        ("chart/", ".md-button--primary"),
    ]
    for path, selector in checks:
        page.goto(site_root + path)
        target = page.locator(selector).first
        target.scroll_into_view_if_needed()
        page.mouse.move(0, 0)
        states = {"rest": target.evaluate(CONTRAST_JS)}
        target.hover()
        page.wait_for_timeout(300)  # Material's colour transitions
        states["hover"] = target.evaluate(CONTRAST_JS)
        page.mouse.move(0, 0)
        target.focus()
        page.wait_for_timeout(300)
        states["focus"] = target.evaluate(CONTRAST_JS)
        assert all(ratio >= 4.5 for ratio in states.values()), (path, selector, states)
    page.goto(site_root + "lessons/soil-first/")
    page.locator(".lesson-pager__next").click()
    page.goto(site_root + "lessons/soil-first/")  # now completed
    for selector in (".lesson-pager__next", ".lesson-progress__undo"):
        assert page.locator(selector).evaluate(CONTRAST_JS) >= 4.5, selector


SMALL_TARGETS_JS = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), label, summary')]
  .filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  })
  // Inline links in running text and list entries are exempt (WCAG 2.5.8); a radio inside its label counts as the label.
  .filter(el => !el.closest('p, li:not(.lesson-cards > li), td, th, figcaption, .md-nav, .md-search, .md-skip'))
  .filter(el => !(el.tagName === 'INPUT' && el.closest('label')))
  // A label whose own field is a large target has an equivalent one (WCAG 2.5.8, "Equivalent").
  .filter(el => {
    if (el.tagName !== 'LABEL' || !el.control) return true;
    const r = el.control.getBoundingClientRect();
    return r.width < 44 || r.height < 44;
  })
  .map(el => {
    const r = el.getBoundingClientRect();
    return [el.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)];
  })
  .filter(([, w, h]) => w < 44 || h < 44)"""
PAGES = [
    "",
    "lessons/soil-first/",
    "lessons/companion-planting/",
    "self-assessment/",
    "chart/",
    "email-course/",
    "toolkit/",
    "journal/",
    "certificate/",
    "another-device/",
    "lessons/print/",
    "no/such/page/",
]


def test_no_page_scrolls_sideways_at_360_and_every_control_is_a_large_target(browser: Browser, site_root: str):
    narrow = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    phone = browser.new_context(**PHONE).new_page()
    for path in PAGES:
        narrow.goto(site_root + path)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 360, path
        phone.goto(site_root + path)
        assert phone.evaluate(SMALL_TARGETS_JS) == [], path


@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_in_page_links_land_below_the_sticky_header(browser: Browser, site_root: str, device: dict):
    page = browser.new_context(**device).new_page()
    for anchor in ("this-week", "reflect"):
        page.goto(site_root + f"lessons/soil-first/#{anchor}")
        page.wait_for_timeout(300)
        header = page.locator(".md-header").bounding_box()
        heading = page.locator(f"#{anchor}").bounding_box()
        assert heading["y"] >= header["y"] + header["height"] - 1, anchor


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violation_on_a_completed_lesson_and_the_finished_home(browser: Browser, site_root: str, scheme: str):
    page = browser.new_context(color_scheme=scheme, **PHONE).new_page()
    page.goto(site_root + "lessons/soil-first/")
    page.locator(".lesson-pager__next").click()
    page.goto(site_root + "lessons/soil-first/")
    assert page.locator(".lesson-progress__done").is_visible()
    assert serious_axe_violations(page) == []
    page.goto(site_root)
    page.evaluate("""() => localStorage.setItem('kitchen-garden:progress:v1', JSON.stringify(
        [...document.querySelectorAll('.lesson-card')].map(c => c.dataset.lesson)))""")
    page.reload()
    assert page.locator("#finished").is_visible()
    assert serious_axe_violations(page) == []


def open_navigation(page: Page) -> None:
    """On a phone the navigation is a drawer: open it (as the header's menu button does)."""
    drawer = page.locator("label.md-header__button[for=__drawer]")
    if drawer.is_visible():
        drawer.click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_navigation_tick_says_completed_to_screen_readers_only(browser: Browser, site_root: str, device: dict, scheme: str):
    """Issue 26: "(completed)" showed on screen (its class was defined by no stylesheet),
    and a ticked entry grew to two or three lines on a phone."""
    context = browser.new_context(**device, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_root + "lessons/soil-first/")
    page.get_by_role("link", name="Complete and continue").click()
    expect(page).to_have_url(site_root + "lessons/sun-and-shade/")
    open_navigation(page)
    nav = page.locator("nav.md-nav--primary")
    ticked = nav.get_by_role("link", name="1. Start with the soil ✓ (completed)")
    expect(ticked).to_be_visible()
    words = ticked.locator(".course-visually-hidden")
    expect(words).to_have_text(" (completed)")
    box = words.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # read, not shown
    # Still one line: as tall as an entry with no tick (the third lesson's).
    plain = nav.locator("a.md-nav__link", has_text="3.").first
    assert abs(ticked.bounding_box()["height"] - plain.bounding_box()["height"]) <= 1
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_chart_downloads_stand_apart(browser: Browser, site_root: str, device: dict, scheme: str):
    """Issue 26: on a phone the chart page's download buttons wrapped and touched."""
    context = browser.new_context(**device, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_root + "chart/")
    boxes = [link.bounding_box() for link in page.locator(".chart-downloads a.md-button").all()]
    assert len(boxes) == 3 and all(box is not None and box["height"] >= 44 for box in boxes)
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            apart_x = first["x"] + first["width"] + 8 <= second["x"] or second["x"] + second["width"] + 8 <= first["x"]
            apart_y = first["y"] + first["height"] + 8 <= second["y"] or second["y"] + second["height"] + 8 <= first["y"]
            assert apart_x or apart_y, (first, second)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [SMALL_PHONE, PHONE, LAPTOP], ids=["small-phone", "phone", "laptop"])
def test_the_first_screen_starts_the_course(browser: Browser, site_root: str, device: dict, scheme: str):
    """Issue 26: "Start the course" sat below the first screen on a phone, after a gap the
    title's hidden permalink made. Now the first screen holds the title, the tagline, one
    line saying it is free, needs no account and who made it, and the way in, whole."""
    from coursekit.core.loader import load_course
    from helpers import GARDEN

    course = load_course(GARDEN)
    context = browser.new_context(**device, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_root)
    start = page.get_by_role("link", name="Start the course")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= device["viewport"]["height"], box
    facts = page.locator(".course-facts")
    expect(facts).to_contain_text("free, no account")
    expect(facts).to_contain_text(f"by {course.meta.author.name if course.meta.author else course.meta.organisation}")
    assert facts.bounding_box()["y"] < box["y"]
    title = page.locator("article h1")
    line = title.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    lines = round(title.bounding_box()["height"] / line)
    words = len(course.meta.title.split())
    assert lines <= max(1, words // 2), (lines, course.meta.title)  # no line of its own for the hidden permalink
    # The cards' summaries are whole: nothing clamps them mid-word.
    for summary in page.locator(".lesson-card__summary").all():
        assert summary.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    context.close()


def test_the_print_page_prints_light_on_the_readers_paper(browser: Browser, site_root: str, tmp_path):
    """Issue 26: with the dark palette every page printed on black, `@page { size: A4 }`
    forced A4 on Letter users, and lesson titles printed barely above section headings."""
    from pypdf import PdfReader

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_root + "lessons/print/", wait_until="networkidle")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => ({body: getComputedStyle(document.body).backgroundColor,
                   page: getComputedStyle(document.documentElement).backgroundColor,
                   text: getComputedStyle(document.querySelector('.print-course__lesson p:not([class])')).color,
                   title: parseFloat(getComputedStyle(document.querySelector('.print-course__lesson h2:first-of-type')).fontSize),
                   section: parseFloat(getComputedStyle(document.querySelector('.print-course__lesson h3')).fontSize)})"""
    )
    assert colours["body"] == colours["page"] == "rgb(255, 255, 255)", colours  # the margins too
    assert colours["text"].startswith("rgba(0, 0, 0") or colours["text"] == "rgb(0, 0, 0)", colours
    assert colours["title"] >= 1.2 * colours["section"], colours
    # The reader's paper: Letter stays Letter (612 x 792 points), A4 stays A4.
    for paper, size in (("Letter", (612, 792)), ("A4", (595, 842))):
        pdf = tmp_path / f"{paper}.pdf"
        page.pdf(path=str(pdf), format=paper, prefer_css_page_size=True, print_background=True)
        first = PdfReader(pdf).pages[0].mediabox
        assert abs(float(first.width) - size[0]) <= 1.5 and abs(float(first.height) - size[1]) <= 1.5, (paper, first)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_home_says_once_that_the_course_works_offline_and_installs(browser: Browser, site_root: str, device: dict, scheme: str):
    """Issue 26: no page said the course works offline or can be installed. The line shows
    where a worker keeps the copy; the install button appears only when the browser offers
    to install (its `beforeinstallprompt` event), and asks it to."""
    context = browser.new_context(**device, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_root)
    line = page.locator(".course-offline")
    expect(line).to_be_visible()
    expect(line).to_contain_text("works offline")
    expect(page.locator("text=works offline")).to_have_count(1)  # said once
    install = page.get_by_role("button", name="Install the course")
    expect(install).to_be_hidden()
    # The browser's offer, as Chromium makes it when the site is installable: an event with prompt().
    page.evaluate(
        """() => { const offer = new Event("beforeinstallprompt", {cancelable: true});
           offer.prompt = () => { window.prompted = true; return Promise.resolve(); };
           window.dispatchEvent(offer); }"""
    )
    expect(install).to_be_visible()
    box = install.bounding_box()
    assert box is not None and box["height"] >= 44
    install.click()
    assert page.evaluate("window.prompted === true")
    expect(install).to_be_hidden()
    assert serious_axe_violations(page) == []
    context.close()


def test_progress_says_where_it_is_kept_and_asks_the_browser_to_keep_it(browser: Browser, site_root: str):
    """Issue 26: progress lives in one browser and nothing said so; Safari may clear a site's
    storage after seven days without a visit. Home says where it is kept, and the first save
    asks for persistent storage (navigator.storage.persist, recorded here as the browser gets it)."""
    context = browser.new_context(**PHONE)
    context.add_init_script(
        """(() => { const real = navigator.storage.persist.bind(navigator.storage);
           navigator.storage.persist = () => { localStorage.setItem('persist-asked', 'yes'); return real(); }; })()"""
    )
    page = context.new_page()
    page.goto(site_root + "lessons/soil-first/")
    assert page.evaluate("localStorage.getItem('persist-asked')") is None  # nothing saved, nothing asked
    page.get_by_role("link", name="Complete and continue").click()
    expect(page).to_have_url(site_root + "lessons/sun-and-shade/")
    assert page.evaluate("localStorage.getItem('persist-asked')") == "yes"
    page.goto(site_root)
    expect(page.locator(".course-progress")).to_contain_text("kept in this browser, on this device only")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_browser_bar_takes_the_header_colour_in_both_palettes(browser: Browser, site_root: str, scheme: str):
    """theme-color (the phone's address bar) is the header's colour: the brand's primary,
    which the dark palette keeps for the header too. The page's own meta and the one
    Material's script keeps in step with the palette agree with the header."""
    page = browser.new_context(color_scheme=scheme, **PHONE).new_page()
    page.goto(site_root)
    header = page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    colours = [meta.get_attribute("content") for meta in page.locator('meta[name="theme-color"]').all()]
    assert colours
    for colour in colours:
        assert f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})" == header
