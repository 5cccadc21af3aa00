"""Output folders are safe to point anywhere: a build or an email run never replaces
the project, its sources or someone's files; a failed or killed run leaves the old
output whole; the site is readable by a web server running as another user."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers import FIXTURES, ROOT, tree_digest

EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A self-contained course project (its own docs/, lessons/ and git repository)."""
    target = tmp_path / "course"
    target.mkdir()
    shutil.copytree(FIXTURES / "mini-course" / "lessons", target / "lessons")
    shutil.copytree(ROOT / "docs", target / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - hooks/course.py", f"  - {ROOT / 'hooks' / 'course.py'}")
    config = config.replace("custom_dir: coursekit/theme", f"custom_dir: {ROOT / 'coursekit' / 'theme'}")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    (target / "notes").mkdir()
    (target / "notes" / "plan.txt").write_text("my own file\n")
    return target


def coursekit(project: Path, *args: str, preexec=None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **EPOCH, **env},
        preexec_fn=preexec,
    )


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (".", "is or contains the project folder"),
        ("..", "is or contains the project folder"),
        ("docs", "source folder docs"),
        ("docs/built", "source folder docs"),
        ("lessons", "source folder lessons"),
        (".git", "source folder .git"),
        ("notes", "already holds files that no build wrote"),
        ("notes/plan.txt", "exists and is not a folder"),
    ],
)
def test_build_refuses_a_folder_it_must_not_replace(project: Path, target: str, says: str):
    before = tree_digest(project.parent, folders=True)
    result = coursekit(project, "build", "--site-dir", target)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Error: --site-dir: '{target}'" in result.stderr and says in result.stderr
    assert "Fix:" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(project.parent, folders=True) == before  # nothing touched, not even a staging folder


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (".", "is or contains the project folder"),
        ("lessons", "source folder lessons"),
        ("docs", "source folder docs"),
        ("notes", "already holds files that no build wrote"),
    ],
)
def test_emails_refuse_a_folder_they_must_not_replace(project: Path, target: str, says: str):
    before = tree_digest(project.parent, folders=True)
    result = coursekit(project, "emails", "--out", target)
    assert result.returncode == 1 and f"Error: --out: '{target}'" in result.stderr and says in result.stderr
    assert tree_digest(project.parent, folders=True) == before


def test_outputs_are_stamped_and_replaced_by_the_next_run(project: Path):
    (project / "empty").mkdir()
    for args in (
        ["build"],
        ["build"],
        ["build", "-d", "empty"],
        ["emails", "--out", "dist/emails"],
        ["emails", "--out", "dist/emails"],
    ):
        result = coursekit(project, *args)
        assert result.returncode == 0, result.stderr
    for folder in ("site", "empty", "dist/emails"):
        assert (project / folder / ".coursekit-output").is_file()
    assert (project / "notes" / "plan.txt").read_text() == "my own file\n"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_the_site_is_readable_by_other_users(project: Path):
    """A web server serving the site as another user (nginx, Apache, GitHub Pages'
    upload-pages-artifact, which documented `deployment_perms_error` for unreadable
    files) must be able to read every folder and file: 0755 and 0644 under umask 022."""
    mode_before = stat.S_IMODE(project.stat().st_mode)
    for _ in range(2):  # a fresh folder, then a replaced one
        result = coursekit(project, "build", preexec=lambda: os.umask(0o022))
        assert result.returncode == 0, result.stderr
        emails = coursekit(project, "emails", "--out", "dist/emails", preexec=lambda: os.umask(0o022))
        assert emails.returncode == 0, emails.stderr
    for root in (project / "site", project / "dist" / "emails"):
        for path in [root, *root.rglob("*")]:
            want = 0o755 if path.is_dir() else 0o644
            assert stat.S_IMODE(path.stat().st_mode) == want, path
    assert stat.S_IMODE(project.stat().st_mode) == mode_before


# Runs the build with one function replaced, to kill or fail it at an exact point.
FAULTY_BUILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from coursekit.outputs import artefacts, output_folder
    fault = os.environ["FAULT"]
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == "before-swap":
        output_folder.swap_in = die
    elif fault == "after-exchange":
        real = output_folder.remove_tree
        output_folder.remove_tree = lambda path: die() if "-building-" in path.name else real(path)
    elif fault == "between-renames":
        output_folder._exchange = lambda a, b: False
        real_rename = Path.rename
        def rename(self, target):
            result = real_rename(self, target)
            if "-retired-" in str(target):
                die()
            return result
        Path.rename = rename
    elif fault == "undeletable":
        output_folder.remove_tree = lambda path: None
    elif fault == "read-only":
        def refuse(target):
            raise PermissionError(13, "Permission denied", str(target.parent))
        output_folder.staging_folder = refuse
    elif fault == "slow-artefacts":
        real_build = artefacts.build_artefacts
        def slow(*args):
            # Written whole, then renamed: the test never reads a pid file that is still empty.
            Path(os.environ["READY"] + ".part").write_text(str(os.getpid()))
            os.replace(os.environ["READY"] + ".part", os.environ["READY"])
            import time; time.sleep(60)
            return real_build(*args)
        artefacts.build_artefacts = slow
    from coursekit.cli import main
    main(["build"])
