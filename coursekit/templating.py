"""The Jinja2 environments for the package's templates, one per template folder,
the filter that puts plain text into Markdown, and the cache of compiled templates
that these and the theme's environment share."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from coursekit import routes

# Characters that Markdown or its extensions (attr_list, tables, smartsymbols, toc)
# would read as syntax, and those HTML would: each becomes a numeric character
# reference, which every Markdown processor passes through and every browser shows as typed.
MARKDOWN_SYNTAX = frozenset("&<>\"'\\`*_{}[]()#+-.!|~^=:")


def markdown_text(text: object) -> Markup:
    """Plain text for a Markdown template: shows exactly as typed, never as markup."""
    return Markup("".join(f"&#{ord(c)};" if c in MARKDOWN_SYNTAX else c for c in str(text)))


@cache
def environment(folder: str, *, autoescape: bool) -> jinja2.Environment:
    """Templates in coursekit/templates/<folder>; undefined names are errors, not blanks."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coursekit", f"templates/{folder}"),
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_text"] = markdown_text
    env.globals["routes"] = routes
    env.bytecode_cache = _compiled
    _environments.append(env)
    return env


# Compiling templates costs more than rendering a small course (MkDocs makes a new theme
# environment every build). Jinja keys each entry by the template's source, so an edited
# template is compiled again; the folder names Jinja and Python, whose code it holds.
_compiled: jinja2.BytecodeCache | None = None
_environments: list[jinja2.Environment] = []


def keep_compiled(cache_dir: Path) -> jinja2.BytecodeCache:
    """Keep compiled templates in `cache_dir` for this package's environments; returned
    for the theme's."""
    global _compiled
    folder = cache_dir / f"jinja-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"
    if not isinstance(_compiled, jinja2.FileSystemBytecodeCache) or _compiled.directory != str(folder):
        folder.mkdir(parents=True, exist_ok=True)
        _compiled = jinja2.FileSystemBytecodeCache(str(folder))
    for env in _environments:
        env.bytecode_cache = _compiled
    return _compiled
