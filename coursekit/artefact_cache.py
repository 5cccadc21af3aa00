"""A cache of the build's artefacts (chart downloads, email course) between builds.

Authors rebuild constantly and the artefacts rarely change, so a build whose
inputs match the last one copies the stored files into the site instead of making
them again. The key covers everything they are made from: the course model, the
SOURCE_DATE_EPOCH they are dated by, this package's code and templates, and the
versions of the libraries that write them. Only complete, successful runs are
stored; COURSEKIT_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
from importlib import metadata
from pathlib import Path

from coursekit.model import Course

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("reportlab", "css-inline", "html2text", "markdown", "jinja2")
COMPLETE = "complete.json"


def enabled() -> bool:
    return os.environ.get("COURSEKIT_NO_CACHE", "") in ("", "0")


def cache_key(course: Course, epoch: int) -> str:
    """A digest of every input of the artefacts."""
    digest = hashlib.sha256()
    digest.update(pickle.dumps((course, epoch), protocol=4))
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".html"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    versions = [sys.version] + [_version(name) for name in LIBRARIES]
    digest.update("|".join(versions).encode())
    return digest.hexdigest()[:32]


def restore(cache: Path, key: str, files: list[str], site_dir: Path) -> list[str] | None:
    """Put the stored files for `key` into the site; their warnings, or None on a miss."""
    entry = cache / key
    try:
        warnings = json.loads((entry / COMPLETE).read_text(encoding="utf-8"))
        for name in files:
            _copy(entry / name, site_dir / name)
    except (OSError, ValueError):
        return None
    return warnings


def store(cache: Path, key: str, files: list[str], site_dir: Path, warnings: list[str]) -> None:
    """Keep the files of a successful run under `key`, replacing older entries."""
    staging = cache / f".{key}-storing"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for name in files:
            _copy(site_dir / name, staging / name)
        (staging / COMPLETE).write_text(json.dumps(warnings), encoding="utf-8")
        for old in cache.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(cache / key)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # a cache that cannot be written is only slower


def _copy(source: Path, target: Path) -> None:
    """Copy a file, making its folder (copies, not links: editing a site file must not
    change the cache)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _version(distribution: str) -> str:
    try:
        return f"{distribution}={metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"{distribution}=?"
