"""Shared fixtures: fixture course projects, and the garden fixture course built once.

The kit's tests never build or read the course in lessons/: an author's own course
is checked by `./course verify`, which reads its expectations from the course's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.core.loader import load_course
from coursekit.core.model import Course
from helpers import FIXTURES, GARDEN, make_project, run_build
from hostile_course import make_hostile_project


@pytest.fixture
def mini_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the three-lesson fixture course as a project; the working folder."""
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def garden_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seven-lesson garden fixture course as a project; the working folder."""
    project = make_project(tmp_path / "garden", GARDEN)
    monkeypatch.chdir(project)
    return project


@pytest.fixture(scope="session")
def built_course() -> Course:
    """The course model of the garden fixture: what the built site's tests expect."""
    return load_course(GARDEN)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The garden fixture course, built once per test session with the README's build command."""
    project = make_project(tmp_path_factory.mktemp("built") / "garden", GARDEN)
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course of tests/hostile_course.py (every plain-text field hostile), built once."""
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "course")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
