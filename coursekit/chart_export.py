"""The "managing vs leading" chart as a CSV download, and the downloads' names.

The PDF is in `chart_pdf` (it needs ReportLab, which only the build's artefact
process imports).
"""

from __future__ import annotations

import csv
import io

from coursekit.model import Assessment, Course

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
        writer.writerow((item.number, item.dimension.name, item.manager, item.leader, item.lesson.number,
                         item.lesson.title, course.meta.site_url + item.lesson.url))
    return out.getvalue().encode("utf-8")


def require_assessment(course: Course) -> Assessment:
    if course.assessment is None:
        raise ValueError("the course has no assessment.yml, so there is no chart")
    return course.assessment
