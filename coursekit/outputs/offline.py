"""The installable, offline course: the web app manifest, and the service worker that
keeps a copy of the whole course in the learner's browser.

    web_manifest(course)                      # manifest.webmanifest (JSON), known at on_files
    copy = offline_copy(site_dir)             # after the build wrote every file: what to keep
    write_service_worker(site_dir, copy)      # sw.js with that list, and each file's digest
    write_retiring_worker(site_dir)           # the preview: a worker that removes itself

What the worker keeps is read off the built site, not declared: every page, and every
file of the site a page refers to (stylesheets, scripts, icons, downloads, email
previews), plus the search index and Material's search worker, each with the
SHA-256 of its bytes. A new deploy changes those digests and so the worker's own
bytes; browsers notice, install it beside the old one and the page offers a reload.
Nothing is fetched from any other origin.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import html
import json
import os
import posixpath
import re
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import jinja2

from coursekit.core import routes
from coursekit.core.model import Course
from coursekit.core.templating import environment
from coursekit.outputs.share_cards import ICON_SIZES, MASKABLE_ICON

SEARCH_INDEX = "search/search_index.json"
NOT_FOUND_PAGE = "404.html"
# Above this, the build warns: learners download the whole copy on their first visit.
LARGE_COPY = 25_000_000

# Never kept: link-preview pictures (for crawlers), source maps (for developers) and the
# email course's files for the author (the messages, the mailbox, the services' imports);
# the email previews a learner opens (emails/*.html) are kept.
NOT_KEPT_FOLDERS = (f"{routes.CARDS_FOLDER}/",)
NOT_KEPT_FILES = (
    ".map",
    f"{routes.EMAILS_FOLDER}/*.json",
    f"{routes.EMAILS_FOLDER}/*.eml",
    f"{routes.EMAILS_FOLDER}/*.txt",
    f"{routes.EMAILS_FOLDER}/*.mbox",
)


@dataclass(frozen=True)
class OfflineCopy:
    """The files the worker keeps: (URL relative to the site root, 'sha256-…'), in order."""

    files: tuple[tuple[str, str], ...]
    size: int  # bytes, as stored
    compressed: int  # bytes, compressed as a web server sends them (estimated at zlib level 1)

    @property
    def version(self) -> str:
        return hashlib.sha256(json.dumps(self.files).encode()).hexdigest()[:16]

    def warning(self) -> str | None:
        """For authors, when the copy is large enough to cost learners on a phone plan."""
        if self.compressed <= LARGE_COPY:
            return None
        return (
            f"the offline copy is {self.compressed / 1e6:.0f} MB to download, compressed, and every learner's browser "
            "fetches it on the first visit (it grows with the lessons: each page, the print page, the search index). "
            "Fix: nothing is broken; consider splitting a course this long into several"
        )

    def report(self) -> str:
        return (
            f"offline copy: {len(self.files)} files, {self.size / 1e6:.2f} MB "
            f"({self.compressed / 1e6:.2f} MB to download, compressed), kept by the service worker"
        )


def short_name(course: Course) -> str:
    """The name under the icon on a home screen: short_name, else the title if it fits."""
    if course.meta.short_name:
        return course.meta.short_name
    title = course.meta.title
    return title if len(title) <= 12 else title.split()[0][:12]


def web_manifest(course: Course) -> str:
    """The manifest (https://www.w3.org/TR/appmanifest/): every URL relative to the
    manifest itself, so the course installs under any sub-path or domain."""
    colours = course.colours
    icons = [
        {"src": routes.icon_path(name), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for name, size in ICON_SIZES.items()
        if name.startswith("icon-")
    ]
    icons.append({"src": routes.icon_path(MASKABLE_ICON), "sizes": "512x512", "type": "image/png", "purpose": "maskable"})
    manifest = {
        "id": "./",
        "name": course.meta.title,
        "short_name": short_name(course),
        "description": course.meta.tagline,
        "lang": "en",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colours.primary,
        "icons": icons,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


class PageMeasures:
    """Pages measured while MkDocs writes them: their digests are made in threads while
    the next page renders, so listing the copy at the end costs little at a thousand pages."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        self.pages: dict[str, tuple[Future[Measure], set[str]]] = {}

    def written(self, path: str, text: str) -> None:
        """The page at site path `path` is written as `text` (encoded as MkDocs encodes it)."""
        data = text.encode("utf-8", errors="xmlcharrefreplace")
        self.pages[path] = (self.pool.submit(_measure_bytes, path, data), _references_in(text))

    def passing(self, path: str, pieces: Iterable[str]) -> Iterator[str]:
        """The page at `path`, written in `pieces` (the print page): measured as they pass."""
        measuring, refs = _Measuring(path), set()
        for piece in pieces:
            measuring.add(piece.encode("utf-8", errors="xmlcharrefreplace"))
            refs |= _references_in(piece)
            yield piece
        done: Future[Measure] = Future()
        done.set_result(measuring.done())
        self.pages[path] = (done, refs)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def offline_copy(site: Path, site_path: str = "/", measured_pages: PageMeasures | None = None) -> OfflineCopy:
    """What the worker keeps, read off the built site in `site`; `site_path` is the path
    of the published site (/my-course/), which the 404 page's links start with.
    Pages in `measured_pages` are not read again where their file is as measured."""
    known = measured_pages.pages if measured_pages is not None else {}
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("index.html"))
    extra = [SEARCH_INDEX, routes.WEB_MANIFEST, *(routes.icon_path(name) for name in [*ICON_SIZES, MASKABLE_ICON])]
    kept: dict[str, None] = {}
    queue = deque([NOT_FOUND_PAGE, *pages, *extra])
    while queue:
        path = queue.popleft()
        if path in kept or not _worth_keeping(path) or not (site / path).is_file():
            continue
        kept[path] = None
        if path.endswith(".html"):
            refs = known[path][1] if path in known else _references_in(_read_text(site, path))
            queue.extend(found for found in _resolve(site, path, refs, site_path) if found not in kept)

    def measure(path: str) -> Measure:
        if path in known:
            done = known[path][0].result()
            if done[2] == (site / path).stat().st_size:
                return done
        return _measure_file(site, path)

    # hashlib and zlib let go of the GIL on large buffers: the files are measured side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        measured = list(pool.map(measure, sorted(kept, key=_order)))
    files = tuple((_url_of(path), integrity) for path, integrity, _, _ in measured)
    return OfflineCopy(files, sum(m[2] for m in measured), sum(m[3] for m in measured))


