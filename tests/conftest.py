"""Shared test helpers: the repository paths, fixture course projects, site builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def make_project(target: Path, lessons: Path) -> Path:
    """A course project in `target`: the repository's mkdocs.yml (hooks, theme and
    docs pointed back at the repository) with a copy of `lessons`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(lessons, target / "lessons")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - hooks/course.py", f"  - {ROOT / 'hooks' / 'course.py'}")
    config = config.replace("custom_dir: coursekit/theme", f"custom_dir: {ROOT / 'coursekit' / 'theme'}")
    config = config.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def run_build(project: Path, site_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the README's build command (`coursekit build`) in `project`."""
    args = [sys.executable, "-m", "coursekit.cli", "build"]
    if site_dir is not None:
        args += ["--site-dir", str(site_dir)]
    return subprocess.run(
        args, cwd=project, capture_output=True, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764000000", **env},
    )


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


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
