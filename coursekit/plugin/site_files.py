"""The files a build adds to MkDocs' list: generated pages and the files the artefact
process writes, each refused if its address is taken; and the checks on the author's
own docs files (no link out of the project, front matter MkDocs can read)."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coursekit.core import routes
from coursekit.core.errors import CourseError
from coursekit.core.project_files import links_out_of
from coursekit.core.sources import decoded, display_path

# A YAML front matter block as MkDocs looks for one (mkdocs/utils/meta.py): left in the
# Markdown only when MkDocs could not read it.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|$)", re.DOTALL)


def unusable_docs_files(files: Files, config: MkDocsConfig, project: Path) -> dict[File, CourseError]:
    """The docs folder's files a build must not use, each with its problem: a link to a file
    outside the project (published as it is: a system file, /proc/self/environ with the
    build's secrets), and a page that is not UTF-8 (MkDocs would end in a traceback)."""
    docs = Path(config.docs_dir).resolve()
    found: dict[File, CourseError] = {}
    for file in files:
        if not (file.abs_src_path and file.src_dir and Path(file.src_dir).resolve() == docs):
            continue
        path = Path(file.abs_src_path)
        if outside := links_out_of(project, [path], "the build would publish it with the site", home=docs):
            found[file] = outside[0]
        elif file.is_documentation_page():
            try:
                decoded(path.read_bytes(), path)
            except CourseError as err:
                found[file] = err
    return found


def unread_front_matter(page: Page, markdown: str) -> CourseError | None:
    """An author's page whose front matter is not a YAML mapping: MkDocs would print it as
    text. (A page that merely opens with a horizontal rule has no 'key:' line there.)"""
    block = FRONT_MATTER.match(markdown)
    if not page.meta and block and re.match(r"\s*[A-Za-z_][\w-]*\s*:", block[1] or ""):
        return CourseError(
            display_path(Path(page.file.abs_src_path)) if page.file.abs_src_path else page.file.src_uri,
            "its front matter (the block between the '---' lines) is not valid YAML, so MkDocs would show it as text",
            "write it as 'key: value' lines, quoting any value with a colon or a # in it",
            line=1,
        )
    return None


class GeneratedFiles:
    """Adds generated files to the site, refusing any whose address an author's file
    (a docs page, a lesson) or another generated file already has: a clash would
    otherwise replace one page with the other without a word."""

    def __init__(self, files: Files, config: MkDocsConfig) -> None:
        self.files, self.docs, self.config = files, Path(config.docs_dir), config
        self.pages: list[GeneratedPage] = []
        self.owners: dict[str, tuple[str, Path | None]] = {
            file.dest_uri: (file.src_uri, self.docs / file.src_uri) for file in files
        }

    def add(self, file: File, what: str, author_file: Path | None = None) -> None:
        clash = self.owners.get(file.dest_uri)
        if clash is None and (existing := self.files.get_file_from_path(file.src_uri)) is not None:
            clash = (existing.src_uri, self.docs / existing.src_uri)
        if clash is not None:
            owner, owner_file = clash
            culprit = owner_file or author_file
            other = what if owner_file else owner
            name = display_path(culprit) if culprit else file.src_uri
            raise PluginError(
                f"{name}: its address /{file.url} is also the address of {other}, which would silently replace "
                f"one of them. Fix: rename {name} (for a lesson, the part after the number)"
            )
        self.owners[file.dest_uri] = (what, author_file)
        self.files.append(file)

    def page(self, source: str, content: str, what: str, url: str | None = None, author_file: Path | None = None) -> None:
        """Add a generated page (at `url`, else where MkDocs puts `source`)."""
        page = GeneratedPage.generated(self.config, source, content=content)
        assert isinstance(page, GeneratedPage)
        if url is not None:
            page.dest_uri = routes.dest_of(url)
        self.add(page, what, author_file)
        self.pages.append(page)


class GeneratedPage(File):
    """A generated page. MkDocs renders every generated page in a dirty build (it has no
    source file to compare); the preview says which changed (`modified`)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


class WrittenElsewhere(File):
    """A site file the artefact process writes itself: listed so links to it validate,
    never copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        pass
