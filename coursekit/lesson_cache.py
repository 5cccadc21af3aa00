"""Parsed lessons kept between builds: reading, parsing and validating a thousand
lesson files takes about a second, and an author's rebuild changes one or two.

    cache = LessonCache.open_lessons(path) # None: no cache (tests, `coursekit check`)
    key = cache.key(file, slug, settings)  # None when the file cannot be looked at
    hit = cache.get(key)                   # what the loader stored for exactly this input
    cache.put(key, value)
    cache.save()                           # only this run's entries: stale ones drop out

An entry is used only for the same file (path, size, modification time in
nanoseconds, inode), the same name in the course's list, the same validation
settings, and the same loader code (a digest of the modules that read and check a
lesson). Anything else is a miss, and a miss is only slower. Entries live in memory
for the life of the process (the preview rebuilds in one process) and on disk in
.cache/coursekit/ between builds; only lessons that loaded without a problem are stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from functools import cache
from pathlib import Path

from coursekit.kept_entries import KeptEntries

# The modules whose code decides what a parsed lesson holds.
LOADER_MODULES = ("loader.py", "lesson_body.py", "sources.py", "schema.py", "validation.py", "model.py", "errors.py")


class LessonCache(KeptEntries):
    @classmethod
    def open_lessons(cls, file: Path | None, *, keep_in_memory: bool = False) -> LessonCache:
        """The parsed lessons kept in `file`, if the loader's code is the same."""
        return cls.open(file, code_version(), keep_in_memory=keep_in_memory)

    def key(self, path: Path, slug: str, settings: Hashable) -> Hashable | None:
        if self.file is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        # The path as given as well: a lesson keeps it, and messages print it.
        return (str(path), str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, slug, settings)


@cache
def code_version() -> str:
    """A digest of the loader's code: a changed rule never meets a lesson checked by the old one."""
    here = Path(__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in LOADER_MODULES)).hexdigest()[:16]
