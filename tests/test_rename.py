"""Renaming a lesson without losing what learners have (issue 25.3): `./course rename OLD
NEW` rewrites every name of the lesson, records the old name under `former_names`, and
the build keeps the lesson's progress key and publishes a page at the old address that
sends readers on. Tried on the garden fixture course, as an author would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.core.loader import load_course
from coursekit.plugin.site_pages import renamed_lessons
from helpers import edit, error_of, own_docs, run_build, tree_digest

OLD, NEW = "soil-first", "start-with-the-soil"


def rename(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`./course rename …` (that is, `coursekit rename …`) in `project`."""
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "rename", *args], cwd=project, capture_output=True, text=True, env=os.environ
    )


def test_a_rename_rewrites_every_name_and_keeps_the_lessons_key(garden_project: Path):
    docs = own_docs(garden_project)
    (docs / "about.md").write_text(f"Start with [the soil](../lessons/{OLD}.md#why) or [sun](lessons/sun-and-shade.md).\n")
    before = load_course(garden_project / "lessons")
    result = rename(garden_project, f"lessons/{OLD}.md", NEW)
    assert result.returncode == 0, result.stderr
    assert f"Renamed {OLD} to {NEW}. Learners keep their progress" in result.stdout
    lessons = garden_project / "lessons"
    assert not (lessons / f"{OLD}.md").exists()
    assert f"  - {NEW}\n" in (lessons / "course.yml").read_text() and OLD not in (lessons / "course.yml").read_text()
    assert f"lesson: {OLD}" not in (lessons / "assessment.yml").read_text()
    assert f"[the previous lesson]({NEW}.md)" in (lessons / "sun-and-shade.md").read_text()
    assert f"(../lessons/{NEW}.md#why)" in (docs / "about.md").read_text()
    assert f"former_names: [{OLD}]\n---\n" in (lessons / f"{NEW}.md").read_text()
    after = load_course(lessons)
    was = next(lesson for lesson in before.lessons if lesson.slug == OLD)
    now = next(lesson for lesson in after.lessons if lesson.slug == NEW)
    assert (now.number, now.title, now.key) == (was.number, was.title, OLD)  # the key learners' progress is under
    assert renamed_lessons(after) == f"{NEW}:{OLD}"


def test_the_build_keeps_the_key_and_sends_the_old_address_on(garden_project: Path):
    assert rename(garden_project, OLD, NEW).returncode == 0
    result = run_build(garden_project)
    assert result.returncode == 0, result.stderr
    site = garden_project / "site"
    lesson = (site / f"lessons/{NEW}/index.html").read_text()
    assert f'data-lesson="{OLD}"' in lesson and f'data-renamed="{NEW}:{OLD}"' in lesson
    assert f'data-lesson="{OLD}"' in (site / "index.html").read_text()  # the home page's card
    moved = (site / f"lessons/{OLD}/index.html").read_text()
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW}/">' in moved
    assert f'location.replace("../{NEW}/" + location.search + location.hash)' in moved
    assert f'<link rel="canonical" href="https://garden.example.org/kitchen-garden/lessons/{NEW}/">' in moved


def test_a_second_rename_and_a_rename_back_keep_the_first_name(garden_project: Path):
    assert rename(garden_project, OLD, NEW).returncode == 0
    assert rename(garden_project, NEW, "soil").returncode == 0
    text = (garden_project / "lessons/soil.md").read_text()
    assert f"former_names: [{OLD}, {NEW}]\n" in text
    assert next(lesson for lesson in load_course(garden_project / "lessons").lessons if lesson.slug == "soil").key == OLD
    assert rename(garden_project, "soil", OLD).returncode == 0
    back = next(lesson for lesson in load_course(garden_project / "lessons").lessons if lesson.slug == OLD)
    assert (back.key, back.former_names) == (OLD, (OLD, NEW, "soil"))
    assert run_build(garden_project).returncode == 0
    site = garden_project / "site/lessons"
    assert "url=../soil-first/" in (site / NEW / "index.html").read_text()
    assert "url=../soil-first/" in (site / "soil/index.html").read_text()
    page = (site / OLD / "index.html").read_text()  # the lesson itself again, not a page sending readers on
    assert "http-equiv" not in page and f'data-lesson="{OLD}"' in page and "data-renamed" not in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((("no-such-lesson", NEW)), "lessons/no-such-lesson.md: does not exist. Fix: name a lesson file of lessons:"),
        (((OLD, "sun-and-shade")), "lessons/sun-and-shade.md: exists already. Fix: choose a name no lesson has"),
        (((OLD, "Soil First")), "'Soil First' is not a lesson name. Fix: a lesson's name is lower case letters"),
    ],
)
def test_a_rename_that_cannot_be_done_says_why_and_changes_nothing(garden_project: Path, args: tuple[str, str], message: str):
    before = tree_digest(garden_project / "lessons")
    result = rename(garden_project, *args)
    assert result.returncode == 1
    assert message in result.stderr and "(nothing was changed)" in result.stderr
    assert tree_digest(garden_project / "lessons") == before


