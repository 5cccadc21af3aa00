"""Converted pages kept between builds: turning the pages' Markdown into HTML is about
half of a build's time, and an author's rebuild changes one or two pages.

MkDocs converts a page in `Page.render`; the hooks hand each page's conversion to
`ConvertedPages.render` (on_page_markdown, the step before). A page is converted as
MkDocs converts it, and what that gave (the HTML, the table of contents, the title
from the first heading, the anchors the page holds and those it links to) is kept in
.cache/coursekit/pages.pickle, under a key made of everything the conversion reads:

- the page's Markdown (after every plugin's on_page_markdown), its source path,
  output path and URL;
- the site's files (where a link goes, and whether it goes anywhere);
- the Markdown extensions and their settings, mkdocs.yml's bytes (a plugin's settings
  may change a conversion), `use_directory_urls`, the validation settings and the log level;
- the versions of Python, MkDocs, Python-Markdown, pymdown-extensions, Material and
  Pygments, and of the package of any other extension in mkdocs.yml.

A conversion that logged anything (a broken link, say) is not kept, so that its message
shows again on every build until the page is fixed. Extensions that read other files
while converting (snippets, includes), and extensions that are modules of the project
rather than installed packages, are inputs the key cannot see: with one of them in
mkdocs.yml nothing is kept.
"""

from __future__ import annotations

import json
import logging
import pickle
import sys
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from coursekit.kept_entries import KeptEntries
from coursekit.preview import digest

FORMAT = "1"
# Whose code decides what a conversion gives.
VERSIONED = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments")
# The packages of VERSIONED's extensions (the rest are looked up).
KNOWN_PACKAGES = ("markdown", "pymdownx", "material", "mkdocs", "pygments")
# Extensions that read files the key does not cover.
READS_OTHER_FILES = ("pymdownx.snippets", "markdown_include.include", "mdx_include")
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


@dataclass
class ConvertedPages:
    kept: KeptEntries
    site_key: str | None = None  # worked out at the first page, once the site's files are final
    keeps: bool = True  # False with an extension that reads other files, or has no version

    @classmethod
    def open(cls, file: Path | None, *, keep_in_memory: bool = False) -> ConvertedPages:
        return cls(KeptEntries.open(file, versions(), keep_in_memory=keep_in_memory))

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What `page.render(config, files)` does, from the kept conversion when there is one."""
        if self.site_key is None:
            reads_others = any(name in READS_OTHER_FILES for name in config.markdown_extensions)
            self.keeps = not reads_others and _other_versions(_packages(config)) is not None
            self.site_key = site_key(config, files)
        if not self.keeps or page.markdown is None:
            Page.render(page, config, files)
            return
        key = digest(self.site_key, page.file.src_uri, page.file.dest_uri, page.file.url, page.markdown)
        kept = self.kept.get(key)
        if kept is not None:
            _restore(page, kept, files)
            return
        with _Listening() as heard:
            Page.render(page, config, files)
        if not heard.records:
            self.kept.put(key, _packed(page))

    def save(self, *, every_page_rendered: bool) -> None:
        """Keep this build's conversions; a dirty preview build, which rendered only the
        pages a save changed, keeps the others' too."""
        if not every_page_rendered:
            self.kept.keep_unused()
        self.kept.save()


def site_key(config: MkDocsConfig, files: Files) -> str:
    """What every page's conversion reads besides the page itself."""
    return digest(
        sorted((file.src_uri, file.dest_uri, file.url, file.inclusion.name) for file in files),
        json.dumps([config.markdown_extensions, config.mdx_configs], sort_keys=True, default=_named),
        _other_versions(_packages(config)),
        # Plugins' settings too: a plugin may add an extension or change how one converts.
        Path(config.config_file_path).read_bytes() if config.config_file_path else None,
        config.use_directory_urls,
        json.dumps(dict(config.validation), sort_keys=True, default=_named),
        PAGES_LOG.getEffectiveLevel(),
    )


@cache
def versions() -> str:
    """The code a conversion depends on: an entry made by other versions is not read."""
    return digest(FORMAT, sys.version, *(metadata.version(name) for name in VERSIONED))


def _packages(config: MkDocsConfig) -> tuple[str, ...]:
    """The top-level packages the Markdown extensions come from (a name without a dot,
    such as "abbr", is one of Python-Markdown's own; an instance names its module)."""
    names = {
        (extension.split(".")[0] if "." in extension else "markdown")
        if isinstance(extension, str)
        else type(extension).__module__.split(".")[0]
        for extension in config.markdown_extensions
    }
    return tuple(sorted(names))


@cache
def _other_versions(packages: tuple[str, ...]) -> tuple[str, ...] | None:
    """The versions of the distributions that provide extensions from other packages
    than those in VERSIONED (looked up only when there are any: it reads every
    installed distribution's file list); None when one is not installed as a
    distribution (a module of the project's own), whose code has no version to key by."""
    others = [package for package in packages if package not in KNOWN_PACKAGES]
    if not others:
        return ()
    found = metadata.packages_distributions()
    if any(package not in found for package in others):
        return None
    return tuple(f"{name} {metadata.version(name)}" for package in others for name in found[package])


def _named(value: Any) -> object:
    """A setting JSON cannot hold, by what it is (a function, a class, an extension):
    stable from one process to the next, as a repr with an address would not be."""
    if hasattr(value, "items"):
        return dict(value.items())
    kind = value if callable(value) and hasattr(value, "__qualname__") else type(value)
    return f"{kind.__module__}.{kind.__qualname__}:{getattr(value, 'name', '')}"


def _packed(page: Page) -> bytes:
    links = page.links_to_anchors
    return zlib.compress(
        pickle.dumps(
            (
                page.content,
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
            ),
            pickle.HIGHEST_PROTOCOL,
        ),
        1,
    )


def _restore(page: Page, kept: bytes, files: Files) -> None:
    content, toc, title, anchors, links = pickle.loads(zlib.decompress(kept))
    page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
    if links is not None:
        # The site's files are part of the key: every file linked to is still there.
        targets = {uri: files.get_file_from_path(uri) for uri in links}
        page.links_to_anchors = {target: links[uri] for uri, target in targets.items() if target is not None}


class _Listening(logging.Handler):
    """Every record logged while it listens, from MkDocs (which does not pass its
    records on to the root logger) and from everything else (Markdown's extensions)."""

    LOGGERS = ("mkdocs", "")

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> _Listening:
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
