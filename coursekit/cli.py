"""The `coursekit` command: build the whole course (site, downloads, emails),
write or send the email course, check the lessons, verify a built course as a
pull request does.

`coursekit build` runs a strict MkDocs build (in this process) into a temporary
folder and swaps it in only when the build succeeded, so a failed build never
replaces a good site. Heavy modules are imported by the commands that use them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coursekit.core import settings
from coursekit.core.email_address import address_problem
from coursekit.core.errors import CourseError, CourseErrors, shown
from coursekit.core.messages import annotate_for_ci, show_on_stderr, worded
from coursekit.outputs import output_folder

if TYPE_CHECKING:
    from coursekit.outputs.emails.sequence import EmailSequence


# Options that several commands take.
_lessons_option = click.option(
    "-l",
    "--lessons",
    "course_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("lessons"),
    show_default=True,
    help="The course folder (course.yml and lessons).",
)
_config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs configuration.",
)
_site_url_option = click.option("--site-url", metavar="URL", help="Site address for the links, overriding lessons/course.yml.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coursekit", message="%(prog)s %(version)s (the course kit)")
def main() -> None:
    """Build the course (site, chart downloads, emails) from lessons/, check it, verify it as a
    pull request does, send test emails."""


@main.command()
@_config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)
@click.option("--site-url", metavar="URL", help="Publish address, overriding site_url in lessons/course.yml.")
@click.option("--drafts", is_flag=True, help="Include lessons marked 'draft: true' (left out by default).")
def build(config_file: Path, site_dir: Path, site_url: str | None, drafts: bool) -> None:
    """Build the site with its downloads and emails into SITE_DIR.

    The previous site stays in place until the new one is complete.
    """
    shown = os.path.relpath(site_dir)
    _strict_build(config_file, site_dir, site_url, drafts, failed=f"the build failed; {shown} was left as it was")
    click.echo(f"Built the course into {shown}/")


def _strict_build(config_file: Path, site_dir: Path, site_url: str | None, drafts: bool, *, failed: str) -> None:
    """A strict MkDocs build (in this process) into a staging folder, swapped in for
    `site_dir` only when it succeeded; `failed` is the last word when it did not."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # MkDocs runs in this process: a second interpreter would cost more than the whole 10-lesson build.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from coursekit.plugin.course_plugin import course_plugin

    show_on_stderr("mkdocs")  # its warnings and errors, as its own command prints them
    shown = os.path.relpath(site_dir)
    try:
        config = load_config(config_file=str(config_file), strict=True)
    except MkDocsException as err:
        raise click.ClickException(f"{config_file}: {err.format_message()}") from None
    plugin = course_plugin(config)
    if plugin is None:
        raise click.ClickException(
            f"{config_file}: names no course hooks. Fix: list hooks/course.py under 'hooks:', as the template's mkdocs.yml does"
        )
    with _author_errors():
        plugin.set_options(site_url=site_url, drafts=drafts)
        build_settings = plugin.settings(config)
    # MkDocs dates its own output (the sitemap) from the same time as the downloads and emails.
    os.environ["SOURCE_DATE_EPOCH"] = str(build_settings.epoch)
    with _author_errors(f"{shown} was left as it was"):
        sources = [Path(config.docs_dir), build_settings.course_dir, build_settings.project / ".git"]
        target = output_folder.check_target(site_dir, "--site-dir", build_settings.project, sources)
        staging = output_folder.staging_folder(target)
        try:
            config.site_dir = str(staging)
            # As `mkdocs build` does: plugins and hooks learn what this run is (a build, not a preview).
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            except MkDocsException as err:
                if not isinstance(err, Abort):  # an Abort's reason is logged above it already
                    click.echo(f"Error: {err.format_message()}", err=True)
                raise click.ClickException(failed) from None
            finally:
                config.plugins.on_shutdown()
            output_folder.swap_in(staging, target)
        finally:
            output_folder.remove_tree(staging)


@contextlib.contextmanager
def _author_errors(consequence: str = "") -> Iterator[None]:
    """Bad input and a failing disk end in one message and a non-zero exit, never a traceback."""
    after = f" ({consequence})" if consequence else ""
    try:
        yield
    except CourseError as err:
        annotate_for_ci(err)
        raise click.ClickException(f"{worded(err)}{after}") from None
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise click.ClickException(
            f"could not write or read a file{where}: {err.strerror or err}{after}. Fix: free disk space or make "
            "the folder writable, then run the command again"
        ) from None