""")


def faulty_build(project: Path, fault: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", FAULTY_BUILD],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **EPOCH, "FAULT": fault, **env},
    )


def whole_site(site: Path) -> bool:
    return all(
        (site / name).is_file()
        for name in (".coursekit-output", "index.html", "404.html", "emails/index.html", "lessons/first-steps/index.html")
    )


@pytest.mark.parametrize("fault", ["before-swap", "after-exchange"])
def test_a_build_killed_at_the_swap_leaves_a_whole_site_and_the_next_build_tidies_up(project: Path, fault: str):
    assert coursekit(project, "build").returncode == 0
    (project / "site" / "old-marker.txt").write_text("old site\n")
    process = faulty_build(project, fault)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    site = project / "site"
    assert whole_site(site)  # the old one or the new one, never none or half
    assert coursekit(project, "build").returncode == 0
    assert whole_site(site) and not (site / "old-marker.txt").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_without_an_atomic_exchange_the_next_run_puts_back_a_site_killed_between_two_renames(project: Path):
    """Where the system has no renameat2 (macOS, other file systems), the swap is two
    renames; a kill between them leaves the old site under its retired name, and the
    next run, even one that fails, puts it back first."""
    assert coursekit(project, "build").returncode == 0
    process = faulty_build(project, "between-renames")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    [retired] = [p for p in project.iterdir() if p.name.startswith(".site-retired-")]
    assert whole_site(retired) and not (project / "site").exists()
    lesson = project / "lessons" / "second-steps.md"
    lesson.write_text(lesson.read_text().replace("## Reflect", "## Reflections"))
    broken = coursekit(project, "build")
    assert broken.returncode == 1 and "Reflect" in broken.stderr
    assert whole_site(project / "site")
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_folders_that_cannot_be_deleted_never_block_a_build(project: Path):
    for _ in range(3):
        process = faulty_build(project, "undeletable")
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert whole_site(project / "site")
    assert len([p for p in project.iterdir() if p.name.startswith(".site-building-")]) == 2
    assert coursekit(project, "build").returncode == 0
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_the_artefact_process_dies_with_the_build(project: Path, tmp_path: Path):
    ready = tmp_path / "child.pid"
    process = faulty_build(project, "slow-artefacts", READY=str(ready))
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(ready.read_text())
    assert child != process.pid
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and _state(child) != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists() or _state(child) == "Z", "the artefact process outlived its build"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_read_only_project_is_one_clear_error(project: Path):
    process = faulty_build(project, "read-only")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "Traceback" not in err
    assert "Permission denied" in err and "Fix: free disk space or make the folder writable" in err


def test_a_full_disk_is_one_clear_error_and_the_old_site_stays(project: Path):
    """A file-size limit makes every large write fail in the kernel (EFBIG), the way a
    full disk (ENOSPC) does mid-build."""
    assert coursekit(project, "build").returncode == 0
    before = tree_digest(project / "site", folders=True)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = coursekit(project, "build", preexec=small_files)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "File too large" in result.stderr and "site was left as it was" in result.stderr
    assert tree_digest(project / "site", folders=True) == before


# -- links out of the project ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/hostname", "/proc/self/environ"])
def test_a_docs_file_that_links_out_of_the_project_is_refused(tmp_path: Path, target: str):
    """A link under docs/ to a system file, or to the build's environment (its secrets),
    would be copied into site/ and the offline copy: the build refuses it, naming the file."""
    from helpers import FIXTURES, make_project, own_docs, run_build

    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    own_docs(project)
    (project / "docs" / "assets" / "notes.txt").symlink_to(target)
    (project / "docs" / "inside.txt").symlink_to(project / "lessons" / "course.yml")  # inside the project: fine
    result = run_build(project)
    assert result.returncode != 0
    assert f"docs/assets/notes.txt: is a link to {Path(target).resolve()}, outside the project folder" in result.stderr
    assert "Fix: copy the file into the project instead of linking to it, or delete the link" in result.stderr
    assert "inside.txt" not in result.stderr and not (project / "site").exists()


def test_a_lesson_that_links_out_of_the_project_is_refused(tmp_path: Path):
    from helpers import FIXTURES, make_project, run_build

    project = make_project(tmp_path / "course", FIXTURES / "mini-course" / "lessons")
    outside = tmp_path / "elsewhere.md"
    outside.write_text((project / "lessons" / "third-steps.md").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "lessons" / "third-steps.md").unlink()
    (project / "lessons" / "third-steps.md").symlink_to(outside)
    result = run_build(project)
    assert result.returncode != 0
    assert f"lessons/third-steps.md: is a link to {outside}, outside the project folder" in result.stderr
