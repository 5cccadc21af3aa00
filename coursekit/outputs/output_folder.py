"""Output folders (the site, the email course): which folders a run may replace,
and replacing them only once the new contents are complete.

A run builds into a hidden sibling folder (`.site-building-<pid>-<random>`) and
swaps it into place; a failure or a kill at any point leaves the previous output
whole. Every output carries a stamp file, so a later run knows the folder is its
own to replace; any other non-empty folder, and any folder that holds the project,
its sources or its git repository, is refused before anything is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import stat
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from coursekit.core.errors import CourseError
from coursekit.core.sources import display_path

STAMP = ".coursekit-output"
STAMP_TEXT = b"Written by coursekit. The next build replaces this whole folder.\n"
STAGING_TAG = "-building-"
RETIRED_TAG = "-retired-"


def check_target(target: Path, option: str, project: Path, sources: Iterable[Path]) -> Path:
    """`target`, resolved, if a run may replace it; else a CourseError naming `option`.

    Never replaced or swallowed: the project folder, and the `sources` (docs, lessons,
    .git), which no output may lie inside either.
    """
    resolved = target.resolve()
    shown = display_path(target)
    project = project.resolve()
    if project.is_relative_to(resolved):
        raise CourseError(
            option,
            f"'{shown}' is or contains the project folder ({project})",
            "choose a new folder of its own inside the project, e.g. site or dist/emails",
        )
    for folder in sources:
        folder = folder.resolve()
        if folder.is_relative_to(resolved) or resolved.is_relative_to(folder):
            raise CourseError(
                option,
                f"'{shown}' is, holds or lies inside the source folder {display_path(folder)}",
                "choose a folder outside the sources, e.g. site or dist/emails",
            )
    if target.is_symlink() or (resolved.exists() and not resolved.is_dir()):
        raise CourseError(option, f"'{shown}' exists and is not a folder", "choose another path or remove it")
    if resolved.is_dir() and not _written_by_a_build(resolved) and any(resolved.iterdir()):
        raise CourseError(
            option,
            f"'{shown}' already holds files that no build wrote (it has no {STAMP} stamp)",
            "choose an empty or new folder; or, if you are sure, empty it yourself",
        )
    return resolved


def _written_by_a_build(folder: Path) -> bool:
    """Stamped; or a whole MkDocs site written before stamps existed."""
    return (folder / STAMP).is_file() or all(
        (folder / name).is_file() for name in ("sitemap.xml", "404.html", "search/search_index.json")
    )


def staging_folder(target: Path) -> Path:
    """A new empty hidden folder beside `target` (same file system, so renames are
    atomic), after clearing what killed runs left there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    staging = target.with_name(f".{target.name}{STAGING_TAG}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    staging.mkdir(mode=0o777)  # as the umask allows: web servers read the site as another user
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` (stamped) where `target` is; the old folder stays until the new one is in place."""
    (staging / STAMP).write_bytes(STAMP_TEXT)
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        remove_tree(staging)  # staging now holds the old output
        return
    # No atomic exchange on this system: two renames; a kill between them is repaired by the next run.
    retired = target.with_name(f".{target.name}{RETIRED_TAG}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    target.rename(retired)
    staging.rename(target)
    remove_tree(retired)


def write_file_whole(path: Path, pieces: Iterable[bytes], mode: int | None = None) -> None:
    """Write `path` from `pieces` through a hidden sibling renamed into place once complete:
    a failure or a kill part way leaves the previous file (or none), never half of one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with partial.open("wb") as out:
            for piece in pieces:
                out.write(piece)
        if mode is not None:
            partial.chmod(mode)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Make `target` hold exactly `files` (name -> bytes) and the stamp, all or nothing."""
    staging = staging_folder(target)
    try:
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        swap_in(staging, target)
    finally:
        remove_tree(staging)


def clear_leftovers(target: Path) -> None:
    """Remove staging and retired folders of runs that are no longer alive; put back
    an output that a kill between two renames left only under its retired name."""
    prefix = f".{target.name}"
    found = [
        *target.parent.glob(f"{prefix}{STAGING_TAG}*"),
        *target.parent.glob(f"{prefix}{RETIRED_TAG}*"),
        *target.parent.glob(f"{prefix}-previous"),
    ]  # the fixed name of earlier versions
    for path in sorted(found):
        pid = ([*path.name[len(prefix) :].split("-"), "", "", ""])[2]
        if pid.isascii() and pid.isdigit() and _alive(int(pid)):
            continue
        if RETIRED_TAG in path.name and not target.exists() and (path / STAMP).is_file():
            path.rename(target)
            continue
        remove_tree(path)


def remove_tree(path: Path) -> None:
    """Delete a folder, read-only parts included; what still cannot go stays (its
    name is unique, so it never blocks a later run)."""
    if not path.is_dir() or path.is_symlink():
        return

    def make_writable(function: Callable[[str], object], failed: str, _error: object) -> None:
        folder = Path(os.path.dirname(failed))
        if folder != path and not folder.is_relative_to(path):
            return  # never touch anything outside the tree being removed
        try:
            folder.chmod(folder.stat().st_mode | stat.S_IRWXU)
            function(failed)
        except OSError:
            pass

    with contextlib.suppress(OSError):
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=make_writable)
        else:
            shutil.rmtree(path, onerror=make_writable)


def _alive(pid: int) -> bool:
    """Whether process `pid` may still be writing its folder. On Windows os.kill(pid, 0)
    would end the process, so there every other process counts as alive (its leftover
    stays: a unique name, never in the way)."""
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))
