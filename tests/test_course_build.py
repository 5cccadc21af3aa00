"""One CourseBuild per MkDocs build: the hook module (which MkDocs loads once per
process and keeps across `mkdocs serve` rebuilds) holds no state once a build ends,
and each build starts from its own settings and course."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from coursekit.plugin import mkdocs_hooks
from coursekit.plugin.course_plugin import course_plugin
from coursekit.plugin.options import course_dir
from helpers import edit


def hook_module(config) -> object:
    [hook] = [plugin for name, plugin in config.plugins.items() if name.endswith("course.py")]
    return hook


def build_in_process(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    mkdocs_build(config)
    return config


def test_no_build_state_survives_a_build(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    first = build_in_process(mini_project, tmp_path / "one", monkeypatch)
    hook = hook_module(first)
    assert mkdocs_hooks.course_plugin.build is None  # the plugin keeps the build (hooks/course.py binds its methods)
    edit(mini_project / "lessons/third-steps.md", "title: Third steps", "title: Renamed steps")
    (mini_project / "lessons/third-steps.md").rename(mini_project / "lessons/last-steps.md")
    edit(mini_project / "lessons/second-steps.md", "(third-steps.md)", "(last-steps.md)")
    edit(mini_project / "lessons/course.yml", "  - third-steps", "  - last-steps")
    for _ in range(2):
        edit(mini_project / "lessons/assessment.yml", "lesson: third-steps", "lesson: last-steps")
    second = build_in_process(mini_project, tmp_path / "two", monkeypatch)
    assert hook_module(second) is hook  # MkDocs keeps the module: so it must forget each build
    assert mkdocs_hooks.course_plugin.build is None
    printed = (tmp_path / "two/lessons/print/index.html").read_text()
    assert "Renamed steps" in printed and "third-steps" not in printed
    assert not (tmp_path / "two/lessons/third-steps").exists()


def test_a_failed_build_leaves_nothing_behind(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    edit(mini_project / "lessons/second-steps.md", "## Reflect", "## Reflections")
    monkeypatch.chdir(mini_project)
    config = load_config(config_file=str(mini_project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    with pytest.raises((PluginError, Abort)):
        mkdocs_build(config)
    assert mkdocs_hooks.course_plugin.build is None


def test_settings_come_from_mkdocs_yml_the_option_and_the_environment(mini_project: Path, monkeypatch: pytest.MonkeyPatch):
    """The plugin's options are a MkDocs config (CourseOptions): a command sets them, the
    environment fills what they leave, mkdocs.yml names the course folder."""
    config = load_config(config_file=str(mini_project / "mkdocs.yml"))
    plugin = course_plugin(config)
    assert plugin is mkdocs_hooks.course_plugin
    monkeypatch.setenv("SITE_URL", "https://env.example/course")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    from_env = plugin.settings(config)
    assert (from_env.site_url, from_env.epoch, from_env.drafts) == ("https://env.example/course/", 1700000000, False)
    assert from_env.course_dir == mini_project / "lessons"
    plugin.set_options(site_url="https://option.example/c/", drafts=True)
    try:
        from_option = plugin.settings(config)
        assert from_option.site_url == "https://option.example/c/" and from_option.drafts  # the command line wins
        with pytest.raises(PluginError, match="drafts"):
            plugin.set_options(drafts="yes")  # type: ignore[arg-type]
    finally:
        plugin.on_shutdown()
    assert plugin.config.site_url is None and plugin.config.drafts is False  # forgotten after the run
    config.extra["course_dir"] = "course"
    assert plugin.settings(config).course_dir == mini_project / "course"


@pytest.mark.parametrize("value", [["lessons"], "", 5])
def test_a_bad_course_dir_names_the_setting(mini_project: Path, value: object):
    config = load_config(config_file=str(mini_project / "mkdocs.yml"))
    config.extra["course_dir"] = value
    with pytest.raises(Exception, match=r"field 'extra.course_dir': extra.course_dir must be a folder name"):
        course_dir(config)


def test_the_print_page_is_written_whole_or_not_at_all(tmp_path: Path):
    """Its lessons go in piece by piece (issue 15: a thousand lessons need not be one
    string); a failure part way leaves the page as it was and no partial file."""
    from coursekit.plugin.site_pages import PRINT_LESSONS_MARKER, print_page, write_page

    page = tmp_path / "index.html"
    write_page(page, print_page(f"<main>{PRINT_LESSONS_MARKER}</main>", iter(["<p>one – 1</p>", "<p>two</p>"])))
    assert page.read_text(encoding="utf-8") == "<main><p>one – 1</p><p>two</p></main>"

    def failing():
        yield "<p>half</p>"
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_page(page, print_page(f"<main>{PRINT_LESSONS_MARKER}</main>", failing()))
    assert page.read_text(encoding="utf-8") == "<main><p>one – 1</p><p>two</p></main>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    with pytest.raises(ValueError, match="coursekit:lessons"):
        print_page("<main>no marker</main>", iter([]))


def test_the_artefact_process_starts_early_but_writes_only_when_released(tmp_path: Path):
    """The worker starts with the build (issue 15: its imports and first file overlap
    MkDocs' start), but MkDocs empties the site folder after that, so it writes nothing
    until the build releases it."""
    from coursekit.core.loader import load_course
    from coursekit.outputs.artefacts import start_artefacts
    from helpers import FIXTURES

    course = load_course(FIXTURES / "mini-course" / "lessons")
    folder = tmp_path / "site"
    folder.mkdir()
    job = start_artefacts(course, 1764000000, folder, held=True)
    time.sleep(2)  # long enough for the worker to make its first files
    assert not list(folder.iterdir())
    assert not job.future.done()
    job.release()
    assert job.wait() is not None
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(
        [*job.files, *(p.relative_to(folder).as_posix() for p in (folder / "assets").rglob("*.png"))]
    )

    stopped = start_artefacts(course, 1764000000, tmp_path / "never", held=True)
    stopped.stop()  # a build that fails before it releases the worker: nothing is written, nothing hangs
    assert not (tmp_path / "never").exists()


def test_the_kits_scripts_come_with_a_theme_folder_of_the_courses_own(mini_project: Path):
    """A course whose mkdocs.yml names a theme folder of its own, without the kit's assets:
    the kit's scripts and styles are still published, from the kit's theme."""
    from helpers import ROOT, published, run_build

    (mini_project / "my-theme").mkdir()
    edit(mini_project / "mkdocs.yml", f"custom_dir: {ROOT / 'coursekit' / 'theme'}", "custom_dir: my-theme")
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    assert published(mini_project / "site", "assets/course.js").startswith("assets/course.")
