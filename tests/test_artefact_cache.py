"""The artefact cache: a rebuild with the same inputs reuses the downloads and emails,
any change to the inputs makes them again, and a damaged entry is never trusted."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpers import edit, run_build


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(project: Path) -> list[Path]:
    cache = project / ".cache" / "coursekit"
    return sorted(p for p in cache.iterdir()) if cache.exists() else []


def test_rebuild_reuses_the_cached_artefacts_byte_for_byte(mini_project: Path):
    assert run_build(mini_project).returncode == 0
    first = digest(mini_project / "site")
    [entry] = entries(mini_project)
    assert (entry / "complete.json").is_file() and (entry / "emails" / "01-first-steps.eml").is_file()
    marker = entry / "emails" / "index.html"
    marker.write_bytes(marker.read_bytes().replace(b"</h1>", b" (from the cache)</h1>"))
    assert run_build(mini_project).returncode == 0
    second = digest(mini_project / "site")
    assert "(from the cache)" in (mini_project / "site" / "emails" / "index.html").read_text()  # it was reused
    del first["emails/index.html"], second["emails/index.html"]
    assert first == second


def test_a_changed_lesson_or_date_makes_them_again(mini_project: Path):
    assert run_build(mini_project).returncode == 0
    [old] = entries(mini_project)
    edit(mini_project / "lessons/02-second-steps.md", '"Lesson 2: Second steps"', '"Lesson 2: Fresh subject"')
    assert run_build(mini_project).returncode == 0
    [new] = entries(mini_project)
    assert new != old
    assert "Subject: Lesson 2: Fresh subject" in (mini_project / "site/emails/02-second-steps.eml").read_text()
    assert run_build(mini_project, SOURCE_DATE_EPOCH="1700000000").returncode == 0
    assert entries(mini_project) != [new]
    assert "Date: Tue, 14 Nov 2023" in (mini_project / "site/emails/01-first-steps.eml").read_text()


def test_a_damaged_entry_is_rebuilt(mini_project: Path):
    assert run_build(mini_project).returncode == 0
    [entry] = entries(mini_project)
    (entry / "emails" / "03-third-steps.txt").unlink()
    assert run_build(mini_project).returncode == 0
    assert (mini_project / "site/emails/03-third-steps.txt").read_text().startswith("Mini Course")


def test_the_cache_can_be_turned_off(mini_project: Path):
    assert run_build(mini_project, COURSEKIT_NO_CACHE="1").returncode == 0
    assert entries(mini_project) == []
    assert (mini_project / "site/emails/01-first-steps.eml").is_file()
