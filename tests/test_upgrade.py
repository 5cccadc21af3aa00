"""`./course upgrade`: a course made from the template takes a later version of the kit
in one command, while its own files stay exactly as the author left them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import copy_of_repository, tree_digest

AUTHOR_FILES = ("lessons", "docs", "mkdocs.yml", "hooks/course.py")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def commit_all(folder: Path, message: str) -> None:
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message)


def clone_of_this_kit(target: Path) -> Path:
    """A git repository holding this working tree's kit and example course, as one commit."""
    copy_of_repository(target)
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "the template")
    return target


def author_files(course: Path) -> dict[str, object]:
    """The course's own files and folders, by content."""
    return {
        name: tree_digest(course / name) if (course / name).is_dir() else (course / name).read_bytes() for name in AUTHOR_FILES
    }


def upgrade(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "course", "upgrade", *args], cwd=course, capture_output=True, text=True)


def test_a_course_takes_a_later_kit_and_keeps_its_own_files(tmp_path: Path):
    template = clone_of_this_kit(tmp_path / "template")
    course = tmp_path / "course"
    git(tmp_path, "clone", "-q", str(template), str(course))
    # The author makes the course their own...
    (course / "lessons" / "course.yml").write_text("title: My own course\n", encoding="utf-8")
    (course / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    (course / "docs" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with (course / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("# the author's own line\n")
    with (course / "hooks" / "course.py").open("a", encoding="utf-8") as hook:
        hook.write("# the author's own line\n")
    commit_all(course, "my course")
    # ...while the kit moves on: a new version, a new module, a file dropped, new words in the README.
    version = (template / "pyproject.toml").read_text(encoding="utf-8")
    old = version.split('version = "', 1)[1].split('"', 1)[0]
    (template / "pyproject.toml").write_text(version.replace(f'version = "{old}"', 'version = "9.9.9"'), encoding="utf-8")
    (template / "coursekit" / "added_later.py").write_text('"""A module of a later kit."""\n', encoding="utf-8")
    (template / "benchmarks" / "README.md").unlink()
    with (template / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nA later kit's README.\n")
    (template / "lessons" / "course.yml").write_text("title: The template's newer example\n", encoding="utf-8")
    commit_all(template, "kit 9.9.9")

    before = author_files(course)
    result = upgrade(course, str(template), "main")
    assert result.returncode == 0, result.stderr
    assert f"the kit went from {old} to 9.9.9" in result.stdout
    assert author_files(course) == before  # the course, its docs, its configuration and its hook: untouched
    assert (course / "coursekit" / "added_later.py").is_file()
    assert not (course / "benchmarks" / "README.md").exists()
    assert (course / "README.md").read_text(encoding="utf-8").endswith("A later kit's README.\n")
    assert 'version = "9.9.9"' in (course / "pyproject.toml").read_text(encoding="utf-8")
    staged = git(course, "diff", "--staged", "--name-only").split()
    assert staged and not any(name.startswith(AUTHOR_FILES) for name in staged)


def test_an_upgrade_with_uncommitted_changes_is_refused(tmp_path: Path):
    course = clone_of_this_kit(tmp_path / "course")
    (course / "lessons" / "course.yml").write_text("title: unsaved work\n", encoding="utf-8")
    result = upgrade(course, str(course), "main")
    assert result.returncode == 1
    assert "commit or stash your changes first" in result.stderr
    assert (course / "lessons" / "course.yml").read_text(encoding="utf-8") == "title: unsaved work\n"


def test_a_source_that_is_not_the_kit_is_refused(tmp_path: Path):
    course = clone_of_this_kit(tmp_path / "course")
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    git(other, "init", "-q", "-b", "main")
    commit_all(other, "not a kit")
    result = upgrade(course, str(other))
    assert result.returncode == 1 and "is not the course kit" in result.stderr
    assert git(course, "status", "--porcelain") == ""


def test_a_course_whose_hooks_file_names_the_kits_earlier_module_still_builds(mini_project: Path):
    """`./course upgrade` keeps a course's own hooks/course.py, and kit 0.2 wrote it as
    `from coursekit.mkdocs_hooks import *`: that name still gives the kit's handlers."""
    from helpers import run_build

    hooks = mini_project / "hooks"
    hooks.mkdir()
    (hooks / "course.py").write_text(
        '"""A course\'s hooks file as kit 0.2 wrote it."""\n\nfrom coursekit.mkdocs_hooks import *  # noqa: F403\n',
        encoding="utf-8",
    )
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().endswith("hooks/course.py"))
    config.write_text(text.replace(line, "  - hooks/course.py"), encoding="utf-8")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    assert (mini_project / "site" / "lessons" / "first-steps" / "index.html").is_file()
