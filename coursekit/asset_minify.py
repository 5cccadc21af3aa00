"""Minify the course's own script and stylesheet in the built site.

The sources in coursekit/theme/assets/ stay readable; learners on slow networks get the
smaller files (rjsmin and rcssmin, both pure Python and deterministic).
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_assets(site_dir: Path, paths: list[str]) -> None:
    """Minify each of `paths` (relative to the site) in place."""
    for path in paths:
        target = site_dir / path
        minify = MINIFIERS.get(target.suffix)
        if minify is not None and target.is_file():
            target.write_text(minify(target.read_text(encoding="utf-8")), encoding="utf-8")
