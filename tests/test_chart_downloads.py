"""The chart downloads: a paper self-assessment (the chart on one landscape A4 page,
the scoring on the next; also on US Letter) that scores like the quiz, and a CSV."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest
from pypdf import PdfReader

from coursekit.core import routes
from coursekit.core.errors import CourseError
from coursekit.core.loader import load_course
from coursekit.core.scoring import score_answers
from coursekit.outputs.chart_csv import chart_csv
from coursekit.outputs.chart_pdf import chart_pdf
from helpers import GARDEN

COURSE = load_course(GARDEN)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_pdf_chart_is_one_landscape_page_with_every_statement_in_order():
    reader = PdfReader(io.BytesIO(chart_pdf(COURSE)))
    assert len(reader.pages) == 2  # the chart, then the scoring
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = flat(page.extract_text())
    position = 0
    for item in COURSE.assessment.items:
        for statement in (item.instead, item.rated):
            found = text.find(flat(statement), position)
            assert found >= 0, f"item {item.number} not found in order: {statement}"
            position = found + len(statement)
    for dimension in COURSE.assessment.dimensions:
        assert dimension.name in text
    assert "Hurried vs patient: 8 differences" in text  # the fixture's chart title, and its item count
    assert "Hurried gardener" in text and "Patient gardener" in text  # its column headings
    assert COURSE.meta.site_url in text and COURSE.meta.title in text
    for label in COURSE.assessment.scale:
        assert label in text
    assert reader.metadata.title == "Hurried vs patient: 8 differences"


def test_pdf_bytes_are_identical_and_follow_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    first, second = chart_pdf(COURSE), chart_pdf(COURSE)
    assert first == second
    assert PdfReader(io.BytesIO(first)).metadata["/CreationDate"].startswith("D:20251124")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert PdfReader(io.BytesIO(chart_pdf(COURSE))).metadata["/CreationDate"].startswith("D:20231114")


def test_csv_round_trips_to_the_same_items():
    rows = list(csv.reader(io.StringIO(chart_csv(COURSE).decode("utf-8"))))
    header = ("number", "dimension", "Hurried gardener", "Patient gardener", "lesson", "lesson_title", "lesson_url")
    assert tuple(rows[0]) == header  # the chart's own column headings
    assert len(rows) == len(COURSE.require_assessment().items) + 1
    for row, item in zip(rows[1:], COURSE.assessment.items):
        assert row == [
            str(item.number),
            item.dimension.name,
            item.instead,
            item.rated,
            str(item.lesson.number),
            item.lesson.title,
            COURSE.meta.site_url + routes.lesson_url(item.lesson),
        ]


def test_chart_that_cannot_fit_one_page_is_an_error(mini_project):
    """Forty items of statements near the 200-character limit: more than a page of chart."""
    long = ("I do something at some length " * 6).strip()
    extra = "".join(
        f"  - id: extra-{n}\n    dimension: people\n    lesson: third-steps\n    instead: {long}\n    rated: {long}\n"
        for n in range(40)
    )
    path = mini_project / "lessons/assessment.yml"
    text = path.read_text(encoding="utf-8").replace("item_count: 5", "item_count: 45")
    path.write_text(text.replace("\nbands:", "\n" + extra + "\nbands:", 1), encoding="utf-8")
    course = load_course(mini_project / "lessons")
    with pytest.raises(CourseError, match=r"lessons/assessment.yml: field 'items': the printable chart on A4 needs \d+ pages"):
        chart_pdf(course)


def test_downloads_are_in_the_built_site_and_linked(built_site, monkeypatch):
    """Named by the course id and the chart's file_name from assessment.yml."""
    pdf = built_site / "downloads" / "kitchen-garden-garden-habits.pdf"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # what helpers.run_build uses
    assert pdf.read_bytes() == chart_pdf(COURSE)
    assert (built_site / "downloads" / "kitchen-garden-garden-habits.csv").read_bytes() == chart_csv(COURSE)
    letter = built_site / "downloads" / "kitchen-garden-garden-habits-letter.pdf"
    assert letter.read_bytes() == chart_pdf(COURSE, "letter")
    for page, href in [
        ("chart/index.html", "../downloads/kitchen-garden-garden-habits.pdf"),
        ("self-assessment/index.html", "../downloads/kitchen-garden-garden-habits.pdf"),
        ("chart/index.html", "../downloads/kitchen-garden-garden-habits-letter.pdf"),
    ]:
        assert f'href="{href}"' in (built_site / page).read_text(encoding="utf-8")
    for page, href in [
        ("index.html", "chart/"),
        ("self-assessment/index.html", "../chart/"),
        ("lessons/soil-first/index.html", "../../chart/"),
    ]:
        assert f'href="{href}"' in (built_site / page).read_text(encoding="utf-8"), page


