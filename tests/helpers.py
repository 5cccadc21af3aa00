"""Helpers shared by the tests: repository paths, fixture projects, builds, edits."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursekit import cli
from coursekit.core.errors import CourseError
from coursekit.core.loader import load_course

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GARDEN = FIXTURES / "garden-course" / "lessons"  # the fixture course the site tests build


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


def copy_of_repository(target: Path) -> Path:
    """This working tree as "Use this template" gives it: no git history, no installed or
    built folders (.venv, site, .cache, node_modules) and no caches of Python's."""
    top_level = {".git", ".venv", "site", ".cache"}

    def leave_out(folder: str, names: list[str]) -> set[str]:
        skipped = {"__pycache__", "node_modules"} & set(names)
        return skipped | (top_level & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, target, ignore=leave_out)
    return target


def own_docs(project: Path) -> Path:
    """The project gets a docs/ folder of its own (a copy of the repository's), for the
    test to put files in; mkdocs.yml points at it. Returns the folder."""
    shutil.copytree(ROOT / "docs", project / "docs")
    edit(project / "mkdocs.yml", f"docs_dir: {ROOT / 'docs'}", "docs_dir: docs")
    return project / "docs"


def run_build(project: Path, site_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the README's build command (`coursekit build`) in `project`, in this process
    (MkDocs allows it, and it saves a second of interpreter start-up a build), with the
    result a subprocess would give: exit code, stdout and stderr, a traceback in stderr
    if anything escaped the command's own error handling."""
    args = ["build"] + (["--site-dir", str(site_dir)] if site_dir is not None else [])
    runner = CliRunner()
    before = Path.cwd()
    os.chdir(project)
    try:
        result = runner.invoke(cli.main, args, env={"SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1", **env})
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["coursekit", *args], result.exit_code, result.stdout, stderr)


def tree_digest(folder: Path, *, folders: bool = False) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its content (and, with `folders`,
    every folder, as 'dir', so that an added or removed empty folder shows too)."""
    found = {".": "dir"} if folders else {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif folders and path.is_dir():
            found[str(path.relative_to(folder))] = "dir"
    return found


def published(site: Path, name: str) -> str:
    """The site path an asset the kit knows as `name` (assets/course.js) is published under:
    with a digest of its content (assets/course.3f2a9c0b11.js)."""
    stem, suffix = name.rsplit(".", 1)
    [found] = [
        path.relative_to(site).as_posix()
        for path in (site / name).parent.glob(f"{Path(stem).name}.*.{suffix}")
        if re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{10}}\.{suffix}", path.relative_to(site).as_posix())
    ]
    return found


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_of(project: Path) -> str:
    """The CourseError message that loading the project's course raises."""
    with pytest.raises(CourseError) as caught:
        load_course(project / "lessons")
    return str(caught.value)


@contextlib.contextmanager
def preview(project: Path, port: int | None = None) -> Iterator[str]:
    """The author's preview of `project`, as `./course serve` runs it (`mkdocs serve --dirty`),
    on `port` (default: a free one); yields its root URL."""
    from coursekit.review.local_site import free_port

    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    """The page at `url` once it contains `text` (or what it holds when time runs out)."""
    deadline, page = time.monotonic() + seconds, ""
    while time.monotonic() < deadline and text not in page:
        with contextlib.suppress(OSError):
            page = fetch(url)
        if text not in page:
            time.sleep(0.3)
    return page
