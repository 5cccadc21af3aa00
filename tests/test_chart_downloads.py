"""The chart downloads: a one-page PDF with every statement in order, and a CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from coursekit import routes
from coursekit.chart_csv import CSV_HEADER, chart_csv
from coursekit.chart_pdf import chart_pdf
from coursekit.errors import CourseError
from coursekit.loader import load_course
from helpers import ROOT, edit

COURSE = load_course(ROOT / "lessons")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_pdf_is_one_landscape_page_with_every_statement_in_order():
    reader = PdfReader(io.BytesIO(chart_pdf(COURSE)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = flat(page.extract_text())
    position = 0
    for item in COURSE.assessment.items:
        for statement in (item.manager, item.leader):
            found = text.find(flat(statement), position)
            assert found >= 0, f"item {item.number} not found in order: {statement}"
            position = found + len(statement)
    for dimension in COURSE.assessment.dimensions:
        assert dimension.name in text
    assert "Managing vs leading: 25 differences" in text
    assert COURSE.meta.site_url in text and COURSE.meta.title in text
    for label in COURSE.assessment.scale:
        assert label in text
    assert reader.metadata.title == "Managing vs leading: 25 differences"


def test_pdf_bytes_are_identical_and_follow_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    first, second = chart_pdf(COURSE), chart_pdf(COURSE)
    assert first == second
    assert PdfReader(io.BytesIO(first)).metadata["/CreationDate"].startswith("D:20251124")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert PdfReader(io.BytesIO(chart_pdf(COURSE))).metadata["/CreationDate"].startswith("D:20231114")


def test_csv_round_trips_to_the_same_items():
    rows = list(csv.reader(io.StringIO(chart_csv(COURSE).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 26
    for row, item in zip(rows[1:], COURSE.assessment.items):
        assert row == [
            str(item.number),
            item.dimension.name,
            item.manager,
            item.leader,
            str(item.lesson.number),
            item.lesson.title,
            COURSE.meta.site_url + routes.lesson_url(item.lesson),
        ]


def test_chart_that_cannot_fit_one_page_is_an_error(mini_project):
    long = "I do something at great length " * 40
    edit(mini_project / "lessons/assessment.yml", "leader: I ask questions.", f"leader: {long.strip()}")
    text = (mini_project / "lessons/assessment.yml").read_text(encoding="utf-8")
    (mini_project / "lessons/assessment.yml").write_text(text.replace("manager: I", f"manager: {long}I"), encoding="utf-8")
    course = load_course(mini_project / "lessons")
    with pytest.raises(CourseError, match=r"lessons/assessment.yml: field 'items': the printable chart needs \d pages"):
        chart_pdf(course)


def test_downloads_are_in_the_built_site_and_linked(built_site, monkeypatch):
    pdf = built_site / "downloads" / "emerging-leaders-managing-vs-leading.pdf"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # what helpers.run_build uses
    assert pdf.read_bytes() == chart_pdf(COURSE)
    assert (built_site / "downloads" / "emerging-leaders-managing-vs-leading.csv").read_bytes() == chart_csv(COURSE)
    for page, href in [
        ("chart/index.html", "../downloads/emerging-leaders-managing-vs-leading.pdf"),
        ("self-assessment/index.html", "../downloads/emerging-leaders-managing-vs-leading.pdf"),
    ]:
        assert f'href="{href}"' in (built_site / page).read_text(encoding="utf-8")
    for page, href in [
        ("index.html", "chart/"),
        ("self-assessment/index.html", "../chart/"),
        ("lessons/managing-and-leading/index.html", "../../chart/"),
    ]:
        assert f'href="{href}"' in (built_site / page).read_text(encoding="utf-8"), page
