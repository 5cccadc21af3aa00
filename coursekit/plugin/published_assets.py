"""The kit's own scripts and stylesheets, and the brand colours, as the site publishes
them: minified (rjsmin and rcssmin, pure Python and deterministic) and named by a digest
of what they hold, e.g. assets/course.3f2a9c0b11.js.

A name that changes with the content is what keeps a page whole: a page that is new in a
deploy, opened while the previous version's offline copy is in charge, asks for the new
script by its new name, which that copy does not hold, instead of being given the old one.
The readable sources stay in the theme (coursekit/theme/assets/, or a course's own theme
folder, which MkDocs searches first).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from coursekit.core import routes

# /*! ... */ comments stay: a vendored library's licence notice travels with it.
MINIFIERS = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}
KIT_THEME = Path(__file__).parents[1] / "theme"


@dataclass(frozen=True)
class PublishedAsset:
    """One asset as published: its site path with the digest, and its text."""

    path: str
    text: str


def published_assets(config: MkDocsConfig, brand_css: str) -> dict[str, PublishedAsset]:
    """By the name the kit knows it by (assets/course.js, assets/brand.css), each asset as
    the site publishes it: the kit's from the theme's folders, the brand's as given."""
    found = {routes.BRAND_CSS: brand_css}
    # The theme's folders first (a course may override a file), then the kit's own theme.
    folders = [Path(folder) for folder in config.theme.dirs] + [KIT_THEME]
    for name in routes.KIT_ASSETS:
        source = next(folder / name for folder in folders if (folder / name).is_file())
        found[name] = source.read_text(encoding="utf-8")
    return {name: _named(name, MINIFIERS[Path(name).suffix](text)) for name, text in found.items()}


def add_published_assets(files: Files, config: MkDocsConfig, assets: dict[str, PublishedAsset]) -> None:
    """The assets in the site under their digest names, in place of the theme's own copies."""
    for name, asset in assets.items():
        readable = files.get_file_from_path(name)
        if readable is not None:
            files.remove(readable)
        files.append(File.generated(config, asset.path, content=asset.text))


def _named(name: str, text: str) -> PublishedAsset:
    stem, suffix = name.rsplit(".", 1)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return PublishedAsset(f"{stem}.{digest}.{suffix}", text)
