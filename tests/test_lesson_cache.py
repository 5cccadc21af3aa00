"""The parsed-lesson cache: a warm build reads no unchanged lesson, gives the same site
as a cold one, and every input that decides a parsed lesson invalidates it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit import kept_entries, lesson_cache, loader
from coursekit.errors import CourseError
from coursekit.loader import load_course
from helpers import edit, run_build, tree_digest

CACHE = Path(".cache/coursekit/lessons.pickle")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lesson files the loader reads from disk, by name."""
    found: list[str] = []
    real = loader.read_markdown

    def counting(path: Path):
        found.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(loader, "read_markdown", counting)
    return found


def load(project: Path, **options):
    return load_course(project / "lessons", cache_file=project / CACHE, **options)


def forget_memory() -> None:
    """As a new process would start: only the file on disk."""
    kept_entries._in_memory.clear()


def test_a_warm_load_reads_only_what_changed(mini_project: Path, reads: list[str]):
    first = load(mini_project)
    assert sorted(reads) == ["first-steps.md", "second-steps.md", "third-steps.md"]
    forget_memory()
    reads.clear()
    assert load(mini_project) == first  # from the file on disk, nothing read
    assert reads == []
    edit(mini_project / "lessons/second-steps.md", "title: Second steps", "title: Second steps, edited")
    reads.clear()
    course = load(mini_project)
    assert reads == ["second-steps.md"]
    assert course.lessons[1].title == "Second steps, edited"


def test_an_edit_that_keeps_the_size_is_seen(mini_project: Path):
    load(mini_project)
    lesson = mini_project / "lessons/second-steps.md"
    before = lesson.stat()
    edit(lesson, "title: Second steps", "title: Second STEPS")
    assert lesson.stat().st_size == before.st_size
    assert load(mini_project).lessons[1].title == "Second STEPS"


def test_validation_settings_invalidate(mini_project: Path, reads: list[str]):
    load(mini_project)
    settings = mini_project / "lessons/course.yml"
    edit(settings, "words_per_minute: 200", "words_per_minute: 100")
    reads.clear()
    load(mini_project)
    assert len(reads) == 3
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  min: 40\n  max: 400", "  min: 1\n  max: 2"), encoding="utf-8")
    with pytest.raises(CourseError, match="words of prose"):
        load(mini_project)


def test_a_new_loader_never_meets_lessons_checked_by_the_old_one(mini_project: Path, reads, monkeypatch):
    load(mini_project)
    forget_memory()
    lesson_cache.code_version.cache_clear()
    monkeypatch.setattr(lesson_cache, "LOADER_MODULES", (*lesson_cache.LOADER_MODULES, "routes.py"))
    reads.clear()
    try:
        load(mini_project)
    finally:
        lesson_cache.code_version.cache_clear()
    assert len(reads) == 3


def test_drafts_give_what_an_uncached_load_gives(mini_project: Path):
    """A draft parsed for the preview is left out of a build, with the same problems for
    what links to it, as without a cache."""
    edit(mini_project / "lessons/third-steps.md", "title: ", "draft: true\ntitle: ")

    def outcome(**options) -> str:
        try:
            return " ".join(lesson.slug for lesson in load_course(mini_project / "lessons", **options).lessons)
        except CourseError as err:
            return str(err)

    uncached = [outcome(drafts=True), outcome()]
    assert "third-steps" in uncached[0] and "a draft" in uncached[1]
    cached = [outcome(drafts=True, cache_file=mini_project / CACHE), outcome(cache_file=mini_project / CACHE)]
    assert cached == uncached
    assert outcome(drafts=True, cache_file=mini_project / CACHE) == uncached[0]


def test_a_lesson_with_a_problem_is_never_cached(mini_project: Path):
    edit(mini_project / "lessons/second-steps.md", "title: Second steps", "title: [")
    for _ in range(2):
        with pytest.raises(CourseError, match=r"second-steps\.md"):
            load(mini_project)


def test_a_damaged_cache_file_is_ignored(mini_project: Path):
    course = load(mini_project)
    forget_memory()
    (mini_project / CACHE).write_bytes(b"not a pickle")
    assert load(mini_project) == course


def test_builds_with_a_warm_cache_are_byte_identical(mini_project: Path):
    """The whole site, emails and downloads included, from a cold and a warm cache."""
    assert run_build(mini_project, mini_project / "cold").returncode == 0
    assert (mini_project / CACHE).is_file()
    forget_memory()
    assert run_build(mini_project, mini_project / "warm").returncode == 0
    os.remove(mini_project / CACHE)
    assert tree_digest(mini_project / "cold") == tree_digest(mini_project / "warm")


def test_only_a_process_that_builds_again_keeps_the_lessons_in_memory(mini_project: Path, reads: list[str]):
    """A build's process ends after one load: it lets the entries go (10 MB at 1,000
    lessons); the preview's keeps them, and its next load reads neither lesson nor cache file."""
    forget_memory()
    load(mini_project)
    assert not kept_entries._in_memory
    load(mini_project, keep_in_memory=True)
    (mini_project / CACHE).unlink()
    reads.clear()
    load(mini_project, keep_in_memory=True)
    assert reads == []
