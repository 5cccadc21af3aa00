"""The self-assessment and lesson progress in a real browser (Chromium via Playwright)."""

from __future__ import annotations

import csv
import datetime
import gzip
import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coursekit.core import routes
from coursekit.core.loader import load_course
from coursekit.core.scoring import score_answers
from helpers import GARDEN, published

COURSE = load_course(GARDEN)
ASSESSMENT = COURSE.assessment
STORAGE_KEY = f"{COURSE.meta.id}:self-assessment:v{ASSESSMENT.version}"


def open_quiz(page: Page, site_root: str) -> None:
    page.goto(site_root + "self-assessment/")
    expect(page.locator(".assessment__progress")).to_have_text(f"0 of {len(ASSESSMENT.items)} answered")


def set_answers(page: Page, answers: dict[str, int]) -> None:
    """Click the chosen radio of each item in the page (real click events)."""
    page.evaluate(
        """answers => { for (const [id, value] of Object.entries(answers)) {
               document.querySelector(`input[name="${id}"][value="${value}"]`).click(); } }""",
        answers,
    )


def shown_scores(page: Page) -> tuple[int, dict[str, int]]:
    overall = int(page.locator('#results [data-result="overall"]').inner_text())
    dims = {
        d.id: int(page.locator(f'#results [data-dimension="{d.id}"] [data-result="score"]').inner_text())
        for d in ASSESSMENT.dimensions
    }
    return overall, dims


def random_answers(rng: random.Random) -> dict[str, int]:
    return {item.id: rng.randint(0, ASSESSMENT.max_value) for item in ASSESSMENT.items}


def test_quiz_can_be_completed_by_keyboard_alone(page: Page, site_root: str):
    open_quiz(page, site_root)
    first = ASSESSMENT.items[0].id
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == first:
            break
    else:
        pytest.fail("Tab never reached the first item")
    rng = random.Random(7)
    chosen = random_answers(rng)
    for item in ASSESSMENT.items:
        assert page.evaluate("document.activeElement.name") == item.id
        if chosen[item.id] == 0:
            page.keyboard.press("Space")
        for _ in range(chosen[item.id]):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "See my results"
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_visible()
    expect(page.locator("#results")).to_be_focused()
    reference = score_answers(ASSESSMENT, chosen)
    assert shown_scores(page) == (reference.overall, {s.dimension.id: s.score for s in reference.dimensions})


def test_shown_scores_equal_the_python_reference_for_60_random_answer_sets(page: Page, site_root: str):
    open_quiz(page, site_root)
    rng = random.Random(20261127)
    sets = [random_answers(rng) for _ in range(57)]
    sets += [
        {i.id: 0 for i in ASSESSMENT.items},
        {i.id: ASSESSMENT.max_value for i in ASSESSMENT.items},
        {i.id: (i.number % 2) * ASSESSMENT.max_value for i in ASSESSMENT.items},
    ]
    submit = page.get_by_role("button", name="See my results")
    for answers in sets:
        set_answers(page, answers)
        submit.click()
        reference = score_answers(ASSESSMENT, answers)
        assert shown_scores(page) == (reference.overall, {s.dimension.id: s.score for s in reference.dimensions})
        expect(page.locator('#results [data-result="band"]')).to_have_text(reference.band.name)
        weakest = page.locator('#results [data-result="weakest"] li')
        expect(weakest).to_have_count(len(reference.weakest))
        for row, score in zip(weakest.all(), reference.weakest):
            assert row.inner_text().startswith(f"{score.dimension.name} ({score.score} / 100)")
            assert row.locator("a").get_attribute("href") == "../" + routes.lesson_url(score.dimension.lesson)
        lowest = page.locator('#results [data-result="lowest"] li')
        expect(lowest).to_have_count(len(reference.lowest_items))
        for row, item in zip(lowest.all(), reference.lowest_items):
            assert row.inner_text().startswith(item.rated)


