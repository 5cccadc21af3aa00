"""What the author's preview (`./course serve`, that is `mkdocs serve --dirty`) remembers
from one rebuild to the next, so that a saved lesson re-renders its own page, not the
whole course.

MkDocs' dirty build renders only the pages whose file says `is_modified()`; generated
pages have no source file to compare, so this module decides for them. Each generated
page has a key: a digest of its Markdown and of the HTML the build adds to it. A page
is rendered when its key changed. Anything that every page shows (the nav, the course's
title and colours, mkdocs.yml, the theme, the list of files) makes the site key; when
that changes, the preview starts over: it empties the site folder, as a clean build
would, so no page of a renamed lesson is left behind, and renders everything.

Material's search plugin, in a dirty preview, keeps the previous index and replaces the
entries of the first page it indexed; so at most one searchable page may change in a
partial rebuild, and starting over drops the previous index.

The downloads, emails and pictures are remade only when what they are made from changed
(`artefact_parts`); their keys count only once they were written in full.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import clean_directory

from coursekit.core.model import Course, Lesson

# MkDocs warns that a dirty build gives inaccurate navigation; the preview's is exact
# (see above), and under `strict: true` that warning alone would abort every rebuild.
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class PreviewMemory:
    """One `mkdocs serve --dirty` process's memory of the site folder it serves."""

    site_key: str | None = None
    page_keys: dict[str, str] = field(default_factory=dict)  # src_uri: key, as the site folder holds them
    lesson_html: dict[str, str] = field(default_factory=dict)  # slug: converted HTML, for the print page
    artefact_keys: dict[str, str] = field(default_factory=dict)  # part: key, of parts written in full
    _pending: tuple[str, dict[str, str]] | None = None

    def changed_pages(self, site_key: str, keys: Mapping[str, str], searchable: Iterable[str], config: MkDocsConfig) -> set[str]:
        """The generated pages (by src_uri) this build renders: those whose key changed,
        or all of them after starting over (a new site key, or more than one searchable
        page changed)."""
        changed = {source for source, key in keys.items() if self.page_keys.get(source) != key}
        if site_key != self.site_key or len(changed & set(searchable)) > 1:
            self.start_over(config)
            changed = set(keys)
        self._pending = (site_key, dict(keys))
        return changed

    def artefact_parts(self, keys: Mapping[str, str]) -> frozenset[str]:
        """The artefact parts whose inputs changed; forgotten until written in full again."""
        parts = frozenset(part for part, key in keys.items() if self.artefact_keys.get(part) != key)
        for part in parts:
            self.artefact_keys.pop(part, None)
        return parts

    def artefacts_written(self, keys: Mapping[str, str]) -> None:
        """The parts with these keys are complete in the site folder."""
        self.artefact_keys.update(keys)

    def commit(self) -> None:
        """The build finished: the site folder holds what this build's keys say."""
        if self._pending is not None:
            self.site_key, self.page_keys = self._pending
        self._pending = None

    def forget(self) -> None:
        """The build failed part way, or showed the error page: the next one starts over."""
        self.site_key = None
        self._pending = None

    def forget_unfinished(self) -> None:
        """The build ends: if it never finished, the site folder is not what its keys say."""
        if self._pending is not None:
            self.forget()

    def start_over(self, config: MkDocsConfig) -> None:
        """Empty the site folder and forget what it held (a fresh preview starts so)."""
        clean_directory(config.site_dir)
        self.site_key = None
        self.page_keys.clear()
        self.lesson_html.clear()
        self.artefact_keys.clear()
        for plugin in config.plugins.values():
            # Material's search merges a dirty rebuild's entries into the previous index;
            # a rebuild of every page must not inherit it (that would double every entry).
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning about dirty builds, which the preview makes exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    """Install the filter on the logger MkDocs warns from (once per process)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, DirtyWarningFilter) for f in logger.filters):
        logger.addFilter(DirtyWarningFilter())


def digest(*parts: object) -> str:
    """A key for values whose repr is stable (strings, numbers, tuples, dataclasses of those)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def outline(value: Any) -> Any:
    """`value` (the course, or any part of it) as nested tuples, each lesson reduced to what
    pages other than its own show: number, address, title, summary, reading time, draft.
    The course's warnings are left out: they are printed, not shown on any page."""
    if isinstance(value, Lesson):
        return ("lesson", value.number, value.slug, value.source.name, value.title, value.summary, value.minutes, value.draft)
    if isinstance(value, Course):
        return ("course", outline(value.meta), outline(value.lessons), str(value.root), outline(value.assessment))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(outline(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(outline(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, outline(item)) for key, item in value.items())
    return value


def theme_stamp(folders: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Every file of the course's own theme folders, by path, size and modification time."""
    return tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (stat := path.stat())
    )