def test_an_old_name_that_is_a_lesson_of_its_own_is_refused(garden_project: Path):
    lesson = garden_project / "lessons/sun-and-shade.md"
    edit(lesson, "title:", "former_names: [watering-deeply]\ntitle:")
    assert error_of(garden_project) == (
        "lessons/sun-and-shade.md:2: field 'former_names': lists 'watering-deeply' under former_names, but "
        "lessons/watering-deeply.md is a lesson of its own. Fix: a name goes under former_names only once its file is "
        "renamed (./course rename OLD NEW does both); remove it here"
    )


def test_one_old_name_in_two_lessons_is_refused(garden_project: Path):
    edit(garden_project / "lessons/sun-and-shade.md", "title:", "former_names: [light]\ntitle:")
    edit(garden_project / "lessons/soil-first.md", "title:", "former_names: [light]\ntitle:")
    assert "lists 'light' under former_names, as lessons/" in error_of(garden_project)


def test_a_link_under_the_old_name_points_at_the_new_one(garden_project: Path):
    """A hand rename that forgot a link: the fix names the lesson's new file."""
    assert rename(garden_project, OLD, NEW).returncode == 0
    edit(garden_project / "lessons/sun-and-shade.md", f"({NEW}.md)", f"({OLD}.md)")
    assert f"links to lesson '{OLD}.md', which does not exist. Fix: did you mean '{NEW}.md'?" in error_of(garden_project)


def git(project: Path, *args: str) -> None:
    who = ["-c", "user.name=Author", "-c", "user.email=author@example.org"]
    subprocess.run(["git", *who, *args], cwd=project, check=True, capture_output=True)


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def test_a_new_course_id_is_refused_unless_the_author_retires_the_old_one(garden_project: Path):
    """The course id prefixes every localStorage key (coursekit.plugin.site_pages.storage_keys):
    a new id silently started every learner again. The repository's first commit (the
    template's id) may be replaced; after that, a change needs `retired_ids`."""
    course = garden_project / "lessons/course.yml"
    git(garden_project, "init", "-q")
    commit_all(garden_project, "the course as the template gave it")
    edit(course, "id: kitchen-garden", "id: our-garden")  # making the template one's own
    load_course(garden_project / "lessons")
    commit_all(garden_project, "our own id")
    edit(course, "id: our-garden", "id: garden-basics")  # a later rename: learners exist by now
    line = next(n for n, text in enumerate(course.read_text().splitlines(), start=1) if text.startswith("id:"))
    assert error_of(garden_project) == (
        f"lessons/course.yml:{line}: field 'id': is 'garden-basics', but the course had the id 'our-garden' (git history "
        "of course.yml): every learner's saved progress, reflection answers and self-assessment history are kept under "
        "the id, so each would start again from nothing. Fix: put back 'id: our-garden' to keep them; to start everyone "
        "afresh on purpose, add 'retired_ids: [our-garden]' to course.yml"
    )
    commit_all(garden_project, "committed anyway")  # the pull request's check sees it in the history too
    assert "the course had the id 'our-garden'" in error_of(garden_project)
    with course.open("a", encoding="utf-8") as text:
        text.write("retired_ids: [our-garden]\n")
    assert load_course(garden_project / "lessons").meta.id == "garden-basics"
