""" "Edit this page" for authors who work in GitHub's web editor: each generated page's
edit link goes to the file it is made from (a lesson's Markdown, lessons/course.yml,
lessons/assessment.yml), not to a docs/ file that does not exist. MkDocs sets
`page.edit_url` (a public attribute) from `repo_url` and `edit_uri`; without `repo_url`
there is none, and Material shows no button.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from coursekit.core import routes
from coursekit.core.model import Course

# GitHub's (and Gitea's, Forgejo's) edit address: <repo_url>/edit/<branch>/<path>.
_GITHUB_EDIT = re.compile(r"^(?P<kind>edit|blob)/(?P<branch>[^/]+)/")


def source_files(course: Course, project: Path) -> dict[str, str]:
    """By generated page (its source path among the docs), the project file it is made
    from, relative to the project: what an author edits to change that page."""

    def relative(path: Path) -> str:
        return path.resolve().relative_to(project.resolve()).as_posix()

    course_file = relative(course.root / "course.yml")
    files = {routes.HOME_SOURCE: course_file, routes.EMAIL_SOURCE: course_file}
    files |= {routes.lesson_source(lesson): relative(lesson.source) for lesson in course.lessons}
    if course.assessment is not None:
        assessment = relative(course.root / "assessment.yml")
        files |= {routes.QUIZ_SOURCE: assessment, routes.CHART_SOURCE: assessment}
    return files


def edit_url(config: MkDocsConfig, path: str | None) -> str | None:
    """The repository's edit address of `path` (project-relative), or None: no repo_url,
    no source file (a page made from every lesson), or an edit_uri of another shape."""
    if not config.repo_url or path is None:
        return None
    # The branch comes from edit_uri (MkDocs' own default for a GitHub repo_url is
    # edit/master/docs/; the template's mkdocs.yml shows edit/main/docs/).
    match = _GITHUB_EDIT.match(config.edit_uri or "edit/main/")
    if match is None:
        return None
    return f"{config.repo_url.rstrip('/')}/{match['kind']}/{match['branch']}/{path}"
