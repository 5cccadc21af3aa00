"""Images an author put in a lesson or a docs page without alt text: a learner who cannot
see them (a screen reader, a slow network, an image that does not load) gets nothing.

`![what it shows](file.png)` gives the alt text. An image that only decorates says so
with `role="presentation"` (or `aria-hidden="true"`), e.g. `![](line.png){ role=presentation }`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path, line_naming

ALT_FIX = (
    "describe it in the brackets, ![what the image shows](file.png); if it only decorates, add { role=presentation } after it"
)


class _Images(HTMLParser):
    """The src of every <img> with no alt text that does not say it is decoration."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        found = dict(attrs)
        decorative = found.get("role") == "presentation" or found.get("aria-hidden") == "true"
        if not (found.get("alt") or "").strip() and not decorative:
            self.missing.append(found.get("src") or "")


def images_without_alt(html: str) -> list[str]:
    """The addresses of the images in `html` that lack alt text."""
    if "<img" not in html.lower():  # most pages have none: no need to parse them
        return []
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.missing


def alt_problems(html: str, source: Path) -> list[CourseError]:
    """A problem for each image without alt text, on the line of `source` that names it."""
    return [
        CourseError(display_path(source), f"the image {src} has no alt text", ALT_FIX, line=line_naming(source, src))
        for src in images_without_alt(html)
    ]
