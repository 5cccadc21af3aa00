"""Shared fixtures: a fixture course project, and the real course built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIXTURES, ROOT, make_project, run_build
from hostile_course import make_hostile_project


@pytest.fixture
def mini_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the three-lesson fixture course as a project; the working folder."""
    project = make_project(tmp_path / "mini", FIXTURES / "mini-course" / "lessons")
    monkeypatch.chdir(project)
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course, built once per test session with the README's build command."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course of tests/hostile_course.py (every plain-text field hostile), built once."""
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "course")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
