"""The `coursekit` command: build the whole course (site, downloads, emails),
write or send the email course, check the lessons.

`coursekit build` runs a strict MkDocs build (in this process) into a temporary
folder and swaps it in only when the build succeeded, so a failed build never
replaces a good site. Heavy modules are imported by the commands that use them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coursekit.atomic_folder import staging_folder, swap_in, write_folder
from coursekit.errors import CourseError

if TYPE_CHECKING:
    from coursekit.emails.sequence import EmailSequence


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the course (site, chart downloads, emails) from lessons/, check it, send test emails."""


@main.command()
@click.option("-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Where the built site goes.")
@click.option("--site-url", metavar="URL", help="Publish address, overriding site_url in lessons/course.yml.")
def build(config_file: Path, site_dir: Path, site_url: str | None) -> None:
    """Build the site with its downloads and emails into SITE_DIR.

    The previous site stays in place until the new one is complete.
    """
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        os.environ["SITE_URL"] = site_url
    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(config_file.parent))
    # MkDocs runs in this process: a second interpreter would cost more than the whole 10-lesson build.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_log()
    site_dir = site_dir.resolve()
    staging = staging_folder(site_dir)
    try:
        try:
            config = load_config(config_file=str(config_file), site_dir=str(staging), strict=True)
            mkdocs_build(config)
        except MkDocsException as err:
            click.echo(f"Error: {err.format_message()}", err=True)
            raise click.ClickException(f"the build failed; {os.path.relpath(site_dir)} was left as it was") from None
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"Built the course into {os.path.relpath(site_dir)}/")


def _show_mkdocs_log() -> None:
    """MkDocs' warnings and errors on stderr, as its own command prints them."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


@main.command()
@click.argument("course_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("lessons"))
def check(course_dir: Path) -> None:
    """Validate the course in COURSE_DIR without building anything."""
    from coursekit.loader import load_course

    try:
        course = load_course(course_dir)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    for lesson in course.lessons:
        click.echo(f"{lesson.number:2d}. {lesson.title}  ({lesson.words} words, {lesson.minutes} min)")
    click.echo(f"{len(course.lessons)} lessons, all valid.")


@main.command()
@click.option("-l", "--lessons", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("lessons"), show_default=True, help="The course folder (course.yml and lessons).")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("dist/emails"),
              show_default=True, help="Where the sequence goes; replaced only when complete.")
@click.option("--site-url", metavar="URL", help="Site address for the links, overriding lessons/course.yml.")
def emails(course_dir: Path, out: Path, site_url: str | None) -> None:
    """Write the email course into OUT: per email .html, .txt and .eml; for the
    sequence sequence.json, an .mbox, a gallery (index.html) and Kit and
    listmonk request bodies. (The site build also puts them in site/emails/.)

    Day 0 of the Date headers is SOURCE_DATE_EPOCH (default: the last commit's time).
    """
    sequence = _sequence(course_dir, site_url)
    write_folder(out, sequence.files)
    click.echo(f"Wrote {len(sequence.drafts)} emails ({len(sequence.files)} files) into {out}/")


@main.command()
@click.option("--smtp", "server", required=True, metavar="HOST:PORT", help="The SMTP server to deliver through.")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="Who gets the test copies.")
@click.option("--only", type=click.IntRange(min=1), metavar="N", help="Send only email N.")
@click.option("-l", "--lessons", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("lessons"), show_default=True, help="The course folder.")
@click.option("--site-url", metavar="URL", help="Site address for the links, overriding lessons/course.yml.")
def send(server: str, to: str, only: int | None, course_dir: Path, site_url: str | None) -> None:
    """Deliver test copies of the emails to ADDRESS through an SMTP server.

    Credentials come from the environment, never the command line:
    COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD (both or neither), and
    COURSEKIT_SMTP_STARTTLS=1 to upgrade the connection with STARTTLS.
    """
    host, _, port = server.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("use HOST:PORT, e.g. 127.0.0.1:1025", param_hint="--smtp")
    if "@" not in to or any(c in to for c in "\r\n<>, "):
        raise click.BadParameter("give one plain address, e.g. me@example.org", param_hint="--to")
    sequence = _sequence(course_dir, site_url)
    messages = sequence.messages
    from coursekit.emails.send import SendError, send_copies

    if only is not None:
        if only > len(messages):
            raise click.BadParameter(f"the course has {len(messages)} emails", param_hint="--only")
        messages = [messages[only - 1]]
    try:
        sent = send_copies(messages, host, int(port), to)
    except SendError as err:
        raise click.ClickException(str(err)) from None
    for subject in sent:
        click.echo(f"sent: {subject}")
    click.echo(f"Delivered {len(sent)} test emails to {to} through {host}:{port}")


def _sequence(course_dir: Path, site_url: str | None) -> EmailSequence:
    """The email sequence of the course in `course_dir`, or a clean exit with the problem."""
    from coursekit.emails.sequence import build_sequence
    from coursekit.loader import load_course

    try:
        course = load_course(course_dir, site_url=site_url)
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or _source_date_epoch(course_dir.parent))
        sequence = build_sequence(course, epoch)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    for warning in sequence.warnings:
        click.echo(f"warning: {warning}", err=True)
    return sequence


def _source_date_epoch(project: Path) -> str:
    """The last commit's time, so that rebuilding the same sources gives the same bytes;
    outside git, the newest lesson file's time."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.resolve(),
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if out:
        return out
    sources = list((project / "lessons").glob("*"))
    return str(int(max((p.stat().st_mtime for p in sources), default=0)))


if __name__ == "__main__":
    main()