@main.command()
@click.argument("course_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("lessons"))
@_config_option
def summary(course_dir: Path, config_file: Path) -> None:
    """The course as Markdown for a pull request's job summary: each lesson with its words
    and reading time, the drafts, the warnings, and every problem with its file and line
    (the pages' too, from a build into a temporary folder). Exits non-zero when the course
    has problems."""
    import io
    import tempfile

    from coursekit.core.summary import course_summary
    from coursekit.plugin.course_build import PageProblems
    from coursekit.plugin.mkdocs_hooks import course_plugin

    # The summary alone on stdout: not the build's `::error` lines (the verify step gives those).
    with (
        tempfile.TemporaryDirectory(prefix="coursekit-summary-") as folder,
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.suppress(click.ClickException),
    ):
        _strict_build(config_file, Path(folder) / "site", None, False, failed="the build failed")
    failure = course_plugin.failure
    said, broken = course_summary(course_dir, failure.error.problems if isinstance(failure, PageProblems) else [])
    click.echo(said, nl=False)
    if broken:
        raise SystemExit(1)


@main.command()
@click.argument("course_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("lessons"))
@click.option("--drafts", is_flag=True, help="Check lessons marked 'draft: true' too (their gaps as warnings).")
@_config_option
def check(course_dir: Path, drafts: bool, config_file: Path) -> None:
    """Everything a publishing build would refuse, at once, without touching site/: the
    course in COURSE_DIR, then a strict build into a temporary folder (MkDocs' checks of
    every page's links, images and anchors; images without alt text)."""
    import logging
    import tempfile

    from coursekit.core.loader import load_course
    from coursekit.plugin.options import course_dir as built_course_dir

    with _author_errors("MkDocs' checks of the pages' links, images and anchors run once these are fixed"):
        course = load_course(course_dir, drafts=drafts)
    from mkdocs.config import load_config

    built = built_course_dir(load_config(config_file=str(config_file)))
    if built.resolve() != course_dir.resolve():
        for warning in course.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"{len(course.lessons)} lessons, all valid ({config_file} builds {os.path.relpath(built)}: no build checked)")
        return
    logging.getLogger("coursekit.report").setLevel(logging.WARNING)  # how big the offline copy is: a build's news
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as folder:
        # The build prints the course's warnings as it goes.
        _strict_build(config_file, Path(folder) / "site", None, drafts, failed="the course has the problems above")
    for lesson in course.lessons:
        draft = "  [draft]" if lesson.draft else ""
        click.echo(f"{lesson.number:2d}. {lesson.title}  ({lesson.words} words, {lesson.minutes} min){draft}")
    click.echo(f"{len(course.lessons)} lessons, all valid; every page's links, images and anchors lead somewhere.")


@main.command()
@click.argument("old")
@click.argument("new")
@_lessons_option
@click.option("--docs", "docs_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs"), show_default=True)
def rename(old: str, new: str, course_dir: Path, docs_dir: Path) -> None:
    """Rename lesson OLD to NEW: the file, the lessons list, every link and assessment entry,
    and its former_names, so learners keep their progress and the old address sends readers on."""
    from coursekit.authoring.rename import lesson_name, rename_lesson
    from coursekit.core.loader import load_course

    with _author_errors("nothing was changed"):
        changed = rename_lesson(course_dir, docs_dir, old, new)
    old, new = lesson_name(old), lesson_name(new)
    for path in changed:
        click.echo(f"wrote {os.path.relpath(path)}")
    click.echo(
        f"Renamed {old} to {new}. Learners keep their progress and answers for it, and lessons/{old}/ "
        f"sends readers (and emails already sent) to lessons/{new}/."
    )
    with _author_errors("the rename is done; fix these, then build"):
        load_course(course_dir, drafts=True)


