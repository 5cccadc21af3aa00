"""Compiled templates are kept between builds (issue 15), and never outlive an edit."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2

from coursekit.templating import keep_compiled
from tests.helpers import ROOT, make_project, run_build


def render_fresh(folder: Path, cache: jinja2.BytecodeCache) -> str:
    """A new environment, as MkDocs makes one every build, sharing the cache."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False)
    env.bytecode_cache = cache
    return env.get_template("page.html").render(name="Ada")


def test_an_edited_template_is_compiled_again(tmp_path: Path):
    templates = tmp_path / "theme"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    cache = keep_compiled(tmp_path / "cache")
    assert render_fresh(templates, cache) == "Hello Ada"
    kept = list((tmp_path / "cache").rglob("*.cache"))
    assert len(kept) == 1
    (templates / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert render_fresh(templates, keep_compiled(tmp_path / "cache")) == "Goodbye Ada"


def test_the_cache_folder_names_the_jinja_and_python_that_compiled_it(tmp_path: Path):
    """Compiled code is Python bytecode calling Jinja's runtime: another version must not load it."""
    cache = keep_compiled(tmp_path)
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert Path(cache.directory).name == f"jinja-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"


def test_a_build_keeps_the_theme_and_course_templates_it_compiled(tmp_path: Path):
    project = make_project(tmp_path / "copy", ROOT / "tests" / "fixtures" / "mini-course" / "lessons")
    assert run_build(project).returncode == 0
    kept = list((project / ".cache" / "coursekit" / "templates").rglob("*.cache"))
    # Material's main.html and its partials, and the course's own page and email templates.
    assert len(kept) > 20
