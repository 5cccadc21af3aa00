"""The artefact cache: a rebuild with the same inputs reuses the downloads and emails,
any change to the inputs makes them again, and a damaged entry is never trusted."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

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
    manifest = json.loads((entry / "complete.json").read_text())
    manifest["warnings"] = ["(from the cache)"]  # only a reused entry can report this
    (entry / "complete.json").write_text(json.dumps(manifest))
    second_build = run_build(mini_project)
    assert second_build.returncode == 0
    assert "(from the cache)" in second_build.stderr
    assert digest(mini_project / "site") == first


@pytest.mark.parametrize("damage", ["truncated pdf", "garbage eml", "link to a secret", "linked folder"])
def test_a_damaged_or_planted_entry_is_never_published(mini_project: Path, tmp_path: Path, damage: str):
    """Cache entries are checked against the SHA-256 stored with them and read without
    following links: a damaged one is rebuilt with a warning, and no file from outside
    the cache can reach the site."""
    assert run_build(mini_project).returncode == 0
    good = digest(mini_project / "site")
    [entry] = entries(mini_project)
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE KEY\n")
    pdf = next((entry / "downloads").glob("*.pdf"))
    eml = entry / "emails" / "02-second-steps.eml"
    if damage == "truncated pdf":
        pdf.write_bytes(pdf.read_bytes()[:500])
    elif damage == "garbage eml":
        eml.write_bytes(b"\x00garbage")
    elif damage == "link to a secret":
        eml.unlink()
        eml.symlink_to(secret)
    else:
        shutil.move(entry / "emails", tmp_path / "emails")
        (tmp_path / "emails" / "02-second-steps.eml").write_text("PRIVATE KEY\n")
        (entry / "emails").symlink_to(tmp_path / "emails")
    rebuilt = run_build(mini_project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "damaged" in rebuilt.stderr and "made them anew" in rebuilt.stderr
    assert digest(mini_project / "site") == good
    assert not any("PRIVATE KEY" in p.read_text(errors="replace") for p in (mini_project / "site").rglob("*.eml"))
    assert secret.read_text() == "PRIVATE KEY\n"
    [fresh] = entries(mini_project)
    assert not (fresh / "emails").is_symlink()


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
