"""Where a project keeps its course: `lessons/` beside mkdocs.yml, unless
`extra.course_dir` in mkdocs.yml names another folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def course_folder(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("course_dir", "lessons")
