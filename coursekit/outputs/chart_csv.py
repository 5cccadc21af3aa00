"""The assessment's chart as a CSV download (the PDF is in `chart_pdf`)."""

from __future__ import annotations

import csv
import io

from coursekit.core import routes
from coursekit.core.model import Course

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection"); a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_header(course: Course) -> tuple[str, ...]:
    """The header row: the chart's own column headings between the fixed columns."""
    chart = course.require_assessment().chart
    return ("number", "dimension", chart.instead_heading, chart.rated_heading, "lesson", "lesson_title", "lesson_url")


def chart_csv(course: Course) -> bytes:
    """The chart as UTF-8 CSV with a header row, one row per item."""
    assessment = course.require_assessment()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(map(spreadsheet_text, csv_header(course)))
    for item in assessment.items:
        writer.writerow(
            (
                item.number,
                *map(spreadsheet_text, (item.dimension.name, item.instead, item.rated)),
                item.lesson.number,
                spreadsheet_text(item.lesson.title),
                course.meta.site_url + routes.lesson_url(item.lesson),
            )
        )
    return out.getvalue().encode("utf-8")


def spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
