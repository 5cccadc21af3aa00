"""Replace an output folder only once its new contents are complete.

A run builds into a hidden sibling folder and renames it into place, so a
failure at any point leaves the previous output as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def staging_folder(target: Path) -> Path:
    """A new empty hidden folder beside `target` (same file system, so renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is, keeping the old folder until the new one is in place."""
    retired = target.with_name(f".{target.name}-previous")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Make `target` hold exactly `files` (name -> bytes), all or nothing."""
    staging = staging_folder(target)
    try:
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
