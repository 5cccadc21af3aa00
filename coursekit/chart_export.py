"""The "managing vs leading" chart as a CSV download, and the downloads' names.

The PDF is in `chart_pdf` (it needs ReportLab, which only the build's artefact
process imports).
"""

from __future__ import annotations

import csv
import io

from coursekit.model import Assessment, Course

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection"); a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = ("number", "dimension", "manager", "leader", "lesson", "lesson_title", "lesson_url")


def chart_title(assessment: Assessment) -> str:
    return f"Managing vs leading: {len(assessment.items)} differences"


def chart_file_stem(course: Course) -> str:
    """The download's file name without extension, e.g. emerging-leaders-managing-vs-leading."""
    return f"{course.meta.id}-managing-vs-leading"


def chart_csv(course: Course) -> bytes:
    """The chart as UTF-8 CSV with a header row, one row per item."""
    assessment = require_assessment(course)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in assessment.items:
        writer.writerow((item.number, *map(spreadsheet_text, (item.dimension.name, item.manager, item.leader)),
                         item.lesson.number, spreadsheet_text(item.lesson.title), course.meta.site_url + item.lesson.url))
    return out.getvalue().encode("utf-8")


def spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def require_assessment(course: Course) -> Assessment:
    if course.assessment is None:
        raise ValueError("the course has no assessment.yml, so there is no chart")
    return course.assessment
