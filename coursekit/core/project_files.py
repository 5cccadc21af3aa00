"""Which files belong to the project: a file under docs/ or the course folder whose real
path (links followed) lies outside the project's folder is refused, so that a link to a
system file, or to /proc/self/environ with the build's secrets, is never read as course
text or published with the site."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path


def links_out_of(project: Path, paths: Iterable[Path], folder: str, home: Path | None = None) -> list[CourseError]:
    """A problem for each of `paths` whose real path is outside `project` (and outside
    `home`, the real folder they are listed from, when that is elsewhere); `folder` says
    what the build does with the files there (read as the course, or published)."""
    roots = [project.resolve()] + ([home.resolve()] if home is not None else [])
    problems = []
    for path in paths:
        real = path.resolve()
        if not any(real.is_relative_to(root) for root in roots):
            problems.append(
                CourseError(
                    display_path(path),
                    f"is a link to {real}, outside the project folder; {folder}",
                    "copy the file into the project instead of linking to it, or delete the link",
                )
            )
    return problems


def exact_file(folder: Path, relative: str) -> tuple[bool, str | None]:
    """Whether `relative` names a file under `folder` with exactly that spelling, case
    included (macOS and Windows find assets/Logo.svg for logo.svg; GitHub Pages' Linux
    does not), and else the name it most likely means: the same path in another case,
    or a file of the same folder with the closest name."""
    parts, current = Path(relative).parts, folder
    for index, part in enumerate(parts):
        names = sorted(entry.name for entry in current.iterdir()) if current.is_dir() else []
        if part in names:
            current = current / part
            continue
        same = [name for name in names if name.lower() == part.lower()]
        near = same or difflib.get_close_matches(part, names, n=1, cutoff=0.6)
        if not near:
            return False, None
        return False, "/".join([*parts[:index], near[0], *parts[index + 1 :]])
    return current.is_file(), None
