"""The assessment's chart as a printable self-assessment (ReportLab): the
chart on a landscape page, with the points printed in the answer columns and a
subtotal box per dimension, then a scoring page (name and date, the subtotals, the
total, how to turn them into scores, and the bands) that gives the same scores and
band as the quiz, by the rules of coursekit.scoring.

A4 and US Letter, from the same code. Bytes are identical for identical input
(ReportLab's invariant mode, dated by SOURCE_DATE_EPOCH when it is set).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coursekit import routes
from coursekit.assessment_loader import ASSESSMENT_FILE
from coursekit.errors import CourseError
from coursekit.model import Assessment, Course
from coursekit.sources import display_path

INK = colors.HexColor("#1f2430")
RULE = colors.HexColor("#9aa0ad")
POINTS = colors.HexColor("#5c6170")
PAGE_SIZES = {"a4": landscape(A4), "letter": landscape(letter)}
BODY_SIZE = 9  # points: the statements, the points and the key are all read on paper


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
        topMargin=margin,
        bottomMargin=margin + 4 * mm,
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

    def footer(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(INK)
        canvas.drawString(margin, margin, f"{course.meta.title} · {course.meta.organisation}")
        canvas.drawRightString(page[0] - margin, margin, f"{course.meta.site_url} · page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    # On A4 the chart is one page and the scoring the second; US Letter is shorter and may
    # continue the chart on a second page (its header repeated).
    if doc.page > (2 if paper == "a4" else 3):
        raise CourseError(
            display_path(course.root / ASSESSMENT_FILE),
            f"the printable chart on {paper.upper()} needs {doc.page - 1} pages",
            "shorten the longest 'instead:' and 'rated:' statements, or use fewer items",
            field="items",
        )
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=BODY_SIZE, leading=10, textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=13, leading=16),
        "intro": ParagraphStyle("intro", parent=base, leading=11),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, fontName="Helvetica-Bold"),
        "scale": ParagraphStyle("scale", parent=base, fontName="Helvetica-Bold", fontSize=7, alignment=TA_CENTER, leading=8.5),
        "points": ParagraphStyle("points", parent=base, alignment=TA_CENTER, textColor=POINTS),
        "dimension": ParagraphStyle("dimension", parent=base, fontName="Helvetica-Bold"),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "h2": ParagraphStyle("h2", parent=base, fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=4),
    }


def _chart(assessment: Assessment, width: float, styles: dict[str, ParagraphStyle], shade: colors.Color) -> Table:
    """Header; per dimension a shaded row with its subtotal box, then its items with the
    points printed in the answer columns."""
    scale_width, number_width = 40.0, 15.0
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
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (0, -1), "Helvetica", BODY_SIZE),
        ("TOPPADDING", (0, 0), (-1, -1), 0.9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
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
) -> list:
    """Name and date; a row per dimension to turn its subtotal into a score; the total;
    the bands. The arithmetic is coursekit.scoring's: points divided by the maximum, as a
    percentage rounded half up."""
    top = assessment.max_value
    total = top * len(assessment.items)
    rows: list[list[object]] = [
        [
            Paragraph(text, styles["head"])
            for text in ("Dimension", "Your subtotal", "Out of", "Your score: subtotal × 100 ÷ out of")
        ]
    ]
    for dimension in assessment.dimensions:
        maximum = top * len(assessment.items_of(dimension))
        rows.append([Paragraph(escape(dimension.name), styles["cell"]), "", Paragraph(str(maximum), styles["points"]), ""])
    rows.append([Paragraph("All items (add the subtotals)", styles["head"]), "", Paragraph(str(total), styles["points"]), ""])
    scores = Table(rows, colWidths=[width * 0.34, width * 0.16, width * 0.12, width * 0.38])
    scores.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), shade),
                ("TOPPADDING", (0, 1), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
            ]
        )
    )
    bands = Table(
        [[Paragraph(text, styles["head"]) for text in ("Overall score", "Band", "What it means")]]
        + [
            [
                Paragraph(f"{band.min} to {band.max}", styles["cell"]),
                Paragraph(escape(band.name), styles["head"]),
                Paragraph(escape(band.advice), styles["cell"]),
            ]
            for band in assessment.bands
        ],
        colWidths=[width * 0.14, width * 0.2, width * 0.66],
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
        "Round each score to the nearest whole number (a half rounds up). The overall score is the total of all "
        f"items × 100 ÷ {total}. The self-assessment on the course site does the same sums, at "
        f"{course.meta.site_url}{routes.QUIZ_URL}."
    )
    return [
        Paragraph("Score yourself", styles["title"]),
        Paragraph("Name: ______________________________________   Date: ____________________", styles["cell"]),
        Spacer(1, 3 * mm),
        KeepTogether([scores]),
        Spacer(1, 2 * mm),
        Paragraph(escape(how), styles["intro"]),
        Spacer(1, 2 * mm),
        Paragraph("What your overall score means", styles["h2"]),
        bands,
    ]
