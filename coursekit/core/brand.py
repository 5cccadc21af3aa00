"""The course's colours, from the two an author chooses (`brand.primary` and
`brand.accent` in course.yml) to every shade the site, the emails and the PDF use,
and the contrast rule they must meet (WCAG 2.2, 1.4.3: text at least 4.5:1).

    colours = brand_colours(course.meta.brand)   # light and dark shades, all checked
    problems = contrast_problems(course.meta.brand)

The header and buttons use the primary colour as given (white text on it); links take
it too, darkened just enough where it sits on a tinted background (the callouts, the
emails' "next" box); the dark palette derives lighter shades that reach 4.5:1 on its
dark background and callouts. So only the given colours can fail (white text on them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

WHITE = "#ffffff"
BLACK = "#000000"
LIGHT_BACKGROUND = WHITE
# mkdocs-material's slate background, hsl(232, 15%, 14%), as Chromium paints it
# (Python's colorsys rounds it to #1e2029, which flattered every shade by a little).
DARK_BACKGROUND = "#1e2129"
# Material's "transparent" accent (--md-accent-fg-color--transparent, the colour plus
# alpha 0x1a), which the lesson's tool box is washed with: links sit on it too.
CALLOUT_SHARE = 0x1A / 0xFF
EMAIL_DARK_BACKGROUND = "#22252f"
TEXT_CONTRAST = 4.5


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0 to 1) of `other` mixed in."""
    return _hex(tuple(a + (b - a) * share for a, b in zip(_channels(colour), _channels(other))))  # type: ignore[arg-type]


def readable_on(colour: str, background: str, towards: str) -> str:
    """`colour`, mixed towards `towards` (white or black) just enough to reach 4.5:1 on `background`."""
    for step in range(0, 101):
        candidate = mix(colour, towards, step / 100)
        if contrast(candidate, background) >= TEXT_CONTRAST:
            return candidate
    return towards


def readable_on_all(colour: str, backgrounds: list[str], towards: str) -> str:
    """`colour`, mixed towards `towards` just enough to reach 4.5:1 on every one of `backgrounds`."""
    for step in range(0, 101):
        candidate = mix(colour, towards, step / 100)
        if all(contrast(candidate, background) >= TEXT_CONTRAST for background in backgrounds):
            return candidate
    return towards


def callout_background(accent: str, background: str) -> str:
    """The background of a callout washed with `accent` (the lesson's tool box)."""
    return mix(background, accent, CALLOUT_SHARE)


def readable_accent_on_dark(accent: str) -> str:
    """The accent's shade for the dark palette: readable on the page, and on the callouts
    it washes itself (their background depends on the shade chosen)."""
    for step in range(0, 101):
        candidate = mix(accent, WHITE, step / 100)
        washed = callout_background(candidate, DARK_BACKGROUND)
        if contrast(candidate, DARK_BACKGROUND) >= TEXT_CONTRAST and contrast(candidate, washed) >= TEXT_CONTRAST:
            return candidate
    return WHITE


@dataclass(frozen=True)
class BrandColours:
    """Every shade the outputs use, derived from the two brand colours."""

    primary: str  # header and primary buttons (white text on it)
    accent: str  # as given: the wash of the lesson's tool box
    on_primary: str  # text on the primary colour
    primary_on_light: str  # links and brand-coloured text in the light palette and the emails
    accent_on_light: str  # hovered links, focus rings, highlights in the light palette
    primary_on_dark: str  # links and outlined buttons in the dark palette
    accent_on_dark: str  # hovered links, focus rings in the dark palette
    tint: str  # a pale wash of the primary colour: table heads, the email's "next" box
    dark_tint: str  # the same wash on the dark background

    def css(self) -> str:
        """Custom properties for mkdocs-material (palette `custom`) and the course stylesheet."""
        return (
            ":root,[data-md-color-scheme=default]{"
            f"--md-primary-fg-color:{self.primary};--md-primary-fg-color--light:{self.primary};"
            f"--md-primary-fg-color--dark:{self.primary};--md-primary-bg-color:{self.on_primary};"
            f"--md-accent-fg-color:{self.accent_on_light};--md-accent-fg-color--transparent:{self.accent}1a;"
            f"--md-typeset-a-color:{self.primary_on_light};--course-brand-text:{self.primary_on_light};"
            f"--course-brand-wash:{self.primary}1a}}"
            "[data-md-color-scheme=slate]{"
            f"--md-primary-fg-color:{self.primary};--md-primary-fg-color--light:{self.primary};"
            f"--md-primary-fg-color--dark:{self.primary};--md-primary-bg-color:{self.on_primary};"
            f"--md-accent-fg-color:{self.accent_on_dark};--md-accent-fg-color--transparent:{self.accent_on_dark}1a;"
            # Focused and hovered buttons take the accent as background: dark text on the light shade.
            f"--md-accent-bg-color:{DARK_BACKGROUND};"
            f"--md-typeset-a-color:{self.primary_on_dark};--course-brand-text:{self.primary_on_dark};"
            f"--course-brand-wash:{self.primary_on_dark}1a}}"
            # On paper the page is white whatever the screen's palette: the light shades.
            "@media print{[data-md-color-scheme=slate]{"
            f"--md-accent-fg-color:{self.accent_on_light};--md-accent-fg-color--transparent:{self.accent}1a;"
            f"--md-typeset-a-color:{self.primary_on_light};--course-brand-text:{self.primary_on_light};"
            f"--course-brand-wash:{self.primary}1a}}}}\n"
        )


@cache  # every email and page asks for the colours: deriving them searches for readable shades
def brand_colours(primary: str, accent: str) -> BrandColours:
    primary, accent = primary.lower(), accent.lower()
    accent_on_dark = readable_accent_on_dark(accent)
    dark_tint = mix(primary, EMAIL_DARK_BACKGROUND, 0.75)
    # Links in the dark palette sit on the page, on the callouts the accent washes, and in
    # dark-mode emails on their background and in their tinted "next" box.
    dark_backgrounds = [DARK_BACKGROUND, callout_background(accent_on_dark, DARK_BACKGROUND), EMAIL_DARK_BACKGROUND, dark_tint]
    # In the light palette, links sit on white, on the callouts the accent washes, and in
    # emails in their tinted "next" box: a colour that passes on white may not on those.
    tint = mix(primary, WHITE, 0.88)
    light_callout = callout_background(accent, WHITE)
    return BrandColours(
        primary=primary,
        accent=accent,
        on_primary=WHITE,
        primary_on_light=readable_on_all(primary, [WHITE, light_callout, tint], BLACK),
        accent_on_light=readable_on_all(accent, [WHITE, light_callout], BLACK),
        primary_on_dark=readable_on_all(primary, dark_backgrounds, WHITE),
        accent_on_dark=accent_on_dark,
        tint=tint,
        dark_tint=dark_tint,
    )


def contrast_problem(name: str, colour: str) -> tuple[str, str] | None:
    """What is wrong with a brand colour (white text on it, and it as text on white, must
    both reach 4.5:1) and the nearest darker colour that passes; None if it passes."""
    ratio = contrast(colour, WHITE)
    if ratio >= TEXT_CONTRAST:
        return None
    better = readable_on(colour, WHITE, BLACK)
    return (
        f"{colour} has a contrast of {ratio:.2f}:1 with white, below the 4.5:1 that text needs "
        f"(white text on the {name} colour, and {name}-coloured links on white)",
        f"use a darker shade, e.g. {better} ({contrast(better, WHITE):.2f}:1); the dark palette derives its own lighter shade",
    )