@main.command()
@_config_option
@_lessons_option
@click.pass_context
def verify(ctx: click.Context, config_file: Path, course_dir: Path) -> None:
    """What a pull request checks: every course problem at once, a strict build into
    site/, then the built site in Chromium (links, anchors, images and their alt text,
    requests to other servers, phone layout, axe). Under GitHub
    Actions each problem is also an annotation on its file."""
    from coursekit.core.loader import load_course
    from coursekit.review.site_review import review_site

    with _author_errors():
        course = load_course(course_dir)
    click.echo(f"course: {len(course.lessons)} lessons, all valid")
    ctx.invoke(build, config_file=config_file, site_dir=Path("site"), site_url=None, drafts=False)
    problems = review_site(Path("site"), course)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(problem.annotation())
    if problems:
        listed = "\n".join(str(problem) for problem in problems)
        raise click.ClickException(f"{len(problems)} problems in the built site; fix them all, then run it again:\n{listed}")
    click.echo("site: every page, link, anchor, image and layout checked; no problems")


@main.group(invoke_without_command=True)
@_lessons_option
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist/emails"),
    show_default=True,
    help="Where the sequence goes; replaced only when complete.",
)
@_site_url_option
@click.pass_context
def emails(ctx: click.Context, course_dir: Path, out: Path, site_url: str | None) -> None:
    """Write the email course into OUT: per email .html, .txt and .eml; for the
    sequence sequence.json and .csv, an .mbox, a gallery (index.html) and Kit and
    listmonk request bodies. (The site build also puts them in site/emails/.)
    `coursekit emails push kit|listmonk` loads them into the service instead.

    Day 0 of the Date headers is SOURCE_DATE_EPOCH (default: the last commit's time).
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = (course_dir, site_url)
        return
    sequence = _sequence(course_dir, site_url)
    project = course_dir.resolve().parent
    with _author_errors(f"{os.path.relpath(out)} was left as it was"):
        target = output_folder.check_target(out, "--out", project, [course_dir, project / "docs", project / ".git"])
        output_folder.write_folder(target, sequence.files)
    click.echo(f"Wrote {len(sequence.drafts)} emails ({len(sequence.files)} files) into {out}/")


@emails.command()
@click.argument("service", type=click.Choice(["kit", "listmonk"]))
@click.option("--sequence", "sequence_id", type=click.IntRange(min=1), metavar="ID", help="Kit: the sequence's id.")
@click.option("--publish", is_flag=True, help="Kit: publish the emails (they are created as drafts).")
@click.option("--dry-run", is_flag=True, help="Say each request a first run would make; send and read nothing.")
@click.pass_obj
def push(obj: tuple[Path, str | None], service: str, sequence_id: int | None, publish: bool, dry_run: bool) -> None:
    """Create or update the email course in Kit (the sequence's emails) or listmonk (our
    campaign template and the campaigns, scheduled when email.listmonk.start is set).
    A second run updates what the first made; it never duplicates.

    \b
    Kit:      COURSEKIT_KIT_API_KEY (a v4 API key), --sequence ID
    listmonk: COURSEKIT_LISTMONK_URL, COURSEKIT_LISTMONK_USER, COURSEKIT_LISTMONK_TOKEN (an API user)
    """
    from coursekit.outputs.emails.push import KIT_API, Api, PushError, push_kit, push_listmonk

    course_dir, site_url = obj
    sequence = _sequence(course_dir, site_url)
    course = sequence.drafts[0].course
    env = os.environ
    try:
        if service == "kit":
            if sequence_id is None:
                raise click.UsageError("Kit needs --sequence ID: create the sequence in Kit, then pass the number in its address")
            key = env.get("COURSEKIT_KIT_API_KEY", "")
            if not key and not dry_run:
                raise click.UsageError("set COURSEKIT_KIT_API_KEY to a Kit v4 API key (Settings > Developer)")
            api = Api(env.get("COURSEKIT_KIT_API_URL", KIT_API).rstrip("/"), {"X-Kit-Api-Key": key}, dry_run, click.echo)
            done = push_kit(sequence.files, api, sequence_id, publish)
        else:
            url, user, token = (env.get(f"COURSEKIT_LISTMONK_{name}", "") for name in ("URL", "USER", "TOKEN"))
            if not url or (not dry_run and not (user and token)):
                raise click.UsageError(
                    "set COURSEKIT_LISTMONK_URL (e.g. https://lists.example.org) and, for a real run, "
                    "COURSEKIT_LISTMONK_USER and COURSEKIT_LISTMONK_TOKEN (an API user: Admin > Users)"
                )
            api = Api(url.rstrip("/"), {"Authorization": f"token {user}:{token}"}, dry_run, click.echo)
            done = push_listmonk(course, sequence.files, api)
    except PushError as err:
        raise click.ClickException(
            f"{service}: {err}. Nothing after that request was sent; run the command again once fixed"
        ) from None
    for line in done:
        click.echo(("(dry run) " if dry_run else "") + line)


@main.command()
@click.option("--smtp", "server", required=True, metavar="HOST:PORT", help="The SMTP server to deliver through.")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="Who gets the test copies.")
@click.option("--only", type=click.IntRange(min=1), metavar="N", help="Send only email N.")
@_lessons_option
@_site_url_option
def send(server: str, to: str, only: int | None, course_dir: Path, site_url: str | None) -> None:
    """Deliver test copies of the emails to ADDRESS through an SMTP server.

    Credentials and TLS come from the environment, never the command line:
    COURSEKIT_SMTP_USER and COURSEKIT_SMTP_PASSWORD (both or neither), sent only over
    TLS (except to a server on this machine); COURSEKIT_SMTP_STARTTLS=1 to require
    STARTTLS (taken anyway when a server offers it); COURSEKIT_SMTP_TLS=implicit for TLS
    from the first byte (port 465 always); COURSEKIT_SMTP_CAFILE for a private CA.
    A sender on a reserved example domain is refused, except to a server on this machine.
    """
    host, _, port_text = server.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")  # [::1]:1025
    if not host or not (port_text.isascii() and port_text.isdigit()) or not 1 <= int(port_text) <= 65535:
        raise click.BadParameter(
            f"'{shown(server)}' is not HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:1025", param_hint="--smtp"
        )
    port = int(port_text)
    if problem := address_problem(to):
        raise click.BadParameter(f"'{shown(to)}' {problem}. Give one plain address, e.g. me@example.org", param_hint="--to")
    sequence = _sequence(course_dir, site_url)
    messages = sequence.messages
    from coursekit.core.placeholders import example_senders
    from coursekit.core.sources import display_path, read_yaml_file
    from coursekit.outputs.emails.draft import unsubscribe_url
    from coursekit.outputs.emails.send import SendError, is_loopback, send_copies

    course = sequence.drafts[0].course
    if not is_loopback(host):
        with _author_errors():
            course_file = course_dir / "course.yml"
            if problems := example_senders(course.meta, read_yaml_file(course_file), display_path(course_file)):
                raise CourseErrors(problems)
    if unsubscribe_url(course) is None and to.lower() not in {a.lower() for a in course.meta.email.test_recipients}:
        raise click.BadParameter(
            f"{to} is not one of email.test_recipients in {course_dir}/course.yml, and the emails have no unsubscribe "
            "link. Add the address to test_recipients (for test copies to yourself), or set email.unsubscribe_url",
            param_hint="--to",
        )

    if only is not None:
        if only > len(messages):
            raise click.BadParameter(f"the course has {len(messages)} emails", param_hint="--only")
        messages = [messages[only - 1]]
    try:
        sent = send_copies(messages, host, port, to, unsubscribe=course.meta.email.list_unsubscribe)
    except SendError as err:
        raise click.ClickException(str(err)) from None
    for subject in sent:
        click.echo(f"sent: {subject}")
    click.echo(f"Delivered {len(sent)} test emails to {to} through {host}:{port}")


def _sequence(course_dir: Path, site_url: str | None) -> EmailSequence:
    """The email sequence of the course in `course_dir`, or a clean exit with the problem."""
    from coursekit.core.loader import load_course
    from coursekit.outputs.emails.sequence import build_sequence

    with _author_errors():
        url = settings.site_url_override(site_url, "--site-url")
        epoch = settings.source_date_epoch(course_dir.parent)
        course = load_course(course_dir, site_url=url)
        sequence = build_sequence(course, epoch)
    for warning in sequence.warnings:
        click.echo(f"warning: {warning}", err=True)
    return sequence


if __name__ == "__main__":
    main()