def test_weakest_dimension_links_lead_to_their_lessons(page: Page, site_root: str):
    open_quiz(page, site_root)
    set_answers(page, {i.id: (0 if i.dimension.id == "water" else ASSESSMENT.max_value) for i in ASSESSMENT.items})
    page.get_by_role("button", name="See my results").click()
    page.locator('#results [data-result="weakest"] a').first.click()
    expect(page).to_have_url(site_root + "lessons/watering-deeply/")


def test_reload_restores_answers_and_start_over_clears_them(page: Page, site_root: str):
    open_quiz(page, site_root)
    answers = random_answers(random.Random(3))
    set_answers(page, answers)
    page.get_by_role("button", name="See my results").click()
    page.reload()
    expect(page.locator(".assessment__progress")).to_have_text("8 of 8 answered")
    for item in ASSESSMENT.items:
        expect(page.locator(f'input[name="{item.id}"][value="{answers[item.id]}"]')).to_be_checked()
    expect(page.locator("#results")).to_be_visible()
    assert shown_scores(page)[0] == score_answers(ASSESSMENT, answers).overall

    # Start over asks first: keeping the answers changes nothing and returns focus.
    start_over = page.locator("#results").get_by_role("button", name="Start over")
    start_over.click()
    dialog = page.get_by_role("dialog", name="Start over?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep my answers")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(start_over).to_be_focused()
    expect(page.locator(".assessment__progress")).to_have_text("8 of 8 answered")
    start_over.click()
    dialog.get_by_role("button", name="Delete my answers").click()
    expect(page.locator(".assessment__progress")).to_have_text("0 of 8 answered")
    expect(page.locator("#results")).to_be_hidden()
    assert page.locator("#assessment input:checked").count() == 0
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    page.reload()
    assert page.locator("#assessment input:checked").count() == 0


def test_partial_answers_survive_reload(page: Page, site_root: str):
    open_quiz(page, site_root)
    set_answers(page, {"sun-map": 3, "knuckle": 1})
    page.reload()
    expect(page.locator(".assessment__progress")).to_have_text("2 of 8 answered")
    expect(page.locator('input[name="sun-map"][value="3"]')).to_be_checked()
    expect(page.locator("#results")).to_be_hidden()


def test_submitting_with_gaps_focuses_the_first_gap(page: Page, site_root: str):
    open_quiz(page, site_root)
    skipped = {ASSESSMENT.items[1].id, ASSESSMENT.items[5].id}
    set_answers(page, {i.id: 2 for i in ASSESSMENT.items if i.id not in skipped})
    page.get_by_role("button", name="See my results").click()
    focused = page.evaluate("document.activeElement.closest('fieldset').id")
    assert focused == f"item-{ASSESSMENT.items[1].id}"
    expect(page.locator("#assessment-message")).to_have_text(
        "2 of 8 items are unanswered. Please answer item 2 and the others before you see your results."
    )
    expect(page.locator("#results")).to_be_hidden()


def test_results_download_as_csv_with_a_row_per_item(page: Page, site_root: str, tmp_path: Path):
    open_quiz(page, site_root)
    answers = random_answers(random.Random(11))
    set_answers(page, answers)
    page.get_by_role("button", name="See my results").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my results (CSV)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    today = datetime.date.today().isoformat()
    assert target.name == f"kitchen-garden-self-assessment-{today}.csv"
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert rows[0] == [
        "date",
        "number",
        "dimension",
        "Patient gardener",
        "Hurried gardener",
        "answer",
        "value",
    ]  # the chart's columns
    assert len(rows[1:]) == len(ASSESSMENT.items) == 8
    for row, item in zip(rows[1:], ASSESSMENT.items):
        assert row == [
            today,
            str(item.number),
            item.dimension.name,
            item.rated,
            item.instead,
            ASSESSMENT.scale[answers[item.id]],
            str(answers[item.id]),
        ]


