"""Entries kept between builds in one file under .cache/coursekit/: what a build worked
out for an input it may meet again (a parsed lesson, a converted page).

    kept = KeptEntries.open(path, version)  # path None: nothing kept (tests, `coursekit check`)
    value = kept.get(key)                    # what was stored for exactly this key, or None
    kept.put(key, value)
    kept.keep_unused()                       # a run that did only part of the work: keep the rest
    kept.save()                              # only this run's entries: stale ones drop out

`version` names the code that made the entries: a file written by other code is not
read. Entries live in memory for the life of a process that builds again (`mkdocs
serve` rebuilds in one process) and on disk between builds. A missing, damaged or
unwritable file only costs time.
"""

from __future__ import annotations

import pickle
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from coursekit.output_folder import write_file_whole

FORMAT = 1

# Per file, for as long as this process lives: `mkdocs serve` rebuilds in one process.
_in_memory: dict[Path, dict[Hashable, Any]] = {}


@dataclass
class KeptEntries:
    file: Path | None
    version: str
    entries: dict[Hashable, Any]
    used: dict[Hashable, Any] = field(default_factory=dict)
    keep_in_memory: bool = False  # this process builds again (mkdocs serve): keep the entries

    @classmethod
    def open(cls, file: Path | None, version: str, *, keep_in_memory: bool = False) -> Self:
        """The entries kept in `file` (from memory when this process has them already)."""
        if file is None:
            return cls(None, version, {})
        if file in _in_memory:
            return cls(file, version, _in_memory[file], keep_in_memory=keep_in_memory)
        try:
            with file.open("rb") as stream:
                stored = pickle.load(stream)
            entries = stored["entries"] if stored.get("format") == (FORMAT, version) else {}
        except Exception:  # missing, unreadable, another version, damaged: start empty
            entries = {}
        return cls(file, version, entries, keep_in_memory=keep_in_memory)

    def get(self, key: Hashable | None) -> Any:
        if key is None or key not in self.entries:
            return None
        self.used[key] = self.entries[key]
        return self.entries[key]

    def put(self, key: Hashable | None, value: Any) -> None:
        if key is not None:
            self.used[key] = value

    def keep_unused(self) -> None:
        """Keep the entries this run did not ask for too (a run that did only part of
        the work: the preview renders only the pages a save changed)."""
        for key, value in self.entries.items():
            self.used.setdefault(key, value)

    def save(self) -> None:
        """Keep this run's entries on disk (whole or not at all), and in memory for a
        process that builds again; a single build lets them go."""
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
            stored = {"format": (FORMAT, self.version), "entries": self.used}
            write_file_whole(self.file, [pickle.dumps(stored, pickle.HIGHEST_PROTOCOL)])
        except OSError:
            pass  # a read-only or full disk only costs time
