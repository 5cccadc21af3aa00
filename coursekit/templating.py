"""The Jinja2 environments for the package's templates, one per template folder."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment(folder: str, *, autoescape: bool) -> jinja2.Environment:
    """Templates in coursekit/templates/<folder>; undefined names are errors, not blanks."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("coursekit", f"templates/{folder}"),
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
