"""The chart downloads by site path: the PDF in A4 and in US Letter, and the CSV.

files = chart_downloads(course)   # {"downloads/…pdf": bytes, …}
"""

from __future__ import annotations

from coursekit.core import routes
from coursekit.core.model import Course


def chart_downloads(course: Course) -> dict[str, bytes]:
    """The downloads by site path, drawn from the course."""
    from coursekit.outputs.chart_csv import chart_csv
    from coursekit.outputs.chart_pdf import chart_pdf

    downloads = routes.download_paths(course)
    return {
        downloads["pdf"]: chart_pdf(course, "a4"),
        downloads["pdf_letter"]: chart_pdf(course, "letter"),
        downloads["csv"]: chart_csv(course),
    }