def test_results_print_without_the_form(page: Page, site_root: str):
    open_quiz(page, site_root)
    set_answers(page, {i.id: 3 for i in ASSESSMENT.items})
    page.get_by_role("button", name="See my results").click()
    page.emulate_media(media="print")
    expect(page.locator("#assessment")).to_be_hidden()
    expect(page.locator("#results")).to_be_visible()
    expect(page.locator("#results .assessment__actions")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()


def test_without_javascript_all_items_and_the_pdf_link_show(browser, site_root: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_root + "self-assessment/")
    expect(page.locator("fieldset.assessment-item")).to_have_count(8)
    for item in ASSESSMENT.items:
        expect(page.locator(f"#item-{item.id} legend")).to_contain_text(item.rated)
    pdf_link = page.locator("a", has_text="printable chart (PDF)").first
    expect(pdf_link).to_be_visible()
    assert pdf_link.get_attribute("href").endswith("downloads/kitchen-garden-garden-habits.pdf")
    context.close()


def test_no_request_leaves_the_quiz(page: Page, site_root: str, outside_requests: list[str]):
    open_quiz(page, site_root)
    set_answers(page, random_answers(random.Random(5)))
    page.get_by_role("button", name="See my results").click()
    with page.expect_download():
        page.get_by_role("button", name="Download my results (CSV)").click()
    page.wait_for_load_state("networkidle")
    assert outside_requests == []


def test_quiz_script_and_stylesheet_are_small(built_site: Path):
    """What every page loads (course.js and .css: progress, the navigation ticks, the
    reflection answers, print and the offline copy) stays under 5 KB gzipped; home's and
    the quiz's own, which only their page loads, under 6 KB."""

    def gzipped(*names: str) -> list[int]:
        paths = [built_site / published(built_site, f"assets/{name}") for name in names]
        return [len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in paths]

    every_page = gzipped("course.js", "course.css")
    own_pages = gzipped("course.home.js", "course.home.css", "course.quiz.js", "course.quiz.css")
    assert sum(every_page) <= 5 * 1024, every_page
    assert sum(own_pages) <= 6 * 1024, own_pages


def test_only_home_and_the_quiz_load_their_own_script_and_styles(built_site: Path):
    """Every page loads the course's script and styles; home's progress and cards, and
    the quiz (half of them, gzipped), only their own page: a lesson on a slow network
    does not wait for them."""
    pages = [page for page in sorted(built_site.glob("**/index.html")) if page.parent.name != "emails"]  # not MkDocs'
    assert len(pages) >= 7 + 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert published(built_site, "assets/course.js") in html and published(built_site, "assets/course.css") in html, page
        for name, own_page in (("home", built_site), ("quiz", built_site / "self-assessment")):
            js, css = (published(built_site, f"assets/course.{name}.{suffix}") for suffix in ("js", "css"))
            loads = js in html, css in html
            assert loads == (page.parent == own_page,) * 2, (page, name)


def test_complete_and_continue_records_progress_and_moves_on(page: Page, site_root: str):
    page.goto(site_root)
    resume = page.locator(".course-resume")
    expect(resume).to_have_text("Start the course")
    expect(page.locator(".course-progress")).to_be_hidden()  # no empty bar for a newcomer
    resume.click()
    expect(page).to_have_url(site_root + "lessons/soil-first/")
    assert page.locator(".md-footer__link").count() == 0 and page.locator("nav.lesson-pager").count() == 1
    main = page.get_by_role("link", name="Complete and continue")
    main.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_root + "lessons/sun-and-shade/")
    page.goto(site_root + "lessons/soil-first/")
    expect(page.locator(".lesson-progress__done")).to_contain_text("You completed this lesson")
    expect(page.locator(".lesson-pager__next .lesson-pager__label")).to_have_text("Continue to lesson 2")
    nav = page.locator("nav.md-nav--primary")
    expect(nav.get_by_role("link", name="1. Start with the soil ✓ (completed)")).to_have_count(1)
    page.goto(site_root + "chart/")  # on every page, not only lessons and home
    expect(page.locator("nav.md-nav--primary").get_by_role("link", name="1. Start with the soil ✓ (completed)")).to_have_count(1)
    page.goto(site_root)
    page.reload()
    expect(page.locator(".course-progress")).to_contain_text("1 of 7 lessons completed")
    assert page.locator(".course-progress progress").evaluate("el => el.value") == 1
    expect(page.locator('.lesson-card[data-lesson="soil-first"]')).to_contain_text("✓ Completed")
    expect(resume).to_have_text("Continue with lesson 2: Read the sun on your plot")
    expect(page.locator("#finished")).to_be_hidden()
    # Undo, from the lesson.
    page.goto(site_root + "lessons/soil-first/")
    page.get_by_role("button", name="Mark it as not done").click()
    expect(page.locator(".lesson-progress__done")).to_be_hidden()
    expect(page.locator(".lesson-pager__next .lesson-pager__label")).to_have_text("Complete and continue")
    page.goto(site_root)
    expect(resume).to_have_text("Start the course")


