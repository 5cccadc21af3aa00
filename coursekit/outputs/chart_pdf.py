"""The assessment's chart as a printable self-assessment (ReportLab): the
chart on a landscape page, with the points printed in the answer columns and a
subtotal box per dimension, then a scoring page (name and date, the subtotals, the
total, how to turn them into scores, and the bands) that gives the same scores and
band as the quiz, by the rules of coursekit.core.scoring.

A4 and US Letter, from the same code. Bytes are identical for identical input
(ReportLab's invariant mode, dated by SOURCE_DATE_EPOCH when it is set). The text is
set in the kit's typeface (coursekit.outputs.fonts), embedded: `printing_warnings` names what it
cannot draw (CJK, emoji) or cannot lay out right to left, for the build to report.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coursekit.core import routes
from coursekit.core.assessment_loader import ASSESSMENT_FILE
from coursekit.core.errors import CourseError
from coursekit.core.loader import COURSE_FILE
from coursekit.core.model import Assessment, Course
from coursekit.core.scoring import percent
from coursekit.core.sources import display_path, read_yaml_file
from coursekit.outputs import fonts

INK = colors.HexColor("#1f2430")
RULE = colors.HexColor("#9aa0ad")
POINTS = colors.HexColor("#5c6170")
PAGE_SIZES = {"a4": landscape(A4), "letter": landscape(letter)}
BODY_SIZE = 8.5  # points, of a typeface with a large x-height: as tall on paper as 9-point Helvetica


def chart_pdf(course: Course, paper: str = "a4") -> bytes:
    """The printable self-assessment on `paper` ("a4" or "letter"), landscape: the chart,
    then the scoring page."""
    assessment = course.require_assessment()
    page = PAGE_SIZES[paper]
    buffer = io.BytesIO()
    margin = 7 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin - 2 * mm,
        bottomMargin=margin + 3 * mm,
        invariant=1,
        title=assessment.chart_heading,
        author=course.meta.organisation,
        subject=f"{course.meta.title} self-assessment",
        creator="coursekit",
    )
    styles = _styles()
    shade = colors.HexColor(course.colours.tint)
    top = assessment.max_value
    intro = (
        f"{assessment.question} For each behaviour under “{assessment.chart.rated_heading}”, circle the points under "
        f"your answer, from {assessment.scale[0]} (0) to {assessment.scale[-1]} ({top}); add each dimension's points "
        "in its box; then turn the page to score yourself."
    )
    story = [
        Paragraph(escape(assessment.chart_heading), styles["title"]),
        Paragraph(escape(intro), styles["intro"]),
        Spacer(1, 1 * mm),
        _chart(assessment, doc.width, styles, shade),
        PageBreak(),
        *_scoring(course, assessment, doc.width, styles, shade),
    ]

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont(styles["cell"].fontName, 8)
        canvas.setFillColor(INK)
        canvas.drawString(margin, margin, f"{course.meta.title} · {course.meta.organisation}")
        canvas.drawRightString(page[0] - margin, margin, f"{course.meta.site_url} · page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    # The chart on one page, the scoring on the second, on A4 and on US Letter alike.
    if doc.page > 2:
        raise CourseError(
            display_path(course.root / ASSESSMENT_FILE),
            f"the printable chart on {paper.upper()} needs {doc.page - 1} pages",
            "shorten the longest 'instead:' and 'rated:' statements, or use fewer items",
            field="items",
        )
    return buffer.getvalue()


def printing_warnings(course: Course) -> list[str]:
    """What the printable chart cannot show as typed, as `file:line: field: problem`:
    characters the typeface has no glyph for (drawn as boxes) and right-to-left words
    (set left to right). The chart page on the site shows both as typed."""
    assessment = course.require_assessment()
    course_file, assessment_file = course.root / COURSE_FILE, course.root / ASSESSMENT_FILE
    course_doc, assessment_doc = read_yaml_file(course_file), read_yaml_file(assessment_file)
    texts: list[tuple[Path, int, str, str]] = [
        (course_file, course_doc.line_of("title"), "title", course.meta.title),
        (course_file, course_doc.line_of("organisation"), "organisation", course.meta.organisation),
        (assessment_file, assessment_doc.line_of("chart", "title"), "chart title", assessment.chart_heading),
        (assessment_file, assessment_doc.line_of("question"), "question", assessment.question),
        (assessment_file, assessment_doc.line_of("chart", "columns"), "chart columns", assessment.chart.instead_heading),
        (assessment_file, assessment_doc.line_of("chart", "columns"), "chart columns", assessment.chart.rated_heading),
        (assessment_file, assessment_doc.line_of("scale"), "scale", " ".join(assessment.scale)),
    ]
    texts += [
        (assessment_file, assessment_doc.line_of("dimensions", index), f"dimension {dimension.id}", dimension.name)
        for index, dimension in enumerate(assessment.dimensions)
    ]
    texts += [
        (assessment_file, assessment_doc.line_of("items", index), f"item {item.number}", f"{item.instead} {item.rated}")
        for index, item in enumerate(assessment.items)
    ]
    texts += [
        (assessment_file, assessment_doc.line_of("bands", index), f"band {band.name}", f"{band.name} {band.advice}")
        for index, band in enumerate(assessment.bands)
    ]
    warnings = []
    for path, line, field, text in texts:
        where = f"{display_path(path)}:{line}: {field}"
        if missing := fonts.undrawable(text):
            warnings.append(
                f"{where}: the printable chart (PDF) cannot draw {missing!r} (its typeface has no such characters) "
                "and shows a box instead; the chart page on the site shows them as typed"
            )
        if fonts.right_to_left(text):
            warnings.append(
                f"{where}: the printable chart (PDF) sets right-to-left words left to right; "
                "the chart page on the site shows them as typed"
            )
    return list(dict.fromkeys(warnings))


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts.register_for_pdf()
    base = ParagraphStyle("base", fontName=regular, fontSize=BODY_SIZE, leading=9.4, textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=13, leading=16),
        "intro": ParagraphStyle("intro", parent=base, leading=11),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, fontName=bold),
        "scale": ParagraphStyle("scale", parent=base, fontName=bold, fontSize=7, alignment=TA_CENTER, leading=8.5),
        "points": ParagraphStyle("points", parent=base, alignment=TA_CENTER, textColor=POINTS),
        "dimension": ParagraphStyle("dimension", parent=base, fontName=bold),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12, leading=15, spaceBefore=4),
        "lookup": ParagraphStyle("lookup", parent=base, fontSize=8, leading=10),
    }


def _chart(assessment: Assessment, width: float, styles: dict[str, ParagraphStyle], shade: colors.Color) -> Table:
    """Header; per dimension a shaded row with its subtotal box, then its items with the
    points printed in the answer columns."""
    # Wide enough for the longest word of a scale label (words are not broken), within reason.
    bold = styles["scale"].fontName
    longest = max(stringWidth(word, bold, styles["scale"].fontSize) for label in assessment.scale for word in label.split())
    scale_width, number_width = min(max(40.0, longest + 4), 64.0), 15.0
    text_width = width - number_width - scale_width * len(assessment.scale)
    columns = [number_width, text_width * 0.43, text_width * 0.57] + [scale_width] * len(assessment.scale)
    rows: list[list[object]] = [
        [
            "#",
            Paragraph(escape(assessment.chart.instead_heading), styles["head"]),
            Paragraph(escape(assessment.chart.rated_heading), styles["head"]),
        ]
        + [Paragraph(f"{escape(label)}<br/>({value})", styles["scale"]) for value, label in enumerate(assessment.scale)]
    ]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (0, -1), styles["cell"].fontName, BODY_SIZE),
        ("TOPPADDING", (0, 0), (-1, -1), 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
        ("LEFTPADDING", (0, 0), (2, -1), 3),
        ("RIGHTPADDING", (0, 0), (2, -1), 3),
        ("LEFTPADDING", (3, 0), (-1, -1), 1),
        ("RIGHTPADDING", (3, 0), (-1, -1), 1),
        ("BACKGROUND", (0, 0), (-1, 0), shade),
    ]
    for dimension in assessment.dimensions:
        items = assessment.items_of(dimension)
        row = len(rows)
        commands += [("SPAN", (0, row), (2, row)), ("SPAN", (3, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), shade)]
        rows.append(
            [
                Paragraph(escape(f"{dimension.name} (lesson {dimension.lesson.number})"), styles["dimension"]),
                "",
                "",
                Paragraph(f"Subtotal: ______ of {assessment.max_value * len(items)}", styles["right"]),
            ]
            + [""] * (len(assessment.scale) - 1)
        )
        for item in items:
            rows.append(
                [
                    str(item.number),
                    Paragraph(escape(item.instead), styles["cell"]),
                    Paragraph(escape(item.rated), styles["cell"]),
                ]
                + [Paragraph(str(value), styles["points"]) for value in range(len(assessment.scale))]
            )
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _scoring(
    course: Course, assessment: Assessment, width: float, styles: dict[str, ParagraphStyle], shade: colors.Color
) -> list[Flowable]:
    """Name and date; per dimension, a box for the subtotal and a lookup from every
    subtotal to its score; the total with its own lookup; the bands, each with the totals
    that reach it. No arithmetic but adding the subtotals: the lookups are
    coursekit.core.scoring's, the same scores and band as the quiz."""
    top = assessment.max_value
    total = top * len(assessment.items)
    rows: list[list[object]] = [
        [
            Paragraph(text, styles["head"])
            for text in ("Dimension", "Your subtotal", "Your score", "Find your subtotal: its score")
        ]
    ]
    for dimension in assessment.dimensions:
        maximum = top * len(assessment.items_of(dimension))
        rows.append([Paragraph(escape(dimension.name), styles["cell"]), "", "", Paragraph(_lookup(maximum), styles["lookup"])])
    rows.append([Paragraph("All items (add the subtotals)", styles["head"]), "", "", Paragraph(_lookup(total), styles["lookup"])])
    scores = Table(rows, colWidths=[width * 0.24, width * 0.1, width * 0.1, width * 0.56])
    scores.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), shade),
                ("TOPPADDING", (0, 1), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
            ]
        )
    )
    bands = Table(
        [[Paragraph(text, styles["head"]) for text in ("Overall score", "Your total", "Band", "What it means")]]
        + [
            [
                Paragraph(f"{band.min} to {band.max}", styles["cell"]),
                Paragraph(_totals_reaching(band.min, band.max, total), styles["cell"]),
                Paragraph(escape(band.name), styles["head"]),
                Paragraph(escape(band.advice), styles["cell"]),
            ]
            for band in assessment.bands
        ],
        colWidths=[width * 0.12, width * 0.12, width * 0.18, width * 0.58],
    )
    bands.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), shade),
            ]
        )
    )
    how = (
        "Write each dimension's subtotal in its row, find it in the row's list, and write the score after it. "
        "Add the subtotals for your total: its score and band are in the last row and the table below. "
        f"The self-assessment on the course site gives the same scores, at {course.meta.site_url}{routes.QUIZ_URL}."
    )
    return [
        Paragraph("Score yourself", styles["title"]),
        Paragraph("Name: ______________________________________   Date: ____________________", styles["cell"]),
        Spacer(1, 2 * mm),
        Paragraph(escape(how), styles["intro"]),
        Spacer(1, 2 * mm),
        KeepTogether([scores]),
        Spacer(1, 2 * mm),
        Paragraph("What your overall score means", styles["h2"]),
        bands,
    ]


def _lookup(maximum: int) -> str:
    """Every subtotal from 0 to `maximum` with its score, as "0 → 0 · 1 → 4 · …" (ReportLab markup)."""
    if maximum == 100:
        return "Your score is your total."
    return " · ".join(f"{points}&nbsp;→&nbsp;<b>{percent(points, maximum)}</b>" for points in range(maximum + 1))


def _totals_reaching(low: int, high: int, maximum: int) -> str:
    """The totals whose score lies in `low`..`high`, as "a to b" (scores rise with totals)."""
    totals = [points for points in range(maximum + 1) if low <= percent(points, maximum) <= high]
    if not totals:
        return "none"
    return f"{totals[0]} to {totals[-1]}" if totals[0] != totals[-1] else str(totals[0])
