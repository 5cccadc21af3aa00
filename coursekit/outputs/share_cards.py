"""Share cards and app icons: the 1200×630 picture a link preview shows (one per
lesson, and one each for home, the self-assessment and the chart) and the icons
of the installable course, drawn with Pillow in the course's colours.

    specs = card_specs(course)            # names, words and alt text, known at once
    png = render_card(spec)               # the picture (deterministic bytes)
    write_images(course, folder)          # every card and icon into the site

A card's file name carries a digest of everything drawn on it, so a changed title
gets a new address (link previews cache pictures for weeks).

The typeface is the kit's own (coursekit.outputs.fonts): no system font, no download, the
same glyphs on every machine.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.core import routes
from coursekit.core.errors import CourseError
from coursekit.core.model import Course, Lesson
from coursekit.core.sources import display_path
from coursekit.outputs import fonts

if TYPE_CHECKING:  # Pillow is imported only where pictures are drawn: the artefact process
    from PIL import Image, ImageFont

CARD_SIZE = (1200, 630)
ICON_SIZES = {"icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180}
MASKABLE_ICON = "maskable-512.png"
MARGIN = 80
TITLE_SIZES = (76, 68, 60, 52, 46)  # the largest at which the whole title fits wins
# More text than any card can show at its smallest size, even of the narrowest letters:
# what lies beyond is cut (and the card ends in "…") without being measured.
DRAWN_CHARACTERS = 1_000
SUBTITLE_LINES = 2
# Change this with any change to how a card or icon is laid out: link previews keep a
# picture for weeks, so a picture that looks different needs a new file name.
LAYOUT = "2026-12-05 palette"
PALETTE_STEPS = 32  # shades from a background to the text on it (see _png)


@dataclass(frozen=True)
class CardSpec:
    """What one card shows and where it lives."""

    page: str  # the page's source path (routes.*_SOURCE or a lesson's)
    kicker: str  # above the title: "Lesson 3 of 10 · 6 min read"
    title: str
    subtitle: str  # under the title, smaller (home: the tagline); may be empty
    footer: str  # the course and its publisher
    primary: str
    on_primary: str
    tint: str

    @property
    def digest(self) -> str:
        fields = (
            drawing_version(),
            self.kicker,
            self.title,
            self.subtitle,
            self.footer,
            self.primary,
            self.on_primary,
            self.tint,
        )
        return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:12]

    @property
    def path(self) -> str:
        """Its site path, e.g. assets/cards/lesson-check-for-danger.3f2a9c0b11de.png."""
        return routes.card_path(self.page, self.digest)

    @property
    def alt(self) -> str:
        """What the picture shows, as sentences: a title ending in "?" keeps its own stop."""
        parts = [self.title, self.subtitle, self.kicker, self.footer]
        return " ".join(_sentence(part) for part in parts if part.strip())

    def render(self) -> bytes:
        return render_card(self)


@dataclass(frozen=True)
class IconSpec:
    """One app icon: the course's picture (brand.logo or favicon, when a PNG, JPEG, WebP
    or GIF), else its initials, on its primary colour."""

    name: str  # its file name in assets/icons/
    size: int
    maskable: bool
    text: str
    primary: str
    on_primary: str
    picture: Path | None = None

    @property
    def digest(self) -> str:
        fields = (drawing_version(), self.name, str(self.size), str(self.maskable), self.text, self.primary, self.on_primary)
        return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:12]

    @property
    def path(self) -> str:
        return routes.icon_path(self.name)

    def render(self) -> bytes:
        if self.picture is not None:
            return render_picture_icon(self.picture, self.size, self.primary, maskable=self.maskable)
        return render_icon(self.text, self.size, self.primary, self.on_primary, maskable=self.maskable)


def card_specs(course: Course) -> dict[str, CardSpec]:
    """Every card, by the source path of the page it belongs to."""
    colours = course.colours
    footer = f"{course.meta.title} · {course.meta.organisation}"

    def spec(page: str, kicker: str, title: str, subtitle: str = "") -> CardSpec:
        return CardSpec(page, kicker, title, subtitle, footer, colours.primary, colours.on_primary, colours.tint)

    count = len(course.lessons)
    lessons = "1 lesson" if count == 1 else f"{count} short lessons"
    specs = {routes.HOME_SOURCE: spec(routes.HOME_SOURCE, f"A course in {lessons}", course.meta.title, course.meta.tagline)}
    for lesson in course.lessons:
        specs[routes.lesson_source(lesson)] = spec(routes.lesson_source(lesson), _lesson_kicker(lesson, count), lesson.title)
    if course.assessment is not None:
        items = len(course.assessment.items)
        quiz_title = f"{course.assessment.title} Rate yourself on {items} everyday behaviours"
        specs[routes.QUIZ_SOURCE] = spec(routes.QUIZ_SOURCE, "Self-assessment", quiz_title)
        specs[routes.CHART_SOURCE] = spec(routes.CHART_SOURCE, "Printable chart", course.assessment.chart_heading)
    return specs


def _lesson_kicker(lesson: Lesson, count: int) -> str:
    return f"Lesson {lesson.number} of {count} · {lesson.minutes} min read"


def render_card(spec: CardSpec) -> bytes:
    """The card as PNG: the kicker, the title wrapped to fit, a band with the course's name."""
    from PIL import Image, ImageDraw

    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, spec.primary)
    draw = ImageDraw.Draw(image)
    band = 110
    draw.rectangle((0, height - band, width, height), fill=spec.tint)
    draw.rectangle((MARGIN, MARGIN, MARGIN + 96, MARGIN + 10), fill=spec.tint)
    draw.text((MARGIN, MARGIN + 40), fonts.drawable(spec.kicker), font=_font(fonts.REGULAR, 34), fill=spec.on_primary)

    top, bottom, room = MARGIN + 120, height - band - 36, width - 2 * MARGIN
    subtitle_font = _font(fonts.REGULAR, 34)
    subtitle = _wrap(fonts.drawable(spec.subtitle), subtitle_font, room)[:SUBTITLE_LINES] if spec.subtitle.strip() else []
    subtitle_height = (len(subtitle) * 44 + 24) if subtitle else 0
    # The largest title size whose lines fit above the subtitle; at the smallest, the rest is cut.
    for size in TITLE_SIZES:
        font = _font(fonts.BOLD, size)
        leading = round(size * 1.18)
        fits = max(1, (bottom - top - subtitle_height - size) // leading + 1)
        lines = _wrap(fonts.drawable(spec.title), font, room)
        if len(lines) <= fits:
            break
    cut = len(lines) > fits
    lines = _fit_lines(lines[:fits], font, room, cut=cut)
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * leading), line, font=font, fill=spec.on_primary)
    y = top + (len(lines) - 1) * leading + size + 24
    if subtitle:
        subtitle = _fit_lines(subtitle, subtitle_font, room, cut=len(_wrap(spec.subtitle, subtitle_font, room)) > SUBTITLE_LINES)
    for index, line in enumerate(subtitle):
        draw.text((MARGIN, y + index * 44), line, font=subtitle_font, fill=spec.on_primary)

    footer_font = _font(fonts.REGULAR, 30)
    footer = _fit_lines([fonts.drawable(spec.footer)], footer_font, room, cut=False)[0]
    draw.text((MARGIN, height - band / 2), footer, font=footer_font, fill=spec.primary, anchor="lm")
    return _png(image, [(spec.primary, spec.on_primary), (spec.tint, spec.primary)])


