"""The "managing vs leading" chart as a one-page landscape PDF (ReportLab).

Bytes built from the course model, identical for identical input: ReportLab's
invariant mode, dated by SOURCE_DATE_EPOCH when it is set.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coursekit.assessment_loader import ASSESSMENT_FILE
from coursekit.errors import CourseError
from coursekit.model import Assessment, Course
from coursekit.sources import display_path

INK = colors.HexColor("#1f2430")
RULE = colors.HexColor("#9aa0ad")


def chart_title(assessment: Assessment) -> str:
    return f"Managing vs leading: {len(assessment.items)} differences"


def chart_pdf(course: Course) -> bytes:
    """The chart as a one-page landscape A4 PDF with selectable text."""
    assessment = course.require_assessment()
    buffer = io.BytesIO()
    margin = 10 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 4 * mm,
        invariant=1,
        title=chart_title(assessment),
        author=course.meta.organisation,
        subject=f"{course.meta.title} self-assessment",
        creator="coursekit",
    )
    styles = _styles()
    story = [
        Paragraph(escape(chart_title(assessment)), styles["title"]),
        Paragraph(
            escape(
                f"{course.meta.title}, a self-assessment. For each pair, the left column is how a task "
                f"manager tends to act and the right column how a people leader acts. {assessment.question} "
                f"Tick one box for the leader behaviour."
            ),
            styles["intro"],
        ),
        Spacer(1, 2 * mm),
        _table(assessment, doc.width, styles, colors.HexColor(course.colours.tint)),
    ]

    def footer(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(INK)
        canvas.drawString(margin, margin, f"{course.meta.title} · {course.meta.organisation}")
        canvas.drawRightString(landscape(A4)[0] - margin, margin, course.meta.site_url)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    if doc.page > 1:
        raise CourseError(
            display_path(course.root / ASSESSMENT_FILE),
            f"the printable chart needs {doc.page} pages instead of one",
            "shorten the longest manager and leader statements, or use fewer items",
            field="items",
        )
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=7.5, leading=8.6, textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=14, leading=17),
        "intro": ParagraphStyle("intro", parent=base, fontSize=8, leading=10),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, fontName="Helvetica-Bold"),
        "scale": ParagraphStyle("scale", parent=base, fontName="Helvetica-Bold", fontSize=6.6, leading=7.6, alignment=TA_CENTER),
        "dimension": ParagraphStyle("dimension", parent=base, fontName="Helvetica-Bold", fontSize=8.4),
    }


def _table(assessment: Assessment, width: float, styles: dict[str, ParagraphStyle], shade: colors.Color) -> Table:
    """Header, then per dimension a shaded heading row and its items with empty tick boxes."""
    scale_width = 38.0
    number_width = 16.0
    text_width = (width - number_width - scale_width * len(assessment.scale)) / 2
    columns = [number_width, text_width, text_width] + [scale_width] * len(assessment.scale)
    rows = [
        ["#", Paragraph("Manager", styles["head"]), Paragraph("Leader", styles["head"])]
        + [Paragraph(escape(label), styles["scale"]) for label in assessment.scale]
    ]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (0, -1), "Helvetica", 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (3, 0), (-1, 0), 1),
        ("RIGHTPADDING", (3, 0), (-1, 0), 1),
        ("BACKGROUND", (0, 0), (-1, 0), shade),
    ]
    for dimension in assessment.dimensions:
        commands += [("SPAN", (0, len(rows)), (-1, len(rows))), ("BACKGROUND", (0, len(rows)), (-1, len(rows)), shade)]
        rows.append(
            [Paragraph(escape(f"{dimension.name} (lesson {dimension.lesson.number})"), styles["dimension"])]
            + [""] * (len(columns) - 1)
        )
        for item in assessment.items_of(dimension):
            rows.append(
                [
                    str(item.number),
                    Paragraph(escape(item.manager), styles["cell"]),
                    Paragraph(escape(item.leader), styles["cell"]),
                ]
                + [""] * len(assessment.scale)
            )
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table
