"""The typeface the kit draws text with: DejaVu Sans Condensed, regular and bold, shipped in
coursekit/typefaces/ (free to redistribute: typefaces/LICENSE). The share cards and
app icons (Pillow) and the printable chart (ReportLab) use it, so every machine draws
the same glyphs with no system font and no download.

DejaVu Sans covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic
letters, combining marks and many symbols; it has no CJK and no emoji. What it cannot
draw is named by `undrawable`, so the build can say so instead of printing boxes.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parents[1] / "typefaces"
REGULAR = FOLDER / "DejaVuSansCondensed.ttf"
BOLD = FOLDER / "DejaVuSansCondensed-Bold.ttf"
# Characters that draw nothing on purpose: no glyph is needed for them.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def undrawable(text: str) -> str:
    """The characters of `text` (each once, in order) that the typeface has no glyph for."""
    glyphs = _glyphs()
    return "".join(dict.fromkeys(c for c in text if ord(c) not in glyphs and unicodedata.category(c) not in INVISIBLE_CATEGORIES))


def drawable(text: str) -> str:
    """`text` without the characters the typeface cannot draw."""
    missing = set(undrawable(text))
    return "".join(c for c in text if c not in missing)


def right_to_left(text: str) -> bool:
    """Whether `text` holds right-to-left letters (Hebrew, Arabic): the PDF draws a line
    left to right, so such words come out in reverse order of letters."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


@cache
def _glyphs() -> frozenset[int]:
    """The characters both weights have a glyph for, read from the fonts as ReportLab
    registered them (parsing the files once more would cost time and memory)."""
    from reportlab.pdfbase import pdfmetrics

    regular, bold = register_for_pdf()
    return frozenset(pdfmetrics.getFont(regular).face.charToGlyph) & frozenset(pdfmetrics.getFont(bold).face.charToGlyph)


@cache
def register_for_pdf() -> tuple[str, str]:
    """Register the typeface with ReportLab (once per process); its regular and bold names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("CourseSans", str(REGULAR)))
    pdfmetrics.registerFont(TTFont("CourseSans-Bold", str(BOLD)))
    pdfmetrics.registerFontFamily("CourseSans", normal="CourseSans", bold="CourseSans-Bold")
    return "CourseSans", "CourseSans-Bold"