def font_sizes(page) -> dict[float, list[str]]:
    """The effective font size of every piece of text on a PDF page."""
    found: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(round(size * (tm[0] or 1), 1), []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_the_paper_version_prints_points_subtotals_a_key_and_readable_text():
    reader = PdfReader(io.BytesIO(chart_pdf(COURSE)))
    chart, scoring = (flat(page.extract_text()) for page in reader.pages)
    for value, label in enumerate(COURSE.assessment.scale):
        assert f"{label} ({value})" in chart
    assert chart.count("Subtotal:") == len(COURSE.assessment.dimensions)
    total = COURSE.require_assessment().max_value * len(COURSE.require_assessment().items)
    assert "Name:" in scoring and "Date:" in scoring and "All items (add the subtotals)" in scoring
    assert f"{total} → 100" in scoring  # the total's lookup ends at the maximum
    for band in COURSE.assessment.bands:
        assert re.search(rf"{band.min} to {band.max} \d+( to \d+)? {re.escape(band.name)}", scoring), band.name
    statements = [
        size
        for size, texts in font_sizes(reader.pages[0]).items()
        if any(flat(COURSE.assessment.items[0].rated).startswith(t[:20]) for t in texts)
    ]
    # 8.5 points of DejaVu Sans (x-height 0.55 em) stand as tall as 9 of Helvetica (0.52 em).
    assert statements and min(statements) >= 8.5
    assert min(font_sizes(reader.pages[1])) >= 8  # the page's smallest text is the footer


def lookup(segment: str) -> dict[int, int]:
    """The printed "subtotal → score" pairs of one row; "your score is your total" as identity."""
    if "Your score is your total." in segment:
        return {points: points for points in range(101)}
    return {int(points): int(score) for points, score in re.findall(r"(\d+) → (\d+)", segment)}


def paper_score(scoring_text: str, answers: dict[str, int]) -> tuple[int, str, list[int]]:
    """Score `answers` the way a reader of the printed page would, with no arithmetic but
    adding: each subtotal looked up in its row, the total in the last row, the band
    found by the total's range (issue 26: the page asked for "subtotal × 100 ÷ out of")."""
    assessment = COURSE.assessment
    assert "× 100" not in scoring_text and "÷" not in scoring_text
    names = [d.name for d in assessment.dimensions] + ["All items (add the subtotals)", "What your overall score means"]
    rows = {
        name: scoring_text[scoring_text.index(name) + len(name) : scoring_text.index(names[index + 1])]
        for index, name in enumerate(names[:-1])
    }
    subtotals = [sum(answers[item.id] for item in assessment.items_of(d)) for d in assessment.dimensions]
    scores = [lookup(rows[d.name])[subtotal] for d, subtotal in zip(assessment.dimensions, subtotals)]
    total = sum(subtotals)
    overall = lookup(rows["All items (add the subtotals)"])[total]
    band = None
    for b in assessment.bands:
        found = re.search(rf"{b.min} to {b.max} (\d+)(?: to (\d+))? {re.escape(b.name)}", scoring_text)
        assert found, b.name
        low, high = int(found[1]), int(found[2] or found[1])
        if low <= total <= high:
            band = b.name
    assert band is not None
    return overall, band, scores


def test_scoring_by_hand_gives_the_quiz_score_for_random_answers():
    """A reader who circles, adds up and follows the printed lookups gets the same overall
    score, band and dimension scores as the quiz (coursekit.core.scoring, which course.quiz.js
    mirrors), on A4 and on US Letter."""
    for paper in ("a4", "letter"):
        scoring_text = flat(PdfReader(io.BytesIO(chart_pdf(COURSE, paper))).pages[1].extract_text())
        generator = random.Random(2026)
        for _ in range(60):
            answers = {item.id: generator.randint(0, COURSE.assessment.max_value) for item in COURSE.assessment.items}
            reference = score_answers(COURSE.assessment, answers)
            overall, band, dimensions = paper_score(scoring_text, answers)
            assert (overall, band) == (reference.overall, reference.band.name)
            assert dimensions == [d.score for d in reference.dimensions]


def test_us_letter_has_the_same_content_on_two_pages():
    """Issue 26: the US Letter chart ran to three pages (its last items alone on page 2)."""
    reader = PdfReader(io.BytesIO(chart_pdf(COURSE, "letter")))
    assert len(reader.pages) == 2
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (792.0, 612.0)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert all(flat(item.rated) in text for item in COURSE.assessment.items) and "Score yourself" in text
