"""The build's files that are not pages (chart downloads, the email course, share
cards and app icons), made in a second process while MkDocs renders the pages.

    job = start_artefacts(course, epoch, site_dir, held=True)   # names known at once: job.files
    job.release()                                     # MkDocs has emptied the folder: write
    ...                                               # MkDocs converts and renders pages
    warnings = job.wait()                             # CourseError on bad input
    job.stop()                                        # a failed build: end the process
    background.hand_over(job, report)                 # the preview: the page refresh does not wait
    background.stop()                                 # the next preview build starts: end it
    background.wait()                                 # tests: until the preview's are written

The worker writes each file straight into the site folder, so MkDocs has nothing to
copy. ReportLab, Pillow, css-inline and html2text are imported only there. Nothing is
kept between builds: every build makes every file from the sources.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.core import routes
from coursekit.core.model import Course

if TYPE_CHECKING:
    from coursekit.outputs.emails.sequence import FileContent

# The parts, each made (and, in the preview, remade) on its own: the chart downloads,
# the email course, the share cards and app icons.
CHART, EMAILS, PICTURES = "chart", "emails", "pictures"
ALL_PARTS = frozenset({CHART, EMAILS, PICTURES})


class ArtefactCrash(Exception):
    """The artefact process died without an answer (killed, out of memory)."""


@dataclass
class ArtefactJob:
    """An artefact build: the files it writes and the worker writing them."""

    files: list[str]
    executor: ProcessPoolExecutor
    future: Future[list[str]]
    ready: Any  # a multiprocessing Event: set, the worker may write into the folder
    stopped: bool = False
    reported: threading.Event = field(default_factory=threading.Event)  # in the background: its outcome handled

    def release(self) -> None:
        """The folder is ready (MkDocs has emptied it): the worker may write its files."""
        self.ready.set()

    def wait(self) -> list[str]:
        """Wait for the files; return warnings for authors, or raise the worker's CourseError."""
        try:
            return self.future.result()
        except BrokenProcessPool:
            raise ArtefactCrash("the process making the downloads and emails stopped without finishing") from None
        finally:
            self.executor.shutdown()

    def stop(self) -> None:
        """End the worker at once (the build failed; its folder is about to go)."""
        self.stopped = True
        if self.future.done():
            return
        if hasattr(self.executor, "terminate_workers"):  # Python 3.14+
            self.executor.terminate_workers()
            return
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.terminate()
        self.executor.shutdown(cancel_futures=True)


class Background:
    """The preview's artefact process of the save before, maybe still writing: the next
    preview build stops it before MkDocs empties the folder it writes into. One per
    preview process (the course plugin holds it)."""

    def __init__(self) -> None:
        self.job: ArtefactJob | None = None

    def hand_over(self, job: ArtefactJob, report: Callable[[list[str] | Exception], None]) -> None:
        """Let the preview's artefacts finish on their own; `report` gets their warnings, or
        the error, when they do (not when the next build stops them first)."""
        self.stop()
        self.job = job

        def done(future: Future[list[str]]) -> None:
            try:
                if not job.stopped:
                    report(future.result())
            except Exception as err:  # a crash or a CourseError: whatever ended it, the author hears
                if not job.stopped:
                    report(err)
            finally:
                job.executor.shutdown(wait=False)
                job.reported.set()

        job.future.add_done_callback(done)

    def wait(self, timeout: float = 300) -> None:
        """Wait until the preview's background artefacts are written and reported, if any
        (for tests and scripts: the preview itself never waits)."""
        if self.job is not None and not self.job.reported.wait(timeout):
            raise TimeoutError(f"the preview's downloads and emails took longer than {timeout} s")

    def stop(self) -> None:
        """End the artefact process a previous preview build left running, if any."""
        if self.job is not None:
            self.job.stop()
            self.job = None


def start_artefacts(
    course: Course,
    epoch: int,
    folder: Path,
    parts: frozenset[str] = ALL_PARTS,
    *,
    held: bool = False,
    icon: Path | None = None,
) -> ArtefactJob:
    """Start writing the downloads, the email course and the pictures (or only the
    `parts` named) into `folder` in another process. `held`: the worker starts its
    imports and its first file at once, but writes nothing until `job.release()`
    (MkDocs empties the site folder after the build has started). `icon`: the picture the
    app icons are drawn from (else the course's initials)."""
    # fork shares the loaded course at no cost; with other threads running (mkdocs serve) it is unsafe.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and threading.active_count() == 1 else "spawn")
    ready = context.Event()
    if not held:
        ready.set()
    # The task goes in with the process (inherited under fork), not through the executor's
    # queue, which would pickle the whole course (8 MB at 1,000 lessons) and keep the bytes.
    task = (course, epoch, folder, parts, icon)
    executor = ProcessPoolExecutor(1, mp_context=context, initializer=_worker_start, initargs=(os.getpid(), ready, task))
    future = executor.submit(_write_task)
    return ArtefactJob(files=routes.artefact_paths(course), executor=executor, future=future, ready=ready)


def build_artefacts(
    course: Course,
    epoch: int,
    write: Callable[[str, FileContent], None],
    parts: frozenset[str] = ALL_PARTS,
) -> list[str]:
    """Make every download and email file (of the `parts` named), handing each to `write`
    (site path, bytes or parts of bytes) as soon as it is made; the warnings for authors."""
    from coursekit.outputs.chart_downloads import chart_downloads
    from coursekit.outputs.chart_pdf import printing_warnings
    from coursekit.outputs.emails.sequence import build_sequence

    warnings = []
    if CHART in parts and course.assessment is not None:
        for path, content in chart_downloads(course).items():
            write(path, content)
        warnings += printing_warnings(course)
    if EMAILS in parts:
        warnings += build_sequence(course, epoch, write=lambda name, content: write(routes.email_path(name), content)).warnings
    return warnings


def write_artefacts(
    course: Course, epoch: int, folder: Path, parts: frozenset[str] = ALL_PARTS, icon: Path | None = None
) -> list[str]:
    """Write every artefact (of the `parts` named) into `folder`, the app icons drawn from
    the picture `icon` when there is one; the warnings for authors."""
    from coursekit.outputs.share_cards import write_images

    def write(path: str, content: FileContent) -> None:
        _folder_ready()
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:  # a file in parts (the mailbox): each written as it is made
            if isinstance(content, bytes):
                stream.write(content)
            else:
                stream.writelines(content)

    made = build_artefacts(course, epoch, write, parts)
    _folder_ready()
    return made + (write_images(course, folder, icon) if PICTURES in parts else [])


# In the worker: set when it may write into the site folder (see start_artefacts); what to write.
_ready: Any = None
_task: tuple[Course, int, Path, frozenset[str], Path | None] | None = None


def _write_task() -> list[str]:
    assert _task is not None
    return write_artefacts(*_task)


def _folder_ready() -> None:
    if _ready is not None:
        _ready.wait()


def _worker_start(parent: int, ready: Any, task: tuple[Course, int, Path, frozenset[str], Path | None]) -> None:
    """Note what the worker writes and when it may; end it as soon as the build that
    started it is gone: a killed build must not leave a process writing into its folder."""
    global _ready, _task
    _ready, _task = ready, task

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
