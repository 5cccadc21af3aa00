"""The kit uses MkDocs only through its documented events and public attributes, and
nothing it reads from the project folder runs as code (issue 24):

- no `obj._private` of another object (MkDocs' or anyone's); a class's own are its business;
- no method of a MkDocs object is assigned over (the kit once replaced `Page.render`);
- no pickle, marshal, shelve or Jinja bytecode cache: nothing is unpickled or unmarshalled;
- every other plugin or hook sees each page's Markdown and HTML in full, at every event.

MkDocs' contract: https://www.mkdocs.org/dev-guide/plugins/#events and the public
attributes of mkdocs.structure (Page, File, Files, Navigation) and MkDocsConfig.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpers import ROOT, edit, run_build

SOURCES = sorted((ROOT / "coursekit").rglob("*.py")) + sorted((ROOT / "hooks").glob("*.py"))
MKDOCS_CLASSES = (Page, File, Files, Navigation, Section, MkDocsConfig)
CODE_LOADERS = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
# Public despite the underscore: os._exit, and namedtuple's documented methods.
DOCUMENTED_UNDERSCORED = {"_exit", "_replace", "_asdict", "_fields", "_make"}


def methods_of_mkdocs_objects() -> set[str]:
    return {
        name
        for cls in MKDOCS_CLASSES
        for name, member in inspect.getmembers(cls)
        if callable(member) and not name.startswith("__")
    }


def test_no_private_attribute_of_another_object_is_touched():
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr not in DOCUMENTED_UNDERSCORED
                and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    assert found == []


def test_no_method_of_a_mkdocs_object_is_replaced():
    methods = methods_of_mkdocs_objects()
    assert {"render", "read_source", "copy_file", "is_modified"} <= methods  # the check knows what it looks for
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in methods:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{target.attr} = …")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: setattr(…)")
    assert found == []


def test_nothing_is_loaded_as_code():
    found = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: import {name}" for name in names if name in CODE_LOADERS]
        if "bytecode_cache" in text or "BytecodeCache" in text:
            found.append(f"{path.relative_to(ROOT)}: a Jinja bytecode cache")
    assert found == []


# A hook of another author's, after the kit's: it records what it sees of every page.
WATCHER = """
import json
from pathlib import Path
seen = {}
def on_page_markdown(markdown, page, **kwargs):
    seen.setdefault(page.file.src_uri, {})["markdown"] = len(markdown)
def on_page_content(html, page, **kwargs):
    seen[page.file.src_uri]["content"] = len(html)
def on_page_context(context, page, **kwargs):
    seen[page.file.src_uri]["context"] = len(page.content or "")
def on_post_page(output, page, **kwargs):
    seen[page.file.src_uri]["post_page"] = len(page.content or "")
def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""


def test_other_hooks_see_every_page_in_full(mini_project: Path):
    (mini_project / "watcher.py").write_text(WATCHER, encoding="utf-8")
    edit(mini_project / "mkdocs.yml", "hooks:\n", "hooks:\n  - watcher.py\n")  # listed first, it runs after nothing of ours
    result = run_build(mini_project)
    assert result.returncode == 0, result.stderr
    seen = json.loads((mini_project / "seen.json").read_text(encoding="utf-8"))
    assert "lessons/first-steps.md" in seen and "index.md" in seen
    for page, sizes in seen.items():
        assert set(sizes) == {"markdown", "content", "context", "post_page"}, page
        assert all(size > 0 for size in sizes.values()), (page, sizes)
    # And listed after the kit's hooks, as a course's own hooks would be.
    text = (mini_project / "mkdocs.yml").read_text(encoding="utf-8").replace("  - watcher.py\n", "")
    hooks_line = next(line for line in text.splitlines() if line.strip().endswith("hooks/course.py"))
    (mini_project / "mkdocs.yml").write_text(text.replace(hooks_line, hooks_line + "\n  - watcher.py"), encoding="utf-8")
    (mini_project / "seen.json").unlink()
    assert run_build(mini_project).returncode == 0
    seen = json.loads((mini_project / "seen.json").read_text(encoding="utf-8"))
    for page, sizes in seen.items():
        assert all(size > 0 for size in sizes.values()), (page, sizes)


def test_the_sources_checked_are_the_kits():
    names = {path.relative_to(ROOT).as_posix() for path in SOURCES}
    assert {"coursekit/plugin/course_build.py", "coursekit/plugin/mkdocs_hooks.py", "hooks/course.py"} <= names
    assert not any(Path(name).stem in {"page_cache", "lesson_cache", "kept_entries", "packed"} for name in names)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports (at any depth, TYPE_CHECKING blocks included), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
    return found


def test_the_core_and_the_outputs_need_no_web_engine():
    """coursekit/core (the course and its rules) and coursekit/outputs (downloads, emails,
    pictures, the offline copy) import nothing from MkDocs or Material, and nothing from
    the adapter; the core imports nothing from the outputs either."""
    engine = ("mkdocs", "material", "pymdownx", "coursekit.plugin", "coursekit.review")
    found = []
    for layer, forbidden in (("core", (*engine, "coursekit.outputs")), ("outputs", engine)):
        for path in sorted((ROOT / "coursekit" / layer).rglob("*.py")):
            found += [
                f"{path.relative_to(ROOT)}:{line}: import {name}" for line, name in imports_of(path) if name.startswith(forbidden)
            ]
    assert found == []
    assert len(list((ROOT / "coursekit" / "core").glob("*.py"))) > 10  # the check looks where the code is


def test_the_adapter_is_a_plugin_whose_settings_are_a_mkdocs_config():
    """The MkDocs adapter is a plugin class (its state on the instance, its options a
    MkDocs config); hooks/course.py, what mkdocs.yml names, only binds its events."""
    from mkdocs.config import base
    from mkdocs.plugins import BasePlugin

    from coursekit.plugin import mkdocs_hooks
    from coursekit.plugin.options import CourseOptions

    plugin = mkdocs_hooks.course_plugin
    assert isinstance(plugin, BasePlugin) and isinstance(plugin.config, CourseOptions)
    assert issubclass(CourseOptions, base.Config)
    for event in mkdocs_hooks.__all__:
        if event.startswith("on_"):
            assert getattr(mkdocs_hooks, event).__self__ is plugin, event
    body = ast.parse((ROOT / "hooks" / "course.py").read_text(encoding="utf-8")).body
    statements = [node for node in body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    assert [ast.unparse(node) for node in statements] == ["from coursekit.plugin.mkdocs_hooks import *"]
    # No module of the kit keeps build state: the process-wide holders are the plugin's.
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: global {', '.join(node.names)}")
    # The only one: what the artefact worker process is to write, set as it starts.
    assert [entry.split(": ", 1)[1] for entry in found] == ["global _ready, _task"], found
