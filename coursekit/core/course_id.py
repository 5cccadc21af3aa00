"""The course id is where every learner's browser keeps what is theirs (progress, days,
reflection answers, self-assessment history: localStorage keys start with it), so a new
id starts every learner again from nothing. The git history of course.yml says which ids
the course has had; an earlier one must be listed under `retired_ids`, the author's word
that they mean it. The id of the repository's first commit (a template's) is exempt:
that is the one an author replaces when they make the course their own.

    problem = id_change_problem(path, meta.id, meta.retired_ids)   # a CourseError or None
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

# A line of a commit's diff that gives the id: "+id: first-aid  # a comment".
_ADDED_ID = re.compile(r"^\+id:\s*[\"']?(?P<id>[a-z0-9][a-z0-9-]*)[\"']?\s*(?:#.*)?$")
_COMMIT = "commit:"


def earlier_ids(course_file: Path) -> set[str]:
    """Every id course.yml was given by a commit that has a parent, from git's history
    (none without git, outside a repository, or where the history is cut short)."""
    try:
        log = subprocess.run(
            [
                "git",
                "log",
                f"--format={_COMMIT}%P",
                "-p",
                "-U0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--",
                course_file.name,
            ],
            cwd=course_file.parent.resolve(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    found: set[str] = set()
    first = False  # a commit without parents: the repository's first (or a shallow clone's cut)
    for line in log.splitlines():
        if line.startswith(_COMMIT):
            first = not line[len(_COMMIT) :].strip()
        elif not first and (match := _ADDED_ID.match(line)):
            found.add(match["id"])
    return found


def id_change_problem(course_file: Path, current: str, retired: Iterable[str]) -> tuple[str, str] | None:
    """What is wrong, and the fix, when course.yml's history gave the course an id that is
    neither the current one nor retired; None when there is none."""
    left = sorted(earlier_ids(course_file) - {current} - set(retired))
    if not left:
        return None
    was = left[-1] if len(left) == 1 else ", ".join(left)
    return (
        f"is '{current}', but the course had the id '{was}' (git history of {course_file.name}): every learner's "
        "saved progress, reflection answers and self-assessment history are kept under the id, so each would start "
        "again from nothing",
        f"put back 'id: {left[0]}' to keep them; to start everyone afresh on purpose, add "
        f"'retired_ids: [{', '.join(left)}]' to {course_file.name}",
    )
