"""Parsed lessons kept between builds: reading, parsing and validating a thousand
lesson files takes about a second, and an author's rebuild changes one or two.

    cache = LessonCache.open(path)         # None: no cache (tests, `coursekit check`)
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
import pickle
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from coursekit.output_folder import write_file_whole

FORMAT = 1
# The modules whose code decides what a parsed lesson holds.
LOADER_MODULES = ("loader.py", "lesson_body.py", "sources.py", "schema.py", "validation.py", "model.py", "errors.py")

# Per cache file, for as long as this process lives: `mkdocs serve` rebuilds in one process.
_in_memory: dict[Path, dict[Hashable, Any]] = {}


@dataclass
class LessonCache:
    file: Path | None
    entries: dict[Hashable, Any]
    used: dict[Hashable, Any] = field(default_factory=dict)
    keep_in_memory: bool = False  # this process builds again (mkdocs serve): keep the entries

    @classmethod
    def open(cls, file: Path | None, *, keep_in_memory: bool = False) -> LessonCache:
        """The cache kept in `file` (from memory when this process has it already)."""
        if file is None:
            return cls(None, {})
        if file in _in_memory:
            return cls(file, _in_memory[file], keep_in_memory=keep_in_memory)
        try:
            with file.open("rb") as stream:
                stored = pickle.load(stream)
            entries = stored["entries"] if stored.get("format") == (FORMAT, code_version()) else {}
        except Exception:  # missing, unreadable, another version, damaged: start empty
            entries = {}
        return cls(file, entries, keep_in_memory=keep_in_memory)

    def key(self, path: Path, slug: str, settings: Hashable) -> Hashable | None:
        if self.file is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        # The path as given as well: a lesson keeps it, and messages print it.
        return (str(path), str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, slug, settings)

    def get(self, key: Hashable | None) -> Any:
        if key is None or key not in self.entries:
            return None
        self.used[key] = self.entries[key]
        return self.entries[key]

    def put(self, key: Hashable | None, value: Any) -> None:
        if key is not None:
            self.used[key] = value

    def save(self) -> None:
        """Keep this run's entries on disk (whole or not at all), and in memory for a
        process that builds again; a single build lets them go (10 MB at 1,000 lessons)."""
        if self.file is None:
            return
        if self.keep_in_memory:
            _in_memory[self.file] = dict(self.used)
        else:
            _in_memory.pop(self.file, None)
        if self.used.keys() == self.entries.keys():
            return  # nothing new: the file already holds exactly these
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            stored = {"format": (FORMAT, code_version()), "entries": self.used}
            write_file_whole(self.file, [pickle.dumps(stored, pickle.HIGHEST_PROTOCOL)])
        except OSError:
            pass  # a read-only or full disk only costs time


@cache
def code_version() -> str:
    """A digest of the loader's code: a changed rule never meets a lesson checked by the old one."""
    here = Path(__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in LOADER_MODULES)).hexdigest()[:16]
