"""The chart downloads (the PDF in A4 and in Letter, the CSV) by site path, kept between
builds: drawing them costs ReportLab's import and two PDFs (about 0.14 s) at every
build, for a chart that changes only when the course's outline or the date does.

    files = chart_downloads(course, epoch, cache_dir)   # cache_dir None: always drawn

Kept in .cache/coursekit/chart.pickle, under a key made of the course's outline (its
settings and brand, each lesson's number and title, the assessment), the date
(SOURCE_DATE_EPOCH) and the code that draws them: every module of the kit, and
ReportLab's version. Anything else is a miss, and a miss is only slower.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

from coursekit import routes
from coursekit.kept_entries import KeptEntries
from coursekit.model import Course
from coursekit.preview import digest, outline


def chart_downloads(course: Course, epoch: int, cache_dir: Path | None) -> dict[str, bytes]:
    """The downloads by site path, from `cache_dir` when they are kept there."""
    kept = KeptEntries.open(None if cache_dir is None else cache_dir / "chart.pickle", code_version())
    key = None if cache_dir is None else digest(outline(course), epoch)
    files: dict[str, bytes] | None = kept.get(key)
    if files is None:
        files = _draw(course)
        kept.put(key, files)
    kept.save()
    return files


def _draw(course: Course) -> dict[str, bytes]:
    from coursekit.chart_csv import chart_csv
    from coursekit.chart_pdf import chart_pdf

    downloads = routes.download_paths(course)
    return {
        downloads["pdf"]: chart_pdf(course, "a4"),
        downloads["pdf_letter"]: chart_pdf(course, "letter"),
        downloads["csv"]: chart_csv(course),
    }


@cache
def code_version() -> str:
    """The kit's modules and ReportLab's version: changed code never meets a chart drawn by the old."""
    here = Path(__file__).parent
    modules = b"".join(path.read_bytes() for path in sorted(here.glob("*.py")))
    return hashlib.sha256(modules + metadata.version("reportlab").encode()).hexdigest()[:16]
