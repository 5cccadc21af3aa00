"""The Jinja2 environments for the package's templates, one per template folder, and
the filter that puts plain text into Markdown."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from coursekit.core import routes

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
    return env
