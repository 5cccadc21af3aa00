"""The quick start on a fresh machine: `./course build` installs exactly the locked
build requirements (no test tools), and the script runs on the oldest bash authors
have (macOS ships bash 3.2)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

# Features of bash 4 and later that bash 3.2 rejects or misreads.
BASH4_ONLY = [
    r"declare -A",
    r"\bmapfile\b",
    r"\breadarray\b",
    r"\$\{[A-Za-z_]+,,",
    r"\$\{[A-Za-z_]+\^\^",
    r"\|&",
    r"&>>",
    r"\bcoproc\b",
    r"declare -n",
    r"\$\{[A-Za-z_]+@[QEPAa]\}",
]


def locked(lock: Path) -> dict[str, str]:
    """Package name -> version pinned in a lock file (every platform's lines)."""
    pins = {}
    for name, version in re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([^ ;\\\n]+)", lock.read_text()):
        pins.setdefault(name.lower().replace("_", "-"), set()).add(version)
    return pins


def test_the_course_script_is_bash_3_2_and_posix_clean():
    script = (ROOT / "course").read_text()
    assert subprocess.run(["bash", "--posix", "-n", str(ROOT / "course")]).returncode == 0
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")]).returncode == 0
    for pattern in BASH4_ONLY:
        assert not re.search(pattern, script), pattern


def test_lock_files_pin_every_requirement_with_hashes():
    for kind in ("build", "test"):
        text = (ROOT / "requirements" / f"{kind}.txt").read_text()
        requirements = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
        assert requirements and all("==" in line for line in requirements)
        assert text.count("==") <= text.count("--hash=sha256:")
    build, test = locked(ROOT / "requirements/build.txt"), locked(ROOT / "requirements/test.txt")
    assert "mkdocs-material" in build and "pytest" not in build and "playwright" not in build
    assert all(test.get(name) == versions for name, versions in build.items())  # the same versions in both


@pytest.mark.slow
def test_build_on_a_fresh_copy_installs_only_the_locked_build_requirements(tmp_path: Path):
    # What a clone would hold: tracked files, and new ones not ignored (so it works before a commit too).
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    tracked = subprocess.run(listing, cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    clone = tmp_path / "clone"
    for name in filter(None, tracked):
        source = ROOT / name.decode()
        if source.is_file():
            (clone / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name.decode())
    base_python = getattr(sys, "_base_executable", sys.executable)
    result = subprocess.run(
        ["./course", "build"],
        cwd=clone,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHON": base_python, "SOURCE_DATE_EPOCH": "1764000000", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert (clone / "site/index.html").is_file()
    frozen = subprocess.run(
        [str(clone / ".venv/bin/python"), "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
    ).stdout
    installed = {
        name.lower().replace("_", "-"): version for name, version in re.findall(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)$", frozen)
    }
    pins = locked(clone / "requirements/build.txt")
    assert "pytest" not in installed and "playwright" not in installed and "ruff" not in installed
    assert installed and all(version in pins.get(name, ()) for name, version in installed.items()), installed
