"""A hedge against a frozen upstream (issue 24): MkDocs 1.6.1 has had no release since
August 2024 and MkDocs 2.0 drops plugins. ProperDocs (https://github.com/ProperDocs/properdocs),
the maintained MkDocs 1.x fork, runs `mkdocs.*` imports as its own (properdocs/replacement.py)
and reads mkdocs.yml: the course builds with it unchanged, and the site is MkDocs' byte for
byte but for the generator tag each writes (and the offline copy's digests of those pages)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import GARDEN, make_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
DIGESTS = re.compile(rb'"sha256-[A-Za-z0-9+/=]+"|const VERSION = "[0-9a-f]+"')


def build_with(engine: str, project: Path, site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"{engine}: {result.stderr}"


def tree(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = GENERATOR.sub(b"<meta generator>", path.read_bytes())
        if path.name == "sw.js":
            data = DIGESTS.sub(b"<digest>", data)
        files[path.relative_to(site).as_posix()] = data
    return files


def test_properdocs_builds_the_same_site(tmp_path: Path):
    project = make_project(tmp_path / "garden", GARDEN)
    build_with("mkdocs", project, tmp_path / "mkdocs-site")
    build_with("properdocs", project, tmp_path / "properdocs-site")
    with_mkdocs, with_properdocs = tree(tmp_path / "mkdocs-site"), tree(tmp_path / "properdocs-site")
    assert sorted(with_mkdocs) == sorted(with_properdocs)
    different = [name for name in with_mkdocs if with_mkdocs[name] != with_properdocs[name]]
    assert different == []
    # The one difference, normalised above, is the engine's own name.
    home = (tmp_path / "properdocs-site" / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs 1.6' in home
    assert len(with_mkdocs) > 80  # the whole course: pages, downloads, emails, pictures
