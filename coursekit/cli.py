"""The `coursekit` command: build the whole course (site, downloads, emails).

`coursekit build` runs a strict MkDocs build into a temporary folder and swaps it
in only when the build succeeded, so a failed build never replaces a good site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from coursekit.errors import CourseError
from coursekit.loader import load_course


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the course from the lessons in lessons/."""


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
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    env.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch(config_file.parent))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(config_file), "--site-dir", str(staging)],
            env=env,
        )
        if result.returncode != 0:
            raise click.ClickException(f"the build failed; {site_dir} was left as it was")
        _swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"Built the course into {os.path.relpath(site_dir)}/")


@main.command()
@click.argument("course_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("lessons"))
def check(course_dir: Path) -> None:
    """Validate the course in COURSE_DIR without building anything."""
    try:
        course = load_course(course_dir)
    except CourseError as err:
        raise click.ClickException(str(err)) from None
    for lesson in course.lessons:
        click.echo(f"{lesson.number:2d}. {lesson.title}  ({lesson.words} words, {lesson.minutes} min)")
    click.echo(f"{len(course.lessons)} lessons, all valid.")


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` with `staging` by renames, keeping the old one until the new is in place."""
    retired = target.with_name(f".{target.name}-previous")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


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
