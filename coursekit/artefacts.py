"""The build's files that are not pages (chart downloads, the email course), made in
a second process while MkDocs renders the pages.

    job = start_artefacts(course, epoch, site_dir, cache)  # names known at once: job.files
    ...                                              # MkDocs converts and renders pages
    warnings = job.wait()                            # CourseError on bad input
    job.cleanup()

The child writes each file straight into the site folder, so MkDocs has nothing to
copy. ReportLab, css-inline and html2text are imported only there.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from coursekit import artefact_cache
from coursekit.chart_export import chart_file_stem
from coursekit.emails import names
from coursekit.errors import CourseError
from coursekit.model import Course

EMAILS_DIR = "emails"
DOWNLOADS_DIR = "downloads"


def download_paths(course: Course) -> dict[str, str]:
    """Where the chart downloads live in the site, by file type."""
    stem = f"{DOWNLOADS_DIR}/{chart_file_stem(course)}"
    return {"pdf": f"{stem}.pdf", "csv": f"{stem}.csv"}


def artefact_paths(course: Course) -> list[str]:
    """Every file the job writes, as site paths."""
    paths = list(download_paths(course).values()) if course.assessment is not None else []
    return paths + [f"{EMAILS_DIR}/{name}" for name in names.sequence_files(course)]


@dataclass
class ArtefactJob:
    """An artefact build: its folder, the files it writes, and the process (None when
    the files came from the cache)."""

    folder: Path
    files: list[str]
    process: multiprocessing.process.BaseProcess | None = None
    connection: Connection | None = None
    result: tuple[str, object] | None = field(default=None)
    cache: Path | None = None
    key: str = ""
    notes: list[str] = field(default_factory=list)

    def wait(self) -> list[str]:
        """Wait for the files; return warnings for authors, or raise CourseError."""
        if self.result is None:
            assert self.process is not None and self.connection is not None
            try:
                self.result = self.connection.recv()
            except EOFError:
                self.process.join()
                self.result = ("crash", f"the process making downloads and emails stopped (exit code "
                                        f"{self.process.exitcode})")
            self.process.join()
            if self.result[0] == "ok" and self.cache is not None:
                artefact_cache.store(self.cache, self.key, self.files, self.folder, list(self.result[1]))
        kind, payload = self.result
        if kind == "ok":
            return self.notes + list(payload)
        if kind == "error":
            raise CourseError(*payload)
        raise RuntimeError(str(payload))

    def cleanup(self) -> None:
        """Stop the process if it still runs (a failed build)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


def start_artefacts(course: Course, epoch: int, folder: Path, cache: Path | None = None) -> ArtefactJob:
    """Start writing the downloads and the email course into `folder` in another process,
    or link them from `cache` when the last build had the same inputs."""
    files = artefact_paths(course)
    key = ""
    notes = []
    if cache is not None and artefact_cache.enabled():
        key = artefact_cache.cache_key(course, epoch)
        try:
            warnings = artefact_cache.restore(cache, key, files, folder)
        except artefact_cache.Damaged as damaged:
            warnings, notes = None, [str(damaged)]
        if warnings is not None:
            return ArtefactJob(folder=folder, files=files, result=("ok", warnings))
    else:
        cache = None
    # fork shares the loaded course at no cost; with other threads running (mkdocs serve) it is unsafe.
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(target=_build, args=(course, epoch, folder, child_end, os.getpid()), daemon=True)
    process.start()
    child_end.close()
    return ArtefactJob(folder=folder, files=files, process=process, connection=parent_end, cache=cache, key=key,
                       notes=notes)


def build_artefacts(course: Course, epoch: int) -> tuple[dict[str, bytes], list[str]]:
    """All artefacts in this process: site path -> bytes, and warnings."""
    from coursekit.chart_export import chart_csv
    from coursekit.chart_pdf import chart_pdf
    from coursekit.emails.sequence import build_sequence

    files: dict[str, bytes] = {}
    if course.assessment is not None:
        downloads = download_paths(course)
        files[downloads["pdf"]] = chart_pdf(course)
        files[downloads["csv"]] = chart_csv(course)
    sequence = build_sequence(course, epoch)
    files.update({f"{EMAILS_DIR}/{name}": content for name, content in sequence.files.items()})
    return files, sequence.warnings


def _build(course: Course, epoch: int, folder: Path, connection: Connection, parent: int) -> None:
    """The child process: write every artefact, then report ("ok", warnings) or the error."""
    _die_with(parent)
    try:
        files, warnings = build_artefacts(course, epoch)
        for path, content in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        connection.send(("ok", warnings))
    except CourseError as err:
        connection.send(("error", (err.path, err.problem, err.fix, err.line, err.field)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        connection.send(("crash", traceback.format_exc()))
    finally:
        connection.close()


def _die_with(parent: int) -> None:
    """End this process as soon as the build that started it is gone: a killed build
    must not leave a process writing into its folder."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