# A file's site path, integrity value, size, and size compressed.
Measure = tuple[str, str, int, int]


def _measure_file(site: Path, path: str, chunk: int = 1 << 20) -> Measure:
    """`_measure_bytes` of a site file, read a megabyte at a time: the email course's
    mailbox alone is 10 MB at 1,000 lessons, and several files are measured at once."""
    measuring = _Measuring(path)
    with (site / path).open("rb") as source:
        while data := source.read(chunk):
            measuring.add(data)
    return measuring.done()


def _measure_bytes(path: str, data: bytes) -> Measure:
    measuring = _Measuring(path)
    measuring.add(data)
    return measuring.done()


class _Measuring:
    """A file's integrity value, its size, and its size compressed as a server sends it
    (estimated at zlib level 1: a third of the time of level 6, and a slight
    overestimate), from its bytes as they come."""

    def __init__(self, path: str) -> None:
        self.path, self.digest, self.size, self.compressed = path, hashlib.sha256(), 0, 0
        self.squeeze = zlib.compressobj(1) if _compressible(path) else None

    def add(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.compressed += len(self.squeeze.compress(data)) if self.squeeze else len(data)

    def done(self) -> Measure:
        self.compressed += len(self.squeeze.flush()) if self.squeeze else 0
        return self.path, "sha256-" + base64.b64encode(self.digest.digest()).decode(), self.size, self.compressed


def write_service_worker(site: Path, copy: OfflineCopy, course: Course) -> None:
    """sw.js at the site root, holding the list of files and their digests."""
    text = (
        _environment()
        .get_template("sw.js.j2")
        .render(
            version=copy.version,
            prefix=cache_prefix(course),
            files=copy.files,
            not_found=NOT_FOUND_PAGE,
            worker=routes.SERVICE_WORKER,
        )
    )
    (site / routes.SERVICE_WORKER).write_text(text, encoding="utf-8")


def write_retiring_worker(site: Path, course: Course) -> None:
    """For the preview (`serve`): a sw.js that empties this course's caches and removes
    itself, so a worker left by an earlier visit to a real build never shows stale pages."""
    text = _environment().get_template("sw-retire.js.j2").render(prefix=cache_prefix(course))
    (site / routes.SERVICE_WORKER).write_text(text, encoding="utf-8")


def cache_prefix(course: Course) -> str:
    """What the names of this course's caches in the browser start with: the retiring worker
    must delete exactly the caches the real one made."""
    return f"coursekit-{course.meta.id}-"


def _environment() -> jinja2.Environment:
    return environment("offline", autoescape=False)


def _worth_keeping(path: str) -> bool:
    return not path.startswith(NOT_KEPT_FOLDERS) and not any(fnmatch.fnmatchcase(path, "*" + rule) for rule in NOT_KEPT_FILES)


def _url_of(path: str) -> str:
    """The address a file is asked for by: a page by its folder (lessons/x/), the rest as
    is, percent-encoded as MkDocs writes links to it (mkdocs/structure/files.py quotes a
    file's URL with only '/' left as it is), so that a name holding '#', '?', '%', '&',
    spaces or letters outside ASCII is kept under the address its pages ask for."""
    if path == "index.html":
        return "./"
    path = path.removesuffix("index.html") if path.endswith("/index.html") else path
    return quote(path, safe="/")


def _order(path: str) -> tuple[int, str]:
    # Pages first, then what they need: the copy is usable as soon as possible.
    return (0 if path.endswith(".html") else 1, path)


def _compressible(path: str) -> bool:
    return path.endswith((".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".webmanifest", ".eml", ".mbox"))


# MkDocs, Python-Markdown and the templates always write attributes in double quotes,
# and text that looks like one is escaped (href=&quot;…): a pattern finds every reference
# twenty times faster than an HTML parser, which matters at a thousand pages.
# Links to folders (pages, all kept anyway) are left out: they are most of the references.
REFERENCE = re.compile(r'\s(?:href|src)="([^"]*[^"/])"')
# Material's search worker is named in the page's JSON configuration, not in an attribute.
SEARCH_WORKER = re.compile(r'"search": "([^"]+)"')


def _read_text(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8", errors="replace")


def _references_in(text: str) -> set[str]:
    """Every file reference of an HTML text, as written."""
    return {*REFERENCE.findall(text), *SEARCH_WORKER.findall(text)}


def _resolve(site: Path, path: str, refs: set[str], site_path: str) -> list[str]:
    """The site files the HTML file at `path` refers to with `refs`, as paths from the site root."""
    base = posixpath.dirname(path)
    found = []
    for ref in refs:
        parts = urlsplit(html.unescape(ref))
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or a fragment of this page
        target = unquote(parts.path)
        if target.startswith("/"):
            if not target.startswith(site_path):
                continue
            target = target[len(site_path) :]
        else:
            target = posixpath.normpath(posixpath.join(base, target))
        if target in (".", ""):
            target = "index.html"
        elif target.endswith("/") or (site / target).is_dir():
            target = target.rstrip("/") + "/index.html"
        if not target.startswith("../"):
            found.append(target)
    return found
