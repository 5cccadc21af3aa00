"""MkDocs' own checks of a page's links, images and anchors, worded as the kit words a
course problem: the file an author edits (a lesson, course.yml, a docs page), the line
that holds the link, what is wrong and how to fix it.

MkDocs logs these as `Doc file 'lessons/x.md' contains a link …` on the logger
`mkdocs.structure.pages`, naming the page as the site sees it (a lesson is a page made
from lessons/<name>.md); a docs page no menu leads to, or a file that hides another,
on `mkdocs.structure.nav` and `.files`. While a build runs, a filter on those loggers
takes each warning off the log and keeps it as a CourseError (one MkDocs words in a way
this module does not know keeps MkDocs' words, on mkdocs.yml); the build then reports
them all at once, with the course's other problems (see CourseBuild.finish), and the
preview shows them in the browser.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import Files

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path, line_naming

LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.structure.files")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}

_NOT_FOUND = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']*)', but the target(?: '(?P<target>[^']*)')? "
    r"is not found among documentation files\.(?: Did you mean '(?P<hint>[^']*)'\?)?$"
)
_ANCHOR = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']*)', but (?:the doc '(?P<doc>[^']+)' does not "
    r"contain an anchor '#(?P<anchor>[^']*)'|there is no such anchor on this page)\."
)
_ABSOLUTE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains an absolute link '(?P<url>[^']*)', it was left as is\."
    r"(?: Did you mean '(?P<hint>[^']*)'\?)?$"
)
_NOT_IN_NAV = re.compile(r'^The following pages exist in the docs directory, but are not included in the "nav" configuration:')
_UNRECOGNIZED = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains an unrecognized relative link '(?P<url>[^']*)', it was left as is\."
    r"(?: Did you mean '(?P<hint>[^']*)'\?)?$"
)


@dataclass(eq=False)  # a filter is found and removed by identity
class PageWarnings(logging.Filter):
    """While installed: MkDocs' warnings about a page's links, kept as problems and taken off the log."""

    sources: dict[str, Path]  # by page (src_uri), the file it is made from; else the docs folder's own file
    docs_dir: Path
    config_file: Path
    files: Files | None = None  # the build's files: the pages an anchor may be on, the files an image may be
    problems: list[CourseError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:  # an error (a file MkDocs cannot read) stops the build as it says
            return True
        self.problems += self.problem(record.getMessage())
        return False

    def install(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).addFilter(self)

    def remove(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(self)

    def problem(self, message: str) -> list[CourseError]:
        """MkDocs' warning as course problems (a warning about several pages gives one each)."""
        if _NOT_IN_NAV.match(message):
            return [
                CourseError(
                    display_path(self.docs_dir / line.strip()[2:]),
                    "is a page that no menu leads to (the kit makes the menu from lessons/course.yml)",
                    f"link to it from a lesson or the pitch and list it in mkdocs.yml under 'not_in_nav:' "
                    f"(e.g. not_in_nav: /{line.strip()[2:]}); or put what it says into a lesson",
                )
                for line in message.splitlines()[1:]
                if line.strip().startswith("- ")
            ]
        return [self._one(message)]

    def _one(self, message: str) -> CourseError:
        if match := _NOT_FOUND.match(message):
            return self._not_found(match["page"], match["url"], match["hint"])
        if match := _ANCHOR.match(message):
            anchor = match["anchor"] or match["url"].partition("#")[2]
            return self._anchor(match["page"], match["url"], match["doc"] or match["page"], anchor)
        if match := _ABSOLUTE.match(message):
            fix = f"write it relative to this page, e.g. '{match['hint']}'" if match["hint"] else _RELATIVE_FIX
            what = (
                f"links to '{match['url']}', an address from the server's root: on GitHub Pages the site lives "
                "under /<repository>/, where it leads nowhere"
            )
            return self._at(match["page"], match["url"], what, fix)
        if match := _UNRECOGNIZED.match(message):
            fix = f"write '{match['hint']}'" if match["hint"] else _PAGE_FIX
            return self._at(match["page"], match["url"], f"links to '{match['url']}', which is no file of the site", fix)
        return CourseError(
            display_path(self.config_file),
            f"MkDocs says: {message.rstrip('.')}",
            "change what it names; it is one of MkDocs' own checks (strict mode), which a publishing build stops on",
        )

    def _not_found(self, page: str, url: str, hint: str | None) -> CourseError:
        if posixpath.splitext(url.split("#")[0].split("?")[0])[1].lower() in IMAGE_SUFFIXES:
            what = f"the image '{url}' is not in the site"
            fix = f"write '{hint}'" if hint else self._closest_file(page, url, images=True) or _IMAGE_FIX
        else:
            what = f"links to '{url}', which is no page or file of the site"
            fix = f"write '{hint}'" if hint else self._closest_file(page, url, images=False) or _PAGE_FIX
        return self._at(page, url, what, fix)

    def _anchor(self, page: str, url: str, doc: str, anchor: str) -> CourseError:
        where = "this page" if doc == page else _page_name(doc, self.sources)
        what = f"links to '{url}', but {where} has no section '#{anchor}'"
        present, sections = self._anchors_of(doc)
        if close := difflib.get_close_matches(anchor, present, n=1, cutoff=0.75):
            fix = f"did you mean '#{close[0]}'? "
        elif sections:
            fix = f"link to one of its sections: {', '.join('#' + section for section in sections[:8])}. "
        else:
            fix = ""
        return self._at(page, url, what, fix + _ANCHOR_FIX)

    def _at(self, page: str, url: str, what: str, fix: str) -> CourseError:
        source = self.sources.get(page, self.docs_dir / page)
        return CourseError(display_path(source), what, fix, line=line_naming(source, url))

    def _anchors_of(self, doc: str) -> tuple[list[str], list[str]]:
        """The ids a link may end in on page `doc`, and its sections' (headings') ids in order."""
        target = self.files.get_file_from_path(doc) if self.files is not None else None
        if target is None or target.page is None:
            return [], []
        sections: list[str] = []
        stack = list(reversed(list(target.page.toc)))
        while stack:
            heading = stack.pop()
            sections.append(heading.id)
            stack.extend(reversed(heading.children))
        return sorted(target.page.present_anchor_ids or sections), sections

    def _closest_file(self, page: str, url: str, *, images: bool) -> str | None:
        """The site's file whose name is closest to the one `url` names, as a link from `page`."""
        if self.files is None:
            return None
        candidates = {
            posixpath.relpath(file.src_uri, posixpath.dirname(page)): posixpath.basename(file.src_uri)
            for file in self.files
            if (posixpath.splitext(file.src_uri)[1].lower() in IMAGE_SUFFIXES) == images
            and (images or file.is_documentation_page())
        }
        wanted = posixpath.basename(url.split("#")[0])
        by_name: dict[str, str] = {}
        for link, name in sorted(candidates.items()):
            by_name.setdefault(name, link)
        close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.6)
        return f"did you mean '{by_name[close[0]]}'?" if close else None


_IMAGE_FIX = (
    "put the image in docs/assets/ and write its address from the page, e.g. ![what it shows](../assets/name.png) "
    "in a lesson, or correct the name (case included)"
)
_PAGE_FIX = (
    "link to a lesson by its file name (other-lesson.md), to a file under docs/ by its path from the page, "
    "or give a full https:// address"
)
_RELATIVE_FIX = "write it relative to this page, e.g. ../assets/name.pdf from a lesson"
_ANCHOR_FIX = "A section's address is its heading in lower case, with hyphens for spaces: '## First steps' is #first-steps"


def _page_name(doc: str, sources: dict[str, Path]) -> str:
    """How a problem names the page a link leads to: by the file an author knows it by."""
    source = sources.get(doc)
    if source is None:
        return f"the page {doc}"
    if source.suffix != ".md":  # a page made from course.yml or assessment.yml
        return f"the page {doc} (made from {display_path(source)})"
    return display_path(source)
