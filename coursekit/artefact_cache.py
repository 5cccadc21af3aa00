"""A cache of the build's artefacts (chart downloads, email course) between builds.

Authors rebuild constantly and the artefacts rarely change, so a build whose
inputs match the last one copies the stored files into the site instead of making
them again. The key covers everything they are made from: the course model, the
SOURCE_DATE_EPOCH they are dated by, this package's code and templates, and the
versions of the libraries that write them. Only complete, successful runs are
stored; COURSEKIT_NO_CACHE=1 turns the cache off.

Nothing found there is trusted: every file carries its SHA-256 in the entry's
manifest and is read without following links, so a damaged or planted entry is
rebuilt (with a warning), never published.
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


class Damaged(Exception):
    """A cache entry that exists but cannot be trusted; the message says why."""


def restore(cache: Path, key: str, files: list[str], site_dir: Path) -> list[str] | None:
    """Put the stored files for `key` into the site; their warnings, or None on a miss.
    Raises Damaged (after removing the entry) when the entry is not what was stored."""
    entry = cache / key
    try:
        manifest = json.loads(_read(entry, COMPLETE))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        _discard(entry)
        raise Damaged(f"the cached downloads and emails in {entry} are unreadable ({err}); made them anew") from None
    try:
        if not isinstance(manifest, dict) or sorted(manifest.get("files", {})) != sorted(files):
            raise ValueError("its list of files does not match")
        for name in files:
            content = _read(entry, name)
            if hashlib.sha256(content).hexdigest() != manifest["files"][name]:
                raise ValueError(f"{name} is not the file that was stored")
            target = site_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return [str(w) for w in manifest.get("warnings", [])]
    except (OSError, ValueError, TypeError) as err:
        _discard(entry)
        raise Damaged(f"the cached downloads and emails in {entry} are damaged ({err}); made them anew") from None


def store(cache: Path, key: str, files: list[str], site_dir: Path, warnings: list[str]) -> None:
    """Keep the files of a successful run under `key`, replacing older entries."""
    staging = cache / f".{key}-storing"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        digests = {}
        for name in files:
            content = (site_dir / name).read_bytes()
            digests[name] = hashlib.sha256(content).hexdigest()
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        (staging / COMPLETE).write_text(json.dumps({"files": digests, "warnings": warnings}), encoding="utf-8")
        for old in cache.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(cache / key)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # a cache that cannot be written is only slower


def _read(entry: Path, name: str) -> bytes:
    """A stored file's bytes, refusing a link anywhere from the entry down."""
    path = entry
    for part in name.split("/"):
        if path.is_symlink():
            raise ValueError(f"{path} is a link")
        path = path / part
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:
        return file.read()


def _discard(entry: Path) -> None:
    if entry.is_symlink():
        entry.unlink()
    else:
        shutil.rmtree(entry, ignore_errors=True)


def _version(distribution: str) -> str:
    try:
        return f"{distribution}={metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return f"{distribution}=?"