def test_finishing_every_lesson_leads_to_the_end_of_the_course(page: Page, site_root: str):
    slugs = [lesson.slug for lesson in load_course(GARDEN).lessons]
    page.goto(site_root)
    page.evaluate("list => localStorage.setItem('kitchen-garden:progress:v1', JSON.stringify(list))", slugs[:-1])
    page.goto(site_root + f"lessons/{slugs[-1]}/")
    finish = page.get_by_role("link", name="Complete the course")
    # It says what it does, not like an eleventh lesson (issue 26).
    expect(finish).to_have_text("Complete the courseThen your toolkit, journal and certificate")
    finish.click()
    expect(page).to_have_url(site_root + "#finished")
    expect(page.locator("#finished")).to_be_visible()
    expect(page.locator(".course-resume")).to_have_text("Review the course")
    expect(page.locator("#finished").get_by_role("link", name="Take the self-assessment again")).to_be_visible()


@pytest.mark.parametrize(
    "stored",
    [
        "{}",
        "5",
        "true",
        '"soil-first sun-and-shade"',
        "[1, {}, null]",
        "not json",
        '{"answers": "x", "submitted": true}',
        '{"answers": [3, 3]}',
    ],
)
def test_saved_data_of_the_wrong_shape_counts_as_nothing_saved(page: Page, site_root: str, stored: str):
    """localStorage is the learner's to edit and may hold another version's data: any
    value that is not the expected shape must neither throw nor count as progress."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_root)
    page.evaluate(
        """value => { localStorage.setItem('kitchen-garden:progress:v1', value);
                                localStorage.setItem('kitchen-garden:self-assessment:v2', value); }""",
        stored,
    )
    page.reload()
    expect(page.locator(".course-progress")).to_be_hidden()
    expect(page.locator(".course-resume")).to_have_text("Start the course")
    page.goto(site_root + "lessons/soil-first/")
    expect(page.locator(".lesson-progress__done")).to_be_hidden()
    page.get_by_role("link", name="Complete and continue").click()  # and progress can be recorded again from there
    page.goto(site_root)
    expect(page.locator(".course-progress")).to_contain_text("1 of 7 lessons completed")
    open_quiz(page, site_root)
    expect(page.locator(".assessment__answered")).to_have_text("0")
    expect(page.locator("#results")).to_be_hidden()
    assert errors == []


def finish_attempts(page: Page, site_root: str, attempts: list[tuple[datetime.datetime, int]]) -> None:
    """Finish the self-assessment once per (time, answer index), the clock fixed at that time."""
    for when, value in attempts:
        page.clock.set_fixed_time(when)
        page.goto(site_root + "self-assessment/")
        page.evaluate(
            "v => document.querySelectorAll('fieldset.assessment-item').forEach(f => f.querySelectorAll('input')[v].click())",
            value,
        )
        page.get_by_role("button", name="See my results").click()


def test_progress_over_time_shows_the_change_and_keeps_earlier_attempts(browser, site_root: str):
    """Three finished attempts on three dates (Playwright's clock): each shows its change
    per dimension since the previous one; the attempts before the one shown are listed
    with their dates (issue 26: the one just finished was listed too), and deleting one
    can be undone; nothing of it leaves the device (localStorage only)."""
    context = browser.new_context(timezone_id="UTC", locale="en-GB")
    page = context.new_page()
    finish_attempts(
        page, site_root, [(datetime.datetime(2026, 11, day, 10, tzinfo=datetime.UTC), v) for day, v in ((3, 1), (10, 2), (17, 3))]
    )
    results = page.locator("#results")
    expect(results.locator('[data-result="date"]')).to_have_text("Finished on 17 Nov 2026")
    expect(results.locator('[data-result="overall"]')).to_have_text("100")
    expect(results.locator('[data-result="overall-change"]')).to_have_text("(+33 since 10 Nov)")
    for row in results.locator(".results__dimensions li").all():
        expect(row.locator('[data-result="change"]')).to_have_text("+33 since 10 Nov")
    attempts = results.locator('[data-result="attempts"] li')
    expect(attempts).to_have_count(2)
    assert [text.split("Delete")[0].strip() for text in attempts.all_inner_texts()] == [
        "10 Nov 2026: 67 / 100, Putting down roots",
        "3 Nov 2026: 33 / 100, Still rushing",
    ]
    results.get_by_role("button", name="Delete the result of 10 Nov 2026").click()
    expect(attempts).to_have_count(1)
    expect(results.locator('[data-result="overall-change"]')).to_have_text("(+67 since 3 Nov)")
    # Deleted, with a way back: Undo has the focus and restores it where it was.
    expect(results.get_by_role("status").filter(has_text="Deleted the result of 10 Nov 2026.")).to_be_visible()
    undo = results.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    expect(attempts).to_have_count(2)
    expect(results.locator('[data-result="overall-change"]')).to_have_text("(+33 since 10 Nov)")
    expect(results.get_by_role("button", name="Undo")).to_have_count(0)
    results.get_by_role("button", name="Delete the result of 10 Nov 2026").click()
    page.reload()
    expect(page.locator('#results [data-result="attempts"] li')).to_have_count(1)
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}:history'))")
    assert [a["overall"] for a in stored] == [33, 100]
    context.close()


def test_two_attempts_on_one_day_are_told_apart_by_the_time(browser, site_root: str):
    """Issue 26: two attempts on one day read "+20 since 5 Dec"."""
    context = browser.new_context(timezone_id="UTC", locale="en-GB")
    page = context.new_page()
    finish_attempts(
        page, site_root, [(datetime.datetime(2026, 12, 5, hour, 30, tzinfo=datetime.UTC), v) for hour, v in ((9, 1), (16, 2))]
    )
    results = page.locator("#results")
    expect(results.locator('[data-result="overall-change"]')).to_have_text("(+34 since 09:30)")
    expect(results.locator('[data-result="attempts"] li')).to_have_text(["5 Dec 2026, 09:30: 33 / 100, Still rushing Delete"])
    context.close()


def test_printed_results_show_results_only(browser, site_root: str):
    """Issue 26: "Print my results" printed the Delete buttons too."""
    context = browser.new_context(timezone_id="UTC", locale="en-GB")
    page = context.new_page()
    finish_attempts(page, site_root, [(datetime.datetime(2026, 11, day, 10, tzinfo=datetime.UTC), 0) for day in (3, 10)])
    page.emulate_media(media="print")
    results = page.locator("#results")
    expect(results.locator('[data-result="overall"]')).to_be_visible()
    expect(results.locator('[data-result="attempts"] li')).to_be_visible()
    expect(results.get_by_role("button")).to_have_count(0)  # hidden buttons are not in the accessibility tree
    context.close()