def render_icon(text: str, size: int, primary: str, on_primary: str, *, maskable: bool = False) -> bytes:
    """A square app icon: the course's initials on its primary colour. A maskable icon keeps
    them inside the middle 80 % that every launcher's mask leaves visible."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), primary)
    draw = ImageDraw.Draw(image)
    share = 0.32 if maskable else 0.42
    font = _font(fonts.BOLD, max(8, round(size * share)))
    draw.text((size / 2, size / 2), fonts.drawable(text), font=font, fill=on_primary, anchor="mm")
    return _png(image, [(primary, on_primary)])


def render_picture_icon(picture: Path, size: int, primary: str, *, maskable: bool = False) -> bytes:
    """A square app icon: the course's picture, as large as fits, on its primary colour (as
    the header shows the logo). A maskable icon keeps it inside the middle 80 % that every
    launcher's mask leaves visible; its transparent parts show the primary colour."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(picture) as opened:
            opened.draft("RGB", (size, size))  # a large JPEG: decoded at about the size needed
            logo = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as err:
        raise CourseError(
            display_path(picture),
            f"cannot be drawn into the app icons ({err})",
            "save it again as a PNG of 512 px or so, or point brand.logo or brand.favicon at another picture",
        ) from None
    room = round(size * (0.56 if maskable else 0.8))  # a square in the mask's circle of 80 %
    logo = ImageOps.contain(logo, (room, room), Image.Resampling.LANCZOS)  # up or down to fit
    image = Image.new("RGBA", (size, size), primary)
    image.alpha_composite(logo, ((size - logo.width) // 2, (size - logo.height) // 2))
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def _sentence(text: str) -> str:
    """`text` ending in one full stop, or in its own ? ! or …"""
    text = text.strip()
    return text if text.endswith(("?", "!", "…", ".")) else text + "."


def initials(title: str) -> str:
    """Up to two initials of the course's title: First Aid Basics -> FA."""
    letters = [word[0] for word in title.split() if word[:1].isalnum()]
    return ("".join(letters[:2]) or title[:1] or "?").upper()


def image_specs(course: Course, picture: Path | None = None) -> list[CardSpec | IconSpec]:
    """Every picture the site holds: the share cards and the app icons (drawn from
    `picture` when there is one, else the course's initials)."""
    colours, text = course.colours, initials(course.meta.title)
    icons = [IconSpec(name, size, False, text, colours.primary, colours.on_primary, picture) for name, size in ICON_SIZES.items()]
    icons.append(IconSpec(MASKABLE_ICON, 512, True, text, colours.primary, colours.on_primary, picture))
    return [*card_specs(course).values(), *icons]


def write_images(course: Course, folder: Path, picture: Path | None = None) -> list[str]:
    """Draw every card and icon into the site folder `folder`. Warnings for authors."""
    warnings = []
    for spec in image_specs(course, picture):
        if isinstance(spec, CardSpec) and (missing := fonts.undrawable(spec.kicker + spec.title + spec.subtitle + spec.footer)):
            warnings.append(
                f"the share card of {spec.page} cannot draw {missing!r} (its font has no such characters); "
                "they are left out of the picture, not of the page"
            )
        target = folder / spec.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(spec.render())
    return warnings


def _longest_fitting(text: str, font: ImageFont.FreeTypeFont, room: float, *, suffix: str = "", least: int = 1) -> int:
    """How many characters of `text` fit in `room` followed by `suffix` (at least `least`),
    found by halving: a measurement per halving, not one per character."""
    low, high = least, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle] + suffix) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def _wrap(text: str, font: ImageFont.FreeTypeFont, room: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than a line is broken. Only as
    much text as a card can show is wrapped (DRAWN_CHARACTERS): the time is bounded."""
    lines: list[str] = []
    line = ""
    for word in text[:DRAWN_CHARACTERS].split():
        while font.getlength(word) > room:  # one very long word: break it where it overflows
            cut = _longest_fitting(word, font, room)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= room:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _fit_lines(lines: list[str], font: ImageFont.FreeTypeFont, room: float, *, cut: bool) -> list[str]:
    """The last line ends in '…' when text was cut, or when it is itself too wide."""
    last = lines[-1]
    if not cut and font.getlength(last) <= room:
        return lines
    if font.getlength(last + "…") > room:
        last = last[: _longest_fitting(last, font, room, suffix="…", least=0)]
    return [*lines[:-1], last.rstrip() + "…"]


@cache
def drawing_version() -> str:
    """What else decides a picture's bytes: the layout (LAYOUT), Pillow and zlib (which
    encode the PNG) and the fonts. Part of every file name, so that a picture that looks
    different gets a new address, and one that looks the same keeps its own."""
    import zlib

    import PIL

    parts = [LAYOUT.encode(), PIL.__version__.encode(), zlib.ZLIB_RUNTIME_VERSION.encode()]
    parts += [fonts.REGULAR.read_bytes(), fonts.BOLD.read_bytes()]
    return hashlib.sha256(b"\x1f".join(parts)).hexdigest()[:16]


@cache
def _font(name: Path, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(name), size)


def _png(image: Image.Image, pairs: list[tuple[str, str]]) -> bytes:
    """The picture as an 8-bit palette PNG. Every pixel is a colour of one of `pairs` (text
    on its background) or a blend of the two (the text's smoothed edges): a palette of 32
    steps from one to the other per pair keeps the picture (no channel moves by more than
    a few levels) at a third of the encoding time and size of full colour. No text
    chunks, no time: the same picture gives the same bytes."""
    from PIL import Image, ImageColor

    colours = []
    for background, ink in pairs:
        start, end = ImageColor.getrgb(background)[:3], ImageColor.getrgb(ink)[:3]
        colours += [
            tuple(round(a + (b - a) * step / (PALETTE_STEPS - 1)) for a, b in zip(start, end)) for step in range(PALETTE_STEPS)
        ]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    out = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()
