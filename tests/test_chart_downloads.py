"""The chart downloads: a paper self-assessment (the chart on one landscape A4 page,
the scoring on the next; also on US Letter) that scores like the quiz, and a CSV."""

from __future__ import annotations

import csv
import io
import random
import re
from fractions import Fraction

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
    assert "Name:" in scoring and "Date:" in scoring and f"All items (add the subtotals) {total}" in scoring
    for band in COURSE.assessment.bands:
        assert f"{band.min} to {band.max} {band.name}" in scoring
    statements = [
        size
        for size, texts in font_sizes(reader.pages[0]).items()
        if any(flat(COURSE.assessment.items[0].rated).startswith(t[:20]) for t in texts)
    ]
    # 8.5 points of DejaVu Sans (x-height 0.55 em) stand as tall as 9 of Helvetica (0.52 em).
    assert statements and min(statements) >= 8.5
    assert min(font_sizes(reader.pages[1])) >= 8  # the page's smallest text is the footer


def paper_score(scoring_text: str, answers: dict[str, int]) -> tuple[int, str, list[int]]:
    """Score `answers` the way a reader of the printed key would: the 'out of' per
    dimension and in all, 'x 100 ÷ out of' rounded half up, and the band whose range holds it."""
    assessment = COURSE.assessment
    out_of = [int(re.search(re.escape(d.name) + r" (\d+)", scoring_text)[1]) for d in assessment.dimensions]
    total_out_of = int(re.search(r"All items \(add the subtotals\) (\d+)", scoring_text)[1])
    assert "(a half rounds up)" in scoring_text and "× 100 ÷" in scoring_text

    def rounded(points: int, maximum: int) -> int:
        return int(Fraction(points * 100, maximum) + Fraction(1, 2))

    subtotals = [sum(answers[item.id] for item in assessment.items_of(d)) for d in assessment.dimensions]
    overall = rounded(sum(subtotals), total_out_of)
    printed = [b for b in assessment.bands if f"{b.min} to {b.max} {b.name}" in scoring_text]
    assert printed == list(assessment.bands)
    band = next(b.name for b in printed if b.min <= overall <= b.max)
    return overall, band, [rounded(s, m) for s, m in zip(subtotals, out_of)]


def test_scoring_by_hand_gives_the_quiz_score_for_random_answers():
    """A reader who circles, adds up and follows the printed key gets the same overall
    score, band and dimension scores as the quiz (coursekit.core.scoring, which course.quiz.js mirrors)."""
    scoring_text = flat(PdfReader(io.BytesIO(chart_pdf(COURSE))).pages[1].extract_text())
    generator = random.Random(2026)
    for _ in range(60):
        answers = {item.id: generator.randint(0, COURSE.assessment.max_value) for item in COURSE.assessment.items}
        reference = score_answers(COURSE.assessment, answers)
        overall, band, dimensions = paper_score(scoring_text, answers)
        assert (overall, band) == (reference.overall, reference.band.name)
        assert dimensions == [d.score for d in reference.dimensions]


def test_us_letter_has_the_same_content():
    reader = PdfReader(io.BytesIO(chart_pdf(COURSE, "letter")))
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (792.0, 612.0)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert all(flat(item.rated) in text for item in COURSE.assessment.items) and "Score yourself" in text
